"""Suggestions meet the store: relation spans and origin on marks, rejections remembered,
`newsmark suggest` (--json, --accept), and every export carrying source, cue and origin."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from conftest import assert_clean_error, dump

from newsmark.errors import NewsmarkError
from newsmark.export import read_brat_ann
from newsmark.ingest import ImportedText
from newsmark.store import Store
from newsmark.suggest import AttributionSuggestion, ClaimSuggestion, suggest
from newsmark.suggest.open import accept_attribution, accept_claim, open_suggestions, reject

TEXT = (
    "Ministry rejects casualty report\n\n"
    "The Turkish Foreign Ministry said on Friday that the report was fabricated. "
    "\"We have seen no evidence of 40 deaths,\" said Henry Wooster, a ministry spokesman. "
    "He added that the figures were false.\n"
)


@pytest.fixture
def store(db_path):
    s = Store.open(db_path)
    yield s
    s.close()


def _article(store):
    art, _, _ = store.import_article(ImportedText(TEXT, "Ministry rejects casualty report", None))
    return art


def _span(quote: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def test_attribution_keeps_source_cue_and_origin(store):
    art = _article(store)
    ann = store.add_annotation(art.id, "attribution", *_span("the report was fabricated"),
                               attributed_to="the Turkish Foreign Ministry", source=_span("The Turkish Foreign Ministry"),
                               cue=_span("said on"[:4]), origin="suggested")
    again = store.annotation(ann.id)
    assert again.source == _span("The Turkish Foreign Ministry")
    assert TEXT[slice(*again.cue)] == "said"
    assert again.origin == "suggested"
    record = again.to_json()
    assert list(record)[-7:] == ["updated_at", "source", "cue", "origin", "anchor", "status", "verdict"]
    assert record["source"] == list(_span("The Turkish Foreign Ministry")) and record["origin"] == "suggested"
    plain = store.add_annotation(art.id, "claim", *_span("40 deaths"))
    assert (plain.source, plain.cue, plain.origin) == (None, None, "manual")


@pytest.mark.parametrize("change", [{"source": (5, 2)}, {"cue": (0, 10_000)}, {"origin": "guessed"},
                                    {"source": ("a", "b")}])
def test_bad_relation_spans_and_origins_are_refused_and_nothing_stored(store, change):
    art = _article(store)
    before = store.count_annotations()
    with pytest.raises(NewsmarkError):
        store.add_annotation(art.id, "attribution", *_span("the report was fabricated"), **change)
    assert store.count_annotations() == before


def test_update_sets_and_clears_the_source(store):
    art = _article(store)
    ann = store.add_annotation(art.id, "attribution", *_span("the report was fabricated"))
    ann = store.update_annotation(ann.id, source=_span("Henry Wooster"), cue=_span("said"))
    assert TEXT[slice(*ann.source)] == "Henry Wooster"
    ann = store.update_annotation(ann.id, source=None)
    assert ann.source is None and TEXT[slice(*ann.cue)] == "said"


def test_migration_adds_columns_to_an_existing_file(db_path):
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        cols = {row[1]: row for row in conn.execute("PRAGMA table_info(annotations)")}
        assert {"source_start", "source_end", "cue_start", "cue_end", "origin"} <= set(cols)
        assert cols["origin"][4] == "'manual'"
        assert conn.execute("SELECT count(*) FROM rejected_suggestions").fetchone() == (0,)


def test_rejected_suggestion_is_remembered_and_not_offered_again(store):
    art = _article(store)
    found = open_suggestions(store, art, [])
    first = found.attributions[0]
    reject(store, art, first, "ana")
    reject(store, art, first, "ana")  # twice: one row
    rows = store.rejected_suggestions(art.id)
    assert [(r["kind"], r["quote"], r["annotator"]) for r in rows] == [
        ("attribution", TEXT[first.content[0]:first.content[1]], "ana")]
    assert first not in open_suggestions(store, art, []).attributions
    claim = found.claims[0]
    reject(store, art, claim, "ana")
    assert claim not in open_suggestions(store, art, []).claims
    with pytest.raises(NewsmarkError):
        store.reject_suggestion(art.id, "speaker", 0, 4)


def test_accepting_stores_content_speaker_source_cue_and_then_is_no_longer_open(store):
    art = _article(store)
    found = open_suggestions(store, art, [])
    quote = next(a for a in found.attributions if TEXT[a.content[0]] == '"')
    ann = accept_attribution(store, art, quote, "ana")
    assert ann.label == "attribution" and ann.origin == "suggested" and ann.annotator == "ana"
    assert (ann.start, ann.end) == quote.content and ann.attributed_to == "Henry Wooster"
    assert TEXT[slice(*ann.source)] == "Henry Wooster" and TEXT[slice(*ann.cue)] == "said"
    assert quote not in open_suggestions(store, art, []).attributions
    fixed = accept_attribution(store, art, found.attributions[0], "ana", speaker="Ankara")
    assert fixed.attributed_to == "Ankara"
    claim = next(c for c in found.claims if c.label == "disputed")
    stored = accept_claim(store, art, claim, "ana")
    assert stored.label == "disputed" and stored.origin == "suggested"
    assert claim not in open_suggestions(store, art, []).claims


def test_suggest_json_of_a_path_is_the_documented_shape_and_imports_nothing(cli, db_path, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = cli("suggest", path, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"attributions", "claims"}
    assert out["attributions"], out
    for a in out["attributions"]:
        assert list(a) == ["source", "source_text", "cue", "content", "score"]
        s, e = a["content"]
        assert 0 <= s < e <= len(TEXT) and 0 <= a["score"] <= 1
        assert a["source"] is None or TEXT[slice(*a["source"])].strip() == TEXT[slice(*a["source"])]
    for c in out["claims"]:
        assert list(c) == ["start", "end", "label", "score", "why"]
        assert c["label"] in ("claim", "disputed") and c["why"]
    assert any(c["label"] == "disputed" for c in out["claims"])
    assert not db_path.exists()
    human = cli("suggest", path)
    assert human.exit_code == 0 and "Henry Wooster" in human.stdout and "Claims" in human.stdout


def test_min_score_filters_the_listing_too(cli, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    every = json.loads(cli("suggest", path, "--json").stdout)
    scores = sorted(x["score"] for x in every["attributions"] + every["claims"])
    assert len(set(scores)) > 1
    cut = scores[len(scores) // 2]
    kept = json.loads(cli("suggest", path, "--json", "--min-score", str(cut)).stdout)
    assert kept["attributions"] == [a for a in every["attributions"] if a["score"] >= cut]
    assert kept["claims"] == [c for c in every["claims"] if c["score"] >= cut]
    assert 0 < len(kept["attributions"]) + len(kept["claims"]) < len(scores)
    assert_clean_error(cli("suggest", path, "--min-score", "-1"), "--min-score")


def test_suggest_accept_is_one_transaction_idempotent_and_skips_rejected(cli, db_path, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert_clean_error(cli("suggest", path, "--accept"), "not imported")
    assert cli("import", path).exit_code == 0
    store = Store.open(db_path)
    art = store.resolve_article(str(path))
    offered = open_suggestions(store, art)
    reject(store, art, offered.claims[0], "tester")
    result = cli("suggest", path, "--accept", "--min-score", "0", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    marks = list(store.annotations(article_id=art.id))
    assert summary["stored"] == len(marks) > 0
    assert all(m.origin == "suggested" for m in marks)
    # the rejected claim is not stored as a claim (an attribution over the same words may be)
    assert not any((m.start, m.end) == (offered.claims[0].start, offered.claims[0].end) and m.label != "attribution"
                   for m in marks)
    before = dump(db_path)
    again = cli("suggest", path, "--accept", "--min-score", "0", "--json")
    assert json.loads(again.stdout)["stored"] == 0
    assert dump(db_path) == before
    assert_clean_error(cli("suggest", path, "--accept", "--min-score", "7"), "--min-score")


def test_every_export_carries_source_cue_and_origin(cli, db_path, tmp_path):
    store = Store.open(db_path)
    art = _article(store)
    ann = store.add_annotation(art.id, "attribution", *_span("the report was fabricated"),
                               attributed_to="the Turkish Foreign Ministry",
                               source=_span("The Turkish Foreign Ministry"), cue=_span("said"), origin="suggested")
    jsonl = cli("export", "--format", "jsonl")
    record = json.loads(jsonl.stdout.splitlines()[0])
    assert record == json.loads(json.dumps(ann.to_json()))  # the fast row path matches to_json
    assert record["source"] == list(ann.source) and record["cue"] == list(ann.cue) and record["origin"] == "suggested"
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    assert (rows[0]["source_start"], rows[0]["cue_end"], rows[0]["origin"]) == (
        str(ann.source[0]), str(ann.cue[1]), "suggested")
    out = tmp_path / "brat"
    assert cli("export", "--format", "brat", "-o", out).exit_code == 0
    ann_file = (out / f"{art.id}.ann").read_text(encoding="utf-8")
    spans = {s["label"]: s for s in read_brat_ann(ann_file)}
    assert spans["Source"]["text"] == "The Turkish Foreign Ministry" and spans["Cue"]["text"] == "said"
    relations = [line.split("\t")[1] for line in ann_file.splitlines() if line.startswith("R")]
    ids = {s["label"]: s["id"] for s in read_brat_ann(ann_file)}
    assert f"AttributedTo Arg1:{ids['attribution']} Arg2:{ids['Source']}" in relations
    assert f"CuedBy Arg1:{ids['attribution']} Arg2:{ids['Cue']}" in relations
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "\nCue\n" in conf and "CuedBy\tArg1:" in conf
    w3c = json.loads(cli("export", "--format", "w3c").stdout)
    item = w3c["first"]["items"][0]
    extra = {b["purpose"]: b for b in item["body"] if b["type"] == "SpecificResource"}
    assert extra["identifying"]["selector"][0] == {"type": "TextQuoteSelector", "exact": "The Turkish Foreign Ministry"}
    assert extra["describing"]["selector"][1] == {"type": "TextPositionSelector", "start": ann.cue[0], "end": ann.cue[1]}
    assert item["generator"]["type"] == "Software"


def test_import_annotations_reads_the_relation_back(cli, db_path, tmp_path):
    store = Store.open(db_path)
    art = _article(store)
    store.add_annotation(art.id, "attribution", *_span("the report was fabricated"), source=_span("The Turkish"),
                         cue=_span("said"), origin="suggested")
    store.add_annotation(art.id, "claim", *_span("40 deaths"))
    path = tmp_path / "out.jsonl"
    assert cli("export", "--with-text", "-o", path).exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    legacy = json.loads(lines[1])
    for key in ("source", "cue", "origin"):
        legacy.pop(key)  # a line from an older newsmark
    path.write_text(lines[0] + "\n" + json.dumps(legacy) + "\n", encoding="utf-8")
    other = tmp_path / "other.db"
    result = cli("import-annotations", path, db=other)
    assert result.exit_code == 0, result.output
    got = {a.label: a for a in Store.open(other).annotations()}
    assert TEXT[slice(*got["attribution"].source)] == "The Turkish" and got["attribution"].origin == "suggested"
    assert got["claim"].source is None and got["claim"].origin == "imported"
    bad = json.loads(lines[0])
    bad["cue"] = [10, 5_000]
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    result = cli("import-annotations", path, db=tmp_path / "third.db")
    assert result.exit_code == 1 and "cue" in result.stderr


def test_suggestion_types_are_the_documented_ones():
    found = suggest(TEXT, [])
    assert all(isinstance(a, AttributionSuggestion) for a in found.attributions)
    assert all(isinstance(c, ClaimSuggestion) for c in found.claims)
    for a in found.attributions:
        assert TEXT[a.content[0]:a.content[1]].strip() == TEXT[a.content[0]:a.content[1]]
