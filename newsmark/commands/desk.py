"""Desk work: agreement between annotators (`agree`), exchanging marks through git (`sync`),
verdicts on claims (`verdict`)."""

from __future__ import annotations

import typer

from newsmark.commands.base import app, settings
from newsmark.commands.output import echo, note, print_json
from newsmark.errors import NewsmarkError
from newsmark.model import LABELS
from newsmark.quotes import excerpt
from newsmark.store.database import normal_label


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@app.command()
def agree(
    ctx: typer.Context,
    article: str = typer.Option(None, "--article", help="Only this article (id, id prefix or imported path)."),
    label: str = typer.Option(None, "--label", "-l", help=f"Only this label: {', '.join(LABELS)}."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Agreement between every pair of annotators on the articles both marked: exact and
    overlap F1, Cohen's kappa on tokens, Krippendorff's unitizing alpha over everyone."""
    from newsmark.agree import Mark, agreement

    if label:
        label = normal_label(label)
    store = settings(ctx).open_store()
    article_id = store.resolve_article(article).id if article else None
    marks = [Mark(a.article_id, a.label, a.start, a.end, a.annotator)
             for a in store.annotations(article_id=article_id) if _compared(a)]
    texts = {aid: store.article(aid).text for aid in sorted({m.article_id for m in marks})}
    report = agreement(marks, texts, labels=(label,) if label else LABELS)
    if as_json:
        print_json(report)
        return
    if not report["pairs"]:
        who = sorted({m.annotator for m in marks})
        echo("No two annotators marked the same article" + (f" (annotators: {', '.join(who)})" if who else "")
                   + "; nothing to compare.", err=True)
        return
    echo(f"{'a':<12} {'b':<12} {'label':<11} {'art':>4} {'n_a':>5} {'n_b':>5} {'exact':>6} {'overlap':>7} {'kappa':>6}")
    for p in report["pairs"]:
        echo(f"{p['a'][:12]:<12} {p['b'][:12]:<12} {p['label']:<11} {p['articles']:>4} {p['n_a']:>5} {p['n_b']:>5}"
                   f" {_number(p['exact_f1']):>6} {_number(p['overlap_f1']):>7} {_number(p['kappa']):>6}")
    echo("alpha_u (all annotators, articles all of them marked): "
               + ", ".join(f"{k} {_number(v)}" for k, v in report["alpha"].items()))


def _compared(ann) -> bool:
    """Marks a curator made on the review screen are the outcome, not a reading to compare."""
    return not getattr(ann, "curated_from", None)


@app.command()
def sync(
    ctx: typer.Context,
    repo: str = typer.Argument(..., help="The desk's git repository: a clone (used in place), a bare repository "
                               "or a URL (newsmark keeps its own clone in the data folder)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Exchange marks with a desk through git: writes your marks to annotations/<you>.jsonl,
    pulls with rebase, imports everyone's marks (newer updated_at wins), pushes."""
    from platformdirs import user_data_path

    from newsmark.sync import sync as run_sync

    opts = settings(ctx)
    store = opts.open_store()
    report = run_sync(store, repo, opts.annotator, user_data_path("newsmark", appauthor=False))
    if as_json:
        print_json(report.to_json())
    else:
        pushed = "pushed" if report.pushed else "nothing new to push"
        echo(f"{report.own_file}: {report.written} mark(s); {report.added} added, {report.updated} updated, "
                   f"{report.unchanged} unchanged from the repository, {report.articles_created} article(s) created; "
                   f"{pushed}")
    for c in report.conflicts:
        side = "kept the repository's (newer)" if c["kept"] == "incoming" else "kept this database's (newer)"
        note(f"{c['file']} line {c['line']}: mark {c['id']} differs in {', '.join(c['fields'])}; {side}")
    for r in report.resolved:
        note(f"{r['file']}: two machines changed {len(r['ids'])} mark(s) ({', '.join(i[:8] for i in r['ids'])}); "
             "kept the newer of each, both versions stay in the git history")
    for s in report.skipped:
        note(f"{s['file']} line {s['line']}: skipped: {s['error']}")


@app.command()
def verdict(
    ctx: typer.Context,
    mark: str = typer.Argument(..., help="The claim or disputed mark: its id or a unique prefix (see `newsmark annotations`)."),
    rating: str = typer.Argument(None, help="A rating from the desk's scale (config.toml `rating_scale`; "
                                 "default: true, mostly true, half true, mostly false, false, unverifiable)."),
    evidence: list[str] = typer.Option(None, "--evidence", "-e", help="A URL of evidence; repeat for several. "
                                       "A re-rating keeps the earlier verdict's evidence unless given."),
    note: str = typer.Option(None, "--note", "-n", help="The reasoning, in a sentence or two. A re-rating keeps "
                             "the earlier note unless given (--note '' clears it)."),
    url: str = typer.Option(None, "--url", help="Where the published fact-check lives (ClaimReview `url`); "
                            "kept from the earlier verdict unless given."),
    clear: bool = typer.Option(False, "--clear", help="Remove the verdict from the mark instead."),
    as_json: bool = typer.Option(False, "--json", help="Print the mark with its verdict as JSON."),
) -> None:
    """Rate a claim or disputed mark: rating, reviewer (you), date, evidence links, a note."""
    from newsmark.config import load_config
    from newsmark.commands.output import note as note_line
    from newsmark.store.desk import clear_verdict, kept_from_earlier, resolve_annotation, set_verdict

    opts = settings(ctx)
    if clear and rating:
        raise NewsmarkError("give either a RATING or --clear, not both")
    if not clear and not rating:
        raise NewsmarkError("give a RATING (e.g. \"mostly true\"), or --clear to remove the verdict")
    scale = load_config().rating_scale
    store = opts.open_store()
    ann = resolve_annotation(store, mark)
    if clear:
        ann = clear_verdict(store, ann.id)
    else:
        found = scale.find(rating)
        if found is None:
            raise NewsmarkError(f"unknown rating {rating!r}; the desk's scale is: {', '.join(scale.names)}"
                                " (set rating_scale in config.toml to change it)")
        earlier = ann.verdict
        ann = set_verdict(store, ann.id, found.name, reviewer=opts.annotator, evidence=evidence or None, note=note,
                          url=url)
        kept = kept_from_earlier(ann.verdict, evidence=evidence or None, note=note, url=url)
        if kept and not as_json:
            note_line(f"kept {' and '.join(kept)} from the earlier verdict ({earlier['rating']})")
    if as_json:
        print_json(ann.to_json())
    elif clear:
        echo(f"{ann.id[:8]}: no verdict")
    else:
        echo(f"{ann.id[:8]} {excerpt(ann.quote, 50)!r}: {ann.verdict['rating']}")
