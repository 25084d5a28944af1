"""How commands print: JSON on stdout for --json, short aligned lines otherwise.

Everything printed passes newsmark.safe_text's outgoing gate: stored text may come from a
database another program wrote, and a terminal must never receive its control sequences.
"""

from __future__ import annotations

import json
import sys

import typer

from newsmark.safe_text import json_text, shown


def print_json(value) -> None:
    sys.stdout.write(json_text(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


def echo(line: str, err: bool = False) -> None:
    """One line of human output, control characters made visible."""
    typer.echo(shown(line), err=err)


def note(message: str) -> None:
    """Human-facing remarks go to stderr so stdout stays clean for pipes."""
    typer.echo(shown(message), err=True)
