"""Entities of a stored article, computed once per recogniser version and cached in the store."""

from __future__ import annotations

from newsmark.model import Article, Entity


def recognizer_key(rec) -> str:
    return f"{rec.name}@{rec.version}"


def entities_for(store, article: Article, rec) -> list[Entity]:
    key = recognizer_key(rec)
    cached = store.cached_entities(article, key)
    if cached is not None:
        return cached
    found = rec.recognize(article.text)
    store.cache_entities(article, key, found)
    return found
