"""`newsmark search`: fuzzy search of past annotations."""

from __future__ import annotations

import sys

import typer

from newsmark.commands.base import app, settings
from newsmark.commands.output import print_json
from newsmark.errors import NewsmarkError, clip
from newsmark.model import LABELS
from newsmark.safe_text import shown
from newsmark.store.database import normal_label


def actor_predicate(store, actor: str | None):
    """`--actor NAME`: annotations about or by that actor (newsmark.actors registry)."""
    if not actor:
        return None
    from newsmark.actors import actor_filter

    return actor_filter(store, actor)


def emphasise(text: str, spans: list[tuple[int, int]], tty: bool) -> str:
    """The text with matches in bold on a terminal, «between guillemets» otherwise."""
    out, pos = [], 0
    for start, end in spans:
        out.append(shown(text[pos:start]))
        match = shown(text[start:end])  # the gate before the styling: only our own ESC goes out
        out.append(typer.style(match, bold=True, underline=True) if tty else f"«{match}»")
        pos = end
    out.append(shown(text[pos:]))
    return "".join(out)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _plain(text: str) -> str:
    return _flat(shown(text))


@app.command()
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Words to find; typos, word order, accents and case do not matter."),
    label: str = typer.Option(None, "--label", "-l", help=f"Only this label: {', '.join(LABELS)}."),
    article: str = typer.Option(None, "--article", help="Only this article (id, id prefix or imported path)."),
    annotator: str = typer.Option(None, "--annotator", help="Only annotations by this annotator."),
    actor: str = typer.Option(None, "--actor", help="Only annotations about or by this actor (see `newsmark entity actors`)."),
    limit: int = typer.Option(20, "--limit", "-n", help="How many results at most."),
    as_json: bool = typer.Option(False, "--json", help='Print [{"score", "annotation"}] as JSON.'),
) -> None:
    """Fuzzy search of annotations: quote, note, source (attributed to) and article title."""
    from newsmark.search import query_words, search as run_search

    if label:
        label = normal_label(label)
    if limit < 1:
        raise NewsmarkError(f"--limit must be at least 1 (got {limit})")
    query_words(query)  # refuse an empty query before opening anything
    store = settings(ctx).open_store()
    article_id = store.resolve_article(article).id if article else None
    hits = run_search(store, query, label=label, article_id=article_id, annotator=annotator,
                      predicate=actor_predicate(store, actor), limit=limit)
    if as_json:
        print_json([{"score": h.score, "annotation": h.annotation.to_json()} for h in hits])
        return
    if not hits:
        typer.echo(f"No annotation matches {clip(query)!r}.", err=True)
        return
    tty = sys.stdout.isatty()
    for h in hits:
        a = h.annotation
        title = (a.article or {}).get("title") or a.article_id
        typer.echo(f"{a.label:<11} {h.score:5.1f}  {_flat(emphasise(title, h.spans(title), tty))}"
                   f"  ({_plain(a.article_id)} {a.start}:{a.end}, {_plain(a.id[:8])})")
        quote = emphasise(a.quote, h.quote_spans, tty)
        prefix = ("…" if len(a.prefix) >= 32 else "") + a.prefix
        suffix = a.suffix + ("…" if len(a.suffix) >= 32 else "")
        typer.echo(f"    {_plain(prefix + '“')}{_flat(quote)}{_plain('”' + suffix)}")
        extra = []
        if a.attributed_to:
            extra.append(f"source: {_flat(emphasise(a.attributed_to, h.spans(a.attributed_to), tty))}")
        if a.note:
            extra.append(f"note: {_flat(emphasise(a.note, h.spans(a.note), tty))}")
        if extra:
            typer.echo("    " + "  ·  ".join(extra))
