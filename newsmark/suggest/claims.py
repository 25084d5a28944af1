"""Sentences worth checking, with the reasons: figures, casualties, money, comparisons,
causes and blame, and reports that someone denied or called fake (candidates for "disputed")."""

from __future__ import annotations

import re
from bisect import bisect_right
from heapq import heapify, heappop, heapreplace

_NUM = r"(?:\d[\d,.]*\d|\d)"
_NUMWORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
            r"sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|dozens|a dozen|scores)")
_SCALE = r"(?:\s*(?:million|billion|trillion|bn|m|k)\b)?"

# A number starting with a plain digit, its word boundary checked just after it: the regex
# engine then jumps from digit to digit instead of trying every position (2-3x faster).
_NUMBER = r"\d(?<=\b\d)(?:[\d,.]*\d)?"


def _words(*alternatives: str, tail: str = r"\b", apart: str = ""):
    r"""`\b(?:alternatives)tail`, written so that the regex engine jumps from one of the
    alternatives' first letters to the next instead of trying every position (a leading `\b`
    or look-ahead makes it try them all: ~2x slower on 1 MB). Each alternative is one branch
    starting with a plain letter; it becomes `d(?<=\bd)(?:en(?:ied|y)|is…)`, the alternatives
    sharing a first letter kept in their order, so the same text matches the same way.

    The alternatives starting with a letter in `apart` (common first letters with few words,
    "t" of "twice") each run on their own from their literal instead, beside the rest (an
    `_Either`, defined below)."""
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        first, rest = alt[0], alt[1:]
        if not first.isalnum() or rest[:1] in ("?", "*", "+", "{"):
            raise ValueError(f"alternative must start with a plain letter: {alt!r}")
        if first not in apart:
            groups.setdefault(first, []).append(rest)
    grouped = ("(?:" + "|".join(f"{c}(?<=\\b{c})(?:{'|'.join(rests)})" for c, rests in groups.items())
               + ")" + tail)
    if not apart:
        return re.compile(grouped)
    return _Either(grouped, *(_led(alt) + tail for alt in alternatives if alt[0] in apart))


class _Either:
    """The alternation `b1|b2|…` of whole branches, matching as that one pattern would (leftmost
    match first, at one place the first branch in order, no overlaps), with `search` and
    `finditer` like a compiled pattern's. Over a long text each branch runs on its own and the
    matches are merged: a branch that starts with a literal ("usd", "denied") then costs one
    fast literal search instead of a try at every place its first character occurs (1.5-2x
    faster on 1 MB). No branch may match the empty string."""

    def __init__(self, *branches: str):
        self.regex = re.compile("|".join(f"(?:{b})" for b in branches))
        self.branches = [re.compile(b) for b in branches]

    def search(self, s: str):
        return self.regex.search(s)

    def finditer(self, s: str):
        if len(s) < 20_000:
            yield from self.regex.finditer(s)
            return
        branches = self.branches
        heap = [(m.start(), k, m) for k, m in enumerate(b.search(s) for b in branches) if m is not None]
        heapify(heap)
        pos = 0
        while heap:
            start, k, m = heap[0]
            if start >= pos:  # else it overlaps the match before: this branch looks again after it
                yield m
                pos = m.end()
            m = branches[k].search(s, pos)
            if m is None:
                heappop(heap)
            else:
                heapreplace(heap, (m.start(), k, m))


def _led(alt: str) -> str:
    r"""`\b` + alt with the word boundary checked after its leading literal ("more(?<=\bmore)\s+than"),
    so that the literal leads the pattern and the regex engine searches for it directly."""
    n = 0
    while n < len(alt) and (alt[n].isalnum() or alt[n] == " ") and alt[n + 1:n + 2] not in ("?", "*", "+", "{"):
        n += 1
    if n == 0:
        raise ValueError(f"alternative must start with a plain letter: {alt!r}")
    return f"{alt[:n]}(?<=\\b{alt[:n]}){alt[n:]}"


def _each(*alternatives: str, tail: str = r"\b") -> _Either:
    r"""`\b(?:alternatives)tail` as an `_Either` of literal-led branches: for short lists of
    words whose first letters are common (`_words` is faster for long lists)."""
    return _Either(*(_led(alt) + tail for alt in alternatives))


