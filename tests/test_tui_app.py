"""The app shell: library, import, help, key maps — real database files, real key presses."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from conftest import assert_clean_error, drawn_style as drawn_style_at, dump, run_async
from newsmark.errors import NewsmarkError
from newsmark.ingest import read_article
from newsmark.store import Store
from newsmark.tui.app import NewsmarkApp, make_app
from newsmark.tui.help import HelpScreen
from newsmark.tui.library import LibraryScreen, filter_articles

SIZE = (120, 40)


WIRE = "wire-report-port-strike.md"

needs_reader = pytest.mark.skipif(
    importlib.util.find_spec("newsmark.tui.reader") is None, reason="the reader screen (tui/reader.py) has not landed"
)


@pytest.fixture
def library_db(db_path, sample_paths) -> Path:
    """A database with every sample article; the wire report has 2 claims and 1 disputed mark."""
    with Store.open(db_path) as store:
        for path in sample_paths:
            article, _, _ = store.import_article(read_article(path))
            if path.name == WIRE:
                store.add_annotation(article.id, "claim", 0, 11, annotator="t")
                store.add_annotation(article.id, "claim", 20, 30, annotator="t")
                store.add_annotation(article.id, "disputed", 40, 50, annotator="t")
    return db_path


def article_id_of(db: Path, file_name: str) -> str:
    with Store.open(db) as store:
        return next(a["id"] for a in store.articles() if (a["path"] or "").endswith(file_name))


def wire_id(db: Path) -> str:
    return article_id_of(db, WIRE)


def app_for(db: Path, **kwargs) -> NewsmarkApp:
    kwargs.setdefault("user_keymap", None)
    return make_app(db, "tester", **kwargs)


def table_rows(app: NewsmarkApp) -> list[list[str]]:
    table = app.screen.query_one("#articles", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def notes(app: NewsmarkApp) -> list[str]:
    return [n.message for n in app._notifications]


@run_async
async def test_library_lists_articles_with_counts_per_label(library_db, sample_paths):
    app = app_for(library_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        rows = table_rows(app)
        assert len(rows) == len(sample_paths)
        wire = next(r for r in rows if r[0].startswith("Dockworkers extend strike"))
        # title, outlet, published, claim, attribution, disputed, id
        assert wire[1:6] == ["Meridian Wire", "2026-03-14", "2", "0", "1"]
        assert wire[6] == wire_id(library_db)


@run_async
async def test_a_narrow_terminal_drops_the_outlet_and_keeps_title_counts_and_id(library_db):
    app = app_for(library_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#articles", DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "Title", "Published", "Claims", "Attrib.", "Disputed", "Id"]
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 80 - 2
        wire = next(r for r in table_rows(app) if r[0].startswith("Dockworkers"))
        assert wire[2:6] == ["2", "0", "1", wire_id(library_db)]


@run_async
async def test_typing_filters_fuzzily_and_a_misspelling_still_finds_the_article(library_db):
    app = app_for(library_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"dockwrokers")
        await pilot.pause()
        titles = [r[0] for r in table_rows(app)]
        assert titles and all("dockworkers" in t.lower() for t in titles), titles
        assert len(titles) == 2  # the wire report and its correction, nothing else
        await pilot.press(*" xtend")
        await pilot.pause()
        assert [r[0] for r in table_rows(app)] == ["Dockworkers extend strike at three Atlantic ports as talks stall"]


@run_async
async def test_empty_filter_shows_every_article_and_nonsense_shows_none(library_db, sample_paths):
    app = app_for(library_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"qqqzx")
        await pilot.pause()
        assert table_rows(app) == []
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.pause()
        assert len(table_rows(app)) == len(sample_paths)


def test_filter_puts_an_id_prefix_first():
    rows = [
        {"id": "aaaa1111", "title": "Something about ab12", "outlet": None},
        {"id": "ab12cdef", "title": "Other", "outlet": None},
    ]
    assert [r["id"] for r in filter_articles(rows, "ab12")] == ["ab12cdef", "aaaa1111"]


@run_async
async def test_up_and_down_move_in_the_table_while_the_filter_has_focus(library_db):
    app = app_for(library_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert isinstance(app.focused, Input)
        first = screen.highlighted_id()
        await pilot.press("down")
        assert screen.highlighted_id() != first
        await pilot.press("up")
        assert screen.highlighted_id() == first
        assert isinstance(app.focused, Input)


@run_async
async def test_typing_after_clicking_the_table_still_filters(library_db):
    app = app_for(library_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#articles", offset=(5, 3))
        assert isinstance(app.focused, DataTable)
        await pilot.press(*"atlantc")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == "atlantc"
        assert [r[6] for r in table_rows(app)] == [wire_id(library_db)]


@run_async
async def test_slash_from_the_list_goes_back_to_the_filter_and_in_the_filter_is_typed(library_db):
    app = app_for(library_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        filter_input = app.screen.query_one("#filter", Input)
        await pilot.press(*"strike")
        await pilot.click("#articles", offset=(5, 3))
        assert isinstance(app.focused, DataTable)
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is filter_input and filter_input.value == "strike"  # not typed
        await pilot.press(*"atlantc")  # the text was selected: typing starts a new filter
        await pilot.pause()
        assert filter_input.value == "atlantc"
        assert [r[6] for r in table_rows(app)] == [wire_id(library_db)]
        await pilot.press("slash")  # in the filter, / is just a character (ignored by the match)
        await pilot.pause()
        assert filter_input.value == "atlantc/" and app.focused is filter_input
        assert [r[6] for r in table_rows(app)] == [wire_id(library_db)]
        await pilot.press("f1")  # the help says what the key does
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = {action_id: what for _, what, action_id, _ in app.screen.rows("library")}
        assert described["library.focus_filter"] == "From the list: back to the filter, its text selected"


def test_filter_tolerates_a_slip_but_not_junk(library_db):
    with Store.open(library_db) as store:
        rows = store.articles()
    for typo in ("dockwrokers", "merdian", "atlantc"):
        titles = [row["title"].lower() for row in filter_articles(rows, typo)]
        assert titles and all("dockworkers" in t for t in titles), (typo, titles)
    assert any("ballot" in row["title"].lower() for row in filter_articles(rows, "ballot"))
    for junk in ("ballotzzqx", "qqqzx", "merdianxxvq", "strikezzqx"):
        assert filter_articles(rows, junk) == [], junk


@run_async
async def test_empty_database_says_how_to_import(db_path):
    Store.open(db_path).close()
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        empty = app.screen.query_one("#library-empty")
        assert empty.display
        text = str(empty.render())
        assert "ctrl+o" in text and "newsmark demo" in text
        await pilot.press("enter")  # nothing to open: a notice, not a crash
        await pilot.pause()
        assert any("import one first" in n for n in notes(app))


@run_async
async def test_import_a_file_by_path_from_the_library(db_path, sample_paths):
    Store.open(db_path).close()
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press(*str(sample_paths[0]))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        [row] = table_rows(app)
        assert any("Imported:" in n for n in notes(app))
    with Store.open(db_path) as store:
        [article] = store.articles()
    assert article["path"] == str(sample_paths[0].resolve())
    assert row[6] == article["id"]


@run_async
async def test_importing_a_bad_file_shows_the_error_and_changes_nothing(library_db, tmp_path):
    bad = tmp_path / "scan.md"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    before = dump(library_db)
    app = app_for(library_db)
    messages: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        for path in (bad, tmp_path / "missing.txt", pdf):
            await pilot.press("ctrl+o")
            await pilot.pause()
            await pilot.press(*str(path))
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            messages += notes(app)  # toasts expire: collect each one as it appears
        assert isinstance(app.screen, LibraryScreen)
    assert any("binary" in m for m in messages), messages
    assert any("missing.txt does not exist" in m for m in messages), messages
    assert any("not a .txt, .md or .html" in m for m in messages), messages
    assert all("\n" not in m for m in messages)
    assert dump(library_db) == before


@run_async
async def test_article_titles_are_shown_literally_not_as_markup(db_path, tmp_path):
    evil = tmp_path / "evil.md"
    evil.write_text("---\ntitle: \"[bold red]Loud[/] $x <b>tag</b> [link=x]\"\n---\nBody text.\n", encoding="utf-8")
    with Store.open(db_path) as store:
        store.import_article(read_article(evil))
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert table_rows(app)[0][0] == "[bold red]Loud[/] $x <b>tag</b> [link=x]"
        await pilot.press(*"[/]")  # a markup-looking filter is just text too
        await pilot.pause()


@run_async
async def test_help_lists_every_binding_of_the_keymap_with_a_user_override(library_db, tmp_path):
    keys = tmp_path / "keys.toml"
    keys.write_text('[reader]\ntag_claim = "k"\n\n[app]\nsearch = "ctrl+g"\n', encoding="utf-8")
    app = app_for(library_db, user_keymap=keys)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        from newsmark.keybindings import ACTIONS, SCREENS

        listed = {row[2]: row for s in SCREENS for row in screen.rows(s)}
        assert set(listed) == set(ACTIONS)
        assert listed["reader.tag_claim"][0] == "k" and listed["reader.tag_claim"][3]
        assert listed["app.search"][0] == "^g" and listed["app.search"][3]
        assert listed["reader.tag_disputed"][0] == "d" and not listed["reader.tag_disputed"][3]
        assert listed["app.help"][0] == "f1, ?"
        # …and the app really runs with those keys: ctrl+g is search now, ctrl+f nothing.
        active = {key: b.binding.id for key, b in screen.active_bindings.items()}
        assert active.get("ctrl+g") == "app.search" and "ctrl+f" not in active
        assert str(keys) in str(screen.query_one("#help-intro").render())
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")  # the help key toggles
        assert isinstance(app.screen, LibraryScreen)


@run_async
async def test_help_shows_the_vim_preset_when_chosen(library_db):
    app = app_for(library_db, keymap="vim")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        rows = {row[2]: row for row in app.screen.rows("reader")}
    from newsmark.keybindings import load_keymap

    vim = load_keymap("vim", user_file=None)
    for action_id, keys in vim.keys.items():
        if action_id.startswith("reader."):
            assert len(rows[action_id][0].split(", ")) == len(keys.split(","))


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        ('[reader]\ntag_claim = "c"\nfrobnicate = "z"\n', ["keys.toml:3", "reader.frobnicate"]),
        ('[reader]\n\ntag_claim = "ctrl+nope"\n', ["keys.toml:3", "reader.tag_claim", "ctrl+nope"]),
        ('[reader]\ntag_claim = "d"\n', ["keys.toml:2", "'d'", "reader.tag_claim", "reader.tag_disputed"]),
    ],
    ids=["unknown-action", "unknown-key", "two-actions-one-key"],
)
def test_bad_keymap_file_is_rejected_by_make_app(library_db, tmp_path, content, needles):
    keys = tmp_path / "keys.toml"
    keys.write_text(content, encoding="utf-8")
    with pytest.raises(NewsmarkError) as info:
        make_app(library_db, "tester", user_keymap=keys)
    message = str(info.value)
    assert str(keys) in message
    for needle in needles:
        assert needle in message, message


def test_bad_keymap_is_one_error_line_from_keys_and_from_start_up(cli, library_db, tmp_path, monkeypatch):
    config = Path(tmp_path / "config")
    (config / "newsmark").mkdir(parents=True)
    (config / "newsmark" / "keys.toml").write_text('[reader]\ntag_claim = "ctrl+nope"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    before = dump(library_db)
    for args in (["keys"], [], ["open", wire_id(library_db)]):
        result = cli(*args, db=library_db)
        assert_clean_error(result, "keys.toml:2", "reader.tag_claim", "ctrl+nope")
    assert dump(library_db) == before


def test_unknown_preset_is_one_error_line_at_start_up(runner, library_db):
    from newsmark.cli import app

    result = runner.invoke(app, ["--db", str(library_db), "--keymap", "emacs"])
    assert_clean_error(result, "emacs", "default", "vim")


def test_start_up_with_a_missing_database_folder_is_one_error_line(cli, tmp_path):
    result = cli(db=tmp_path / "no-such-folder" / "news.db")
    assert_clean_error(result, "no-such-folder")


@run_async
async def test_no_color_library_reader_and_help_render_without_error(library_db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(library_db, article_id=wire_id(library_db))
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.id != "_default"
        for keys in (["s"], ["f1"], ["escape", "escape", "escape"], ["ctrl+o"], ["escape"]):
            await pilot.press(*keys)
            await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    assert app.return_code in (None, 0)


def test_python_dash_m_newsmark_runs_the_cli(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "newsmark", "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("newsmark ")


@needs_reader
@run_async
async def test_enter_opens_the_highlighted_article_and_back_returns_to_the_library(library_db):
    from newsmark.tui.reader import ReaderScreen

    app = app_for(library_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"atlantic")
        await pilot.pause()
        assert app.screen.highlighted_id() == wire_id(library_db)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == wire_id(library_db)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


@needs_reader
@run_async
async def test_start_with_an_article_opens_the_reader_and_back_shows_the_library(library_db):
    from newsmark.tui.reader import ReaderScreen

    app = app_for(library_db, article_id=wire_id(library_db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        # The reader is the first screen (quicker start-up); back replaces it by the library.
        await pilot.press("escape")
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["LibraryScreen"]
        assert table_rows(app)  # the library is built, not an empty placeholder
        await pilot.press(*"cheap water", "enter")
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["LibraryScreen", "ReaderScreen"]
        await pilot.press("escape")
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["LibraryScreen"]


@needs_reader
@run_async
async def test_search_from_the_reader_started_with_replaces_it(library_db):
    pytest.importorskip("newsmark.tui.search_screen")
    from newsmark.tui.reader import ReaderScreen

    article = wire_id(library_db)
    with Store.open(library_db) as store:
        text = store.article(article).text
        start = text.index("has idled cranes")
        store.add_annotation(article, "claim", start, start + len("has idled cranes"), annotator="t")
        other = next(row["id"] for row in store.articles() if row["id"] != article)
    app = app_for(library_db, article_id=other)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*"idled crane")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["ReaderScreen"]  # one reader, not two
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article_id == article
        assert reader.view.selection == (start, start + len("has idled cranes"))
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["LibraryScreen"]

@needs_reader
@run_async
async def test_a_user_keymap_changes_the_key_that_tags_a_claim(library_db, tmp_path):
    keys = tmp_path / "keys.toml"
    keys.write_text('[reader]\ntag_claim = "k"\nchange_label = "c"\n', encoding="utf-8")
    article = article_id_of(library_db, "oped-water-prices.md")  # no marks: nothing under the caret
    with Store.open(library_db) as store:
        before = {a.id for a in store.annotations(article_id=article)}
    app = app_for(library_db, article_id=article, user_keymap=keys)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")  # select the sentence at the caret
        await pilot.press("c")  # no longer tags: it is "change label" now, with nothing under the caret
        await pilot.pause()
        with Store.open(library_db) as store:
            assert {a.id for a in store.annotations(article_id=article)} == before
        await pilot.press("k")
        await pilot.pause()
    with Store.open(library_db) as store:
        text = store.article(article).text
        new = [a for a in store.annotations(article_id=article) if a.id not in before]
    assert len(new) == 1
    assert new[0].label == "claim" and new[0].annotator == "tester"
    assert text[new[0].start : new[0].end] == new[0].quote and new[0].quote.strip()


@needs_reader
@run_async
async def test_counts_refresh_when_returning_from_the_reader(library_db):
    article = wire_id(library_db)
    app = app_for(library_db, article_id=article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "c")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        wire = next(r for r in table_rows(app) if r[6] == article)
        assert wire[3] == "3"


@needs_reader
@run_async
async def test_search_opens_the_reader_with_the_chosen_span_selected(library_db):
    pytest.importorskip("newsmark.tui.search_screen")
    from newsmark.tui.reader import ReaderScreen
    from newsmark.tui.search_screen import SearchScreen

    article = wire_id(library_db)
    with Store.open(library_db) as store:
        text = store.article(article).text
        start = text.index("has idled cranes")
        store.add_annotation(article, "claim", start, start + len("has idled cranes"), annotator="t")
    app = app_for(library_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"idled crane")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article_id == article
        assert reader.view.selection == (start, start + len("has idled cranes"))
        # Searching again from the reader replaces it: one reader over the library, not two.
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*"idled crane")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["LibraryScreen", "ReaderScreen"]
        # Escape closes the search without opening anything.
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


@needs_reader
@run_async
async def test_mark_list_fits_the_width_hides_when_narrow_and_o_is_remembered_for_the_run(library_db):
    from newsmark.tui.reader import ReaderScreen

    def widths(app) -> tuple[bool, int, int]:
        marks, text = app.screen.query_one("#annotation-list"), app.screen.query_one("#article")
        return marks.display, marks.outer_size.width, text.outer_size.width

    app = app_for(library_db, article_id=wire_id(library_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        shown, _, text = widths(app)
        assert not shown and text >= 78  # the text gets the whole width
        await pilot.press("o")  # still there when asked for: a third of the width
        await pilot.pause()
        shown, marks, text = widths(app)
        assert shown and 24 <= marks <= 28 and text >= 80 - 28
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert widths(app)[:2] == (True, 40)
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert widths(app)[:2] == (True, 44)  # never wider than 44
        await pilot.press("o")  # hidden by choice: also in the next article of this run
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press(*"cheap water", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.article_id != wire_id(library_db)
        assert widths(app)[0] is False

    app = app_for(library_db, article_id=wire_id(library_db))
    async with app.run_test(size=(100, 30)) as pilot:  # a new run: wide enough, shown
        await pilot.pause()
        assert widths(app)[:2] == (True, 33)


class CrashingApp(NewsmarkApp):
    """The real app with one extra key whose action has a bug."""

    BINDINGS = NewsmarkApp.BINDINGS + [("f9", "crash", "Crash")]
    CSS_PATH = Path(inspect.getfile(NewsmarkApp)).with_name(NewsmarkApp.CSS_PATH)  # not relative to tests/

    def action_crash(self) -> None:
        raise RuntimeError("a bug in an action")


def test_a_crash_in_the_app_exits_non_zero_and_says_the_data_is_safe(library_db, capsys):
    from newsmark.keybindings import load_keymap
    from newsmark.tui.app import exit_if_failed

    app = CrashingApp(library_db, "tester", load_keymap("default", user_file=None))

    async def crash(pilot) -> None:
        await pilot.pause()
        await pilot.press("f9")

    app.run(headless=True, size=SIZE, auto_pilot=crash)
    assert app.return_code == 1
    with pytest.raises(SystemExit) as exited:
        exit_if_failed(app)
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "a bug in an action" in err  # Textual's traceback
    hint = err.strip().splitlines()[-1]
    assert hint.startswith("newsmark stopped on an internal error") and str(library_db) in hint
    assert "data is safe" in hint


@run_async
async def test_a_crash_under_run_test_sets_the_return_code(library_db):
    from newsmark.keybindings import load_keymap

    app = CrashingApp(library_db, "tester", load_keymap("default", user_file=None))
    with pytest.raises(RuntimeError, match="a bug in an action"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f9")
            await pilot.pause()
    assert app.return_code == 1


def test_a_normal_quit_exits_zero(library_db):
    from newsmark.tui.app import exit_if_failed

    app = app_for(library_db)

    async def quit_(pilot) -> None:
        await pilot.pause()
        await pilot.press("ctrl+q")

    app.run(headless=True, size=SIZE, auto_pilot=quit_)
    assert app.return_code == 0
    exit_if_failed(app)  # no SystemExit


@needs_reader
@run_async
async def test_no_color_tells_person_org_and_place_apart_by_text_style(library_db, monkeypatch):
    from rich.style import Style

    from newsmark.model import Entity

    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(library_db, article_id=wire_id(library_db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.screen.query_one("#article")
        first = {}
        body_start = view.text.index("\n")  # below the headline, which is bold as a whole
        for ent in view.entities:
            if ent.start > body_start:
                first.setdefault(ent.label, ent)
        assert {"PERSON", "ORG", "PLACE"} <= set(first), first

        def drawn_style(ent) -> Style:
            """The style of the entity's first character as the screen draws it (after NO_COLOR's filter)."""
            view.move_to(ent.start, center=True)
            view.move_to(ent.end)  # caret off the entity: no reverse video on it
            return drawn_style_at(app, view, ent.start)

        def colourless(style: Style) -> bool:
            return all(c is None or c.is_default for c in (style.color, style.bgcolor))

        plain = view.text.index(" voted ") + 1  # a word of body text, no entity, no mark
        body = drawn_style(Entity(plain, plain + 5, "TEXT", "voted"))
        assert colourless(body) and not body.bold and not body.dim
        looks = {}
        for label in ("PERSON", "ORG", "PLACE"):
            style = drawn_style(first[label])
            assert colourless(style), style  # NO_COLOR: not even greys
            looks[label] = (bool(style.bold), bool(style.dim))
            assert not (style.underline or style.italic or style.strike)  # those are the marks'
        # PERSON bold, ORG bold and faint, PLACE faint
        assert looks == {"PERSON": (True, False), "ORG": (True, True), "PLACE": (False, True)}, looks
        view.move_to(first["ORG"].start)  # the status line says the type in words
        await pilot.pause()
        assert f"ORG {first['ORG'].text}" in app.screen.query_one("#reader-status").text
        await pilot.press("f1")  # and the help screen's legend explains it
        await pilot.pause()
        legend = str(app.screen.query_one("#help-legend").render())
        assert "PERSON bold" in legend and "ORG bold + faint" in legend and "PLACE faint" in legend
