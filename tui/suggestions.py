"""What the reader does with suggestions: order them, find the focused one, describe it.

newsmark.suggest finds who said what (attributions: source, cue, content, speaker) and
sentences worth checking (claims). The reader shows the ones still open — not rejected,
not already marked — as `Shown` items in text order; the view draws their content spans,
the status line describes the focused one, and one key accepts or rejects it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from textual.content import Content

from newsmark.quotes import excerpt

# The extraction engine; the reader works without it (no suggestions shown). It is imported
# when first used, in the worker that finds suggestions after the first frame: importing
# it (its word lists and patterns) cost ~50 ms of every `newsmark open` before the text.
AVAILABLE = importlib.util.find_spec("newsmark.suggest") is not None


def cache_key(entities_key: str) -> str:
    """The key an article's suggestions are cached under: the engine's source hash and the
    key of the entities they were found with (the article's text is checked by the store)."""
    from newsmark.suggest import engine_version

    return f"suggest@{engine_version()}/{entities_key}"


def cached(store, article, entities_key: str):
    """The suggestions found for this text of the article before, or None. A row that does
    not fit the text (offsets outside it, another shape: a damaged or hand-edited file) is
    a miss, found again."""
    payload = store.cached(article, cache_key(entities_key))
    if payload is None:
        return None
    from newsmark.suggest import Suggestions

    try:
        found = Suggestions.from_json(json.loads(payload))
    except (ValueError, KeyError, TypeError, IndexError, OverflowError, RecursionError):
        return None
    n = len(article.text)

    def fits(span) -> bool:
        return span is None or (type(span[0]) is int and type(span[1]) is int and 0 <= span[0] <= span[1] <= n)

    for a in found.attributions:
        if not (fits(a.source) and fits(a.cue) and a.content is not None and fits(a.content)
                and isinstance(a.source_text, str) and isinstance(a.score, (int, float))):
            return None
    for c in found.claims:
        if not (fits((c.start, c.end)) and c.label in ("claim", "disputed") and isinstance(c.score, (int, float))
                and all(isinstance(w, str) for w in c.why)):
            return None
    return found


def remember(store, article, entities_key: str, found) -> None:
    """Keep them for the next open; rows an older engine or recogniser left are dropped."""
    store.cache(article, cache_key(entities_key), json.dumps(found.to_json(), ensure_ascii=False),
                replaces="suggest@")


def engine_loaded() -> bool:
    """Whether finding suggestions now costs only the finding (the rules are imported)."""
    return "newsmark.suggest.claims" in sys.modules


def suggest(text: str, entities=None):
    from newsmark.suggest import suggest as find

    return find(text, entities)


def accept_attribution(*args, **kwargs):
    from newsmark.suggest.open import accept_attribution as accept

    return accept(*args, **kwargs)


def accept_claim(*args, **kwargs):
    from newsmark.suggest.open import accept_claim as accept

    return accept(*args, **kwargs)


def filter_open(*args, **kwargs):
    from newsmark.suggest.open import filter_open as still

    return still(*args, **kwargs)


@dataclass(frozen=True)
class Shown:
    """One open suggestion as the reader shows it; `item` is the engine's own object."""

    kind: str  # "attribution" or "claim" (a claim suggestion's label may be "disputed")
    start: int  # the content span: what accepting marks
    end: int
    item: Any

    @property
    def label(self) -> str:
        return "attribution" if self.kind == "attribution" else self.item.label

    @property
    def speaker(self) -> str:
        return self.item.source_text if self.kind == "attribution" else ""

    @property
    def parts(self) -> list[tuple[int, int, str]]:
        """The (start, end, "source" | "cue") spans of an attribution, drawn when it is focused."""
        if self.kind != "attribution":
            return []
        return [(p[0], p[1], kind) for p, kind in ((self.item.source, "source"), (self.item.cue, "cue")) if p]

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.kind, self.start, self.end)


def order(s: Shown) -> tuple[int, bool, int]:
    """Text order; on the same start an attribution before a claim."""
    return (s.start, s.kind != "attribution", s.end)


def shown_from(suggestions) -> list[Shown]:
    """The engine's Suggestions as one list in text order."""
    items = [Shown("attribution", a.content[0], a.content[1], a) for a in suggestions.attributions]
    items += [Shown("claim", c.start, c.end, c) for c in suggestions.claims]
    return sorted(items, key=order)


def after(items: list[Shown], done: Shown) -> Shown | None:
    """The first of `items` that comes after `done` (which may no longer be among them)."""
    key = order(done)
    return next((s for s in items if order(s) > key), None)


def still_open(store, article, found) -> list[Shown]:
    """The suggestions `found` in the article minus the rejected ones and those a live mark
    already covers, as the database says now (so after undo an accepted one is back)."""
    return shown_from(filter_open(store, article, found))


def focused(items: list[Shown], selection: tuple[int, int] | None, chosen: Shown | None = None) -> Shown | None:
    """The suggestion whose content is selected (f/F select it): drawn as focused, described
    on the status line. Where an attribution and a claim cover the same words (the claim is
    what was said), `chosen`, the one f/F or an accept went to, is the focused one."""
    if selection is None:
        return None
    same = [s for s in items if (s.start, s.end) == selection]
    if chosen is not None and chosen in same:
        return chosen
    return same[0] if same else None


def under(items: list[Shown], caret: int) -> Shown | None:
    """The smallest suggestion under the caret (what the accept keys take without a focus)."""
    under = [s for s in items if s.start <= caret < s.end]
    return min(under, key=lambda s: (s.end - s.start, s.kind != "attribution"), default=None)


def step(items: list[Shown], current: Shown | None, pos: int, direction: int) -> Shown | None:
    """The next (direction 1) or previous (-1) suggestion from `current`, or from offset `pos`."""
    if not items:
        return None
    if current is not None and current in items:
        i = items.index(current) + direction
        return items[i] if 0 <= i < len(items) else None
    starts = [s.start for s in items]
    if direction > 0:
        i = bisect_right(starts, pos)
        return items[i] if i < len(items) else None
    i = bisect_right(starts, pos - 1) - 1
    return items[i] if i >= 0 else None


def describe(s: Shown, text: str, keys: dict[str, str]) -> Content:
    """The status line's words for the focused suggestion: who, the cue (in quotes), why; the
    keys (first key of each), short enough for 80 columns with most names."""
    parts: list = [("suggested ", "dim"), (s.label, "bold")]
    if s.kind == "attribution":
        parts += [" ", ("by ", "dim"), excerpt(s.speaker, 24) if s.speaker else ("speaker unknown", "italic")]
        if s.item.cue:
            cs, ce = s.item.cue
            parts += [" ", (f"“{excerpt(text[cs:ce], 16)}”", "italic")]
        elif s.item.source is None and s.speaker:
            parts += [" ", ("(quotation goes on)", "italic")]  # a follow-on quotation: no cue of its own
    elif s.item.why:
        parts += [" ", ("why ", "dim"), excerpt(", ".join(s.item.why), 32)]
    parts += ["  ", (keys["accept"], "bold"), (" accept ", "dim"), (keys["reject"], "bold"), (" reject", "dim")]
    if s.kind == "attribution":
        parts += [" ", (keys["speaker"], "bold"), (" speaker", "dim")]
    return Content.assemble(*parts)
