"""DATE and QUANTITY by regular expression: claims hinge on numbers, so these are precise."""

from __future__ import annotations

import re
from itertools import compress

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MONTH_NOT_MAY = _MONTH.replace("|May|", "|")
_DAYNAME = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_NUM = r"\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn|m|k)"
_WORDNUM = (
    r"(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|a hundred|a thousand|a million|a billion|hundreds|thousands|millions|billions|dozens)"
)
_UNIT = (
    r"(?:per ?cent|percent|percentage points?|%|km2|km|kilomet(?:re|er)s?|metres|meters|miles?|mph|kph"
    r"|kg|kilograms?|tonnes|tons|pounds|lbs?|dollars|euros|yen|yuan|rupees|roubles|rubles|dinars"
    r"|degrees|°C|°F|hectares|acres|barrels|litres|liters|gallons|years?|months|weeks|days|hours"
    r"|minutes|seconds|people|persons|votes|voters|seats|troops|soldiers|refugees|migrants|civilians"
    r"|residents|households|jobs|deaths|cases|members|children|workers|students|homes|flights)"
)
_CURRENCY = r"(?:[$€£¥₹₽]|US\$|USD|EUR|GBP|Rs\.?)"

_DATE = (
    rf"(?:{_DAYNAME},?\s+)?{_MONTH}\s+{_DAYNUM}(?:\s*,\s*|\s+){_YEAR}"  # May 18, 2015
    rf"|(?:{_DAYNAME},?\s+)?{_DAYNUM}\s+{_MONTH}(?:,?\s+{_YEAR})?"  # 18 May 2015
    rf"|(?:{_DAYNAME},?\s+)?{_MONTH}\s+(?:[0-3]?\d(?:st|nd|rd|th)?)\b"  # May 18
    rf"|{_MONTH}\s*,?\s+{_YEAR}"  # May 2015
    rf"|\d{{4}}-\d\d-\d\d|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
    rf"|\b(?:early\s+|late\s+|mid-)?{_YEAR}s?\b(?![.,]\d)(?!\s*(?:{_UNIT}|{_SCALE})\b)"
    rf"|\b{_DAYNAME}\b|\b{_MONTH_NOT_MAY}\b(?<!\.)"
    r"|\b(?:yesterday|today|tomorrow|tonight)\b"
    r"|\b(?:last|next|this|earlier this|later this)\s+(?:week|month|year|weekend|spring|summer|autumn|fall|winter)\b"
)
_QUANT = (
    rf"(?:about\s+|around\s+|over\s+|more than\s+|less than\s+|nearly\s+|almost\s+|some\s+|at least\s+)?"
    rf"(?:{_CURRENCY}\s?(?:{_NUM})(?:\s?{_SCALE}\b)?"
    rf"|(?:{_NUM}|{_WORDNUM})(?:\s?{_SCALE}\b)?(?:\s?-?\s?{_UNIT}(?![\w]))?"
    rf"|{_WORDNUM}(?:\s+{_SCALE})?(?:\s+{_UNIT})?)"
)

_RX = re.compile(rf"(?P<DATE>{_DATE})|(?P<QUANTITY>(?<![\w.]){_QUANT})(?![\w])")
_WORDNUM_RX = re.compile(rf"\b{_WORDNUM}\b", re.I)


# Where a date or quantity can begin: a digit or currency sign, a day or month name, a
# spelled-out number, a relative date word. Looking these up among the tokens first (a set
# test per token) is what keeps 1 MB fast; a regex alternation of words is much slower.
_ALWAYS = """yesterday today tomorrow tonight two three four five six seven eight nine ten eleven
twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
sixty seventy eighty ninety hundreds thousands millions billions dozens""".split()
_NAMES = """monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december jan feb mar apr jun jul aug sep sept
oct nov dec""".split()  # capitalised only: "may" and "march" are verbs
_TRIGGERS = frozenset(
    [w for t in _ALWAYS for w in (t, t.capitalize(), t.upper())]
    + [w for t in _NAMES for w in (t.capitalize(), t.upper())]
    + list("0123456789$€£¥₹₽")
)
# words that start a date or quantity only with the right next word
_RELATIVE = frozenset("week month year weekend spring summer autumn fall winter this".split())
_IF_NEXT = {
    **{w: _RELATIVE for t in "this last next earlier later".split() for w in (t, t.capitalize())},
    **{w: "digit" for t in "early late mid".split() for w in (t, t.capitalize())},
    **{w: "money" for w in "US USD EUR GBP Rs".split()},
}
_MODIFIER_RX = re.compile(
    r"(?:about|around|over|more than|less than|fewer than|nearly|almost|some|at least|up to)\s+\Z", re.I
)


def find(text: str, starts: list[int], words: list[str], distinct: set[str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) for dates and quantities, left to right, non-overlapping.

    `starts` and `words` are the text's tokens (`distinct`: the set of them, if known); the
    full expression is tried only at those that can begin a date or quantity (see _TRIGGERS).
    """
    out = []
    done = 0
    match = _RX.match
    trig, cond = _TRIGGERS, _IF_NEXT
    n = len(words)
    # decided once per distinct word (news repeats words), then picked out at C speed
    hit = {w for w in (set(words) if distinct is None else distinct) if w in trig or w[0] in trig or w in cond}
    for i in compress(range(n), map(hit.__contains__, words)):
        s = starts[i]
        if s < done:
            continue
        need = cond.get(words[i])
        if need is not None and words[i] not in trig:
            nxt = words[i + 1] if i + 1 < n else ""
            if need == "digit":
                if not nxt[:1].isdigit():
                    continue
            elif need == "money":
                if not (nxt[:1].isdigit() or nxt in ("$", ".")):
                    continue
            elif nxt.lower() not in need:
                continue
        m = match(text, s)
        if m is None or m.end() <= s:
            continue
        label = m.lastgroup
        g = m.group()
        if label == "QUANTITY" and not any(ch.isdigit() for ch in g):
            # spelled-out numbers only count when they say how many or how much
            if not _WORDNUM_RX.fullmatch(g.strip()) and " " not in g.strip():
                continue
        start = s
        if label == "QUANTITY" and g[0].isdigit():
            mod = _MODIFIER_RX.search(text, max(done, s - 12), s)
            if mod:
                start = mod.start()
        out.append((start, m.end(), label))
        done = m.end()
    return out
