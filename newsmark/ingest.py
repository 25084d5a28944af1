"""Turn a file on disk into normalised article text and metadata.

Normalisation happens once, here, at import: decode UTF-8 (BOM or not), newlines to
`\\n`, Unicode NFC, control characters other than `\\n` and `\\t` removed. Everything
else — brackets, `<b>`, zero-width characters — stays as text.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from newsmark.errors import NewsmarkError, clip_path as clip, file_in_the_way
from newsmark.safe_text import clean

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# Larger files are refused before they are read: a news article is rarely above 1 MB,
# and the reader and recogniser are measured on 1 MB; 20 MB leaves room for books.
MAX_BYTES = 20 * 1024 * 1024
META_KEYS = ("title", "outlet", "url", "published")

_BINARY_MAGIC = (b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf")


@dataclass(slots=True)
class ImportedText:
    text: str
    title: str
    path: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # for the import report, e.g. an extraction fallback

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise(text: str) -> str:
    """Newlines to `\\n`, NFC, control characters (ANSI escapes' ESC among them) and bidi
    overrides removed: the one incoming gate, newsmark.safe_text.clean."""
    return clean(text)


def decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows "Unicode" text: say so, rather than calling it binary for its NUL bytes.
        raise NewsmarkError(f"{name} is UTF-16 text, not UTF-8; re-save it as UTF-8, e.g. iconv -f utf-16 -t utf-8")
    if any(data.startswith(magic) for magic in _BINARY_MAGIC) or b"\x00" in data[:8192]:
        raise NewsmarkError(f"{name} looks like a binary file, not text; import .txt, .md or .html articles")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NewsmarkError(
            f"{name} is not UTF-8 text (bad byte at position {exc.start}); "
            "re-save it as UTF-8, e.g. iconv -f latin1 -t utf-8"
        ) from None


def read_article(path: str | os.PathLike) -> ImportedText:
    """Read and normalise one file; every problem is a NewsmarkError with a fix."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise NewsmarkError(missing(p))
    if p.is_dir():
        raise NewsmarkError(f"{name} is a folder; pass --recursive to import the files in it")
    if not p.is_file():
        # a FIFO or device named story.txt would block the read forever
        raise NewsmarkError(f"{name} is not a regular file; save the article to a file and import that")
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise NewsmarkError(f"{name} is not a .txt, .md or .html file; newsmark imports those")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise NewsmarkError(
                f"{name} is {size / 1048576:.1f} MB, above newsmark's {MAX_BYTES // 1048576} MB limit "
                "for one article; split it into smaller files"
            )
        data = p.read_bytes()
    except PermissionError:
        raise NewsmarkError(f"{name} cannot be read (permission denied); check its permissions") from None
    except OSError as exc:
        raise NewsmarkError(f"{name} cannot be read ({exc.strerror}); check the file") from None
    raw = decode(data, name)
    if suffix in (".html", ".htm"):
        imported = parse_html(raw)
    elif suffix in (".md", ".markdown"):
        imported = parse_markdown(raw)
    else:
        imported = parse_text(raw)
    # Every parser's title and metadata pass the same gate as the text.
    imported.title = normalise(imported.title)
    imported.meta = {k: normalise(v) for k, v in imported.meta.items() if isinstance(v, str)}
    if not imported.text.strip():
        raise NewsmarkError(f"{name} has no text (it is empty or only whitespace); nothing to import")
    imported.path = str(p.resolve())
    return imported


def parse_text(raw: str) -> ImportedText:
    text = normalise(raw)
    return ImportedText(text=text, title=first_line(text))


def first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:300]
    return ""