# (reason, weight, pattern) over the lower-cased text; the first two make a sentence
# "disputed" rather than "claim".
DISPUTED = (
    ("denial", 0.35, _each("den(?:ied|ies|y|ying)", "re(?:ject(?:ed|s)|fut(?:ed|es))",
                           "dis(?:put(?:ed|es)|miss(?:ed|es))", "contest(?:ed|s)")),
    ("labelled fake", 0.4, _words(*"""fake false falsely fabricated hoax untrue baseless unfounded misleading
                                      disinformation misinformation doctored debunked""".split(), "no evidence",
                                  apart="hnb")),
)
_CASUALTY_WORD = _each(*"""killed dead died deaths injured wounded casualties victims fatalities missing hurt
                           drowned displaced evacuated rescued""".split(), "death toll")
_NUMBER_BEFORE = re.compile(rf"(?:{_NUM}|\b{_NUMWORD})\b[^.;]{{0,40}}?\Z")
REASONS = (
    ("casualty figure", 0.45, None),  # a casualty word with a number up to 40 characters before it
    # `[$€£¥]\s?{_NUM}{_SCALE}|\b{_NUM}{_SCALE}\s*(?:dollars|…|gbp)\b|\b(?:usd|eur|gbp)\s?{_NUM}`: the
    # first two led by one class of their first characters, the codes each by its literal
    ("money", 0.4, _Either(rf"[$€£¥\d](?:(?<=[$€£¥])\s?{_NUM}{_SCALE}|(?<=\b\d)(?:[\d,.]*\d|){_SCALE}\s*"
                           r"(?:dollars|euros|pounds|yen|francs|usd|eur|gbp)\b)",
                           *(_led(code + rf"\s?{_NUM}") for code in ("usd", "eur", "gbp")))),
    ("percentage", 0.35, re.compile(rf"{_NUMBER}\s?(?:%|per ?cent\b|percentage points?\b)")),
    # a number (not a time of day), "million", "billion", or "at least a dozen drivers", "more than
    # thousands of": `{_NUMBER}…|m(?<=\bm)illion\b|b(?<=\bb)illion\b|\b(?:at least|…|nearly)\s+{_NUMWORD}\b`,
    # led by one class of the first characters (the engine skips to them; 2x faster than with a
    # `\b`-led branch among them), then told apart by the character read
    ("figure", 0.25, re.compile(rf"[\dmbafun](?<=\b[\dmbafun])(?:(?<=\d)(?:[\d,.]*\d)?{_SCALE}\b"
                                r"(?!\s*(?:a\.m\.|p\.m\.|am\b|pm\b))|(?<=m)illion\b|(?<=b)illion\b"
                                r"|(?:(?<=a)t least|(?<=m)ore than|(?<=f)ewer than|(?<=u)p to|(?<=n)early)"
                                rf"\s+{_NUMWORD}\b)")),
    ("comparison", 0.2, _words(*(w + r"\s+than\b" for w in """more less fewer higher lower larger smaller bigger
                                                              greater faster slower cheaper worse better""".split()),
                               r"compared (?:with|to)\b", r"twice as\b",
                               *(w + r"\b(?=[^.]{0,40}\b(?:ever|in|since|of)\b)"
                                 for w in "largest biggest highest lowest worst best first only".split()),
                               r"record\b",
                               *(w + r"\b" for w in """doubled tripled halved rose fell increased decreased dropped
                                                     surged jumped plunged""".split()), tail="",
                               apart="tormgpi")),
    ("cause or blame", 0.3, _each("responsible for", r"blamed?\b", "because of", "caused", "causes", "led to",
                                  "leads to", "due to", "as a result of", "resulted in", "results in", "triggered",
                                  "behind the")),
)
_DATEISH = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
_MONTHS = "January February March April May June July August September October November December".split()
_MONTH_ABBR = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()


