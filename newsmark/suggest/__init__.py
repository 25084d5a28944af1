"""Suggestions: who said what (attributions) and which sentences to check (claims).

Pure Python rules over words, quotation marks and the entity recogniser's names; no
parser, no model download, no Textual, no store.

    from newsmark.suggest import suggest
    found = suggest(text)                      # entities from the built-in recogniser
    found = suggest(text, entities)            # or the ones the caller already has (the reader's)
    found.attributions  # tuple[AttributionSuggestion]: source, source_text, cue, content, score
    found.claims        # tuple[ClaimSuggestion]: start, end, label ("claim"|"disputed"), score, why
    found.to_json()     # exactly the `newsmark suggest --json` shape

With a store (newsmark.suggest.open; imports the store, so the extraction stays apart):

    open_suggestions(store, article, entities=None) -> Suggestions
        minus the rejected ones and those an existing live mark of the same kind covers
        (an attribution mark over the content, a claim or disputed mark over the claim).
    accept_attribution(store, article, s, annotator, speaker=None) -> Annotation
        stores an attribution mark: span = s.content, attributed_to = speaker or
        s.source_text, source = s.source, cue = s.cue, origin "suggested".
    accept_claim(store, article, c, annotator, label=None) -> Annotation
        stores a claim (or, by default for c.label "disputed", a disputed) mark over c.start:c.end.
    reject(store, article, s, annotator) -> None
        remembers an AttributionSuggestion (by its content) or a ClaimSuggestion as rejected.
    accept_all(store, article, min_score, annotator, entities=None) -> list[Annotation]
        every open suggestion at or above min_score, in one transaction.

Offsets are code points into the article text, end exclusive.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from newsmark.model import Entity

# The rules (attributions, claims, speakers, text) are imported by suggest() when it first
# runs: the data classes below, the cache key and the JSON round trip cost no compiled
# patterns, so the reader draws an article's cached suggestions in its first frame without
# loading the engine (~25 ms in a fresh process).

VERSION = "1"
_ENGINE_FILES = ("__init__.py", "attributions.py", "claims.py", "speakers.py", "text.py")
_engine_version: list[str] = []


def engine_version() -> str:
    """A hash of the engine's source, computed once per process without importing it: part
    of the key suggestions are cached under (with the entities' recogniser and the article's
    text), so a newsmark whose rules changed never shows suggestions an older one found."""
    if not _engine_version:
        import hashlib
        from importlib import resources

        pkg = resources.files(__package__)
        h = hashlib.sha256(VERSION.encode())
        for name in _ENGINE_FILES:
            h.update(pkg.joinpath(name).read_bytes())
        _engine_version.append(h.hexdigest()[:12])
    return _engine_version[0]


@dataclass(frozen=True)
class AttributionSuggestion:
    source: tuple[int, int] | None
    source_text: str  # the speaker, resolved ("He" -> "Henry Wooster")
    cue: tuple[int, int] | None
    content: tuple[int, int]
    score: float


@dataclass(frozen=True)
class ClaimSuggestion:
    start: int
    end: int
    label: str  # "claim" | "disputed"
    score: float
    why: tuple[str, ...]


@dataclass(frozen=True)
class Suggestions:
    attributions: tuple[AttributionSuggestion, ...]
    claims: tuple[ClaimSuggestion, ...]

    @classmethod
    def from_json(cls, data: dict) -> "Suggestions":
        """The inverse of to_json (the reader's cache keeps that shape)."""
        def span(v) -> tuple[int, int] | None:
            if not v:
                return None
            if len(v) != 2 or type(v[0]) is not int or type(v[1]) is not int:
                raise ValueError(f"not a span: {v!r}")
            return (v[0], v[1])

        return cls(
            tuple(AttributionSuggestion(span(a["source"]), a["source_text"], span(a["cue"]), span(a["content"]),
                                        a["score"]) for a in data["attributions"]),
            tuple(ClaimSuggestion(c["start"], c["end"], c["label"], c["score"], tuple(c["why"]))
                  for c in data["claims"]),
        )

    def to_json(self) -> dict:
        return {
            "attributions": [
                {"source": list(a.source) if a.source else None, "source_text": a.source_text,
                 "cue": list(a.cue) if a.cue else None, "content": list(a.content), "score": a.score}
                for a in self.attributions
            ],
            "claims": [
                {"start": c.start, "end": c.end, "label": c.label, "score": c.score, "why": list(c.why)}
                for c in self.claims
            ],
        }


_SHAPE_SCORE = {"quote-first": 0.9, "source-first": 0.8, "content-first": 0.8, "according-to": 0.85, "inner": 0.6}


def suggest(text: str, entities: list[Entity] | None = None) -> Suggestions:
    """Attribution and claim suggestions for `text`, in text order."""
    from .attributions import extract
    from .claims import claims as _claims
    from .speakers import Resolver
    from .text import quotations, sentences

    if entities is None:
        from newsmark.entities import get_recognizer

        entities = get_recognizer("builtin").recognize(text)
    quotes = quotations(text)
    units = sentences(text, quotes)
    resolver = Resolver(text, sorted(entities, key=lambda e: (e.start, e.end)), units)
    attributions: list[AttributionSuggestion] = []
    found = extract(text, units, quotes)
    inner = [f for f in found if f.shape == "inner"]
    for f in found:
        if f.shape == "inner":
            continue
        score = _SHAPE_SCORE[f.shape] - (0.1 if f.cognitive else 0.0)
        if f.source is not None:
            speaker, confidence = resolver.resolve(*f.source)
            score *= 0.6 + 0.4 * confidence
        else:
            speaker = ""
            score *= 0.5
        attributions.append(AttributionSuggestion(f.source, speaker, f.cue, f.content, round(score, 3)))
    attributions.extend(_follow_ons(text, units, quotes, attributions))
    spoken = sorted((a.content[0], k) for k, a in enumerate(attributions) if a.source_text)
    for f in inner:  # "I think" inside a quotation: the quotation's speaker
        outer = None
        for _, k in reversed(spoken[max(0, bisect_right(spoken, (f.cue[0], len(attributions))) - 4):
                                    bisect_right(spoken, (f.cue[0], len(attributions)))]):
            if attributions[k].content[0] <= f.cue[0] < attributions[k].content[1]:
                outer = attributions[k]
                break
        if outer is not None:
            attributions.append(AttributionSuggestion(f.source, outer.source_text, f.cue, f.content,
                                                      round(_SHAPE_SCORE["inner"] * (0.6 + 0.4 * 0.8), 3)))
    attributions.sort(key=lambda a: (a.content[0], a.content[1]))
    contents = sorted(a.content for a in attributions)
    found_claims = []
    for s, e, label, score, why in _claims(text, units):
        for s, e, why in _summed_up(text, *_what_was_said(text, contents, s, e, why)):
            found_claims.append(ClaimSuggestion(s, e, label, score, why))
    found_claims = tuple(found_claims)
    return Suggestions(tuple(attributions), found_claims)


_DISPUTED_REASONS = ("denial", "labelled fake")
# "…, a move that will save about 2.4 million pounds a year": a second claim summing up the first
_SUMMING_UP = re.compile(r",\s+(?:in\s+)?(?=an?\s+[a-z]+\s+(?:that|which)\s)")


def _summed_up(text: str, start: int, end: int, why: tuple[str, ...]):
    """The claim, or its two parts where a closing "…, a move that …" phrase makes a claim of its
    own: each part that has a reason to check of its own is offered."""
    from .claims import reasons as _claim_reasons

    cut = _SUMMING_UP.search(text, start, end)
    if cut is None:
        return [(start, end, why)]
    parts = [(start, cut.start()), (cut.end(), end)]
    kept = [(a, b, _claim_reasons(text, a, b)) for a, b in parts if b - a >= 20]
    kept = [(a, b, tuple(r for r in why if r in _DISPUTED_REASONS and r not in own) + own)
            for a, b, own in kept if own]
    return kept or [(start, end, why)]


def _what_was_said(text: str, contents: list[tuple[int, int]], start: int, end: int,
                   why: tuple[str, ...]) -> tuple[int, int, tuple[str, ...]]:
    """A claim inside a reported statement is what was said, not who said it: the sentence is
    narrowed to the first attribution content in it that holds a reason of its own (quotation
    marks and closing punctuation off). A denial elsewhere in the sentence stays a reason."""
    from .claims import reasons as _claim_reasons

    i = bisect_right(contents, (start, start))
    while i < len(contents) and contents[i][0] < end:
        cs, ce = contents[i]
        i += 1
        if ce > end:
            continue
        while cs < ce and text[cs] in '"“«„\'‘ ':
            cs += 1
        while ce > cs and text[ce - 1] in '"”»\'’ .,;:':
            ce -= 1
        own = _claim_reasons(text, cs, ce)
        if own and ce - cs >= 20:
            kept = tuple(r for r in why if r in _DISPUTED_REASONS and r not in own)
            return cs, ce, kept + own
    while end > start and text[end - 1] in ".!?":
        end -= 1  # the sentence, its full stop off (as a reader selects a claim)
    return start, end, why


def _follow_ons(text, units, quotes, attributions) -> list[AttributionSuggestion]:
    """A quotation standing alone as a sentence right after a quoted speaker, in the same
    paragraph, is the same speaker going on: `"…," said X. "More."`. No cue, no source mention."""
    if not quotes or not attributions:
        return []
    quoted = sorted((a.content, a.source_text) for a in attributions
                    if a.source_text and text[a.content[0]:a.content[0] + 1] in '"“«„')
    if not quoted:
        return []
    quoted_starts = [c[0] for c, _ in quoted]
    taken = sorted(a.content for a in attributions)
    unit_starts = [u[0] for u in units]
    out = []
    for qs, qe in quotes:
        k = bisect_right(unit_starts, qs) - 1
        if k < 1:
            continue
        us, ue = units[k]
        # the sentence is the quotation (and nothing but closing punctuation after it)
        if us != qs or text[qe:ue].strip(" .") or qe - qs < 8:
            continue
        if _overlaps(taken, qs, qe):
            continue
        ps, pe = units[k - 1]
        if "\n\n" in text[pe:qs]:
            continue  # a new paragraph: maybe a new speaker
        # the last quoted speaker inside the sentence before (found from the end of those
        # starting in it, not by reading all of them for each quotation)
        before = None
        for x in range(bisect_right(quoted_starts, pe) - 1, bisect_left(quoted_starts, ps) - 1, -1):
            if quoted[x][0][1] <= pe:
                before = quoted[x]
                break
        if before is None:
            continue
        out.append(AttributionSuggestion(None, before[1], None, (qs, qe), 0.6))
    return out


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 8):i])


__all__ = ["AttributionSuggestion", "ClaimSuggestion", "Suggestions", "suggest", "VERSION"]
