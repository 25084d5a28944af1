"""Widgets that need no second layout after the one that sized them.

Textual sets a widget's `virtual_size` from each layout pass through a reactive declared
with `layout=True`, so the first layout of a screen (virtual size (0, 0) -> its real size)
requests another full layout and frame of the whole screen (~15-25 ms on the reader,
bench/tui.py), and so does every resize. For a widget that does not scroll, or whose
content size only the layout decides (a one-line bar, a row container), the layout that
set the size is already the layout of that size: the second one changes nothing.
"""

from __future__ import annotations

from textual.containers import Horizontal
from textual.geometry import Size


class SizedByLayout:
    """Mixin (before the Widget class): the virtual size from a layout requests no layout."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)  # type: ignore[misc]


class Row(SizedByLayout, Horizontal):
    """A Horizontal container (same CSS) whose size from the layout requests no second layout."""
