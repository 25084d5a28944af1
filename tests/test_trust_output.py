"""The outgoing gate: a database seeded with hostile strings by hand (sqlite3, bypassing
newsmark's incoming gate, as an older version or another tool could) never gets a control
sequence to the terminal — not from any command, human or --json, not from any screen."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from newsmark.cli import app
from newsmark.safe_text import clean, excerpt, json_text, shown
from newsmark.store import Store

# OSC 52 (writes the clipboard), clear screen, CSI colour, bidi override and isolate, CR,
# BEL, the one-byte C1 CSI, DEL, NUL.
HOSTILE = ("\x1b]52;c;aGFja2Vk\x07 \x1b[2J\x1b[31mred\x1b[0m \u202eevil\u202c \u2066iso\u2069"
           " cr\rbel\x07 c1\x9b31m del\x7f nul\x00 end")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

STORY = "Harbour talks\n\nAna Ruiz said the harbour would reopen on Monday, according to the union.\n"


def no_controls(text: str) -> bool:
    return CONTROL.search(text) is None


@pytest.fixture
def hostile_db(db_path, tmp_path):
    """One article, two annotations, one actor — then every text column overwritten by hand."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    runner = CliRunner()
    base = ["--db", str(db_path), "--annotator", "tester"]
    out = runner.invoke(app, [*base, "import", "--json", str(story)])
    assert out.exit_code == 0, out.output
    article_id = json.loads(out.stdout)[0]["id"]
    for args in (["tag", article_id, "claim", "--quote", "the harbour would reopen"],
                 ["entity", "alias", "Ana Ruiz", "Ruiz"]):
        out = runner.invoke(app, [*base, *args])
        assert out.exit_code == 0, out.output
    text = STORY + HOSTILE + "\n"
    start = text.index(HOSTILE)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE articles SET title = ?, outlet = ?, url = ?, published = ?, text = ?",
                     ("Title " + HOSTILE, "Outlet " + HOSTILE, "https://x.example/" + HOSTILE, "2024-01-01" + HOSTILE, text))
        conn.execute("UPDATE annotations SET note = ?, attributed_to = ?, annotator = ?",
                     ("harbour note " + HOSTILE, "Ana " + HOSTILE, "ed " + HOSTILE))
        conn.execute(
            'INSERT INTO annotations (id, article_id, label, start, "end", quote, prefix, suffix, note, attributed_to,'
            " annotator, created_at, updated_at, deleted) SELECT '00000000-0000-4000-8000-000000000001', article_id,"
            " 'disputed', ?, ?, ?, '', '', 'harbour second ' || ?, '', 'ed', created_at, updated_at, 0 FROM annotations",
            (start, start + len(HOSTILE), HOSTILE, HOSTILE))
        conn.execute("UPDATE actors SET name = ?", ("Ana Ruiz " + HOSTILE,))
        conn.execute("UPDATE actor_aliases SET alias = alias || ? WHERE alias = 'Ruiz'", (HOSTILE,))
    conn.close()
    return article_id


COMMANDS = [
    ["articles"], ["annotations"], ["annotations", "{id}"], ["search", "harbour"], ["entity", "actors"],
    ["entity", "mentions", "Ana Ruiz"], ["entities", "{id}"], ["export"], ["export", "--format", "w3c"],
    ["export", "--with-text"], ["export", "--format", "claimreview"], ["keys"], ["agree"], ["suggest", "{id}"], ["tag", "{id}", "claim", "--quote", "no such words anywhere"],
    ["tag", "{id}", "claim", "--quote", "Monday" + HOSTILE], ["open", "no-such-article" + HOSTILE],
]


@pytest.mark.parametrize("as_json", [False, True], ids=["human", "json"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c)[:40])
def test_no_control_character_reaches_the_terminal_from_any_command(db_path, hostile_db, command, as_json):
    if as_json and command[0] in ("export", "open", "tag"):
        pytest.skip("no --json form")
    args = [a.replace("{id}", hostile_db) for a in command] + (["--json"] if as_json else [])
    # color=True: click would otherwise strip CSI sequences itself and hide a missing gate.
    result = CliRunner().invoke(app, ["--db", str(db_path), *args], color=True)
    assert "Traceback" not in result.output
    assert no_controls(result.stdout), (args, [m.group() for m in CONTROL.finditer(result.stdout)][:5])
    assert no_controls(result.stderr), (args, result.stderr)
    if as_json:
        json.loads(result.stdout)  # still valid JSON


def test_json_output_keeps_hostile_data_exact_but_escaped(db_path, hostile_db):
    result = CliRunner().invoke(app, ["--db", str(db_path), "annotations", "--json"], color=True)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["note"] for r in rows} == {"harbour note " + HOSTILE, "harbour second " + HOSTILE}
    assert "\\u009b" in result.stdout and "\\u202e" in result.stdout and "\\u001b" in result.stdout


def test_jsonl_export_is_escaped_and_round_trips(db_path, hostile_db):
    result = CliRunner().invoke(app, ["--db", str(db_path), "export"], color=True)
    assert result.exit_code == 0, result.output
    assert no_controls(result.stdout)
    notes = {json.loads(line)["note"] for line in result.stdout.splitlines()}
    assert "harbour note " + HOSTILE in notes


