"""The outgoing gate for the screen: a line filter every widget's output passes.

Stored text reaches widgets from many places (titles, notes, names, the article itself), and
a database written by another program may hold control characters. Rather than trusting each
widget to clean its strings, the app filters every rendered line: a control character becomes
its visible picture (newsmark.safe_text.shown), and the line keeps its width.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from newsmark.safe_text import has_controls, shown


class ControlPictures(LineFilter):
    """Control characters (C0, C1, DEL, bidi overrides) in segment text → visible pictures."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(seg.control is None and has_controls(seg.text) for seg in segments):
            return segments
        width = sum(cell_len(seg.text) for seg in segments if seg.control is None)
        out = [seg if seg.control is not None or not has_controls(seg.text) else Segment(shown(seg.text), seg.style)
               for seg in segments]
        # The pictures take a cell where the control took none: keep the line its width.
        return Segment.adjust_line_length(out, width)
