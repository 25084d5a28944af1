"""Articles from the web: `text` (the stored text of a file or article), import by URL,
`refresh`, and the provenance kept for each fetch."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from newsmark.commands.base import app, settings
from newsmark.ingest import read_article
from newsmark.safe_text import shown


@app.command()
def text(
    ctx: typer.Context,
    article: str = typer.Argument(..., help="A file (read, not imported: what import would store) or an article id / id prefix / imported path."),
) -> None:
    """Print an article's text exactly as newsmark stores it (offsets count from its start)."""
    path = Path(article).expanduser()
    if path.is_file():
        body = read_article(path).text
    else:
        body = settings(ctx).open_store().resolve_article(article).text
    # Exact for pipes; on a terminal control characters are shown as pictures (same offsets).
    sys.stdout.write(shown(body) if sys.stdout.isatty() else body)
    sys.stdout.flush()
