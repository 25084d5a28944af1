"""Suggestions in the reader: shown when an article opens, stepped through, accepted with one
key (the database holds the attribution with content, source, cue, speaker and origin),
rejected for good (also after reopening), undone like a tag, hidden and shown with a key.

Real app (run_test + Pilot), real database files, the real extraction engine on a bundled
sample article; what the tests check is what the file holds and what the screen draws.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

pytest.importorskip("newsmark.suggest", reason="no suggestion engine in this build")

from newsmark.cli import app as cli_app  # noqa: E402
from newsmark.ingest import read_article  # noqa: E402
from newsmark.store import Store  # noqa: E402
from newsmark.tui.app import make_app  # noqa: E402
from newsmark.tui.article_view import FOCUS_SIGN, SUGGESTION_SIGN  # noqa: E402
from newsmark.tui.dialogs import AttributedToPicker  # noqa: E402
from newsmark.tui.reader import ReaderScreen  # noqa: E402
from newsmark.tui.status_line import StatusLine  # noqa: E402

from conftest import SAMPLES_DIR  # noqa: E402

WIRE = SAMPLES_DIR / "wire-report-port-strike.md"
SIZE = (100, 30)


def make_db(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        article, _, _ = store.import_article(read_article(WIRE))
    return db, article.id


def live(db: Path):
    with Store.open(db) as store:
        return list(store.annotations())


async def open_reader(app, pilot) -> ReaderScreen:
    """Wait for the reader, its entities and its suggestions (the real conditions, no sleeps)."""
    for _ in range(200):
        screen = app.screen
        if isinstance(screen, ReaderScreen) and screen.is_mounted and screen.suggestions_ready:
            break
        await app.workers.wait_for_complete()
        await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReaderScreen) and screen.suggestions_ready
    await pilot.pause()
    return screen


def run(tmp_path: Path, test, size=SIZE, db_and_id=None, env=None):
    async def go(db, article_id):
        app = make_app(db, "tester", user_keymap=None, article_id=article_id)
        async with app.run_test(size=size) as pilot:
            screen = await open_reader(app, pilot)
            return await test(app, pilot, screen, db)

    db, article_id = db_and_id or make_db(tmp_path)
    return asyncio.run(go(db, article_id))


async def focus_first(pilot, screen, kind: str):
    """Step with `f` until a suggestion of this kind is focused; returns it."""
    for _ in range(len(screen.suggestions) + 1):
        await pilot.press("f")
        await pilot.pause()
        focus = screen.focused_suggestion()
        if focus is not None and focus.kind == kind:
            return focus
    pytest.fail(f"no {kind} suggestion in {[s.kind for s in screen.suggestions]}")


def gutter_signs(screen) -> str:
    view = screen.view
    return "".join(view.render_line(y).text[1] for y in range(view.scrollable_content_region.height))


def status(screen) -> str:
    return screen.query_one("#reader-status", StatusLine).text


def test_suggestions_are_shown_when_the_article_opens(tmp_path):
    async def test(app, pilot, screen, db):
        assert screen.suggestions, "the wire report has reported speech"
        kinds = {s.kind for s in screen.suggestions}
        assert kinds == {"attribution", "claim"}
        assert screen.view.suggestion_spans == sorted((s.start, s.end) for s in screen.suggestions)
        # drawn: the gutter's dotted bar on their lines, and a line above their text
        screen.view.move_to(screen.suggestions[0].start, center=True)
        await pilot.pause()
        assert SUGGESTION_SIGN in gutter_signs(screen)
        first = screen.suggestions[0]
        layout = screen.view.layout_lines
        y = layout.line_of(first.start) - int(screen.view.scroll_y)
        styles = [seg.style for seg in screen.view.render_line(y) if seg.text.strip() and seg.style]
        assert any(style.overline for style in styles)
        assert live(db) == []  # shown, not stored

    run(tmp_path, test)


def test_one_key_accepts_an_attribution_with_content_source_cue_and_speaker(tmp_path, runner):
    async def test(app, pilot, screen, db):
        s = await focus_first(pilot, screen, "attribution")
        assert screen.view.selection == (s.start, s.end)
        said = status(screen)
        assert "suggested attribution" in said and s.speaker[:20] in said
        if s.item.cue:
            cue = screen.view.text[s.item.cue[0]:s.item.cue[1]]
            assert f"“{cue[:15]}" in said
        assert FOCUS_SIGN in gutter_signs(screen)
        await pilot.press("enter")  # the one key
        await pilot.pause()
        (ann,) = live(db)
        assert (ann.label, ann.start, ann.end) == ("attribution", s.start, s.end)
        assert ann.attributed_to == s.speaker and ann.attributed_to
        assert ann.source == s.item.source and ann.cue == s.item.cue and ann.source is not None
        assert ann.origin == "suggested" and ann.annotator == "tester"
        assert s not in screen.suggestions  # no longer offered
        # on to the next suggestion, so the next Enter accepts that one
        nxt = screen.focused_suggestion()
        assert nxt is not None and nxt.start >= s.start
        return s

    s = run(tmp_path, test)
    result = runner.invoke(cli_app, ["--db", str(tmp_path / "news.db"), "annotations", "--json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["start"], row["end"], row["attributed_to"]) == (s.start, s.end, s.speaker)
    assert row["source"] == list(s.item.source) and row["origin"] == "suggested"
    assert row["cue"] == (list(s.item.cue) if s.item.cue else None)


def test_enter_enter_enter_accepts_suggestions_in_turn(tmp_path):
    async def test(app, pilot, screen, db):
        await pilot.press("f")
        await pilot.pause()
        wanted = []
        for _ in range(3):
            wanted.append(screen.focused_suggestion())
            await pilot.press("enter")
            await pilot.pause()
        got = sorted((a.label, a.start, a.end) for a in live(db))
        assert got == sorted((s.label, s.start, s.end) for s in wanted)

    run(tmp_path, test)


def test_accepting_a_claim_suggestion_stores_a_claim_mark(tmp_path):
    async def test(app, pilot, screen, db):
        s = await focus_first(pilot, screen, "claim")
        assert "why" in status(screen) and s.item.why
        await pilot.press("y")  # the second accept key
        await pilot.pause()
        (ann,) = live(db)
        assert (ann.label, ann.start, ann.end, ann.origin) == (s.item.label, s.start, s.end, "suggested")

    run(tmp_path, test)


def test_undo_of_an_accept_works_like_undo_of_a_tag(tmp_path):
    async def test(app, pilot, screen, db):
        s = await focus_first(pilot, screen, "attribution")
        await pilot.press("enter")
        await pilot.pause()
        assert len(live(db)) == 1
        await pilot.press("u")
        await pilot.pause()
        assert live(db) == []
        with Store.open(db) as store:
            (gone,) = list(store.annotations(include_deleted=True))
        assert gone.deleted and gone.start == s.start  # soft-deleted, never lost
        assert any((x.kind, x.start, x.end) == (s.kind, s.start, s.end) for x in screen.suggestions)  # offered again
        await pilot.press("U")  # redo
        await pilot.pause()
        assert [a.start for a in live(db)] == [s.start]

    run(tmp_path, test)


def test_rejected_suggestion_is_gone_also_after_reopening(tmp_path):
    db_and_id = make_db(tmp_path)

    async def reject(app, pilot, screen, db):
        s = await focus_first(pilot, screen, "attribution")
        await pilot.press("X")
        await pilot.pause()
        assert all((x.kind, x.start, x.end) != (s.kind, s.start, s.end) for x in screen.suggestions)
        assert live(db) == []  # rejecting stores no mark
        return s, len(screen.suggestions)

    s, left = run(tmp_path, reject, db_and_id=db_and_id)

    async def reopen(app, pilot, screen, db):
        assert all((x.kind, x.start, x.end) != (s.kind, s.start, s.end) for x in screen.suggestions)
        assert len(screen.suggestions) == left

    run(tmp_path, reopen, db_and_id=db_and_id)
    with Store.open(db_and_id[0]) as store:
        assert len(list(store.rejected_suggestions(db_and_id[1]))) == 1


def test_a_rejection_is_undone_and_redone_like_a_tag(tmp_path):
    async def test(app, pilot, screen, db):
        s = await focus_first(pilot, screen, "attribution")
        offered = len(screen.suggestions)
        await pilot.press("X")
        await pilot.pause()
        assert len(screen.suggestions) == offered - 1
        assert "undoes it" in str(screen.message)
        with Store.open(db) as store:
            assert len(store.rejected_suggestions(screen.article_id)) == 1
        await pilot.press("u")
        await pilot.pause()
        assert (s.kind, s.start, s.end) in [(x.kind, x.start, x.end) for x in screen.suggestions]
        assert len(screen.suggestions) == offered and "Undone" in str(screen.message)
        with Store.open(db) as store:
            assert store.rejected_suggestions(screen.article_id) == []
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert len(screen.suggestions) == offered - 1 and "Redone" in str(screen.message)
        with Store.open(db) as store:
            assert len(store.rejected_suggestions(screen.article_id)) == 1
        assert live(db) == []  # none of it stored a mark

    run(tmp_path, test)


def test_toggle_hides_and_shows_suggestions(tmp_path):
    async def test(app, pilot, screen, db):
        n = len(screen.suggestions)
        await pilot.press("S")
        await pilot.pause()
        assert screen.view.suggestion_spans == [] and screen.focused_suggestion() is None
        assert SUGGESTION_SIGN not in gutter_signs(screen)
        assert "Suggestions hidden" in status(screen)
        await pilot.press("f")
        await pilot.pause()
        assert "Suggestions are hidden; S shows them" in status(screen)
        await pilot.press("enter")
        await pilot.pause()
        assert live(db) == []  # nothing accepted while hidden
        await pilot.press("S")
        await pilot.pause()
        assert len(screen.view.suggestion_spans) == n

    run(tmp_path, test)


def test_accept_with_another_speaker_opens_the_picker_prefilled(tmp_path):
    async def test(app, pilot, screen, db):
        s = await focus_first(pilot, screen, "attribution")
        await pilot.press("Y")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, AttributedToPicker)
        assert picker.query_one("#who-input").value == s.speaker
        assert picker.candidates[0][0] == s.speaker  # the extracted source first
        # the dialog leaves the attributed text visible
        view = screen.view
        layout = view.layout_lines
        rows = {view.scrollable_content_region.y + line - int(view.scroll_y)
                for line in range(layout.line_of(s.start), layout.line_of(s.end - 1) + 1)}
        box = picker.query_one("#who-dialog").region
        assert not rows & set(range(box.y, box.bottom))
        await pilot.press("tab")  # as typed: keep the prefilled speaker but say it is checked
        await pilot.pause()
        (ann,) = live(db)
        assert (ann.start, ann.end, ann.attributed_to, ann.origin) == (s.start, s.end, s.speaker, "suggested")
        assert ann.source == s.item.source

    run(tmp_path, test, size=(80, 24))


def test_accept_with_a_typed_speaker_stores_that_speaker(tmp_path):
    async def test(app, pilot, screen, db):
        s = await focus_first(pilot, screen, "attribution")
        await pilot.press("Y")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")  # clear the field
        await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in "the port union"])
        await pilot.press("tab")
        await pilot.pause()
        (ann,) = live(db)
        assert (ann.start, ann.end, ann.attributed_to, ann.cue) == (s.start, s.end, "the port union", s.item.cue)

    run(tmp_path, test)


def test_no_color_still_shows_where_suggestions_are(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")

    async def test(app, pilot, screen, db):
        s = screen.suggestions[0]
        screen.view.move_to(s.start, center=True)
        await pilot.pause()
        assert SUGGESTION_SIGN in gutter_signs(screen)
        y = screen.view.layout_lines.line_of(s.start) - int(screen.view.scroll_y)
        assert app.no_color
        assert any(seg.style and seg.style.overline for seg in screen.view.render_line(y) if seg.text.strip())

    run(tmp_path, test)


def test_shift_arrows_change_the_end_and_enter_accepts_with_that_span(tmp_path):
    async def test(app, pilot, screen, db):
        s = await focus_first(pilot, screen, "claim")
        await pilot.press("shift+left", "shift+left")
        await pilot.pause()
        assert screen.view.selection == (s.start, s.end - 2)
        assert "span changed" in status(screen) and "suggested" in status(screen)
        await pilot.press("enter")
        await pilot.pause()
        (ann,) = live(db)
        assert (ann.label, ann.start, ann.end, ann.origin) == (s.item.label, s.start, s.end - 2, "suggested")
        assert all((x.start, x.end) != (s.start, s.end) or x.kind != "claim" for x in screen.suggestions)

    run(tmp_path, test)


def test_a_tag_key_on_a_claim_suggestion_accepts_it_with_that_label(tmp_path):
    async def test(app, pilot, screen, db):
        s = await focus_first(pilot, screen, "claim")
        other = "disputed" if s.item.label == "claim" else "claim"
        await pilot.press(other[0])
        await pilot.pause()
        (ann,) = live(db)
        assert (ann.label, ann.start, ann.end, ann.origin) == (other, s.start, s.end, "suggested")
        assert screen.focused_suggestion() is not None  # moved on to the next

    run(tmp_path, test)


def test_a_claim_over_the_same_words_as_an_attribution_is_focused_and_accepted_on_its_own(tmp_path):
    """A claim inside a reported statement is the statement's content: both suggestions cover
    the same words, f reaches each in turn, and Enter on each stores its own mark."""
    async def test(app, pilot, screen, db):
        pairs = [(a, c) for a in screen.suggestions for c in screen.suggestions
                 if a.kind == "attribution" and c.kind == "claim" and (a.start, a.end) == (c.start, c.end)]
        assert pairs, "the wire report has figures inside reported statements"
        attribution, claim = pairs[0]
        while screen.focused_suggestion() != attribution:
            await pilot.press("f")
            await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert screen.focused_suggestion() == claim  # the next one, on the same words
        await pilot.press("F")
        await pilot.pause()
        assert screen.focused_suggestion() == attribution
        await pilot.press("enter")
        await pilot.pause()
        assert screen.focused_suggestion() == claim  # accepting moves on to it
        await pilot.press("enter")
        await pilot.pause()
        marks = {(m.label, m.start, m.end) for m in live(db)}
        assert ("attribution", claim.start, claim.end) in marks
        assert (claim.item.label, claim.start, claim.end) in marks

    run(tmp_path, test)


def test_the_picker_offers_the_source_mention_as_written():
    from newsmark.tui.reader import mention_forms

    text = "A spokesman for the education department said the figures were wrong."
    assert mention_forms(text, 0, 40) == ["the education department"]
    assert mention_forms("Head teachers say so.", 0, 13) == ["Head teachers"]


def test_a_follow_on_quotation_is_offered_with_the_speaker_before_it(tmp_path):
    """ "…," said Henrique Salgado, …. "We are trying …" — the second quotation is his too."""
    async def test(app, pilot, screen, db):
        text = screen.view.text
        at = text.index('"We are trying to make sure this port still exists in 2040."')
        (s,) = [x for x in screen.suggestions if x.kind == "attribution" and x.start == at]
        assert s.speaker == "Henrique Salgado" and s.item.cue is None
        while screen.focused_suggestion() != s:
            await pilot.press("f")
            await pilot.pause()
        assert "quotation goes on" in status(screen)
        await pilot.press("enter")
        await pilot.pause()
        (ann,) = live(db)
        assert (ann.start, ann.attributed_to, ann.origin) == (at, "Henrique Salgado", "suggested")

    run(tmp_path, test)


def test_stepping_to_a_suggestion_already_in_view_does_not_scroll(tmp_path):
    async def test(app, pilot, screen, db):
        view = screen.view
        height = view.scrollable_content_region.height
        lower_half = 0
        for _ in range(len(screen.suggestions)):
            await pilot.press("f")
            await pilot.pause()
            shown = screen.focused_suggestion()
            lines = view.layout_lines.line_of(shown.start), view.layout_lines.line_of(shown.end)
            if lines[1] > height - 2:
                break  # the first one off the screen: brought into view below
            assert view.scroll_y == 0, lines  # in view: left where the reader put it
            lower_half += lines[0] > height // 2
        assert lower_half  # one at least that centring would have moved
        line = view.layout_lines.line_of(screen.focused_suggestion().start)
        assert view.scroll_y > 0 and view.scroll_y <= line < view.scroll_y + height

    run(tmp_path, test, size=(100, 40))
