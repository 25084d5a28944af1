"""Tab completion of paths in the import dialog: the function, and the dialog by keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from newsmark.tui.path_complete import complete
from conftest import run_async
from test_tui_app import app_for, library_db  # noqa: F401  (library_db is a fixture)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "clippings").mkdir()
    (tmp_path / "clippings" / "port-strike.md").write_text("Port strike\n\nText.\n", encoding="utf-8")
    (tmp_path / "clippings" / "port-reopens.txt").write_text("Port reopens\n\nText.\n", encoding="utf-8")
    (tmp_path / "clippings" / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "clippings" / ".hidden.md").write_text("x", encoding="utf-8")
    (tmp_path / "clips-old").mkdir()
    return tmp_path


def test_tab_fills_in_what_the_matches_share_and_lists_them(tree):
    base = f"{tree}/"
    assert complete(base + "clip") == (base + "clip", ["clippings/", "clips-old/"])
    assert complete(base + "clipp") == (base + "clippings/", [])
    assert complete(base + "clippings/p") == (base + "clippings/port-", ["port-reopens.txt", "port-strike.md"])
    assert complete(base + "clippings/port-s") == (base + "clippings/port-strike.md", [])
    # only what newsmark imports, no hidden files unless asked for
    assert complete(base + "clippings/ph") == (base + "clippings/ph", [])
    assert complete(base + "clippings/.h") == (base + "clippings/.hidden.md", [])
    assert complete(base + "nowhere/x") == (base + "nowhere/x", [])


def test_tilde_is_completed_in_the_users_home(tree, monkeypatch):
    monkeypatch.setenv("HOME", str(tree))
    assert complete("~/clipp") == ("~/clippings/", [])


@run_async
async def test_the_import_dialog_completes_with_tab_and_imports(library_db, tree):
    app = app_for(library_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        field = app.screen.query_one("#import-path", Input)
        field.value = f"{tree}/clipp"
        field.cursor_position = len(field.value)
        await pilot.press("tab")
        assert field.value == f"{tree}/clippings/"
        await pilot.press("p", "tab")
        assert field.value == f"{tree}/clippings/port-"
        hint = str(app.screen.query_one("#import-hint", Label).render())
        assert "port-reopens.txt" in hint and "port-strike.md" in hint
        await pilot.press("s", "tab", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    from newsmark.store import Store

    with Store.open(library_db) as store:
        assert any(row["title"] == "Port strike" for row in store.articles())
