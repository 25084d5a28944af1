"""`newsmark config`: every setting in effect and where its value came from."""

from __future__ import annotations

from pathlib import Path

import typer

from newsmark.commands.base import app, default_annotator, settings
from newsmark.commands.output import print_json


def _rows(ctx: typer.Context) -> tuple[Path | None, list[dict]]:
    """(the config file read, or None) and one row per setting: name, value, source, help.
    Sources, strongest first: flag, environment, file, default."""
    from newsmark.config import SETTINGS, RatingScale

    cfg = settings(ctx)
    conf = cfg.config
    rows: list[dict] = []

    def shown(value):
        if isinstance(value, RatingScale):
            return [r.name for r in value.ratings]
        if isinstance(value, Path):
            return str(value)
        return value

    rows.append({"name": "db", "value": str(cfg.db_path), "source": cfg.sources.get("db", "default"),
                 "help": "the SQLite file (--db, NEWSMARK_DB)"})
    for name, setting in SETTINGS.items():
        given = {"annotator": cfg.annotator_given, "keymap": cfg.keymap_given}.get(name)
        if given is not None:
            value, source = given, cfg.sources.get(name, "flag")
        elif name in conf.values:
            value, source = conf.values[name], "file"
        else:
            value, source = setting.default, "default"
            if name == "annotator":
                value = default_annotator()
        rows.append({"name": name, "value": shown(value), "source": source, "help": setting.help})
    return conf.path, rows


@app.command("config")
def config_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the settings as JSON."),
) -> None:
    """Show the settings in effect and where each comes from (flag, environment, file, default)."""
    from newsmark.config import config_path

    path, rows = _rows(ctx)
    file_shown = str(path) if path else f"{config_path()} (not there: defaults)"
    if as_json:
        print_json({"file": str(path) if path else None, "settings": rows})
        return
    typer.echo(f"Config file: {file_shown}")
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        value = r["value"]
        text = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        typer.echo(f"  {r['name']:<{width}}  {text or '(not set)'}   [{r['source']}]")
