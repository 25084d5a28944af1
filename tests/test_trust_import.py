"""import-annotations judges every line against the JSONL schema: a bad line is reported by
number and skipped, and never changes a good record; every string passes the incoming gate."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from conftest import dump
from newsmark.store import Store

STORY = "Harbour talks\n\nAna Ruiz said the harbour would reopen on Monday, according to the union.\n"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def exported(cli, tmp_path):
    """A source database with one mark, its `export --with-text` line, and an empty target."""
    src, dst = tmp_path / "src.db", tmp_path / "dst.db"
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    out = cli("import", "--json", story, db=src)
    article_id = json.loads(out.stdout)[0]["id"]
    assert cli("tag", article_id, "claim", "--quote", "the harbour would reopen", "--note", "good", db=src).exit_code == 0
    line = json.loads(cli("export", "--with-text", db=src).stdout.splitlines()[0])
    Store.open(dst).close()
    return line, dst


def _write(tmp_path, records) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def _variant(line: dict, **changes) -> dict:
    rec = json.loads(json.dumps(line))
    rec["id"] = str(uuid.uuid4())
    for key, value in changes.items():
        if key.startswith("article_"):
            rec["article"][key[len("article_"):]] = value
        else:
            rec[key] = value
    return rec


@pytest.mark.parametrize("changes, reason", [
    ({"updated_at": "zzzz"}, "iso 8601"),
    ({"updated_at": "9999-01-01T00:00:00.000Z"}, "in the future"),
    ({"created_at": "2024-13-45T00:00:00Z"}, "iso 8601"),
    ({"id": "../../etc/passwd x y"}, "uuid"),
    ({"id": "not-a-uuid"}, "uuid"),
    ({"article_published": ["2024", "05"]}, "article"),
    ({"start": -3}, "negative"),
    ({"end": 10**30}, "outside"),
    ({"note": {"nested": True}}, "note"),
    ({"origin": "stolen"}, "origin"),
    ({"anchor": "floating"}, "anchor"),
    ({"cue": [5, 2]}, "cue"),
    ({"source": [0, 10**9]}, "outside"),
    ({"deleted": "yes"}, "deleted"),
])
def test_a_bad_line_is_skipped_by_number_and_the_rest_imported(cli, tmp_path, exported, changes, reason):
    line, dst = exported
    good = _variant(line, note="second good")
    path = _write(tmp_path, [line, _variant(line, **changes), good])
    result = cli("import-annotations", path, db=dst)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("2 added"), result.stdout
    skipped = [x for x in result.stderr.splitlines() if "skipped" in x]
    assert len(skipped) == 1 and skipped[0].startswith("line 2: skipped:"), result.stderr
    assert reason in skipped[0].lower(), skipped[0]
    assert "Traceback" not in result.output
    with Store.open(dst) as store:
        assert sorted(a.note for a in store.annotations()) == ["good", "second good"]


def test_a_bad_line_never_changes_a_good_record(cli, tmp_path, exported):
    line, dst = exported
    assert cli("import-annotations", _write(tmp_path, [line]), db=dst).exit_code == 0
    before = dump(dst)
    # The same id, changed, with a timestamp that would win every conflict: refused.
    attack = json.loads(json.dumps(line))
    attack.update(note="overwritten", updated_at="zzzz")
    result = cli("import-annotations", _write(tmp_path, [attack]), db=dst)
    assert result.exit_code == 1 and "updated_at" in result.stderr
    assert dump(dst) == before


def test_a_line_that_fails_after_creating_its_article_leaves_no_article(cli, tmp_path, exported):
    line, dst = exported
    bad = _variant(line, quote="not the text at these offsets")
    result = cli("import-annotations", _write(tmp_path, [bad]), db=dst)
    assert result.exit_code == 1 and "does not match" in result.stderr
    with Store.open(dst) as store:
        assert store.articles() == []


def test_optional_fields_and_unknown_keys_are_accepted(cli, tmp_path, exported):
    line, dst = exported
    rec = _variant(line, origin="suggested", anchor="moved", status="accepted", cue=[15, 23], source=[15, 23],
                   verdict=None, from_the_future={"x": 1}, another_new_field=[1, 2])
    rec["article"]["published"] = None
    result = cli("import-annotations", _write(tmp_path, [line, rec]), db=dst)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 added")


def test_every_string_of_a_line_passes_the_incoming_gate(cli, tmp_path, exported):
    line, dst = exported
    hostile = "\x1b]52;c;aGk=\x07\x1b[2J\u202e\x9b31m"
    rec = json.loads(json.dumps(line))
    rec.update(note="n" + hostile, attributed_to="a" + hostile, annotator="e" + hostile)
    rec["article"].update(title="t" + hostile, outlet="o" + hostile, url="https://x.example/" + hostile,
                          published="2024-05-01" + hostile)
    result = cli("import-annotations", _write(tmp_path, [rec]), db=dst)
    assert result.exit_code == 0, result.output
    with Store.open(dst) as store:
        [ann] = list(store.annotations())
        [art] = store.articles()
    for value in (ann.note, ann.attributed_to, ann.annotator, art["title"], art["outlet"], art["url"], art["published"]):
        assert not CONTROL.search(value), repr(value)
    assert ann.note == "n]52;c;aGk=[2J31m"


def test_article_text_with_controls_is_cleaned_and_the_import_stays_idempotent(cli, tmp_path, exported):
    from newsmark.ingest import sha256_text

    line, dst = exported
    raw = "Bell\x07 story\n\n" + STORY
    rec = json.loads(json.dumps(line))
    rec["article"].update(text=raw, sha256=sha256_text(raw))
    rec.update(start=line["start"] + 13, end=line["end"] + 13)  # after "Bell story\n\n" (BEL removed)
    path = _write(tmp_path, [rec])
    result = cli("import-annotations", path, db=dst)
    assert result.exit_code == 0, result.output
    with Store.open(dst) as store:
        [art] = store.articles()
        assert "\x07" not in store.article(art["id"]).text
    before = dump(dst)
    result = cli("import-annotations", path, db=dst)
    assert result.exit_code == 0 and result.stdout.startswith("0 added, 0 updated, 1 unchanged"), result.output
    assert dump(dst) == before
