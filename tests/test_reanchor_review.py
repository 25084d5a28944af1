"""The reader lists fuzzy and orphaned marks for review and says what changed."""

from __future__ import annotations

import asyncio
from pathlib import Path

from conftest import reader_ready
from newsmark.ingest import ImportedText
from newsmark.store import Store
from newsmark.tui.app import make_app
from newsmark.tui.mark_list import MarkList
from newsmark.tui.status_line import StatusLine

OLD = ("Ferry fares to rise\n\nFares will rise by 12 percent in June, the operator said. "
       "Residents called the rise a tax on island life.\n\nA hearing is planned for April.\n")
NEW = ("Ferry fares to rise\n\nFares will rise by 15 percent in June, the operator said.\n\n"
       "A hearing is planned for April.\n")


def changed_article(tmp_path: Path) -> tuple[Path, str, dict[str, str]]:
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        article, _, _ = store.import_article(ImportedText(text=OLD, title="Ferry fares to rise", path="/story.txt"))
        ids = {}
        for name, quote in (("figure", "Fares will rise by 12 percent in June"),
                            ("gone", "Residents called the rise a tax on island life."),
                            ("same", "A hearing is planned for April.")):
            start = OLD.index(quote)
            ids[name] = store.add_annotation(article.id, "claim", start, start + len(quote)).id
        store.import_article(ImportedText(text=NEW, title="Ferry fares to rise", path="/story.txt"))
        assert [store.annotation(i).anchor for i in ids.values()] == ["fuzzy", "orphaned", "moved"]
    return db, article.id, ids


def test_reader_lists_fuzzy_and_orphaned_first_and_explains_them(tmp_path: Path):
    db, article_id, ids = changed_article(tmp_path)

    async def go():
        app = make_app(db, "tester", user_keymap=None, article_id=article_id)
        async with app.run_test(size=(120, 30)) as pilot:
            await reader_ready(pilot)
            await pilot.pause()
            screen = app.screen
            side = screen.query_one("#annotation-list", MarkList)
            assert [a.id for a in side.marks] == [ids["figure"], ids["gone"], ids["same"]]
            assert "2 to review" in side.border_title
            lines = [side.render_line(y).text.strip() for y in range(6)]
            assert lines[0].startswith("? fuzzy") and "was: Fares will rise by 12" in lines[0]
            assert lines[2].startswith("✗ orphaned")
            # the orphan points into the old text: it is not drawn on the new one
            assert ids["gone"] not in {a.id for a in screen.view.annotations}
            side.highlight(1)
            side.action_choose()
            await pilot.pause()
            status = screen.query_one("#reader-status", StatusLine).left.plain
            assert "Not in the new text" in status and "Residents called the rise" in status
            side.highlight(0)
            side.action_choose()
            await pilot.pause()
            status = screen.query_one("#reader-status", StatusLine).left.plain
            assert "was “Fares will rise by 12 percent in June”" in status
            assert "now “Fares will rise by 15 percent in June”" in status
            sel = screen.view.selection
            assert NEW[sel[0]:sel[1]] == "Fares will rise by 15 percent in June"

    asyncio.run(go())
