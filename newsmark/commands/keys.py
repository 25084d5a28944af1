"""`newsmark keys`: the effective key bindings (preset + user overrides), validated."""

from __future__ import annotations

import typer

from newsmark.commands.base import app, settings
from newsmark.commands.output import echo, print_json


@app.command()
def keys(
    ctx: typer.Context,
    keymap: str = typer.Option(None, "--keymap", help="Preset to show: default or vim (default: the global --keymap)."),
    as_json: bool = typer.Option(False, "--json", help="Print the bindings as JSON."),
) -> None:
    """Show the effective key bindings; a bad user key file is reported with its line."""
    from newsmark.keybindings import load_keymap, user_keymap_path

    km = load_keymap(keymap or settings(ctx).keymap)
    if as_json:
        print_json(km.rows())
        return
    user_file = user_keymap_path()
    echo(f"Preset: {km.preset}    user overrides: {user_file}{'' if user_file.exists() else ' (none yet)'}")
    screen = None
    for row in km.rows():
        if row["screen"] != screen:
            screen = row["screen"]
            echo(f"\n[{screen}]")
        echo(f"  {row['id']:<28} {_typed(row['keys']):<36} {row['description']}")


def _typed(keys: str) -> str:
    """Key names as keys.toml takes them, with the character typed where a name stands for
    one: right_parenthesis ")", question_mark "?"."""
    from textual.keys import key_to_character

    out = []
    for key in keys.split(","):
        char = key_to_character(key) if "+" not in key and len(key) > 1 else None
        out.append(f"{key} \"{char}\"" if char and char.isprintable() and not char.isspace() else key)
    return ",".join(out)
