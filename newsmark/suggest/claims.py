"""Sentences worth checking, with the reasons: figures, casualties, money, comparisons,
causes and blame, and reports that someone denied or called fake (candidates for "disputed")."""

from __future__ import annotations

import re

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
_HEADING = re.compile(r"\A\s*#")


def claims(text: str, units: list[tuple[int, int]]) -> list[tuple[int, int, str, float, tuple[str, ...]]]:
    """(start, end, label, score, why) for each sentence worth checking."""
    out = []
    for s, e in units:
        sent = text[s:e]
        if _HEADING.match(sent) or len(sent) < 20:
            continue
        why: list[str] = []
        score = 0.0
        disputed = False
        for reason, weight, pattern in DISPUTED:
            if pattern.search(sent):
                why.append(reason)
                score += weight
                disputed = True
        for reason, weight, pattern in REASONS:
            m = pattern.search(sent)
            if not m:
                continue
            if reason == "figure":
                if any(r in why for r in ("casualty figure", "money", "percentage")):
                    continue
                # a year or a date alone is no figure to check
                if all(_DATEISH.fullmatch(x.group().strip()) for x in pattern.finditer(sent)):
                    continue
            why.append(reason)
            score += weight
        if not why:
            continue
        # trim trailing blanks and keep the sentence's own punctuation out of the span's end
        end = e
        while end > s and text[end - 1] in " \t\n":
            end -= 1
        out.append((s, end, "disputed" if disputed else "claim", round(min(0.95, 0.3 + score), 3), tuple(why)))
    return out
