"""`newsmark export`: annotations for fact-checking desks, spreadsheets and tools."""

from __future__ import annotations

import sys
from functools import lru_cache

import typer

from newsmark.commands.base import app, settings
from newsmark.commands.output import note
from newsmark.errors import NewsmarkError
from newsmark.export import (
    FORMATS, atomic_folder, atomic_output, write_brat, write_csv, write_jsonl, write_jsonl_rows, write_w3c,
)
from newsmark.model import LABELS
from newsmark.safe_text import shown
from newsmark.store.database import normal_label


SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "w3c": ".jsonld", "brat": "", "claimreview": ".jsonld"}


def default_output(cfg, format: str) -> str | None:
    """With export_folder set in config.toml: a new dated file there when the export would
    otherwise scroll past on a terminal (a pipe still gets stdout), and brat's folder."""
    import sys
    import time

    interactive = sys.stdout.isatty()
    if format != "brat" and not interactive:
        return None
    folder = cfg.config.export_folder
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)  # the user named it: making it is expected
    except OSError as exc:
        raise NewsmarkError(f"cannot use export_folder {folder}: {exc.strerror}; fix it in config.toml") from None
    name = f"newsmark-{time.strftime('%Y%m%d-%H%M%S')}-{format}{SUFFIX.get(format, '.json')}"
    return str(folder / name)


@app.command()
def export(
    ctx: typer.Context,
    format: str = typer.Option("jsonl", "--format", "-f", help=f"One of: {', '.join(FORMATS)}."),
    output: str = typer.Option(None, "--output", "-o", help="File to write (default: stdout); a folder for brat."),
    label: str = typer.Option(None, "--label", "-l", help=f"Only this label: {', '.join(LABELS)}."),
    article: str = typer.Option(None, "--article", help="Only this article (id, id prefix or imported path)."),
    annotator: str = typer.Option(None, "--annotator", help="Only annotations by this annotator."),
    actor: str = typer.Option(None, "--actor", help="Only annotations about or by this actor (see `newsmark entity actors`)."),
    with_text: bool = typer.Option(False, "--with-text", help="jsonl: carry each article's text (on its first line) "
                                   "so `newsmark import-annotations` can recreate it elsewhere."),
    force: bool = typer.Option(False, "--force", help="Replace the output file (or brat folder) if it exists."),
    curated: bool = typer.Option(False, "--curated", help="Only the curated set: marks accepted on the review screen "
                                 "(a curator's merged or edited marks included)."),
) -> None:
    """Export annotations: jsonl (loss-free), csv (spreadsheets), brat (folder of .txt/.ann), w3c (Web Annotation
    JSON-LD), claimreview (schema.org ClaimReview JSON-LD of rated claims)."""
    from newsmark.commands.search import actor_predicate

    if format not in FORMATS:
        raise NewsmarkError(f"unknown export format {format!r}; use one of: {', '.join(FORMATS)}")
    if label:
        label = normal_label(label)
    if with_text and format != "jsonl":
        raise NewsmarkError("--with-text is for --format jsonl (brat writes the texts anyway)")
    if not output:
        output = default_output(settings(ctx), format)
    if format == "brat" and (not output or output == "-"):
        raise NewsmarkError("brat export writes a folder of .txt and .ann files; give it with -o FOLDER "
                            "(or set export_folder in config.toml)")
    store = settings(ctx).open_store()
    article_id = store.resolve_article(article).id if article else None
    keep = actor_predicate(store, actor)
    rows = store.annotations(article_id=article_id, label=label, annotator=annotator)
    if keep is not None:
        rows = (a for a in rows if keep(a))
    if curated:
        rows = (a for a in rows if a.status == "accepted")

    @lru_cache(maxsize=4)
    def text_of(aid: str) -> str:
        return store.article(aid).text

    def carried_of(aid: str) -> dict:
        """What --with-text carries on an article's first line: the text, and the metadata
        a copy made from it would otherwise lose (the local path stays on this machine)."""
        art = store.article(aid)
        return {"published": art.published, "authors": art.authors, "language": art.language, "text": art.text}

    if format == "brat":
        with atomic_folder(output, force) as folder:
            n, n_articles = write_brat(rows, folder, text_of)
        note(f"Wrote {n} annotation(s) in {n_articles} article(s) to {output}")
        return
    with atomic_output(output, force) as out:
        if out is sys.stdout and sys.stdout.isatty():
            out = _Visible(out)  # csv carries text as it is; a terminal gets it made harmless
        if format == "jsonl" and keep is None and not curated:  # raw rows, no Annotation objects: a million lines stream fast
            n = write_jsonl_rows(store.annotation_rows(article_id=article_id, label=label, annotator=annotator), out,
                                 carried_of if with_text else None)
        elif format == "jsonl":
            n = write_jsonl(rows, out, carried_of if with_text else None)
        elif format == "claimreview":
            n = _write_claimreview(store, rows, out, curated)
        elif format == "csv":
            n = write_csv(rows, out, bom=bool(output and output != "-"))
        else:
            from newsmark.store.actors import registry

            actors = registry(store)
            n = write_w3c(rows, out, text_of, lru_cache(maxsize=1024)(actors.match) if len(actors) else None)
    if output and output != "-":
        note(f"Wrote {n} annotation(s) to {output}" + ("" if n else " — nothing matched; check the filters"
                                                         if (label or article or annotator or actor or curated)
                                                         else " — there are no annotations yet"))


def _write_claimreview(store, rows, out, curated: bool) -> int:
    from newsmark.claimreview import write_claimreview
    from newsmark.config import load_config
    from newsmark.store.actors import find_actor

    config = load_config()

    @lru_cache(maxsize=64)
    def article_of(aid: str):
        return store.article(aid)

    @lru_cache(maxsize=64)
    def attributions_of(aid: str):
        marks = store.annotations(article_id=aid, label="attribution")
        return [a for a in marks if not curated or a.status == "accepted"]

    def kind_of(name: str) -> str:
        found = find_actor(store, name)
        return "Organization" if found is not None and (found.label or "").upper() in ("ORG", "NORP") else "Person"

    return write_claimreview(rows, out, article_of=article_of, attributions_of=attributions_of, kind_of=kind_of,
                             desk=config.desk, scale=config.rating_scale)


class _Visible:
    """A text stream whose writes pass the outgoing gate (newsmark.safe_text.shown)."""

    def __init__(self, out) -> None:
        self._out = out

    def write(self, text: str) -> int:
        return self._out.write(shown(text.replace("\r\n", "\n")))

    def flush(self) -> None:
        self._out.flush()
