"""`newsmark import-annotations`: merge a JSONL export from another database."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from newsmark.commands.base import app, settings
from newsmark.commands.output import note, print_json
from newsmark.errors import NewsmarkError


@app.command("import-annotations")
def import_annotations_command(
    ctx: typer.Context,
    path: str = typer.Argument(..., help="A JSONL file from `newsmark export` (use --with-text for new articles); - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Merge annotations from a JSONL export: matched by id, articles by text; safe to run twice."""
    from newsmark.transfer import import_annotations

    if path == "-":
        source = sys.stdin
    else:
        p = Path(path).expanduser()
        if not p.exists():
            raise NewsmarkError(f"{path} does not exist; give the .jsonl file written by `newsmark export`")
        if p.is_dir():
            raise NewsmarkError(f"{path} is a folder; give the .jsonl file written by `newsmark export`")
        try:
            source = open(p, encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise NewsmarkError(f"cannot read {path}: {exc.strerror}") from None
    store = settings(ctx).open_store()
    try:
        report = import_annotations(store, _lines(source, path))
    finally:
        if source is not sys.stdin:
            source.close()
    imported = report.added + report.updated + report.unchanged
    if not imported and not report.conflicts:
        if report.skipped:
            first = report.skipped[0]
            raise NewsmarkError(
                f"{path} has no usable annotation lines (line {first['line']}: {first['error']}); "
                "give a .jsonl file written by `newsmark export`; nothing was imported"
            )
        raise NewsmarkError(f"{path} holds no annotations; give a .jsonl file written by `newsmark export`")
    if as_json:
        print_json(report.to_json())
    else:
        typer.echo(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
                   f"{report.articles_created} article(s) created, {len(report.conflicts)} conflict(s), "
                   f"{len(report.skipped)} line(s) skipped")
        for c in report.conflicts:
            side = "kept the incoming version (newer)" if c["kept"] == "incoming" else "kept this database's version (newer)"
            note(f"line {c['line']}: annotation {c['id']} differs in {', '.join(c['fields'])}; {side}")
    for s in report.skipped:
        note(f"line {s['line']}: skipped: {s['error']}")
    if report.skipped:
        raise typer.Exit(1)


def _lines(source, path: str):
    try:
        yield from source
    except UnicodeDecodeError as exc:
        raise NewsmarkError(f"{path} is not UTF-8 text (bad byte at position {exc.start}); nothing was imported") from None
