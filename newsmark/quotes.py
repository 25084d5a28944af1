"""Finding a quoted phrase in an article, for tagging from scripts."""

from __future__ import annotations

from newsmark.errors import NewsmarkError
from newsmark.ingest import normalise
from newsmark.safe_text import excerpt


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence, overlapping ones included."""
    found, pos = [], text.find(quote)
    while pos != -1:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def locate(text: str, quote: str, nth: int | None, article_id: str) -> tuple[int, int]:
    """The span of the quote; `nth` (1-based) picks among repeats."""
    quote = normalise(quote)
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


def parse_span(value: str) -> tuple[int, int]:
    start, sep, end = value.partition(":")
    try:
        if not sep:
            raise ValueError
        return int(start), int(end)
    except ValueError:
        raise NewsmarkError(f"--span {value!r} is not START:END with whole numbers, e.g. --span 120:188") from None


def _closest(text: str, quote: str) -> str | None:
    from rapidfuzz import fuzz

    if len(text) > 2_000_000:
        return None
    found = fuzz.partial_ratio_alignment(quote, text, score_cutoff=70)
    if not found:
        return None
    return text[found.dest_start : found.dest_end]
