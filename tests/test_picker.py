"""The speaker picker ("who said it"): typing filters, Enter takes the highlighted match,
Tab (or the "use as typed" entry) takes free text, places are offered, and the dialog sits
beside the text it attributes with its hint line whole — at 80×24 too.

Each test opens the real app on a real database file whose entities are cached, presses
keys as a user would, and reads back what the file holds.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from conftest import reader_ready
from newsmark.ingest import ImportedText
from newsmark.model import Entity
from newsmark.store import Store
from newsmark.tui.app import make_app
from newsmark.tui.dialogs import AttributedToPicker, filter_names
from newsmark.tui.reader import speaker_candidates

FILLER = "The harbour was quiet on Sunday morning and the cranes stood still. " * 3
TEXT = (
    "Port deal collapses\n\n"
    "The contract was cancelled on Monday, a spokesman for Buccaneer Ltd said. "
    "Officials in Valmarés said the talks would resume. Inês Carvalhal said the figures were wrong.\n\n"
    + "\n\n".join(FILLER for _ in range(12))
    + "\n\nMarta Quintela, who runs Buccaneer Ltd, said the port would reopen next week.\n\n"
    + "\n\n".join(FILLER for _ in range(12))
)
NAMES = (("Buccaneer Ltd", "ORG"), ("Valmarés", "PLACE"), ("Inês Carvalhal", "PERSON"), ("Marta Quintela", "PERSON"))


def pinned_entities(text: str) -> list[Entity]:
    found = []
    for name, label in NAMES:
        at = text.find(name)
        while at >= 0:
            found.append(Entity(at, at + len(name), label, name))
            at = text.find(name, at + 1)
    return sorted(found, key=lambda e: e.start)


def make_db(tmp_path: Path) -> tuple[Path, str]:
    """The article, with its entities cached for the recogniser the reader uses."""
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        article, _, _ = store.import_article(ImportedText(text=TEXT, title="Port deal collapses"))
        try:
            from newsmark.entities import get_recognizer
            from newsmark.entity_cache import recognizer_key
        except ImportError:  # pragma: no cover
            pytest.skip("no entity recogniser in this build")
        store.cache_entities(article, recognizer_key(get_recognizer("builtin")), pinned_entities(article.text))
    return db, article.id


def saved(db: Path):
    with Store.open(db) as store:
        return list(store.annotations())


def run_reader(tmp_path: Path, test, size=(100, 30)):
    async def go():
        db, article_id = make_db(tmp_path)
        app = make_app(db, "tester", user_keymap=None, article_id=article_id)
        async with app.run_test(size=size) as pilot:
            await reader_ready(pilot)
            await app.workers.wait_for_complete()
            await pilot.pause()
            await test(app, pilot, db)

    asyncio.run(go())


async def open_picker_on(app, pilot, phrase: str) -> AttributedToPicker:
    """Caret into the sentence holding `phrase`, `a`: the picker for that sentence."""
    reader = app.screen
    reader.view.move_to(TEXT.index(phrase), center=True)
    await pilot.press("a")
    await pilot.pause()
    picker = app.screen
    assert isinstance(picker, AttributedToPicker), picker
    return picker


async def type_(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])
    await pilot.pause()


def test_typing_part_of_a_name_then_enter_takes_the_name_not_the_typed_text(tmp_path):
    async def test(app, pilot, db):
        picker = await open_picker_on(app, pilot, "The contract")
        await type_(pilot, "bucc")
        assert picker._shown[0] == "Buccaneer Ltd"
        await pilot.press("enter")
        await pilot.pause()
        (ann,) = saved(db)
        assert (ann.label, ann.attributed_to) == ("attribution", "Buccaneer Ltd")
        assert ann.quote == "The contract was cancelled on Monday, a spokesman for Buccaneer Ltd said."

    run_reader(tmp_path, test)


def test_filter_ignores_case_and_accents(tmp_path):
    async def test(app, pilot, db):
        await open_picker_on(app, pilot, "Inês Carvalhal said")
        await type_(pilot, "ines c")
        await pilot.press("enter")
        await pilot.pause()
        (ann,) = saved(db)
        assert ann.attributed_to == "Inês Carvalhal"

    run_reader(tmp_path, test)


def test_tab_takes_the_text_as_typed_even_when_a_name_matches(tmp_path):
    async def test(app, pilot, db):
        picker = await open_picker_on(app, pilot, "The contract")
        await type_(pilot, "bucc")
        # the gesture is on screen: in the hint line and as the list's last entry
        assert "Tab: use as typed" in str(picker.query_one(".dialog--hint").render())
        last = picker.query_one("#who-options").get_option_at_index(-1)
        assert "use as typed" in str(last.prompt) and "bucc" in str(last.prompt)
        await pilot.press("tab")
        await pilot.pause()
        (ann,) = saved(db)
        assert ann.attributed_to == "bucc"

    run_reader(tmp_path, test)


def test_the_use_as_typed_entry_chosen_with_arrows_takes_the_typed_text(tmp_path):
    async def test(app, pilot, db):
        picker = await open_picker_on(app, pilot, "The contract")
        await type_(pilot, "bucc")
        await pilot.press("down")  # from "Buccaneer Ltd" to "use as typed: “bucc”"
        await pilot.press("enter")
        await pilot.pause()
        (ann,) = saved(db)
        assert ann.attributed_to == "bucc"

    run_reader(tmp_path, test)


def test_text_matching_no_name_is_taken_with_enter(tmp_path):
    async def test(app, pilot, db):
        await open_picker_on(app, pilot, "The contract")
        await type_(pilot, "a port spokesman")
        await pilot.press("enter")
        await pilot.pause()
        (ann,) = saved(db)
        assert ann.attributed_to == "a port spokesman"

    run_reader(tmp_path, test)


def test_places_are_offered_as_speakers(tmp_path):
    async def test(app, pilot, db):
        picker = await open_picker_on(app, pilot, "Officials in Valmarés")
        # a place (labelled PLACE, or "source" when the suggestions found it speaking)
        assert "Valmarés" in [name for name, _ in picker.candidates]
        await type_(pilot, "valm")
        await pilot.press("enter")
        await pilot.pause()
        (ann,) = saved(db)
        assert ann.attributed_to == "Valmarés"

    run_reader(tmp_path, test)


def test_changing_who_said_it_keeps_the_current_name_on_enter(tmp_path):
    async def test(app, pilot, db):
        await open_picker_on(app, pilot, "The contract")
        await type_(pilot, "a port spokesman")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.view.move_to(TEXT.index("The contract"))
        await pilot.press("t")  # change who said it: the picker opens with the current answer
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, AttributedToPicker) and picker.candidates[0][0] == "a port spokesman"
        await pilot.press("enter")
        await pilot.pause()
        (ann,) = saved(db)
        assert ann.attributed_to == "a port spokesman"

    run_reader(tmp_path, test)


def _rows(region) -> set[int]:
    return set(range(region.y, region.y + region.height))


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
@pytest.mark.parametrize("phrase", ["The contract", "Marta Quintela, who runs"])
def test_picker_never_covers_the_sentence_and_keeps_its_hint_whole(tmp_path, size, phrase):
    async def test(app, pilot, db):
        reader = app.screen
        picker = await open_picker_on(app, pilot, phrase)
        await pilot.pause()
        view = reader.view
        start = TEXT.index(phrase)
        sentence = reader.sentences.at(start)
        layout = view.layout_lines
        top = int(view.scroll_y)
        region = view.scrollable_content_region
        sentence_rows = {region.y + line - top
                         for line in range(layout.line_of(sentence[0]), layout.line_of(sentence[1] - 1) + 1)}
        assert all(region.y <= row < region.y + region.height for row in sentence_rows)  # on screen
        box = picker.query_one("#who-dialog").region
        assert not (_rows(box) & sentence_rows), (box, sorted(sentence_rows))
        assert box.y >= 0 and box.bottom <= size[1]
        hint = picker.query_one(".dialog--hint")
        assert hint.region.height >= 1 and _rows(hint.region) <= _rows(box)
        words = " ".join(line.text for line in hint.render_lines(hint.region.reset_offset)).split()
        assert " ".join(words) == AttributedToPicker.HINT  # every word of it shown, none cut
        options = picker.query_one("#who-options")
        assert options.region.height >= 1 and _rows(options.region) <= _rows(box)
        await pilot.press("enter")

    run_reader(tmp_path, test, size=size)


def test_filter_names_prefers_word_starts():
    names = [("Peter Sand", "PERSON"), ("Buccaneer Ltd", "ORG"), ("Terminal Operators", "ORG")]
    assert [n for n, _ in filter_names(names, "ter")] == ["Terminal Operators", "Peter Sand"]
    assert filter_names(names, "") == names
    assert filter_names(names, "zzz") == []


def test_speaker_candidates_put_the_extracted_source_first_and_offer_multiword_sources():
    text = "Ankara rejected the report. The Turkish Foreign Ministry said the claims were false."
    m = text.index("Ministry")
    ents = [Entity(0, 6, "PLACE", "Ankara"), Entity(m, m + 8, "ORG", "Ministry")]
    start = text.index("The Turkish")
    sources = [(start, start + len("The Turkish Foreign Ministry"), "the Turkish Foreign Ministry")]
    names = [n for n, _ in speaker_candidates(ents, start, len(text), text=text, sources=sources,
                                              first="the Turkish Foreign Ministry")]
    assert names[0] == "the Turkish Foreign Ministry"
    assert "Ankara" in names and "Ministry" in names
    # places are offered, after people and organisations at the same distance
    ranked = speaker_candidates(ents, start, len(text), text=text)
    assert ("Ankara", "PLACE") in ranked and ranked[0] == ("Ministry", "ORG")
