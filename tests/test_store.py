"""The store API against real SQLite files: annotations, soft delete, edits, bulk, caches."""

from __future__ import annotations

import sqlite3

import pytest

from newsmark.errors import NewsmarkError
from newsmark.ingest import ImportedText, read_article
from newsmark.model import Entity
from newsmark.store import Store, resolve_db_path


@pytest.fixture
def store(db_path):
    with Store.open(db_path) as s:
        yield s


def add_text(store, text, title="T", path=None, **meta):
    article, status, _ = store.import_article(ImportedText(text=text, title=title, path=path, meta=meta))
    return article


def test_add_annotation_stores_quote_and_context(store):
    text = "x" * 40 + "The quoted part." + "y" * 40
    article = add_text(store, text)
    ann = store.add_annotation(article.id, "claim", 40, 56, note="n", attributed_to="who", annotator="me")
    assert ann.quote == "The quoted part."
    assert ann.prefix == "x" * 32 and ann.suffix == "y" * 32
    assert (ann.note, ann.attributed_to, ann.annotator, ann.deleted) == ("n", "who", "me", False)
    assert ann.article == {"id": article.id, "title": "T", "outlet": None, "url": None, "sha256": article.sha256}


def test_update_annotation_refreshes_updated_at_and_span(store):
    article = add_text(store, "Alpha beta gamma delta.")
    ann = store.add_annotation(article.id, "claim", 0, 5)
    changed = store.update_annotation(ann.id, label="disputed", note="why", start=6, end=10)
    assert (changed.label, changed.note, changed.quote) == ("disputed", "why", "beta")
    assert changed.prefix == "Alpha " and changed.suffix == " gamma delta."
    assert changed.updated_at >= ann.updated_at and changed.created_at == ann.created_at
    with pytest.raises(NewsmarkError, match="unknown label"):
        store.update_annotation(ann.id, label="nope")
    with pytest.raises(NewsmarkError, match="outside"):
        store.update_annotation(ann.id, end=999)
    with pytest.raises(NewsmarkError, match="cannot change"):
        store.update_annotation(ann.id, quote="hacked")
    assert store.annotation(ann.id) == changed


def test_soft_delete_keeps_the_row_and_restore_brings_it_back(store):
    article = add_text(store, "Alpha beta gamma.")
    ann = store.add_annotation(article.id, "claim", 0, 5)
    store.delete_annotation(ann.id)
    assert list(store.annotations()) == []
    assert [a.id for a in store.annotations(include_deleted=True)] == [ann.id]
    assert store.annotation(ann.id).deleted
    assert store.articles()[0]["counts"]["claim"] == 0
    restored = store.restore_annotation(ann.id)
    assert not restored.deleted and (restored.start, restored.end) == (0, 5)
    assert store.count_annotations() == 1


def test_annotations_order_and_filters(store):
    a = add_text(store, "First article text here.", title="A")
    b = add_text(store, "Second article text here.", title="B")
    store.add_annotation(b.id, "claim", 7, 14, annotator="x")
    store.add_annotation(a.id, "disputed", 6, 13, annotator="y")
    store.add_annotation(a.id, "claim", 0, 5, annotator="x")
    got = [(n.article_id, n.start) for n in store.annotations()]
    assert got == [(a.id, 0), (a.id, 6), (b.id, 7)]
    assert [n.start for n in store.annotations(label="claim")] == [0, 7]
    assert [n.start for n in store.annotations(annotator="y")] == [6]
    assert [n.start for n in store.annotations(article_id=b.id)] == [7]


def test_bulk_insert_is_one_transaction(store):
    article = add_text(store, "Some words to annotate in bulk.")
    rows = [{"article_id": article.id, "label": "claim", "start": i, "end": i + 3} for i in range(10)]
    assert store.add_annotations(rows) == 10
    bad = rows[:3] + [{"article_id": article.id, "label": "claim", "start": 5, "end": 500}]
    with pytest.raises(NewsmarkError, match="outside"):
        store.add_annotations(bad)
    assert store.count_annotations() == 10
    with pytest.raises(NewsmarkError, match="no article"):
        store.add_annotations([{"article_id": "nope", "label": "claim", "start": 0, "end": 1}])
    assert store.count_annotations() == 10


