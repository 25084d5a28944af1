"""Verdicts on claims (`newsmark verdict`), the desk's config file, and verdicts travelling."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import assert_clean_error, dump

from newsmark.config import DEFAULT_SCALE, load_config
from newsmark.errors import NewsmarkError

TEXT = "Harbour plan\n\nThe harbour will take ships of 400 metres from May, the port authority said.\n"
CLAIM = "The harbour will take ships of 400 metres from May"


@pytest.fixture
def marked(cli, tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert cli("import", path).exit_code == 0
    aid = json.loads(cli("articles", "--json").stdout)[0]["id"]
    claim = cli("tag", aid, "claim", "--quote", CLAIM).stdout.strip()
    attribution = cli("tag", aid, "attribution", "--quote", "the port authority said").stdout.strip()
    return aid, claim, attribution


def test_a_verdict_carries_rating_reviewer_date_and_evidence(cli, marked, db_path):
    _, claim, _ = marked
    before = json.loads(cli("annotations", "--json").stdout)[0]["updated_at"]
    result = cli("verdict", claim[:8], "Mostly True", "--evidence", "https://example.org/berths",
                 "-e", "https://example.org/minutes", "--note", "Two berths only", "--json", annotator="ed")
    assert result.exit_code == 0, result.output
    mark = json.loads(result.stdout)
    verdict = mark["verdict"]
    assert (verdict["rating"], verdict["reviewer"], verdict["note"]) == ("mostly true", "ed", "Two berths only")
    assert verdict["evidence"] == ["https://example.org/berths", "https://example.org/minutes"]
    assert verdict["date"] == mark["updated_at"] > before  # a verdict is a change: sync carries it
    assert list(mark)[-2:] == ["status", "verdict"]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT rating, reviewer FROM verdicts").fetchall() == [("mostly true", "ed")]
    # re-rating replaces; --clear removes
    assert json.loads(cli("verdict", claim, "false", "--json").stdout)["verdict"]["rating"] == "false"
    assert json.loads(cli("verdict", claim, "--clear", "--json").stdout)["verdict"] is None


def test_a_re_rating_keeps_the_evidence_note_and_url_it_is_not_given(cli, marked):
    _, claim, _ = marked
    first = cli("verdict", claim, "mostly true", "-e", "https://example.org/berths", "--note", "Two berths only",
                "--url", "https://example.org/checks/harbour", annotator="ed")
    assert first.exit_code == 0, first.output
    result = cli("verdict", claim, "true", "--json", annotator="ana")
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)["verdict"]
    assert (verdict["rating"], verdict["reviewer"]) == ("true", "ana")
    assert verdict["evidence"] == ["https://example.org/berths"]
    assert (verdict["note"], verdict["url"]) == ("Two berths only", "https://example.org/checks/harbour")
    assert f"{claim[:8]}" in cli("annotations").stdout and "verdict: true" in cli("annotations").stdout
    said = cli("verdict", claim, "half true")
    assert "kept 1 evidence link(s) and the note and the url from the earlier verdict (true)" in said.stderr
    # given, they replace: new evidence, the note cleared with ''
    verdict = json.loads(cli("verdict", claim, "false", "-e", "https://example.org/minutes", "--note", "",
                             "--json").stdout)["verdict"]
    assert (verdict["evidence"], verdict["note"], verdict["url"]) == (
        ["https://example.org/minutes"], "", "https://example.org/checks/harbour")
    verdict = json.loads(cli("verdict", claim, "true", "--url", "", "--json").stdout)["verdict"]
    assert (verdict["evidence"], verdict["url"]) == (["https://example.org/minutes"], None)


def test_a_re_rating_keeps_only_evidence_that_passes_the_url_check(cli, marked, db_path):
    from newsmark.store import Store
    from newsmark.store.desk import write_verdict

    _, claim, _ = marked
    with Store.open(db_path) as store, store.write() as conn:  # as an import of a crafted export leaves it
        write_verdict(conn, claim, {"rating": "false", "date": "2026-03-01T00:00:00.000Z", "reviewer": "x",
                                    "evidence": ["javascript:alert(1)", "https://example.org/ok"], "note": "",
                                    "url": "file:///etc/passwd"})
    verdict = json.loads(cli("verdict", claim, "true", "--json").stdout)["verdict"]
    assert (verdict["evidence"], verdict["url"]) == (["https://example.org/ok"], None)


def test_bad_verdicts_are_refused_and_change_nothing(cli, marked, db_path):
    _, claim, attribution = marked
    before = dump(db_path)
    assert_clean_error(cli("verdict", claim, "pants on fire"), "unknown rating", "mostly true")
    assert_clean_error(cli("verdict", attribution, "true"), "verdicts rate claims and disputed marks")
    assert_clean_error(cli("verdict", claim, "true", "-e", "javascript:alert(1)"), "not an http(s) URL")
    assert_clean_error(cli("verdict", "ffffffff", "true"), "no mark with id")
    assert_clean_error(cli("verdict", claim), "give a RATING")
    assert dump(db_path) == before


def test_the_rating_scale_comes_from_config(cli, marked, tmp_path, monkeypatch):
    _, claim, _ = marked
    config = tmp_path / "desk.toml"
    config.write_text('desk = "Harbour Town Fact Check"\nrating_scale = ["correct", "misleading", "wrong",'
                      ' { name = "no evidence", scored = false }]\n', encoding="utf-8")
    monkeypatch.setenv("NEWSMARK_CONFIG", str(config))
    assert_clean_error(cli("verdict", claim, "mostly true"), "unknown rating", "correct, misleading, wrong, no evidence")
    assert cli("verdict", claim, "misleading").exit_code == 0
    loaded = load_config()
    assert loaded.desk == "Harbour Town Fact Check"
    assert [(r.name, r.value) for r in loaded.rating_scale.ratings] == [
        ("correct", 3), ("misleading", 2), ("wrong", 1), ("no evidence", None)]


def test_default_config_without_a_file():
    config = load_config()
    assert config.path is None and config.desk == ""
    assert config.rating_scale == DEFAULT_SCALE
    assert [(r.name, r.value) for r in DEFAULT_SCALE.ratings] == [
        ("true", 5), ("mostly true", 4), ("half true", 3), ("mostly false", 2), ("false", 1), ("unverifiable", None)]


@pytest.mark.parametrize("body, needles", [
    ('desk = "A"\n\nrating_scale = "true"\n', ["line 3", "rating_scale must be a list"]),
    ('desk = 3\n', ["line 1", "desk must be a string"]),
    ('# a comment\nsky_colour = "blue"\n', ["line 2", "unknown setting 'sky_colour'", "known settings: desk"]),
    ('rating_scale = ["true", "True"]\n', ["line 1", "twice"]),
    ('desk = "A\n', ["not valid TOML", "line 1"]),
])
def test_config_mistakes_name_the_file_and_line(tmp_path, body, needles):
    path = tmp_path / "config.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(NewsmarkError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message
    for needle in needles:
        assert needle in message


def test_a_bad_config_is_a_clean_cli_error(cli, marked, tmp_path, monkeypatch):
    _, claim, _ = marked
    config = tmp_path / "config.toml"
    config.write_text('rating_scale = []\n', encoding="utf-8")
    monkeypatch.setenv("NEWSMARK_CONFIG", str(config))
    assert_clean_error(cli("verdict", claim, "true"), "config.toml, line 1")
    monkeypatch.setenv("NEWSMARK_CONFIG", str(tmp_path / "missing.toml"))
    assert_clean_error(cli("verdict", claim, "true"), "does not exist")


def test_verdict_and_status_travel_through_export_and_import(cli, marked, tmp_path):
    _, claim, _ = marked
    assert cli("verdict", claim, "half true", "-e", "https://example.org/x", annotator="ed").exit_code == 0
    export = tmp_path / "out.jsonl"
    assert cli("export", "--with-text", "-o", export).exit_code == 0
    other = tmp_path / "other.db"
    assert cli("import-annotations", export, db=other).exit_code == 0
    rows = {a["id"]: a for a in json.loads(cli("annotations", "--json", db=other).stdout)}
    assert rows[claim]["verdict"]["rating"] == "half true"
    assert rows[claim]["verdict"]["evidence"] == ["https://example.org/x"]
    # changed here later: the newer verdict wins there
    assert cli("verdict", claim, "false").exit_code == 0
    export.unlink()
    assert cli("export", "-o", export).exit_code == 0
    report = json.loads(cli("import-annotations", export, "--json", db=other).stdout)
    assert report["conflicts"][0]["fields"] == ["verdict"] and report["conflicts"][0]["kept"] == "incoming"
    rows = {a["id"]: a for a in json.loads(cli("annotations", "--json", db=other).stdout)}
    assert rows[claim]["verdict"]["rating"] == "false"


def test_the_spreadsheet_has_the_verdict_status_and_anchor_columns(cli, marked, tmp_path):
    import csv

    _, claim, attribution = marked
    assert cli("verdict", claim, "half true", "-e", "https://example.org/x", "-e", "https://example.org/y",
               "--note", "Two berths only", annotator="ed").exit_code == 0
    rows = {r["id"]: r for r in csv.DictReader(cli("export", "--format", "csv").stdout.splitlines())}
    header = cli("export", "--format", "csv").stdout.splitlines()[0].split(",")
    assert header[-2:] == ["prefix", "suffix"]  # the context stays last
    rated = rows[claim]
    assert (rated["verdict_rating"], rated["verdict_reviewer"], rated["verdict_note"]) == ("half true", "ed", "Two berths only")
    assert rated["verdict_evidence"] == "https://example.org/x https://example.org/y"
    assert rated["verdict_date"] and rated["anchor"] == "exact" and rated["status"] == ""
    assert rows[attribution]["verdict_rating"] == "" and rows[attribution]["verdict_evidence"] == ""
