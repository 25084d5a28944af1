"""The database schema, owned by sqlite-utils Migrations: one function per step.

Append new steps at the end; never edit a step that has shipped. A database that has a
step this code does not know was made by a newer newsmark and is refused.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "newsmark"
migrations = Migrations(MIGRATION_SET)


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
    return [m.name for m in migrations._migrations]