def _run_on_a_terminal(args: list[str]) -> bytes:
    """Run the real entry point with stdout on a pseudo-terminal; returns what it printed."""
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-c", "from newsmark.cli import main; main()", *args],
                                stdout=follower, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=60)
        assert proc.returncode == 0, proc.stderr.read()
        return b"".join(chunks)
    finally:
        os.close(leader)


@pytest.mark.parametrize("args", [["annotations"], ["export", "--format", "csv"], ["search", "harbour"], ["text", "{id}"]])
def test_on_a_real_terminal_only_newsmarks_own_styling_goes_out(db_path, hostile_db, args):
    """csv and `text` keep stored text exact for pipes and files; a terminal gets pictures."""
    args = [a.replace("{id}", hostile_db) for a in args]
    out = _run_on_a_terminal(["--db", str(db_path), *args]).decode("utf-8")
    # Only SGR sequences newsmark itself writes (bold/underline for search matches) may remain.
    own = re.sub(r"\x1b\[[0-9;]*m", "", out).replace("\r\n", "\n")
    assert no_controls(own), [m.group() for m in CONTROL.finditer(own)][:5]
    assert "\x1b]52" not in out and "\x1b[2J" not in out and "\x1b[31m" not in out


# -- screens ---------------------------------------------------------------------------


def screen_text(app) -> str:
    """Every character the current screen would send to the terminal (segment text only)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip if seg.control is None) for strip in strips)


def run_async(coro):
    return asyncio.run(coro)


def test_no_control_character_reaches_any_screen(db_path, hostile_db):
    from newsmark.tui.app import make_app
    from newsmark.tui.library import LibraryScreen

    async def walk():
        app = make_app(db_path, "tester", user_keymap=False)
        seen = {}
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
            seen["library"] = screen_text(app)
            await pilot.press("enter")  # open the (only) article
            await pilot.pause()
            seen["reader"] = screen_text(app)  # header, article, mark list, status line
            await pilot.press("E")  # entity panel
            await pilot.pause()
            await pilot.pause()
            seen["entities"] = screen_text(app)
            await pilot.press("e")  # note dialog on the mark under the caret (if any)
            await pilot.pause()
            seen["dialog"] = screen_text(app)
            await pilot.press("escape")
            await pilot.press("ctrl+f")
            await pilot.pause()
            await pilot.press(*"harbour")
            await pilot.pause()
            for _ in range(20):
                await pilot.pause(0.05)
                if "Title" in screen_text(app):
                    break
            seen["search"] = screen_text(app)
        return seen

    seen = run_async(walk())
    assert "Title" in seen["library"] and "Title" in seen["reader"] and "Title" in seen["search"]
    assert "harbour note" in seen["reader"]  # the mark list shows the hostile note, made visible
    assert "Ana Ruiz" in seen["entities"]
    for name, text in seen.items():
        assert no_controls(text), (name, [m.group() for m in CONTROL.finditer(text)][:5])
    assert "\u241b" in seen["library"]  # ESC shown as its picture, not dropped silently


# -- the gates themselves ------------------------------------------------------------


def test_shown_keeps_the_length_so_offsets_still_point_at_the_same_characters():
    assert len(shown(HOSTILE)) == len(HOSTILE)
    assert no_controls(shown(HOSTILE))
    assert shown("a\x1bb\x9bc\u202ed\n\te") == "a\u241bb\ufffdc\ufffdd\n\te"


def test_clean_removes_controls_and_keeps_text():
    assert clean("a\x1b[31mb\u202ec\r\nd\x9b\udc80") == "a[31mbc\nd\ufffd"
    assert clean("Cafe\u0301") == "Café"


def test_json_text_is_the_same_data():
    value = {"note": HOSTILE}
    encoded = json_text(json.dumps(value, ensure_ascii=False))
    assert no_controls(encoded) and json.loads(encoded) == value


def test_excerpt_is_short_and_visible():
    assert len(excerpt("x" * 10_000 + HOSTILE, 80)) == 80
    assert no_controls(excerpt(HOSTILE, 200))


def test_alias_names_pass_the_incoming_gate(cli, db_path):
    result = cli("entity", "alias", "Ana \x1b]52;c;aGk=\x07Ruiz\u202e", "Ruiz\x1b[31m", "--json")
    assert result.exit_code == 0, result.output
    actor = json.loads(result.stdout)
    assert actor["name"] == "Ana ]52;c;aGk=Ruiz"
    assert all(no_controls(a) for a in actor["aliases"])


def test_an_article_from_any_parser_passes_the_gate_in_the_store(db_path):
    from newsmark.ingest import ImportedText

    with Store.open(db_path) as store:
        article, _, _ = store.import_article(ImportedText(text="Body \x1b[2J text\n", title="T\x1b]0;x\x07",
                                                          meta={"outlet": "O\x9b1m"}))
    assert no_controls(article.text) and no_controls(article.title) and no_controls(article.outlet)
