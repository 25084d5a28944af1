"""Sentences, quotations and words of an article, with code-point offsets (end exclusive).

Everything here is plain regular expressions and string scans: no parser, no model.
"""

from __future__ import annotations

import re
from bisect import bisect_right

OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»“"  # „…“ closes with a left mark
STRAIGHT = '"'

# A word: dotted abbreviations (U.S., Mr.), words with inner hyphens or apostrophes, 's apart,
# numbers with separators; any other non-space character on its own.
WORD = re.compile(
    r"(?=[A-Za-z]\.|[A-Z][a-z]{1,3}\.)"  # cheap guard: only then try the dotted forms
    r"(?:(?:[A-Za-z]\.){2,}(?![A-Za-z])"
    r"|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Lt|Col|Sgt|Capt|Rep|Sen|Gov|Prof|Rev|Mt|No|Inc|Ltd|Co|Corp)\.(?=\s+\w))"
    r"|\d+(?:[.,:]\d+)*"
    r"|\w+(?:[-‐]\w+|['’](?![sS]\b)\w+)*"
    r"|['’][sS]\b"
    r"|\S"
)

# A sentence ends at . ! ? (and closing quotes or brackets right after) before blanks and a
# likely sentence start, or at a line break. Abbreviations that rarely end sentences are skipped.
# `[.!?…]+(?=[\s'"”’)\]]|\Z)|\n+` ("9.5" and "example.org" end nothing), led by one class of
# its first characters so the regex engine skips to them (4x faster on 1 MB than two branches)
_END = re.compile(r"[.!?…\n](?:(?<=[.!?…])[.!?…]*(?=[\s'\"”’)\]]|\Z)|(?<=\n)\n*)")
_NEXT = re.compile(r"\s*[\"“‘'(\[]?\s?[A-Z0-9\"“]")
_CLOSERS = "'\"”’)]"
_NO_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Lt|Col|Sgt|Capt|Rep|Sen|Gov|Prof|Rev|Mt|No|Inc|Ltd|Co|Corp|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"|\b[A-Z]|(?:\b[A-Za-z]\.){1,}[A-Za-z])\.\Z"
)
# A dateline a headline runs into: "… Indonesian coast Monday, May 18, 2015 On Friday, …"
# (each day led by its capital, `M(?<=\bM)onday`, so the engine skips to capitals: 5x faster
# than `\b(?:Monday|…)`)
_DATELINE = re.compile(
    "(?:" + "|".join(rf"{d[0]}(?<=\b{d[0]}){d[1:]}"
                     for d in "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
    + r")\s*,\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2}\s*,\s*\d{4}\b"
)

# "LISBON, March 14 (Meridian Wire) — " at a paragraph's start
_WIRE_DATELINE = re.compile(r"[A-Z][A-Z'.\- ]{2,}(?:, [A-Z][a-z]{2,}\.? \d{1,2})?(?: \([^)\n]{1,40}\))? [—–-]{1,2} ")
# the same after a line break: the regex engine searches for the "\n" instead of trying `^` at
# every position (10x faster); no dateline holds a line break, so none hides another
_WIRE_DATELINE_AFTER_BREAK = re.compile("\n" + _WIRE_DATELINE.pattern)


def quotations(text: str) -> list[tuple[int, int]]:
    """Quotation spans, marks included: curly pairs, and straight quotes paired in order within
    a paragraph (an odd one out at a paragraph's end is left unpaired)."""
    spans: list[tuple[int, int]] = []
    for para_start, para_end in paragraphs(text):
        open_at: int | None = None
        straight_at: int | None = None
        for m in _QUOTE_MARK.finditer(text, para_start, para_end):
            ch, pos = m.group(), m.start()
            if ch == STRAIGHT:
                if straight_at is None:
                    straight_at = pos
                else:
                    spans.append((straight_at, pos + 1))
                    straight_at = None
            elif ch in "“«„" and open_at is None:
                open_at = pos
            elif ch in "”»" or (ch == "“" and open_at is not None and text[open_at] == "„"):
                if open_at is not None:
                    spans.append((open_at, pos + 1))
                    open_at = None
    spans.sort()
    # drop quotes nested in another (a straight quote inside a curly one)
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


_QUOTE_MARK = re.compile(r'["“”«»„]')
_PARA = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARA.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def sentences(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of blanks. A full stop inside a quotation does not end the
    sentence (a quoted passage of several sentences is one unit with its attribution); a
    closing quotation mark right after a full stop belongs to the sentence it closes."""
    qends = {e - 1 for _, e in quotes}  # where closing marks are
    qstarts = [s for s, _ in quotes]
    breaks: list[int] = []
    n = len(text)
    for m in _END.finditer(text):
        ps, end = m.span()
        if text[ps] == "\n":
            breaks.append(end)
            continue
        if text[ps - 1:ps].isalpha():
            # only a short or dotted word before the stop can be an abbreviation ("Mr.", "U.S.")
            lo = ps - 8 if ps >= 8 else 0
            sp = max(text.rfind(" ", lo, ps), text.rfind("\n", lo, ps), ps - 9)
            if (ps - sp - 1 <= 5 or "." in text[sp + 1:ps]) and _NO_END.search(text, ps - 6 if ps >= 6 else 0,
                                                                                 ps + 1):
                continue
        # closing marks and brackets after the stop, blanks allowed between (tokenised text)
        while True:
            k = end
            while k < n and text[k] in " \t":
                k += 1
            if k < n and text[k] in _CLOSERS and (text[k] not in "\"”" or k in qends):
                end = k + 1
                continue
            break
        if end < n and not _NEXT.match(text, end):
            continue
        i = bisect_right(qstarts, ps) - 1
        if i >= 0 and quotes[i][0] < ps and end < quotes[i][1]:
            continue  # inside a quotation: one unit
        breaks.append(end)
    first = _WIRE_DATELINE.match(text)  # at a paragraph's start: the text's, or after a line break
    if first:
        breaks.append(first.end())
    for m in _WIRE_DATELINE_AFTER_BREAK.finditer(text):
        breaks.append(m.end())
    for m in _DATELINE.finditer(text):
        breaks.append(m.start())
        breaks.append(m.end())
    breaks.sort()
    out: list[tuple[int, int]] = []
    start = 0
    for b in breaks:
        if b > start:
            _add(text, start, b, out)
            start = b
    _add(text, start, len(text), out)
    return out


def _add(text: str, start: int, end: int, out: list) -> None:
    seg = text[start:end]
    stripped = seg.strip()
    if stripped:
        start += len(seg) - len(seg.lstrip())
        out.append((start, start + len(stripped)))


def words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(text, start, end)]
