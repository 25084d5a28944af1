"""The article widget: wrapped text, entity and annotation highlights, a caret and a selection.

Why a Line-API ScrollView and not a read-only TextArea — bench/tui_reader.py, 1 MB article
(10.8k entities, 200 annotations), headless run_test at 120x40, same run, 2-core box:
    ready: TextArea(read_only, soft_wrap) 1.83 s | this view with highlights 0.24 s |
           whole ReaderScreen, entities cached 0.71 s (2.19 s when the worker must first
           recognise them; the text is readable before they arrive)
    repaint of every visible line: caret move 0.9 ms, page down 6.3 ms (median).
The view wraps 1 MB with one str.rfind per visual line when a paragraph has only one-cell
characters (the per-character path is for CJK/emoji/tabs/marks), and a caret move re-renders
only the lines whose cache key (line, width, highlight generation, local selection, local
caret) changed. It also gives what TextArea would need patching for: code-point offsets that
are the store's, highlights from COMPONENT_CLASSES that the theme owns, a gutter mark per label.

Styles (readable without colour; the colours come from the theme):
  claim = underline, attribution = italic, disputed = double underline (never strike: it
  would read as deleted); each also has a gutter
  letter (c, a, d, or * for several) and a faint background tint.
  Entities: colour by type (PERSON, ORG bold). Under NO_COLOR (monochrome) the weight tells
  PERSON (bold), ORG (bold + faint) and PLACE (faint) apart; other types are not highlighted,
  and the status line names the type under the caret (rules in newsmark.tcss).
  Suggestions (not yet accepted): a line above (overline) and a faint tint, and a dotted
  bar (┆) in the gutter's second column; the focused one a stronger tint and ▸ in the
  gutter, its source in bold and its cue in the accent colour.
  Selection = reverse video; caret = reverse. A Markdown heading line is bold, its "# " muted.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.dom import DOMNode
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from newsmark.model import Annotation, Entity

from .laid_out import SizedByLayout
from .text_layout import Layout
from .text_units import grapheme_next, snap

GUTTER = 2

ENTITY_CLASSES = {
    "PERSON": "article-view--entity-person",
    "ORG": "article-view--entity-org",
    "PLACE": "article-view--entity-place",
    "NORP": "article-view--entity-group",
    "EVENT": "article-view--entity-event",
    "DATE": "article-view--entity-date",
    "QUANTITY": "article-view--entity-quantity",
}
LABEL_MARKS = {"claim": "c", "attribution": "a", "disputed": "d"}
# The text style of each label's marks, as DEFAULT_CSS below draws them (legends use these).
MARK_STYLES = {"claim": "underline", "attribution": "italic", "disputed": "underline2"}
SUGGESTION_SIGN, FOCUS_SIGN = "┆", "▸"  # the gutter's second column on a suggestion's lines
SUGGESTION_STYLE = "overline"  # suggestions' text style: a line above, where marks have theirs below
# A Markdown heading line: its "# " is part of the stored text (offsets are the store's), so
# it is shown, dimmed, before the bold headline.
HEADING = re.compile(r"(#{1,6}[ \t]+)\S[^\n]*")


def heading_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end of the "# " marker, end) of every heading line, in order.

    Only lines that begin with "#" are tried (str.find: ~2 ms on 1.1 MB with 200
    headings; a multiline regex over the whole text took ~20 ms)."""
    out = []
    pos = 0 if text.startswith("#") else text.find("\n#") + 1 or -1
    while pos >= 0:
        m = HEADING.match(text, pos)
        if m:
            out.append((m.start(), m.end(1), m.end()))
        nxt = text.find("\n#", pos)
        pos = nxt + 1 if nxt >= 0 else -1
    return out


def neighbours_to_set_apart(text: str, annotations: list[Annotation], gap: int = 2) -> set[str]:
    """Ids of marks drawn in their label's alternate style: every second one of a run of
    same-label marks separated by at most `gap` blank characters (105–278 then 279–428)."""
    alt: set[str] = set()
    last: dict[str, tuple[int, bool]] = {}  # label -> (end of its previous mark, was it alt)
    for ann in annotations:  # sorted by start
        prev = last.get(ann.label)
        is_alt = False
        if prev is not None:
            prev_end, prev_alt = prev
            between = text[prev_end:ann.start]
            if prev_end <= ann.start and len(between) <= gap and not between.strip():
                is_alt = not prev_alt
        if is_alt:
            alt.add(ann.id)
        if prev is None or ann.end >= prev[0]:
            last[ann.label] = (ann.end, is_alt)
    return alt