# Empty front matter is allowed, and the closing line may end the file; the lazy group stops
# at the first closing `---`, so a later horizontal rule never swallows the body.
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)??---[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def parse_markdown(raw: str) -> ImportedText:
    text = normalise(raw)
    meta: dict[str, str] = {}
    match = _FRONT.match(text)
    if match:
        for line in (match.group(1) or "").split("\n"):
            key, sep, value = line.partition(":")
            key = key.strip().lower()
            if sep and key in META_KEYS:
                meta[key] = value.strip().strip("\"'")
        text = text[match.end() :]
    heading = _HEADING.search(text)
    title = meta.pop("title", "") or (heading.group(1).strip() if heading else first_line(text))
    return ImportedText(text=text, title=title, meta={k: v for k, v in meta.items() if v})


_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg", "form", "button", "iframe", "head"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "section", "article", "main", "table", "tr", "figure", "figcaption", "hr", "dd", "dt"}


class _BodyText(HTMLParser):
    """Collects visible body text, one paragraph per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            value = attrs.get("content", "").strip()
            wanted = {"og:site_name": "outlet", "og:url": "url", "article:published_time": "published",
                      "og:title": "og_title", "date": "published"}
            if key in wanted and value:
                self.meta.setdefault(wanted[key], value)
            return
        if tag == "link" and attrs.get("rel", "").lower() == "canonical" and attrs.get("href"):
            self.meta.setdefault("url", attrs["href"])
            return
        # Only the document's own <title> (not an <svg><title> icon label) and the first
        # visible <h1> can become the title.
        if (tag == "title" and not self.skip_depth and not self.title) or (tag == "h1" and not self.h1):
            self._in.append(tag)
        if tag in _SKIP and tag != "head":
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _SKIP and tag != "head":
            self.skip_depth -= 1

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if tag in _SKIP and tag != "head":
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if "title" in self._in:
            self.title += data
            return
        if self.skip_depth:
            return
        if "h1" in self._in:
            self.h1 += data
        self.parts.append(data)


def parse_html(raw: str, url: str | None = None) -> ImportedText:
    """A web page: the article's text and metadata (newsmark.extract), or the whole page's
    readable text, with a note saying so, where no article is found."""
    from newsmark.extract import extract

    found = extract(raw, url)
    imported = ImportedText(text=normalise(found.text), title=normalise(found.title) or first_line(found.text),
                            meta=found.meta)
    if found.fallback and found.text.strip():
        imported.notes.append("no article found in the page; stored the whole page's readable text instead")
    return imported


def parse_html_whole(raw: str) -> ImportedText:
    """Every visible block of the page (no scripts, styles, navigation, header or footer)."""
    parser = _BodyText()
    parser.feed(raw)
    parser.close()
    body = "".join(parser.parts)
    paragraphs = []
    for block in re.split(r"\n\s*\n", body):
        line = re.sub(r"[ \t\r\n\f\v]+", " ", block).strip()
        if line:
            paragraphs.append(line)
    text = normalise("\n\n".join(paragraphs) + ("\n" if paragraphs else ""))
    # HTMLParser has already decoded character references (convert_charrefs, attribute
    # values): unescaping again would turn a literal "&amp;lt;" in a headline into "<".
    clean = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    meta = {k: clean(v) for k, v in parser.meta.items() if k != "og_title"}
    title = clean(parser.title) or clean(parser.h1) or clean(parser.meta.get("og_title", "")) or first_line(text)
    return ImportedText(text=text, title=normalise(title), meta=meta)


def missing(p: Path) -> str:
    """Why a path that does not exist as a file cannot be read, in the user's words."""
    name = clip(p)
    if p.is_symlink():
        try:
            os.stat(p)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return f"{name} is a symbolic link loop (it points back to itself) — fix or remove the link"
        return f"{name} is a broken symbolic link (it points to {clip(os.readlink(p))}, which does not exist) — fix the link"
    blocker = file_in_the_way(p)
    if blocker:
        return f"{name}: {clip(blocker)} is a file, not a folder — check the path"
    return f"{name} does not exist; check the path"


# A folder's own notes, not articles: left out of `import -r` (named, they import as any file).
FOLDER_NOTES = frozenset(("README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING", "NOTICE", "COPYING"))


def find_files(path: str | os.PathLike, recursive: bool) -> list[Path]:
    """Expand one CLI argument to the article files it names."""
    p = Path(path)
    if not p.exists():
        raise NewsmarkError(missing(p))
    if p.is_dir():
        if not recursive:
            raise NewsmarkError(f"{path} is a folder; pass --recursive to import the files in it")
        return sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith(".")
                      and f.stem.upper() not in FOLDER_NOTES)
    return [p]
