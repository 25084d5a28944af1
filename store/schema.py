"""The database schema, owned by sqlite-utils Migrations: one function per step.

Append new steps at the end; never edit a step that has shipped. A database that has a
step this code does not know was made by a newer newsmark and is refused.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "newsmark"


class _Steps:
    """The schema steps in order, registered with `@migrations()` as with sqlite-utils'
    Migrations. Checking which steps a file has is one plain query (a reading command never
    imports sqlite_utils); sqlite-utils' Migrations, and sqlite_utils with it, is loaded only
    when a step has to run."""

    table = "_sqlite_migrations"  # sqlite-utils' own record of applied steps

    def __init__(self, name: str):
        self.name = name
        self.steps: list = []

    def __call__(self, *, name: str | None = None, transactional: bool = True):
        def register(fn):
            self.steps.append((name or fn.__name__, fn, transactional))
            return fn

        return register

    def names(self) -> list[str]:
        return [step[0] for step in self.steps]

    def applied_names(self, conn: sqlite3.Connection) -> list[str]:
        """The steps this file has, in the order they ran (what Migrations.applied reads)."""
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (self.table,)).fetchone():
            return []
        rows = conn.execute(f"SELECT name FROM {self.table} WHERE migration_set = ? ORDER BY rowid", (self.name,))
        return [row[0] for row in rows]

    def pending_names(self, conn: sqlite3.Connection) -> list[str]:
        applied = set(self.applied_names(conn))
        return [name for name in self.names() if name not in applied]

    def apply(self, db: "Database") -> None:
        """Run the pending steps through sqlite-utils' Migrations (one transaction each, with its record)."""
        from sqlite_utils.migrations import Migrations

        real = Migrations(self.name)
        for name, fn, transactional in self.steps:
            real(name=name, transactional=transactional)(fn)
        real.apply(db)


migrations = _Steps(MIGRATION_SET)


@migrations()
def m001_articles_and_annotations(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            outlet TEXT,
            url TEXT,
            published TEXT,
            path TEXT,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            imported_at TEXT NOT NULL,
            updated_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX articles_path ON articles(path)")
    db.execute(
        """
        CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            label TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            attributed_to TEXT NOT NULL DEFAULT '',
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            CHECK (start >= 0 AND "end" > start)
        )
        """
    )
    db.execute("CREATE INDEX annotations_article ON annotations(article_id, start)")
    db.execute("CREATE INDEX annotations_label ON annotations(label)")
    # Earlier texts of re-imported articles, so offsets of set-aside annotations still mean something.
    db.execute(
        """
        CREATE TABLE article_versions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            sha256 TEXT NOT NULL,
            text TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            PRIMARY KEY (article_id, sha256)
        )
        """
    )
    # Also the reader's suggestions, under keys "suggest@<engine>/<recogniser key>" (a JSON
    # of `newsmark suggest --json`'s shape in `entities`): with no schema step of their own,
    # a read-only archive made by an older newsmark still opens.
    db.execute(
        """
        CREATE TABLE entity_cache (
            article_id TEXT NOT NULL REFERENCES articles(id),
            recognizer TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            entities TEXT NOT NULL,
            computed_at TEXT NOT NULL,
            PRIMARY KEY (article_id, recognizer)
        )
        """
    )


@migrations()
def m002_full_text_search(db: Database) -> None:
    # Kept in sync by triggers, so every write path (CLI, TUI, sqlite3 by hand) updates it.
    db["annotations"].enable_fts(["quote", "note", "attributed_to"], create_triggers=True)
    db["articles"].enable_fts(["title"], create_triggers=True)


def known_names() -> list[str]:
    return migrations.names()


@migrations()
def m003_actor_registry(db: Database) -> None:
    # An actor is one person or body; its aliases are the spellings a user linked to it.
    # `normalised` is newsmark.actors.normalise_name(alias): unique, so one spelling is never two actors.
    db.execute(
        """
        CREATE TABLE actors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            label TEXT,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE actor_aliases (
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            normalised TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            PRIMARY KEY (actor_id, normalised)
        )
        """
    )
    db.execute("CREATE INDEX actor_aliases_actor ON actor_aliases(actor_id)")


@migrations()
def m004_search_vocabulary(db: Database) -> None:
    # Fuzzy search expands each query word against this vocabulary (rapidfuzz over the terms,
    # in memory), then reads postings from annotations_fts / articles_fts. Triggers only queue
    # changed rows; newsmark.search folds their words into the vocabulary before a search,
    # because SQL triggers cannot run the Python tokeniser. `df` counts rows per term (an
    # upper estimate once texts are edited); terms are never removed, which only costs an
    # empty posting lookup.
    db.execute(
        "CREATE TABLE search_vocab (term TEXT PRIMARY KEY, df INTEGER NOT NULL DEFAULT 0,"
        " title_df INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE search_pending (kind TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (kind, row)) WITHOUT ROWID"
    )
    db.execute("CREATE TABLE search_state (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)")
    db.execute("INSERT INTO search_state (id, generation) VALUES (1, 0)")
    for name, table, event, kind in (
        ("search_pending_annotation_insert", "annotations", "INSERT", "a"),
        ("search_pending_annotation_update", "annotations", "UPDATE OF quote, note, attributed_to", "a"),
        ("search_pending_article_insert", "articles", "INSERT", "t"),
        ("search_pending_article_update", "articles", "UPDATE OF title", "t"),
    ):
        db.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN"
            f" INSERT OR IGNORE INTO search_pending (kind, row) VALUES ('{kind}', new.rowid); END"
        )
    db.execute("INSERT INTO search_pending (kind, row) SELECT 'a', rowid FROM annotations")
    db.execute("INSERT INTO search_pending (kind, row) SELECT 't', rowid FROM articles")


