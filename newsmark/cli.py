"""The `newsmark` command line (Typer). The app, its settings and its error handling live in
newsmark/commands/base.py; each command in newsmark/commands/NAME.py, registered on that app.

Nothing here imports a command module: the table below names the module of each command,
and the app's group imports it only when that command runs (`newsmark --help` lists them
all, so it loads them all). `newsmark annotations --json` loads what listing needs, never
the TUI, the recogniser or the search index.
"""

from __future__ import annotations

import sys

# command -> module, in the order `newsmark --help` lists them. A new command module adds its
# commands here (and registers them on newsmark.commands.base.app).
COMMANDS = {
    "tag": "newsmark.commands.annotations",
    "annotations": "newsmark.commands.annotations",
    "config": "newsmark.commands.config",
    "agree": "newsmark.commands.desk",
    "sync": "newsmark.commands.desk",
    "verdict": "newsmark.commands.desk",
    "entities": "newsmark.commands.entities",
    "export": "newsmark.commands.export",
    "keys": "newsmark.commands.keys",
    "import": "newsmark.commands.library",
    "articles": "newsmark.commands.library",
    "demo": "newsmark.commands.library",
    "open": "newsmark.commands.library",
    "search": "newsmark.commands.search",
    "suggest": "newsmark.commands.suggest",
    "import-annotations": "newsmark.commands.transfer",
    "text": "newsmark.commands.web",
    "entity": "newsmark.commands.actors",
}

# The names scripts and tests take from here; newsmark/commands/base.py (and Typer with it)
# is imported on first use, so `newsmark --version` answers without loading Typer at all.
_FROM_BASE = {"app", "settings", "Settings", "fail", "database_error_message", "default_annotator", "COMMAND_MODULES"}


def _base():
    from newsmark.commands import base

    if not base.COMMAND_MODULES:
        base.COMMAND_MODULES.update(COMMANDS)
    return base


def __getattr__(name: str):
    if name in _FROM_BASE:
        return getattr(_base(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # what scripts ask most often: answered before Typer loads
        from newsmark import __version__

        print(f"newsmark {__version__}")
        return
    _base().app()


if __name__ == "__main__":
    main()
