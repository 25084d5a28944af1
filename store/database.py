"""The newsmark SQLite file: opening it safely, and every read and write of the data.

Each write is one transaction (`BEGIN IMMEDIATE`, so two windows on one file queue up
instead of failing), committed before the method returns: what a caller reports as
saved is in the file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from newsmark.errors import NewsmarkError, clip_path as clip, file_in_the_way
from newsmark.safe_text import clean, has_controls
from newsmark.model import ANCHORS, LABELS, ORIGINS, Annotation, Article, Entity, common_prefix, common_suffix, context

from .schema import known_names, migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

    from newsmark.ingest import ImportedText

BUSY_TIMEOUT_MS = 10_000
SUGGESTION_KINDS = ("attribution", "claim")
DB_FILENAME = "newsmark.db"


def now() -> str:
    """UTC, ISO 8601, millisecond precision: sortable as text."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("newsmark", appauthor=False) / DB_FILENAME


def resolve_db_path(path: str | os.PathLike | None) -> Path:
    """`--db`, then `NEWSMARK_DB`, then the user data dir."""
    if path:
        return Path(path).expanduser()
    env = os.environ.get("NEWSMARK_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


class Store:
    """One open newsmark database."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None, readonly: bool = False):
        # What sqlite-utils' Database(conn) sets on a connection (the migrations run through one).
        conn.execute("PRAGMA recursive_triggers = ON")
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self._db: Database | None = None

    @property
    def db(self) -> "Database":
        """The connection as a sqlite-utils Database (for schema steps): sqlite_utils is
        imported only when something asks for it, never by a command that only reads."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, create_parent: bool | None = None) -> "Store":
        """Open (creating and migrating) a database. The folder is created only for the
        default location, or when asked: a mistyped --db folder is an error, not a new tree."""
        p = resolve_db_path(path)
        if str(p) == ":memory:":
            store = cls(sqlite3.connect(":memory:"), None)
            store._prepare()
            return store
        if p.is_dir():
            raise NewsmarkError(f"database path {p} is a folder; give a file path such as {p / DB_FILENAME}")
        parent = p.parent
        if parent.exists() and not parent.is_dir():
            raise NewsmarkError(f"{clip(parent)} is a file, not a folder — give --db a path inside a folder")
        if not parent.exists():
            # The one place that decides: only the default location (no --db, no NEWSMARK_DB)
            # gets its folder made, unless the caller asks (create_parent=True) or forbids it.
            if create_parent or (create_parent is None and not path and not os.environ.get("NEWSMARK_DB")):
                parent.mkdir(parents=True, exist_ok=True)
            elif file_in_the_way(p):
                raise NewsmarkError(f"{clip(file_in_the_way(p))} is a file, not a folder — give --db a path inside a folder")
            else:
                raise NewsmarkError(f"folder {parent} does not exist; create it or pass another --db path")
        # The mode bits count as well as access(): root may write anything, but a file
        # chmod'ed read-only (a finished project, an archive) says "do not write" to root too.
        exists = p.exists()
        if exists and not os.access(p, os.R_OK):
            raise NewsmarkError(f"database {p} cannot be read (permission denied) — check its permissions (ls -l), "
                                "or pass another --db")
        readonly = exists and (not os.access(p, os.W_OK) or not p.stat().st_mode & 0o222)
        # A read-only folder or filesystem: SQLite could not create its -wal/-shm or journal
        # files there, so read without them rather than fail ("not an SQLite file" was wrong).
        folder_readonly = exists and (_fs_readonly(parent) or not os.access(parent, os.W_OK))
        if not exists and _fs_readonly(parent):
            raise NewsmarkError(f"cannot create database {p}: the filesystem is read-only — pass a --db path on a writable disk")
        try:
            if readonly or folder_readonly:
                conn = sqlite3.connect(_readonly_uri(p, folder_readonly), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            else:
                conn = sqlite3.connect(str(p), timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise NewsmarkError(f"cannot open database {p}: {exc}; check the path and its permissions") from None
        store = cls(conn, p, readonly or folder_readonly)
        try:
            store._prepare()
        except _DiskFull:
            # SQLite cannot even make its -shm file: read the file as it is, refuse writes.
            conn.close()
            if not exists:
                raise NewsmarkError(f"cannot create database {p}: database or disk is full — free some space and try again") from None
            if _wal_pending(p):
                raise NewsmarkError(f"the disk holding {p} is full (database or disk is full) and unsaved changes "
                                    "wait in its -wal file — free some space and try again") from None
            conn = sqlite3.connect(_readonly_uri(p, True), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            store = cls(conn, p, True)
            store.readonly_reason = (f"cannot save to {p}: database or disk is full — free some space and try again;"
                                     " reading works meanwhile")
            store._prepare_or_close()
            return store
        except BaseException:
            conn.close()
            raise
        if _fs_readonly(parent):
            store.readonly_reason = (f"database {p} is on a read-only filesystem; it can be read, not changed"
                                     " — copy it to a writable disk")
        elif folder_readonly and not readonly:
            store.readonly_reason = (f"database {p} is in a read-only folder; it can be read, not changed — make the"
                                     f" folder writable (chmod u+w {parent}) or copy the file elsewhere")
        return store

    def _prepare_or_close(self) -> None:
        try:
            self._prepare()
        except BaseException:
            self.conn.close()
            raise

    def _prepare(self) -> None:
        where = self.path or ":memory:"
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            if self.path is not None and not self.readonly and _disk_full(self.path.parent):
                raise _DiskFull from None
            raise _open_error(exc, self.path, self.readonly) from None
        if self.path is not None:
            # Under a read lock: another program's first write (rollback mode) is never half seen.
            self.conn.execute("BEGIN")
            try:
                self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                damage = _truncation(self.conn, self.path)
            finally:
                self.conn.execute("COMMIT")
            if damage:
                raise NewsmarkError(f"database {where} is damaged: {damage} — restore it from a backup; "
                                    "do not delete it, the rows before the cut may still be recoverable")
        applied = migrations.applied_names(self.conn)
        unknown = [name for name in applied if name not in known_names()]
        if unknown:
            raise NewsmarkError(
                f"{where} was made by a newer newsmark (schema step {unknown[-1]}); upgrade newsmark to open it"
            )
        tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not applied and tables - {"_sqlite_migrations"}:
            raise NewsmarkError(f"{where} is an SQLite file of another program, not newsmark; pass another --db path")
        pending = migrations.pending_names(self.conn)
        if pending and self.readonly:
            raise NewsmarkError(f"{where} is read-only and needs a schema upgrade; make it writable once")
        if not self.readonly:
            try:
                if self.path is not None:
                    self._use_wal()
                self.conn.execute("PRAGMA synchronous = FULL")
                if pending:
                    # Under the write lock, so two first runs on one new file cannot both migrate.
                    self.conn.execute("BEGIN IMMEDIATE")
                    try:
                        migrations.apply(self.db)
                    except BaseException:
                        self._rollback()
                        raise
                    self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                raise _friendly(exc, where) from None

    def _use_wal(self) -> None:
        """Switch a new file to WAL. While it is still in rollback mode, another first run's
        migration can make the switch fail at once with "locked" (a lock upgrade SQLite
        refuses rather than waits for), so retry within the busy timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    readonly_reason: str | None = None

    def require_writable(self) -> None:
        if self.readonly:
            raise NewsmarkError(self.readonly_reason) if self.readonly_reason else _read_only(self.path)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that takes the write lock up front and commits on success."""
        self.require_writable()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _friendly(exc, self.path) from None
        try:
            yield self.conn
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.OperationalError):
                raise _friendly(exc, self.path) from None
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self._rollback()
                raise _friendly(exc, self.path) from None

    def _rollback(self) -> None:
        """Roll back if a transaction is still open: on a full disk or an I/O error SQLite has
        already rolled back itself, and a second ROLLBACK's "no transaction is active" would
        hide the real error."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.OperationalError:
                pass

    # -- articles -----------------------------------------------------------------

    def import_article(self, imported: ImportedText, fetch=None) -> tuple[Article, str, str]:
        """Store an article; returns (article, status, message). Status: new, unchanged, updated.
        `fetch` (newsmark.web.Fetch) is the page it came from: kept as provenance, whatever the status."""
        _gate(imported)
        with self.write():
            article, status, message = self._import(imported)
            if fetch is not None:
                if status == "unchanged" and self._fill_metadata(article, imported):
                    article, status = self.article(article.id), "updated"
                    message = "metadata added from the page; text and annotations unchanged"
                self._record_fetch(article.id, fetch, imported.sha256)
        return article, status, message

    def _fill_metadata(self, article: Article, imported: ImportedText) -> bool:
        """The same text again, from a page (`--url`, a fetch): what the stored article lacks
        (an address, outlet, date, authors, language) is taken from it; what it has is kept."""
        fields = ("url", "outlet", "published", "authors", "language")
        fill = {f: imported.meta.get(f) for f in fields if getattr(article, f) in (None, "") and imported.meta.get(f)}
        if not fill:
            return False
        sets = ", ".join(f"{f} = ?" for f in fill)
        self.conn.execute(f"UPDATE articles SET {sets}, updated_at = ? WHERE id = ?", (*fill.values(), now(), article.id))
        return True

    def _import(self, imported: ImportedText) -> tuple[Article, str, str]:
        sha = imported.sha256
        conn = self.conn
        extra = (imported.meta.get("authors"), imported.meta.get("language"))
        row = conn.execute("SELECT id, path, title, outlet, url, published FROM articles WHERE sha256 = ?",
                           (sha,)).fetchone()
        if row:
            # Same text, same file, edited front matter or <title>: keep the metadata current.
            meta = (imported.title, imported.meta.get("outlet"), imported.meta.get("url"), imported.meta.get("published"))
            if imported.path and row[1] == imported.path and tuple(row[2:]) != meta:
                conn.execute("UPDATE articles SET title = ?, outlet = ?, url = ?, published = ?,"
                             " authors = coalesce(?, authors), language = coalesce(?, language), updated_at = ?"
                             " WHERE id = ?", (*meta, *extra, now(), row[0]))
                return self.article(row[0]), "updated", "title or metadata changed; text and annotations unchanged"
            return self.article(row[0]), "unchanged", "already imported, text unchanged"
        if imported.path:
            row = conn.execute(
                "SELECT id FROM articles WHERE path = ? ORDER BY imported_at DESC LIMIT 1", (imported.path,)
            ).fetchone()
            if row:
                counts = self._replace_text(row[0], imported)
                return self.article(row[0]), "updated", reanchor_message(counts)
        article_id = self._new_article_id(sha)
        conn.execute(
            "INSERT INTO articles (id, title, outlet, url, published, path, text, sha256, imported_at, authors, language)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, imported.title, imported.meta.get("outlet"), imported.meta.get("url"),
             imported.meta.get("published"), imported.path, imported.text, sha, now(), *extra),
        )
        return self.article(article_id), "new", "imported"

    def _record_fetch(self, article_id: str, fetch, text_sha256: str) -> None:
        self.conn.execute(
            "INSERT INTO fetches (article_id, url, final_url, redirects, status, content_type, fetched_at, source,"
            " file, size, sha256, body_gzip, text_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (article_id, fetch.url, fetch.final_url, json.dumps(fetch.redirects), fetch.status, fetch.content_type,
             fetch.fetched_at, fetch.source, fetch.file, len(fetch.body), fetch.sha256, fetch.compressed(),
             text_sha256),
        )

    def fetches(self, article_id: str) -> list[dict]:
        """The article's fetches, oldest first, without the bytes (see fetched_body)."""
        rows = self.conn.execute(
            "SELECT id, url, final_url, redirects, status, content_type, fetched_at, source, file, size, sha256,"
            " text_sha256 FROM fetches WHERE article_id = ? ORDER BY fetched_at, id", (article_id,))
        keys = ("id", "url", "final_url", "redirects", "status", "content_type", "fetched_at", "source", "file",
                "size", "sha256", "text_sha256")
        out = [dict(zip(keys, row)) for row in rows]
        for item in out:
            item["redirects"] = json.loads(item["redirects"])
        return out

    def fetched_body(self, fetch_id: int) -> bytes:
        """The page's bytes exactly as received."""
        import gzip

        row = self.conn.execute("SELECT body_gzip FROM fetches WHERE id = ?", (fetch_id,)).fetchone()
        if row is None:
            raise NewsmarkError(f"no fetch with id {fetch_id}")
        return gzip.decompress(row[0])

    def article_by_url(self, url: str) -> Article | None:
        """The article last imported from this address (as given, or where it ended up)."""
        row = self.conn.execute(
            "SELECT id FROM articles WHERE path = ? UNION ALL SELECT article_id FROM fetches WHERE url = ? OR final_url = ?"
            " LIMIT 1", (url, url, url)).fetchone()
        return self.article(row[0]) if row else None

    def _new_article_id(self, sha: str) -> str:
        for length in range(8, 65):
            candidate = sha[:length]
            if not self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone():
                return candidate
        raise NewsmarkError("could not allocate an article id")  # pragma: no cover - needs a sha256 collision

    def _replace_text(self, article_id: str, imported: ImportedText) -> dict[str, int]:
        """New text for an article; every live mark is re-anchored (newsmark.reanchor) and
        keeps a record of how: exact, moved, fuzzy (needs a look) or orphaned (kept, old quote)."""
        from newsmark.reanchor import Reanchorer

        old = self.article(article_id)
        stamp = now()
        self.conn.execute(
            "INSERT OR IGNORE INTO article_versions (article_id, sha256, text, replaced_at) VALUES (?, ?, ?, ?)",
            (article_id, old.sha256, old.text, stamp),
        )
        self.conn.execute(
            "UPDATE articles SET title = ?, outlet = coalesce(?, outlet), url = coalesce(?, url),"
            " published = coalesce(?, published), authors = coalesce(?, authors), language = coalesce(?, language),"
            " text = ?, sha256 = ?, updated_at = ? WHERE id = ?",
            (imported.title, imported.meta.get("outlet"), imported.meta.get("url"), imported.meta.get("published"),
             imported.meta.get("authors"), imported.meta.get("language"), imported.text, imported.sha256, stamp,
             article_id),
        )
        self.conn.execute("DELETE FROM entity_cache WHERE article_id = ?", (article_id,))
        counts = {anchor: 0 for anchor in ANCHORS}
        new_text = imported.text
        placer = Reanchorer(old.text, new_text)
        for ann in list(self._annotation_rows("a.article_id = ? AND a.deleted = 0", (article_id,))):
            placed = placer.place(ann.quote, ann.prefix, ann.suffix, ann.start, ann.end)
            counts[placed.anchor] += 1
            first_quote = ann.anchor_quote if ann.anchor_quote is not None else ann.quote
            if placed.anchor == "orphaned":
                # kept where it was in the text it was made on, never put somewhere else
                self.conn.execute(
                    "UPDATE annotations SET anchor = 'orphaned', anchor_quote = ?, anchor_sha256 = ?, updated_at = ?"
                    " WHERE id = ?", (first_quote, ann.anchor_sha256 or old.sha256, stamp, ann.id))
                continue
            quote = new_text[placed.start:placed.end]
            prefix, suffix = context(new_text, placed.start, placed.end)
            fuzzy = placed.anchor == "fuzzy"
            self._replace_relation_spans(ann, old.text, placer, stamp)
            if (placed.anchor == "exact" and ann.anchor == "exact" and ann.anchor_sha256 is None
                    and (placed.start, placed.end, prefix, suffix) == (ann.start, ann.end, ann.prefix, ann.suffix)):
                continue
            self.conn.execute(
                'UPDATE annotations SET start = ?, "end" = ?, quote = ?, prefix = ?, suffix = ?, anchor = ?,'
                " anchor_quote = ?, anchor_sha256 = NULL, updated_at = ? WHERE id = ?",
                (placed.start, placed.end, quote, prefix, suffix, placed.anchor,
                 first_quote if fuzzy and first_quote != quote else None, stamp, ann.id),
            )
        return counts

    def _replace_relation_spans(self, ann: Annotation, old_text: str, placer, stamp: str) -> None:
        """An attribution's source and cue spans follow the text too; one that cannot be found
        is cleared (the attributed_to name stays) rather than left pointing at other words."""
        changes = {}
        for key, span in (("source", ann.source), ("cue", ann.cue)):
            if span is None or not (0 <= span[0] < span[1] <= len(old_text)):
                continue
            prefix, suffix = context(old_text, *span)
            placed = placer.place(old_text[span[0]:span[1]], prefix, suffix, *span)
            new = (placed.start, placed.end) if placed.anchor in ("exact", "moved") else None
            if new != span:
                changes[f"{key}_start"], changes[f"{key}_end"] = new or (None, None)
        if changes:
            assignments = ", ".join(f"{k} = ?" for k in changes)
            self.conn.execute(f"UPDATE annotations SET {assignments}, updated_at = ? WHERE id = ?",
                              (*changes.values(), stamp, ann.id))

    def refresh_anchor(self, annotation_id: str) -> Annotation:
        """A reader looked at a fuzzy mark and keeps it where it is: it becomes exact."""
        with self.write():
            ann = self.annotation(annotation_id)
            if ann.anchor == "orphaned":
                raise NewsmarkError(f"annotation {annotation_id[:8]} is orphaned: its quote is not in the text; "
                                    "tag the new text, or delete it")
            self.conn.execute("UPDATE annotations SET anchor = 'exact', anchor_quote = NULL, updated_at = ?"
                              " WHERE id = ?", (now(), annotation_id))
        return self.annotation(annotation_id)

    def article(self, article_id: str) -> Article:
        row = self.conn.execute(
            "SELECT id, title, text, sha256, outlet, url, published, path, imported_at, authors, language"
            " FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise NewsmarkError(f"no article with id {article_id}; `newsmark articles` lists them")
        return Article(*row)

    def resolve_article(self, ref: str) -> Article:
        """An article id, a unique id prefix, or the path it was imported from."""
        ref = ref.strip()
        if not ref:
            raise NewsmarkError("no article given; pass an id from `newsmark articles` or a path")
        row = self.conn.execute("SELECT id FROM articles WHERE id = ?", (ref,)).fetchone()
        if row:
            return self.article(row[0])
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 3",
            (ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        ).fetchall()
        if len(rows) == 1:
            return self.article(rows[0][0])
        if len(rows) > 1:
            raise NewsmarkError(f"article id prefix {clip(ref)!r} matches several articles; type more of the id")
        resolved = str(Path(ref).expanduser().resolve())
        row = self.conn.execute(
            "SELECT id FROM articles WHERE path = ? ORDER BY imported_at DESC LIMIT 1", (resolved,)
        ).fetchone()
        if row:
            return self.article(row[0])
        as_path = Path(ref).expanduser()
        if as_path.is_dir():
            raise NewsmarkError(f"{ref} is a folder, not an article; give one file, or an id from `newsmark articles`")
        from newsmark.ingest import SUFFIXES

        if not as_path.exists() and ("/" in ref or as_path.suffix.lower() in SUFFIXES):
            raise NewsmarkError(f"{ref} does not exist and is no article id; check the path, or see `newsmark articles`")
        raise NewsmarkError(f"no article matches {clip(ref)!r}; `newsmark articles` lists ids, or import the file first")

    def article_by_sha(self, sha: str) -> Article | None:
        row = self.conn.execute("SELECT id FROM articles WHERE sha256 = ?", (sha,)).fetchone()
        return self.article(row[0]) if row else None

    def articles(self) -> list[dict]:
        """Every article with its counts per label (live annotations only), newest import first."""
        counts: dict[str, dict[str, int]] = {}
        for article_id, label, n in self.conn.execute(
            "SELECT article_id, label, count(*) FROM annotations WHERE deleted = 0 GROUP BY article_id, label"
        ):
            counts.setdefault(article_id, {})[label] = n
        out = []
        for row in self.conn.execute(
            "SELECT id, title, outlet, url, published, path, imported_at, length(text) FROM articles"
            " ORDER BY imported_at DESC, rowid DESC"
        ):
            article_counts = {label: 0 for label in LABELS}
            article_counts.update(counts.get(row[0], {}))
            out.append({
                "id": row[0], "title": row[1], "outlet": row[2], "url": row[3], "published": row[4],
                "path": row[5], "imported_at": row[6], "length": row[7], "counts": article_counts,
            })
        return out

    # -- annotations --------------------------------------------------------------

    def add_annotation(
        self, article_id: str, label: str, start: int, end: int, *, note: str = "", attributed_to: str = "",
        annotator: str = "", annotation_id: str | None = None, source: tuple[int, int] | None = None,
        cue: tuple[int, int] | None = None, origin: str = "manual",
    ) -> Annotation:
        """`source` and `cue`: optional spans of the source mention and the cue ("said") in the
        same text; `origin`: manual, suggested or imported."""
        with self.write():
            ann = self._insert_annotation(self.article(article_id), label, start, end, note=note,
                                          attributed_to=attributed_to, annotator=annotator, annotation_id=annotation_id,
                                          source=source, cue=cue, origin=origin)
        return self.annotation(ann.id)

    def add_annotation_once(self, article_id: str, label: str, start: int, end: int, *, note: str = "",
                            attributed_to: str = "", annotator: str = "") -> tuple[Annotation, bool]:
        """add_annotation, unless a live mark with the same label, span, note, source and
        annotator (as the store keeps them: cleaned) is there: then that one. (mark, added)."""
        with self.write():
            row = self.conn.execute(
                'SELECT id FROM annotations WHERE article_id = ? AND label = ? AND start = ? AND "end" = ?'
                " AND note = ? AND attributed_to = ? AND annotator = ? AND deleted = 0 ORDER BY rowid LIMIT 1",
                (article_id, label, start, end, _clean(note), _clean(attributed_to), _clean(annotator)),
            ).fetchone()
            if row is not None:
                return self.annotation(row[0]), False
            ann = self._insert_annotation(self.article(article_id), label, start, end, note=note,
                                          attributed_to=attributed_to, annotator=annotator, annotation_id=None,
                                          source=None, cue=None, origin="manual")
        return self.annotation(ann.id), True

    @contextmanager
    def bulk(self) -> Iterator[sqlite3.Connection]:
        """Inside write(): annotations inserted in the block skip the per-row FTS and
        vocabulary triggers (m009's guard row); on leaving, they are indexed with one
        INSERT … SELECT and their words folded into the search vocabulary, in the same
        transaction, so the next search has nothing left to fold."""
        conn = self.conn
        first = (conn.execute("SELECT max(rowid) FROM annotations").fetchone()[0] or 0) + 1
        conn.execute("INSERT INTO bulk_write (first_rowid) VALUES (?)", (first,))
        yield conn
        conn.execute("DELETE FROM bulk_write")
        if conn.execute("SELECT 1 FROM annotations WHERE rowid >= ? LIMIT 1", (first,)).fetchone():
            conn.execute(
                "INSERT INTO annotations_fts (rowid, quote, note, attributed_to)"
                " SELECT rowid, quote, note, attributed_to FROM annotations WHERE rowid >= ?", (first,))
            from newsmark.search import fold_new_annotations

            fold_new_annotations(conn, first)

    def add_annotations(self, rows: Iterable[dict]) -> int:
        """Bulk insert in one transaction; each row has the add_annotation arguments."""
        texts: dict[str, Article] = {}
        n = 0
        with self.write(), self.bulk():
            for row in rows:
                aid = row["article_id"]
                if aid not in texts:
                    texts[aid] = self.article(aid)
                self._insert_annotation(texts[aid], row["label"], row["start"], row["end"], note=row.get("note", ""),
                                        attributed_to=row.get("attributed_to", ""), annotator=row.get("annotator", ""),
                                        annotation_id=row.get("id"), source=row.get("source"), cue=row.get("cue"),
                                        origin=row.get("origin", "manual"))
                n += 1
        return n

    def _insert_annotation(self, article: Article, label: str, start: int, end: int, *, note: str,
                           attributed_to: str, annotator: str, annotation_id: str | None,
                           source: tuple[int, int] | None = None, cue: tuple[int, int] | None = None,
                           origin: str = "manual") -> Annotation:
        check_label(label)
        check_span(article, start, end)
        _check_lengths(note, attributed_to)
        source = check_relation_span(article, source, "source")
        cue = check_relation_span(article, cue, "cue")
        check_origin(origin)
        quote = article.text[start:end]
        prefix, suffix = context(article.text, start, end)
        stamp = now()
        ann = Annotation(
            id=annotation_id or str(uuid.uuid4()), article_id=article.id, label=label, start=start, end=end,
            quote=quote, prefix=prefix, suffix=suffix, note=_clean(note), attributed_to=_clean(attributed_to),
            annotator=_clean(annotator), created_at=stamp, updated_at=stamp, source=source, cue=cue, origin=origin,
        )
        self.conn.execute(
            'INSERT INTO annotations (id, article_id, label, start, "end", quote, prefix, suffix, note,'
            " attributed_to, annotator, created_at, updated_at, deleted, source_start, source_end, cue_start, cue_end,"
            " origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?,?)",
            (ann.id, ann.article_id, ann.label, ann.start, ann.end, ann.quote, ann.prefix, ann.suffix, ann.note,
             ann.attributed_to, ann.annotator, ann.created_at, ann.updated_at, *(source or (None, None)),
             *(cue or (None, None)), origin),
        )
        return ann

    def update_annotation(self, annotation_id: str, *, unchanged_since: str | None = None, **changes) -> Annotation:
        """Change label, note, attributed_to, the span (start/end), or the source/cue spans
        (a (start, end) pair, or None to clear); updated_at is refreshed. `unchanged_since`:
        the updated_at the caller's copy has; a mark changed since (a sync, another window)
        is not written over (StaleEdit), so a colleague's newer edit is never lost."""
        allowed = {"label", "note", "attributed_to", "start", "end", "source", "cue"}
        bad = set(changes) - allowed
        if bad:
            raise NewsmarkError(f"cannot change {', '.join(sorted(bad))} of an annotation")
        with self.write():
            ann = self.annotation(annotation_id)
            if unchanged_since is not None and ann.updated_at != unchanged_since:
                raise StaleEdit(f"mark {ann.id[:8]} was changed since you opened it (by {ann.annotator or 'someone'}, "
                                f"{ann.updated_at}, a sync or another window); it is shown as it is now — "
                                "make your change again")
            if "label" in changes:
                check_label(changes["label"])
            values = {k: v for k, v in changes.items() if v is not None and k not in ("source", "cue")}
            for key in ("source", "cue"):
                if key in changes:
                    span = check_relation_span(self.article(ann.article_id), changes[key], key)
                    values[f"{key}_start"], values[f"{key}_end"] = span or (None, None)
            _check_lengths(values.get("note"), values.get("attributed_to"))
            for key in ("note", "attributed_to"):
                if key in values:
                    values[key] = _clean(values[key])
            if "start" in values or "end" in values:
                article = self.article(ann.article_id)
                start, end = values.get("start", ann.start), values.get("end", ann.end)
                check_span(article, start, end)
                values["quote"] = article.text[start:end]
                values["prefix"], values["suffix"] = context(article.text, start, end)
                # a span set by hand is placed on the current text: no longer fuzzy or orphaned
                values.update(anchor="exact", anchor_quote=None, anchor_sha256=None)
            values["updated_at"] = now()
            assignments = ", ".join(f'"{key}" = ?' for key in values)
            self.conn.execute(f"UPDATE annotations SET {assignments} WHERE id = ?", (*values.values(), annotation_id))
        return self.annotation(annotation_id)

    def delete_annotation(self, annotation_id: str) -> Annotation:
        """Soft delete: the row stays, flagged, so undo and history lose nothing."""
        return self._set_deleted(annotation_id, True)

    def restore_annotation(self, annotation_id: str) -> Annotation:
        return self._set_deleted(annotation_id, False)

    def _set_deleted(self, annotation_id: str, deleted: bool) -> Annotation:
        with self.write():
            ann = self.annotation(annotation_id)
            stamp = now()
            if not deleted and ann.deleted:
                # The text may have changed on re-import while this one was deleted or set
                # aside: bring it back only where its quote is, so text[start:end] == quote holds.
                text = self.article(ann.article_id).text
                span = reanchor(text, ann)
                if span is None:
                    raise NewsmarkError(
                        f"annotation {annotation_id[:8]} cannot be restored: its quote {ann.quote[:40]!r} is no longer"
                        " in the article's text (it changed on re-import); tag the new text instead"
                    )
                prefix, suffix = context(text, *span)
                if (span, prefix, suffix) != ((ann.start, ann.end), ann.prefix, ann.suffix):
                    self.conn.execute('UPDATE annotations SET start = ?, "end" = ?, prefix = ?, suffix = ? WHERE id = ?',
                                      (span[0], span[1], prefix, suffix, annotation_id))
            self.conn.execute("UPDATE annotations SET deleted = ?, updated_at = ? WHERE id = ?",
                              (int(deleted), stamp, annotation_id))
        return self.annotation(annotation_id)

    def annotation(self, annotation_id: str) -> Annotation:
        rows = list(self._annotation_rows("a.id = ?", (annotation_id,)))
        if not rows:
            raise NewsmarkError(f"no annotation with id {annotation_id}; `newsmark annotations` lists them")
        return rows[0]

    def annotations(self, article_id: str | None = None, label: str | None = None, annotator: str | None = None,
                    include_deleted: bool = False) -> Iterator[Annotation]:
        """Annotations in article order then position; streamed, not built in a list."""
        where, params = ["1"], []
        if not include_deleted:
            where.append("a.deleted = 0")
        if article_id:
            where.append("a.article_id = ?")
            params.append(article_id)
        if label:
            where.append("a.label = ?")
            params.append(label)
        if annotator:
            where.append("a.annotator = ?")
            params.append(annotator)
        return self._annotation_rows(" AND ".join(where), tuple(params), order="r.imported_at, r.rowid, a.start, a.\"end\", a.created_at")

    _SELECT = (
        'SELECT a.id, a.article_id, a.label, a.start, a."end", a.quote, a.prefix, a.suffix, a.note,'
        " a.attributed_to, a.annotator, a.created_at, a.updated_at, a.deleted,"
        " r.title, r.outlet, r.url, r.sha256, a.source_start, a.source_end, a.cue_start, a.cue_end, a.origin,"
        " a.anchor, a.anchor_quote, a.anchor_sha256,"
        # the desk's columns stay last: row_to_annotation reads them from the end (DESK_COLUMNS)
        " a.status, a.curated_from, (SELECT json_object('rating', v.rating, 'reviewer', v.reviewer, 'date',"
        " v.reviewed_at, 'evidence', json(v.evidence), 'note', v.note, 'url', v.url) FROM verdicts v"
        " WHERE v.annotation_id = a.id)"
        " FROM annotations a JOIN articles r ON r.id = a.article_id"
    )

    def _annotation_rows(self, where: str, params: tuple, order: str | None = None) -> Iterator[Annotation]:
        sql = f"{self._SELECT} WHERE {where}" + (f" ORDER BY {order}" if order else "")
        for row in self.conn.execute(sql, params):
            yield row_to_annotation(row)

    def count_annotations(self, include_deleted: bool = False) -> int:
        sql = "SELECT count(*) FROM annotations" + ("" if include_deleted else " WHERE deleted = 0")
        return self.conn.execute(sql).fetchone()[0]

    # -- rejected suggestions -----------------------------------------------------------

    def reject_suggestion(self, article_id: str, kind: str, start: int, end: int, *, annotator: str = "") -> None:
        """Remember that a suggestion of `kind` (attribution or claim) over this span was rejected,
        keyed by its text, so it is not offered again. Rejecting it twice changes nothing."""
        if kind not in SUGGESTION_KINDS:
            raise NewsmarkError(f"unknown suggestion kind {kind!r}; use one of: {', '.join(SUGGESTION_KINDS)}")
        with self.write():
            article = self.article(article_id)
            check_span(article, start, end)
            self.conn.execute(
                'INSERT OR IGNORE INTO rejected_suggestions (article_id, kind, start, "end", quote, rejected_at, annotator)'
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (article.id, kind, start, end, article.text[start:end], now(), _clean(annotator)),
            )

    def unreject_suggestion(self, article_id: str, kind: str, start: int, end: int) -> None:
        """Forget a rejection (the reader's undo): the suggestion is offered again."""
        with self.write():
            article = self.article(article_id)
            check_span(article, start, end)
            self.conn.execute("DELETE FROM rejected_suggestions WHERE article_id = ? AND kind = ? AND quote = ?",
                              (article.id, kind, article.text[start:end]))

    def rejected_suggestions(self, article_id: str) -> list[dict]:
        """This article's rejected suggestions: {"kind", "start", "end", "quote", "rejected_at", "annotator"}."""
        rows = self.conn.execute(
            'SELECT kind, start, "end", quote, rejected_at, annotator FROM rejected_suggestions WHERE article_id = ?'
            " ORDER BY start, \"end\", kind",
            (article_id,),
        )
        return [dict(zip(("kind", "start", "end", "quote", "rejected_at", "annotator"), row)) for row in rows]

    # -- entity cache -------------------------------------------------------------

    def cached_entities(self, article: Article, recognizer: str) -> list[Entity] | None:
        payload = self.cached(article, recognizer)
        return None if payload is None else [Entity(*item) for item in json.loads(payload)]

    def cache_entities(self, article: Article, recognizer: str, entities: list[Entity]) -> None:
        self.cache(article, recognizer, json.dumps([[e.start, e.end, e.label, e.text] for e in entities],
                                                   ensure_ascii=False))

    def cached(self, article: Article, key: str) -> str | None:
        """What was computed from this text of the article under `key` (a recogniser's
        entities, "suggest@…" the reader's suggestions), or None: another text is a miss."""
        row = self.conn.execute(
            "SELECT sha256, entities FROM entity_cache WHERE article_id = ? AND recognizer = ?",
            (article.id, key),
        ).fetchone()
        if row is None or row[0] != article.sha256:
            return None
        return row[1]

    def cache(self, article: Article, key: str, payload: str, replaces: str | None = None) -> None:
        """`replaces`: a key prefix; the article's other rows under it go (an older version's)."""
        if self.readonly:
            return  # a cache miss on a read-only file is recomputed next time; nothing is lost
        with self.write():
            if replaces:
                self.conn.execute("DELETE FROM entity_cache WHERE article_id = ? AND recognizer != ?"
                                  " AND substr(recognizer, 1, ?) = ?", (article.id, key, len(replaces), replaces))
            self.conn.execute(
                "INSERT OR REPLACE INTO entity_cache (article_id, recognizer, sha256, entities, computed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (article.id, key, article.sha256, payload, now()),
            )

    # -- actor registry (its writes are in store/actors.py, which imports this module) --

    def actors(self) -> list:
        """Every actor (newsmark.actors.Actor) with its aliases (oldest first), by name."""
        from newsmark.actors import Actor

        aliases: dict[int, list[str]] = {}
        for actor_id, alias in self.conn.execute(
            "SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, created_at, rowid"
        ):
            aliases.setdefault(actor_id, []).append(alias)
        return [
            Actor(row[0], row[1], row[2], tuple(aliases.get(row[0], ())), row[3])
            for row in self.conn.execute("SELECT id, name, label, created_at FROM actors ORDER BY name COLLATE NOCASE, id")
        ]

    def annotation_rows(self, article_id: str | None = None, label: str | None = None,
                        annotator: str | None = None) -> Iterator[tuple]:
        """The raw `_SELECT` rows behind `annotations()` (live ones, same order), for exports
        that stream a million rows without building an Annotation for each."""
        where, params = ["a.deleted = 0"], []
        for column, value in (("a.article_id", article_id), ("a.label", label), ("a.annotator", annotator)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        sql = (f"{self._SELECT} WHERE {' AND '.join(where)}"
               ' ORDER BY r.imported_at, r.rowid, a.start, a."end", a.created_at')
        return iter(self.conn.execute(sql, params))


DESK_COLUMNS = 3  # status, curated_from, verdict (JSON): the last columns of Store._SELECT


def desk_fields(row) -> tuple[str | None, tuple[str, ...], dict | None]:
    status, curated_from, verdict = row[-DESK_COLUMNS:]
    return status, tuple(json.loads(curated_from)) if curated_from else (), json.loads(verdict) if verdict else None


def row_to_annotation(row) -> Annotation:
    status, curated_from, verdict = desk_fields(row)
    return Annotation(
        id=row[0], article_id=row[1], label=row[2], start=row[3], end=row[4], quote=row[5], prefix=row[6],
        suffix=row[7], note=row[8], attributed_to=row[9], annotator=row[10], created_at=row[11],
        updated_at=row[12], deleted=bool(row[13]),
        article={"id": row[1], "title": row[14], "outlet": row[15], "url": row[16], "sha256": row[17]},
        source=(row[18], row[19]) if row[18] is not None else None,
        cue=(row[20], row[21]) if row[20] is not None else None, origin=row[22],
        anchor=row[23], anchor_quote=row[24], anchor_sha256=row[25],
        status=status, verdict=verdict, curated_from=curated_from,
    )


class StaleEdit(NewsmarkError):
    """An edit made on a copy of a mark that has changed in the store since."""


def _check_lengths(note: str | None, attributed_to: str | None) -> None:
    """The limits an export's reader (import-annotations, sync) holds a line to: a mark made
    here always travels."""
    from newsmark.jsonl_schema import NAME_MAX, NOTE_MAX

    if note and len(note) > NOTE_MAX:
        raise NewsmarkError(f"the note is {len(note):,} characters long; at most {NOTE_MAX:,} — "
                            "keep the long text elsewhere and put its address in the note")
    if attributed_to and len(attributed_to) > NAME_MAX:
        raise NewsmarkError(f"who said it is {len(attributed_to):,} characters long; at most {NAME_MAX:,}")


def _clean(value: str | None) -> str:
    """Notes and names are untrusted text like articles: no ESC or other control characters
    (a note printed by `newsmark annotations` must not drive the terminal)."""
    return clean(value) if value else ""  # what newsmark.ingest.normalise does


def reanchor_message(counts: dict[str, int]) -> str:
    """The import report's line for a changed text: how its marks were re-anchored."""
    total = sum(counts.values())
    if not total:
        return "text changed; it had no annotations"
    parts = [f"{n} {anchor}" for anchor, n in counts.items() if n]
    message = f"text changed; annotations re-anchored: {', '.join(parts)}"
    if counts.get("fuzzy") or counts.get("orphaned"):
        message += " (fuzzy and orphaned ones need a look: open the article, they are listed for review)"
    return message


def check_label(label: str) -> None:
    if label not in LABELS:
        raise NewsmarkError(f"unknown label {label!r}; use one of: {', '.join(LABELS)}")


def normal_label(label: str) -> str:
    """A label as a person types it (Claim, CLAIM) as the store keeps it; unknown ones raise."""
    label = label.strip().lower()
    check_label(label)
    return label


def check_origin(origin: str) -> None:
    if origin not in ORIGINS:
        raise NewsmarkError(f"unknown origin {origin!r}; use one of: {', '.join(ORIGINS)}")


def check_relation_span(article: Article, span, what: str) -> tuple[int, int] | None:
    """A source or cue span: None, or a (start, end) pair inside the text."""
    if span is None:
        return None
    try:
        start, end = span
    except (TypeError, ValueError):
        raise NewsmarkError(f"the {what} span must be a pair START, END, got {span!r}") from None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise NewsmarkError(f"the {what} span must be whole numbers, got {span!r}")
    try:
        check_span(article, start, end)
    except NewsmarkError as exc:
        raise NewsmarkError(f"{what} {exc}") from None
    return int(start), int(end)


def check_span(article: Article, start: int, end: int) -> None:
    n = len(article.text)
    if start == end and 0 <= start <= n:
        raise NewsmarkError(f"span {start}:{end} is empty; END must be greater than START")
    if start > end and 0 <= end and start <= n:
        raise NewsmarkError(f"span {start}:{end} is reversed; START comes first (e.g. {end}:{start})")
    if not (0 <= start < end <= n):
        raise NewsmarkError(
            f"span {start}:{end} is outside article {article.id} (text is {n} characters; need 0 <= START < END <= {n})"
        )


def reanchor(text: str, ann: Annotation) -> tuple[int, int] | None:
    """Where an annotation's quote sits in a changed text: best context match, then nearest."""
    if text[ann.start:ann.end] == ann.quote and text[max(0, ann.start - len(ann.prefix)):ann.start] == ann.prefix:
        return ann.start, ann.end
    best, best_key = None, None
    pos = text.find(ann.quote)
    while pos != -1:
        end = pos + len(ann.quote)
        prefix, suffix = context(text, pos, end, max(len(ann.prefix), len(ann.suffix), 1))
        score = common_suffix(prefix, ann.prefix) + common_prefix(suffix, ann.suffix)
        key = (-score, abs(pos - ann.start))
        if best_key is None or key < best_key:
            best, best_key = (pos, end), key
        pos = text.find(ann.quote, pos + 1)
    return best


def _gate(imported: ImportedText) -> None:
    """Whatever parser made it (file, web page), an article passes the incoming gate."""
    if has_controls(imported.text):
        imported.text = clean(imported.text)
    imported.title = clean(imported.title or "")
    imported.meta = {k: clean(v) for k, v in imported.meta.items() if isinstance(v, str)}


def _read_only(where) -> NewsmarkError:
    return NewsmarkError(f"database {where} is read-only; make it writable (chmod u+w) or use another --db")


def _fs_readonly(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


class _DiskFull(Exception):
    """Opening failed because the disk has no room for SQLite's -shm file."""


def _disk_full(folder: Path) -> bool:
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def _wal_pending(p: Path) -> bool:
    wal = p.with_name(p.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def _readonly_uri(p: Path, folder_readonly: bool) -> str:
    """`mode=ro`, plus `immutable=1` when SQLite could not make its -shm file (a read-only
    folder or filesystem) and no WAL is pending: nobody can change the file there."""
    from urllib.parse import quote

    uri = f"file:{quote(str(p.resolve()))}?mode=ro"
    return uri + ("&immutable=1" if folder_readonly and not _wal_pending(p) else "")


SQLITE_MAGIC = b"SQLite format 3\x00"


def _header(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(100)
    except OSError:
        return b""


def _truncation(conn: sqlite3.Connection, path: Path) -> str | None:
    """Why the file is shorter than its own header says, or None (a cut-off copy or download).

    Asks SQLite for the page count (the header's, when valid) and compares it with the
    file's length from stat(), inside the caller's read transaction. The file itself is
    never opened a second time here: closing another descriptor of a database file drops
    every POSIX lock this process holds on it, SQLite's included, and another process may
    then take itself for the last user and checkpoint and delete the WAL under our writes."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return None  # pages may live in the WAL until the next checkpoint
        size = path.stat().st_size
    except OSError:
        return None
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    if pages and size < pages * page_size:
        return f"the file is cut short ({size} of {pages * page_size} bytes)"
    return None


def _open_error(exc: sqlite3.DatabaseError, path: Path | None, readonly: bool) -> NewsmarkError:
    where = path or ":memory:"
    msg = str(exc)
    if path is not None and _header(path).startswith(SQLITE_MAGIC):
        if "unable to open" in msg or "readonly" in msg or "read-only" in msg:
            return NewsmarkError(
                f"database {where} cannot be read here: its folder is read-only and SQLite needs its -shm file"
                " (unsaved changes wait in the -wal file) — open it once where the folder is writable"
            )
        if "full" in msg:
            return _friendly(exc, where)
        if "disk I/O" in msg:
            return NewsmarkError(f"database {where}: input/output error from the disk — check the disk, then try again")
        return NewsmarkError(f"database {where} is damaged ({msg}) — restore it from a backup, or pass another --db path")
    if "unable to open" in msg:
        return NewsmarkError(f"cannot open database {where} — check that it and its folder can be read")
    if "disk I/O" in msg:
        return NewsmarkError(f"database {where}: input/output error from the disk — check the disk, then try again")
    return NewsmarkError(f"{where} is not a newsmark database (not an SQLite file); pass another --db path")


def _friendly(exc: sqlite3.OperationalError, where) -> NewsmarkError:
    msg = str(exc)
    if "readonly" in msg or "read-only" in msg:
        return _read_only(where)
    if "locked" in msg or "busy" in msg:
        return NewsmarkError(f"database {where} is busy in another program for too long; try again")
    if "disk" in msg and "full" in msg:
        return NewsmarkError(f"cannot save to {where}: database or disk is full — free some space and try again")
    if "unable to open" in msg:
        return NewsmarkError(f"cannot open database {where}; check the folder exists and is writable")
    if "disk I/O" in msg:
        return NewsmarkError(f"database {where}: input/output error from the disk — check the disk, then try again")
    return NewsmarkError(f"database {where}: {msg}")
