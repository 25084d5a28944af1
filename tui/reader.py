"""The reader: one article, its entities and annotations; tag spans by keyboard and mouse.

Every change goes through the store, which commits before it returns; only then is the
screen updated. Tag keys with no selection tag the sentence at the caret, so one key
press marks a sentence. Undo/redo walk `History` (soft delete and restore, never loss).
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import sys
import threading
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

from textual import work
from textual._time import get_time
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

from newsmark.errors import NewsmarkError
from newsmark.model import Annotation, Article, Entity
from newsmark.quotes import excerpt
from newsmark.store import Store
from newsmark.store.database import StaleEdit

from . import text_units as units
from .article_view import MARK_STYLES, ArticleView
from .bindings import screen_bindings
from .history import Change, History
from .key_bar import KeyBar
from .laid_out import Row, SizedByLayout
from .mark_list import MarkList, anchor_explanation, needs_review, review_marks_first
from .status_line import StatusLine
from . import suggestions as sugg

# The actor registry and its panel; the reader works without them. Imported when first
# used, as the dialogs are: together ~40 ms of every `newsmark open` before the first frame.
ACTORS = importlib.util.find_spec("newsmark.actors") is not None

SPEAKER_LABELS = ("PERSON", "ORG", "PLACE", "GPE", "LOC")  # countries and cities speak through governments
PLACE_LABELS = ("PLACE", "GPE", "LOC")
PICKER_NAMES = 200  # names the speaker picker offers (12 rows shown; typing filters the rest)
PLACE_PENALTY = 400  # a place ranks as if this many characters further away than a person or organisation
# How each label is drawn in the text (as ArticleView's CSS draws it): the title bar's
# legend and the status line use the same styles. Disputed is underlined twice, never
# struck through: a disputed sentence is the text a fact-checker reads most.
LEGEND = tuple(MARK_STYLES.items())
SIDE_MIN, SIDE_MAX = 24, 44  # side panels take about a third of the width, within these columns
MARKS_SHOWN_FROM = 100  # below this many columns the mark list starts hidden (`o` shows it)
# Longest the entity and suggestion workers wait for the first frame before they start
# anyway (a screen that is never drawn still gets its entities).
FIRST_FRAME_WAIT = 0.5
# Up to this many characters, suggestions are found before the first frame when the engine
# is already imported (see on_mount); longer articles get theirs from the worker.
SUGGEST_NOW_CHARS = 8_000


def side_width(columns: int) -> int:
    """Width of a side panel (mark list, entity list) in a terminal `columns` wide."""
    return max(SIDE_MIN, min(SIDE_MAX, columns // 3))


SPEECH = re.compile(r"\b(?:said|says|say|told|tells|according to|stated|added|argued|claimed|denied|warned|"
                    r"wrote|insisted|explained|announced|noted)\b", re.IGNORECASE)


def speaker_candidates(entities: list[Entity], start: int, end: int, earlier: list[str] = (), limit: int = 12,
                       text: str = "", sources: list[tuple[int, int, str]] = (),
                       first: str = "") -> list[tuple[str, str]]:
    """Who may have said text[start:end]: `first` (the extracted source), then names by
    distance to the span (nearest first, one per name), then earlier answers.

    Names are PERSON/ORG entities, places and countries (which speak through their
    governments; ranked as if PLACE_PENALTY characters further away), and `sources`:
    (start, end, speaker) of the suggested attributions' sources, which name multi-word
    organisations whole ("the Turkish Foreign Ministry"). Names inside the span tie at
    distance 0; among them the one closest to a speech verb ("said", "told", "according
    to" …) comes first: that is usually the speaker.
    """
    verbs = [m.start() for m in SPEECH.finditer(text, start, end)] if text else []
    best: dict[str, tuple[tuple[int, int], str]] = {}
    mentions = [(e.start, e.end, e.text, e.label) for e in entities if e.label in SPEAKER_LABELS]
    mentions += [(s, e, name, "source") for s, e, name in sources]
    for m_start, m_end, m_text, label in mentions:
        outside = min(abs(m_start - end), abs(start - m_end))
        to_verb = min((min(abs(v - m_end), abs(m_start - v)) for v in verbs), default=0)
        distance = (0, to_verb) if m_start < end and m_end > start else (outside, 0)
        if label in PLACE_LABELS:
            distance = (distance[0] + PLACE_PENALTY, distance[1])
        name = " ".join(m_text.split())
        if name and (name not in best or distance < best[name][0]):
            best[name] = (distance, label)
    ranked = sorted(best.items(), key=lambda item: item[1][0])
    out = [(name, label) for name, (_, label) in ranked]
    first = " ".join(first.split())
    if first:
        out = [(first, "source")] + [item for item in out if item[0] != first]
        best.setdefault(first, ((0, 0), "source"))
    for name in earlier:
        if name and name not in best:
            out.append((name, "earlier"))
            best[name] = ((0, 0), "")
    return out[:limit]


_MENTION_LINK = re.compile(r"\s(?:for|of|at|from|with)\s+(?=\S)")


def mention_forms(text: str, start: int, end: int) -> list[str]:
    """The speaker name a source mention offers besides the resolved one: what follows its last
    "for"/"of"/"at" ("A spokesman for the education department" -> "the education
    department"), else the mention as written without a leading "a"/"an"."""
    mention = " ".join(text[start:end].split())
    links = list(_MENTION_LINK.finditer(mention))
    if links:
        return [mention[links[-1].end():]]
    whole = re.sub(r"^(?:an?|An?)\s+", "", mention)
    return [whole] if 0 < len(whole) <= 80 else []


def grow_to_units(text: str, sel: tuple[int, int] | None, caret: int, at, after) -> tuple[int, int] | None:
    """The span a select-unit key gives: the unit at the caret without a selection; else the
    whole units the selection touches; else (already whole units) those plus the next one."""
    if not sel:
        return at(caret)
    start, end = sel
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end == start:
        return at(caret)
    first, last = at(start), at(end - 1)
    whole = (min(first[0], start) if first else start, max(last[1], end) if last else end)
    if whole != (start, end):
        return whole
    nxt = after(end)
    return (start, nxt[1]) if nxt and nxt[1] > end else whole


class TitleBar(SizedByLayout, Widget):
    """The reader's top line: the article's title in bold, the marks legend at the right.

    One widget where there were a Horizontal and two Statics: two widgets fewer to compose,
    style and lay out at start-up, and for the compositor to pass over on every key
    (bench/tui.py, bench/keypress.py). The title is cut as the Static cut it: the first
    line of its wrap at the room left of the legend.
    """

    DEFAULT_CSS = """
    TitleBar { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, legend: Content, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.legend = legend
        self.title_text = ""

    def set_title(self, title: str) -> None:
        self.title_text = title
        self.refresh()

    def render(self) -> Content:
        room = max(0, self.content_size.width - self.legend.cell_length)
        lines = Content(self.title_text).wrap(room) if room and self.title_text else []
        first = lines[0] if lines else Content("")
        # bold to the legend, as the Static's own bold style filled its whole width
        return Content.assemble(first.stylize("bold"), (" " * max(0, room - first.cell_length), "bold"), self.legend)


class ReaderScreen(SizedByLayout, Screen):
    BINDINGS = screen_bindings("reader")
    DEFAULT_CSS = """
    ReaderScreen #reader-body { height: 1fr; }
    ReaderScreen ArticleView { width: 1fr; }
    ReaderScreen #entity-panel { width: 34; height: 1fr; border-left: vkey $panel-lighten-2; }
    ReaderScreen #entity-panel OptionList { border: none; }
    ReaderScreen #annotation-list { width: 38; height: 1fr; border: none; border-left: vkey $panel-lighten-2; }
    """

    def __init__(self, db_path: Path, article_id: str, annotator: str,
                 select: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.article_id = article_id
        self.annotator = annotator
        self.initial_select = select
        self.store: Store | None = None
        self.article: Article | None = None
        self.history = History()
        self._entity_panel = None  # mounted the first time the entity list is shown
        self._drawn_suggestions: tuple | None = None  # (list, focused) last handed to the view
        self.visual = False
        self.sentences = units.Sentences("")
        self.find_query = ""
        self.matches: list[tuple[int, int]] = []
        self.message: Content | str = ""
        self._message_at: tuple | None = None
        self._key_map: dict[str, str] | None = None
        self.registry = None
        self._suggested = None  # newsmark.suggest.Suggestions for this text, before filtering
        self._entities_key: str | None = None  # the cache key of the entities shown
        self.suggestions: list[sugg.Shown] = []  # still open: shown, stepped through, accepted
        self.suggestions_ready = False
        self._last_focus: sugg.Shown | None = None  # the suggestion last selected with f/F
        self._chosen_suggestion: sugg.Shown | None = None  # of two over the same words, the one f/F went to
        self._first_frame = threading.Event()  # set once the screen's first frame is drawn
        self._laid_out: dict = {}  # widget -> its count of layout requests at the last full layout
        self._layouts = 0  # full layouts so far
        self._first_layout_at = float("-inf")  # textual._time.get_time() at the first one

    # -- layout and loading ---------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(self._legend(), id="reader-title")
        with Row(id="reader-body"):
            view = ArticleView(id="article")
            view.selection_listener = self._selection_moved
            self._view = view
            yield view
            # The entity list (hidden until `E`) is mounted when first shown: ~25 ms of start-up.
            marks = MarkList(id="annotation-list")
            marks.display = self._marks_wanted(self.app.size.width)
            # Set here, not first in on_resize: a change after the first layout costs a second one.
            marks.styles.width = side_width(self.app.size.width)
            yield marks
        yield StatusLine(id="reader-status")
        yield KeyBar()

    def _marks_wanted(self, columns: int) -> bool:
        """The user's `o` choice in this run if any, else shown only when there is room."""
        choice = getattr(self.app, "show_mark_list", None)
        return choice if choice is not None else columns >= MARKS_SHOWN_FROM

    def _screen_resized(self, size) -> None:
        """Textual lays out and redraws the whole screen on every Resize event, also one for
        the size this screen is already laid out at (start-up sends two): ~10-30 ms each on
        the reader. Skip those (layouts already requested still run on the screen's update
        timer); a real change of size goes through as before."""
        if size == self._size:
            return
        super()._screen_resized(size)

    def _refresh_layout(self, size=None, scroll: bool = False) -> None:
        """A full layout answers every layout request made before it.

        Textual lays out the screen's first frame in its ScreenResume handler but leaves the
        screen's "layout required" flag (set while the widgets were mounted) standing, and the
        widgets' own requests from mounting (a scrollbar shown, the mark list's rows) reach
        the screen only after that layout: each made Textual lay out and draw the whole
        screen a second time, with nothing changed (~15-25 ms, bench/tui.py). So a full
        layout notes each widget's count of layout requests, and a request that arrives
        later from a widget that asked for nothing since is dropped (`_on_layout`)."""
        full = not (scroll and not self._layout_widgets) and bool(size or self.outer_size)
        if full:
            self._laid_out = {node: node._layout_updates for node in self._layout_nodes()}
            self._layout_required = False
            if not self._layouts:
                self._first_layout_at = get_time()
            self._layouts += 1
        super()._refresh_layout(size, scroll)
        if full:
            # The frame it drew has every widget as it is now; Textual clears this after a
            # layout from its update timer, not after the one in its ScreenResume handler.
            self._dirty_widgets.clear()
            if self._layouts == 1:
                # The first frame drew every widget anew, also those that asked for a repaint
                # while being laid out (the scrollbar, sized in the layout) and have not yet
                # sent it: sent after the frame, it drew them again.
                for node in self._layout_nodes():
                    node._repaint_required = False

    def _layout_nodes(self):
        for node in self.walk_children(with_self=True):
            yield node
            for bar in (node._vertical_scrollbar, node._horizontal_scrollbar):
                if bar is not None:
                    yield bar

    async def _on_update(self, message) -> None:
        """A repaint asked for before the first layout: that layout's frame drew every widget
        of the screen as it was then (the mounting widgets' requests arrived after it and
        made a frame of their own, ~3 ms, bench/tui.py)."""
        if message.time < self._first_layout_at:
            message.stop()
            message.prevent_default()  # Textual's Screen._on_update would mark the widget dirty

    async def _on_layout(self, message) -> None:
        widget = message.widget
        if self._laid_out.get(widget, -1) == getattr(widget, "_layout_updates", None):
            message.stop()
            message.prevent_default()  # Textual's Screen._on_layout would schedule the layout

    def on_resize(self, event) -> None:
        width = side_width(event.size.width)
        for panel in self.query("#annotation-list, #entity-panel"):
            panel.styles.width = width
        self.query_one("#annotation-list", MarkList).display = self._marks_wanted(event.size.width)

    @staticmethod
    def _legend() -> Content:
        """A legend, not key hints: each label drawn as marks of it are drawn."""
        parts: list = [("marks: ", "dim")]
        for label, style in LEGEND:
            parts += [(label, style), " "]
        return Content.assemble(*parts).rstrip()

    @property
    def view(self) -> ArticleView:
        # Kept from compose: the view is looked up a dozen times per key press, and a DOM
        # query each time was ~5 % of a caret move's CPU (bench/keypress.py).
        return self._view

    def on_mount(self) -> None:
        try:
            self.store = Store.open(self.db_path)
            self.article = self.store.article(self.article_id)
        except NewsmarkError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            self.call_later(self._leave)
            return
        self.query_one("#reader-title", TitleBar).set_title(self.article.title or self.article.id)
        self.sentences = units.Sentences(self.article.text)
        view = self.view
        view.set_text(self.article.text)
        # The side list is filled before the first layout: filled after the first frame, its
        # new virtual size made Textual lay out and draw the whole screen again.
        self._reload_annotations()
        if self.initial_select:
            view.select(*self.initial_select, center=True)
        view.focus()
        # The workers start now (so waiting for them waits for their results) but do their
        # work after the first frame (on_screen_resume): a thread loading the recogniser's
        # data or finding suggestions held the GIL while the first layout and frame were
        # computed.
        if not self._cached_entities_now():
            self._load_entities()  # suggestions follow the entities: they name the speakers
        elif sugg.AVAILABLE:
            found = sugg.cached(self.store, self.article, self._entities_key)
            if found is not None:
                # Found when the article was opened before (one cache read, the engine not
                # loaded): drawn in the first frame, whatever the article's length.
                self._show_suggestions(found)
            elif len(self.article.text) <= SUGGEST_NOW_CHARS and sugg.engine_loaded():
                # A short article (~1 ms per 1,000 characters) with the engine already loaded (a
                # second article in one session): found now, drawn in the first frame. Arriving
                # after it, they cost a second full frame of the view (~11-16 ms). The cache
                # is written after the first frame, off this thread.
                found = sugg.suggest(self.article.text, self.view.entities)
                self._show_suggestions(found)
                self._remember_suggestions(found)
            else:
                self._load_suggestions(self.view.entities)
        # In the first frame: drawn after it, the status line cost a second frame and the
        # keys it names are the same (the screen's and the app's: the view has none).
        self._draw_status()

    def on_screen_resume(self) -> None:
        # Textual lays out and draws the screen's first frame in its own ScreenResume handler,
        # which runs after this one (a subclass's handler comes first).
        self.call_next(self._resumed, self._layouts)

    def _resumed(self, layouts_before: int) -> None:
        if layouts_before == 0 and self._layouts:
            # Textual's handler also asked for a repaint of the whole screen after its layout,
            # for a screen uncovered again; the first layout has just drawn all of this one
            # (the repaint was a second full frame, ~15-45 ms, bench/tui.py).
            self._repaint_required = False
        self._first_frame.set()

    @property
    def live(self) -> bool:
        """Mounted and not being taken down.

        The workers' results come back through `call_from_thread` whenever their work ends,
        also while the quitting app is removing this screen's widgets; Textual keeps
        `is_mounted` true then, and a status line drawn into the half-removed screen raised
        NoMatches on the way out (a claim tagged, then ctrl+q at once)."""
        return self.is_mounted and not (self._closing or self._closed or self._pruning)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def _cached_entities_now(self) -> bool:
        """Highlight in the first frame when that costs one cache read: the built-in
        recogniser's cache key comes without importing or building it (a hash of its files,
        ~3 ms once per process), so an article opened before is highlighted in its first
        frame also in a fresh process. Recognising (and loading the recogniser's data)
        stays off the UI thread, in `_load_entities`."""
        key = self._builtin_entities_key()
        if self.store is None or self.article is None or key is None:
            return False
        cached = self.store.cached_entities(self.article, key)
        if cached is None:
            return False
        self.view.set_entities(cached)
        return True

    @work(thread=True, exclusive=True, group="reader-entities")
    def _load_entities(self) -> None:
        """Recognise (or read cached) entities in a thread with its own connection."""
        self._first_frame.wait(FIRST_FRAME_WAIT)
        try:
            from newsmark.entities import get_recognizer
            from newsmark.entity_cache import entities_for
        except ImportError:  # no recogniser in this build: no entity highlights
            self.app.call_from_thread(self._set_entities, [], False)
            return
        try:
            with Store.open(self.db_path) as store:
                entities = entities_for(store, store.article(self.article_id), get_recognizer("builtin"))
        except NewsmarkError as exc:
            self.app.call_from_thread(self.app.notify, f"Entities unavailable: {exc}", severity="warning",
                                      markup=False)
            self.app.call_from_thread(self._set_entities, [], False)
            return
        self.app.call_from_thread(self._set_entities, entities)

    def _set_entities(self, entities: list[Entity], recognised: bool = True) -> None:
        """`recognised`: the built-in recogniser's entities (not the empty list of a failure),
        so suggestions found with them may be kept under its key."""
        if self.live:
            if sugg.AVAILABLE:
                self._load_suggestions(entities, recognised)
            self.view.set_entities(entities)
            self._refresh_entity_panel()
            self._update_status()

    # -- suggestions ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="reader-suggestions")
    def _load_suggestions(self, entities: list[Entity], recognised: bool = True) -> None:
        """Find who said what and the claims to check (pure text work) off the UI thread,
        or read them from the cache, where they are kept for the next open (only when found
        with the recogniser's entities: without them the speakers are not resolved)."""
        self._first_frame.wait(FIRST_FRAME_WAIT)
        assert self.article is not None
        found = None
        try:
            with Store.open(self.db_path) as store:
                key = self._builtin_entities_key() if recognised else None
                found = sugg.cached(store, self.article, key) if key else None
                if found is None:
                    found = sugg.suggest(self.article.text, entities)
                    if key:
                        sugg.remember(store, self.article, key, found)
        except (NewsmarkError, sqlite3.Error):
            # The cache is not needed to show them: a store that cannot be read or written now
            # (locked, full, read-only folder) costs the next open the finding again.
            if found is None:
                found = sugg.suggest(self.article.text, entities)
        self.app.call_from_thread(self._set_suggestions, found)

    @work(thread=True, exclusive=True, group="reader-suggestions-cache")
    def _remember_suggestions(self, found) -> None:
        """Keep suggestions found before the first frame for the next open, after that frame."""
        self._first_frame.wait(FIRST_FRAME_WAIT)
        assert self.article is not None
        try:
            with Store.open(self.db_path) as store:
                sugg.remember(store, self.article, self._entities_key, found)
        except (NewsmarkError, sqlite3.Error):
            pass  # found again at the next open; nothing the user made is at stake

    def _builtin_entities_key(self) -> str | None:
        """The cache key of the built-in recogniser's entities, the only ones the reader uses
        (its suggestions are kept under it too), or None where this build has no recogniser."""
        if self._entities_key is None:
            try:
                from newsmark.entities import builtin_version
            except ImportError:
                return None
            self._entities_key = f"builtin@{builtin_version()}"
        return self._entities_key

    def _set_suggestions(self, found) -> None:
        if self.live:
            self._show_suggestions(found)
            self._update_status()

    def _show_suggestions(self, found) -> None:
        self._suggested = found
        self.suggestions_ready = True
        self._refresh_suggestions()

    @property
    def suggestions_shown(self) -> bool:
        return getattr(self.app, "show_suggestions", True)

    def _refresh_suggestions(self) -> None:
        """Recompute the open suggestions (after a mark changed) and redraw them."""
        if self._suggested is None or self.store is None:
            return
        self.suggestions = sugg.still_open(self.store, self.article, self._suggested)
        self._draw_suggestions()

    def _draw_suggestions(self) -> None:
        view = self.view
        if not self.suggestions_shown:
            self._drawn_suggestions = None
            view.set_suggestions([])
            return
        focus = self.focused_suggestion()
        if focus is not None:
            self._last_focus = focus
        elif view.selection is None:
            self._last_focus = None
        drawn = (self.suggestions, focus)
        if self._drawn_suggestions is not None and all(a is b for a, b in zip(drawn, self._drawn_suggestions)):
            return  # a caret step that changes neither the list nor the focused one
        self._drawn_suggestions = drawn
        view.set_suggestions([(s.start, s.end) for s in self.suggestions],
                             (focus.start, focus.end) if focus else None, focus.parts if focus else ())

    def focused_suggestion(self) -> sugg.Shown | None:
        if not self.suggestions_shown:
            return None
        return sugg.focused(self.suggestions, self.view.selection, self._chosen_suggestion)

    def _select_suggestion(self, target: sugg.Shown | None) -> bool:
        if target is None:
            return False
        self._chosen_suggestion = target
        self.visual = False
        self.view.select(target.start, target.end, center=True)
        return True

    def _suggestion_keys(self) -> dict[str, str]:
        first = {k: self._keys(f"reader.{action}").split("/")[0] for k, action in (
            ("accept", "accept_suggestion"), ("reject", "reject_suggestion"), ("speaker", "accept_suggestion_speaker"))}
        return first

    def _need_suggestion(self) -> sugg.Shown | None:
        if not self.suggestions_shown:
            self._say(Content.from_markup("Suggestions are hidden; $key shows them",
                                          key=self._keys("reader.toggle_suggestions")))
            return None
        view = self.view
        found = self.focused_suggestion() or (sugg.under(self.suggestions, view.caret) if not view.selection else None)
        if found is None:
            if not self.suggestions_ready:
                self._say("Suggestions are still being found")
            elif not self.suggestions:
                self._say("No open suggestions in this article")
            else:
                self._say(Content.from_markup("No suggestion here; $key goes to the next one",
                                              key=self._keys("reader.next_suggestion")))
        return found

    def action_jump_suggestion(self, direction: int) -> None:
        if not self.suggestions_shown:
            self._need_suggestion()
            return
        view = self.view
        sel = view.selection
        pos = (sel[0] if sel else view.caret) if direction < 0 else (sel[0] if sel else view.caret - 1)
        target = sugg.step(self.suggestions, self.focused_suggestion(), pos, direction)
        if not self._select_suggestion(target):
            self._say(f"No {'next' if direction > 0 else 'previous'} suggestion"
                      if self.suggestions_ready else "Suggestions are still being found")

    def action_toggle_suggestions(self) -> None:
        self.app.show_suggestions = not self.suggestions_shown  # kept for the next article of this run
        self._draw_suggestions()
        self._say(f"Suggestions {'shown' if self.suggestions_shown else 'hidden'} ({len(self.suggestions)} open)")

    def in_hand(self) -> tuple[sugg.Shown, tuple[int, int]] | None:
        """The suggestion being judged and the span it would be stored with: the focused one
        with its content; or the one last focused, after shift+arrows changed its end (the
        selection still starts where it does)."""
        focus = self.focused_suggestion()
        if focus is not None:
            return focus, (focus.start, focus.end)
        last, sel = self._last_focus, self.view.selection
        if last is not None and sel is not None and sel[0] == last.start and sel[1] > sel[0] \
                and last in self.suggestions and self.suggestions_shown:
            return last, sel
        return None

    def action_accept_suggestion(self) -> None:
        held = self.in_hand()
        if held is not None:
            self._accept(held[0], None, span=held[1])
            return
        found = self._need_suggestion()
        if found is not None:
            self._accept(found, None)

    def action_accept_suggestion_as(self) -> None:
        """Accept the focused attribution with another speaker: the picker, pre-filled."""
        held = self.in_hand()
        found, span = held if held is not None else (self._need_suggestion(), None)
        if found is None:
            return
        if found.kind != "attribution":
            self._say(Content.from_markup("A suggested $label has no speaker; $key accepts it", label=found.label,
                                          key=self._keys("reader.accept_suggestion")))
            return
        self._accept_with_picker(found, span or (found.start, found.end))

    def _accept_with_picker(self, found: sugg.Shown, span: tuple[int, int]) -> None:
        candidates = self._speakers_for(*span, first=found.speaker)
        self._open_picker(candidates, *span, found.speaker,
                          lambda who: self._accept(found, who, span=span) if who is not None else self._cancelled())

    def _accept(self, found: sugg.Shown, speaker: str | None, span: tuple[int, int] | None = None,
                label: str | None = None) -> None:
        """Store the suggestion as a mark (origin "suggested"), over `span` if its end was
        adjusted, as `label` if a tag key chose another (claim ↔ disputed); then on to the next."""
        assert self.store is not None and self.article is not None
        self.view.focus()
        item = found.item
        try:
            if found.kind == "attribution":
                if span is not None and span != (found.start, found.end):
                    item = replace(item, content=span)
                ann = sugg.accept_attribution(self.store, self.article, item, self.annotator, speaker=speaker)
            else:
                if span is not None and span != (found.start, found.end):
                    item = replace(item, start=span[0], end=span[1])
                ann = sugg.accept_claim(self.store, self.article, item, self.annotator, label=label)
        except NewsmarkError as exc:
            self._say(f"Not saved: {exc}")
            return
        if not isinstance(ann, Annotation):
            ann = self.store.annotation(ann)
        self.history.record(Change("add", ann.id, description=f"accept {ann.label}"))
        self._reload_annotations()
        self._after_suggestion(found)
        who = f" by {excerpt(ann.attributed_to, 30)}" if ann.attributed_to else ""
        self._say(Content.from_markup("Accepted [b]$label[/]$who · $undo undoes", label=ann.label, who=who,
                                      undo=self._keys("reader.undo")))

    def action_reject_suggestion(self) -> None:
        assert self.store is not None
        found = self._need_suggestion()
        if found is None:
            return
        rejection = {"article_id": self.article_id, "kind": found.kind, "start": found.start, "end": found.end,
                     "annotator": self.annotator}
        try:
            self.store.reject_suggestion(**rejection)
        except NewsmarkError as exc:
            self._say(f"Not saved: {exc}")
            return
        self.history.record(Change("reject", "", before=rejection,
                                   description=f"reject of the suggested {found.label}"))
        self._refresh_suggestions()
        self._after_suggestion(found)
        keys = self._keys("reader.undo").split("/")[0]
        self._say(Content.from_markup("Rejected the suggested $label; not offered again ($undo undoes it)",
                                      label=found.label, undo=keys))

    def _after_suggestion(self, done: sugg.Shown) -> None:
        """After an accept or reject: on to the next open suggestion (or past this one), so
        the next key press judges the next one."""
        if not self._select_suggestion(sugg.after(self.suggestions, done)):
            self.visual = False
            self.view.move_to(done.end, center=True)

    @property
    def entity_panel(self):
        """The entity list, or None while it has never been shown (or in a build without it)."""
        return self._entity_panel

    def _refresh_entity_panel(self) -> None:
        """Group entities by actor only while the panel is shown (0.1-0.4 s on a huge article)."""
        panel = self.entity_panel
        if panel is None or not panel.display:
            return
        if self.registry is None and self.store is not None:
            from newsmark.actors import registry_of
            self.registry = registry_of(self.store)
        panel.set_entities(self.view.entities, self.registry)
        panel.focus_group_of(self.entity_at_caret())

    def entity_at_caret(self) -> Entity | None:
        view = self.view
        sel = view.selection
        pos = sel[0] if sel else view.caret
        entities = view.entities
        i = bisect_right(view.entity_ends, pos)
        if i < len(entities) and entities[i].start <= pos < entities[i].end:
            return entities[i]
        return None

    def on_entity_panel_jump(self, event) -> None:
        event.stop()
        self.view.select(event.start, event.end, center=True)

    def _reload_annotations(self, list_later: bool = False) -> None:
        """Read this article's live annotations back from the database and show them."""
        assert self.store is not None
        annotations = list(self.store.annotations(article_id=self.article_id))
        # orphaned marks point into an older text: listed for review, never drawn on this one
        self._orphaned = [a for a in annotations if a.anchor == "orphaned"]
        self.view.set_annotations([a for a in annotations if a.anchor != "orphaned"])
        self._refresh_suggestions()
        if list_later:
            self.call_after_refresh(self._fill_list)
        else:
            self._fill_list()

    def _fill_list(self) -> None:
        annotations = review_marks_first([*self.view.annotations, *getattr(self, "_orphaned", [])])
        marks = self.query_one("#annotation-list", MarkList)
        marks.set_marks(annotations, hint="" if annotations else self._empty_hint())
        review = sum(needs_review(a) for a in annotations)
        marks.border_title = f"{len(annotations)} marks" + (f" · {review} to review" if review else "")

    def _empty_hint(self) -> str:
        """What the side list says before the first mark, with the keys in effect."""
        return (f"No marks yet — {self._keys('reader.select_sentence')} selects a sentence, "
                f"{self._keys('reader.tag_claim')} tags it as a claim")

    def _leave(self) -> None:
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.dismiss()
        elif self.app.screen is self:
            show_library = getattr(self.app, "show_library", None)  # started with this article
            if show_library is not None:
                show_library()
            else:
                self.app.exit()

    # -- status line ------------------------------------------------------------------

    def _keys(self, action_id: str) -> str:
        """The keys in effect (after the user's keymap) for an action, as the footer shows them."""
        if self._key_map is None:
            found: dict[str, list[str]] = {}
            for ab in self.active_bindings.values():
                if ab.binding.id:
                    found.setdefault(ab.binding.id, []).append(self.app.get_key_display(ab.binding))
            self._key_map = {k: "/".join(v[:2]) for k, v in found.items()}
        return self._key_map.get(action_id, "?")

    def _update_status(self) -> None:
        if not self.live or self.article is None:
            return
        self._draw_status()

    def _draw_status(self) -> None:
        view = self.view
        parts: list = []
        if self.visual:
            parts += [("VISUAL", "reverse bold"), " "]
        sel = view.selection
        focus = self.focused_suggestion()
        if focus is not None:
            pass  # the suggestion's own words need the room: who, the cue, the keys
        elif sel:
            parts.append(f"{sel[1] - sel[0]} chars selected  ")
        else:
            parts.append(f"{view.caret}/{len(view.text)}  ")
        ann = self.current_annotation()
        tip = None
        held = self.in_hand() if self.suggestions else None
        if held is not None:
            if self.message:
                parts += [self.message, "  "]
            if focus is None:
                parts.append(("span changed · ", "italic"))
            parts.append(sugg.describe(held[0], view.text, self._suggestion_keys()))
        elif self.message:
            parts.append(self.message)
        elif ann is not None:
            parts.append((ann.label, dict(LEGEND).get(ann.label, "")))
            if ann.attributed_to:
                parts += [" ", ("said by ", "dim"), excerpt(ann.attributed_to, 30)]
            if ann.note:
                parts += [" ", ("note: ", "dim"), excerpt(ann.note, 40)]
            if needs_review(ann):
                parts += ["  ", (anchor_explanation(ann), "italic")]
        else:
            # the entity type in words: without colour the highlight alone does not say it
            ent = None if sel else self.entity_at_caret()
            if ent is not None:
                parts += [(ent.label, "bold"), " ", excerpt(ent.text, 30), "  "]
            if not sel and self.suggestions and self.suggestions_shown:
                tip = Content.styled(f"{self._keys('reader.next_suggestion')}: next of {len(self.suggestions)} "
                                     "suggestions", "dim")
            elif not sel:
                tip = Content.styled("tags take the caret's sentence", "dim")
        left = Content.assemble(*parts)
        # Keys are shown in one place, the key bar; the status line says what is going on.
        self.query_one("#reader-status", StatusLine).show(left.rstrip(), [], tip)

    def _say(self, message: Content | str) -> None:
        self.message = message
        view = self.view
        self._message_at = (view.caret, view.selection)
        self._update_status()

    def _selection_moved(self, caret: int, selection: tuple[int, int] | None) -> None:
        """The view's caret or selection moved (the view calls its `selection_listener` at once).

        Not through the SelectionChanged message: handled when it arrived, the status line
        was composited as a second frame after the caret's (two passes over the screen's
        widgets per key, ~1/4 of a key press, bench/keypress.py).
        """
        # A message stays until the caret moves away from where it was said (the move that
        # came with the change itself, e.g. to a new mark, is shown before it is said).
        if (caret, selection) != self._message_at:
            self.message = ""
        if self.suggestions:
            self._draw_suggestions()
        self._update_status()
        panel = self.entity_panel
        if panel is not None and panel.display:
            panel.focus_group_of(self.entity_at_caret())
        ann = self.current_annotation()
        if ann is not None:
            marks = self.query_one("#annotation-list", MarkList)
            marks.highlight(marks.index_of(ann.id))

    def on_article_view_sentence_requested(self, event: ArticleView.SentenceRequested) -> None:
        span = self.sentences.at(event.offset)
        if span:
            self.view.select(*span)

    # -- which annotation ------------------------------------------------------------

    def current_annotation(self) -> Annotation | None:
        """The selected annotation, else the smallest one under the caret."""
        view = self.view
        sel = view.selection
        anns = view.annotations
        if sel:
            for ann in anns:
                if (ann.start, ann.end) == sel:
                    return ann
        pos = sel[0] if sel else view.caret
        under = [a for a in anns if a.start <= pos < a.end]
        if not under:
            return None
        return max(under, key=lambda a: (a.start - a.end, a.updated_at))

    # -- moving -------------------------------------------------------------------------

    def _target(self, where: str) -> int | None:
        view, text = self.view, self.view.text
        caret = view.caret
        if where == "left":
            return units.grapheme_prev(text, caret)
        if where == "right":
            return units.grapheme_next(text, caret)
        if where == "word_next":
            return units.word_next(text, caret)
        if where == "word_prev":
            return units.word_prev(text, caret)
        if where == "sentence_next":
            return self.sentences.next_start(caret)
        if where == "sentence_prev":
            return self.sentences.prev_start(caret)
        if where == "paragraph_next":
            return units.paragraph_next(text, caret)
        if where == "paragraph_prev":
            return units.paragraph_prev(text, caret)
        if where == "line_start":
            return view.line_bounds()[0]
        if where == "line_end":
            return view.line_bounds()[1]
        if where == "top":
            return 0
        if where == "bottom":
            return len(text)
        return None

    def _move(self, where: str, extend: bool) -> None:
        view = self.view
        if where in ("up", "down"):
            view.move_lines(-1 if where == "up" else 1, extend)
        elif where in ("page_down", "page_up"):
            view.page(1 if where == "page_down" else -1, extend)
        else:
            target = self._target(where)
            if target is not None:
                view.move_to(target, extend)

    def action_move(self, where: str) -> None:
        self._move(where, self.visual)

    def action_extend(self, where: str) -> None:
        self._move(where, True)

    def action_toggle_visual(self) -> None:
        view = self.view
        self.visual = not self.visual
        if self.visual:
            if view.anchor is None:
                view.anchor = view.caret
        else:
            view.clear_selection()
        self._update_status()

    def action_select_unit(self, unit: str) -> None:
        """Select the word, sentence or paragraph at the caret.

        With a selection: select the whole unit(s) it touches; if it already is exactly
        whole units, add the next one (so pressing `s` again grows by a sentence).
        """
        view, text = self.view, self.view.text
        if unit == "sentence":
            sentences = self.sentences

            def at(pos: int) -> tuple[int, int] | None:
                return sentences.at(pos)

            def after(end: int) -> tuple[int, int] | None:
                nxt = sentences.next_start(end - 1)
                return sentences.at(nxt) if nxt < len(text) else None
        elif unit == "word":
            def at(pos: int) -> tuple[int, int] | None:
                return units.word_at(text, pos)

            def after(end: int) -> tuple[int, int] | None:
                nxt = units.word_next(text, end - 1)
                return units.word_at(text, nxt) if nxt < len(text) else None
        else:
            def at(pos: int) -> tuple[int, int] | None:
                return units.paragraph_at(text, pos) or units.paragraph_at(text, units.paragraph_next(text, pos))

            def after(end: int) -> tuple[int, int] | None:
                nxt = units.paragraph_next(text, end - 1)
                return units.paragraph_at(text, nxt) if nxt < len(text) else None
        span = grow_to_units(text, view.selection, view.caret, at, after)
        if span:
            view.select(*span)

    def action_back(self) -> None:
        view = self.view
        if self.visual or view.selection:
            self.visual = False
            view.clear_selection()
            self._update_status()
            return
        if self.matches:
            self.matches = []
            view.set_find_matches([])
            return
        self._leave()

    # -- find ---------------------------------------------------------------------------

    def action_find(self) -> None:
        from .dialogs import FindPrompt

        self.app.push_screen(FindPrompt(self.find_query), self._found)

    def _found(self, query: str | None) -> None:
        self.view.focus()
        if not query:
            return
        self.find_query = query
        self.matches = [m.span() for m in re.finditer(re.escape(query), self.view.text, re.IGNORECASE)]
        self.view.set_find_matches(self.matches)
        if not self.matches:
            self._say(Content.from_markup("No match for [b]$q[/]", q=query))
            return
        self._select_match(self.view.caret, 1, inclusive=True)

    def _select_match(self, pos: int, direction: int, inclusive: bool = False) -> None:
        matches = self.matches
        if direction > 0:
            found = [i for i, (s, _) in enumerate(matches) if s > pos or (inclusive and s >= pos)]
            i, wrapped = (found[0], False) if found else (0, True)
        else:
            found = [i for i, (s, _) in enumerate(matches) if s < pos]
            i, wrapped = (found[-1], False) if found else (len(matches) - 1, True)
        self.visual = False
        self.view.select(*matches[i], center=True)
        note = " (wrapped)" if wrapped else ""
        self._say(Content.from_markup("Match $n of $total$note for [b]$q[/]", n=i + 1, total=len(matches),
                                      note=note, q=self.find_query))

    def action_find_next(self) -> None:
        self._find_step(1)

    def action_find_prev(self) -> None:
        self._find_step(-1)

    def _find_step(self, direction: int) -> None:
        if not self.matches:
            if self.find_query:
                self._found(self.find_query)
            else:
                self.action_find()
            return
        sel = self.view.selection
        pos = sel[0] if sel else self.view.caret
        self._select_match(pos, direction)

    # -- tagging and editing ---------------------------------------------------------------

    def _span_to_tag(self) -> tuple[int, int] | None:
        view, text = self.view, self.view.text
        span = view.selection or self.sentences.at(view.caret)
        if not span:
            return None
        start, end = span
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def action_tag(self, label: str) -> None:
        held = self.in_hand()
        if held is not None and (held[0].kind == "attribution") == (label == "attribution"):
            # a tag key on a suggestion accepts it as that label: c/d on a claim, a on an attribution
            if label == "attribution":
                self._accept_with_picker(*held)
            else:
                self._accept(held[0], None, span=held[1], label=label)
            return
        span = self._span_to_tag()
        if span is None:
            self._say("Nothing to tag here: select some text first")
            return
        start, end = span
        self.view.select(start, end)  # show what will be tagged (also while the picker asks)
        for ann in self.view.annotations:
            if (ann.start, ann.end, ann.label) == (start, end, label):
                self._say(f"Already tagged as {label}")
                return
        if label == "attribution":
            self._open_picker(self._speakers_for(start, end), start, end, "",
                              lambda who: self._add(label, start, end, who) if who is not None else self._cancelled())
        else:
            self._add(label, start, end, "")

    def _speakers_for(self, start: int, end: int, first: str = "") -> list[tuple[str, str]]:
        """Who may have said text[start:end]: the suggested source of an attribution over
        this span first, then nearby names (the sources of all suggested attributions among
        them, so multi-word organisations are offered whole), then earlier answers."""
        earlier = [a.attributed_to for a in self.view.annotations if a.attributed_to]
        found = self._suggested.attributions if self._suggested is not None and self.suggestions_shown else ()
        sources = [(a.source[0], a.source[1], a.source_text) for a in found if a.source and a.source_text]
        over = [a for a in found if a.source_text and a.content[0] < end and a.content[1] > start]
        if over:
            best = max(over, key=lambda a: min(a.content[1], end) - max(a.content[0], start))
            first = first or best.source_text
            if best.source:  # the mention as written, to correct a speaker in a few keys
                sources += [(*best.source, form) for form in mention_forms(self.view.text, *best.source)]
        # every name of the article, nearest first: typing filters them, so far ones are found too
        return speaker_candidates(self.view.entities, start, end, earlier, text=self.view.text, sources=sources,
                                  first=first, limit=PICKER_NAMES)

    def _open_picker(self, candidates: list[tuple[str, str]], start: int, end: int, current: str, answer) -> None:
        """The speaker picker, placed above or below the rows that show text[start:end]."""
        from .dialogs import AttributedToPicker

        self.app.push_screen(AttributedToPicker(candidates, self.view.text[start:end], current,
                                                avoid=self._rows_showing(start, end)), answer)

    PICKER_ROOM = 12  # rows the picker wants beside the text it attributes; else the text is scrolled up

    def _rows_showing(self, start: int, end: int) -> tuple[int, int] | None:
        """The screen rows (first, last) that show text[start:end], scrolling the article so
        that at least PICKER_ROOM rows stay free above or below it."""
        view = self.view
        layout = view.layout_lines
        first, last = layout.line_of(start), layout.line_of(max(start, end - 1))
        region = view.scrollable_content_region
        screen_h = self.size.height

        def rows() -> tuple[int, int]:
            top = int(view.scroll_y)
            return region.y + max(first - top, 0), region.y + min(last - top, region.height - 1)

        a, b = rows()
        if max(a, screen_h - b - 1) < self.PICKER_ROOM:
            view.scroll_to(y=max(0, first - 1), animate=False, immediate=True)
            a, b = rows()
        return a, b

    def _cancelled(self) -> None:
        self.view.focus()
        self._say("Cancelled")

    def _add(self, label: str, start: int, end: int, attributed_to: str) -> None:
        assert self.store is not None
        self.view.focus()
        try:
            ann = self.store.add_annotation(self.article_id, label, start, end, attributed_to=attributed_to,
                                            annotator=self.annotator)
        except (NewsmarkError, sqlite3.Error, OSError) as exc:
            # A full disk or a lost file: say so, keep the span selected (unsaved, visible), go on.
            self.view.select(start, end)
            self._say(f"Not saved ({label}): {exc}")
            return
        self.history.record(Change("add", ann.id, description=f"tag {label}"))
        self.visual = False
        self._reload_annotations()
        self.view.move_to(ann.start)
        self._say(Content.from_markup("Saved [b]$label[/] ($n chars) · $undo undoes", label=label,
                                      n=end - start, undo=self._keys("reader.undo")))

    def _need_annotation(self) -> Annotation | None:
        ann = self.current_annotation()
        if ann is None:
            self._say(Content.from_markup("No mark under the caret; $key jumps to the next one",
                                          key=self._keys("reader.next_annotation")))
        return ann

    def _update(self, ann: Annotation, what: str, **after) -> None:
        assert self.store is not None
        self.view.focus()
        before = {key: getattr(ann, key) for key in after}
        if before == after:
            return
        try:
            self.store.update_annotation(ann.id, unchanged_since=ann.updated_at, **after)
        except StaleEdit as exc:
            self._reload_annotations()  # what the store holds now: the newer edit stays
            self._say(f"Not saved: {exc}")
            return
        except (NewsmarkError, sqlite3.Error, OSError) as exc:
            self._say(f"Not saved: {exc}")
            return
        self.history.record(Change("update", ann.id, before, after, description=what))
        self._reload_annotations()
        self._say(f"Saved: {what}")

    def action_edit_note(self) -> None:
        ann = self._need_annotation()
        if ann is not None:
            from .dialogs import NoteEditor

            self.app.push_screen(NoteEditor(ann.quote, ann.label, ann.note),
                                 lambda note: note is not None and self._update(ann, "note", note=note))

    def action_change_label(self) -> None:
        ann = self._need_annotation()
        if ann is not None:
            from .dialogs import LabelChooser

            self.app.push_screen(LabelChooser(ann.label),
                                 lambda label: label and self._update(ann, f"label {label}", label=label))

    def action_edit_attributed_to(self) -> None:
        ann = self._need_annotation()
        if ann is None:
            return
        self._open_picker(self._speakers_for(ann.start, ann.end), ann.start, ann.end, ann.attributed_to,
                          lambda who: who is not None and self._update(ann, "who said it", attributed_to=who))

    def action_verdict(self) -> None:
        from .review import ask_verdict

        ann = self._need_annotation()
        if ann is not None:
            ask_verdict(self.app, self.store, ann, self.annotator, lambda said: (self._reload_annotations(), self._say(said)))

    def action_review(self) -> None:
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.db_path, self.article_id, self.annotator),
                             lambda _: self._reload_annotations())

    def action_delete_annotation(self) -> None:
        assert self.store is not None
        ann = self._need_annotation()
        if ann is None:
            return
        try:
            self.store.delete_annotation(ann.id)
        except NewsmarkError as exc:
            self._say(f"Not deleted: {exc}")
            return
        self.history.record(Change("delete", ann.id, description=f"delete {ann.label}"))
        self._reload_annotations()
        self.view.clear_selection()
        self._say(Content.from_markup("Deleted $label · $undo undoes", label=ann.label,
                                      undo=self._keys("reader.undo")))

    def _step_history(self, redo: bool) -> None:
        assert self.store is not None
        try:
            change = self.history.redo(self.store) if redo else self.history.undo(self.store)
        except NewsmarkError as exc:
            self._say(f"Could not {'redo' if redo else 'undo'}: {exc}")
            return
        if change is None:
            self._say(f"Nothing to {'redo' if redo else 'undo'}")
            return
        if change.kind == "reject":
            self._refresh_suggestions()
            self.view.move_to(change.before["start"], center=True)
        else:
            self._reload_annotations()
            ann = self.store.annotation(change.annotation_id)
            self.view.move_to(ann.start, center=True)
        self._say(f"{'Redone' if redo else 'Undone'}: {change.description}")

    def action_undo(self) -> None:
        self._step_history(False)

    def action_redo(self) -> None:
        self._step_history(True)

    # -- jumping and panels ------------------------------------------------------------

    def action_jump(self, kind: str, direction: int) -> None:
        view = self.view
        if kind == "mention":
            self._jump_mention(direction)
            return
        spans = [(a.start, a.end) for a in view.annotations] if kind == "annotation" else \
            [(e.start, e.end) for e in view.entities]
        caret = view.caret
        if direction > 0:
            ahead = [s for s in spans if s[0] > caret]
            target = min(ahead) if ahead else None
        else:
            sel = view.selection
            pos = sel[0] if sel else caret
            behind = [s for s in spans if s[0] < pos]
            target = max(behind) if behind else None
        if target is None:
            self._say(f"No {'next' if direction > 0 else 'previous'} {kind}")
            return
        view.move_to(target[0], center=True)

    def on_mark_list_selected(self, event: MarkList.Selected) -> None:
        event.stop()
        for ann in self.view.annotations:
            if ann.id == event.annotation_id:
                self.view.select(ann.start, ann.end, center=True)
                self.view.focus()
                if needs_review(ann):
                    self._say(anchor_explanation(ann))
                return
        for ann in getattr(self, "_orphaned", []):
            if ann.id == event.annotation_id:
                self._say(anchor_explanation(ann))

    def _jump_mention(self, direction: int) -> None:
        if not ACTORS:
            self._not_yet("Mentions of an actor")
            return
        from newsmark.actors import mentions_of, registry_of, step_mention

        entity = self.entity_at_caret()
        if entity is None:
            self._say("Put the caret on a name first")
            return
        if self.registry is None and self.store is not None:
            self.registry = registry_of(self.store)
        panel = self.entity_panel
        groups = panel.groups if panel is not None and panel.display and panel.groups else None
        mentions = mentions_of(self.view.entities, entity, self.registry, groups=groups)
        sel = self.view.selection
        target = step_mention(mentions, sel[0] if sel else self.view.caret, direction)
        if target is not None:
            self.view.select(target.start, target.end, center=True)
            self._say(Content.from_markup("$n mentions of [b]$name[/]", n=len(mentions), name=entity.text))

    async def action_toggle_panel(self, which: str) -> None:
        if which == "annotations":
            panel = self.query_one("#annotation-list", MarkList)
        elif not ACTORS:
            self._not_yet("The entity list")
            return
        else:
            panel = self.entity_panel
            if panel is None:  # first time: mount it, hidden, left of the mark list
                from .entity_panel import EntityPanel

                panel = EntityPanel(id="entity-panel")
                self._entity_panel = panel
                panel.display = False
                panel.styles.width = side_width(self.size.width)
                await self.query_one("#reader-body").mount(panel, before="#annotation-list")
        panel.display = not panel.display
        if which == "annotations":
            self.app.show_mark_list = panel.display  # kept for the next article of this run
        if panel.display and which == "entities":
            self._refresh_entity_panel()
        if not panel.display:
            self.view.focus()

    def action_alias_entity(self) -> None:
        if not ACTORS:
            self._not_yet("Linking entities to actors")
            return
        from newsmark.actors import registry_of

        from .entity_panel import AliasDialog

        entity = self.entity_at_caret()
        if entity is None:
            self._say("Put the caret on a name first")
            return
        if self.registry is None:
            self.registry = registry_of(self.store)

        def linked(actor) -> None:
            self.view.focus()
            if actor is not None:
                self.registry = registry_of(self.store)
                self._refresh_entity_panel()
                self._say(Content.from_markup("Linked [b]$text[/] to $actor", text=entity.text, actor=actor.name))

        self.app.push_screen(AliasDialog(self.store, entity, self.registry), linked)

    def _not_yet(self, what: str) -> None:
        self.app.notify(f"{what}: not available yet.", severity="warning", markup=False)

