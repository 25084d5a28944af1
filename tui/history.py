"""Undo and redo of the reader's changes, each step done through the store (so committed).

A tag is undone by soft-deleting the new annotation and redone by restoring it; a delete
the other way round; an update (note, label, who said it) by writing the old values back;
a rejected suggestion by forgetting the rejection (offered again) and redone by rejecting
it again. Nothing a person wrote is ever removed, so undo cannot lose data. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["add", "delete", "update", "reject"]


@dataclass(frozen=True)
class Change:
    kind: Kind
    annotation_id: str
    before: dict = field(default_factory=dict)  # "update": the old values of what changed; "reject": the suggestion
    after: dict = field(default_factory=dict)
    description: str = ""

    def undo(self, store) -> None:
        if self.kind == "reject":
            store.unreject_suggestion(**{k: self.before[k] for k in ("article_id", "kind", "start", "end")})
        elif self.kind == "add":
            store.delete_annotation(self.annotation_id)
        elif self.kind == "delete":
            store.restore_annotation(self.annotation_id)
        else:
            store.update_annotation(self.annotation_id, **self.before)

    def redo(self, store) -> None:
        if self.kind == "reject":
            store.reject_suggestion(**self.before)
        elif self.kind == "add":
            store.restore_annotation(self.annotation_id)
        elif self.kind == "delete":
            store.delete_annotation(self.annotation_id)
        else:
            store.update_annotation(self.annotation_id, **self.after)


class History:
    """Two stacks; a new change clears the redo stack."""

    def __init__(self, limit: int = 500):
        self.limit = limit
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    def record(self, change: Change) -> None:
        self._undo.append(change)
        del self._undo[: -self.limit]
        self._redo.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self, store) -> Change | None:
        if not self._undo:
            return None
        change = self._undo[-1]
        change.undo(store)  # if the store raises, the stacks stay as they were
        self._undo.pop()
        self._redo.append(change)
        return change

    def redo(self, store) -> Change | None:
        if not self._redo:
            return None
        change = self._redo[-1]
        change.redo(store)
        self._redo.pop()
        self._undo.append(change)
        return change
