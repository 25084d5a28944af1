"""Reading files into normalised article text: .txt, .md (front matter), .html (visible body)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from newsmark.errors import NewsmarkError
from newsmark.ingest import find_files, normalise, parse_html, parse_markdown, read_article
from newsmark.store import Store


# -- .txt ---------------------------------------------------------------------------


def test_txt_is_the_whole_file_after_normalisation(tmp_path):
    raw = "\ufeffHeadline with cafe\u0301\r\n\r\nFirst line\rsecond line\r\n\tindented\n"
    path = tmp_path / "story.txt"
    path.write_bytes(raw.encode("utf-8"))
    imported = read_article(path)
    assert imported.text == "Headline with caf\u00e9\n\nFirst line\nsecond line\n\tindented\n"
    assert unicodedata.is_normalized("NFC", imported.text)
    assert imported.title == "Headline with caf\u00e9"
    assert imported.path == str(path.resolve())


def test_txt_title_is_first_non_empty_line(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("\n\n   \n  The real headline  \nbody\n")
    imported = read_article(path)
    assert imported.title == "The real headline"
    assert imported.text.startswith("\n\n   \n  The real headline")  # offsets match the file


def test_control_characters_removed_but_tabs_and_newlines_kept():
    assert normalise("a\x00b\x1b[1mc\x7fd\x85e\tf\ng\x0c") == "ab[1mcde\tf\ng"


def test_zero_width_and_markup_characters_kept():
    text = "zero\u200bwidth [bold]x[/bold] <i>y</i> \u200d\ufeff"
    assert normalise(text) == text


def test_utf16_file_is_named_as_such(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes("Hello from Notepad\r\n".encode("utf-16"))
    with pytest.raises(NewsmarkError, match="UTF-16"):
        read_article(path)


# -- .md ----------------------------------------------------------------------------


def test_markdown_front_matter_fills_metadata_and_is_dropped(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        "---\n"
        'title: "Ports reopen: a day late"\n'
        "outlet: Meridian Wire\n"
        "url: https://example.org/ports?id=3\n"
        "published: 2026-03-14\n"
        "author: Someone\n"
        "---\n"
        "# A different heading\n\nBody text.\n"
    )
    imported = read_article(path)
    assert imported.title == "Ports reopen: a day late"
    assert imported.meta == {"outlet": "Meridian Wire", "url": "https://example.org/ports?id=3", "published": "2026-03-14"}
    assert imported.text == "# A different heading\n\nBody text.\n"
    assert "---" not in imported.text and "author" not in imported.text


def test_markdown_title_from_first_heading_without_front_matter():
    imported = parse_markdown("Some intro line\n\n## The heading ##\n\nBody.\n")
    assert imported.title == "The heading"
    assert imported.text == "Some intro line\n\n## The heading ##\n\nBody.\n"


def test_markdown_empty_front_matter_does_not_swallow_the_body():
    imported = parse_markdown("---\n---\n# T\n\nFirst part.\n\n---\n\nSecond part.\n")
    assert imported.text == "# T\n\nFirst part.\n\n---\n\nSecond part.\n"
    assert imported.title == "T"


def test_markdown_horizontal_rule_after_front_matter_is_kept():
    imported = parse_markdown("---\ntitle: A\n---\nIntro.\n\n---\n\nAfter the rule.\n")
    assert imported.text == "Intro.\n\n---\n\nAfter the rule.\n"


def test_markdown_front_matter_closing_at_end_of_file():
    imported = parse_markdown("---\ntitle: Only metadata\n---")
    assert imported.title == "Only metadata"
    assert imported.text == ""


def test_sample_articles_have_full_metadata(sample_paths):
    for path in sample_paths:
        imported = read_article(path)
        assert imported.title and not imported.text.startswith("---"), path
        assert set(imported.meta) == {"outlet", "url", "published"}, path
        assert imported.text.lstrip().startswith("#"), path


# -- .html --------------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head>
<meta charset="utf-8">
<title>Council approves the &amp; budget &ndash; Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2026-02-01T10:00:00Z">
<link rel="canonical" href="https://example.org/budget?a=1&amp;b=2">
<style>body { color: red; }</style>
<script>var secret = "do not show";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<header><div>Site banner</div></header>
<svg><title>search icon</title></svg>
<article>
<h1>Council approves budget</h1>
<p>The council voted 7&ndash;2 on Tuesday, said Ana   Ruiz &amp; others.</p>
<p>Fees rise by 3&nbsp;% <b>next</b> year.<br>A new line.</p>
<script>track("hidden");</script>
<aside>Related: other story</aside>
</article>
<footer>Copyright Harbour Times</footer>
<noscript>Enable JavaScript</noscript>
</body></html>
"""


