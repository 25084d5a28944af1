"""SQLite's locks are POSIX advisory locks, which belong to the process: closing *any*
descriptor of the database file drops all of them. If the store opened the file a second
time while its connection was open (to read the header, say), another newsmark could take
itself for the last user, checkpoint and delete the WAL, and a committed mark would be lost
(seen as one of four concurrent first runs losing its annotation). These tests hold the
store to never doing that, on every path that opens a database."""

from __future__ import annotations

import builtins
import io
import os

import pytest

from newsmark.ingest import ImportedText
from newsmark.store import Store


@pytest.fixture
def watch_opens(monkeypatch):
    """Records every Python-level open() of a path while the test runs."""
    opened: list[str] = []
    real_open, real_io_open = builtins.open, io.open

    def spy(file, *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)):
            opened.append(os.fsdecode(file))
        return real_open(file, *args, **kwargs)

    def io_spy(file, *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)):
            opened.append(os.fsdecode(file))
        return real_io_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", io_spy)
    return opened


def _touches(opened: list[str], db) -> list[str]:
    names = {str(db), str(db) + "-wal", str(db) + "-shm"}
    return [p for p in opened if p in names]


def test_opening_a_new_and_an_existing_database_never_reopens_its_file(tmp_path, watch_opens):
    db = tmp_path / "news.db"
    with Store.open(db) as store:  # a new file: created and migrated
        art, _, _ = store.import_article(ImportedText("Title\n\nBody text here.\n", "Title", None))
        store.add_annotation(art.id, "claim", 7, 11)
    with Store.open(db) as store:  # an existing file with a WAL
        assert len(list(store.annotations())) == 1
    assert _touches(watch_opens, db) == []


def test_a_file_cut_short_is_still_reported_as_damaged(tmp_path):
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        for i in range(40):
            store.import_article(ImportedText(f"Title {i}\n\n" + "Body text. " * 400, f"Title {i}", None))
    data = db.read_bytes()
    for name in ("news.db-wal", "news.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    db.write_bytes(data[: len(data) // 2])
    from newsmark.errors import NewsmarkError

    with pytest.raises(NewsmarkError, match="damaged"):
        Store.open(db)
