"""The reader's side list of marks: a Line-API view that draws only the rows on screen.

Textual's OptionList renders every option up front to measure it: with 1,000 marks that
was ~0.9 s on the UI thread each time the list was rebuilt (after every tag, note or
undo). Here a row's height is known without rendering (one line, plus one for who said
it, plus one for a note), so setting 1,000 marks is a list and a prefix sum, and a frame
renders only the visible lines.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsmark.model import Annotation
from newsmark.quotes import excerpt

from .article_view import MARK_STYLES

# Each label as the text draws its marks (underline, italic, double underline), in bold.
LABEL_STYLES = {label: Style.parse(f"bold {style}") for label, style in MARK_STYLES.items()}
DIM = Style(dim=True)


REVIEW = ("fuzzy", "orphaned")  # anchors a reader should look at after the text changed


def needs_review(ann: Annotation) -> bool:
    return ann.anchor in REVIEW


def anchor_explanation(ann: Annotation) -> str:
    """What happened to a mark when its article's text changed, old quote beside the new."""
    old = excerpt(ann.anchor_quote or ann.quote, 50)
    if ann.anchor == "fuzzy":
        if ann.anchor_quote and ann.anchor_quote != ann.quote:
            return f"Text changed: was “{old}”, now “{excerpt(ann.quote, 50)}” — check it"
        return f"Text around it changed; placed by its context — check “{excerpt(ann.quote, 50)}”"
    if ann.anchor == "orphaned":
        return f"Not in the new text: “{old}” — kept with its old quote; tag the new text or delete it"
    return ""


def review_marks_first(marks: list[Annotation]) -> list[Annotation]:
    """Fuzzy and orphaned marks on top, where a reader sees them; the rest in text order."""
    return [a for a in marks if needs_review(a)] + [a for a in marks if not needs_review(a)]


def row_lines(ann: Annotation) -> list[Text]:
    lines = [Text.assemble((ann.label, LABEL_STYLES.get(ann.label, Style(bold=True, underline=True))), " ",
                           excerpt(ann.quote, 60))]
    if ann.anchor == "fuzzy":
        lines.insert(0, Text.assemble(("? fuzzy", Style(bold=True, reverse=True)),
                                      ("  was: " + excerpt(ann.anchor_quote, 50) if ann.anchor_quote else "  context changed",
                                       DIM)))
    elif ann.anchor == "orphaned":
        lines.insert(0, Text.assemble(("✗ orphaned", Style(bold=True, reverse=True)), ("  not in the new text", DIM)))
    if ann.attributed_to:
        lines.append(Text.assemble(("— ", DIM), (excerpt(ann.attributed_to, 40), Style(italic=True))))
    if ann.note:
        lines.append(Text.assemble(("note: ", DIM), excerpt(ann.note, 60)))
    return lines


def detail_lines(ann: Annotation, width: int, console) -> list[Text]:
    """The highlighted mark's rows: its note in full, every line of it, wrapped to `width`."""
    lines = row_lines(ann)
    if not ann.note:
        return lines
    lines.pop()
    room = max(8, width - 2)
    first = True
    for paragraph in ann.note.split("\n"):
        text = Text.assemble(("note: " if first else "      ", DIM), paragraph)
        first = False
        wrapped = text.wrap(console, room) if paragraph else [text]
        lines.extend(wrapped)
    return lines



