"""The reader keeps an article's suggestions for the next open: found once per text, engine
and entities, read back before the first frame (the engine not even imported), and found
again whenever any of the three changed or the kept row does not fit the text.

Real app (run_test + Pilot), real database files, the real engine; what is checked is what
the file holds, whether the engine ran, and what the reader shows.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("newsmark.suggest", reason="no suggestion engine in this build")

import newsmark.suggest as engine  # noqa: E402
from newsmark.ingest import read_article  # noqa: E402
from newsmark.store import Store  # noqa: E402
from newsmark.tui import suggestions as sugg  # noqa: E402
from newsmark.tui.app import make_app  # noqa: E402

from conftest import SAMPLES_DIR  # noqa: E402
from test_suggestions_reader import open_reader  # noqa: E402

WIRE = SAMPLES_DIR / "wire-report-port-strike.md"


def make_db(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        article, _, _ = store.import_article(read_article(WIRE))
    return db, article.id


def open_once(db: Path, article_id: str) -> list[tuple[str, int, int]]:
    """Open the reader, wait for its workers, leave; the suggestions it showed."""

    async def go():
        app = make_app(db, "tester", user_keymap=None, article_id=article_id)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_reader(app, pilot)
            await app.workers.wait_for_complete()  # the cache is written after the first frame
            await pilot.pause()
            return [(s.kind, s.start, s.end) for s in screen.suggestions]

    return asyncio.run(go())


def suggestion_rows(db: Path) -> list[tuple[str, str]]:
    with Store.open(db) as store:
        return store.conn.execute(
            "SELECT recognizer, entities FROM entity_cache WHERE recognizer LIKE 'suggest@%' ORDER BY recognizer"
        ).fetchall()


@pytest.fixture
def engine_runs(monkeypatch):
    """How many times the reader ran the engine (the real one, counted)."""
    calls = []
    real = sugg.suggest

    def counted(text, entities=None):
        calls.append(len(text))
        return real(text, entities)

    monkeypatch.setattr(sugg, "suggest", counted)
    return calls


def test_the_second_open_shows_the_same_suggestions_without_running_the_engine(tmp_path, engine_runs):
    db, article_id = make_db(tmp_path)
    first = open_once(db, article_id)
    assert first and engine_runs == [len(read_article(WIRE).text)]
    rows = suggestion_rows(db)
    assert len(rows) == 1
    key, payload = rows[0]
    with Store.open(db) as store:
        article = store.article(article_id)
        entities = store.cached_entities(article, key.split("/", 1)[1])
    assert key == f"suggest@{engine.engine_version()}/{key.split('/', 1)[1]}" and entities is not None
    assert json.loads(payload) == engine.suggest(article.text, entities).to_json()

    engine_runs.clear()
    assert open_once(db, article_id) == first
    assert engine_runs == []
    assert suggestion_rows(db) == rows


def test_another_engine_finds_them_again(tmp_path, engine_runs, monkeypatch):
    db, article_id = make_db(tmp_path)
    first = open_once(db, article_id)
    monkeypatch.setattr(engine, "_engine_version", ["0123456789ab"])
    engine_runs.clear()
    assert open_once(db, article_id) == first
    assert len(engine_runs) == 1
    # the older engine's row is replaced, not left to pile up beside it
    assert [key.split("/")[0] for key, _ in suggestion_rows(db)] == ["suggest@0123456789ab"]


def test_a_corrected_text_is_not_shown_the_old_texts_suggestions(tmp_path):
    db, article_id = make_db(tmp_path)
    open_once(db, article_id)
    with Store.open(db) as store:
        article = store.article(article_id)
        key = suggestion_rows(db)[0][0]
        assert sugg.cached(store, article, key.split("/", 1)[1]) is not None
        moved = dataclasses.replace(article, sha256="0" * 64)
        assert sugg.cached(store, moved, key.split("/", 1)[1]) is None


@pytest.mark.parametrize("damage", [
    lambda d: d["claims"][0].update(end=10**9),  # past the end of the text
    lambda d: d["attributions"][0].update(content=[-5, 3]),
    lambda d: d["claims"][0].update(label="verified"),
    lambda d: d.pop("claims"),
    lambda d: "not json",
    lambda d: json.dumps(d).replace('"content": [', '"content": [1e999, ', 1),  # Infinity as an offset
    lambda d: json.dumps({**d, "claims": [{**d["claims"][0], "start": 2.5}]}),  # a float offset
    lambda d: "[" * 100_000 + "]" * 100_000,  # nested past the parser's depth
])
def test_a_kept_row_that_does_not_fit_the_text_is_found_again(tmp_path, engine_runs, damage):
    db, article_id = make_db(tmp_path)
    first = open_once(db, article_id)
    key, payload = suggestion_rows(db)[0]
    data = json.loads(payload)
    assert data["claims"] and data["attributions"]
    out = damage(data)
    with Store.open(db) as store:
        store.conn.execute("UPDATE entity_cache SET entities = ? WHERE recognizer = ?",
                           (out if isinstance(out, str) else json.dumps(data), key))
        store.conn.commit()
    engine_runs.clear()
    assert open_once(db, article_id) == first
    assert len(engine_runs) == 1
    assert json.loads(suggestion_rows(db)[0][1]) == json.loads(payload)  # written again, whole


def test_a_read_only_file_shows_suggestions_and_is_not_written(tmp_path, engine_runs):
    db, article_id = make_db(tmp_path)
    before = db.read_bytes()
    db.chmod(0o444)
    try:
        assert open_once(db, article_id)
    finally:
        db.chmod(0o644)
    assert suggestion_rows(db) == []
    assert db.read_bytes() == before


def test_reading_kept_suggestions_does_not_import_the_engine(tmp_path):
    db, article_id = make_db(tmp_path)
    open_once(db, article_id)
    key = suggestion_rows(db)[0][0]
    code = (
        "import sys\n"
        "from newsmark.store import Store\n"
        "from newsmark.tui import suggestions as sugg\n"
        f"store = Store.open({str(db)!r})\n"
        f"found = sugg.cached(store, store.article({article_id!r}), {key.split('/', 1)[1]!r})\n"
        "print(len(found.attributions) + len(found.claims), sorted(m for m in sys.modules if m.startswith('newsmark.suggest')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONWARNINGS": "error"}, timeout=60).stdout.split(maxsplit=1)
    assert int(out[0]) > 0
    assert out[1].strip() == "['newsmark.suggest']"


def test_suggestions_found_without_entities_are_not_kept(tmp_path, engine_runs, monkeypatch):
    """The entity worker failing (the file locked by an import, say) leaves the suggestions
    without resolved speakers: shown, but not kept under the recogniser's key."""
    import newsmark.entity_cache
    from newsmark.errors import NewsmarkError

    db, article_id = make_db(tmp_path)

    def locked(*args, **kwargs):
        raise NewsmarkError("database is locked")

    monkeypatch.setattr(newsmark.entity_cache, "entities_for", locked)
    assert open_once(db, article_id)
    assert suggestion_rows(db) == []
    monkeypatch.undo()
    assert open_once(db, article_id)
    [(_, payload)] = suggestion_rows(db)
    assert "Joana Albuquerque" in payload  # a speaker resolved with the entities
