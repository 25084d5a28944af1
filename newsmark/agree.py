"""Agreement between annotators (`newsmark agree`), computed here without outside code.

Four measures, per label, each answering a different question a desk asks:

- exact-span F1: how often two people marked exactly the same characters;
- overlap F1: how often they marked the same passage at all (spans that overlap count as
  one match, paired one to one, so one long span against two short ones is one match);
- Cohen's κ (Cohen 1960) on per-token labels: each word or punctuation token is "inside a
  span of this label" or not for each annotator; κ corrects their agreement for chance;
- Krippendorff's α for unitized data, α_u (Krippendorff 1995; the form of Content Analysis,
  2nd ed., 2004, § 12.4, as DKPro Statistics and INCEpTION compute it): every annotator
  cuts the same continuum (here: the characters of the articles, laid end to end) into
  units of the label and gaps; disagreement is the squared distance between unit
  boundaries, expected disagreement is what all possible placements of the same units
  would give.

Pairwise measures use the articles both annotators marked (at least one live mark of any
label). α compares all annotators at once, over the articles every one of them marked.
Spans of one label by one annotator that overlap are joined into one unit for α (α_u
assumes a coder's units of one category do not overlap). A value that is undefined
(nothing to compare, or no variation for κ) is None (JSON null).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from newsmark.model import LABELS

TOKEN = re.compile(r"\w+|[^\w\s]")
DIGITS = 4  # numbers in the JSON report are rounded to this many decimals

Span = tuple[int, int]


# -- Cohen's kappa ------------------------------------------------------------


def cohen_kappa(table: Mapping[tuple, int]) -> float | None:
    """κ from a contingency table {(category by A, category by B): count}.

    p_o is the share of items both put in the same category, p_e the share expected by
    chance from each annotator's own category totals; κ = (p_o − p_e) / (1 − p_e).
    None when p_e is 1 (both used one and the same category throughout: nothing to correct)."""
    n = sum(table.values())
    if n == 0:
        return None
    row: Counter = Counter()
    col: Counter = Counter()
    agree = 0
    for (x, y), count in table.items():
        row[x] += count
        col[y] += count
        if x == y:
            agree += count
    p_o = Fraction(agree, n)
    p_e = sum((Fraction(row[c], n) * Fraction(col[c], n) for c in row), Fraction(0))
    if p_e == 1:
        return None
    return float((p_o - p_e) / (1 - p_e))


def token_spans(text: str) -> list[Span]:
    return [m.span() for m in TOKEN.finditer(text)]


def inside(tokens: Sequence[Span], spans: Iterable[Span]) -> list[bool]:
    """For each token, whether it overlaps one of the spans (any character in common)."""
    flags = [False] * len(tokens)
    starts = [t[0] for t in tokens]
    ends = [t[1] for t in tokens]
    for start, end in spans:
        i = bisect_left(ends, start + 1)  # first token ending after `start`
        while i < len(tokens) and starts[i] < end:
            flags[i] = True
            i += 1
    return flags


# -- span F1 ------------------------------------------------------------------


def f1(matched: int, n_a: int, n_b: int) -> float | None:
    """2·matched / (n_a + n_b): precision and recall of either side against the other."""
    if n_a + n_b == 0:
        return None
    return 2 * matched / (n_a + n_b)


def overlap_matches(a: Sequence[Span], b: Sequence[Span]) -> int:
    """The largest number of one-to-one pairs (span of a, span of b) that overlap
    (augmenting paths; a few hundred spans per article at most)."""
    partners = [[j for j, (bs, be) in enumerate(b) if s < be and bs < e] for s, e in a]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in partners[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(1 for i in range(len(a)) if augment(i, set()))


# -- Krippendorff's alpha for unitized data -------------------------------------


@dataclass(frozen=True)
class AlphaU:
    observed: float  # D_o
    expected: float  # D_e
    alpha: float | None


def join_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlapping ones joined (touching spans stay two units)."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def _sections(units: Sequence[Span], begin: int, end: int) -> list[tuple[int, int, bool]]:
    """A coder's partition of the continuum: (start, end, is_unit), gaps between units."""
    out, pos = [], begin
    for s, e in units:
        if s > pos:
            out.append((pos, s, False))
        out.append((s, e, True))
        pos = e
    if pos < end:
        out.append((pos, end, False))
    return out


def _delta(g: tuple[int, int, bool], h: tuple[int, int, bool]) -> int:
    """Krippendorff's squared distance between two intersecting sections."""
    (gs, ge, gu), (hs, he, hu) = g, h
    if gu and hu:
        return (gs - hs) ** 2 + (ge - he) ** 2
    if gu and not hu and hs <= gs and ge <= he:  # a unit lying wholly in the other's gap
        return (ge - gs) ** 2
    if hu and not gu and gs <= hs and he <= ge:
        return (he - hs) ** 2
    return 0


def _observed_sum(a: list, b: list) -> int:
    """Σ δ² over every section of a and every section of b that share a character
    (both are partitions of one continuum, so one merge-like pass finds them all)."""
    total, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        total += _delta(a[i], b[j])
        a_end, b_end = a[i][1], b[j][1]
        if a_end <= b_end:
            i += 1
        if b_end <= a_end:
            j += 1
    return total


