"""Sentences worth checking, with the reasons: figures, casualties, money, comparisons,
causes and blame, and reports that someone denied or called fake (candidates for "disputed")."""

from __future__ import annotations

import re
from bisect import bisect_right

_NUM = r"(?:\d[\d,.]*\d|\d)"
_NUMWORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
            r"sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|dozens|a dozen|scores)")
_SCALE = r"(?:\s*(?:million|billion|trillion|bn|m|k)\b)?"

# (reason, weight, pattern); the first few make a sentence "disputed" rather than "claim"
DISPUTED = (
    ("denial", 0.35, re.compile(r"\b(?:denied|denies|deny|denying|rejected|rejects|refuted|refutes|disputed|disputes|"
                                r"contested|contests|dismissed|dismisses)\b", re.I)),
    ("labelled fake", 0.4, re.compile(r"\b(?:fake|false|falsely|fabricated|hoax|untrue|baseless|unfounded|misleading|"
                                      r"disinformation|misinformation|doctored|debunked|no evidence)\b", re.I)),
)
REASONS = (
    ("casualty figure", 0.45, re.compile(
        rf"\b(?:{_NUM}|{_NUMWORD})\b[^.;]{{0,40}}?\b(?:killed|dead|died|deaths|injured|wounded|casualties|"
        r"victims|fatalities|missing|hurt|drowned|displaced|evacuated|rescued)\b|\bdeath toll\b", re.I)),
    ("money", 0.4, re.compile(rf"[$€£¥]\s?{_NUM}{_SCALE}|\b{_NUM}{_SCALE}\s*(?:dollars|euros|pounds|yen|francs|"
                              r"USD|EUR|GBP)\b|\b(?:USD|EUR|GBP)\s?{_NUM}", re.I)),
    ("percentage", 0.35, re.compile(rf"\b{_NUM}\s?(?:%|per ?cent\b|percentage points?\b)", re.I)),
    ("figure", 0.25, re.compile(rf"\b{_NUM}{_SCALE}\b(?!\s*(?:a\.m\.|p\.m\.|am\b|pm\b))|\b(?:million|billion)\b", re.I)),
    ("comparison", 0.2, re.compile(r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater|faster|slower|"
                                   r"cheaper|worse|better)\s+than\b|\b(?:compared (?:with|to)|twice as|"
                                   r"(?:largest|biggest|highest|lowest|worst|best|first|only)\b(?=[^.]{0,40}\b(?:ever|"
                                   r"in|since|of)\b)|record)\b|\b(?:doubled|tripled|halved|rose|fell|increased|"
                                   r"decreased|dropped|surged|jumped|plunged)\b", re.I)),
    ("cause or blame", 0.3, re.compile(r"\b(?:responsible for|blamed?\b|because of|caused|causes|led to|leads to|"
                                       r"due to|as a result of|resulted in|results in|triggered|behind the)\b", re.I)),
)
_DATEISH = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
_MONTH_DAY = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2}\b(?:\s*,\s*\d{4})?"
                        r"|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
                        r"November|December)\b")
_HEADING = re.compile(r"\A\s*#")


def claims(text: str, units: list[tuple[int, int]]) -> list[tuple[int, int, str, float, tuple[str, ...]]]:
    """(start, end, label, score, why) for each sentence worth checking. Each pattern runs once
    over the whole text (dates masked out first); matches are then assigned to sentences."""
    starts = [s for s, _ in units]
    masked = _MONTH_DAY.sub(lambda m: "x" * len(m.group()), text)  # dates are no figures to check
    hits: dict[int, dict[str, list[str]]] = {}
    for reason, _weight, pattern in DISPUTED + REASONS:
        for m in pattern.finditer(masked):
            u = bisect_right(starts, m.start()) - 1
            if u >= 0 and m.end() <= units[u][1]:
                hits.setdefault(u, {}).setdefault(reason, []).append(m.group())
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
