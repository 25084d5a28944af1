"""`export --format claimreview`: schema.org ClaimReview JSON-LD, checked with pyld offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assert_clean_error

pyld = pytest.importorskip("pyld")
from pyld import jsonld  # noqa: E402

CONTEXT_FILE = Path(__file__).parent / "data" / "schemaorg-context.jsonld"
ARTICLE = """---
title: Harbour plan approved
outlet: Harbour Town Herald
url: https://news.example.org/harbour-plan
published: 2026-05-04
---
The harbour will take ships of 400 metres from May, the port authority said. The mayor
called the dredging "finished", a claim fishermen dispute.
"""


def offline_loader(url, options=None):
    """Serves the local copy of the schema.org context; any other URL is a test failure."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))}
    raise AssertionError(f"network access attempted: {url}")


@pytest.fixture
def desk(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('desk = "Harbour Town Fact Check"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSMARK_CONFIG", str(config))
    path = tmp_path / "harbour.md"
    path.write_text(ARTICLE, encoding="utf-8")
    assert cli("import", path).exit_code == 0
    aid = json.loads(cli("articles", "--json").stdout)[0]["id"]

    def tag(label, quote, *extra):
        result = cli("tag", aid, label, "--quote", quote, *extra)
        assert result.exit_code == 0, result.output
        return result.stdout.strip()

    ships = tag("claim", "The harbour will take ships of 400 metres from May")
    tag("attribution", "The harbour will take ships of 400 metres from May, the port authority said",
        "--attributed-to", "the port authority")
    dredging = tag("disputed", "called the dredging \"finished\"", "--attributed-to", "The mayor")
    unrated = tag("claim", "a claim fishermen dispute")
    assert cli("verdict", ships, "mostly false", "-e", "https://example.org/berths",
               "--url", "https://factcheck.example.org/harbour-ships", annotator="ed").exit_code == 0
    assert cli("verdict", dredging, "unverifiable", annotator="ed").exit_code == 0
    return {"ships": ships, "dredging": dredging, "unrated": unrated}


def export(cli, *args):
    result = cli("export", "--format", "claimreview", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_one_claimreview_per_rated_claim(cli, desk):
    reviews = export(cli)
    assert [r["claimReviewed"] for r in reviews] == [
        "The harbour will take ships of 400 metres from May", "called the dredging \"finished\""]
    ships, dredging = reviews
    assert ships == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example.org/harbour-ships",
        "claimReviewed": "The harbour will take ships of 400 metres from May",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "the port authority"},  # from the overlapping attribution
            "appearance": {"@type": "CreativeWork", "headline": "Harbour plan approved",
                           "url": "https://news.example.org/harbour-plan"},
            "datePublished": "2026-05-04",
        },
        "reviewRating": {"@type": "Rating", "alternateName": "mostly false", "ratingValue": 2, "bestRating": 5,
                         "worstRating": 1},
        "author": {"@type": "Organization", "name": "Harbour Town Fact Check"},
        "datePublished": ships["datePublished"],
    }
    assert len(ships["datePublished"]) == 10 and ships["datePublished"][4] == "-"
    # unverifiable is on the scale but not scored: no numbers; no url given: none written
    assert dredging["reviewRating"] == {"@type": "Rating", "alternateName": "unverifiable"}
    assert "url" not in dredging and dredging["itemReviewed"]["author"]["name"] == "The mayor"


def test_pyld_expands_it_without_loss(cli, desk):
    reviews = export(cli)
    options = {"documentLoader": offline_loader}
    expanded = jsonld.expand(reviews, options)
    assert len(expanded) == 2
    assert expanded[0]["@type"] == ["https://schema.org/ClaimReview"]
    assert expanded[0]["https://schema.org/url"] == [{"@id": "https://factcheck.example.org/harbour-ships"}]
    rating = expanded[0]["https://schema.org/reviewRating"][0]
    assert rating["https://schema.org/alternateName"] == [{"@value": "mostly false"}]
    # every property survives: compacting the expansion with the same context gives back the export
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    for original, node in zip(reviews, expanded):
        back = jsonld.compact(node, context, options)
        back.pop("@context")
        back["@type"] = back.pop("@type")
        assert {k: v for k, v in back.items()} == {k: v for k, v in original.items() if k != "@context"}


def test_claimreview_needs_the_desk_name(cli, desk, monkeypatch, tmp_path):
    bare = tmp_path / "bare.toml"
    bare.write_text("", encoding="utf-8")
    monkeypatch.setenv("NEWSMARK_CONFIG", str(bare))
    assert_clean_error(cli("export", "--format", "claimreview"), "set desk")


def test_nothing_rated_is_an_empty_list(cli, desk):
    assert export(cli, "--label", "attribution") == []
