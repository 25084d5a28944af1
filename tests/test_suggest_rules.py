"""One sentence per rule: the speaker and the content a reader gets for each reporting shape
the suggestion rules know (pure extraction, the built-in recogniser's names)."""

from __future__ import annotations

import pytest

from newsmark.suggest import suggest

CASES = [
    # (text, speaker, content)
    ("Labour economists said the strike reflected tensions visible at ports across Europe.",
     "Labour economists", "the strike reflected tensions visible at ports across Europe"),
    ("The walkout has halted most traffic at the port, according to figures published by the port authorities.",
     "the port authorities", "The walkout has halted most traffic at the port"),
    ("Councillor Tom Eadie, a Liberal, told the meeting that the savings had been overstated.",
     "Tom Eadie", "the savings had been overstated"),
    ("Its regional organiser, Marek Nowicki, said at least a dozen drivers had already been told.",
     "Marek Nowicki", "at least a dozen drivers had already been told"),
    ("Many passengers believe the service will not come back.", "Many passengers", "the service will not come back"),
    ("A post shared widely on social media this week claimed that the buses carried fewer than 40 people.",
     "A post shared widely on social media", "the buses carried fewer than 40 people"),
    ("Salgado said only that the plan could be discussed.", "Salgado", "the plan could be discussed"),
    ("Brightside Clinics was fined. Brightside denied any wrongdoing.", "Brightside Clinics", "any wrongdoing"),
    ("Its chair, Rosa Delacroix, called the ruling a victory for patients.", "Rosa Delacroix",
     "the ruling a victory for patients"),
    ("The guild's president, Henrik Mäkelä, wrote on social media that the plan would cost each pilot 7,000 euros.",
     "Henrik Mäkelä", "the plan would cost each pilot 7,000 euros"),
    ("A spokesman for the education department said the figures were incomplete.", "the education department",
     "the figures were incomplete"),
]


@pytest.mark.parametrize("text,speaker,content", CASES)
def test_each_reporting_shape_gives_its_speaker_and_content(text, speaker, content):
    found = suggest(text)
    got = [(a.source_text, text[a.content[0]:a.content[1]]) for a in found.attributions]
    assert (speaker, content) in got, got


def test_a_second_cue_after_but_is_its_own_attribution():
    text = 'Ferreira-Lanz said the employers were "ready to talk," but warned that some contracts had penalty clauses.'
    got = [(a.source_text, text[a.content[0]:a.content[1]]) for a in suggest(text).attributions]
    assert ("Ferreira-Lanz", 'the employers were "ready to talk,"') in got
    assert ("Ferreira-Lanz", "some contracts had penalty clauses") in got


def test_a_claim_inside_a_reported_statement_is_what_was_said():
    text = "The Carrow Hospital Trust warned that more than 900 of its night-shift staff relied on the routes."
    found = suggest(text)
    (claim,) = found.claims
    assert text[claim.start:claim.end] == "more than 900 of its night-shift staff relied on the routes"
    assert any(a.content == (claim.start, claim.end) for a in found.attributions)


def test_an_age_is_no_figure_to_check():
    text = '"Once a route goes, it goes," said Joan Feeney, 61, who cleans offices in the city centre.'
    assert not suggest(text).claims


@pytest.mark.parametrize("text", [
    "Water is too cheap. But consider what the price actually pays for.",
    "And consider what happens when the pipes fail in winter.",
    "Water is too cheap. I know how that sounds.",
    "We believe the tariff should rise by a fifth next year.",
])
def test_a_writers_own_voice_or_a_sentence_opener_is_no_source(text):
    # an op-ed's "I know", "We believe", and a capitalised "But"/"And" before an imperative
    assert [(a.source_text, text[a.content[0]:a.content[1]]) for a in suggest(text).attributions] == []


@pytest.mark.parametrize("text, speaker", [
    ("But the ministry said the figures were incomplete.", "the ministry"),
    ('"I know how that sounds," said Ana Lima, the mayor.', "Ana Lima"),
    ("She said: \"We believe the tariff should rise.\"", "She"),
])
def test_a_source_after_a_sentence_opener_or_a_quoted_first_person_still_counts(text, speaker):
    assert speaker in [a.source_text for a in suggest(text).attributions]
