"""Plain data types shared by the store, the CLI and the TUI (no I/O here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

LABELS: tuple[str, ...] = ("claim", "attribution", "disputed")
ORIGINS: tuple[str, ...] = ("manual", "suggested", "imported")  # typed by hand, accepted suggestion, imported
# exact: where it was; moved: the same quote and context found elsewhere; fuzzy: found after
# edits to it or around it (needs a look); orphaned: not found (kept with its old quote).
ANCHORS: tuple[str, ...] = ("exact", "moved", "fuzzy", "orphaned")
CONTEXT_CHARS = 32  # prefix/suffix length, as a W3C TextQuoteSelector would carry


@dataclass(frozen=True, slots=True)
class Entity:
    """A recognised mention: code-point offsets into the article text, end exclusive."""

    start: int
    end: int
    label: str  # PERSON, ORG, PLACE, NORP, EVENT, DATE, QUANTITY
    text: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text}


@dataclass(slots=True)
class Article:
    id: str
    title: str
    text: str
    sha256: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    path: str | None = None
    imported_at: str | None = None
    authors: str | None = None  # as the page names them, "; " between several
    language: str | None = None  # BCP 47 tag from the page, e.g. "en-GB"

    def ref_json(self) -> dict:
        """The short article record embedded in every exported annotation."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "sha256": self.sha256,
        }


@dataclass(slots=True)
class Annotation:
    id: str
    article_id: str
    label: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    attributed_to: str = ""
    annotator: str = ""
    created_at: str = ""
    updated_at: str = ""
    deleted: bool = False
    article: dict | None = field(default=None, compare=False)
    source: tuple[int, int] | None = None  # the source mention's span (attributions), PARC-style
    cue: tuple[int, int] | None = None  # the cue's span ("said", "according to")
    origin: str = "manual"  # one of ORIGINS
    status: str | None = None  # curation: "accepted", "rejected" or None (not curated)
    verdict: dict | None = None  # {"rating", "reviewer", "date", "evidence": [urls], "note", "url"}
    curated_from: tuple[str, ...] = ()  # ids of the marks a curator's mark was made from
    anchor: str = "exact"  # one of ANCHORS: how the mark was placed after the text last changed
    anchor_quote: str | None = None  # the quote before that change (fuzzy and orphaned marks)
    anchor_sha256: str | None = None  # orphaned: the text version its offsets point into

    def to_json(self) -> dict:
        """The DESIGN.md shape shared by `annotations --json`, search and jsonl export."""
        return {
            "id": self.id,
            "article": self.article or {"id": self.article_id},
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "note": self.note,
            "attributed_to": self.attributed_to,
            "annotator": self.annotator,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "source": list(self.source) if self.source else None,
            "cue": list(self.cue) if self.cue else None,
            "origin": self.origin,
            "anchor": self.anchor,
            "status": self.status,
            "verdict": self.verdict,
        }


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Prefix and suffix around a span, `width` characters each side at most."""
    return text[max(0, start - width) : start], text[end : end + width]


def common_prefix(a: str, b: str) -> int:
    """How many characters `a` and `b` share at their start."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def common_suffix(a: str, b: str) -> int:
    """How many characters `a` and `b` share at their end."""
    return common_prefix(a[::-1], b[::-1])


__all__ = ["LABELS", "ORIGINS", "ANCHORS", "Entity", "Article", "Annotation", "context", "common_prefix", "common_suffix", "asdict"]
