"""The reader's status line: what is going on (left) and what the keys do (right).

The left part (selection length or caret, mode, the mark under the caret, the last
message) has priority: it is cut, with an ellipsis, only when it alone is wider than the
line. The key hints fill what is left, right-aligned, and are dropped whole from the end
of the list, never cut in half. An optional idle tip sits between them only when it fits
whole next to every hint.
"""

from __future__ import annotations

from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from .laid_out import SizedByLayout

GAP = 2  # cells between the left part and the first hint, and between hints


def layout_status(left: Content, hints: list[Content], width: int, tip: Content | None = None) -> Content:
    """One line of exactly `width` cells (or fewer if `width` is tiny)."""
    if width <= 0:
        return Content("")
    if left.cell_length >= width:
        return left.truncate(width, ellipsis=True)
    room = width - left.cell_length
    shown: list[Content] = []
    used = 0
    for hint in hints:
        need = hint.cell_length + GAP  # the gap before it
        if used + need > room:
            break
        shown.append(hint)
        used += need
    right = Content("  ").join(shown) if shown else Content("")
    middle = Content("")
    if tip is not None and len(shown) == len(hints) and tip.cell_length + 2 * GAP + used <= room:
        middle = Content(" " * GAP) + tip
    pad = width - left.cell_length - middle.cell_length - right.cell_length
    return Content.assemble(left, middle, " " * max(0, pad), right)


class StatusLine(SizedByLayout, Widget):
    """Renders `layout_status` at its own width, so a resize lays it out again."""

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.left = Content("")
        self.tip: Content | None = None
        self.hints: list[Content] = []

    def show(self, left: Content, hints: list[Content] | None = None, tip: Content | None = None) -> None:
        self.left, self.tip = left, tip
        if hints is not None:
            self.hints = hints
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """The line's segments straight from its Content.

        Returning the Content from `render` sent it through Textual's general visual path
        (wrapping, alignment, a render cache rebuilt on every refresh): ~0.6 ms for this one
        line, redrawn on every caret move (bench/keypress.py). The layout already fits the
        width, so nothing is wrapped or aligned here."""
        width = self.size.width
        style = self.rich_style
        if y or width <= 0:
            return Strip.blank(width, style)
        line = layout_status(self.left, self.hints, width, self.tip)
        return Strip(line.render_segments(self.visual_style)).crop_extend(0, width, style)

    @property
    def text(self) -> str:
        """The line as shown, plain (for tests and screen readers)."""
        return layout_status(self.left, self.hints, self.content_size.width, self.tip).plain