class MarkList(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("enter", "choose", show=False),
    ]
    COMPONENT_CLASSES = {"mark-list--highlight", "mark-list--hint"}
    DEFAULT_CSS = """
    MarkList { overflow-x: hidden; overflow-y: auto; background: $surface; }
    MarkList > .mark-list--highlight { background: $block-cursor-blurred-background; }
    MarkList:focus > .mark-list--highlight { background: $block-cursor-background;
        color: $block-cursor-foreground; }
    MarkList > .mark-list--hint { color: $text-muted; }
    """

    class Selected(Message):
        """A mark was chosen (Enter or click)."""

        def __init__(self, mark_list: "MarkList", annotation_id: str) -> None:
            super().__init__()
            self.mark_list = mark_list
            self.annotation_id = annotation_id

        @property
        def control(self) -> "MarkList":
            return self.mark_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.marks: list[Annotation] = []
        self.hint = ""
        self._tops: list[int] = [0]  # first line of each row; last item = total lines
        self._rendered: dict[int, list[Text]] = {}
        self.highlighted: int | None = None
        self._detail: tuple[int, int] | None = None  # (row, width) drawn with its note in full
        self._base: Style | None = None  # rich_style, cached: it walks every ancestor per call

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None

    # -- content -------------------------------------------------------------------

    def set_marks(self, marks: list[Annotation], hint: str = "") -> None:
        self.marks = list(marks)
        self.hint = hint
        if self.highlighted is not None and self.highlighted >= len(self.marks):
            self.highlighted = len(self.marks) - 1 if self.marks else None
        self._layout_rows()
        total = self._tops[-1] if self.marks else 3
        self.virtual_size = Size(self.scrollable_content_region.width, total)
        self.refresh()

    def _layout_rows(self) -> None:
        """Row heights: one line per mark plus its speaker and note; the highlighted mark
        shows its whole note (the detail), so its height follows the note and the width."""
        width = self.scrollable_content_region.width or 40
        heights = [1 + bool(a.attributed_to) + bool(a.note) + needs_review(a) for a in self.marks]
        self._rendered.clear()
        self._detail = None
        row = self.highlighted
        if row is not None and 0 <= row < len(self.marks) and self.marks[row].note and self.is_mounted:
            lines = detail_lines(self.marks[row], width, self.app.console)
            heights[row] = len(lines)
            self._rendered[row] = lines
            self._detail = (row, width)
        self._tops = [0, *accumulate(heights)]
        total = self._tops[-1] if self.marks else 3
        self.virtual_size = Size(self.scrollable_content_region.width, total)

    def on_resize(self) -> None:
        if self._detail is not None:
            self._layout_rows()
            self.refresh()

    def index_of(self, annotation_id: str) -> int | None:
        for i, ann in enumerate(self.marks):
            if ann.id == annotation_id:
                return i
        return None

    def highlight(self, index: int | None, scroll: bool = True) -> None:
        changed = index != self.highlighted
        self.highlighted = index
        if changed and self.marks:
            self._layout_rows()
        if index is not None and scroll and self.is_mounted:
            top, bottom = self._tops[index], self._tops[index + 1]
            self.scroll_to_region(Region(0, top, 1, bottom - top), animate=False, immediate=True)
        if changed:  # a caret step inside the same mark redraws nothing here
            self.refresh()

    # -- drawing -------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        line = int(self.scroll_y) + y
        if not self.marks:
            words = Text(self.hint, style=self.get_component_rich_style("mark-list--hint"))
            wrapped = words.wrap(self.app.console, max(8, width - 2))
            if line < len(wrapped):
                segments = [Segment(seg.text, base + seg.style if seg.style else base)
                            for seg in wrapped[line].render(self.app.console) if seg.text]
                return Strip([Segment(" ", base), *segments]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        if line >= self._tops[-1]:
            return Strip.blank(width, base)
        row = bisect_right(self._tops, line) - 1
        lines = self._rendered.get(row)
        if lines is None:
            lines = self._rendered[row] = row_lines(self.marks[row])
        text = lines[line - self._tops[row]].copy()
        text.truncate(max(1, width - 1), overflow="ellipsis")
        style = base
        if row == self.highlighted:
            style = base + self.get_component_rich_style("mark-list--highlight")
        segments = [Segment(" ", style)]
        segments += [Segment(seg.text, style + seg.style if seg.style else style)
                     for seg in text.render(self.app.console) if seg.text]
        return Strip(segments).crop_extend(0, width, style)

    # -- choosing ------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if not self.marks:
            return
        index = 0 if self.highlighted is None else min(max(self.highlighted + step, 0), len(self.marks) - 1)
        self.highlight(index)

    def action_choose(self) -> None:
        if self.highlighted is not None and self.marks:
            self.post_message(self.Selected(self, self.marks[self.highlighted].id))

    def on_click(self, event: events.Click) -> None:
        if not self.marks:
            return
        line = event.y + int(self.scroll_y)
        if 0 <= line < self._tops[-1]:
            event.stop()
            row = bisect_right(self._tops, line) - 1
            self.highlight(row, scroll=False)
            self.post_message(self.Selected(self, self.marks[row].id))
