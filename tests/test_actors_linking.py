"""The actor registry's fuzzy linking: true variants linked, look-alike different names not.

Entities are built by hand so these rules are tested apart from the recogniser's quality.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import entities_at
from newsmark.actors import (
    Actor,
    ActorRegistry,
    annotation_matches_actor,
    group_entities,
    mentions_of,
    normalise_name,
    step_mention,
)
from newsmark.model import Annotation, Entity

HAFTAR = Actor(1, "Khalifa Haftar", "PERSON", ("Khalifa Haftar", "Haftar"))
SISI = Actor(2, "Abdel Fattah el-Sisi", "PERSON", ("Abdel Fattah el-Sisi", "Sisi"))
ZELENSKY = Actor(3, "Volodymyr Zelensky", "PERSON", ("Volodymyr Zelensky",))
REGISTRY = ActorRegistry([HAFTAR, SISI, ZELENSKY])


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Field Marshal Khalifa Haftar's", "khalifa haftar"),
        ("Haftar’s", "haftar"),
        ("Dr. Ana Müller-Łukasz", "ana muller lukasz"),
        ("former U.S. President Joe Biden", "joe biden"),
        ("Lt. Gen. Khalifa Haftar", "khalifa haftar"),
        ("Former Prime Minister John Major", "john major"),  # "Major" the surname survives
        ("Martin Luther King Jr.", "martin luther king"),
        ("President", ""),
        ("  ", ""),
    ],
)
def test_normalise_name_strips_titles_possessives_accents_case(name, expected):
    assert normalise_name(name) == expected


@pytest.mark.parametrize(
    "mention, actor",
    [
        ("Haftar", HAFTAR),
        ("Hifter", HAFTAR),
        ("Haftar's", HAFTAR),
        ("Field Marshal Khalifa Haftar", HAFTAR),
        ("Khalifa Hifter", HAFTAR),
        ("HAFTAR", HAFTAR),
        ("K. Haftar", HAFTAR),
        ("Libyan commander Khalifa Belqasim Haftar", HAFTAR),
        ("Al-Sisi", SISI),
        ("el-Sisi", SISI),
        ("Sisi", SISI),
        ("President Abdel Fattah al-Sisi", SISI),
        ("Zelensky", ZELENSKY),
        ("Zelenskyy", ZELENSKY),
        ("Zelenskiy", ZELENSKY),
        ("Volodymyr Zelenskiy", ZELENSKY),
        ("President Volodymyr Zelenskyy's", ZELENSKY),
    ],
)
def test_true_variants_link_to_their_actor(mention, actor):
    assert REGISTRY.match(mention, "PERSON") == actor


@pytest.mark.parametrize(
    "registered, lookalike",
    [
        # same surname, different given name: a different member of the family
        (("Khalifa Haftar", "Haftar"), "Hassan Haftar"),
        (("Khalifa Haftar", "Haftar"), "Saddam Haftar"),
        # Hasan and Husayn are different names, not spellings of one
        (("Ali Hassan",), "Ali Hussein"),
        (("Ali Hassan",), "Ali Husain"),
        # short English names: one letter is another family (decided: not linked, see actors.py)
        (("John Smyth",), "Jon Smith"),
        (("John Smyth",), "John Smith"),
        (("Paul Walsh",), "Paul Welsh"),
        # same given name, different father's name
        (("Mohammed bin Salman",), "Mohammed bin Zayed"),
        (("Kim Jong Un",), "Kim Jong Il"),
        # a given name alone is not the person
        (("Khalifa Haftar",), "Khalifa"),
    ],
)
def test_lookalike_different_names_are_not_linked(registered, lookalike):
    registry = ActorRegistry([Actor(1, registered[0], "PERSON", registered)])
    assert registry.match(lookalike, "PERSON") is None


def test_surname_only_actor_does_not_claim_full_names():
    """Registered only as "Haftar": we do not know which Haftar, so given names stay unlinked."""
    registry = ActorRegistry([Actor(1, "Haftar", "PERSON", ("Haftar", "Hifter"))])
    assert registry.match("Hifter", "PERSON") is not None
    assert registry.match("Saddam Haftar", "PERSON") is None


def test_bare_surname_shared_by_two_actors_stays_unlinked():
    registry = ActorRegistry([
        Actor(1, "Khalifa Haftar", "PERSON", ("Khalifa Haftar",)),
        Actor(2, "Saddam Haftar", "PERSON", ("Saddam Haftar",)),
    ])
    assert registry.match("Haftar", "PERSON") is None
    assert registry.match("Saddam Haftar", "PERSON").id == 2
    assert registry.match("Khalifa Hifter", "PERSON").id == 1


def test_organisations_do_not_link_by_last_word():
    registry = ActorRegistry([Actor(1, "Libyan National Army", "ORG", ("Libyan National Army", "LNA"))])
    assert registry.match("Army", "ORG") is None
    assert registry.match("Sudanese Army", "ORG") is None
    assert registry.match("LNA", "ORG").id == 1
    assert registry.match("Libyan National Army's", "ORG").id == 1


def test_dates_and_quantities_are_never_linked():
    registry = ActorRegistry([Actor(1, "May", "PERSON", ("May",))])
    entities = [Entity(0, 3, "DATE", "May"), Entity(10, 13, "PERSON", "May")]
    assert [a and a.id for a in registry.link(entities)] == [None, 1]


TEXT = (
    "Field Marshal Khalifa Haftar spoke. Haftar's forces moved. Hifter later met Sisi. "
    "Saddam Haftar stayed. Zelensky called. Maria Lopez said Lopez would come."
)


ENTITIES = entities_at(TEXT, [
    ("Khalifa Haftar", "PERSON"), ("Haftar", "PERSON"), ("Hifter", "PERSON"), ("Sisi", "PERSON"),
    ("Saddam Haftar", "PERSON"), ("Zelensky", "PERSON"), ("Maria Lopez", "PERSON"), ("Lopez", "PERSON"),
])


def test_group_entities_puts_registry_actors_first_with_counts():
    groups = group_entities(ENTITIES, REGISTRY)
    summary = [(g.name, g.count, g.actor is not None) for g in groups]
    assert summary[0] == ("Khalifa Haftar", 3, True)
    assert {s for s in summary[1:3]} == {("Abdel Fattah el-Sisi", 1, True), ("Volodymyr Zelensky", 1, True)}
    # unregistered names: "Lopez" joins the article's one "Maria Lopez"; Saddam Haftar is his own
    assert ("Maria Lopez", 2, False) in summary
    assert ("Saddam Haftar", 1, False) in summary
    assert sum(g.count for g in groups) == len(ENTITIES)


def test_mentions_of_and_step_mention_walk_one_actors_mentions():
    hifter = next(e for e in ENTITIES if e.text == "Hifter")
    mentions = mentions_of(ENTITIES, hifter, REGISTRY)
    assert [m.text for m in mentions] == ["Khalifa Haftar", "Haftar", "Hifter"]
    assert step_mention(mentions, hifter.start, 1).text == "Khalifa Haftar"  # wraps around
    assert step_mention(mentions, hifter.start, -1).text == "Haftar"
    assert mentions_of(ENTITIES, None, REGISTRY) == []
    saddam = next(e for e in ENTITIES if e.text == "Saddam Haftar")
    assert mentions_of(ENTITIES, saddam, REGISTRY) == [saddam]


def _ann(quote: str, attributed_to: str = "") -> Annotation:
    return Annotation("x", "a1", "claim", 0, len(quote), quote, attributed_to=attributed_to)


@pytest.mark.parametrize(
    "quote, attributed_to, expected",
    [
        ("The ceasefire will hold", "Field Marshal Hifter", True),
        ("Haftar's forces withdrew from the city", "", True),
        ("Libyan National Army commander Khalifa Haftar denied it", "", True),
        ("The Haftar camp denied it", "", True),
        ("Saddam Haftar denied it", "", False),
        ("Forces withdrew from the city", "Saddam Haftar", False),
        ("A spokesman said nothing", "", False),
    ],
)
def test_annotation_matches_actor_by_attribution_or_quote(quote, attributed_to, expected):
    assert annotation_matches_actor(_ann(quote, attributed_to), HAFTAR) is expected


def test_actor_core_imports_no_textual_or_rich():
    code = (
        "import sys, newsmark.actors, newsmark.store.actors\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
