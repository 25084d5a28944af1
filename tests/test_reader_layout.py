"""Wrapping, cell mapping, sentences and undo history: the reader's pieces without a screen."""

from __future__ import annotations

from rich.cells import cell_len

from newsmark.ingest import ImportedText
from newsmark.store import Store
from newsmark.tui.history import Change, History
from newsmark.tui.text_layout import Layout
from newsmark.tui.text_units import Sentences, grapheme_next, paragraph_next, paragraph_prev, word_next

MIXED = (
    "Plain words that wrap around a narrow width, again and again.\n"
    "\n"
    "东京都の知事は会見で新しい計画を発表した。😀👍 emoji and cafe\u0301 marks\tand\ttabs.\n"
    "אמר השר בירושלים today, [bold red]x[/] $var <b>.\n"
    "averyveryverylongwordwithoutanyspacesthatmustbehardbroken"
)


def test_wrap_covers_every_offset_once_and_fits_the_width():
    for width in (8, 13, 30, 79):
        layout = Layout(MIXED, width)
        covered = []
        for i in range(len(layout)):
            start, end = layout.starts[i], layout.ends[i]
            covered.extend(range(start, end))
            shown, _ = layout.display(i)
            assert cell_len(shown) <= width - 1, (width, shown)
        newlines = [i for i, ch in enumerate(MIXED) if ch == "\n"]
        assert sorted(covered + newlines) == list(range(len(MIXED)))


def test_cell_mapping_round_trips_at_every_grapheme_start():
    layout = Layout(MIXED, 20)
    pos = 0
    while pos < len(MIXED):
        line = layout.line_of(pos)
        assert layout.offset_at(line, layout.x_of(pos, line)) == pos, (pos, MIXED[pos])
        pos = grapheme_next(MIXED, pos)


def test_wide_character_second_cell_maps_to_the_character():
    text = "ab东京cd"
    layout = Layout(text, 40)
    assert [layout.offset_at(0, x) for x in range(8)] == [0, 1, 2, 2, 3, 3, 4, 5]


def test_combining_mark_moves_with_its_letter():
    text = "cafe\u0301 ok"
    assert grapheme_next(text, 3) == 5  # e + combining acute is one step


def test_sentences_skip_abbreviations_and_initials():
    text = "Mr. Reis met Dr. Ana J. Costa in the U.S. on Monday. She said: “No.” Then left!\nNew line"
    spans = [text[s:e] for s, e in Sentences(text).spans]
    assert spans == [
        "Mr. Reis met Dr. Ana J. Costa in the U.S. on Monday.",
        "She said: “No.”",
        "Then left!",
        "New line",
    ]


def test_a_sentence_ending_in_an_abbreviation_ends_before_a_new_one():
    text = "Exports fell in the U.S. The port said so. The U.S. Navy and the U.K. Border Force met. He left."
    spans = [text[s:e] for s, e in Sentences(text).spans]
    assert spans == [
        "Exports fell in the U.S.",
        "The port said so.",
        "The U.S. Navy and the U.K. Border Force met.",
        "He left.",
    ]


def test_word_and_paragraph_moves():
    text = "One two.\n\nThree four.\nFive"
    assert word_next(text, 0) == 4
    assert paragraph_next(text, 0) == text.index("Three")
    assert paragraph_next(text, text.index("Three")) == text.index("Five")
    assert paragraph_prev(text, text.index("Five")) == text.index("Three")
    assert paragraph_prev(text, text.index("Three")) == 0


def test_history_undo_redo_through_a_real_store(tmp_path):
    with Store.open(tmp_path / "h.db") as store:
        article, _, _ = store.import_article(ImportedText(text="Alpha beta gamma.", title="t"))
        history = History()
        ann = store.add_annotation(article.id, "claim", 0, 5)
        history.record(Change("add", ann.id))
        store.update_annotation(ann.id, note="n1")
        history.record(Change("update", ann.id, {"note": ""}, {"note": "n1"}))
        history.undo(store)
        assert store.annotation(ann.id).note == ""
        history.undo(store)
        assert store.annotation(ann.id).deleted
        history.redo(store)
        assert not store.annotation(ann.id).deleted
        history.record(Change("delete", ann.id))  # a new change: nothing left to redo
        store.delete_annotation(ann.id)
        assert history.redo(store) is None
        history.undo(store)
        assert not store.annotation(ann.id).deleted


def test_speaker_candidates_prefer_the_name_next_to_said():
    from newsmark.model import Entity
    from newsmark.tui.reader import speaker_candidates

    text = "Traffic at Porto Seco has halted, the European Shipping Observatory said. Ana Costa agreed."
    ents = [Entity(11, 21, "PERSON", "Porto Seco"), Entity(38, 67, "ORG", "European Shipping Observatory"),
            Entity(75, 84, "PERSON", "Ana Costa")]
    names = [n for n, _ in speaker_candidates(ents, 0, 73, ["a spokesman"], text=text)]
    assert names == ["European Shipping Observatory", "Porto Seco", "Ana Costa", "a spokesman"]
