"""`newsmark entities`: the people, organisations and places in an article."""

from __future__ import annotations

from pathlib import Path

import typer

from newsmark.commands.base import app, settings
from newsmark.commands.output import echo, print_json
from newsmark.ingest import read_article


@app.command()
def entities(
    ctx: typer.Context,
    article: str = typer.Argument(..., help="A file (read, not imported) or an article id / id prefix / imported path."),
    recognizer: str = typer.Option("builtin", "--recognizer", help="builtin (default, offline) or spacy[:MODEL]."),
    as_json: bool = typer.Option(False, "--json", help="Print the entities as JSON."),
) -> None:
    """Print the recognised entities with their offsets."""
    from newsmark.entities import get_recognizer

    rec = get_recognizer(recognizer)
    path = Path(article).expanduser()
    if path.is_file():
        found = rec.recognize(read_article(path).text)
    else:
        from newsmark.entity_cache import entities_for

        store = settings(ctx).open_store()
        found = entities_for(store, store.resolve_article(article), rec)
    if as_json:
        print_json([e.to_json() for e in found])
        return
    for e in found:
        echo(f"{e.start:>7}:{e.end:<7} {e.label:<9} {e.text}")
