"""What a first hour in the reader asked for: the command palette, one place for keys,
marks that read apart, NO_COLOR without greys — real app, real database, Pilot."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from conftest import drawn_style
from newsmark.store import Store
from conftest import run_async
from test_tui_app import app_for, library_db, wire_id  # noqa: F401  (library_db is a fixture)

SMALL = (80, 24)


async def _palette_rows(pilot, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    for ch in query:
        await pilot.press(ch if ch != " " else "space")
    # The palette searches its providers in a worker; wait for the list to settle.
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    results = pilot.app.screen.query_one(CommandList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


@run_async
async def test_the_palette_lists_the_readers_actions_with_their_keys_and_runs_them(library_db):
    app = app_for(library_db, article_id=wire_id(library_db))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        rows = await _palette_rows(pilot, "tag claim")
        assert rows and "Tag claim" in rows[0] and "(c)" in rows[0], rows
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
    with Store.open(library_db) as store:
        claims = [a for a in store.annotations(article_id=wire_id(library_db), label="claim") if a.annotator == "tester"]
    assert len(claims) == 1  # the palette ran the same action as the key


@run_async
async def test_the_palette_shows_the_users_own_keys(library_db, tmp_path):
    keys = tmp_path / "keys.toml"
    keys.write_text('[reader]\ntag_claim = "k"\nchange_label = "K"\n', encoding="utf-8")
    app = app_for(library_db, article_id=wire_id(library_db), user_keymap=keys)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        rows = await _palette_rows(pilot, "tag claim")
        assert "Tag claim" in rows[0] and "(k)" in rows[0], rows


@run_async
async def test_the_palette_opens_from_the_librarys_filter_and_offers_themes(library_db):
    app = app_for(library_db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        rows = await _palette_rows(pilot, "theme")
        assert any(r.startswith("Theme") for r in rows), rows
        rows_import = []
        for _ in "theme":
            await pilot.press("backspace")
        for ch in "import":
            await pilot.press(ch)
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one(CommandList)
        rows_import = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert any("Import a file" in r and "^o" in r for r in rows_import), rows_import


def _two_neighbouring_claims_and_a_disputed(db) -> tuple[str, int, int, int]:
    article = wire_id(db)
    with Store.open(db) as store:
        text = store.article(article).text
        body = text.index("\n\n") + 2
        first_end = text.index(" ", body + 20)
        second_end = text.index(" ", first_end + 20)
        store.add_annotation(article, "claim", body, first_end, annotator="t")
        store.add_annotation(article, "claim", first_end + 1, second_end, annotator="t")
        far = text.index(" ", second_end + 40) + 1
        store.add_annotation(article, "disputed", far, far + 12, annotator="t")
    return article, body, first_end + 1, far


@run_async
async def test_neighbouring_marks_of_one_label_are_drawn_apart_and_disputed_is_not_struck(library_db):
    article, first, second, disputed = _two_neighbouring_claims_and_a_disputed(library_db)
    app = app_for(library_db, article_id=article)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        view = app.screen.view
        view.move_to(disputed + 14)  # caret off the marks, all still on screen
        await pilot.pause()
        a, b, d = (drawn_style(app, view, o) for o in (first, second, disputed))
        assert a.underline and b.underline
        assert a.bgcolor != b.bgcolor  # the second claim has the stronger tint
        assert d.underline2 and not d.strike  # disputed reads as emphasised, not deleted


@run_async
async def test_under_no_color_neighbours_differ_by_a_line_above(library_db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    article, first, second, disputed = _two_neighbouring_claims_and_a_disputed(library_db)
    app = app_for(library_db, article_id=article)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        view = app.screen.view
        view.move_to(disputed + 14)
        await pilot.pause()
        a, b, d = (drawn_style(app, view, o) for o in (first, second, disputed))
        assert a.underline and not a.overline
        assert b.underline and b.overline
        assert d.underline2 and not d.strike
        for style in (a, b, d):
            assert all(c is None or c.is_default for c in (style.color, style.bgcolor))


@run_async
async def test_notes_are_text_written_over_several_lines_and_shown_in_full(library_db):
    article = wire_id(library_db)
    with Store.open(library_db) as store:
        text = store.article(article).text
        start = text.index("has idled cranes")
    app = app_for(library_db, article_id=article)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.view.move_to(start)
        await pilot.press("c", "e")
        await pilot.pause()
        for line in ("Port authority says 31 cranes, not all idle.", "", "Source: https://example.org/ports?id=7"):
            for ch in line:
                await pilot.press({" ": "space"}.get(ch, ch))
            await pilot.press("enter")  # a new line, not the end of the note
        await pilot.press("ctrl+s")
        await pilot.pause()
        with Store.open(library_db) as store:
            (ann,) = [a for a in store.annotations(article_id=article) if a.annotator == "tester"]
        assert ann.note == "Port authority says 31 cranes, not all idle.\n\nSource: https://example.org/ports?id=7"
        screen.view.move_to(ann.start + 2)  # the caret on the mark: the list shows its note whole
        await pilot.pause()
        await pilot.pause()
        marks = screen.query_one("#annotation-list")
        drawn = [marks.render_line(y).text for y in range(marks.size.height)]
        joined = "\n".join(drawn)
        assert "Port authority says 31 cranes" in joined
        assert "https://example.org/ports?id=7" in joined.replace("\n", "").replace(" ", "")
        # and editing again starts from the whole note
        await pilot.press("e")
        await pilot.pause()
        from textual.widgets import TextArea

        assert app.screen.query_one(TextArea).text == ann.note
        await pilot.press("escape")


@run_async
async def test_a_theme_chosen_in_the_app_is_remembered_in_config_toml(library_db):
    from newsmark.config import config_path, load_config
    from newsmark.tui.app import make_app

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('# my settings\nannotator = "ana"\n', encoding="utf-8")
    app = make_app(library_db, "tester", user_keymap=None, theme=load_config().theme, remember_theme=True)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        rows = await _palette_rows(pilot, "theme")
        assert rows[0].startswith("Theme")
        await pilot.press("escape")
        app.theme = "gruvbox"  # what the palette's theme picker does on Enter
        await pilot.pause()
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# my settings\nannotator = "ana"\n') and 'theme = "gruvbox"' in text
    assert load_config().theme == "gruvbox"
    again = make_app(library_db, "tester", user_keymap=None, theme=load_config().theme, remember_theme=True)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert again.theme == "gruvbox"
    assert path.read_text(encoding="utf-8") == text  # starting with it does not rewrite the file
