"""Where annotators' marks on one article meet, for the review screen (no I/O here).

An item is a stretch of text where marks of different annotators overlap (marks joined
by overlap, whatever their label). It is agreed when every annotator who marked the
article has exactly one mark in it, all with the same label and span; otherwise it is a
disagreement (different spans or labels, or someone did not mark it). An item is
settled once each of its marks is accepted or rejected. The curated set is the accepted
marks: a version accepted as it is, or a curator's own mark (a merge or an edit), which
names the marks it came from and is not itself an item's version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsmark.model import Annotation


@dataclass
class Item:
    start: int
    end: int
    marks: list[Annotation]
    annotators: tuple[str, ...]  # everyone who marked the article, in name order

    @property
    def agreed(self) -> bool:
        if len(self.annotators) < 2:
            return False
        by = self.versions()
        return all(len(by[name]) == 1 for name in self.annotators) and len(
            {(m.label, m.start, m.end) for m in self.marks}) == 1

    @property
    def settled(self) -> bool:
        return all(m.status in ("accepted", "rejected") for m in self.marks)

    def versions(self) -> dict[str, list[Annotation]]:
        """Each annotator's marks in the item (an empty list: they did not mark it)."""
        out: dict[str, list[Annotation]] = {name: [] for name in self.annotators}
        for m in self.marks:
            out.setdefault(m.annotator, []).append(m)
        return out

    def ids(self) -> list[str]:
        return [m.id for m in self.marks]


def compared(marks: Iterable[Annotation]) -> list[Annotation]:
    """The annotators' own live marks: deleted ones and a curator's outcome left out."""
    return [m for m in marks if not m.deleted and not m.curated_from]


def items(marks: Iterable[Annotation]) -> list[Item]:
    """The article's items in text order, from all its live marks."""
    own = sorted(compared(marks), key=lambda m: (m.start, m.end, m.annotator, m.id))
    annotators = tuple(sorted({m.annotator for m in own}))
    out: list[Item] = []
    for m in own:
        if out and m.start < out[-1].end:
            out[-1].marks.append(m)
            out[-1].end = max(out[-1].end, m.end)
        else:
            out.append(Item(m.start, m.end, [m], annotators))
    return out


def merged_span(marks: Iterable[Annotation]) -> tuple[int, int]:
    spans = [(m.start, m.end) for m in marks]
    return min(s for s, _ in spans), max(e for _, e in spans)
