"""`newsmark entity alias|unalias|actors|mentions` against a real database file.

The articles' entities are put in the store's cache by hand (under the built-in
recogniser's key), so what is linked depends on the registry, not on recogniser quality.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from newsmark.actors import actor_filter
from newsmark.entities import get_recognizer
from newsmark.entity_cache import recognizer_key
from newsmark.errors import NewsmarkError
from newsmark.store import Store

from conftest import entities_at, assert_clean_error, dump

ARTICLE_A = (
    "Haftar talks\n\nField Marshal Khalifa Haftar met reporters. Haftar's forces stayed. "
    "Hifter, as some spell it, later met Saddam Haftar.\n"
)
ARTICLE_B = "Cairo meeting\n\nPresident Abdel Fattah el-Sisi received Khalifa Hifter in Cairo. Sisi smiled.\n"


@pytest.fixture
def articles(cli, db_path, tmp_path):
    """Two imported articles with hand-made cached entities; returns their ids."""
    paths = []
    for name, text in (("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    result = cli("import", "--json", *paths)
    assert result.exit_code == 0, result.output
    ids = [row["id"] for row in json.loads(result.stdout)]
    key = recognizer_key(get_recognizer("builtin"))
    with Store.open(db_path) as store:
        a, b = store.article(ids[0]), store.article(ids[1])
        store.cache_entities(a, key, entities_at(a.text, [
            ("Haftar", "PERSON"), ("Khalifa Haftar", "PERSON"), ("Haftar", "PERSON"),
            ("Hifter", "PERSON"), ("Saddam Haftar", "PERSON"),
        ]))
        store.cache_entities(b, key, entities_at(b.text, [
            ("Abdel Fattah el-Sisi", "PERSON"), ("Khalifa Hifter", "PERSON"), ("Cairo", "PLACE"), ("Sisi", "PERSON"),
        ]))
    return ids


def _aliases(db_path) -> dict[str, list[str]]:
    conn = sqlite3.connect(db_path)
    try:
        out: dict[str, list[str]] = {}
        for name, alias in conn.execute(
            "SELECT a.name, x.alias FROM actors a JOIN actor_aliases x ON x.actor_id = a.id ORDER BY x.rowid"
        ):
            out.setdefault(name, []).append(alias)
        return out
    finally:
        conn.close()


def test_alias_creates_actor_and_links_spellings(cli, db_path):
    result = cli("entity", "alias", "Khalifa Haftar", "Haftar", "Hifter")
    assert result.exit_code == 0, result.output
    assert "created actor 'Khalifa Haftar'" in result.stdout
    assert _aliases(db_path) == {"Khalifa Haftar": ["Khalifa Haftar", "Haftar", "Hifter"]}
    # adding to an existing actor, found by one of its aliases
    result = cli("entity", "alias", "Hifter", "Field Marshal Khalifa Hifter", "Haftar")
    assert result.exit_code == 0, result.output
    assert "'Haftar' was already an alias" in result.stdout
    assert _aliases(db_path)["Khalifa Haftar"][-1] == "Field Marshal Khalifa Hifter"


def test_actors_lists_aliases_and_mention_counts_across_articles(cli, articles):
    assert cli("entity", "alias", "Khalifa Haftar", "Haftar", "Hifter").exit_code == 0
    assert cli("entity", "alias", "Abdel Fattah el-Sisi", "Sisi", "--label", "person").exit_code == 0
    result = cli("entity", "actors", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    haftar = rows["Khalifa Haftar"]
    assert haftar["aliases"] == ["Khalifa Haftar", "Haftar", "Hifter"]
    # a: Haftar (title), Khalifa Haftar, Haftar's, Hifter — not Saddam Haftar; b: Khalifa Hifter
    assert (haftar["mentions"], haftar["articles"]) == (5, 2)
    assert (rows["Abdel Fattah el-Sisi"]["mentions"], rows["Abdel Fattah el-Sisi"]["label"]) == (2, "PERSON")
    text = cli("entity", "actors").stdout
    assert "Khalifa Haftar  5 mention(s) in 2 article(s)  aka Haftar, Hifter" in text


def test_mentions_lists_every_linked_mention_with_offsets(cli, articles, db_path):
    cli("entity", "alias", "Khalifa Haftar", "Haftar")
    result = cli("entity", "mentions", "hifter", "--json")  # hifter is not an alias: no such actor
    assert_clean_error(result, "no actor named 'hifter'", "did you mean 'Khalifa Haftar'")
    result = cli("entity", "mentions", "haftar", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    with Store.open(db_path) as store:
        for m in found:
            assert store.article(m["article"]["id"]).text[m["start"]:m["end"]] == m["text"]
    by_article: dict[str, list[str]] = {}
    for m in found:  # articles in `newsmark articles` order, mentions in text order
        by_article.setdefault(m["article"]["id"], []).append(m["text"])
    assert by_article == {
        articles[0]: ["Haftar", "Khalifa Haftar", "Haftar", "Hifter"],
        articles[1]: ["Khalifa Hifter"],
    }
    only_b = json.loads(cli("entity", "mentions", "Khalifa Haftar", "--article", articles[1], "--json").stdout)
    assert [m["text"] for m in only_b] == ["Khalifa Hifter"]
    plain = cli("entity", "mentions", "Khalifa Haftar", "--article", articles[1]).stdout
    assert plain.split() == [articles[1], f"{only_b[0]['start']}:{only_b[0]['end']}", "PERSON", "Khalifa", "Hifter"]


def test_unalias_moves_name_and_removes_empty_actor(cli, db_path):
    cli("entity", "alias", "Khalifa Haftar", "Haftar")
    result = cli("entity", "unalias", "Khalifa Haftar")
    assert result.exit_code == 0, result.output
    assert _aliases(db_path) == {"Haftar": ["Haftar"]}
    result = cli("entity", "unalias", "haftar")
    assert "actor removed" in result.stdout
    assert _aliases(db_path) == {}
    cli("entity", "alias", "Sisi", "el-Sisi")
    result = cli("entity", "unalias", "--actor", "el-Sisi")
    assert result.exit_code == 0 and "removed actor 'Sisi'" in result.stdout
    assert _aliases(db_path) == {}


@pytest.mark.parametrize(
    "args, needles",
    [
        (("entity", "alias", "Khalifa Haftar", ""), ("alias is empty",)),
        (("entity", "alias", "   "), ("alias is empty",)),
        (("entity", "alias", "Khalifa Haftar", "President"), ("only a title",)),
        (("entity", "alias", "Sisi", "Haftar"), ("'Haftar' is already an alias of actor 'Khalifa Haftar'", "unalias")),
        (("entity", "alias", "Khalifa Haftar", "--label", "DATE"), ("unknown label 'DATE'",)),
        (("entity", "mentions", "Gaddafi"), ("no actor named 'Gaddafi'", "newsmark entity actors")),
        (("entity", "unalias", "Hifter", "Gaddafi"), ("no actor has the alias 'Gaddafi'",)),
        (("entity", "unalias"), ("no alias given",)),
        (("entity", "unalias", "--actor", "Nobody"), ("no actor named 'Nobody'",)),
    ],
)
def test_bad_input_is_one_error_line_and_changes_nothing(cli, db_path, args, needles):
    assert cli("entity", "alias", "Khalifa Haftar", "Haftar", "Hifter").exit_code == 0
    assert cli("entity", "alias", "Sisi").exit_code == 0
    before = dump(db_path)
    assert_clean_error(cli(*args), *needles)
    assert dump(db_path) == before


def test_actor_filter_for_search_and_export(cli, db_path, articles):
    cli("entity", "alias", "Khalifa Haftar", "Haftar", "Hifter")
    with Store.open(db_path) as store:
        a = store.article(articles[0])
        start = a.text.index("Haftar's forces stayed")
        by_quote = store.add_annotation(a.id, "claim", start, start + len("Haftar's forces stayed"))
        s = a.text.index("as some spell it")
        other = store.add_annotation(a.id, "claim", s, s + 16, attributed_to="Saddam Haftar")
        s = a.text.index("met reporters")
        by_source = store.add_annotation(a.id, "attribution", s, s + 13, attributed_to="Field Marshal Hifter")
        keep = actor_filter(store, "hifter")
        assert {x.id for x in store.annotations() if keep(x)} == {by_quote.id, by_source.id}
        assert not keep(other)
        with pytest.raises(NewsmarkError, match=r"no actor named 'Hafter' \(did you mean 'Khalifa Haftar'\?\)"):
            actor_filter(store, "Hafter")
