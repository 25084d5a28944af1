"""Shared fixtures: a temporary database, the real CLI with stderr kept apart, sample articles.

Every test runs with its own data and config folders, so nothing touches the real user's
newsmark database or key bindings.
"""

from __future__ import annotations

import asyncio
import functools
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


def run_async(test):
    """Run an async Pilot test with asyncio.run (no pytest async plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


async def reader_ready(pilot) -> None:
    """Wait until the app's top screen is a mounted reader (it may be pushed from on_mount)."""
    from newsmark.tui.reader import ReaderScreen

    for _ in range(50):
        if isinstance(pilot.app.screen, ReaderScreen) and pilot.app.screen.is_mounted:
            return
        await pilot.pause()


def entities_at(text: str, names: list[tuple[str, str]]):
    """Entities for each (name, label), at successive occurrences in `text`."""
    from newsmark.model import Entity

    out, pos = [], 0
    for name, label in names:
        start = text.index(name, pos)
        out.append(Entity(start, start + len(name), label, name))
        pos = start + len(name)
    return out


def drawn_style(app, view, offset: int):
    """The style of the character at `offset` of an ArticleView as the screen draws it
    (after the app's line filters, NO_COLOR's included)."""
    layout = view.layout_lines
    line = layout.line_of(offset)
    x = 2 + layout.x_of(offset, line)  # the gutter is two cells
    strip = app.screen._compositor.render_strips()[view.region.y + line - int(view.scroll_y)]
    cells = 0
    for seg in strip:
        if cells + len(seg.text) > view.region.x + x:
            return seg.style
        cells += len(seg.text)
    raise AssertionError("offset not on screen")


# -- operating-system conditions: a full disk, a read-only filesystem, another user ------------

import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

NEWSMARK = [sys.executable, "-m", "newsmark"]


@functools.cache
def namespace_refusal() -> str | None:
    """Why `unshare -rm` (a user + mount namespace, for a small tmpfs or a read-only bind
    mount without root) cannot be used here, or None when it can. Probed once per run."""
    if not shutil.which("unshare"):
        return "unshare(1) is not installed"
    probe = subprocess.run(["unshare", "-rm", "sh", "-c",
                            "d=$(mktemp -d); mount -t tmpfs -o size=1m tmpfs $d; r=$?; umount $d; rmdir $d; exit $r"],
                           capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        return f"this machine refuses user namespaces with mounts ({probe.stderr.strip()[:120] or probe.returncode})"
    return None


def in_namespace(script: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run a shell script as namespace root in a private mount namespace; skips the test when
    the machine refuses (CI containers often do)."""
    reason = namespace_refusal()
    if reason:
        pytest.skip(reason)
    return subprocess.run(["unshare", "-rm", "sh", "-euc", script], capture_output=True, text=True, timeout=timeout)


OUTSIDER = 12345  # a uid no user namespace here maps: its files are "someone else's"


def protect(path: Path, mode: int) -> None:
    """Make `path` someone else's file or folder with `mode`, as permission tests need.
    Root ignores permission bits, so as root the path is given to an unmapped uid and the
    command runs in a user namespace (run_unprivileged), where they apply again."""
    if os.geteuid() == 0:
        os.chown(path, OUTSIDER, OUTSIDER)
    os.chmod(path, mode)


def run_unprivileged(args: list, input: str | None = None) -> subprocess.CompletedProcess:
    """The real entry point, with permission bits in force (see protect)."""
    command = [*NEWSMARK, *[str(a) for a in args]]
    if os.geteuid() == 0:
        if not shutil.which("unshare"):
            pytest.skip("running as root and unshare(1) is missing: permission bits cannot be tested")
        probe = subprocess.run(["unshare", "-r", "true"], capture_output=True, timeout=30)
        if probe.returncode != 0:
            pytest.skip("running as root and user namespaces are refused: permission bits cannot be tested")
        command = ["unshare", "-r", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, input=input)


def assert_one_error_line(proc: subprocess.CompletedProcess, *needles: str, absent: tuple[str, ...] = ()) -> None:
    """A subprocess run: exit 1, stderr one `Error: …` line containing every needle."""
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    text = lines[0].lower()
    for needle in needles:
        assert needle.lower() in text, (needle, lines[0])
    for needle in absent:
        assert needle.lower() not in text, (needle, lines[0])
