"""Finding a quoted phrase in an article, for tagging from scripts."""

from __future__ import annotations

import re

from newsmark.errors import NewsmarkError, clip
from newsmark.safe_text import clean, excerpt


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence, overlapping ones included."""
    found, pos = [], text.find(quote)
    while pos != -1:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def locate(text: str, quote: str, nth: int | None, article_id: str) -> tuple[int, int]:
    """The span of the quote; `nth` (1-based) picks among repeats."""
    quote = clean(quote)  # the incoming gate, as newsmark.ingest.normalise applies it to articles
    if not quote.strip():
        raise NewsmarkError("the --quote text is empty; give a phrase from the article")
    starts = occurrences(text, quote)
    if not starts:
        hint = _closest(text, quote)
        raise NewsmarkError(
            f"quote {excerpt(quote)!r} is not in article {article_id}" + (f"; closest text: {excerpt(hint)!r}" if hint else "")
            + " — copy it exactly, or use --span START:END"
        )
    if nth is None:
        if len(starts) > 1:
            where = ", ".join(str(s) for s in starts[:6]) + (" …" if len(starts) > 6 else "")
            raise NewsmarkError(
                f"quote {excerpt(quote)!r} occurs {len(starts)} times in article {article_id} (at {where}); "
                f"pick one with --nth 1..{len(starts)}"
            )
        nth = 1
    if not 1 <= nth <= len(starts):
        raise NewsmarkError(f"--nth {nth} is out of range: quote occurs {len(starts)} time(s); use 1..{len(starts)}")
    start = starts[nth - 1]
    return start, start + len(quote)


_SPAN = re.compile(r"\s*(\d+)\s*:\s*(\d+)\s*", re.ASCII)


def parse_span(value: str) -> tuple[int, int]:
    """START:END in ASCII digits only: int() would also take "١:٥" or "1_0"."""
    match = _SPAN.fullmatch(value)
    if not match:
        raise NewsmarkError(f"--span {clip(value)!r} is not START:END with whole numbers (digits 0-9), e.g. --span 120:188")
    return int(match.group(1)), int(match.group(2))


# The closest-text hint: the quote's first HINT_CHARS characters, placed by its rarest words
# (str.find passes over the article, linear), then compared at MAX_PLACES places at most,
# so any quote against a 1 MB article costs milliseconds, not minutes (bench/quote_hint.py).
HINT_CHARS = 240
MAX_WORDS = 12
MAX_PLACES = 48
_WORD = re.compile(r"\w{3,}")


def _closest(text: str, quote: str) -> str | None:
    from rapidfuzz import fuzz

    probe = quote[:HINT_CHARS]
    words = sorted(set(_WORD.findall(probe)), key=len, reverse=True)[:MAX_WORDS]
    counted = sorted((text.count(w), w) for w in words)
    places: list[int] = []
    for count, word in counted:
        if not count:
            continue
        offset = probe.find(word)
        pos = text.find(word)
        while pos != -1 and len(places) < MAX_PLACES:
            places.append(max(0, pos - offset))
            pos = text.find(word, pos + 1)
        if len(places) >= MAX_PLACES:
            break
    best, best_score = None, 0.0
    for place in dict.fromkeys(places):
        window = text[max(0, place - len(probe) // 2): place + len(probe) + len(probe) // 2]
        found = fuzz.partial_ratio_alignment(probe, window, score_cutoff=max(70, best_score))
        if found and found.score > best_score:
            base = max(0, place - len(probe) // 2)
            best, best_score = (base + found.dest_start, base + found.dest_end), found.score
    if best is None:
        return None
    return text[best[0]:best[1]]
