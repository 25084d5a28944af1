"""config.toml: validated like the key map, and `newsmark config` says where each value is from."""

from __future__ import annotations

import json

from conftest import assert_clean_error
from newsmark.config import config_path


def write_config(text: str):
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def settings_of(result) -> dict:
    assert result.exit_code == 0, result.output
    return {row["name"]: (row["value"], row["source"]) for row in json.loads(result.stdout)["settings"]}


def test_every_setting_says_where_it_comes_from(runner, tmp_path, monkeypatch):
    from newsmark.cli import app

    shown = settings_of(runner.invoke(app, ["config", "--json"]))
    assert shown["keymap"] == ("default", "default") and shown["theme"] == ("textual-dark", "default")
    assert shown["annotator"][1] == "default" and shown["db"][1] == "default"
    write_config('annotator = "ana"\nkeymap = "vim"\ntheme = "nord"\nexport_folder = "~/out"\n'
                 'desk = "Harbour Town Fact Check"\n')
    shown = settings_of(runner.invoke(app, ["config", "--json"]))
    assert shown["annotator"] == ("ana", "file") and shown["keymap"] == ("vim", "file")
    assert shown["theme"] == ("nord", "file") and shown["desk"] == ("Harbour Town Fact Check", "file")
    assert shown["export_folder"][0].endswith("/out") and "~" not in shown["export_folder"][0]
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "bea")
    shown = settings_of(runner.invoke(app, ["--keymap", "default", "--db", str(tmp_path / "x.db"), "config", "--json"]))
    assert shown["annotator"] == ("bea", "environment")
    assert shown["keymap"] == ("default", "flag") and shown["db"][1] == "flag"
    human = runner.invoke(app, ["config"])
    assert "annotator" in human.stdout and "[environment]" in human.stdout and str(config_path()) in human.stdout


def test_the_annotator_from_config_is_stored_with_new_marks(cli, runner, db_path, sample_paths):
    from newsmark.cli import app

    write_config('annotator = "ana"\n')
    cli("import", sample_paths[0])
    art = json.loads(cli("articles", "--json").stdout)[0]["id"]
    result = runner.invoke(app, ["--db", str(db_path), "tag", art, "claim", "--span", "0:5", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["annotator"] == "ana"


def test_a_bad_setting_names_the_file_and_line_and_changes_nothing(runner, cli, db_path, sample_paths):
    from newsmark.cli import app

    cli("import", sample_paths[0])
    path = write_config('desk = "Desk"\n\nkeymap = "emacs"\n')
    result = runner.invoke(app, ["--db", str(db_path), "config"])
    assert_clean_error(result, str(path), "line 3", "keymap", "default, vim")
    path.write_text('colour = "red"\n', encoding="utf-8")
    assert_clean_error(runner.invoke(app, ["config"]), "line 1", "unknown setting", "theme")
    path.write_text('theme = "red; rm -rf"\n', encoding="utf-8")
    assert_clean_error(runner.invoke(app, ["config"]), "theme")
    # commands that need no setting still work with a broken file
    assert runner.invoke(app, ["--db", str(db_path), "articles", "--json"]).exit_code == 0


def test_export_folder_takes_brat_and_terminal_exports_but_never_a_pipe(cli, runner, db_path, sample_paths, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from newsmark.cli import app

    cli("import", sample_paths[0])
    art = json.loads(cli("articles", "--json").stdout)[0]["id"]
    cli("tag", art, "claim", "--span", "0:5")
    out = tmp_path / "exports"
    write_config(f'export_folder = "{out}"\n')
    result = runner.invoke(app, ["--db", str(db_path), "export", "--format", "brat"])
    assert result.exit_code == 0, result.output
    (folder,) = out.iterdir()
    assert folder.name.startswith("newsmark-") and (folder / f"{art}.ann").exists()
    piped = runner.invoke(app, ["--db", str(db_path), "export", "--format", "csv"])
    assert piped.exit_code == 0 and "claim" in piped.stdout  # a pipe still gets the data
    assert len(list(out.iterdir())) == 1
    # at a terminal, the CSV goes to a file in the folder instead of scrolling past
    import shutil

    import pytest

    script = Path(sys.executable).with_name("newsmark")
    if shutil.which("script") is None or not script.exists():
        pytest.skip("needs util-linux `script` (a pseudo-terminal) and the installed newsmark script")
    argv = f"{script} --db {db_path} export --format csv"
    env = dict(os.environ)
    done = subprocess.run(["script", "-qec", argv, "/dev/null"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    written = sorted(p for p in out.iterdir() if p.suffix == ".csv")
    assert len(written) == 1 and "claim" in written[0].read_text(encoding="utf-8-sig")
    assert str(written[0]) in done.stdout  # the note says where it went