class _ScrollBar(SizedByLayout, ScrollBar):
    """The view's scrollbar: its size from a layout asks for no second layout (tui/laid_out.py)."""


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one article; the screen drives it (move_to, select, set_annotations …)."""

    ALLOW_SELECT = False  # our own mouse selection, in article offsets
    COMPONENT_CLASSES = {
        "article-view--claim",
        "article-view--attribution",
        "article-view--disputed",
        "article-view--other-label",
        "article-view--entity-person",
        "article-view--entity-org",
        "article-view--entity-place",
        "article-view--entity-group",
        "article-view--entity-event",
        "article-view--entity-date",
        "article-view--entity-quantity",
        "article-view--entity-other",
        "article-view--suggestion",
        "article-view--suggestion-focus",
        "article-view--suggestion-source",
        "article-view--suggestion-cue",
        "article-view--selection",
        "article-view--caret",
        "article-view--find-match",
        "article-view--gutter",
        "article-view--heading",
        "article-view--heading-mark",
        "article-view--claim-alt",
        "article-view--attribution-alt",
        "article-view--disputed-alt",
    }
    DEFAULT_CSS = """
    ArticleView {
        overflow-y: scroll;
        overflow-x: hidden;
        background: $surface;
        color: $foreground;
        padding: 0 1 0 0;
        /* a thumb that reads as one in 256 colours too (there the theme's dark grey on the
           surface became black on near-black, and only its ▂▅ edge glyphs showed, as noise) */
        scrollbar-background: $surface;
        scrollbar-background-hover: $surface;
        scrollbar-background-active: $surface;
        scrollbar-color: $foreground 30%;
        scrollbar-color-hover: $foreground 45%;
        scrollbar-color-active: $accent;
    }
    ArticleView > .article-view--claim { text-style: underline; background: $warning 18%; }
    ArticleView > .article-view--attribution { text-style: italic; background: $success 18%; }
    ArticleView > .article-view--disputed { text-style: uu; background: $error 18%; }
    /* A mark that starts right after one of the same label (only a space between) is drawn
       with a stronger tint, so two neighbouring claims never read as one. */
    ArticleView > .article-view--claim-alt { text-style: underline; background: $warning 40%; }
    ArticleView > .article-view--attribution-alt { text-style: italic; background: $success 40%; }
    ArticleView > .article-view--disputed-alt { text-style: uu; background: $error 40%; }
    ArticleView > .article-view--other-label { text-style: underline; background: $secondary 18%; }
    ArticleView > .article-view--entity-person { color: $text-primary; text-style: bold; }
    ArticleView > .article-view--entity-org { color: $text-success; text-style: bold; }
    ArticleView > .article-view--entity-place { color: $text-accent; }
    ArticleView > .article-view--entity-group { color: $text-secondary; }
    ArticleView > .article-view--entity-event { color: $text-warning; }
    ArticleView > .article-view--entity-date { color: $text-secondary; }
    ArticleView > .article-view--entity-quantity { color: $text-secondary; }
    ArticleView > .article-view--entity-other { color: $text-secondary; }
    ArticleView > .article-view--suggestion { text-style: overline; background: $accent 10%; }
    ArticleView > .article-view--suggestion-focus { text-style: overline; background: $accent 30%; }
    ArticleView > .article-view--suggestion-source { text-style: bold overline; }
    ArticleView > .article-view--suggestion-cue { text-style: overline; color: $text-accent; }
    ArticleView > .article-view--selection { text-style: reverse; }
    ArticleView > .article-view--caret { text-style: reverse; }
    ArticleView > .article-view--find-match { background: $secondary 45%; }
    ArticleView > .article-view--gutter { color: $text-muted; }
    ArticleView > .article-view--heading { text-style: bold; }
    ArticleView > .article-view--heading-mark { color: $text-muted; text-style: not bold; }
    """

    class SelectionChanged(Message):
        """The caret or selection moved (keyboard or mouse)."""

        def __init__(self, view: "ArticleView", caret: int, selection: tuple[int, int] | None) -> None:
            super().__init__()
            self.view = view
            self.caret = caret
            self.selection = selection

        @property
        def control(self) -> "ArticleView":
            return self.view

    def __init__(self, text: str = "", *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = text
        self._layout: Layout | None = None
        self.caret = 0
        self.anchor: int | None = None
        self._goal_x: int | None = None
        self._entities: list[Entity] = []
        self._entity_ends: list[int] = []
        self._annotations: list[Annotation] = []
        self._ann_starts: list[int] = []
        self._ann_maxlen = 0
        self._ann_alt: set[str] = set()
        self._matches: list[tuple[int, int]] = []
        self._match_ends: list[int] = []
        self._suggestions: list[tuple[int, int]] = []  # content spans, sorted by start
        self._sugg_starts: list[int] = []
        self._sugg_maxlen = 0
        self._sugg_focus: tuple[int, int] | None = None
        self._sugg_parts: list[tuple[int, int, str]] = []  # the focused one's source and cue
        self._headings = heading_spans(text)
        self._heading_ends = [h[2] for h in self._headings]
        self._gen = 0  # bumped when highlights change: part of every cache key
        self._cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._components: dict = {}  # component class -> its RenderStyles (see _component)
        self._components_checked = False
        self._components_rules = None
        self._components_path: tuple = ()
        self._dragging = False
        self._drag_origin = 0
        self._edge = 0  # -1 / +1 while a drag is held on the top / bottom row
        self._edge_x = 0
        self._autoscroll = None
        self._recenter = False  # rewrapped since the last Resize: scroll the caret back into view
        self._drawn: tuple[int, int] | None = None  # the caret/selection span last painted
        # Called with (caret, selection) at each move instead of posting SelectionChanged, so
        # the owner's reaction (a status line) is drawn in the same frame as the caret.
        self.selection_listener = None

    # -- content ------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def layout_lines(self) -> Layout:
        if self._layout is None:
            self._rewrap()
        assert self._layout is not None
        return self._layout

    def set_text(self, text: str) -> None:
        self._text = text
        self._headings = heading_spans(text)
        self._heading_ends = [h[2] for h in self._headings]
        self.caret, self.anchor = 0, None
        self._layout = None
        self._invalidate()
        if self.size.width:  # else the first resize wraps it, at the real width
            self._rewrap()

    def set_entities(self, entities: Iterable[Entity]) -> None:
        self._entities = sorted(entities, key=lambda e: (e.start, e.end))
        self._entity_ends = [e.end for e in self._entities]
        self._invalidate()

    @property
    def entities(self) -> list[Entity]:
        return self._entities

    @property
    def entity_ends(self) -> list[int]:
        return self._entity_ends

    def set_annotations(self, annotations: Iterable[Annotation]) -> None:
        self._annotations = sorted(annotations, key=lambda a: (a.start, a.end, a.created_at))
        self._ann_starts = [a.start for a in self._annotations]
        self._ann_maxlen = max((a.end - a.start for a in self._annotations), default=0)
        self._ann_alt = neighbours_to_set_apart(self._text, self._annotations)
        self._invalidate()

    @property
    def annotations(self) -> list[Annotation]:
        return self._annotations

    def set_suggestions(self, spans: Iterable[tuple[int, int]], focus: tuple[int, int] | None = None,
                        parts: Iterable[tuple[int, int, str]] = ()) -> None:
        """Content spans of the open suggestions; `focus` the focused one's, `parts` its
        (start, end, "source" | "cue") spans."""
        spans = sorted(spans)
        parts = list(parts)
        if (spans, focus, parts) == (self._suggestions, self._sugg_focus, self._sugg_parts):
            return
        self._suggestions = spans
        self._sugg_starts = [s for s, _ in spans]
        self._sugg_maxlen = max((e - s for s, e in spans), default=0)
        self._sugg_focus, self._sugg_parts = focus, parts
        self._invalidate()

    @property
    def suggestion_spans(self) -> list[tuple[int, int]]:
        return self._suggestions

    def set_find_matches(self, matches: list[tuple[int, int]]) -> None:
        self._matches = matches
        self._match_ends = [e for _, e in matches]
        self._invalidate()

    def _invalidate(self) -> None:
        self._gen += 1
        self._cache.clear()
        self.refresh()

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's vertical scrollbar, as Widget.vertical_scrollbar makes it, but shown from
        the start (overflow-y is scroll: it is always drawn) and sized by the layout without
        asking for another: either request made Textual lay out and draw the whole screen a
        second time after the first frame (bench/tui.py)."""
        bar = self._vertical_scrollbar
        if bar is None:
            bar = self._vertical_scrollbar = _ScrollBar(vertical=True, name="vertical",
                                                        thickness=self.scrollbar_size_vertical)
            bar.display = self.styles.overflow_y == "scroll"
            self.app._start_widget(self, bar)
        return bar

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._components_checked = False
        self._gen += 1
        self._cache.clear()

    # Textual resolves every COMPONENT_CLASSES entry of a widget (a virtual node matched
    # against the whole stylesheet) on each restyle of it: when it is mounted, when it takes
    # focus, when its screen resumes. For this view's 25 that was ~12 ms of every start-up
    # (bench/tui.py). The view resolves a component itself, the first time a line needs it,
    # and keeps it until the stylesheet (a theme, a CSS change) or the classes and
    # pseudo-classes on the way to it (App:nocolor, focus) change.

    @classmethod
    def _get_component_classes(cls) -> frozenset[str]:
        return frozenset()  # see _component

    def _component(self, name: str):
        """The styles of component `name`, as Textual's restyle would have set them."""
        if not self._components_checked:
            self._components_checked = True
            rules = self.app.stylesheet.rules
            path = tuple((node._css_type_name, node.id, frozenset(node.classes), node._pseudo_classes_cache_key)
                         for node in self.css_path_nodes)
            if rules is not self._components_rules or path != self._components_path:
                self._components.clear()
                self._components_rules, self._components_path = rules, path
        styles = self._components.get(name)
        if styles is None:
            if name not in self.COMPONENT_CLASSES:
                raise KeyError(f"No {name!r} key in COMPONENT_CLASSES")
            node = DOMNode(classes=name)
            node._attach(self)
            self.app.stylesheet.apply(node, animate=False)
            styles = self._components[name] = node.styles
        return styles

    # -- wrapping -----------------------------------------------------------------

    def _text_width(self) -> int:
        return max(8, self.scrollable_content_region.width - GUTTER)

    def _rewrap(self, quiet: bool = False) -> None:
        width = self._text_width() if self.size.width else 78
        self._layout = Layout(self._text, width)
        virtual = Size(width + GUTTER, len(self._layout))
        if quiet:
            # The vertical scrollbar is always there (overflow-y: scroll), so the number of
            # lines changes no widget's size: update the scrollbar, skip a second layout.
            self.set_reactive(ArticleView.virtual_size, virtual)
            self._scroll_update(virtual)
        else:
            self.virtual_size = virtual
        self._cache.clear()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Wrap at the new width during the layout pass, before the frame is rendered.

        Wrapping later (in the first render_line, or on the Resize event) changed
        virtual_size after the frame and made Textual lay out and render the screen again.
        """
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if size.width and (self._layout is None or self._layout.width != self._text_width()):
            self._rewrap(quiet=True)
            self._recenter = True
        return changed

    def on_resize(self, event: events.Resize) -> None:
        # Wrapped in _size_updated, the lines were drawn at the new width by the frame the
        # layout made; only a wrap here needs a repaint (one after the first frame was a
        # second full frame of the view at start-up). A scroll repaints by itself.
        if self._layout is None or self._layout.width != self._text_width():
            self._rewrap()
            self._recenter = True
            self.refresh()
        if self._recenter:
            self._recenter = False
            self.scroll_to_caret(center=True)

    # -- caret and selection --------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.anchor is None or self.anchor == self.caret:
            return None
        return (min(self.anchor, self.caret), max(self.anchor, self.caret))

    def move_to(self, offset: int, extend: bool = False, *, keep_goal: bool = False, center: bool = False) -> None:
        offset = snap(self._text, offset)
        if extend:
            if self.anchor is None:
                self.anchor = self.caret
        else:
            self.anchor = None
        self.caret = offset
        if not keep_goal:
            self._goal_x = None
        self.scroll_to_caret(center=center)
        self._changed()

    def select(self, start: int, end: int, *, center: bool = False) -> None:
        """Select text[start:end]; the caret goes to its end."""
        n = len(self._text)
        start, end = max(0, min(start, n)), max(0, min(end, n))
        self.anchor, self.caret = start, end
        self._goal_x = None
        self.scroll_to_caret(center=center, region_start=start)
        self._changed()

    def clear_selection(self) -> None:
        if self.anchor is not None:
            self.anchor = None
            self._changed()

    def _changed(self) -> None:
        self._refresh_selection_lines()
        if self.selection_listener is not None:
            self.selection_listener(self.caret, self.selection)
        else:
            self.post_message(self.SelectionChanged(self, self.caret, self.selection))

    def _refresh_selection_lines(self) -> None:
        """Repaint only the visible lines whose caret or selection drawing changed.

        A whole-widget refresh made Textual re-render and composite every visible line on
        each caret move (~2/3 of a key press's CPU, bench/keypress.py); a caret step
        changes one line. The lines between the old and new ends of the span (the caret
        alone is the span (caret, caret)) are the only ones whose cache key changed; one
        line either side covers a caret at a wrap point. A scroll repaints the whole view
        anyway (ScrollView.watch_scroll_y).
        """
        sel = self.selection
        old, new = self._drawn, sel if sel is not None else (self.caret, self.caret)
        self._drawn = new
        if old == new:
            return
        layout = self._layout
        height = self.scrollable_content_region.height
        if old is None or layout is None or not height:
            self.refresh()
            return
        top = int(self.scroll_y)
        bottom = top + height - 1
        for a, b in sorted({(min(old[0], new[0]), max(old[0], new[0])), (min(old[1], new[1]), max(old[1], new[1]))}):
            first, last = max(layout.line_of(a) - 1, top), min(layout.line_of(b) + 1, bottom)
            if first <= last:
                self.refresh_lines(first, last - first + 1)

    def caret_line(self) -> int:
        return self.layout_lines.line_of(self.caret)

    def move_lines(self, delta: int, extend: bool = False) -> None:
        layout = self.layout_lines
        line = self.caret_line()
        if self._goal_x is None:
            self._goal_x = layout.x_of(self.caret, line)
        target = min(max(line + delta, 0), len(layout) - 1)
        if target == line:
            offset = 0 if delta < 0 else len(self._text)
        else:
            offset = layout.offset_at(target, self._goal_x)
        self.move_to(offset, extend, keep_goal=True)

    def page(self, direction: int, extend: bool = False) -> None:
        """Move the caret a page and scroll the same amount, so it keeps its row on screen."""
        height = max(1, self.scrollable_content_region.height - 1)
        line = self.caret_line()
        row = line - int(self.scroll_y)
        layout = self.layout_lines
        target = min(max(line + direction * height, 0), len(layout) - 1)
        self.scroll_to(y=max(0, target - row), animate=False, immediate=True)
        if self._goal_x is None:
            self._goal_x = layout.x_of(self.caret, line)
        self.move_to(layout.offset_at(target, self._goal_x), extend, keep_goal=True)

    def line_bounds(self) -> tuple[int, int]:
        layout = self.layout_lines
        line = self.caret_line()
        return layout.starts[line], layout.ends[line]

    def scroll_to_caret(self, center: bool = False, region_start: int | None = None) -> None:
        if not self.is_mounted:
            return
        layout = self.layout_lines
        line = layout.line_of(self.caret)
        x = layout.x_of(self.caret, line) + GUTTER
        top = line
        if region_start is not None:
            top = layout.line_of(region_start)
        view = self.scrollable_content_region
        if (not center and region_start is None and self.scroll_x == 0 and x < view.width
                and self.scroll_y + 1 <= line <= self.scroll_y + view.height - 2):
            return  # already in view with a line to spare either side: the usual caret step
        if (center and self.scroll_x == 0 and x < view.width
                and self.scroll_y + 1 <= top and line <= self.scroll_y + view.height - 2):
            return  # a span already in view (f to the next suggestion, n to a match) is not moved to the middle
        height = max(1, line - top + 1)
        if height > view.height:
            top, height = line, 1
        self.scroll_to_region(Region(x, top, 1, height), animate=False, center=center,
                              spacing=Spacing(1, 0, 1, 0), immediate=True)

    # -- rendering ------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        layout = self.layout_lines
        if index >= len(layout):
            return Strip.blank(width, self._base_style())
        start, end = layout.starts[index], layout.ends[index]
        selection = self.selection
        local_sel = None
        if selection is not None and selection[0] <= end and selection[1] > start:
            local_sel = (max(selection[0], start), min(selection[1], end + 1))
        local_caret = self.caret if selection is None and layout.line_of(self.caret) == index else None
        key = (index, width, self._gen, local_sel, local_caret)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_visual_line(index, start, end, local_sel, local_caret, width)
            self._cache[key] = strip
        return strip

    def _base_style(self) -> Style:
        """The view's own style; `rich_style` walks every ancestor on each call (a third of
        this widget's render time), so it is kept until the styles change."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _style(self, name: str) -> Style:
        """A component's own style, with translucent colours blended over this widget's
        background (Textual's partial styles keep the raw colour, so an 18% tint would
        come out as a solid block)."""
        style = self._styles.get(name)
        if style is None:
            styles = self._component(name)
            under = self.background_colors[1]
            fg = bg = None
            if styles.has_rule("background") and styles.background.a > 0:
                bg = (under + styles.background).rich_color
            if styles.has_rule("color") and styles.color.a > 0:
                fg = (under + styles.color).rich_color
            style = Style(color=fg, bgcolor=bg) + styles.text_style
            self._styles[name] = style
        return style

    def _mark_style(self, name: str) -> Style:
        """A mark's style, which also takes away a suggestion's line above unless the mark
        draws one itself (under NO_COLOR the line above sets neighbouring marks apart)."""
        key = "mark:" + name
        style = self._styles.get(key)
        if style is None:
            style = self._style(name)
            if not style.overline:
                style = style + Style(overline=False)
            self._styles[key] = style
        return style

    def _render_visual_line(self, index: int, start: int, end: int, local_sel: tuple[int, int] | None,
                            local_caret: int | None, width: int) -> Strip:
        layout = self.layout_lines
        base = self._base_style()
        shown, index_map = layout.display(index)
        text = Text(shown, style=base, no_wrap=True, end="")

        def span(a: int, b: int, style: Style) -> None:
            a, b = max(a, start), min(b, end)
            if b <= a:
                return
            if index_map is None:
                text.stylize(style, a - start, b - start)
            else:
                text.stylize(style, index_map[a - start], index_map[b - start])

        # headings first, so every highlight draws over them
        h = bisect_right(self._heading_ends, start)
        if h < len(self._headings) and self._headings[h][0] < max(end, start + 1):
            h_start, h_mark, h_end = self._headings[h]
            span(h_start, h_end, self._style("article-view--heading"))
            span(h_start, h_mark, self._style("article-view--heading-mark"))
        # entities: sorted and non-overlapping, so their ends are sorted too
        i = bisect_right(self._entity_ends, start)
        entities = self._entities
        while i < len(entities) and entities[i].start < end:
            ent = entities[i]
            span(ent.start, ent.end, self._style(ENTITY_CLASSES.get(ent.label, "article-view--entity-other")))
            i += 1
        sign = " "
        if self._suggestions:
            lo = bisect_left(self._sugg_starts, start - self._sugg_maxlen)
            hi = bisect_left(self._sugg_starts, max(end, start + 1))
            for s_start, s_end in self._suggestions[lo:hi]:
                if s_end > start and s_start < max(end, start + 1):
                    span(s_start, s_end, self._style("article-view--suggestion"))
                    sign = SUGGESTION_SIGN
        focus = self._sugg_focus
        if focus is not None:
            if focus[1] > start and focus[0] < max(end, start + 1):
                span(*focus, self._style("article-view--suggestion-focus"))
                sign = FOCUS_SIGN
            for p_start, p_end, kind in self._sugg_parts:
                span(p_start, p_end, self._style(f"article-view--suggestion-{kind}"))
        labels: list[str] = []
        if self._annotations:
            lo = bisect_left(self._ann_starts, start - self._ann_maxlen)
            hi = bisect_left(self._ann_starts, max(end, start + 1))
            for ann in self._annotations[lo:hi]:
                if ann.end > start and ann.start < max(end, start + 1):
                    cls = f"article-view--{ann.label}" if ann.label in LABEL_MARKS else "article-view--other-label"
                    if ann.id in self._ann_alt and ann.label in LABEL_MARKS:
                        cls += "-alt"
                    span(ann.start, ann.end, self._mark_style(cls))
                    if ann.label not in labels:
                        labels.append(ann.label)
        if self._matches:
            j = bisect_right(self._match_ends, start)
            while j < len(self._matches) and self._matches[j][0] < end:
                span(*self._matches[j], self._style("article-view--find-match"))
                j += 1
        caret_style = self._style("article-view--caret")
        if local_sel is not None:
            span(local_sel[0], local_sel[1], self._style("article-view--selection"))
            if local_sel[1] > end:  # the selection runs through the line break
                text.append(" ", self._style("article-view--selection"))
        if local_caret is not None:
            if local_caret >= end:
                text.append(" ", base + caret_style)
            else:
                span(local_caret, grapheme_next(self._text, local_caret), caret_style)
        if not labels:
            mark = " " + sign
        elif len(labels) == 1:
            mark = LABEL_MARKS.get(labels[0], "*") + sign
        else:
            mark = "*" + sign
        gutter_style = base + self._style("article-view--gutter")
        segments = [Segment(mark, gutter_style)]
        # Rich renders a Text without spans as one *unstyled* segment (and can yield empty
        # ones): give every segment a style and drop the empty ones, so no line filter
        # (NO_COLOR's Monochrome reads style.color) ever sees style=None.
        for seg in text.render(self.app.console):
            if seg.text:
                segments.append(seg if seg.style is not None else Segment(seg.text, base))
        strip = Strip(segments)
        return strip.crop_extend(0, width, base)

    # -- mouse --------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int:
        pos = event.get_content_offset_capture(self)
        layout = self.layout_lines
        line = pos.y + int(self.scroll_y)
        if line < 0:
            return 0
        if line >= len(layout):
            return len(self._text)
        return layout.offset_at(line, pos.x - GUTTER)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        event.stop()
        self.focus()
        offset = self._offset_at(event)
        self._dragging = True
        self._drag_origin = offset
        self.capture_mouse()
        self.move_to(offset)

    def _drag_to(self, offset: int) -> None:
        origin = self._drag_origin
        if offset == origin:
            self.anchor, self.caret = None, origin
        elif offset > origin:  # the character under the pointer is included
            self.anchor, self.caret = origin, grapheme_next(self._text, offset)
        else:
            self.anchor, self.caret = grapheme_next(self._text, origin), offset
        self.scroll_to_caret()
        self._changed()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            event.stop()
            self._drag_to(self._offset_at(event))
            self._set_edge(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            event.stop()
            self._dragging = False
            self._stop_autoscroll()
            self._drag_to(self._offset_at(event))
            self.release_mouse()

    # Autoscroll: a drag held on (or past) the top or bottom row keeps scrolling a line
    # per tick and extends the selection with it, so a long span can be selected by mouse.
    AUTOSCROLL_INTERVAL = 0.05

    def _set_edge(self, event: events.MouseEvent) -> None:
        pos = event.get_content_offset_capture(self)
        height = self.scrollable_content_region.height
        self._edge = -1 if pos.y <= 0 else 1 if pos.y >= height - 1 else 0
        self._edge_x = pos.x
        if self._edge and self._autoscroll is None:
            self._autoscroll = self.set_interval(self.AUTOSCROLL_INTERVAL, self._autoscroll_step)
        elif not self._edge:
            self._stop_autoscroll()

    def _stop_autoscroll(self) -> None:
        if self._autoscroll is not None:
            self._autoscroll.stop()
            self._autoscroll = None
        self._edge = 0

    def _autoscroll_step(self) -> None:
        if not self._dragging or not self._edge:
            self._stop_autoscroll()
            return
        layout = self.layout_lines
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(0, self.scroll_y + self._edge), animate=False, immediate=True)
        line = int(self.scroll_y) + (0 if self._edge < 0 else height - 1)
        if line >= len(layout) - 1 and self._edge > 0:
            offset = len(self._text)
        else:
            offset = layout.offset_at(max(0, min(line, len(layout) - 1)), self._edge_x - GUTTER)
        self._drag_to(offset)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if event.chain == 2:
            from .text_units import word_at

            span = word_at(self._text, self._offset_at(event))
            if span:
                self.select(*span)
        elif event.chain >= 3:
            self.post_message(self.SentenceRequested(self, self._offset_at(event)))

    class SentenceRequested(Message):
        """Triple click: the screen knows the sentences."""

        def __init__(self, view: "ArticleView", offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset
