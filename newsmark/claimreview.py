"""schema.org ClaimReview JSON-LD for rated claims (`export --format claimreview`).

One ClaimReview per claim or disputed mark with a verdict, the shape fact-check
aggregators read (Google's Fact Check Explorer, Duke's fact-check datasets). Every
property name is schema.org's (https://schema.org/ClaimReview, /Claim, /Rating):

- `claimReviewed` (ClaimReview, Text): the mark's quote;
- `itemReviewed` (Review → Thing): a `Claim` (a CreativeWork) with `author` (the
  speaker: the mark's `attributed_to`, else that of an attribution mark overlapping it;
  an `Organization` when the actor registry labels the name ORG, else a `Person`),
  `appearance` (Claim → CreativeWork: the article, with its `url` and `headline`) and
  `datePublished` (CreativeWork: the article's published date, when known);
- `reviewRating` (Review → Rating): `alternateName` (Thing: the verdict's rating),
  `ratingValue`, `bestRating`, `worstRating` (Rating: the rating's place on the desk's
  scale; left out for a rating the scale does not score, such as "unverifiable");
- `author` (CreativeWork): the desk, an `Organization` named by `desk` in config.toml;
- `datePublished` (CreativeWork): the day of the verdict (UTC);
- `url` (Thing): the published fact-check, when the verdict has one (`verdict --url`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import IO

from newsmark.errors import NewsmarkError
from newsmark.model import Annotation, Article
from newsmark.safe_text import json_text

SCHEMA_CONTEXT = "https://schema.org"
RATED_LABELS = ("claim", "disputed")


def claim_review(ann: Annotation, article: Article, *, desk: str, scale, speaker: dict | None = None) -> dict:
    """The ClaimReview of one rated mark; `scale` is a newsmark.config.RatingScale."""
    verdict = ann.verdict or {}
    rating = scale.find(verdict.get("rating", ""))
    if rating is None:
        raise NewsmarkError(f"mark {ann.id[:8]} is rated {verdict.get('rating')!r}, which is not on the desk's scale "
                            f"({', '.join(scale.names)}); rate it again or add the rating to rating_scale in config.toml")
    review_rating: dict = {"@type": "Rating", "alternateName": rating.name}
    if rating.value is not None:
        review_rating.update(ratingValue=rating.value, bestRating=scale.best, worstRating=scale.worst)
    appearance: dict = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    claim: dict = {"@type": "Claim"}
    if speaker:
        claim["author"] = speaker
    claim["appearance"] = appearance
    if article.published:
        claim["datePublished"] = article.published
    review: dict = {"@context": SCHEMA_CONTEXT, "@type": "ClaimReview"}
    if verdict.get("url"):
        review["url"] = verdict["url"]
    review.update({
        "claimReviewed": ann.quote,
        "itemReviewed": claim,
        "reviewRating": review_rating,
        "author": {"@type": "Organization", "name": desk},
        "datePublished": verdict["date"][:10],
    })
    return review


def speaker_of(ann: Annotation, attributions: list[Annotation]) -> str:
    """Who made the claim: its own `attributed_to`, else the one of the attribution mark
    that overlaps it most."""
    if ann.attributed_to:
        return ann.attributed_to
    best, best_overlap = "", 0
    for other in attributions:
        overlap = min(ann.end, other.end) - max(ann.start, other.start)
        if other.attributed_to and overlap > best_overlap:
            best, best_overlap = other.attributed_to, overlap
    return best


def write_claimreview(annotations: Iterable[Annotation], out: IO[str], *, article_of: Callable[[str], Article],
                      attributions_of: Callable[[str], list[Annotation]], kind_of: Callable[[str], str],
                      desk: str, scale) -> int:
    """A JSON array of ClaimReview objects, one per rated claim or disputed mark."""
    if not desk:
        raise NewsmarkError("ClaimReview names the desk as its author; set desk = \"Your desk's name\" in config.toml "
                            "(see `newsmark verdict --help`)")
    n = 0
    out.write("[")
    for ann in annotations:
        if ann.label not in RATED_LABELS or not ann.verdict:
            continue
        name = speaker_of(ann, attributions_of(ann.article_id))
        speaker = {"@type": kind_of(name), "name": name} if name else None
        review = claim_review(ann, article_of(ann.article_id), desk=desk, scale=scale, speaker=speaker)
        out.write(",\n" if n else "\n")
        out.write(json_text(json.dumps(review, ensure_ascii=False, indent=2)))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n
