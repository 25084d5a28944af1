"""How commands print: JSON on stdout for --json, short aligned lines otherwise."""

from __future__ import annotations

import json
import sys

import typer


def print_json(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def note(message: str) -> None:
    """Human-facing remarks go to stderr so stdout stays clean for pipes."""
    typer.echo(message, err=True)
