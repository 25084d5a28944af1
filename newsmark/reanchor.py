"""Putting marks back on an article whose text changed (a correction, an update, a re-fetch).

The way the W3C TextQuoteSelector and TextPositionSelector are meant to be used together:
first the exact quote with its prefix and suffix, then the quote alone, disambiguated by
context and by where it used to be, and only then a fuzzy match (rapidfuzz) scored on the
quote, its context and its position, kept only above a threshold.

Each mark comes out with one of ANCHORS:
  exact     same quote and context, same offsets
  moved     same quote, found unchanged elsewhere with enough of its context to be sure
  fuzzy     found after edits to it or around it, or one of several look-alikes: needs a look
  orphaned  not found; the mark keeps its old quote and offsets (into the old text)

Never silently wrong is the rule: `exact` and `moved` are claimed only when the quote is
found verbatim and its context (or its length and uniqueness) leaves no real doubt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from newsmark.model import common_prefix, common_suffix

# A fuzzy candidate needs this much of the quote (rapidfuzz ratio, 0-100) ...
MIN_QUOTE_SIMILARITY = 80.0
# ... and this combined score (quote 0.7, context 0.2, position 0.1; each 0-1).
MIN_SCORE = 0.72
# A verbatim quote with no context left is still "moved" when it is this long and unique.
SURE_QUOTE_WORDS = 6
# How far from its old place (scaled to the new length) a fuzzy match is looked for first.
NEAR_CHARS = 3000
NEAR_CONTEXT = 16

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Placement:
    start: int
    end: int
    anchor: str  # exact, moved, fuzzy, orphaned
    score: float = 1.0


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """0-1: how much of the old prefix and suffix are still right next to the span; the
    nearest NEAR_CONTEXT characters on each side count (an edit a sentence away matters less)."""
    sides = []
    if prefix:
        want = min(len(prefix), NEAR_CONTEXT)
        sides.append(min(want, common_suffix(text[max(0, start - len(prefix)):start], prefix)) / want)
    if suffix:
        want = min(len(suffix), NEAR_CONTEXT)
        sides.append(min(want, common_prefix(text[end:end + len(suffix)], suffix)) / want)
    return sum(sides) / len(sides) if sides else 1.0


def _one_side_intact(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    want_p, want_s = min(len(prefix), NEAR_CONTEXT), min(len(suffix), NEAR_CONTEXT)
    left = want_p > 0 and common_suffix(text[max(0, start - len(prefix)):start], prefix) >= want_p
    right = want_s > 0 and common_prefix(text[end:end + len(suffix)], suffix) >= want_s
    return left or right


def _occurrences(text: str, quote: str, limit: int = 200) -> list[int]:
    found, pos = [], text.find(quote)
    while pos != -1 and len(found) < limit:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


class Reanchorer:
    """Re-anchors many marks on one new text; built once per text (a 1 MB text, 1,000 marks)."""

    def __init__(self, old: str | int, new_text: str):
        """`old` is the old text (best: it tells which quotes were unique) or its length."""
        self.old = old if isinstance(old, str) else None
        old_length = len(old) if isinstance(old, str) else old
        self.text = new_text
        self.ratio = len(new_text) / old_length if old_length else 1.0

    def _was_unique(self, quote: str) -> bool:
        return self.old is not None and len(_occurrences(self.old, quote, limit=2)) == 1

    def expected(self, start: int) -> int:
        return int(start * self.ratio)

    def place(self, quote: str, prefix: str, suffix: str, start: int, end: int) -> Placement:
        text = self.text
        if not quote:
            return Placement(start, end, "orphaned", 0.0)
        # 1. Where it was, with its context: exact.
        if text[start:end] == quote and _context_score(text, start, end, prefix, suffix) == 1.0:
            return Placement(start, end, "exact")
        # 2. The quote verbatim elsewhere.
        starts = _occurrences(text, quote)
        if starts:
            return self._verbatim(quote, prefix, suffix, start, starts)
        # 3. Fuzzy: near the old place first, then wherever its context still is, then everywhere.
        return self._fuzzy(quote, prefix, suffix, start)

    def _verbatim(self, quote: str, prefix: str, suffix: str, start: int, starts: list[int]) -> Placement:
        text, n = self.text, len(quote)
        expected = self.expected(start)
        scored = sorted(((_context_score(text, s, s + n, prefix, suffix), -abs(s - expected), s) for s in starts),
                        reverse=True)
        best_ctx, _, best = scored[0]
        runner_ctx = scored[1][0] if len(scored) > 1 else None
        full = [s for ctx, _, s in scored if ctx == 1.0]
        if best_ctx == 1.0 and len(full) == 1:
            return Placement(best, best + n, "exact" if best == start else "moved")
        words = len(_WORD.findall(quote))
        # a short phrase recurs easily: it needs most of its context on both sides
        need = 0.5 if words >= SURE_QUOTE_WORDS else 0.75
        if runner_ctx is None:
            # the only occurrence: a long quote is sure; a short one only with its context
            # (or one that was unique before too and keeps one side's near context intact)
            if words >= SURE_QUOTE_WORDS or best_ctx >= need or (
                    self._was_unique(quote) and _one_side_intact(text, best, best + n, prefix, suffix)):
                return Placement(best, best + n, "moved", best_ctx)
            return Placement(best, best + n, "fuzzy", best_ctx)
        # several look-alikes: sure only when the context sets one clearly apart
        if best_ctx >= need and best_ctx - runner_ctx >= 0.25:
            return Placement(best, best + n, "moved", best_ctx)
        return Placement(best, best + n, "fuzzy", best_ctx)

    def _fuzzy(self, quote: str, prefix: str, suffix: str, start: int) -> Placement:
        text = self.text
        n = len(quote)
        expected = self.expected(start)
        # near the old place first: that is where an edited quote almost always is
        best = self._best_in(quote, prefix, suffix, expected, max(0, expected - NEAR_CHARS - n),
                             min(len(text), expected + NEAR_CHARS + 2 * n))
        if best is None or best.score < MIN_SCORE:
            # moved far: wherever its old context still is, the quote is right after the
            # prefix or right before the suffix
            for piece, after in ((prefix[-16:], True), (suffix[:16], False)):
                if len(piece) < 8:
                    continue
                for s in _occurrences(text, piece, limit=5):
                    lo = s + len(piece) if after else s - n
                    cand = self._best_in(quote, prefix, suffix, expected, max(0, lo - n), min(len(text), lo + 2 * n))
                    if cand is not None and (best is None or cand.score > best.score):
                        best = cand
        if (best is None or best.score < MIN_SCORE) and len(text) <= 200_000:
            cand = self._best_in(quote, prefix, suffix, expected, 0, len(text))
            if cand is not None and (best is None or cand.score > best.score):
                best = cand
        if best is None or best.score < MIN_SCORE:
            return Placement(start, start + n, "orphaned", best.score if best else 0.0)
        return best

    def _best_in(self, quote: str, prefix: str, suffix: str, expected: int, lo: int, hi: int) -> Placement | None:
        text = self.text
        if hi - lo < max(1, len(quote) // 2):
            return None
        align = fuzz.partial_ratio_alignment(quote, text[lo:hi], score_cutoff=MIN_QUOTE_SIMILARITY)
        if align is None:
            return None
        s, e = lo + align.dest_start, lo + align.dest_end
        s, e = _snap(text, s, e, quote)
        if e <= s:
            return None
        quote_sim = fuzz.ratio(quote, text[s:e]) / 100
        if quote_sim * 100 < MIN_QUOTE_SIMILARITY:
            return None
        ctx = (fuzz.ratio(prefix, text[max(0, s - len(prefix)):s]) + fuzz.ratio(suffix, text[e:e + len(suffix)])) / 200
        pos = max(0.0, 1.0 - abs(s - expected) / max(len(text), 1))
        return Placement(s, e, "fuzzy", 0.7 * quote_sim + 0.2 * ctx + 0.1 * pos)


def _snap(text: str, s: int, e: int, quote: str) -> tuple[int, int]:
    """Grow a fuzzy match to whole words where the quote itself starts/ends on a word."""
    if quote[:1].isalnum():
        while s > 0 and text[s - 1].isalnum():
            s -= 1
    if quote[-1:].isalnum():
        while e < len(text) and text[e].isalnum():
            e += 1
    while s < e and text[s].isspace() and not quote[:1].isspace():
        s += 1
    while e > s and text[e - 1].isspace() and not quote[-1:].isspace():
        e -= 1
    return s, e


def reanchor_all(old: str | int, new_text: str, marks) -> list[Placement]:
    """Placements for marks with .quote, .prefix, .suffix, .start, .end (old offsets)."""
    r = Reanchorer(old, new_text)
    return [r.place(m.quote, m.prefix, m.suffix, m.start, m.end) for m in marks]


__all__ = ["Placement", "Reanchorer", "reanchor_all"]
