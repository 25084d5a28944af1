"""Search across all annotations, results updating as you type.

Each keystroke starts a search in a worker thread (exclusive: a newer query cancels the
older one, whose results are then dropped). The worker opens its own Store — a SQLite
connection belongs to the thread that opened it. Quotes, notes and titles are untrusted
text: every result is built as a rich `Text`, never parsed as markup.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsmark.errors import NewsmarkError
from newsmark.model import LABELS

from .bindings import screen_bindings
from .key_bar import KeyBar

RESULT_LIMIT = 50
LABEL_STYLE = {"claim": "bold #d7a000", "attribution": "bold #3d8fd1", "disputed": "bold #d1495b"}
MATCH_STYLE = "bold underline"


def result_text(hit) -> Text:
    """Label, score and title on one line; the quote in its context, matches emphasised, below."""
    ann = hit.annotation
    title = (ann.article or {}).get("title") or ann.article_id
    line = Text()
    line.append(f"{ann.label:<11}", style=LABEL_STYLE.get(ann.label, "bold"))
    line.append(f" {hit.score:5.1f}  ", style="dim")
    line.append_text(_emphasised(" ".join(title.split()), hit.spans(" ".join(title.split()))))
    line.append("\n    ")
    prefix = " ".join(ann.prefix.split())
    suffix = " ".join(ann.suffix.split())
    line.append(("…" if len(ann.prefix) >= 32 else "") + prefix + " ", style="dim")
    line.append_text(_emphasised(ann.quote, hit.quote_spans, base="italic", newline_to_space=True))
    line.append(" " + suffix + ("…" if len(ann.suffix) >= 32 else ""), style="dim")
    extras = []
    if ann.attributed_to:
        extras.append(("source: ", ann.attributed_to))
    if ann.note:
        extras.append(("note: ", ann.note))
    for name, value in extras:
        flat = " ".join(value.split())
        line.append("\n    " + name, style="dim")
        line.append_text(_emphasised(flat, hit.spans(flat)))
    return line


def _emphasised(text: str, spans, base: str = "", newline_to_space: bool = False) -> Text:
    shown = text.replace("\n", " ") if newline_to_space else text
    out = Text(shown, style=base)
    for start, end in spans:
        out.stylize(MATCH_STYLE, start, end)
    return out


class SearchScreen(Screen[tuple[str, int, int] | None]):
    """Fuzzy search of every annotation; dismisses with (article_id, start, end) or None."""

    BINDINGS = screen_bindings("search")
    DEFAULT_CSS = """
    SearchScreen #search-box { height: 1fr; }
    SearchScreen #search-status { height: 1; color: $text-muted; padding: 0 1; }
    SearchScreen #search-results { height: 1fr; }
    """

    class Results(Message):
        """A search worker's answer to query number `seq`."""

        def __init__(self, seq: int, hits: list, error: str | None, elapsed_ms: float) -> None:
            super().__init__()
            self.seq = seq
            self.hits = hits
            self.error = error
            self.elapsed_ms = elapsed_ms

    def __init__(self, db_path: Path, query: str = "") -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.initial_query = query
        self.labels: set[str] = set()  # empty: every label
        self.seq = 0
        self.hits: list = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(value=self.initial_query, placeholder="Search quotes, notes, sources and titles — typos are fine",
                        id="search-input")
            yield Static("", id="search-status", markup=False)
            yield OptionList(id="search-results")
        yield KeyBar()  # as every other screen: whole keys only, the palette and help first

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        self._show_status()
        if self.initial_query:
            self._start(self.initial_query)

    # -- searching ----------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self._start(event.value)

    def _start(self, query: str) -> None:
        self.seq += 1
        if not query.strip():
            self.hits = []
            self._fill([])
            self._show_status("Type to search every annotation.")
            return
        self.run_search(self.seq, query, tuple(sorted(self.labels)))

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, seq: int, query: str, labels: tuple[str, ...]) -> None:
        from textual.worker import get_current_worker

        from newsmark.search import search
        from newsmark.store import Store

        started = time.perf_counter()
        hits: list = []
        error = None
        try:
            with Store.open(self.db_path) as store:
                if not labels:
                    hits = search(store, query, limit=RESULT_LIMIT)
                else:  # the best of each chosen label, merged: the top of their union
                    for label in labels:
                        hits.extend(search(store, query, label=label, limit=RESULT_LIMIT))
                    hits.sort(key=lambda h: -h.score)
                    hits = hits[:RESULT_LIMIT]
        except NewsmarkError as exc:
            error = str(exc)
        if get_current_worker().is_cancelled:
            return
        self.post_message(self.Results(seq, hits, error, (time.perf_counter() - started) * 1000))

    @on(Results)
    def _results(self, message: Results) -> None:
        if message.seq != self.seq:
            return  # a newer query is on its way
        self.hits = message.hits
        self._fill(message.hits)
        if message.error:
            self._show_status(message.error)
        else:
            n = len(message.hits)
            self._show_status(f"{n}{'+' if n == RESULT_LIMIT else ''} result(s) in {message.elapsed_ms:.0f} ms")

    def _fill(self, hits: list) -> None:
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options([Option(result_text(h), id=str(i)) for i, h in enumerate(hits)])
        # Nothing is highlighted while the cursor is in the query: the first ↓ lands on the
        # first result, and Enter in the query opens the top one.
        results.highlighted = None

    def _show_status(self, message: str = "") -> None:
        shown = ", ".join(sorted(self.labels)) if self.labels else "all labels"
        self.query_one("#search-status", Static).update(Text(f"{message}   [{shown}]  F5 claims · F6 attributions · F7 disputed"
                                                             if message else f"[{shown}]"))

    # -- actions ------------------------------------------------------------------

    def action_toggle_label(self, label: str) -> None:
        if label not in LABELS:
            return
        self.labels ^= {label}
        self._start(self.query_one("#search-input", Input).value)
        self._show_status("Filtering…")

    def action_open_result(self) -> None:
        results = self.query_one("#search-results", OptionList)
        index = results.highlighted
        if index is None:
            index = 0  # Enter in the query: the best result
        if not 0 <= index < len(self.hits):
            return
        ann = self.hits[index].annotation
        self.dismiss((ann.article_id, ann.start, ann.end))

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        self.action_open_result()

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_result()

    def on_key(self, event) -> None:
        # Arrow keys move through the results while the cursor stays in the query.
        if isinstance(self.focused, Input) and event.key in ("down", "up", "pagedown", "pageup"):
            results = self.query_one("#search-results", OptionList)
            if event.key == "up" and results.highlighted == 0:
                results.highlighted = None  # back above the list, as before the first ↓
            else:
                {"down": results.action_cursor_down, "up": results.action_cursor_up,
                 "pagedown": results.action_page_down, "pageup": results.action_page_up}[event.key]()
            event.stop()
            event.prevent_default()
