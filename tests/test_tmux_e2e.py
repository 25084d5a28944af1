"""End to end: the installed `newsmark` in a real terminal (tmux), keys sent as a person types.

Runs on its own tmux server socket (`tmux -L …`), so it never touches a user's sessions,
and polls capture-pane for what the screen shows instead of sleeping fixed times.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

TIMEOUT = 60.0  # generous: a cold start on a slow CI machine


def newsmark_command() -> list[str]:
    """The installed script next to this Python, else `python -m newsmark`."""
    script = Path(sys.executable).with_name("newsmark")
    if script.exists():
        return [str(script)]
    found = shutil.which("newsmark")
    return [found] if found else [sys.executable, "-m", "newsmark"]


class Tmux:
    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.socket = f"newsmark-e2e-{uuid.uuid4().hex[:8]}"
        self.session = "e2e"
        self.env = env
        self.tmp_path = tmp_path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              env=self.env, check=check, timeout=30)

    def start(self, argv: list[str]) -> None:
        # The shell prints the exit status; remain-on-exit keeps the pane so it can be read.
        command = " ".join(_quote(a) for a in argv) + "; echo NEWSMARK-EXIT=$?"
        self.run("-f", "/dev/null", "start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
                 "new-session", "-d", "-s", self.session, "-x", "120", "-y", "40", command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session).stdout

    def send(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def wait_for(self, predicate, what: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")

    def kill(self) -> None:
        self.run("kill-server", check=False)


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def claims(db: Path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT a.start, a.end, a.quote, a.label, a.annotator, t.text FROM annotations a"
            " JOIN articles t ON t.id = a.article_id WHERE a.deleted = 0"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def e2e_env(tmp_path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        NEWSMARK_ANNOTATOR="e2e",
        LANG=env.get("LANG") or "C.UTF-8",
    )
    for var in ("NEWSMARK_DB", "NEWSMARK_KEYMAP", "NO_COLOR", "TMUX", "TEXTUAL"):
        env.pop(var, None)
    return env


def test_tag_a_claim_in_a_real_terminal_and_find_it_in_the_database(tmp_path, e2e_env, sample_paths):
    db = tmp_path / "e2e.db"
    wire = next(p for p in sample_paths if p.name == "wire-report-port-strike.md")
    imported = subprocess.run([*newsmark_command(), "--db", str(db), "import", str(wire), "--json"],
                              capture_output=True, text=True, env=e2e_env, timeout=120)
    assert imported.returncode == 0, imported.stderr
    article_id = json.loads(imported.stdout)[0]["id"]

    tmux = Tmux(tmp_path, e2e_env)
    try:
        tmux.start([*newsmark_command(), "--db", str(db), "open", article_id])
        tmux.wait_for(lambda s: "LISBON, March 14" in s, "the reader to show the article")
        tmux.send("s")  # select the sentence at the caret
        tmux.send("c")  # tag it as a claim
        deadline = time.monotonic() + TIMEOUT
        while not claims(db) and time.monotonic() < deadline:
            time.sleep(0.1)
        tmux.send("C-q")
        screen = tmux.wait_for(lambda s: "NEWSMARK-EXIT=" in s or "Pane is dead" in s, "newsmark to quit")
        assert re.search(r"NEWSMARK-EXIT=0|Pane is dead \(status 0\b", screen), screen
        assert "Traceback" not in screen, screen
    finally:
        tmux.kill()

    rows = claims(db)
    assert len(rows) == 1, rows
    start, end, quote, label, annotator, text = rows[0]
    assert label == "claim" and annotator == "e2e"
    assert quote.strip() and text[start:end] == quote


def test_no_color_paints_no_colour_at_all_in_a_real_terminal(tmp_path, e2e_env, sample_paths):
    """NO_COLOR: the terminal receives text attributes only — no 256-colour or RGB greys."""
    db = tmp_path / "e2e.db"
    wire = next(p for p in sample_paths if p.name == "wire-report-port-strike.md")
    env = dict(e2e_env, NO_COLOR="1")
    tmux = Tmux(tmp_path, env)
    try:
        tmux.start(["env", "NO_COLOR=1", *newsmark_command(), "--db", str(db), "open", str(wire)])
        tmux.wait_for(lambda s: "LISBON, March 14" in s, "the reader to show the article")
        tmux.send("s")
        tmux.send("c")  # a claim mark too, so mark styles are on screen
        tmux.wait_for(lambda s: "claim" in s, "the claim to be tagged")
        painted = tmux.run("capture-pane", "-p", "-e", "-t", tmux.session).stdout
        sgr = re.findall(r"\x1b\[([0-9;:]*)m", painted)
        assert sgr, "expected bold/underline attributes on screen"
        colours = [s for s in sgr if re.search(r"(?:^|;)(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;|$)", s)]
        assert not colours, colours[:10]
        tmux.send("C-q")
        tmux.wait_for(lambda s: "NEWSMARK-EXIT=" in s or "Pane is dead" in s, "newsmark to quit")
    finally:
        tmux.kill()
