"""The smaller holes: --span digits, bounded quote hints, leftover .part files, brat file
names, spreadsheet formulas behind blanks, failed searches, key map mistakes."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from conftest import assert_clean_error, dump
from newsmark.export import remove_stale_parts, spreadsheet_safe
from newsmark.keybindings import load_keymap
from newsmark.keybindings.keymap import KeymapError

STORY = "Harbour talks\n\nAna Ruiz said the harbour would reopen on Monday, according to the union.\n"


@pytest.fixture
def stocked(cli, db_path, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    article_id = json.loads(cli("import", "--json", story).stdout)[0]["id"]
    assert cli("tag", article_id, "claim", "--quote", "the harbour would reopen", "--note", "kept").exit_code == 0
    return article_id, dump(db_path)


@pytest.mark.parametrize("span", ["١:٥", "1_0:2_0", "٣:٩", "0x1:0x5", "1.0:5", "1:5:9", " : "])
def test_span_takes_ascii_digits_only(cli, db_path, stocked, span):
    article_id, before = stocked
    result = cli("tag", article_id, "claim", "--span", span)
    assert_clean_error(result, "--span", "digits 0-9")
    assert dump(db_path) == before


def test_missing_long_quote_is_answered_quickly_with_a_short_message(cli, db_path, tmp_path):
    """A 100 KB quote against a 1 MB article: the hint is bounded (bench/quote_hint.py measures
    it); here only that it answers and that the message repeats at most ~80 characters."""
    body = ("The council said the harbour would reopen on Monday, according to the union. " * 13_000)[:1_000_000]
    story = tmp_path / "big.txt"
    story.write_text("Big report\n\n" + body)
    article_id = json.loads(cli("import", "--json", story).stdout)[0]["id"]
    before = dump(db_path)
    quote = ("The councel said the harbor would re-open on Monday, acording to the union. " * 1400)[:100_000]
    result = cli("tag", article_id, "claim", "--quote", quote)
    assert_clean_error(result, "not in article", "closest text", "--span")
    assert len(result.stderr) < 400, len(result.stderr)
    assert dump(db_path) == before


def test_a_close_quote_gets_the_right_hint(cli, db_path, stocked):
    article_id, before = stocked
    result = cli("tag", article_id, "claim", "--quote", "the harbor would re-open")
    assert_clean_error(result, "closest text", "harbour would reopen")
    assert dump(db_path) == before


def test_a_killed_exports_part_file_is_removed_by_the_next_export(cli, db_path, stocked, tmp_path):
    out = tmp_path / "out.jsonl"
    # A real export killed half-way: SIGKILL while its .part file is open.
    code = ("import sys, time\nfrom newsmark.export import atomic_output\n"
            "with atomic_output(sys.argv[1]) as fh:\n    fh.write('half')\n    fh.flush()\n"
            "    print('writing', flush=True)\n    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    live = [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert len(live) == 1
    assert remove_stale_parts(out) == []  # a live export's part is never taken
    proc.kill()
    proc.wait()
    result = cli("export", "-o", out)
    assert result.exit_code == 0, result.output
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert json.loads(out.read_text())["note"] == "kept"


def test_brat_refuses_an_article_id_that_is_not_a_file_name(cli, db_path, stocked, tmp_path):
    article_id, _ = stocked
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE articles SET id = '../../escaped' WHERE id = ?", (article_id,))
        conn.execute("UPDATE annotations SET article_id = '../../escaped'")
    conn.close()
    before = dump(db_path)
    target = tmp_path / "deep" / "brat"
    target.parent.mkdir()
    result = cli("export", "--format", "brat", "-o", target)
    assert_clean_error(result, "cannot be a file name")
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path.parent / "escaped.txt").exists()
    assert not target.exists() and os.listdir(target.parent) == []
    assert dump(db_path) == before


@pytest.mark.parametrize("value", ["\n=HYPERLINK(\"x\")", " =1+1", "\t@SUM(A1)", "\r\n+cmd", "\u200b-2+3", "\x1b=x"])
def test_csv_cells_with_a_formula_behind_blanks_are_neutralised(value):
    assert spreadsheet_safe(value).startswith("'")


def test_csv_export_neutralises_a_note_starting_with_newline_equals(cli, db_path, stocked):
    article_id, _ = stocked
    assert cli("tag", article_id, "disputed", "--quote", "Monday", "--note", "\n=HYPERLINK(\"http://x\")").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout.lstrip("\ufeff"))))
    assert {r["note"] for r in rows} == {"kept", "'\n=HYPERLINK(\"http://x\")"}


@pytest.mark.parametrize("args", [["search", "harbour", "--actor", "Nobody"], ["search", "harbour", "--article", "nope"],
                                  ["search", "!!!"], ["search", "harbour", "--limit", "0"]])
def test_a_failed_search_changes_nothing_in_the_database(cli, db_path, stocked, args):
    article_id, _ = stocked
    assert cli("tag", article_id, "claim", "--quote", "Ana Ruiz").exit_code == 0  # words waiting for the vocabulary
    before = dump(db_path)
    result = cli(*args)
    assert result.exit_code != 0
    assert dump(db_path) == before


# -- key maps ---------------------------------------------------------------------------


def _keymap(tmp_path, text: str):
    path = tmp_path / "keys.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_keymap_error_on_a_table_header_names_its_line(tmp_path):
    path = _keymap(tmp_path, '[reader]\ntag_claim = "c"\n\n[reader.extra]\nfoo = "x"\n')
    with pytest.raises(KeymapError, match=r"keys.toml:4:"):
        load_keymap(None, user_file=path)


def test_an_action_left_without_a_key_is_an_error(cli, tmp_path):
    path = _keymap(tmp_path, '[reader]\ntag_claim = ","\n')
    with pytest.raises(KeymapError, match=r"keys.toml:2: reader.tag_claim .* names no key"):
        load_keymap(None, user_file=path)
    config = tmp_path / "home" / "config" / "newsmark"
    config.mkdir(parents=True)
    (config / "keys.toml").write_text('[reader]\ntag_claim = ","\n')
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "home" / "config")}
    out = subprocess.run([sys.executable, "-m", "newsmark", "keys"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1 and out.stderr.startswith("Error: ") and "names no key" in out.stderr


def test_every_keymap_problem_is_reported_in_one_run(tmp_path):
    path = _keymap(tmp_path, '[reader]\ntag_claim = "ctrl+nope"\ntag_dispute = "d"\n\n[readr]\nx = "y"\n')
    with pytest.raises(KeymapError) as info:
        load_keymap(None, user_file=path)
    message = str(info.value)
    assert message.startswith("3 problems")
    assert "keys.toml:2:" in message and "keys.toml:3:" in message and "keys.toml:6:" in message


def test_shift_letter_becomes_the_key_the_terminal_sends(tmp_path):
    path = _keymap(tmp_path, '[reader]\ntag_disputed = "shift+q"\n')
    assert load_keymap(None, user_file=path).keys["reader.tag_disputed"] == "Q"


def test_shift_digit_is_refused_with_the_reason(tmp_path):
    path = _keymap(tmp_path, '[reader]\ntag_disputed = "shift+1"\n')
    with pytest.raises(KeymapError, match="shifted character"):
        load_keymap(None, user_file=path)


def test_keymap_text_passes_the_incoming_gate(tmp_path):
    path = _keymap(tmp_path, '[reader]\ntag_claim = "\x1b[2Jc"\n')
    with pytest.raises(KeymapError) as info:
        load_keymap(None, user_file=path)
    assert "\x1b" not in str(info.value)