def test_bulk_insert_keeps_given_ids_and_fields(store):
    article = add_text(store, "Bulk fields test text.")
    store.add_annotations([{"article_id": article.id, "label": "attribution", "start": 0, "end": 4, "note": "n",
                            "attributed_to": "a", "annotator": "b", "id": "fixed-id"}])
    ann = store.annotation("fixed-id")
    assert (ann.quote, ann.note, ann.attributed_to, ann.annotator) == ("Bulk", "n", "a", "b")


def test_resolve_article_by_id_prefix_and_path(store, sample_paths):
    imported = [store.import_article(read_article(p))[0] for p in sample_paths]
    first = imported[0]
    assert store.resolve_article(first.id).id == first.id
    assert store.resolve_article(first.id[:4]).id == first.id
    assert store.resolve_article(str(sample_paths[0])).id == first.id
    with pytest.raises(NewsmarkError, match="no article matches"):
        store.resolve_article("%")
    with pytest.raises(NewsmarkError, match="no article given"):
        store.resolve_article("  ")


def test_resolve_article_ambiguous_prefix(store):
    ids = set()
    i = 0
    while True:  # two articles whose ids share a first character
        article = add_text(store, f"Article number {i}.")
        i += 1
        if any(x[0] == article.id[0] for x in ids):
            prefix = article.id[0]
            break
        ids.add(article.id)
    with pytest.raises(NewsmarkError, match="several articles"):
        store.resolve_article(prefix)


def test_same_text_twice_is_unchanged(store):
    first = add_text(store, "Identical text.", path="/a.txt")
    again, status, message = store.import_article(ImportedText(text="Identical text.", title="T", path="/b.txt"))
    assert status == "unchanged" and again.id == first.id and "unchanged" in message


def test_entity_cache_round_trip_and_invalidated_by_new_text(store, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Ana Ruiz spoke in Lisbon.\n")
    article, _, _ = store.import_article(read_article(path))
    ents = [Entity(0, 8, "PERSON", "Ana Ruiz"), Entity(18, 24, "PLACE", "Lisbon")]
    assert store.cached_entities(article, "builtin@1") is None
    store.cache_entities(article, "builtin@1", ents)
    assert store.cached_entities(article, "builtin@1") == ents
    assert store.cached_entities(article, "builtin@2") is None
    path.write_text("Yesterday Ana Ruiz spoke in Lisbon.\n")
    article2, status, _ = store.import_article(read_article(path))
    assert status == "updated"
    assert store.cached_entities(article2, "builtin@1") is None


def test_full_text_tables_follow_writes(store):
    article = add_text(store, "Harbour fees rise sharply this year.", title="Fees story")
    ann = store.add_annotation(article.id, "claim", 0, 12, note="check the tariff table")
    q = "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?"
    assert len(store.conn.execute(q, ("tariff",)).fetchall()) == 1
    store.update_annotation(ann.id, note="verified")
    assert store.conn.execute(q, ("tariff",)).fetchall() == []
    assert len(store.conn.execute(q, ("verified",)).fetchall()) == 1
    assert len(store.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'fees'").fetchall()) == 1


def test_foreign_keys_and_checks_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        with store.write() as conn:
            conn.execute("INSERT INTO annotations (id, article_id, label, start, \"end\", quote, created_at, updated_at)"
                         " VALUES ('x', 'missing', 'claim', 0, 1, 'q', 'now', 'now')")
    assert store.count_annotations(include_deleted=True) == 0


def test_memory_store():
    store = Store.open(":memory:")
    article = add_text(store, "In memory.")
    assert store.add_annotation(article.id, "claim", 0, 2).quote == "In"


def test_db_path_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSMARK_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(tmp_path / "flag.db") == tmp_path / "flag.db"
    assert resolve_db_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("NEWSMARK_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_db_path(None) == tmp_path / "data" / "newsmark" / "newsmark.db"


def test_default_location_is_created(monkeypatch, tmp_path, runner):
    from newsmark.cli import app

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = runner.invoke(app, ["articles", "--json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "xdg" / "newsmark" / "newsmark.db").exists()


def test_articles_imported_in_the_same_instant_keep_their_import_order(store):
    """Two imports within one clock tick: marks come back in import order, not in the order of
    the articles' random ids."""
    arts = [add_text(store, f"Article number {i} has some words.", title=f"T{i}") for i in range(8)]
    store.conn.execute("UPDATE articles SET imported_at = ?", (arts[0].imported_at,))
    store.conn.commit()
    for art in reversed(arts):
        store.add_annotation(art.id, "claim", 0, 7, annotator="x")
    assert [n.article_id for n in store.annotations()] == [a.id for a in arts]
