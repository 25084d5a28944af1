"""Annotations from the command line: tag a span, list annotations."""

from __future__ import annotations

import typer

from newsmark.commands.base import app, settings
from newsmark.commands.output import echo, print_json
from newsmark.commands.output import note as note_line
from newsmark.errors import NewsmarkError
from newsmark.model import LABELS
from newsmark.quotes import excerpt, locate, parse_span
from newsmark.store.database import normal_label


@app.command()
def tag(
    ctx: typer.Context,
    article: str = typer.Argument(..., help="Article id, unique id prefix, or the path it was imported from."),
    label: str = typer.Argument(..., help=f"One of: {', '.join(LABELS)}."),
    quote: str = typer.Option(None, "--quote", "-q", help="Exact text to tag; found in the article."),
    nth: int = typer.Option(None, "--nth", help="Which occurrence of --quote (1-based) when it repeats."),
    span: str = typer.Option(None, "--span", help="START:END code-point offsets (end exclusive) instead of --quote."),
    note: str = typer.Option("", "--note", "-n", help="A note kept with the annotation."),
    attributed_to: str = typer.Option("", "--attributed-to", "-a", help="Who said it (for attributions)."),
    as_json: bool = typer.Option(False, "--json", help="Print the new annotation as JSON instead of its id."),
) -> None:
    """Add an annotation from a script; prints its id."""
    label = normal_label(label)
    if (quote is None) == (span is None):
        raise NewsmarkError("give exactly one of --quote TEXT or --span START:END")
    if nth is not None and quote is None:
        raise NewsmarkError("--nth picks among repeats of --quote; use it with --quote")
    store = settings(ctx).open_store()
    found = store.resolve_article(article)
    start, end = locate(found.text, quote, nth, found.id) if quote is not None else parse_span(span)
    annotator = settings(ctx).annotator
    # The same mark again (a script run twice): the one there is, not a second copy.
    ann, added = store.add_annotation_once(found.id, label, start, end, note=note, attributed_to=attributed_to,
                                           annotator=annotator)
    if not added:
        note_line(f"already marked: {ann.id[:8]} is this {label} by {ann.annotator}; nothing added")
    if as_json:
        print_json(ann.to_json())
    else:
        echo(ann.id)


# How a mark was placed after its article's text last changed, where a person should look.
_ANCHOR_WORDS = {
    "fuzzy": "  (re-anchored on similar words: check it)",
    "orphaned": "  (orphaned: its words are gone from the corrected text)",
}


@app.command()
def annotations(
    ctx: typer.Context,
    article: str = typer.Argument(None, help="Only this article (id, id prefix or imported path)."),
    label: str = typer.Option(None, "--label", "-l", help=f"Only this label: {', '.join(LABELS)}."),
    as_json: bool = typer.Option(False, "--json", help="Print the annotations as JSON."),
) -> None:
    """List annotations, in article order."""
    if label:
        label = normal_label(label)
    store = settings(ctx).open_store()
    article_id = store.resolve_article(article).id if article else None
    rows = store.annotations(article_id=article_id, label=label)
    if as_json:
        print_json([a.to_json() for a in rows])
        return
    any_rows = False
    for a in rows:
        any_rows = True
        extra = f"  — {excerpt(a.attributed_to, 24)}" if a.attributed_to else ""
        extra += f"  [{excerpt(a.note, 30)}]" if a.note else ""
        extra += f"  verdict: {a.verdict['rating']}" if a.verdict else ""
        extra += _ANCHOR_WORDS.get(a.anchor, "")
        echo(f"{a.id[:8]}  {a.article_id:<8}  {a.label:<11} {a.start:>6}:{a.end:<6}  {excerpt(a.quote, 50)}{extra}")
    if not any_rows:
        echo("No annotations yet. Tag one with `newsmark tag ARTICLE claim --quote \"…\"`."
             + settings(ctx).new_database_hint(), err=True)
