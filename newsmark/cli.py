"""The `newsmark` command line (Typer). The app, its settings and its error handling live in
newsmark/commands/base.py; each command in newsmark/commands/NAME.py, registered on that app.

Nothing here imports a command module: the table below names the module of each command,
and the app's group imports it only when that command runs (`newsmark --help` lists them
all, so it loads them all). `newsmark annotations --json` loads what listing needs, never
the TUI, the recogniser or the search index.
"""

from __future__ import annotations

from newsmark.commands.base import (  # noqa: F401  (the names scripts and tests use)
    COMMAND_MODULES,
    Settings,
    app,
    database_error_message,
    default_annotator,
    fail,
    settings,
)

# command -> module, in the order `newsmark --help` lists them. A new command module adds its
# commands here (and registers them on newsmark.commands.base.app).
COMMAND_MODULES.update({
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
})


def main() -> None:
    app()


if __name__ == "__main__":
    main()
