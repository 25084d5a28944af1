"""What is reported saved is in the file: SIGKILL, two writers at once, schema upgrades."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsmark.errors import NewsmarkError
from newsmark.ingest import read_article
from newsmark.store import Store
from newsmark.store.schema import known_names

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


@pytest.fixture
def article_db(db_path, sample_paths) -> tuple[Path, str]:
    with Store.open(db_path) as store:
        article, _, _ = store.import_article(read_article(sample_paths[0]))
    return db_path, article.id


def rows(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def python(code: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def test_annotation_reported_saved_survives_sigkill(article_db):
    db_path, article_id = article_db
    proc = python(
        """
        import sys, time
        from newsmark.store import Store
        store = Store.open(sys.argv[1])
        ann = store.add_annotation(sys.argv[2], "claim", 3, 40, note="survives", annotator="kill-test")
        print(ann.id, flush=True)
        time.sleep(120)  # still holding the database open when the kill comes
        """,
        str(db_path), article_id,
    )
    try:
        ann_id = proc.stdout.readline().strip()
        assert ann_id, proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    found = rows(db_path, "SELECT note, annotator, deleted FROM annotations WHERE id = ?", (ann_id,))
    assert found == [("survives", "kill-test", 0)]
    with Store.open(db_path) as store:
        assert store.annotation(ann_id).quote == store.article(article_id).text[3:40]


def test_cli_tag_then_sigkill_of_the_shell_loses_nothing(article_db):
    """The CLI printed the id and exited; a kill -9 of its parent straight after changes nothing."""
    db_path, article_id = article_db
    proc = python(
        """
        import subprocess, sys, time
        out = subprocess.run([sys.executable, "-c", "from newsmark.cli import main; main()", "--db", sys.argv[1],
                              "tag", sys.argv[2], "disputed", "--span", "0:9"], capture_output=True, text=True)
        print(out.stdout.strip() or "FAILED " + out.stderr, flush=True)
        time.sleep(120)
        """,
        str(db_path), article_id,
    )
    try:
        ann_id = proc.stdout.readline().strip()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert not ann_id.startswith("FAILED"), ann_id
    assert rows(db_path, "SELECT label FROM annotations WHERE id = ?", (ann_id,)) == [("disputed",)]


WRITER = """
import os, sys
from newsmark.store import Store
db, article_id, who, n, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
store = Store.open(db)
print("ready", flush=True)
while not os.path.exists(go):  # start together, so the writes really interleave
    pass
for i in range(n):
    ann = store.add_annotation(article_id, "claim", i % 50, i % 50 + 7, note=f"{who}-{i}", annotator=who)
    print(ann.id)
store.close()
"""


def test_two_processes_tagging_at_once_lose_nothing(article_db):
    db_path, article_id = article_db
    n = 300
    go = db_path.with_name("go")
    procs = [python(WRITER, str(db_path), article_id, who, str(n), str(go)) for who in ("alice", "bob")]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    go.touch()
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
    ids = {who: out.split() for who, (out, _) in zip(("alice", "bob"), outputs)}
    assert all(len(v) == n for v in ids.values())
    for who in ("alice", "bob"):
        stored = rows(db_path, "SELECT id, note FROM annotations WHERE annotator = ?", (who,))
        assert {r[0] for r in stored} == set(ids[who])
        assert sorted(r[1] for r in stored) == sorted(f"{who}-{i}" for i in range(n))
    # full-text index kept in step by the triggers
    assert rows(db_path, "SELECT count(*) FROM annotations_fts")[0][0] == 2 * n


def test_two_processes_creating_the_same_new_file(tmp_path, sample_paths):
    """Both first runs on a new file: one migrates, the other waits and finds it done."""
    db_path = tmp_path / "fresh.db"
    code = """
    import sys
    from newsmark.ingest import read_article
    from newsmark.store import Store
    store = Store.open(sys.argv[1])
    article, status, _ = store.import_article(read_article(sys.argv[2]))
    store.add_annotation(article.id, "claim", 0, 5)
    print(status)
    """
    procs = [python(code, str(db_path), str(sample_paths[0])) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
    assert sorted(out.strip() for out, _ in results) == ["new", "unchanged", "unchanged", "unchanged"]
    assert rows(db_path, "SELECT count(*) FROM annotations")[0][0] == 4
    names = [r[0] for r in rows(db_path, "SELECT name FROM _sqlite_migrations WHERE migration_set = 'newsmark'")]
    assert names == known_names()


def test_schema_migrates_from_zero_byte_file(tmp_path, sample_paths):
    db_path = tmp_path / "empty.db"
    db_path.touch()
    with Store.open(db_path) as store:
        article, _, _ = store.import_article(read_article(sample_paths[0]))
        store.add_annotation(article.id, "claim", 0, 4)
    tables = {r[0] for r in rows(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "annotations", "entity_cache", "article_versions", "_sqlite_migrations"} <= tables
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    names = [r[0] for r in rows(db_path, "SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == known_names()


def test_schema_refuses_a_newer_database(article_db):
    db_path, _ = article_db
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('newsmark', 'm900_next', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(NewsmarkError, match="newer newsmark.*m900_next"):
        Store.open(db_path)


def test_reopening_applies_nothing_twice(article_db):
    db_path, _ = article_db
    before = rows(db_path, "SELECT * FROM _sqlite_migrations")
    Store.open(db_path).close()
    assert rows(db_path, "SELECT * FROM _sqlite_migrations") == before
