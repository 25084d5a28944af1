"""DATE and QUANTITY by regular expression: claims hinge on numbers, so these are precise."""

from __future__ import annotations

import re

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


_TRIGGERS = frozenset(
    """about around over more less nearly almost some at yesterday today tomorrow tonight last next
    this earlier later early late mid us usd eur gbp rs two three four five six seven eight nine ten
    eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty
    fifty sixty seventy eighty ninety hundreds thousands millions billions dozens monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)


def find(text: str, starts: list[int], words: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) for dates and quantities, left to right, non-overlapping.

    The expression is tried only where a token could begin one (a digit, a currency sign, a
    month, a number word …): running it at every character would cost more than the rest.
    """
    out = []
    done = 0
    match = _RX.match
    for s, w in zip(starts, words):
        if s < done:
            continue
        c = w[0]
        if not (c.isdigit() or c in "$€£¥₹₽" or w.lower() in _TRIGGERS):
            continue
        m = match(text, s)
        if m is None or m.end() <= s:
            continue
        label = m.lastgroup
        if label == "QUANTITY" and not any(ch.isdigit() for ch in m.group()):
            # spelled-out numbers only count when they say how many or how much
            if not _WORDNUM_RX.fullmatch(m.group().strip()) and " " not in m.group().strip():
                continue
        out.append((s, m.end(), label))
        done = m.end()
    return out
