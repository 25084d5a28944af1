"""Wrapping an article to a width, and mapping code-point offsets to terminal cells and back.

Offsets are Python str indices (code points) into the article text, as in the store.
A visual line is a range of offsets; its display replaces each tab by spaces up to the
next tab stop and each control character by U+FFFD, one display character per code
point except tabs, so a span on screen is always `text[start:end]`.
Only rich.cells (widths) is used here: no Textual, no widgets, testable on its own.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right

from rich.cells import get_character_cell_size

TAB = 4

# Characters that are one cell wide and never zero-width: a paragraph made only of these
# wraps with str.rfind instead of a Python loop per character (the 1 MB case).
_SIMPLE_RANGES = (
    (0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482),
    (0x2010, 0x2027), (0x2030, 0x205E), (0x20A0, 0x20C0), (0x2500, 0x25FC),
)
_SIMPLE = frozenset(chr(c) for lo, hi in _SIMPLE_RANGES for c in range(lo, hi + 1))
is_simple = _SIMPLE.issuperset


def char_width(ch: str) -> int:
    if ch < " " or "\x7f" <= ch < "\xa0":
        return 1  # shown as U+FFFD (tab is handled by the caller)
    return get_character_cell_size(ch)


def display_char(ch: str) -> str:
    if ch < " " or "\x7f" <= ch < "\xa0" or ch in "\u2028\u2029":
        return "\ufffd"
    return ch


class Layout:
    """The visual lines of `text` at `width` cells: starts[i], ends[i] are offsets.

    A line that ends a paragraph ends at the newline (or len(text)) and also owns that
    position, so the caret can sit after the last character. Lines are at most
    width - 1 cells so an end-of-paragraph caret always fits.
    """

    def __init__(self, text: str, width: int):
        self.text = text
        self.width = max(4, width)
        self.starts = array("q")
        self.ends = array("q")
        self.simple = bytearray()  # 1: every code point is one cell, no tabs
        self._cells: dict[int, list[int]] = {}
        self._wrap()

    def __len__(self) -> int:
        return len(self.starts)

    def _wrap(self) -> None:
        text, limit = self.text, self.width - 1
        starts, ends, simple = self.starts, self.ends, self.simple
        pos, n = 0, len(text)
        while True:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl
            if end == pos:
                starts.append(pos), ends.append(pos), simple.append(1)
            elif is_simple(text[pos:end]):
                p = pos
                while end - p > limit:
                    k = text.rfind(" ", p, p + limit)
                    brk = k + 1 if k > p else p + limit
                    starts.append(p), ends.append(brk), simple.append(1)
                    p = brk
                starts.append(p), ends.append(end), simple.append(1)
            else:
                self._wrap_general(pos, end, limit)
            if nl < 0:
                break
            pos = nl + 1

    def _wrap_general(self, pos: int, end: int, limit: int) -> None:
        text = self.text
        line_start, col, brk = pos, 0, -1  # brk: offset after the last break opportunity
        i = pos
        while i < end:
            ch = text[i]
            w = TAB - col % TAB if ch == "\t" else char_width(ch)
            if col + w > limit and i > line_start:
                cut = brk if brk > line_start else i
                self._add(line_start, cut, False)
                line_start, brk = cut, -1
                col = self._cols(line_start, i)
                continue  # re-measure text[i] at its new column
            col += w
            i += 1
            if ch in " \t" or w == 2 or ch == "-":
                brk = i
        self._add(line_start, end, False)

    def _cols(self, start: int, stop: int) -> int:
        col = 0
        for ch in self.text[start:stop]:
            col += TAB - col % TAB if ch == "\t" else char_width(ch)
        return col

    def _add(self, start: int, end: int, simple: bool) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.simple.append(1 if simple else 0)

    # -- mapping --------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """The visual line showing the caret at `offset` (a wrap point belongs to the next line)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def cells(self, line: int) -> list[int]:
        """Cell x of each offset of the line, plus one past its end (len = end - start + 1)."""
        if line in self._cells:
            return self._cells[line]
        start, end = self.starts[line], self.ends[line]
        xs, col = [], 0
        for ch in self.text[start:end]:
            xs.append(col)
            col += TAB - col % TAB if ch == "\t" else char_width(ch)
        xs.append(col)
        if len(self._cells) > 512:
            self._cells.clear()
        self._cells[line] = xs
        return xs

    def x_of(self, offset: int, line: int | None = None) -> int:
        line = self.line_of(offset) if line is None else line
        start = self.starts[line]
        if self.simple[line]:
            return offset - start
        return self.cells(line)[min(offset, self.ends[line]) - start]

    def offset_at(self, line: int, x: int) -> int:
        """The offset of the character covering cell x of a line (its end if x is past it)."""
        line = min(max(line, 0), len(self.starts) - 1)
        start, end = self.starts[line], self.ends[line]
        if self.simple[line]:
            return start + min(max(x, 0), end - start)
        xs = self.cells(line)
        # the last offset starting at or before x: after any zero-width marks sharing that x
        i = bisect_right(xs, max(x, 0)) - 1
        return start + min(max(i, 0), end - start)

    def display(self, line: int) -> tuple[str, list[int] | None]:
        """The line as shown, and (only for lines with tabs) offset -> display index."""
        start, end = self.starts[line], self.ends[line]
        raw = self.text[start:end]
        if self.simple[line]:
            return raw, None
        if "\t" not in raw:
            return "".join(map(display_char, raw)), None
        out, index, col = [], [], 0
        pos = 0
        for ch in raw:
            index.append(pos)
            if ch == "\t":
                w = TAB - col % TAB
                out.append(" " * w)
                pos += w
                col += w
            else:
                out.append(display_char(ch))
                pos += 1
                col += char_width(ch)
        index.append(pos)
        return "".join(out), index
