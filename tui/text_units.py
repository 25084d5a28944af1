"""Words, sentences and paragraphs of an article text, as code-point spans (no Textual here).

Sentences are found once per text (lazily) with a rule a news reader expects: a sentence
ends at . ! ? … (and any closing quotes or brackets) followed by space and then something
that is not lower case; a line break always ends one; "Mr.", "Dr.", initials and the like
do not.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\u200d"
WORD = re.compile(rf"[\w{_MARKS}]+(?:['’][\w{_MARKS}]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sen rep gov gen col lt capt sgt jr sr inc ltd co corp vs etc no nos"
    " jan feb mar apr jun jul aug sep sept oct nov dec mt ft fig est approx dept univ".split()
)
# Words that start a sentence far more often than they follow "U.S." or "U.K." inside one:
# "…sold in the U.S. The company said…" is two sentences, "the U.S. Navy" is one.
_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there"
    " but and yet so then however meanwhile still also in on at after before when while if"
    " as since although though last earlier later now".split()
)


def is_mark(ch: str) -> bool:
    """A code point that combines with the one before (the caret never stops before it)."""
    return ch == "\u200d" or unicodedata.combining(ch) != 0 or unicodedata.category(ch) in ("Mn", "Me")


def grapheme_next(text: str, pos: int) -> int:
    n = len(text)
    if pos >= n:
        return n
    pos += 1
    while pos < n and (is_mark(text[pos]) or text[pos - 1] == "\u200d"):
        pos += 1
    return pos


def grapheme_prev(text: str, pos: int) -> int:
    if pos <= 0:
        return 0
    pos -= 1
    while pos > 0 and (is_mark(text[pos]) or text[pos - 1] == "\u200d"):
        pos -= 1
    return pos


def snap(text: str, pos: int) -> int:
    """Move an offset back to the start of its grapheme (never inside base + marks)."""
    pos = max(0, min(pos, len(text)))
    while 0 < pos < len(text) and (is_mark(text[pos]) or text[pos - 1] == "\u200d"):
        pos -= 1
    return pos


def word_next(text: str, pos: int) -> int:
    """Start of the next word after the one at pos (or the end)."""
    m = WORD.search(text, pos)
    if m and m.start() <= pos:
        m = WORD.search(text, m.end())
    return m.start() if m else len(text)


def word_prev(text: str, pos: int) -> int:
    lo = max(0, pos - 400)
    last = None
    for m in WORD.finditer(text, lo, pos):
        if m.start() < pos:
            last = m
    if last is not None:
        return last.start()
    return 0 if lo == 0 else word_prev(text, lo)


def word_end(text: str, pos: int) -> int:
    m = WORD.search(text, pos)
    return m.end() if m else len(text)


def word_at(text: str, pos: int) -> tuple[int, int] | None:
    lo = max(0, pos - 200)
    for m in WORD.finditer(text, lo, min(len(text), pos + 200)):
        if m.start() <= pos < m.end():
            return m.span()
        if m.start() > pos:
            return m.span()
    return None


def _ends_abbreviation(text: str, dot: int, following: str = "") -> bool:
    """True if the period at `dot` closes "Mr", "U.S", an initial "J", "No." before a number…"""
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    token = text[j:dot]
    if not token:
        return False
    if len(token) == 1 and token.isupper():
        return True  # an initial
    if "." in token:
        # U.S, e.g: an abbreviation, unless the next word plainly starts a new sentence.
        return _next_word(text, dot).lower() not in _SENTENCE_STARTERS
    if token.lower() in ("no", "nos"):
        return following.isdigit()
    return token.lower() in _ABBREVIATIONS


def _next_word(text: str, dot: int) -> str:
    m = WORD.search(text, dot + 1, dot + 40)
    return m.group() if m and m.group()[:1].isupper() else ""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Every sentence as (start, end), trimmed of surrounding whitespace, in order."""
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        start = pos
        for m in _SENTENCE_END.finditer(text, pos, line_end):
            end = m.end()
            k = end
            while k < line_end and text[k].isspace():
                k += 1
            closed = m.group()[-1] not in ".!?…"  # “No.” — a closing quote ends the sentence
            if k < line_end and (text[k].islower() or (not closed and _ends_abbreviation(text, m.start(), text[k]))):
                continue
            _add_trimmed(text, start, end, spans)
            start = k
        _add_trimmed(text, start, line_end, spans)
        pos = line_end + 1
    return spans


def _add_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


class Sentences:
    """Sentence spans of one text, computed on first use."""

    def __init__(self, text: str):
        self.text = text
        self._spans: list[tuple[int, int]] | None = None
        self._starts: list[int] = []

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = sentence_spans(self.text)
            self._starts = [s for s, _ in self._spans]
        return self._spans

    def at(self, pos: int) -> tuple[int, int] | None:
        """The sentence holding pos; between sentences, the one after (else the one before)."""
        spans = self.spans
        if not spans:
            return None
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and spans[i][0] <= pos < spans[i][1]:
            return spans[i]
        if i + 1 < len(spans):
            return spans[i + 1]
        return spans[-1]

    def next_start(self, pos: int) -> int:
        spans = self.spans
        i = bisect_right(self._starts, pos)
        return spans[i][0] if i < len(spans) else len(self.text)

    def prev_start(self, pos: int) -> int:
        spans = self.spans
        i = bisect_right(self._starts, pos - 1) - 1
        return spans[i][0] if i >= 0 else 0


def paragraph_at(text: str, pos: int) -> tuple[int, int] | None:
    """The non-blank line (paragraph) holding pos, trimmed; None on a blank line."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    out: list[tuple[int, int]] = []
    _add_trimmed(text, start, end, out)
    return out[0] if out else None


_NON_SPACE = re.compile(r"\S")


def paragraph_next(text: str, pos: int) -> int:
    """Start of the next paragraph: the first non-blank line after the line holding pos."""
    nl = text.find("\n", pos)
    if nl < 0:
        return len(text)
    m = _NON_SPACE.search(text, nl)
    return m.start() if m else len(text)


def paragraph_prev(text: str, pos: int) -> int:
    """Start of this paragraph, or of the previous one if already at its start."""
    here = paragraph_at(text, pos)
    if here and here[0] < pos:
        return here[0]
    line_start = text.rfind("\n", 0, pos)
    while line_start > 0:
        prev_start = text.rfind("\n", 0, line_start) + 1
        para = paragraph_at(text, prev_start)
        if para:
            return para[0]
        line_start = prev_start - 1
    return 0
