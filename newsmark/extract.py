"""The article inside a web page: main text and metadata, by trafilatura plus a few rules.

trafilatura finds the main block of the page and its metadata (htmldate for the date).
On top of it newsmark keeps paragraphs as paragraphs (blank line between them), headings
and list items as lines of their own, and drops the blocks news sites put inside the
article body that are not the article: "Read more" teasers, share and reprint lines,
copyright footers, related-stories lists. Each rule was kept only where it raised the
body-text F1 on the pages it was tuned on (see bench/extract.py and the README).

The stored text starts with the headline on a line of its own, then the body.
Where trafilatura finds no article, the page's whole readable text is used instead and
`Extracted.fallback` says so, so the import report can tell the user.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_WORD = re.compile(r"\w+")

# Whole blocks that are page furniture, not article text (matched on the stripped block).
_FURNITURE = re.compile(
    r"""^(?:
        (?:read|see|watch|click)\s+(?:more|also|next|here)\b.{0,200}
      | related\s*:.{0,200}|like\s+this\s+(?:story|article)\?.{0,80}
      | (?:related|more)\s*(?:stories|articles|coverage|news|on\s+this|from\b.{0,60})?\s*:?
      | recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|trending(?:\s+now)?
      | don'?t\s+miss:?|must\s+read:?|top\s+stories|latest\s+news|you\s+may\s+also\s+like:?
      | advertisement|sponsored(?:\s+content)?|ad|promoted
      | share(?:\s+(?:this|on|via)\b.{0,40})?|print(?:\s+article)?|order\s+reprints|reprints?
      | e-?mail(?:\s+this)?|tweet|pin\s+it|comments?\s*(?:\(\d+\))?|\d+\s+comments?
      | tags?\s*:?.{0,300}|topics?\s*:.{0,300}|filed\s+under\s*:?.{0,200}
      | (?:sign\s+up|subscribe|follow\s+us|join\s+us|newsletter)\b.{0,160}
      | (?:copyright|\(c\)|©).{0,200}|.{0,120}\ball\s+rights\s+reserved\.?
      | write\s+to\s+.{1,80}\s+at\s+\S+@\S+
      | (?:https?://|www\.)\S+
      | an\s+error\s+has\s+occurred.{0,80}|thank\s+you|this\s+article\s+has\s+been\s+sent\s+to
      | this\s+copy\s+is\s+for\s+your\s+personal,\s+non-commercial\s+use\s+only\b.*
      | .{1,200}\s\[[A-Z]{3,12}\]
    )$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
_TEASER = re.compile(r"\w\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*(?:\(?(?:read|continue|more)\b[^\n]{0,30})?$", re.IGNORECASE)
# A heading that announces a list of links to other pages: it and the list under it go.
_LINK_LIST_HEADING = re.compile(
    r"^(?:related|more|recommended|most\s+(?:read|popular|viewed)|trending|top\s+stories|latest|"
    r"you\s+may\s+also|don'?t\s+miss|must\s+read|read\s+next|further\s+reading)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Extracted:
    text: str
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # outlet, url, published, authors, language
    fallback: bool = False  # True: no article found, the whole page's readable text is used


@dataclass(slots=True)
class _Block:
    kind: str  # "p", "head", "item", "quote", "row"
    text: str


def _quiet() -> None:
    """trafilatura and htmldate log their doubts about a page at ERROR level; newsmark reports
    what matters itself (the fallback), so their log lines must not reach the terminal."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        log = logging.getLogger(name)
        log.propagate = False
        if not log.handlers:
            log.addHandler(logging.NullHandler())


# The published date only from what the page states as one: its metadata (meta tags, JSON-LD,
# <time>), a dated byline, the URL. htmldate's extensive search also guesses from any date
# in the text and from a footer's "Copyright 2026" (as 2026-01-01), and the date goes on to
# ClaimReview's datePublished: blank is better than invented. The 90 real news pages of the
# extraction benchmark give the same dates either way.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def extract(html: str, url: str | None = None) -> Extracted:
    """Main text and metadata of one page. Never raises on odd markup; the text may be empty."""
    import trafilatura

    _quiet()

    doc = None
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=True, with_metadata=True,
            deduplicate=False, date_extraction_params=_DATE_PARAMS,
        )
    except Exception:  # trafilatura (lxml) gives up on some broken pages: fall back below
        doc = None
    blocks = _blocks(doc.body) if doc is not None and doc.body is not None else []
    tree = _parse(html)
    meta = _metadata(html, doc, tree)
    title = meta.pop("title", "")
    if blocks:
        blocks = _split_body(tree, blocks)
    blocks = clean_blocks(blocks, title)
    fallback = not blocks
    if fallback:
        from newsmark.ingest import parse_html_whole

        whole = parse_html_whole(html)
        title = title or whole.title
        body = whole.text.strip("\n")
        # a page with no visible text but its <title> has nothing to import
        text = body if not body or not title or body.startswith(title) else f"{title}\n\n{body}"
    else:
        text = _join(title, blocks)
    return Extracted(text=text + "\n" if text else "", title=title, meta=meta, fallback=fallback)


# -- the body tree trafilatura returns ---------------------------------------------

def _blocks(body) -> list[_Block]:
    out: list[_Block] = []
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            out.append(_Block("head", _inline(el)))
        elif tag == "p":
            out.append(_Block("p", _inline(el)))
        elif tag == "list":
            for item in el.iter("item"):
                out.append(_Block("item", _inline(item)))
        elif tag == "quote":
            inner = [c for c in el if isinstance(c.tag, str) and c.tag in ("p", "head", "list")]
            if inner:
                for sub in _blocks(el):
                    out.append(_Block("quote" if sub.kind == "p" else sub.kind, sub.text))
            else:
                out.append(_Block("quote", _inline(el)))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [_inline(cell) for cell in row if isinstance(cell.tag, str)]
                line = " | ".join(c for c in cells if c)
                if line:
                    out.append(_Block("row", line))
        elif tag in ("code", "div", "section"):
            out.append(_Block("p", _inline(el)))
        # graphic, ref at top level and the rest carry no text of their own worth keeping
    return [b for b in out if b.text]


def _inline(el) -> str:
    """The text of one block: <lb/> is a line break, everything else runs together."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.text and node.tag != "graphic":
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "lb":
                    parts.append("\n")
                elif child.tag == "item":
                    parts.append("\n")
                    walk(child)
                else:
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = [_WS.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


_BODY_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote")


def _parse(html: str):
    try:
        import lxml.html

        return lxml.html.fromstring(html)
    except Exception:  # empty or unparseable page
        return None


def _split_body(tree, blocks: list[_Block]) -> list[_Block]:
    """Some sites cut the article into several sibling containers of one class (ads between
    them), and trafilatura keeps only the first. Where the extracted paragraphs sit in such a
    container, read every container of that class in page order instead."""
    if tree is None:
        return blocks
    paras = [b.text for b in blocks if b.kind == "p" and len(b.text) > 80]
    if not paras:
        return blocks
    probe = paras[0][:60]
    container = None
    for p in tree.iter("p"):
        if probe in _WS.sub(" ", p.text_content()):
            container = p.getparent()
            break
    if container is None or not container.get("class"):
        return blocks
    cls = container.get("class")
    siblings = [el for el in tree.iter(container.tag) if el.get("class") == cls]
    if len(siblings) < 2:
        return blocks
    found: list[_Block] = []
    for el in siblings:
        for child in el:
            if not isinstance(child.tag, str) or child.tag not in _BODY_TAGS:
                continue
            text = _WS.sub(" ", child.text_content()).strip()
            if text:
                found.append(_Block("head" if child.tag.startswith("h") else "item" if child.tag == "li" else "p", text))
    have = {b.text for b in blocks}
    if sum(len(b.text) for b in found if b.text not in have) < 0.1 * sum(len(b.text) for b in blocks):
        return blocks
    # keep trafilatura's blocks before the first container (a standfirst, say)
    first = next((i for i, b in enumerate(blocks) if b.text == found[0].text), 0) if found else 0
    return blocks[:first] + found


def _words(s: str) -> list[str]:
    return _WORD.findall(s.lower())


def clean_blocks(blocks: list[_Block], title: str) -> list[_Block]:
    """newsmark's rules on top of trafilatura (each measured on the tuning half)."""
    title_words = _words(title)
    # Teasers of other articles end cut off ("… [more]"); two or more of them are a listing.
    teasers = {i for i, b in enumerate(blocks) if _TEASER.search(b.text)}
    if len(teasers) < 2:
        teasers = set()
    out: list[_Block] = []
    dropping_list = False
    for i, b in enumerate(blocks):
        text = b.text.strip()
        # The headline is stored once, as the first line.
        if title_words and _words(text) == title_words:
            continue
        if b.kind == "head" and _LINK_LIST_HEADING.match(text) and len(_words(text)) <= 8:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            dropping_list = nxt is not None and nxt.kind == "item"
            continue
        if dropping_list:
            if b.kind == "item" or i and _words(blocks[i - 1].text) in (["tags"], ["topics"]):
                continue
            dropping_list = False
        if i in teasers:
            continue
        if len(text) <= 400 and _FURNITURE.match(text):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            # "Tags" then the tag list; "Related:" then the list of links
            dropping_list = nxt is not None and (nxt.kind == "item" or (
                _words(text) in (["tags"], ["topics"]) and len(nxt.text) < 400 and nxt.text.count(",") >= 2))
            continue
        out.append(_Block(b.kind, text))
    return out


def _join(title: str, blocks: list[_Block]) -> str:
    """Paragraphs apart by a blank line; consecutive list items or table rows one a line."""
    chunks: list[str] = [title] if title else []
    prev = None
    for b in blocks:
        line = f"- {b.text}" if b.kind == "item" else b.text
        if prev is not None and b.kind == prev and b.kind in ("item", "row") and chunks:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
        prev = b.kind
    return "\n\n".join(chunks)


# -- metadata -----------------------------------------------------------------------

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_LDJSON = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_HTML_LANG = re.compile(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)", re.IGNORECASE)


def _meta_tags(html: str) -> dict[str, str]:
    import html as htmllib

    found: dict[str, str] = {}
    for tag in _META.finditer(html[:400_000]):
        attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv") or "").lower()
        value = htmllib.unescape(attrs.get("content", "")).strip()
        if key and value:
            found.setdefault(key, value)
    return found


def _ld_headline(html: str) -> str:
    for m in _LDJSON.finditer(html):
        try:
            data = json.loads(m.group(1).strip())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and k.endswith(("Article", "BlogPosting", "Report")) for k in kinds):
                    headline = item.get("headline")
                    if isinstance(headline, str) and headline.strip():
                        return headline
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return ""


def clean_line(s: str | None) -> str:
    from newsmark.ingest import normalise

    return _WS.sub(" ", normalise(s or "").replace("\n", " ")).strip()


def _strip_site(title: str, site: str) -> str:
    """'Port strike ends | The Harbour Gazette' -> 'Port strike ends' (the site name is the outlet)."""
    if not site:
        return title
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        head, found, tail = title.rpartition(sep)
        if found and head and _words(tail) == _words(site):
            return head.strip()
        tail2, found2, rest = title.partition(sep)
        if found2 and rest and _words(tail2) == _words(site):
            return rest.strip()
    return title


def _single_h1(tree) -> str:
    if tree is None:
        return ""
    h1s = [h for h in tree.iter("h1") if _WS.sub(" ", h.text_content()).strip()]
    return h1s[0].text_content() if len(h1s) == 1 else ""


def _metadata(html: str, doc, tree) -> dict[str, str]:
    tags = _meta_tags(html)
    site = clean_line(tags.get("og:site_name") or (doc.sitename if doc is not None else "") or "")
    title = ""
    title = ""
    for candidate in (_ld_headline(html), tags.get("og:title"), tags.get("twitter:title"), _single_h1(tree)):
        title = clean_line(candidate)
        if title:
            break
    if not title:
        # the <title> element, read once through lxml (trafilatura's own title is unescaped
        # a second time, which turns a headline's literal "&lt;" into "<")
        head = tree.find(".//title") if tree is not None else None
        title = clean_line(head.text_content()) if head is not None else ""
    if not title and doc is not None:
        title = clean_line(doc.title)
    title = _strip_site(title, site)
    meta = {"title": title[:500]}
    if site:
        meta["outlet"] = site
    if doc is not None:
        if doc.url:
            meta["url"] = clean_line(doc.url)
        if doc.date:
            meta["published"] = clean_line(doc.date)
        if doc.author:
            meta["authors"] = clean_line(doc.author)
    lang = (doc.language if doc is not None else None) or tags.get("og:locale") or tags.get("content-language")
    if not lang:
        m = _HTML_LANG.search(html[:5000])
        lang = m.group(1) if m else ""
    if lang:
        meta["language"] = clean_line(lang).replace("_", "-")
    return {k: v for k, v in meta.items() if v or k == "title"}
