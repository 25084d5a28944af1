"""Shared fixtures: a temporary database, the real CLI with stderr kept apart, sample articles.

Every test runs with its own data and config folders, so nothing touches the real user's
newsmark database or key bindings.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsmark.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "sample_articles"
SAMPLE_PATHS = sorted(p for p in SAMPLES_DIR.glob("*.md") if p.name != "README.md")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """platformdirs and the keymap loader look here instead of the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for var in ("NEWSMARK_DB", "NEWSMARK_ANNOTATOR", "NEWSMARK_KEYMAP", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    """Where the test's database lives (not created yet)."""
    return tmp_path / "news.db"


@pytest.fixture
def runner() -> CliRunner:
    """Typer's CliRunner: `result.stdout` and `result.stderr` are separate, `result.output` both."""
    return CliRunner()


@pytest.fixture
def cli(runner, db_path):
    """Run `newsmark --db <db_path> ARGS…` in-process; returns the click Result."""

    def invoke(*args, db: Path | str | None = None, input: str | None = None, annotator: str = "tester"):
        argv = ["--db", str(db or db_path), "--annotator", annotator, *[str(a) for a in args]]
        return runner.invoke(app, argv, input=input)

    return invoke


@pytest.fixture
def sample_paths() -> list[Path]:
    """The bundled sample articles (not the folder's README)."""
    assert len(SAMPLE_PATHS) >= 4
    return list(SAMPLE_PATHS)


def dump(path: Path | str) -> list[str]:
    """Every schema statement and row in the file, to compare before and after."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def assert_clean_error(result, *needles: str, single: bool = True) -> None:
    """`Error: …` on stderr naming the problem (just that one line unless single=False),
    exit status 1, no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error: ")]
    assert errors, result.stderr
    if single:
        assert lines == errors[:1], result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    text = " ".join(errors).lower()
    for needle in needles:
        assert needle.lower() in text, (needle, errors)