def alpha_unitized(coders: Sequence[Iterable[Span]], begin: int, length: int) -> AlphaU:
    """α_u of one category: `coders` holds each coder's units (start, end) on the continuum
    [begin, begin + length); overlapping units of one coder are joined first."""
    m, L = len(coders), length
    if m < 2 or L <= 0:
        raise ValueError("α_u needs at least two coders and a continuum")
    units = [join_overlaps(c) for c in coders]
    for c in units:
        if c and (c[0][0] < begin or c[-1][1] > begin + L):
            raise ValueError("a unit lies outside the continuum")
    sections = [_sections(c, begin, begin + L) for c in units]
    observed = Fraction(2 * sum(_observed_sum(sections[i], sections[j]) for i, j in combinations(range(m), 2)),
                        m * (m - 1) * L * L)
    lengths = [e - s for c in units for s, e in c]
    n_c = len(lengths)
    gaps = sorted(e - s for sec in sections for s, e, unit in sec if not unit)
    # Σ over gaps g ≥ l of (g − l + 1), from suffix sums of the sorted gap lengths.
    suffix = [0] * (len(gaps) + 1)
    for k in range(len(gaps) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + gaps[k]
    numerator = Fraction(0)
    for l in lengths:
        k = bisect_left(gaps, l)
        fitting = len(gaps) - k
        numerator += Fraction((n_c - 1) * (2 * l**3 - 3 * l**2 + l), 3)
        numerator += l * l * (suffix[k] - fitting * (l - 1))
    denominator = m * L * (m * L - 1) - sum(l * (l - 1) for l in lengths)
    expected = Fraction(2, L) * numerator / denominator if n_c else Fraction(0)
    alpha = None if expected == 0 else float(1 - observed / expected)
    return AlphaU(float(observed), float(expected), alpha)


def alpha_unitized_overall(by_category: Mapping[str, Sequence[Iterable[Span]]], begin: int, length: int) -> float | None:
    """α_u over several categories: 1 − mean D_o / mean D_e (Krippendorff 2004, DKPro)."""
    results = [alpha_unitized(coders, begin, length) for coders in by_category.values()]
    expected = sum(r.expected for r in results)
    if not results or expected == 0:
        return None
    return 1 - sum(r.observed for r in results) / expected


# -- the report ------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    article_id: str
    label: str
    start: int
    end: int
    annotator: str


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


def agreement(marks: Iterable[Mark], texts: Mapping[str, str], labels: Sequence[str] = LABELS) -> dict:
    """The `agree --json` report from the live marks and the texts of their articles.

    {"pairs": [{"a", "b", "label", "articles", "n_a", "n_b", "exact_f1", "overlap_f1",
    "kappa"}], "alpha": {label: α_u or None}} — pairs in name order, then label order;
    only pairs that share at least one article."""
    spans: dict[tuple[str, str, str], set[Span]] = {}  # (annotator, article, label) -> spans
    worked: dict[str, set[str]] = {}  # annotator -> articles with any mark
    for mk in marks:
        worked.setdefault(mk.annotator, set()).add(mk.article_id)
        spans.setdefault((mk.annotator, mk.article_id, mk.label), set()).add((mk.start, mk.end))
    annotators = sorted(worked)
    tokens = {aid: token_spans(text) for aid, text in texts.items()}

    def of(who: str, aid: str, label: str) -> list[Span]:
        return sorted(spans.get((who, aid, label), ()))

    pairs = []
    for a, b in combinations(annotators, 2):
        shared = sorted(worked[a] & worked[b])
        if not shared:
            continue
        for label in labels:
            n_a = n_b = exact = overlap = 0
            table: Counter = Counter()
            for aid in shared:
                sa, sb = of(a, aid, label), of(b, aid, label)
                n_a += len(sa)
                n_b += len(sb)
                exact += len(set(sa) & set(sb))
                overlap += overlap_matches(sa, sb)
                table.update(zip(inside(tokens[aid], sa), inside(tokens[aid], sb)))
            pairs.append({
                "a": a, "b": b, "label": label, "articles": len(shared), "n_a": n_a, "n_b": n_b,
                "exact_f1": _round(f1(exact, n_a, n_b)), "overlap_f1": _round(f1(overlap, n_a, n_b)),
                "kappa": _round(cohen_kappa(table)),
            })
    alpha: dict[str, float | None] = {}
    common = sorted(set.intersection(*(worked[w] for w in annotators))) if len(annotators) >= 2 else []
    length = sum(len(texts[aid]) for aid in common)
    for label in labels:
        if not common or length == 0:
            alpha[label] = None
            continue
        coders: list[list[Span]] = [[] for _ in annotators]
        offset = 0
        for aid in common:  # the articles laid end to end make one continuum
            for k, who in enumerate(annotators):
                coders[k].extend((offset + s, offset + e) for s, e in of(who, aid, label))
            offset += len(texts[aid])
        alpha[label] = _round(alpha_unitized(coders, 0, length).alpha)
    return {"pairs": pairs, "alpha": alpha}
