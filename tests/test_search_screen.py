"""The TUI search screen on its own: typing searches, filters toggle, Enter/Escape dismiss."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Input, OptionList

from conftest import run_async
from newsmark.ingest import ImportedText
from newsmark.store import Store
from newsmark.tui.search_screen import SearchScreen

TEXT = (
    "Port strike talks stall\n\n"
    "\"The strike continues until the companies stop pretending,\" said Marco Buccino of the dockers' union. "
    "The ministry [bold]denied[/bold] that Buccino had been offered 9.5 percent. "
    "Inês Carvalhal said the dispute cost 38 million euros a day.\n"
)


class Harness(App):
    def __init__(self, db_path):
        super().__init__()
        self.db_path = db_path
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(SearchScreen(self.db_path), self.results.append)


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "news.db"
    with Store.open(path) as store:
        art, _, _ = store.import_article(ImportedText(TEXT, "Port strike talks stall", None))

        def tag(label, quote, **kw):
            start = TEXT.index(quote)
            return store.add_annotation(art.id, label, start, start + len(quote), **kw)

        spans = {
            "said": tag("attribution", "said Marco Buccino of the dockers' union", attributed_to="Marco Buccino"),
            "denied": tag("disputed", "The ministry [bold]denied[/bold] that Buccino had been offered 9.5 percent"),
            "cost": tag("claim", "the dispute cost 38 million euros a day", note="ask Buccino"),
        }
        return path, art, {k: (a.article_id, a.start, a.end) for k, a in spans.items()}


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
    await _settle(pilot)


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def _rows(app) -> list[str]:
    results = app.screen.query_one("#search-results", OptionList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


@run_async
async def test_typing_a_misspelt_name_lists_matches_and_enter_opens_the_span(db):
    path, art, spans = db
    app = Harness(path)
    async with app.run_test() as pilot:
        await _type(pilot, "marco bucino")
        rows = _rows(app)
        assert len(rows) == 3
        assert rows[0].startswith("attribution") and "Port strike talks stall" in rows[0]
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [spans["said"]]


@run_async
async def test_arrow_keys_move_through_results_while_typing(db):
    path, art, spans = db
    app = Harness(path)
    async with app.run_test() as pilot:
        await _type(pilot, "ministry denied")
        first = _rows(app)[0]
        assert first.startswith("disputed")
        assert "[bold]denied[/bold]" in first  # markup in the text is shown literally
        for _ in "ministry denied":
            await pilot.press("backspace")
        await _type(pilot, "marco bucino")
        assert app.screen.focused is app.screen.query_one(Input)
        assert _rows(app)[0].startswith("attribution")
        await pilot.press("down", "down")
        await pilot.press("enter")
        await pilot.pause()
    assert len(app.results) == 1 and app.results[0] in (spans["denied"], spans["cost"])


@run_async
async def test_the_first_down_from_the_query_highlights_the_first_result(db):
    path, art, spans = db
    app = Harness(path)
    async with app.run_test() as pilot:
        await _type(pilot, "marco bucino")
        results = app.screen.query_one("#search-results", OptionList)
        assert _rows(app)[0].startswith("attribution")
        assert results.highlighted is None  # nothing chosen yet: the cursor is in the query
        await pilot.press("down")
        assert results.highlighted == 0
        await pilot.press("down", "up")
        assert results.highlighted == 0
        await pilot.press("up")
        assert results.highlighted is None
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.results == [spans["said"]]


@run_async
async def test_label_keys_filter_the_results(db):
    path, art, spans = db
    app = Harness(path)
    async with app.run_test() as pilot:
        await _type(pilot, "buccino")
        assert len(_rows(app)) == 3
        await pilot.press("f5")
        await _settle(pilot)
        assert [r.split()[0] for r in _rows(app)] == ["claim"]
        await pilot.press("f7")
        await _settle(pilot)
        assert sorted(r.split()[0] for r in _rows(app)) == ["claim", "disputed"]
        await pilot.press("f5", "f7")
        await _settle(pilot)
        assert len(_rows(app)) == 3


@run_async
async def test_escape_returns_nothing(db):
    path, _, _ = db
    app = Harness(path)
    async with app.run_test() as pilot:
        await _type(pilot, "strike")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@run_async
async def test_a_query_without_words_shows_the_reason_not_a_crash(db):
    path, _, _ = db
    app = Harness(path)
    async with app.run_test() as pilot:
        await _type(pilot, '"*-')
        status = str(app.screen.query_one("#search-status").render())
        assert "no letters or digits" in status
        assert _rows(app) == []
        await pilot.press("backspace", "backspace", "backspace")
        await _settle(pilot)
        assert _rows(app) == []


@run_async
async def test_only_the_latest_query_is_shown(db):
    path, _, _ = db
    app = Harness(path)
    async with app.run_test() as pilot:
        screen = app.screen
        await _type(pilot, "dispute")
        assert len(_rows(app)) == 1
        stale = SearchScreen.Results(screen.seq - 1, [], None, 0.0)  # an older worker answering late
        screen.post_message(stale)
        await pilot.pause()
        assert len(_rows(app)) == 1