def _after_first_letter(names: list[str]) -> str:
    """`(?<=J)(?:anuary|une|…)|(?<=F)(?:…)`: the names, their first letter already read."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[0], []).append(name[1:])
    return "|".join(f"(?<={c})(?:{'|'.join(rests)})" for c, rests in groups.items())


# "March 14", "Sept. 3, 2024", "14 March": `\b(?:January|…|Dec)\.?\s+\d{1,2}\b(?:\s*,\s*\d{4})?` or
# `\b\d{1,2}\s+(?:January|…)\b`, led by one class of the first characters (the engine skips to
# capitals and digits) and then told apart by what was read.
_MONTH_DAY = re.compile(rf"[JFMASOND\d](?<=\b[JFMASOND\d])(?:(?:{_after_first_letter(_MONTHS + _MONTH_ABBR)})"
                        rf"\.?\s+\d{{1,2}}\b(?:\s*,\s*\d{{4}})?|(?<=\d)\d?\s+(?:{'|'.join(_MONTHS)})\b)")
_HEADING = re.compile(r"\A\s*#")


def claims(text: str, units: list[tuple[int, int]]) -> list[tuple[int, int, str, float, tuple[str, ...]]]:
    """(start, end, label, score, why) for each sentence worth checking. Each pattern runs once
    over the whole text (dates masked out first); matches are then assigned to sentences."""
    starts = [s for s, _ in units]
    masked = _MONTH_DAY.sub(lambda m: "x" * len(m.group()), text)  # dates are no figures to check
    low = masked.lower()
    if len(low) != len(masked):  # a few characters lower-case to two; keep offsets exact
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in masked)
    hits: dict[int, dict[str, list[str]]] = {}

    def hit(reason: str, m) -> None:
        u = bisect_right(starts, m.start()) - 1
        if u >= 0 and m.end() <= units[u][1]:
            hits.setdefault(u, {}).setdefault(reason, []).append(m.group())

    for reason, _weight, pattern in DISPUTED + REASONS:
        if pattern is None:
            for m in _CASUALTY_WORD.finditer(low):
                u = bisect_right(starts, m.start()) - 1
                if m.group() == "death toll" or (u >= 0 and _NUMBER_BEFORE.search(
                        low, max(units[u][0], m.start() - 60), m.start())):
                    hit(reason, m)
            continue
        for m in pattern.finditer(low):
            if reason == "figure" and _is_age(low, m):
                continue
            hit(reason, m)
    weights = {reason: weight for reason, weight, _ in DISPUTED + REASONS}
    order = [reason for reason, _, _ in DISPUTED + REASONS]
    out = []
    for u in sorted(hits):
        s, e = units[u]
        if e - s < 40 or _HEADING.match(text, s):
            continue
        found = hits[u]
        if "figure" in found and (any(r in found for r in ("casualty figure", "money", "percentage"))
                                  or all(_DATEISH.fullmatch(x.strip()) for x in found["figure"])):
            del found["figure"]  # a year alone is no figure to check
        why = tuple(r for r in order if r in found)
        if not why:
            continue
        disputed = any(r in found for r, _, _ in DISPUTED)
        score = sum(weights[r] for r in why)
        out.append((s, e, "disputed" if disputed else "claim", round(min(0.95, 0.3 + score), 3), why))
    return out


def reasons(text: str, start: int, end: int) -> tuple[str, ...]:
    """The reasons to check text[start:end] alone (a part of a sentence), in the order of `claims`."""
    part = _MONTH_DAY.sub(lambda m: "x" * len(m.group()), text[start:end]).lower()
    found = set()
    for reason, _weight, pattern in DISPUTED + REASONS:
        if pattern is None:
            if "death toll" in part or any(_NUMBER_BEFORE.search(part, max(0, m.start() - 60), m.start())
                                           for m in _CASUALTY_WORD.finditer(part)):
                found.add(reason)
        elif reason == "figure":
            if found & {"casualty figure", "money", "percentage"}:
                continue  # a figure beside these is dropped below: no need to look
            if any(not _is_age(part, m) and not _DATEISH.fullmatch(m.group().strip()) for m in pattern.finditer(part)):
                found.add(reason)
        elif pattern.search(part):  # the first match is enough
            found.add(reason)
    if "figure" in found and found & {"casualty figure", "money", "percentage"}:
        found.discard("figure")
    return tuple(r for r, _, _ in DISPUTED + REASONS if r in found)


def _is_age(low: str, m) -> bool:
    """"Joan Feeney, 61, who …": an age set off by commas is no figure to check."""
    return (low[max(0, m.start() - 2):m.start()] == ", " and low[m.end():m.end() + 1] == ","
            and m.group().isdigit() and len(m.group()) <= 3)
