"""Suggestions against a store: what is still open, and accepting or rejecting one.

The extraction itself (newsmark.suggest) knows nothing of the store; this module is the
only place the two meet, so the reader and `newsmark suggest` share one behaviour.
"""

from __future__ import annotations

from dataclasses import replace

from newsmark.model import Annotation, Article, Entity

from . import AttributionSuggestion, ClaimSuggestion, Suggestions, suggest

CLAIM_LABELS = ("claim", "disputed")


def _entities(store, article: Article, entities: list[Entity] | None) -> list[Entity]:
    if entities is not None:
        return entities
    from newsmark.entities import get_recognizer
    from newsmark.entity_cache import entities_for

    return entities_for(store, article, get_recognizer("builtin"))


def open_suggestions(store, article: Article, entities: list[Entity] | None = None) -> Suggestions:
    """This article's suggestions minus the rejected ones and those an existing live mark of the
    same kind already covers (an attribution mark overlapping most of the content; a claim or
    disputed mark overlapping most of the sentence)."""
    found = suggest(article.text, _entities(store, article, entities))
    return filter_open(store, article, found)


def filter_open(store, article: Article, found: Suggestions) -> Suggestions:
    rejected = {(r["kind"], r["quote"]) for r in store.rejected_suggestions(article.id)}
    marks = list(store.annotations(article_id=article.id))
    attr_marks = [(m.start, m.end) for m in marks if m.label == "attribution"]
    claim_marks = [(m.start, m.end) for m in marks if m.label in CLAIM_LABELS]
    text = article.text
    attributions = tuple(
        a for a in found.attributions
        if ("attribution", text[a.content[0]:a.content[1]]) not in rejected and not _covered(a.content, attr_marks)
    )
    claims = tuple(
        c for c in found.claims
        if ("claim", text[c.start:c.end]) not in rejected and not _covered((c.start, c.end), claim_marks)
    )
    return replace(found, attributions=attributions, claims=claims)


def _covered(span: tuple[int, int], marks: list[tuple[int, int]]) -> bool:
    """A mark covers a suggestion when they overlap by at least half of the shorter of the two."""
    s, e = span
    for ms, me in marks:
        overlap = min(e, me) - max(s, ms)
        if overlap > 0 and overlap * 2 >= min(e - s, me - ms):
            return True
    return False


def accept_attribution(store, article: Article, s: AttributionSuggestion, annotator: str,
                       speaker: str | None = None) -> Annotation:
    """Store the suggestion as an attribution mark: its content is the span, the resolved speaker
    (or the `speaker` the user picked instead) is attributed_to, with source and cue spans."""
    return store.add_annotation(article.id, "attribution", *s.content, attributed_to=speaker or s.source_text,
                                annotator=annotator, source=s.source, cue=s.cue, origin="suggested")


def accept_claim(store, article: Article, c: ClaimSuggestion, annotator: str, label: str | None = None) -> Annotation:
    """Store the suggestion as a claim mark (a "disputed" suggestion as disputed, unless `label` says)."""
    return store.add_annotation(article.id, label or c.label, c.start, c.end, annotator=annotator, origin="suggested")


def reject(store, article: Article, s: AttributionSuggestion | ClaimSuggestion, annotator: str) -> None:
    """Remember the suggestion as rejected, so it is not offered again for that text."""
    if isinstance(s, AttributionSuggestion):
        store.reject_suggestion(article.id, "attribution", *s.content, annotator=annotator)
    else:
        store.reject_suggestion(article.id, "claim", s.start, s.end, annotator=annotator)


def accept_rows(article: Article, found: Suggestions, min_score: float, annotator: str) -> list[dict]:
    """`Store.add_annotations` rows for every suggestion at or above min_score."""
    rows = []
    for a in found.attributions:
        if a.score >= min_score:
            rows.append({"article_id": article.id, "label": "attribution", "start": a.content[0],
                         "end": a.content[1], "attributed_to": a.source_text, "annotator": annotator,
                         "source": a.source, "cue": a.cue, "origin": "suggested"})
    for c in found.claims:
        if c.score >= min_score:
            rows.append({"article_id": article.id, "label": c.label, "start": c.start, "end": c.end,
                         "annotator": annotator, "origin": "suggested"})
    return rows


def accept_all(store, article: Article, min_score: float, annotator: str,
               entities: list[Entity] | None = None) -> list[dict]:
    """Store every open suggestion at or above `min_score` in one transaction; returns the rows
    stored. Running it again stores nothing new: stored ones now cover their suggestions."""
    rows = accept_rows(article, open_suggestions(store, article, entities), min_score, annotator)
    # two suggestions of one kind over the same text (nested quotes) are stored once
    seen, unique = set(), []
    for row in rows:
        key = (row["label"] == "attribution", row["start"], row["end"])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    if unique:
        store.add_annotations(unique)
    return unique


__all__ = ["open_suggestions", "filter_open", "accept_attribution", "accept_claim", "reject", "accept_all",
           "accept_rows"]
