"""Article text out of saved web pages: the article and its metadata, not the page around it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmark.ingest import parse_html, read_article
from newsmark.store import Store

WEB = Path(__file__).parent / "data" / "web"
FERRY = WEB / "harbour-ferry.html"
SCHOOL = WEB / "valley-school.html"

# Page furniture on the test pages: none of it may reach the stored text.
FURNITURE = (
    "We use cookies", "Accept all cookies", "Manage preferences", "Sport", "Opinion", "Weather",
    "Related stories", "Old ferry out of service", "Bridge plan shelved", "Share on social media",
    "Email this", "3 comments", "seagull77", "outrageous", "fuel bills? I would like",
    "Cycle to the old quay", "Most read", "Storm closes", "All rights reserved", "Privacy",
)


def test_saved_page_title_is_the_headline_not_the_title_tag():
    imported = read_article(FERRY)
    assert imported.title == "Ferry fares to rise by a fifth, operator says"
    assert "Harbour Gazette" not in imported.title
    assert read_article(SCHOOL).title == "Neue Schule im Tal öffnet erst 2028"


def test_saved_page_keeps_the_article_and_drops_banners_comments_and_related():
    text = read_article(FERRY).text
    assert "Passengers on the island ferry will pay about twenty per cent more" in text
    assert "something the association has asked for since last autumn." in text
    for junk in FURNITURE:
        assert junk not in text, junk
    school = read_article(SCHOOL).text
    for junk in ("Cookies", "Lokales", "Kommentare", "Typisch", "Zumutung", "Impressum", "Lesen Sie auch"):
        assert junk not in school, junk


def test_paragraphs_and_headings_are_lines_of_their_own():
    text = read_article(FERRY).text
    paragraphs = text.rstrip("\n").split("\n\n")
    assert paragraphs[0] == "Ferry fares to rise by a fifth, operator says"
    assert "Residents push back" in paragraphs
    assert "What happens next" in paragraphs
    assert paragraphs[paragraphs.index("Residents push back") + 1].startswith('"People here have no other way')
    assert all(p == p.strip() and "  " not in p for p in paragraphs)


def test_metadata_from_the_page():
    meta = read_article(FERRY).meta
    assert meta == {
        "outlet": "The Harbour Gazette",
        "url": "https://gazette.example.org/news/2026/03/ferry-fares",
        "published": "2026-03-14",
        "authors": "Marta Lindqvist",
        "language": "en-GB",
    }
    school = read_article(SCHOOL).meta
    assert (school["outlet"], school["authors"], school["published"], school["language"]) == (
        "Valley Courier", "Jonas Brenner", "2026-05-02", "de")


def _page(head: str = "", before: str = "", footer: str = "") -> str:
    body = "The old bridge over the river will close for three months, the council said on Tuesday. " * 8
    return (f"<html><head><title>Bridge closes for repairs</title>{head}</head><body><article>{before}"
            f"<h1>Bridge closes for repairs</h1><p>{body}</p></article><footer>{footer}</footer></body></html>")


@pytest.mark.parametrize("footer", ["Copyright 2026 Valley News", "© 2019–2026 Valley News. Updated daily since 2004"])
def test_no_published_date_is_made_up_from_a_copyright_line(tmp_path, footer):
    page = tmp_path / "bridge.html"
    page.write_text(_page(footer=footer), encoding="utf-8")
    assert "published" not in read_article(page).meta


@pytest.mark.parametrize("head, before, when", [
    ('<meta property="article:published_time" content="2025-11-03T10:00:00Z">', "", "2025-11-03"),
    ("", '<time datetime="2025-10-02">2 October 2025</time>', "2025-10-02"),
    ("", '<p class="byline">Published 14 March 2025</p>', "2025-03-14"),
])
def test_a_date_the_page_states_is_kept_beside_a_copyright_line(tmp_path, head, before, when):
    page = tmp_path / "bridge.html"
    page.write_text(_page(head, before, "Copyright 2026 Valley News"), encoding="utf-8")
    assert read_article(page).meta["published"] == when


def test_site_name_is_cut_from_a_title_tag_title():
    page = ("<html><head><title>Dock workers vote to end strike | Port Weekly</title>"
            "<meta property='og:site_name' content='Port Weekly'></head><body><article>"
            + "<p>The dock workers voted on Monday to end the strike after eleven days of talks with the port.</p>" * 3
            + "</article></body></html>")
    assert parse_html(page).title == "Dock workers vote to end strike"


def test_no_article_found_falls_back_to_the_whole_page_and_says_so(cli):
    imported = parse_html("<html><body><span>Opening hours</span> <b>Mon to Fri, 9 to 5</b></body></html>")
    assert "Opening hours" in imported.text and "9 to 5" in imported.text
    assert imported.notes and "whole page" in imported.notes[0]


def test_import_report_names_the_fallback(cli, tmp_path):
    page = tmp_path / "hours.html"
    page.write_text("<html><body><span>Opening hours</span> <b>Mon to Fri, 9 to 5</b></body></html>")
    result = cli("import", page)
    assert result.exit_code == 0, result.output
    assert "whole page" in result.stderr


def test_text_of_a_path_is_what_import_stores(cli, db_path):
    shown = cli("text", FERRY)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == read_article(FERRY).text
    imported = cli("import", "--json", FERRY)
    article_id = json.loads(imported.stdout)[0]["id"]
    by_id = cli("text", article_id)
    assert by_id.exit_code == 0, by_id.output
    assert by_id.stdout == shown.stdout
    with Store.open(db_path) as store:
        article = store.article(article_id)
        assert article.text == shown.stdout
        assert article.title == "Ferry fares to rise by a fifth, operator says"
        assert article.outlet == "The Harbour Gazette"


def test_text_of_a_path_imports_nothing(cli, db_path):
    assert cli("text", FERRY).exit_code == 0
    with Store.open(db_path) as store:
        assert store.articles() == []


def test_text_of_unknown_article_is_one_error_line(cli):
    from conftest import assert_clean_error

    cli("articles")
    assert_clean_error(cli("text", "nosuchid"), "no article matches")


@pytest.mark.parametrize("page", [FERRY, SCHOOL])
def test_offsets_hold_for_tags_on_extracted_text(cli, page):
    article_id = json.loads(cli("import", "--json", page).stdout)[0]["id"]
    text = cli("text", article_id).stdout
    quote = text.split("\n\n")[1][:40]
    tagged = cli("tag", article_id, "claim", "--quote", quote)
    assert tagged.exit_code == 0, tagged.output
    ann = json.loads(cli("annotations", "--json").stdout)[0]
    assert text[ann["start"]:ann["end"]] == ann["quote"] == quote


def test_the_same_page_again_with_its_address_fills_in_what_the_article_lacked(cli, tmp_path):
    page = tmp_path / "bridge.html"
    page.write_text(_page(), encoding="utf-8")
    assert cli("import", page).exit_code == 0
    [article] = json.loads(cli("articles", "--json").stdout)
    assert article["url"] is None
    again = cli("import", "--from-file", page, "--url", "https://example.org/bridge")
    assert again.exit_code == 0 and again.stdout.startswith("updated") and "metadata added" in again.stderr
    assert json.loads(cli("articles", "--json").stdout)[0]["url"] == "https://example.org/bridge"
    # an address it has is kept; the other one is in its fetch record
    third = cli("import", "--from-file", page, "--url", "https://example.org/elsewhere")
    assert third.exit_code == 0 and third.stdout.startswith("unchanged")
    assert json.loads(cli("articles", "--json").stdout)[0]["url"] == "https://example.org/bridge"
    assert "https://example.org/elsewhere" in cli("fetches", article["id"]).stdout
