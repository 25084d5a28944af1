"""Bulk writes: import-annotations and add_annotations (suggest --accept) index their rows and
fold their words into the search vocabulary once, in the same transaction, instead of row by
row through triggers; the index, the vocabulary and search stay what row-by-row writes give."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest

from newsmark.ingest import ImportedText
from newsmark.search import search, words
from newsmark.store import Store

TEXT = (
    "Dam talks\n\n"
    "The dam will release 40 cubic metres a second, the water board said. "
    "Inês Carvalhal said the dispute cost 38 million euros a day. "
    "Marco Buccino told reporters the strike continues. "
    "Critics said the board hid the losses for years.\n"
)
SENTENCES = [s for s in TEXT.split("\n\n")[1].strip().split(". ")]


def _span(sentence: str) -> tuple[int, int]:
    sentence = sentence.rstrip(".")
    start = TEXT.index(sentence)
    return start, start + len(sentence)


def _records(sha: str, n: int = 40) -> list[dict]:
    out = []
    for i in range(n):
        start, end = _span(SENTENCES[i % len(SENTENCES)])
        out.append({"id": f"00000000-0000-4000-8000-{i:012d}", "label": ("claim", "attribution", "disputed")[i % 3],
                    "start": start, "end": end, "quote": TEXT[start:end], "note": f"note{i} check figure",
                    "attributed_to": "Marco Buccino" if i % 3 == 1 else "", "annotator": "ana",
                    "created_at": f"2026-03-01T12:00:{i % 60:02d}.000Z", "updated_at": f"2026-03-01T12:00:{i % 60:02d}.000Z",
                    "deleted": i % 17 == 5, "article": {"sha256": sha, "title": "Dam talks", "text": TEXT}})
    return out


def _vocab(conn) -> dict[str, int]:
    return {t: d for t, d in conn.execute("SELECT term, df FROM search_vocab") if d}


def _vocab_from_scratch(conn) -> dict[str, int]:
    df: Counter = Counter()
    for quote, note, source in conn.execute("SELECT quote, note, attributed_to FROM annotations"):
        df.update(set(words(quote)) | set(words(note)) | set(words(source)))
    return dict(df)


def _fts_rows(conn) -> list[tuple]:
    # what the index holds for each row: its tokens, read back through the FTS5 table itself
    return sorted(conn.execute(
        "SELECT rowid, quote, note, attributed_to FROM annotations WHERE rowid IN"
        " (SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH 'check OR dam OR buccino OR critics')"))


def _check_index(conn) -> None:
    conn.execute("INSERT INTO annotations_fts (annotations_fts, rank) VALUES ('integrity-check', 1)")
    assert conn.execute("SELECT count(*) FROM search_pending WHERE kind = 'a'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM bulk_write").fetchone()[0] == 0
    assert _vocab(conn) == _vocab_from_scratch(conn)


@pytest.fixture()
def article_db(tmp_path):
    path = tmp_path / "news.db"
    with Store.open(path) as store:
        art, _, _ = store.import_article(ImportedText(TEXT, "Dam talks", None))
        search(store, "dam")  # fold the article's title: nothing is pending before the bulk write
    return path, art


def test_import_annotations_indexes_and_folds_the_batch_in_its_transaction(cli, tmp_path, article_db):
    path, art = article_db
    records = _records(art.sha256)
    # the same id twice in one file: the newer line updates a row of this very batch
    later = dict(records[0], note="revised note", updated_at="2026-03-02T00:00:00.000Z")
    lines = [json.dumps(r) for r in records] + [json.dumps(later)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import-annotations", tmp_path / "in.jsonl", "--json", db=path)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["added"], report["updated"]) == (40, 1)
    with sqlite3.connect(path) as conn:
        _check_index(conn)
        assert conn.execute("SELECT note FROM annotations WHERE id = ?", (records[0]["id"],)).fetchone() == ("revised note",)
        # the index holds the row's final text, not the first line's
        hit = conn.execute("SELECT a.id FROM annotations_fts f JOIN annotations a ON a.rowid = f.rowid"
                           " WHERE annotations_fts MATCH 'revised'").fetchall()
        assert hit == [(records[0]["id"],)]
        assert not conn.execute("SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH 'note0'").fetchall()
    with Store.open(path) as store:
        found = [h.annotation.id for h in search(store, "revised note")]
        assert found[0] == records[0]["id"]
        assert {h.annotation.id for h in search(store, "note7", limit=5)} == {records[7]["id"]}


def test_bulk_and_row_by_row_writes_give_the_same_index_and_vocabulary(tmp_path, article_db):
    path, art = article_db
    rows = [{"article_id": art.id, "label": "claim", "start": s, "end": e, "note": f"n{i}", "annotator": "ana"}
            for i, (s, e) in enumerate(_span(x) for x in SENTENCES * 5)]
    with Store.open(path) as store:
        assert store.add_annotations(rows) == len(rows)
        bulk = (_fts_rows(store.conn), _vocab(store.conn))
        _check_index(store.conn)
    one_by_one = tmp_path / "one.db"
    with Store.open(one_by_one) as store:
        art2, _, _ = store.import_article(ImportedText(TEXT, "Dam talks", None))
        for row in rows:
            store.add_annotation(art2.id, row["label"], row["start"], row["end"], note=row["note"], annotator="ana")
        search(store, "dam")  # the row-by-row path folds on the first search
        assert (_fts_rows(store.conn), _vocab(store.conn)) == bulk


def test_a_failed_bulk_write_leaves_nothing_behind(tmp_path, article_db):
    path, art = article_db
    with Store.open(path) as store:
        before = (store.count_annotations(include_deleted=True), _vocab(store.conn))
        good = {"article_id": art.id, "label": "claim", "start": 12, "end": 20}
        with pytest.raises(Exception):
            store.add_annotations([good, good | {"label": "no-such-label"}])
        assert (store.count_annotations(include_deleted=True), _vocab(store.conn)) == before
        assert store.conn.execute("SELECT count(*) FROM bulk_write").fetchone()[0] == 0
        # and single writes after it are indexed by the triggers again
        store.add_annotation(art.id, "claim", *_span(SENTENCES[2]), note="afterwards")
        assert [h.annotation.note for h in search(store, "afterwards")] == ["afterwards"]
        _check_index(store.conn)


def test_updates_outside_the_batch_still_reindex_through_the_triggers(tmp_path, article_db):
    path, art = article_db
    with Store.open(path) as store:
        old = store.add_annotation(art.id, "claim", *_span(SENTENCES[0]), note="first wording")
        with store.write(), store.bulk():
            store.conn.execute("UPDATE annotations SET note = 'second wording' WHERE id = ?", (old.id,))
            store._insert_annotation(art, "claim", *_span(SENTENCES[1]), note="fresh", attributed_to="",
                                     annotator="", annotation_id=None)
        assert [h.annotation.id for h in search(store, "second wording")][0] == old.id
        assert not store.conn.execute("SELECT 1 FROM annotations_fts WHERE annotations_fts MATCH 'first'").fetchall()
        store.conn.execute("INSERT INTO annotations_fts (annotations_fts, rank) VALUES ('integrity-check', 1)")
