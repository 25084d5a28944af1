"""The CLI foundation end to end: import → tag (quote, span) → annotations → export,
with the JSON shapes of DESIGN.md and `text[start:end] == quote` everywhere."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import assert_clean_error, dump
from newsmark.model import LABELS
from newsmark.store import Store

ANNOTATION_KEYS = ["id", "article", "label", "start", "end", "quote", "prefix", "suffix", "note", "attributed_to",
                   "annotator", "created_at", "updated_at", "source", "cue", "origin", "anchor", "status", "verdict"]
ARTICLE_REF_KEYS = ["id", "title", "outlet", "url", "sha256"]
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def import_one(cli, path) -> str:
    result = cli("import", "--json", path)
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    return record["id"]


@pytest.fixture
def wire(cli, sample_paths):
    path = next(p for p in sample_paths if p.name.startswith("wire-report"))
    return import_one(cli, path), path


def article_text(db_path, article_id) -> str:
    with Store.open(db_path) as store:
        return store.article(article_id).text


# -- JSON shapes --------------------------------------------------------------------


def test_import_json_shape(cli, sample_paths):
    result = cli("import", "--json", *sample_paths)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == len(sample_paths)
    for record, path in zip(records, sample_paths):
        assert list(record) == ["id", "title", "path", "status"]
        assert record["status"] == "new"
        assert record["path"] == str(path.resolve())
    again = json.loads(cli("import", "--json", *sample_paths).stdout)
    assert [r["status"] for r in again] == ["unchanged"] * len(sample_paths)
    assert [r["id"] for r in again] == [r["id"] for r in records]


def test_import_json_stdout_is_only_json(cli, tmp_path, sample_paths):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = cli("import", "--json", sample_paths[0], bad)
    assert result.exit_code == 1
    records = json.loads(result.stdout)  # nothing but JSON on stdout
    assert [r["status"] for r in records] == ["new", "error"]
    assert list(records[1]) == ["id", "title", "path", "status", "error"]
    assert records[1]["error"] in result.stderr


def test_articles_json_shape(cli, wire):
    article_id, _ = wire
    cli("tag", article_id, "claim", "--span", "0:10")
    cli("tag", article_id, "attribution", "--span", "20:30")
    cli("tag", article_id, "attribution", "--span", "40:50")
    result = cli("articles", "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert list(row) == ["id", "title", "outlet", "url", "published", "path", "counts"]
    assert row["id"] == article_id
    assert row["outlet"] == "Meridian Wire"
    assert row["published"] == "2026-03-14"
    assert row["url"].startswith("https://example.org/")
    assert row["counts"] == {"claim": 1, "attribution": 2, "disputed": 0}


def test_annotations_json_shape(cli, db_path, wire):
    article_id, _ = wire
    result = cli("tag", article_id, "attribution", "--quote", "Joana Albuquerque", "--nth", "1",
                 "--note", "union leader", "--attributed-to", "Joana Albuquerque")
    assert result.exit_code == 0, result.output
    ann_id = result.stdout.strip()
    result = cli("annotations", "--json")
    assert result.exit_code == 0, result.output
    [ann] = json.loads(result.stdout)
    assert list(ann) == ANNOTATION_KEYS
    assert list(ann["article"]) == ARTICLE_REF_KEYS
    assert ann["id"] == ann_id
    assert ann["article"]["id"] == article_id
    assert ann["article"]["outlet"] == "Meridian Wire"
    assert ann["label"] == "attribution"
    assert ann["quote"] == "Joana Albuquerque"
    assert ann["note"] == "union leader"
    assert ann["attributed_to"] == "Joana Albuquerque"
    assert ann["annotator"] == "tester"
    assert ISO_UTC.match(ann["created_at"]) and ann["created_at"] == ann["updated_at"]
    text = article_text(db_path, article_id)
    assert ann["article"]["sha256"] == __import__("hashlib").sha256(text.encode()).hexdigest()
    assert text[ann["start"]:ann["end"]] == ann["quote"]
    assert ann["prefix"] == text[max(0, ann["start"] - 32):ann["start"]]
    assert ann["suffix"] == text[ann["end"]:ann["end"] + 32]


def test_tag_json_prints_the_annotation(cli, wire):
    article_id, _ = wire
    result = cli("tag", article_id, "claim", "--span", "5:25", "--json")
    assert result.exit_code == 0, result.output
    ann = json.loads(result.stdout)
    assert list(ann) == ANNOTATION_KEYS


def test_annotations_filters(cli, sample_paths):
    ids = [import_one(cli, p) for p in sample_paths[:2]]
    cli("tag", ids[0], "claim", "--span", "0:5")
    cli("tag", ids[0], "disputed", "--span", "5:9")
    cli("tag", ids[1], "claim", "--span", "1:4")
    by_article = json.loads(cli("annotations", ids[0][:6], "--json").stdout)
    assert {a["article"]["id"] for a in by_article} == {ids[0]} and len(by_article) == 2
    by_path = json.loads(cli("annotations", sample_paths[1], "--json").stdout)
    assert [a["article"]["id"] for a in by_path] == [ids[1]]
    claims = json.loads(cli("annotations", "--label", "claim", "--json").stdout)
    assert sorted(a["article"]["id"] for a in claims) == sorted(ids)
    result = cli("annotations", "--label", "opinion")
    assert_clean_error(result, "unknown label", *LABELS)


# -- tagging ------------------------------------------------------------------------


def test_tag_by_unique_quote(cli, db_path, wire):
    article_id, _ = wire
    quote = "We came to the table with a serious offer and we left with nothing"
    result = cli("tag", article_id, "claim", "--quote", quote)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    ann_id = result.stdout.strip()
    with Store.open(db_path) as store:
        ann = store.annotation(ann_id)
        text = store.article(article_id).text
    assert ann.quote == quote and text[ann.start:ann.end] == quote
    assert ann.annotator == "tester"


def test_tagging_the_same_mark_twice_keeps_one(cli, db_path, wire):
    article_id, _ = wire
    quote = "We came to the table with a serious offer and we left with nothing"
    first = cli("tag", article_id, "claim", "--quote", quote, "--note", "check the offer")
    again = cli("tag", article_id, "claim", "--quote", quote, "--note", "check the offer")
    assert again.exit_code == 0 and again.stdout == first.stdout
    assert "already marked" in again.stderr and "nothing added" in again.stderr
    # another label, note or annotator is another mark
    assert cli("tag", article_id, "disputed", "--quote", quote).stdout != first.stdout
    assert cli("tag", article_id, "claim", "--quote", quote).stdout != first.stdout
    assert cli("tag", article_id, "claim", "--quote", quote, "--note", "check the offer",
               annotator="ben").stdout != first.stdout
    # the note as the store keeps it (NFC, no control characters) is the same note
    decomposed = cli("tag", article_id, "claim", "--quote", quote, "--note", "cafe\u0301 \x07check")
    assert cli("tag", article_id, "claim", "--quote", quote, "--note", "cafe\u0301 \x07check").stdout == decomposed.stdout
    with Store.open(db_path) as store:
        assert len(list(store.annotations(article_id=article_id))) == 5


def test_tag_ambiguous_quote_lists_occurrences(cli, db_path, wire):
    article_id, _ = wire
    text = article_text(db_path, article_id)
    starts = [m.start() for m in re.finditer("Albuquerque", text)]
    assert len(starts) > 1
    before = dump(db_path)
    result = cli("tag", article_id, "claim", "--quote", "Albuquerque")
    assert_clean_error(result, f"occurs {len(starts)} times", "--nth", str(starts[0]), str(starts[1]))
    assert dump(db_path) == before


def test_tag_nth_picks_the_occurrence(cli, db_path, wire):
    article_id, _ = wire
    text = article_text(db_path, article_id)
    starts = [m.start() for m in re.finditer("Albuquerque", text)]
    result = cli("tag", article_id, "attribution", "--quote", "Albuquerque", "--nth", "2", "--json")
    assert result.exit_code == 0, result.output
    ann = json.loads(result.stdout)
    assert (ann["start"], ann["end"]) == (starts[1], starts[1] + len("Albuquerque"))
    for nth in ("0", str(len(starts) + 1)):
        result = cli("tag", article_id, "claim", "--quote", "Albuquerque", "--nth", nth)
        assert_clean_error(result, "out of range", f"1..{len(starts)}")


def test_tag_quote_not_found_suggests_closest(cli, db_path, wire):
    article_id, _ = wire
    before = dump(db_path)
    result = cli("tag", article_id, "claim", "--quote", "we came to the table with a serius offer")
    assert_clean_error(result, "is not in article", "closest text", "came to the table with a serious offer")
    assert dump(db_path) == before


def test_tag_quote_is_normalised_like_the_text(cli, db_path, tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_text("Le caf\u00e9 du port a ferm\u00e9.\n")
    article_id = import_one(cli, path)
    result = cli("tag", article_id, "claim", "--quote", "cafe\u0301 du port", "--json")  # NFD input
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["quote"] == "caf\u00e9 du port"


@pytest.mark.parametrize("span", ["-1:5", "5:5", "9:3", "0:999999", "a:b", "12", "3:"])
def test_tag_span_bounds_checked(cli, db_path, wire, span):
    article_id, _ = wire
    before = dump(db_path)
    result = cli("tag", article_id, "claim", "--span", span)
    assert_clean_error(result, "span")
    assert dump(db_path) == before


def test_tag_span_at_the_very_end(cli, db_path, wire):
    article_id, _ = wire
    n = len(article_text(db_path, article_id))
    result = cli("tag", article_id, "claim", "--span", f"{n - 5}:{n}", "--json")
    assert result.exit_code == 0, result.output
    ann = json.loads(result.stdout)
    assert ann["suffix"] == "" and len(ann["quote"]) == 5


def test_tag_unknown_label_lists_labels(cli, db_path, wire):
    article_id, _ = wire
    before = dump(db_path)
    result = cli("tag", article_id, "opinion", "--span", "0:4")
    assert_clean_error(result, "unknown label 'opinion'", "claim, attribution, disputed")
    assert dump(db_path) == before


@pytest.mark.parametrize(
    "args, needle",
    [
        ([], "exactly one of --quote"),
        (["--quote", "x", "--span", "0:1"], "exactly one of --quote"),
        (["--span", "0:4", "--nth", "2"], "--nth"),
        (["--quote", "   "], "empty"),
    ],
)
def test_tag_option_mistakes(cli, db_path, wire, args, needle):
    article_id, _ = wire
    before = dump(db_path)
    result = cli("tag", article_id, "claim", *args)
    assert_clean_error(result, needle)
    assert dump(db_path) == before


def test_tag_unknown_article(cli, db_path, wire):
    before = dump(db_path)
    result = cli("tag", "zzzz", "claim", "--span", "0:4")
    assert_clean_error(result, "no article matches", "newsmark articles")
    assert dump(db_path) == before


def test_tag_by_imported_path(cli, db_path, wire):
    article_id, path = wire
    result = cli("tag", path, "claim", "--span", "0:4", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["id"] == article_id


# -- re-import ----------------------------------------------------------------------


def test_reimport_unchanged_is_a_noop(cli, db_path, wire):
    article_id, path = wire
    cli("tag", article_id, "claim", "--span", "0:8")
    before = dump(db_path)
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:2] == ["unchanged", article_id]
    assert dump(db_path) == before


def test_reimport_changed_text_reanchors_annotations(cli, db_path, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Harbour news\n\nThe mayor said the port will reopen. Critics disagree.\n")
    article_id = import_one(cli, path)
    kept = json.loads(cli("tag", article_id, "claim", "--quote", "the port will reopen", "--json").stdout)
    gone = json.loads(cli("tag", article_id, "disputed", "--quote", "Critics disagree.", "--json").stdout)
    path.write_text("Harbour news\n\nUPDATE: a paragraph added on top.\n\nThe mayor said the port will reopen.\n")
    result = cli("import", "--json", path)
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record == {"id": article_id, "title": "Harbour news", "path": str(path.resolve()), "status": "updated"}
    result = cli("import", path)  # and the human form says what happened
    assert result.stdout.split()[0] == "unchanged"
    with Store.open(db_path) as store:
        text = store.article(article_id).text
        moved = store.annotation(kept["id"])
        orphan = store.annotation(gone["id"])
        assert text[moved.start:moved.end] == moved.quote == "the port will reopen"
        assert moved.start > kept["start"]
        assert moved.prefix == text[max(0, moved.start - 32):moved.start]
        assert moved.anchor == "moved"
        # the quote is gone: the mark is kept, orphaned, with its quote and offsets into the old text
        assert not orphan.deleted and orphan.anchor == "orphaned"
        assert orphan.quote == "Critics disagree." and orphan.anchor_quote == "Critics disagree."
        (old_text,) = [row[2] for row in store_rows(db_path, "article_versions") if row[1] == orphan.anchor_sha256]
        assert old_text[orphan.start:orphan.end] == orphan.quote
        assert sorted(a.id for a in store.annotations()) == sorted([kept["id"], gone["id"]])
    assert len(store_rows(db_path, "article_versions")) == 1


def test_reimport_changed_text_human_output_names_orphaned(cli, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Title\n\nAlpha beta gamma.\n")
    article_id = import_one(cli, path)
    cli("tag", article_id, "claim", "--quote", "beta")
    path.write_text("Title\n\nAlpha delta gamma.\n")
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:2] == ["updated", article_id]
    assert "1 orphaned" in result.stderr and "need a look" in result.stderr


def test_restore_after_reimport_reanchors(db_path, tmp_path):
    from newsmark.ingest import read_article

    path = tmp_path / "story.txt"
    path.write_text("Title\n\nThe budget grew by 4 percent.\n")
    with Store.open(db_path) as store:
        article, _, _ = store.import_article(read_article(path))
        ann = store.add_annotation(article.id, "claim", *_span(article.text, "4 percent"))
        store.delete_annotation(ann.id)
        path.write_text("Title\n\nNew lead paragraph.\n\nThe budget grew by 4 percent.\n")
        store.import_article(read_article(path))
        back = store.restore_annotation(ann.id)
        text = store.article(article.id).text
    assert not back.deleted
    assert text[back.start:back.end] == back.quote == "4 percent"


def _span(text, quote):
    start = text.index(quote)
    return start, start + len(quote)


def store_rows(db_path, table):
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        conn.close()


# -- every sample article, end to end ----------------------------------------------


def _phrases(text: str) -> list[str]:
    """A few unique phrases from the article to tag by quote."""
    words = re.findall(r"\S+(?: \S+){3}", text)
    found = []
    for phrase in words:
        if text.count(phrase) == 1 and phrase not in found:
            found.append(phrase)
        if len(found) == 3:
            break
    return found


def test_every_sample_round_trips_with_quote_invariant(cli, db_path, tmp_path, sample_paths):
    result = cli("import", *sample_paths)
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        articles = {a["id"]: store.article(a["id"]) for a in store.articles()}
    assert len(articles) == len(sample_paths)
    for article in articles.values():
        for i, phrase in enumerate(_phrases(article.text)):
            label = LABELS[i % len(LABELS)]
            result = cli("tag", article.id, label, "--quote", phrase, "--note", "=SUM(A1)")
            assert result.exit_code == 0, result.output
        n = len(article.text)
        for start, end in [(0, 1), (n // 3, n // 3 + 40), (n - 17, n)]:
            result = cli("tag", article.id, "claim", "--span", f"{start}:{end}")
            assert result.exit_code == 0, result.output
        # also a span that starts with a formula-looking character, for the csv check
        dash = article.text.find("-")
        if dash >= 0:
            assert cli("tag", article.id, "disputed", "--span", f"{dash}:{dash + 5}").exit_code == 0
    total = sum(1 for _ in Store.open(db_path).annotations())
    assert total >= 6 * len(articles)

    jsonl = cli("export", "--format", "jsonl")
    assert jsonl.exit_code == 0, jsonl.output
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(records) == total
    for rec in records:
        assert list(rec) == ANNOTATION_KEYS
        text = articles[rec["article"]["id"]].text
        assert text[rec["start"]:rec["end"]] == rec["quote"]
        assert rec["prefix"] == text[max(0, rec["start"] - 32):rec["start"]]
        assert rec["suffix"] == text[rec["end"]:rec["end"] + 32]

    out = tmp_path / "all.csv"
    result = cli("export", "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == total
    for row in rows:
        text = articles[row["article_id"]].text
        start, end = int(row["start"]), int(row["end"])
        quote = text[start:end]
        # formula-looking cells carry a leading apostrophe; everything else is verbatim
        expected = "'" + quote if quote[:1] in ("=", "+", "-", "@", "\t") else quote
        assert row["quote"] == expected, row
        assert row["note"] in ("", "'=SUM(A1)")


def test_export_filters_and_file_output(cli, tmp_path, sample_paths):
    ids = [import_one(cli, p) for p in sample_paths[:2]]
    cli("tag", ids[0], "claim", "--span", "0:5")
    cli("tag", ids[1], "disputed", "--span", "0:5")
    only = json.loads(cli("export", "--label", "disputed").stdout)
    assert only["article"]["id"] == ids[1]
    lines = cli("export", "--article", ids[0]).stdout.splitlines()
    assert [json.loads(line)["label"] for line in lines] == ["claim"]
    out = tmp_path / "x.jsonl"
    assert cli("export", "-o", out).exit_code == 0
    assert len(out.read_text().splitlines()) == 2
    result = cli("export", "-o", out)
    assert_clean_error(result, "already exists", "--force")
    assert cli("export", "-o", out, "--force", "--label", "claim").exit_code == 0
    assert len(out.read_text().splitlines()) == 1
    result = cli("export", "--format", "xml")
    assert_clean_error(result, "unknown export format", "jsonl")


def test_csv_neutralises_formula_cells(cli, tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("Sheet test\n\n=HYPERLINK(\"http://x\") and +1 and @cmd and -2\n")
    article_id = import_one(cli, path)
    for quote in ('=HYPERLINK("http://x")', "+1", "@cmd", "-2"):
        assert cli("tag", article_id, "claim", "--quote", quote, "--note", quote).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    assert sorted(r["quote"] for r in rows) == sorted(["'" + q for q in ('=HYPERLINK("http://x")', "+1", "@cmd", "-2")])
    assert all(r["note"] == r["quote"] for r in rows)


def test_articles_human_listing(cli, wire):
    article_id, _ = wire
    cli("tag", article_id, "claim", "--span", "0:4")
    result = cli("articles")
    assert result.exit_code == 0
    assert article_id in result.stdout and "Dockworkers extend strike" in result.stdout


def test_empty_database_listings_go_to_stderr(cli):
    for command in ("articles", "annotations"):
        result = cli(command)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert result.stderr
    assert json.loads(cli("articles", "--json").stdout) == []
    assert json.loads(cli("annotations", "--json").stdout) == []


def test_an_empty_listing_of_a_database_it_just_made_says_the_path_may_be_a_typo(cli, tmp_path):
    typo = tmp_path / "desk.dbb"
    first = cli("articles", db=typo)
    assert first.exit_code == 0 and "did not exist: this made it, empty; check the path for a typo" in first.stderr
    assert str(typo) in first.stderr
    again = cli("articles", db=typo)  # there now: an empty desk, no hint
    assert again.exit_code == 0 and "typo" not in again.stderr
    assert "typo" in cli("annotations", db=tmp_path / "other.dbb").stderr


def test_reimport_with_edited_front_matter_updates_metadata(cli, db_path, tmp_path):
    path = tmp_path / "story.md"
    body = "# Heading\n\nThe council met on Monday.\n"
    path.write_text("---\ntitle: Old title\noutlet: Old Outlet\n---\n" + body)
    article_id = import_one(cli, path)
    ann = json.loads(cli("tag", article_id, "claim", "--quote", "The council met", "--json").stdout)
    path.write_text("---\ntitle: New title\noutlet: New Outlet\npublished: 2026-01-02\n---\n" + body)
    [record] = json.loads(cli("import", "--json", path).stdout)
    assert (record["id"], record["status"], record["title"]) == (article_id, "updated", "New title")
    [row] = json.loads(cli("articles", "--json").stdout)
    assert (row["title"], row["outlet"], row["published"]) == ("New title", "New Outlet", "2026-01-02")
    [after] = json.loads(cli("annotations", "--json").stdout)
    assert (after["id"], after["start"], after["end"]) == (ann["id"], ann["start"], ann["end"])
    assert after["article"]["title"] == "New title"
    [again] = json.loads(cli("import", "--json", path).stdout)
    assert again["status"] == "unchanged"


def test_demo_never_imports_into_the_database_named_by_newsmark_db(runner, tmp_path, monkeypatch):
    from newsmark.cli import app
    from newsmark.store import default_db_path

    real = tmp_path / "my-real-work.db"
    monkeypatch.setenv("NEWSMARK_DB", str(real))
    result = runner.invoke(app, ["demo", "--no-ui"])
    assert result.exit_code == 0, result.output
    assert "not NEWSMARK_DB" in result.stderr
    assert not real.exists()  # the user's own database is untouched (not even created)
    demo_db = default_db_path().with_name("demo.db")
    with Store.open(demo_db) as store:
        assert len(store.articles()) >= 4
    # An explicit --db on the command line still chooses where the demo goes.
    chosen = tmp_path / "chosen.db"
    result = runner.invoke(app, ["--db", str(chosen), "demo", "--no-ui"])
    assert result.exit_code == 0, result.output
    with Store.open(chosen) as store:
        assert len(store.articles()) >= 4


def test_labels_are_taken_in_any_case(cli, wire):
    article_id, _ = wire
    mark = json.loads(cli("tag", article_id, "Claim", "--span", "5:25", "--json").stdout)
    assert mark["label"] == "claim"
    assert [a["id"] for a in json.loads(cli("annotations", "--label", "CLAIM", "--json").stdout)] == [mark["id"]]
    assert cli("export", "--label", "Claim").stdout.count("\n") == 1
    assert_clean_error(cli("tag", article_id, "Opinion", "--span", "5:25"), "unknown label", "claim")