def test_html_title_visible_body_entities(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    imported = read_article(path)
    # the headline, not the <title> with the site name after it
    assert imported.title == "Council approves budget"
    assert imported.text == (
        "Council approves budget\n\n"
        "The council voted 7\u20132 on Tuesday, said Ana Ruiz & others.\n\n"
        "Fees rise by 3 % next year.\n"
        "A new line.\n"
    )
    for hidden in ("secret", "track", "Home", "Site banner", "Related", "Copyright", "Enable JavaScript", "color", "search icon"):
        assert hidden not in imported.text, hidden
    assert imported.meta == {
        "outlet": "Harbour Times",
        "published": "2026-02-01",
        "url": "https://example.org/budget?a=1&b=2",
    }


def test_html_title_falls_back_to_first_h1():
    imported = parse_html("<body><h1>First &amp; foremost</h1><p>x</p><h1>Second</h1></body>")
    assert imported.title == "First & foremost"


def test_html_title_is_decoded_once():
    """A headline about HTML that shows a literal `&lt;` must keep it."""
    imported = parse_html("<title>Why &amp;lt;b&amp;gt; is not bold</title><p>Body</p>")
    assert imported.title == "Why &lt;b&gt; is not bold"
    assert imported.text.startswith("Why &lt;b&gt; is not bold\n")


def test_html_without_title_or_h1_uses_first_line():
    imported = parse_html("<p>  Just a paragraph  </p><p>and another</p>")
    assert imported.title == "Just a paragraph"
    assert imported.text == "Just a paragraph\n\nand another\n"


def test_html_markup_in_text_stays_text():
    imported = parse_html("<p>Type &lt;script&gt; and [bold]x[/bold] \x1b[31m</p>")
    assert imported.text == "Type <script> and [bold]x[/bold] [31m\n"


# -- finding files ------------------------------------------------------------------


def test_find_files_recursive_takes_article_files_only(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.MD").write_text("b")
    (tmp_path / "sub" / "c.html").write_text("c")
    (tmp_path / "sub" / "d.pdf").write_text("d")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "README.md").write_text("# The corpus\n\nWhere these articles come from.")
    (tmp_path / "sub" / "LICENSE.txt").write_text("CC BY 4.0")
    (tmp_path / "sub" / "readme-first-city-council.md").write_text("an article whose name starts with readme")
    found = [p.relative_to(tmp_path).as_posix() for p in find_files(tmp_path, recursive=True)]
    assert found == ["a.txt", "sub/b.MD", "sub/c.html", "sub/readme-first-city-council.md"]
    assert find_files(tmp_path / "README.md", recursive=False) == [tmp_path / "README.md"]  # named: imported


def test_import_recursive_through_cli(cli, db_path, tmp_path):
    folder = tmp_path / "in"
    (folder / "deep").mkdir(parents=True)
    (folder / "one.txt").write_text("One\n\nText one.\n")
    (folder / "deep" / "two.html").write_text("<title>Two</title><p>Text two.</p>")
    (folder / "deep" / "three.md").write_text("---\noutlet: X\n---\n# Three\n\nText three.\n")
    result = cli("import", "--recursive", "--json", folder)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert sorted(r["title"] for r in records) == ["One", "Three", "Two"]
    assert {r["status"] for r in records} == {"new"}
    with Store.open(db_path) as store:
        by_title = {a["title"]: a for a in store.articles()}
        assert by_title["Three"]["outlet"] == "X"
        assert store.article(by_title["Two"]["id"]).text == "Two\n\nText two.\n"  # headline line, then body
