"""`newsmark export`: annotations for fact-checking desks, spreadsheets and tools."""

from __future__ import annotations

import typer

from newsmark.cli import app, settings
from newsmark.commands.output import note
from newsmark.errors import NewsmarkError
from newsmark.export import FORMATS, atomic_output, write_csv, write_jsonl
from newsmark.model import LABELS
from newsmark.store.database import check_label


@app.command()
def export(
    ctx: typer.Context,
    format: str = typer.Option("jsonl", "--format", "-f", help=f"One of: {', '.join(FORMATS)}."),
    output: str = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
    label: str = typer.Option(None, "--label", "-l", help=f"Only this label: {', '.join(LABELS)}."),
    article: str = typer.Option(None, "--article", help="Only this article (id, id prefix or imported path)."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
) -> None:
    """Export annotations (jsonl is the loss-free format; csv opens in a spreadsheet)."""
    if format not in FORMATS:
        raise NewsmarkError(f"unknown export format {format!r}; use one of: {', '.join(FORMATS)}")
    if label:
        check_label(label)
    store = settings(ctx).open_store()
    article_id = store.resolve_article(article).id if article else None
    rows = store.annotations(article_id=article_id, label=label)
    writer = {"jsonl": write_jsonl, "csv": write_csv}[format]
    with atomic_output(output, force) as out:
        n = writer(rows, out)
    if output:
        note(f"Wrote {n} annotation(s) to {output}")
