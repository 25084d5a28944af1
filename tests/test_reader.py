"""The reader: real key presses and mouse drags against a real database file.

Each test opens the app the way the CLI does (make_app with an article id), acts like a
user, then reads the database back: what the user sees saved must be in the file.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from conftest import reader_ready
from newsmark.ingest import ImportedText
from newsmark.store import Store
from newsmark.tui.app import make_app
from newsmark.tui.article_view import GUTTER, ArticleView
from newsmark.tui.dialogs import AttributedToPicker
from newsmark.tui.reader import ReaderScreen

SIZE = (110, 30)
TEXT = (
    "Bridge to reopen, city says\n"
    "\n"
    "The bridge will reopen on Monday, Mayor Ana Costa said on Friday. Critics were not convinced. "
    "Repairs cost 4 million euros, according to the Harbour Authority.\n"
    "\n"
    "Engineer Paulo Reis said the cables were replaced last year."
)


def make_db(tmp_path: Path, text: str = TEXT) -> tuple[Path, str]:
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        article, _, _ = store.import_article(ImportedText(text=text, title=text.split("\n", 1)[0]))
    return db, article.id


def saved(db: Path, include_deleted: bool = False):
    with Store.open(db) as store:
        return list(store.annotations(include_deleted=include_deleted))


class Reader:
    """The running app with the reader on top, and a few ways to look at it."""

    def __init__(self, app, pilot):
        self.app, self.pilot = app, pilot

    @property
    def screen(self) -> ReaderScreen:
        assert isinstance(self.app.screen, ReaderScreen), self.app.screen
        return self.app.screen

    @property
    def view(self) -> ArticleView:
        return self.app.screen_stack[-1].query_one(ArticleView) if isinstance(self.app.screen, ReaderScreen) \
            else next(s for s in reversed(self.app.screen_stack) if isinstance(s, ReaderScreen)).view

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        await self.pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])

    def cell_of(self, offset: int) -> tuple[int, int]:
        """Where `offset` is drawn inside the view (x, y)."""
        layout = self.view.layout_lines
        line = layout.line_of(offset)
        return GUTTER + layout.x_of(offset, line), line - int(self.view.scroll_y)

    async def drag(self, start: int, last: int) -> None:
        """Mouse down on the character at `start`, drag to and release on the one at `last`."""
        view = self.view
        await self.pilot.mouse_down(view, offset=self.cell_of(start))
        await self.pilot.hover(view, offset=self.cell_of((start + last) // 2))
        await self.pilot.hover(view, offset=self.cell_of(last))
        await self.pilot.mouse_up(view, offset=self.cell_of(last))
        await self.pilot.pause()

    async def entities_loaded(self) -> None:
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()


def reader_test(text: str = TEXT):
    """Decorator: the test gets (reader, db, article_id) with the reader open and focused."""

    def wrap(test):
        def wrapper(tmp_path):
            async def go():
                db, article_id = make_db(tmp_path, text)
                app = make_app(db, "tester", user_keymap=None, article_id=article_id)
                async with app.run_test(size=SIZE) as pilot:
                    await reader_ready(pilot)
                    await pilot.pause()
                    reader = Reader(app, pilot)
                    assert reader.view.has_focus
                    await test(reader, db, article_id)

            asyncio.run(go())

        wrapper.__name__, wrapper.__doc__ = test.__name__, test.__doc__
        return wrapper

    return wrap


@reader_test()
async def test_select_sentence_then_c_saves_a_claim(r: Reader, db, article_id):
    await r.press("right_parenthesis")  # caret to the next sentence: "The bridge will reopen …"
    await r.press("s")
    start = TEXT.index("The bridge")
    assert r.view.selection == (start, TEXT.index(" Critics"))
    await r.press("c")
    (ann,) = saved(db)
    assert (ann.label, ann.start, ann.end) == ("claim", start, TEXT.index(" Critics"))
    assert ann.quote == "The bridge will reopen on Monday, Mayor Ana Costa said on Friday."
    assert ann.annotator == "tester" and ann.article_id == article_id
    assert r.view.selection is None and r.view.annotations[0].id == ann.id  # shown after saving


@reader_test()
async def test_tag_key_without_selection_tags_the_sentence_at_the_caret(r: Reader, db, article_id):
    r.view.move_to(TEXT.index("not convinced"))
    await r.press("d")
    (ann,) = saved(db)
    assert (ann.label, ann.quote) == ("disputed", "Critics were not convinced.")


@reader_test()
async def test_mouse_drag_selects_and_tags_exact_span(r: Reader, db, article_id):
    start = TEXT.index("4 million")
    last = start + len("4 million euros") - 1
    await r.drag(start, last)
    assert r.view.selection == (start, last + 1)
    await r.press("c")
    (ann,) = saved(db)
    assert (ann.start, ann.end, ann.quote) == (start, last + 1, "4 million euros")


@reader_test()
async def test_mouse_drag_backwards_and_across_lines(r: Reader, db, article_id):
    start = TEXT.index("Critics")
    last = TEXT.index("Paulo")
    await r.drag(last, start)  # from "P" back to "C", over a paragraph break
    await r.press("d")
    (ann,) = saved(db)
    assert (ann.start, ann.end) == (start, last + 1)
    assert ann.quote == TEXT[start : last + 1]


@reader_test()
async def test_find_then_tag_acts_on_the_match(r: Reader, db, article_id):
    await r.press("slash")
    await r.type("harbour authority")
    await r.press("enter")
    start = TEXT.index("Harbour Authority")
    assert r.view.has_focus
    assert r.view.selection == (start, start + len("Harbour Authority"))
    await r.press("d")
    (ann,) = saved(db)
    assert (ann.label, ann.quote) == ("disputed", "Harbour Authority")


@reader_test()
async def test_find_next_and_previous_cycle_through_matches(r: Reader, db, article_id):
    await r.press("slash")
    await r.type("said")
    await r.press("enter")
    first, second = TEXT.index("said"), TEXT.index("said", TEXT.index("said") + 1)
    assert r.view.selection == (first, first + 4)
    await r.press("n")
    assert r.view.selection == (second, second + 4)
    await r.press("n")  # wraps to the first
    assert r.view.selection == (first, first + 4)
    await r.press("N")
    assert r.view.selection == (second, second + 4)


@reader_test()
async def test_attribution_offers_nearby_people_and_saves_the_chosen_one(r: Reader, db, article_id):
    await r.entities_loaded()
    assert any(e.label == "PERSON" for e in r.view.entities)
    r.view.move_to(TEXT.index("cables"))
    await r.press("a")
    picker = r.app.screen
    assert isinstance(picker, AttributedToPicker)
    # nearest PERSON first: Paulo Reis is in this very sentence
    assert picker.candidates[0][0] == "Paulo Reis"
    await r.press("down")  # choose the second candidate with the arrows
    chosen = picker.candidates[1][0]
    await r.press("enter")
    (ann,) = saved(db)
    assert (ann.label, ann.quote, ann.attributed_to) == (
        "attribution", "Engineer Paulo Reis said the cables were replaced last year.", chosen)


@reader_test()
async def test_attribution_accepts_free_text_and_escape_cancels(r: Reader, db, article_id):
    r.view.move_to(TEXT.index("Critics"))
    await r.press("a")
    await r.press("escape")
    assert saved(db) == [] and isinstance(r.app.screen, ReaderScreen)
    await r.press("a")
    await r.type("unnamed critics")
    await r.press("enter")
    (ann,) = saved(db)
    assert (ann.quote, ann.attributed_to) == ("Critics were not convinced.", "unnamed critics")


@reader_test()
async def test_note_is_saved_on_the_annotation_under_the_caret(r: Reader, db, article_id):
    r.view.move_to(TEXT.index("Repairs"))
    await r.press("c")
    await r.press("e")
    await r.type("[bold]check $figures[/]")
    await r.press("ctrl+s")
    (ann,) = saved(db)
    assert ann.note == "[bold]check $figures[/]"
    assert ann.quote.startswith("Repairs cost")


@reader_test()
async def test_a_note_changed_elsewhere_since_is_not_written_over(r: Reader, db, article_id):
    r.view.move_to(TEXT.index("Repairs"))
    await r.press("c")
    (ann,) = saved(db)
    with Store.open(db) as other:  # a sync brings a colleague's note while the reader is open
        other.update_annotation(ann.id, note="ESO confirmed 138")
    await r.press("e")
    await r.type("my stale note")
    await r.press("ctrl+s")
    (after,) = saved(db)
    assert after.note == "ESO confirmed 138"  # the newer edit stays
    screen = r.app.screen
    assert "was changed since you opened it" in str(screen.message)
    assert [a.note for a in screen.view.annotations] == ["ESO confirmed 138"]  # shown as it is now
    await r.press("e")  # on the fresh copy the edit goes through
    await r.type(" +call")
    await r.press("ctrl+s")
    assert saved(db)[0].note.endswith("+call")


@reader_test()
async def test_delete_undo_redo_through_the_database(r: Reader, db, article_id):
    r.view.move_to(TEXT.index("Critics"))
    await r.press("c")
    (ann,) = saved(db)
    await r.press("x")  # delete: soft, the row stays
    assert saved(db) == []
    assert [a.deleted for a in saved(db, include_deleted=True)] == [True]
    await r.press("u")  # undo the delete
    assert [a.id for a in saved(db)] == [ann.id]
    await r.press("u")  # undo the tag itself
    assert saved(db) == []
    await r.press("U")  # redo the tag
    assert [a.id for a in saved(db)] == [ann.id]
    await r.press("U")  # redo the delete
    assert saved(db) == []
    await r.press("u")
    r.view.move_to(TEXT.index("Repairs"))
    await r.press("d")  # a new change clears what could be redone
    await r.press("U")
    assert sorted(a.quote[:7] for a in saved(db)) == ["Critics", "Repairs"]


@reader_test()
async def test_change_label_and_undo_it(r: Reader, db, article_id):
    r.view.move_to(TEXT.index("Critics"))
    await r.press("c")
    await r.press("r")
    await r.press("d")  # the label chooser takes the first letter
    (ann,) = saved(db)
    assert ann.label == "disputed"
    await r.press("u")
    assert saved(db)[0].label == "claim"


@reader_test()
async def test_jump_to_next_and_previous_annotation(r: Reader, db, article_id):
    with Store.open(db) as store:
        first = store.add_annotation(article_id, "claim", TEXT.index("Repairs"), TEXT.index("Repairs") + 7)
        second = store.add_annotation(article_id, "disputed", TEXT.index("Paulo"), TEXT.index("Paulo") + 5)
    r.screen._reload_annotations()
    await r.press("right_square_bracket")
    assert r.view.caret == first.start
    assert r.screen.current_annotation().id == first.id
    await r.press("right_square_bracket")
    assert r.view.caret == second.start
    await r.press("left_square_bracket")
    assert r.view.caret == first.start
    await r.press("e")
    await r.type("checked")
    await r.press("ctrl+s")
    assert {a.id: a.note for a in saved(db)} == {first.id: "checked", second.id: ""}


@reader_test()
async def test_choosing_from_the_annotation_list_selects_it(r: Reader, db, article_id):
    with Store.open(db) as store:
        ann = store.add_annotation(article_id, "claim", TEXT.index("Paulo"), TEXT.index("Paulo") + 10)
    r.screen._reload_annotations()
    await r.pilot.click("#annotation-list", offset=(2, 0))
    await r.pilot.pause()
    assert r.view.selection == (ann.start, ann.end)
    assert r.view.has_focus
    await r.press("o")
    assert not r.screen.query_one("#annotation-list").display


WIDE = (
    "Markup [bold red]x[/] $var <b>bold</b> stays text.\n"
    "\n"
    "东京 said 😀 the cafe\u0301 plan\tworks, אמר השר today. Next one."
)


@reader_test(WIDE)
async def test_wide_and_markup_text_tags_exact_code_points(r: Reader, db, article_id):
    # what is drawn is the text itself, brackets and all
    first_line = r.view.render_line(0).text
    assert "[bold red]x[/] $var <b>bold</b>" in first_line
    await r.press("slash")
    await r.type("[bold red]x[/]")
    await r.press("enter")
    await r.press("c")
    # a drag across CJK, an emoji and a combining accent
    start, last = WIDE.index("东京"), WIDE.index("e\u0301") + 1  # release on the accent's cell
    await r.drag(start, last)
    await r.press("d")
    # and a drag from the tab to the Hebrew
    await r.drag(WIDE.index("\t"), WIDE.index("השר") + 2)
    await r.press("a")
    await r.press("enter")
    anns = {a.label: a for a in saved(db)}
    assert anns["claim"].quote == "[bold red]x[/]"
    assert anns["disputed"].quote == "东京 said 😀 the cafe\u0301"
    assert anns["attribution"].quote == "works, אמר השר"  # surrounding whitespace is not tagged
    for ann in anns.values():
        assert WIDE[ann.start : ann.end] == ann.quote



@reader_test()
async def test_visual_mode_and_shift_keys_extend_the_selection(r: Reader, db, article_id):
    start = TEXT.index("Repairs")
    r.view.move_to(start)
    await r.press("v", "w", "w", "w")  # visual: word moves extend from the caret
    assert r.view.selection == (start, TEXT.index("million"))
    await r.press("c")  # trailing space is not tagged
    assert not r.screen.visual and r.view.selection is None
    r.view.move_to(TEXT.index("Engineer"))
    await r.press("shift+right", "shift+right", "shift+right", "left", "right")
    assert r.view.selection is None  # a plain move drops the selection
    await r.press("shift+right", "shift+right", "d")
    quotes = {a.label: a.quote for a in saved(db)}
    assert quotes == {"claim": "Repairs cost 4", "disputed": "in"}  # "Eng" + left, right: the caret after "Eng"


@reader_test("\n\n".join(f"Paragraph {i} says something quite long about the harbour and its cranes." * 3
                         for i in range(80)))
async def test_page_down_and_arrows_move_the_caret_not_just_the_view(r: Reader, db, article_id):
    view = r.view
    await r.press("down", "down")
    assert view.caret_line() == 2
    await r.press("pagedown")
    assert view.caret_line() > 20 and view.scroll_y > 0
    line = view.caret_line()
    await r.press("up")
    assert view.caret_line() == line - 1
    await r.press("s", "c")
    (ann,) = saved(db)
    assert ann.quote.startswith("Paragraph") and ann.quote.endswith("cranes.")


ACTORS = (
    "Ana Costa said the bridge would reopen. Critics doubted it.\n"
    "\n"
    "Later, Costa said repairs were finished, and Paulo Reis agreed. Ana Costa spoke again on Friday."
)


@reader_test(ACTORS)
async def test_entity_panel_mention_jumps_and_alias(r: Reader, db, article_id):
    from newsmark.actors import mentions_of

    await r.entities_loaded()
    await r.press("E")
    panel = r.screen.query_one("#entity-panel")
    assert panel.display and panel.groups
    first = next(e for e in r.view.entities if e.text == "Ana Costa")
    r.view.move_to(first.start)
    mentions = mentions_of(r.view.entities, first, r.screen.registry)
    assert len(mentions) >= 2  # "Ana Costa", "Costa", "Ana Costa" are one actor
    await r.press("m")  # the next mention of the same actor is selected
    assert r.view.selection == (mentions[1].start, mentions[1].end)
    await r.press("M")
    assert r.view.selection == (first.start, first.end)
    r.view.move_to(first.start)
    await r.press("A")
    await r.press("enter")  # link the name to an actor (the dialog offers the name itself)
    with Store.open(db) as store:
        assert any(actor.name == "Ana Costa" for actor in store.actors())
    await r.press("E")
    assert not panel.display and r.view.has_focus


LONG = "\n\n".join(f"Paragraph {i} says the port stayed closed for {i} days." for i in range(60))


@reader_test(LONG)
async def test_mouse_drag_held_at_the_bottom_edge_scrolls_and_selects_a_long_span(r: Reader, db, article_id):
    view = r.view
    start = LONG.index("Paragraph 2 ")
    height = view.scrollable_content_region.height
    await r.pilot.mouse_down(view, offset=r.cell_of(start))
    await r.pilot.hover(view, offset=(GUTTER + 5, height - 1))  # hold on the bottom row
    for _ in range(100):  # autoscroll ticks while the button is held; stop once far enough
        await r.pilot.pause(0.05)
        if view.scroll_y >= height:
            break
    assert view.scroll_y >= height  # the view scrolled past a whole screen by itself
    last = view.layout_lines.line_of(view.caret)
    await r.pilot.mouse_up(view, offset=(GUTTER + 5, height - 1))
    await r.pilot.pause()
    sel = view.selection
    assert sel is not None and sel[0] == start and view.layout_lines.line_of(sel[1]) >= last >= height
    await r.press("c")
    (ann,) = saved(db)
    assert ann.start == start and ann.end > start + 200 and ann.quote == LONG[ann.start:ann.end]


@reader_test()
async def test_s_after_a_find_selects_the_whole_sentence_then_grows_by_the_next(r: Reader, db, article_id):
    await r.press("slash")
    await r.type("Ana Costa")
    await r.press("enter")
    await r.press("s")  # the whole sentence holding the match, not match-to-end-of-sentence
    first = "The bridge will reopen on Monday, Mayor Ana Costa said on Friday."
    start = TEXT.index(first)
    assert r.view.selection == (start, start + len(first))
    await r.press("s")  # already whole: add the next sentence
    assert r.view.selection == (start, TEXT.index(" Repairs"))
    await r.press("c")
    (ann,) = saved(db)
    assert ann.quote == first + " Critics were not convinced."


@reader_test()
async def test_i_and_p_after_a_find_select_the_whole_word_and_paragraph(r: Reader, db, article_id):
    await r.press("slash")
    await r.type("ridge w")
    await r.press("enter")
    await r.press("i")  # "ridge w" touches two words: both, whole
    start = TEXT.index("bridge will")
    assert r.view.selection == (start, start + len("bridge will"))
    await r.press("i")  # whole words already: add the next one
    assert r.view.selection == (start, start + len("bridge will reopen"))
    await r.press("p")
    para = TEXT.split("\n")[2]
    assert r.view.selection == (TEXT.index(para), TEXT.index(para) + len(para))
    await r.press("p")  # whole paragraph: add the next
    assert r.view.selection == (TEXT.index(para), len(TEXT))
    await r.press("d")
    (ann,) = saved(db)
    assert ann.quote == TEXT[TEXT.index(para):]


HEADED = "# Bridge to reopen\n\n#2 on the list: the bridge will reopen. ## not a heading\n\n## Cables\n\nReplaced last year."


@reader_test(HEADED)
async def test_heading_lines_read_as_headlines_with_the_hash_dimmed(r: Reader, db, article_id):
    r.view.move_to(len(HEADED))  # caret away from the lines looked at

    def cell_style(offset: int):
        layout = r.view.layout_lines
        line = layout.line_of(offset)
        strip = r.view.render_line(line - int(r.view.scroll_y))
        x, cells = GUTTER + layout.x_of(offset, line), 0
        for seg in strip:
            if cells + len(seg.text) > x:
                return seg.style
            cells += len(seg.text)

    body = cell_style(HEADED.index("on the list"))
    for heading in ("# Bridge to reopen", "## Cables"):
        start = HEADED.index(heading)
        mark, title = cell_style(start), cell_style(start + heading.index(" ") + 1)
        assert title.bold and not mark.bold and mark.color != body.color, heading
    assert not cell_style(HEADED.index("#2")).bold and not cell_style(HEADED.index("## not")).bold
    assert not body.bold
    # the "# " stays part of the text: tagging the heading line stores it as it is
    r.view.move_to(0)
    await r.press("s", "c")
    (ann,) = saved(db)
    assert (ann.start, ann.quote) == (0, "# Bridge to reopen")