@migrations()
def m005_suggestions(db: Database) -> None:
    # An attribution keeps its relation, PARC-style: the content is the mark's span; the
    # source mention and the cue are optional spans of the same text (both ends or neither).
    # `origin` says how the mark came in: typed by hand, accepted from a suggestion, imported.
    for column in ("source_start", "source_end", "cue_start", "cue_end"):
        db.execute(f"ALTER TABLE annotations ADD COLUMN {column} INTEGER")
    db.execute(
        "ALTER TABLE annotations ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual'"
        " CHECK (origin IN ('manual', 'suggested', 'imported'))"
    )
    # A rejected suggestion is remembered by its kind and its text (the quote), with the
    # offsets it had, so it is not offered again for that text, even after a re-import moves it.
    db.execute(
        """
        CREATE TABLE rejected_suggestions (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            kind TEXT NOT NULL CHECK (kind IN ('attribution', 'claim')),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            rejected_at TEXT NOT NULL,
            annotator TEXT NOT NULL DEFAULT '',
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (article_id, kind, quote)
        )
        """
    )


@migrations()
def m006_web_provenance_and_anchors(db: Database) -> None:
    # What the extractor found beside title/outlet/url/published.
    db.execute("ALTER TABLE articles ADD COLUMN authors TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN language TEXT")
    # How each mark was placed after the article's text last changed: exact, moved, fuzzy
    # (found after edits: needs a look) or orphaned (not found: kept with its old quote).
    # `anchor_quote` is the quote before the change (shown beside the new one for review);
    # `anchor_sha256` is the sha256 of the text an orphaned mark's offsets still point into
    # (in article_versions); NULL means the article's current text.
    db.execute("ALTER TABLE annotations ADD COLUMN anchor TEXT NOT NULL DEFAULT 'exact'")
    db.execute("ALTER TABLE annotations ADD COLUMN anchor_quote TEXT")
    db.execute("ALTER TABLE annotations ADD COLUMN anchor_sha256 TEXT")
    # One row per fetch of a page (or import of a saved page with its URL): the bytes as
    # received, gzip-compressed, and how they came, so the page can be shown as it was.
    db.execute(
        """
        CREATE TABLE fetches (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            url TEXT NOT NULL,
            final_url TEXT NOT NULL,
            redirects TEXT NOT NULL DEFAULT '[]',
            status INTEGER,
            content_type TEXT,
            fetched_at TEXT NOT NULL,
            source TEXT NOT NULL,
            file TEXT,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            body_gzip BLOB NOT NULL,
            text_sha256 TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX fetches_article ON fetches(article_id, fetched_at)")
    db.execute("CREATE INDEX fetches_url ON fetches(url)")


@migrations()
def m007_desk_curation_and_verdicts(db: Database) -> None:
    # Curation on the review screen: a mark is accepted, rejected, or not yet curated (NULL).
    # A mark a curator made there (a merge, an edit) names the marks it came from in
    # curated_from (a JSON list of ids), so agreement leaves the outcome out of the comparison.
    db.execute("ALTER TABLE annotations ADD COLUMN status TEXT CHECK (status IN ('accepted', 'rejected'))")
    db.execute("ALTER TABLE annotations ADD COLUMN curated_from TEXT")
    # One verdict per claim or disputed mark; rating is a name from the desk's scale
    # (newsmark.config), evidence a JSON list of URLs. Changing it bumps the mark's updated_at.
    db.execute(
        """
        CREATE TABLE verdicts (
            annotation_id TEXT PRIMARY KEY REFERENCES annotations(id),
            rating TEXT NOT NULL,
            reviewer TEXT NOT NULL DEFAULT '',
            reviewed_at TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',
            note TEXT NOT NULL DEFAULT '',
            url TEXT
        )
        """
    )


@migrations()
def m009_bulk_writes(db: Database) -> None:
    # A bulk write (Store.bulk: import-annotations, suggest --accept, add_annotations) puts one
    # row here inside its own transaction; while it is there the per-row triggers leave the new
    # rows alone (rows at or after first_rowid), and the batch is indexed at its end with one
    # INSERT … SELECT into annotations_fts, its words folded into search_vocab in the same
    # transaction. Other connections never see the row: it is deleted before the commit.
    # The FTS update trigger now fires only when an indexed column changes.
    db.execute("CREATE TABLE bulk_write (first_rowid INTEGER NOT NULL)")
    guard = "NOT EXISTS (SELECT 1 FROM bulk_write WHERE {row}.rowid >= first_rowid)"
    columns = '"quote", "note", "attributed_to"'
    old = 'old."quote", old."note", old."attributed_to"'
    new = 'new."quote", new."note", new."attributed_to"'
    for name in ("annotations_ai", "annotations_au", "search_pending_annotation_insert",
                 "search_pending_annotation_update"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    db.execute(
        f'CREATE TRIGGER "annotations_ai" AFTER INSERT ON "annotations" WHEN {guard.format(row="new")} BEGIN'
        f' INSERT INTO "annotations_fts" (rowid, {columns}) VALUES (new.rowid, {new}); END'
    )
    db.execute(
        f'CREATE TRIGGER "annotations_au" AFTER UPDATE OF quote, note, attributed_to ON "annotations"'
        f" WHEN {guard.format(row='old')} BEGIN"
        f' INSERT INTO "annotations_fts" ("annotations_fts", rowid, {columns}) VALUES (\'delete\', old.rowid, {old});'
        f' INSERT INTO "annotations_fts" (rowid, {columns}) VALUES (new.rowid, {new}); END'
    )
    db.execute(
        f"CREATE TRIGGER search_pending_annotation_insert AFTER INSERT ON annotations WHEN {guard.format(row='new')}"
        " BEGIN INSERT OR IGNORE INTO search_pending (kind, row) VALUES ('a', new.rowid); END"
    )
    db.execute(
        "CREATE TRIGGER search_pending_annotation_update AFTER UPDATE OF quote, note, attributed_to ON annotations"
        f" WHEN {guard.format(row='old')}"
        " BEGIN INSERT OR IGNORE INTO search_pending (kind, row) VALUES ('a', new.rowid); END"
    )
