"""Quitting while the reader's background work is still running.

The reader recognises entities and finds suggestions in worker threads; their results come
back to the UI at whatever moment the work ends. A person who tags a sentence and quits at
once (as a fact-checker does when the article is a long one) must get a clean exit, also
when a result arrives while the app is taking the screen down.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import newsmark.entity_cache as entity_cache
from conftest import reader_ready
from newsmark.tui.app import make_app
from newsmark.tui.reader import ReaderScreen
from newsmark.tui.status_line import StatusLine

from test_reader import make_db, saved


def test_entities_arriving_while_the_app_quits_do_not_crash_it(tmp_path: Path, monkeypatch):
    db, article_id = make_db(tmp_path)
    status_gone = threading.Event()
    real_entities_for = entity_cache.entities_for
    finished: list[bool] = []

    def entities_when_the_status_line_is_gone(store, article, recognizer):
        found = real_entities_for(store, article, recognizer)
        # Hand the result back just as the quitting app has removed the status line and is
        # still removing the rest of the screen.
        finished.append(status_gone.wait(30))
        return found

    def unmounted(self) -> None:
        status_gone.set()

    monkeypatch.setattr(entity_cache, "entities_for", entities_when_the_status_line_is_gone)
    monkeypatch.setattr(StatusLine, "on_unmount", unmounted, raising=False)

    async def go():
        app = make_app(db, "tester", user_keymap=None, article_id=article_id)
        async with app.run_test(size=(100, 30)) as pilot:
            await reader_ready(pilot)
            assert isinstance(app.screen, ReaderScreen)
            await pilot.press("s", "c")  # tag the caret's sentence as a claim
            await pilot.pause()
            assert [a.label for a in saved(db)] == ["claim"]
            await pilot.press("ctrl+q")
        return app

    app = asyncio.run(go())  # an error in a callback during the exit would be raised here
    assert finished == [True], "the entity result did not arrive during the exit"
    assert app.return_code in (0, None)
    assert [a.label for a in saved(db)] == ["claim"]
