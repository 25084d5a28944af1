"""The store and the core never pull in Textual or Rich (DESIGN.md, STYLE.md after Harlequin)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

HEADLESS = [
    "newsmark.model",
    "newsmark.errors",
    "newsmark.store",
    "newsmark.ingest",
    "newsmark.quotes",
    "newsmark.export",
    "newsmark.entity_cache",
    "newsmark.search",
    "newsmark.entities",
    "newsmark.keybindings",
    "newsmark.agree",
    "newsmark.sync",
    "newsmark.config",
    "newsmark.store.desk",
    "newsmark.claimreview",
    "newsmark.cli",  # commands load the TUI only when they open it: quick start over SSH
]


def _present(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_imports_no_textual_or_rich(module):
    if not _present(module):
        pytest.skip(f"{module} does not exist yet")
    code = (
        "import sys, importlib\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(' '.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"importing {module} loaded {out.stdout.strip()}"


# -- the command line loads what a command uses, when it runs ----------------------

_HEAVY = ("textual", "rich", "newsmark.tui", "newsmark.entities", "newsmark.search", "newsmark.suggest", "rapidfuzz")


def _modules_after(args: list[str], env_db) -> tuple[set[str], str]:
    code = (
        "import sys\n"
        "from newsmark.cli import main\n"
        f"sys.argv = ['newsmark', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "sys.stdout.flush()\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    import os

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "NEWSMARK_DB": str(env_db)})
    assert out.returncode == 0, out.stderr
    return set(out.stderr.split()), out.stdout


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in _HEAVY))


def test_version_and_listing_load_no_tui_recogniser_or_search(tmp_path):
    from newsmark.ingest import ImportedText
    from newsmark.store import Store

    db = tmp_path / "news.db"
    with Store.open(db) as store:
        art, _, _ = store.import_article(ImportedText("Talks\n\nThe dam will hold, the board said.\n", "Talks", None))
        store.add_annotation(art.id, "claim", 7, 24)
    modules, stdout = _modules_after(["--version"], db)
    assert stdout.startswith("newsmark ")
    assert _heavy(modules) == [] and not any(m.startswith("newsmark.commands.") and m != "newsmark.commands.base"
                                             for m in modules), sorted(m for m in modules if "newsmark" in m)
    modules, stdout = _modules_after(["annotations", "--json"], db)
    assert [a["quote"] for a in __import__("json").loads(stdout)] == ["The dam will hold"]
    assert _heavy(modules) == []
    commands = sorted(m for m in modules if m.startswith("newsmark.commands."))
    assert commands == ["newsmark.commands.annotations", "newsmark.commands.base", "newsmark.commands.output"]


def test_every_registered_command_is_in_the_lazy_table_and_help_lists_them_all():
    import importlib
    import pkgutil

    from typer.main import get_command_name
    from typer.testing import CliRunner

    import newsmark.commands
    from newsmark.cli import COMMAND_MODULES, app

    for info in pkgutil.iter_modules(newsmark.commands.__path__):
        importlib.import_module(f"newsmark.commands.{info.name}")
    registered = {(i.name or get_command_name(i.callback.__name__)): i.callback.__module__ for i in app.registered_commands}
    registered |= {g.name: g.typer_instance.registered_commands[0].callback.__module__ for g in app.registered_groups}
    assert registered == COMMAND_MODULES, "add new commands to COMMAND_MODULES in newsmark/cli.py"
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    listed = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("│ ") and len(line.split()) > 2
              and line.split()[1] in COMMAND_MODULES]
    assert listed == list(COMMAND_MODULES)


def test_reading_loads_neither_sqlite_utils_nor_pydantic_and_values_convert_as_before(tmp_path):
    """On a file whose schema is current, a reading command checks the schema steps with one
    plain query (sqlite_utils is for running steps and is not loaded), and its options are
    converted without building Typer's pydantic adapters; a value those would treat
    differently still goes through them, so results and messages stay Typer's."""
    from newsmark.ingest import ImportedText
    from newsmark.store import Store

    db = tmp_path / "news.db"
    with Store.open(db) as store:
        art, _, _ = store.import_article(ImportedText("Talks\n\nThe dam will hold, the dam said.\n", "Talks", None))
        store.add_annotation(art.id, "claim", 7, 24)
    for args in (["annotations", "--json"], ["--db", str(db), "annotations", art.id, "--label", "claim", "--json"]):
        modules, stdout = _modules_after(args, db)
        assert [a["quote"] for a in __import__("json").loads(stdout)] == ["The dam will hold"]
        loaded = sorted(m for m in modules if m.split(".")[0] in ("sqlite_utils", "pydantic", "pydantic_core"))
        assert loaded == [], loaded
    from typer.testing import CliRunner

    from newsmark.cli import app

    runner = CliRunner()
    for nth, start in (("2", 30), (" 2", 30), ("02", 30), ("1_0", None), ("1.0", 11), ("x", None), ("-1", None)):
        result = runner.invoke(app, ["--db", str(db), "tag", art.id, "claim", "--quote", "dam", "--nth", nth, "--json"])
        if start is None:
            assert result.exit_code != 0 and result.stderr.startswith("Error: "), (nth, result.output)
        else:
            assert result.exit_code == 0, (nth, result.output)
            assert __import__("json").loads(result.stdout)["start"] == start
    bad = runner.invoke(app, ["--db", str(db), "tag", art.id, "claim", "--quote", "dam", "--nth", "x"])
    assert bad.exit_code == 2
    assert bad.stderr.strip().splitlines() == [
        "Error: Invalid value for '--nth': 'x' is not a whole number (write it in digits, e.g. 2)"
        " (see 'newsmark tag --help')"]
