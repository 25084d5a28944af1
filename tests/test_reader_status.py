"""The reader's status line at 80, 100 and 120 columns (never garbled) and its empty side list.

The left part (caret or selection, mark under the caret, last message) is shown whole when
it fits; keys are not repeated there (the key bar is the one place for them).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.content import Content
from textual.geometry import Region

from conftest import reader_ready
from newsmark.tui.app import make_app
from newsmark.tui.reader import ReaderScreen
from newsmark.tui.mark_list import MarkList
from newsmark.tui.status_line import StatusLine, layout_status

from test_reader import TEXT, make_db


def status_text(app) -> str:
    """What the terminal shows on the status line, padding stripped."""
    line = app.screen.query_one("#reader-status", StatusLine)
    strips = line.render_lines(Region(0, 0, line.outer_size.width, 1))
    return "".join(seg.text for seg in strips[0]).strip()


def check_hints(screen: ReaderScreen, shown: str) -> list[str]:
    """Keys are shown in one place, the key bar: the status line carries none of them."""
    from newsmark.tui.key_bar import KeyBar

    items = [f"{key} {binding.description}" for binding, key, _ in screen.query_one(KeyBar).items()]
    assert items
    assert not any(item in shown for item in items), shown
    for stale in ("c claim", "a attrib.", "e note", "u undo", "f1 keys"):
        assert stale not in shown, shown
    return []


@pytest.mark.parametrize("width", [80, 100, 120])
def test_status_line_is_laid_out_at_every_width(tmp_path: Path, width: int):
    async def go():
        db, article_id = make_db(tmp_path)
        app = make_app(db, "tester", user_keymap=None, article_id=article_id)
        async with app.run_test(size=(width, 24)) as pilot:
            await reader_ready(pilot)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)

            idle = status_text(app)
            assert idle.startswith(f"0/{len(TEXT)}  "), idle
            check_hints(screen, idle)

            await pilot.press("s")  # select the first sentence
            await pilot.pause()
            selected = status_text(app)
            assert selected.startswith(f"{len('Bridge to reopen, city says')} chars selected")
            check_hints(screen, selected)

            await pilot.press("a")  # attribution: the picker offers the names; take the first
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            said = status_text(app)
            assert "Saved attribution (27 chars)" in said  # the message whole, not eaten by hints
            check_hints(screen, said)

            screen.view.move_to(screen.view.caret + 3)
            await pilot.pause()
            on_mark = status_text(app)
            ann = screen.current_annotation()
            assert ann is not None and ann.attributed_to
            assert f"attribution said by {ann.attributed_to}" in on_mark
            check_hints(screen, on_mark)

            screen._say("x" * (width + 20))  # a message wider than the line: cut with an ellipsis
            await pilot.pause()
            long = status_text(app)
            assert long.endswith("x…") and "sentence" not in long

    asyncio.run(go())


def test_layout_drops_whole_hints_and_keeps_the_left_part():
    hints = [Content(f"{k} {w}") for k, w in (("s", "sentence"), ("c", "claim"), ("a", "attrib."))]
    left = Content("12/500  claim")
    assert layout_status(left, hints, 80).plain.rstrip().endswith("a attrib.")
    line = layout_status(left, hints, 35).plain
    assert len(line) == 35 and line.startswith("12/500  claim") and line.endswith("c claim")
    assert "a attrib" not in line
    assert layout_status(left, hints, 15).plain == "12/500  claim  "
    assert layout_status(left, hints, 8).plain == "12/500 …"
    tip = Content("tags take the caret's sentence")
    assert tip.plain in layout_status(left, hints, 120, tip).plain
    assert tip.plain not in layout_status(left, hints, 60, tip).plain


def test_empty_side_list_says_how_to_make_the_first_mark_with_the_keys_in_effect(tmp_path: Path):
    """No marks: the side list is not a blank column but a hint built from the keymap."""
    keys = tmp_path / "keys.toml"
    keys.write_text('[reader]\ntag_claim = "k"\n', encoding="utf-8")

    async def go():
        db, article_id = make_db(tmp_path)
        app = make_app(db, "tester", user_keymap=keys, article_id=article_id)
        async with app.run_test(size=(120, 24)) as pilot:
            await reader_ready(pilot)
            await pilot.pause()
            side = app.screen.query_one("#annotation-list", MarkList)
            assert side.marks == [] and side.hint == "No marks yet — s selects a sentence, k tags it as a claim"
            shown = " ".join(side.render_line(y).text.strip() for y in range(4)).strip()
            assert shown == side.hint  # wrapped in the column, every word drawn
            await pilot.press("s", "k")  # the hint's advice works
            await pilot.pause()
            assert [a.label for a in side.marks] == ["claim"]
            assert side.render_line(0).text.strip().startswith("claim Bridge to reopen")

    asyncio.run(go())


def test_key_bar_drops_whole_items_and_a_click_presses_the_key(tmp_path: Path):
    from newsmark.tui.key_bar import KeyBar

    async def go():
        db, article_id = make_db(tmp_path)
        app = make_app(db, "tester", user_keymap=None, article_id=article_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await reader_ready(pilot)
            await pilot.pause()
            bar = app.screen.query_one(KeyBar)
            items = [f"{key} {binding.description}" for binding, key, _ in bar.items()]
            shown = bar.text
            assert shown and len(shown) <= 78
            parts = shown.split("  ")
            # The palette and help keys lead, always; then the screen's keys, whole, in order.
            assert parts[0] == "^p Commands" and parts[1].endswith(" Keys"), parts
            rest = [i for i in items if not i.endswith((" Commands", " Keys"))]
            assert parts[2:] == rest[: len(parts) - 2]
            assert len(parts) - 2 < len(rest)  # 80 columns cannot hold them all
            assert rest[0].endswith("Select the sentence")
            x = len("  ".join(parts[:2])) + 2 + 1  # on "s Select the sentence"
            await pilot.click(KeyBar, offset=(x, 0))
            await pilot.pause()
            assert app.screen.view.selection == (0, len("Bridge to reopen, city says"))

    asyncio.run(go())
