"""Property-based tests (Hypothesis) of the two gates and of the offsets invariant: any
string through import, import-annotations and `tag --note` comes back without control
characters, and `text[start:end] == quote` holds after any sequence of edits."""

from __future__ import annotations

import json
import re
import uuid

from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from newsmark.cli import app
from newsmark.ingest import parse_text, sha256_text
from newsmark.safe_text import clean, json_text, shown
from newsmark.store import Store
from newsmark.transfer import import_annotations

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Every code point, controls and lone surrogates included, weighted towards the dangerous ones.
_pieces = st.one_of(st.characters(codec=None), st.sampled_from(
    list("\x1b\x07\r\n\t\x9b\x85\x7f\x00\u202e\u2066\u2069\u200b") + ["\x1b]52;c;", "\x1b[2J", "\x1b[31m"]))
hostile_text = st.lists(_pieces, max_size=40).map("".join)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


@FAST
@given(hostile_text)
def test_the_incoming_gate_leaves_no_control_character(value):
    cleaned = clean(value)
    assert not CONTROL.search(cleaned)
    assert clean(cleaned) == cleaned  # idempotent: cleaning twice changes nothing


@FAST
@given(hostile_text)
def test_the_outgoing_gate_keeps_length_and_json_keeps_data(value):
    assert len(shown(value)) == len(value) and not CONTROL.search(shown(value))
    encoded = json_text(json.dumps({"v": value}, ensure_ascii=False))
    assert not CONTROL.search(encoded) and json.loads(encoded)["v"] == value


@FAST
@given(hostile_text, hostile_text)
def test_any_string_through_import_comes_back_clean(tmp_path_factory, title, body):
    imported = parse_text(f"{title}\n\n{body} words")
    with Store.open(":memory:") as store:
        article, _, _ = store.import_article(imported)
        for value in (article.text, article.title):
            assert not CONTROL.search(value)


@FAST
@given(note=hostile_text, who=hostile_text, annotator=hostile_text)
def test_any_string_through_tag_note_comes_back_clean(tmp_path_factory, note, who, annotator):
    folder = tmp_path_factory.mktemp("tag")
    story = folder / "s.txt"
    story.write_text("Headline\n\nThe mayor said the bridge will open.\n")
    runner, db = CliRunner(), str(folder / "n.db")
    article_id = json.loads(runner.invoke(app, ["--db", db, "import", "--json", str(story)]).stdout)[0]["id"]
    result = runner.invoke(app, ["--db", db, "--annotator", annotator or "x", "tag", article_id, "claim",
                                 "--span", "0:8", "--note", note, "--attributed-to", who, "--json"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["--db", db, "annotations", "--json"], color=True)
    assert not CONTROL.search(listed.stdout)
    [ann] = json.loads(listed.stdout)
    for value in (ann["note"], ann["attributed_to"], ann["annotator"]):
        assert not CONTROL.search(value)


@FAST
@given(note=hostile_text, title=hostile_text, outlet=hostile_text)
def test_any_string_through_import_annotations_comes_back_clean(note, title, outlet):
    text = "Headline\n\nThe mayor said the bridge will open.\n"
    record = {"id": str(uuid.uuid4()), "article": {"sha256": sha256_text(text), "text": text, "title": title,
                                                    "outlet": outlet},
              "label": "claim", "start": 0, "end": 8, "quote": text[:8], "note": note, "attributed_to": note,
              "annotator": note, "created_at": "2024-05-01T09:30:00.000Z"}
    with Store.open(":memory:") as store:
        report = import_annotations(store, [json.dumps(record)])
        assert report.added == 1, report.skipped
        [ann] = list(store.annotations())
        [art] = store.articles()
        for value in (ann.note, ann.attributed_to, ann.annotator, art["title"], art["outlet"] or ""):
            assert not CONTROL.search(value)


edits = st.lists(st.tuples(st.sampled_from(["tag", "edit", "move", "delete", "undo"]),
                           st.integers(0, 400), st.integers(1, 60), hostile_text), max_size=25)


@settings(max_examples=40, deadline=None)
@given(edits)
def test_text_at_the_offsets_is_the_quote_after_any_edits(steps):
    text = ("Officials said the harbour would reopen. " * 10).strip()
    with Store.open(":memory:") as store:
        article, _, _ = store.import_article(parse_text(text))
        n = len(article.text)
        alive: list[str] = []
        gone: list[str] = []
        for op, pos, length, note in steps:
            start = pos % n
            end = min(n, start + length)
            if start >= end:
                continue
            if op == "tag" or not alive:
                alive.append(store.add_annotation(article.id, "claim", start, end, note=note).id)
            elif op == "edit":
                store.update_annotation(alive[pos % len(alive)], note=note, label="disputed")
            elif op == "move":
                store.update_annotation(alive[pos % len(alive)], start=start, end=end)
            elif op == "delete":
                gone.append(alive.pop(pos % len(alive)))
                store.delete_annotation(gone[-1])
            elif op == "undo" and gone:
                alive.append(gone.pop())
                store.restore_annotation(alive[-1])
            for ann in store.annotations(include_deleted=True):
                assert article.text[ann.start:ann.end] == ann.quote
                assert not CONTROL.search(ann.note)
