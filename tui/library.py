"""The library: every article in the database, filtered as you type, Enter opens one.

Titles and outlets come from imported files: they are shown as `rich.text.Text`, never
parsed as markup. Importing runs in a worker thread with its own Store (a SQLite
connection belongs to the thread that opened it) and reports back with a message.
"""

from __future__ import annotations

from pathlib import Path

from rapidfuzz import fuzz, utils
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from newsmark.errors import NewsmarkError
from newsmark.model import LABELS
from newsmark.safe_text import shown as visible

from .bindings import screen_bindings
from .key_bar import KeyBar
from .messages import ArticleImported, ImportFailed

# Every word of the filter must match some word of the article this well (0-100). At 80 one
# slip in a word of 5+ letters still matches ("dockwrokers", "merdian", "atlantc" score 91-93)
# while a real word with junk on it does not ("ballotzzqx" against "ballots" scores 71).
WORD_CUTOFF = 80


def _words(text: str) -> list[str]:
    return utils.default_process(text).split()


def match_score(query_words: list[str], words: list[str]) -> float:
    """How well every word of the query matches some word of the article (0-100, 0 = no match).

    Per query word: 100 for a prefix of an article word, else the best edit-distance
    ratio against a whole word or a word's prefix of the same length, so "dockwrokers"
    and "merdian" still find their article. A word below WORD_CUTOFF rules the article
    out; otherwise the score is the mean, which ranks the matches.
    """
    if not query_words:
        return 100.0
    total = 0.0
    for q in query_words:
        best = 0.0
        for w in words:
            if w.startswith(q):
                best = 100.0
                break
            score = fuzz.ratio(q, w)
            if len(q) >= 4 and len(w) > len(q):
                score = max(score, fuzz.ratio(q, w[: len(q)]) * 0.95)
            best = max(best, score)
        if best < WORD_CUTOFF:
            return 0.0
        total += best
    return total / len(query_words)


def filter_articles(rows: list[dict], query: str) -> list[dict]:
    """Rows matching `query` (title, outlet, id), best first; all rows in order for an empty query."""
    query_words = _words(query)
    if not query_words:
        return list(rows)
    scored = []
    for index, row in enumerate(rows):
        if row["id"].startswith(query.strip().lower()):
            score = 101.0  # an id prefix is what `newsmark open` takes too: always first
        else:
            score = match_score(query_words, _words(f"{row['title']} {row['outlet'] or ''} {row['id']}"))
        if score > 0:
            scored.append((-score, index, row))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in scored]


class ImportDialog(ModalScreen[Path | None]):
    """Asks for the path of a file to import; dismissed with the path or None.
    Tab completes the path as a shell does and lists the matches when there are several."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("tab", "complete", "Complete", priority=True)]
    HINT = "Tab completes · Enter imports · Escape cancels"

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog"):
            yield Label("Import an article (.txt, .md or .html)", classes="dialog-title")
            yield Input(placeholder="path to a file, e.g. ~/articles/story.md", id="import-path")
            yield Label(self.HINT, classes="dialog-hint", id="import-hint", markup=False)

    def action_complete(self) -> None:
        from .path_complete import complete

        field = self.query_one("#import-path", Input)
        completed, matches = complete(field.value)
        self._completed = completed
        field.value = completed
        field.cursor_position = len(completed)
        hint = self.query_one("#import-hint", Label)
        if matches:
            shown = "  ".join(matches[:12]) + ("  …" if len(matches) > 12 else "")
            hint.update(visible(shown))  # file names are outside text
        else:
            hint.update(self.HINT)

    _completed: str | None = None

    @on(Input.Changed, "#import-path")
    def _typed(self, event: Input.Changed) -> None:
        if event.value != self._completed:  # typed on: the listed matches are stale
            self.query_one("#import-hint", Label).update(self.HINT)

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.dismiss(None)
            return
        self.dismiss(Path(value).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)


class LibraryScreen(Screen[None]):
    BINDINGS = screen_bindings("library") + [
        # Table navigation while the filter has focus: not rebindable, like an Input's own keys.
        Binding("down", "cursor('down')", show=False),
        Binding("up", "cursor('up')", show=False),
        Binding("pagedown", "cursor('page_down')", show=False),
        Binding("pageup", "cursor('page_up')", show=False),
    ]

    def __init__(self, db_path: Path, deferred: bool = False) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        # Under a reader opened at start-up, the library is built when first shown, not
        # before the reader: it keeps `newsmark open` as quick as the reader alone.
        self._built = not deferred
        self.rows: list[dict] = []
        self.shown: list[dict] = []
        self._select_after_filter: str | None = None

    def compose(self) -> ComposeResult:
        if self._built:
            yield from self._widgets()

    def _widgets(self) -> list:
        return [
            Header(),
            Input(placeholder="Type to filter articles by title, outlet or id", id="filter", select_on_focus=False),
            DataTable(id="articles", cursor_type="row", zebra_stripes=True),
            Static("", id="library-empty", markup=False),
            Static("", id="library-status"),
            KeyBar(),
        ]

    def on_mount(self) -> None:
        if self._built:
            self._set_up()

    def _set_up(self) -> None:
        self._add_columns()
        self.reload()
        self.query_one("#filter", Input).focus()

    def _add_columns(self) -> None:
        table = self.query_one("#articles", DataTable)
        table.clear(columns=True)
        # The title takes whatever the other columns leave (DataTable has no fr widths);
        # a narrow terminal drops the outlet before the title gets too short to read.
        fixed = {"outlet": 20, "published": 10, "claim": 6, "attribution": 7, "disputed": 8, "id": 8}
        width = self.app.size.width

        def title_width() -> int:
            padding = 2 * (len(fixed) + 1) + 2 + 2  # cell padding, the table's margin, a scrollbar
            return width - sum(fixed.values()) - padding

        if title_width() < 32:
            del fixed["outlet"]
        self._title_width = max(20, title_width())
        self._columns = ["title", *fixed]
        headings = {"outlet": "Outlet", "published": "Published", "id": "Id",
                    "claim": "Claims", "attribution": "Attrib.", "disputed": "Disputed"}
        table.add_column("Title", key="title", width=self._title_width)
        for key, column_width in fixed.items():
            heading = Text(headings[key], justify="right") if key in LABELS else headings[key]
            table.add_column(heading, key=key, width=column_width)

    def _cells(self, row: dict) -> list[Text]:
        counts = row["counts"]
        cells = {
            "title": Text(row["title"] or "(untitled)", overflow="ellipsis", no_wrap=True),
            "outlet": Text(row["outlet"] or "", overflow="ellipsis", no_wrap=True),
            "published": Text((row["published"] or "")[:10]),
            "id": Text(row["id"], style="dim"),
            **{label: Text(str(counts.get(label, 0)), justify="right") for label in LABELS},
        }
        return [cells[key] for key in self._columns]

    def on_resize(self) -> None:
        if self._built and self.is_mounted and getattr(self, "_title_width", None) is not None:
            self._add_columns()
            self.show()

    async def on_screen_resume(self) -> None:
        if not self._built:
            if self.app.screen is not self:
                return  # still under the reader opened at start-up
            self._built = True
            await self.mount_all(self._widgets())
            self._set_up()
        elif self.is_mounted:
            self.reload()  # back from the reader: the counts may have changed

    # -- data -----------------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        from newsmark.store import Store

        try:
            with Store.open(self.db_path) as store:
                self.rows = store.articles()
        except NewsmarkError as exc:
            self.rows = []
            self.notify(str(exc), title="Cannot read the database", severity="error", markup=False)
        self.show(select_id)

    def show(self, select_id: str | None = None) -> None:
        table = self.query_one("#articles", DataTable)
        keep = select_id or self.highlighted_id()
        query = self.query_one("#filter", Input).value
        self.shown = filter_articles(self.rows, query)
        table.clear()
        for row in self.shown:
            table.add_row(*self._cells(row), key=row["id"])
        ids = [row["id"] for row in self.shown]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        elif ids:
            table.move_cursor(row=0, animate=False)
        self._update_status(query)

    def _update_status(self, query: str) -> None:
        empty = self.query_one("#library-empty", Static)
        status = self.query_one("#library-status", Static)
        import_keys = self._keys_for("library.import")
        if not self.rows:
            empty.update(
                f"No articles yet. Press {import_keys} to import a .txt, .md or .html file, "
                "or run `newsmark demo` to try the bundled samples."
            )
            empty.display = True
        elif not self.shown:
            empty.update(Content.from_markup("Nothing matches [b]$query[/b]. Backspace to widen the filter.", query=query))
            empty.display = True
        else:
            empty.display = False
        status.update(
            Content.from_markup(
                "$shown of $total articles · Enter opens · $keys imports a file",
                shown=str(len(self.shown)), total=str(len(self.rows)), keys=import_keys,
            )
        )

    def _keys_for(self, action_id: str) -> str:
        keymap = getattr(self.app, "newsmark_keymap", None)
        keys = keymap.keys[action_id] if keymap else ""
        return " or ".join(k for k in keys.split(",") if k) or "?"

    def highlighted_id(self) -> str | None:
        table = self.query_one("#articles", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]["id"]

    # -- events and actions ---------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        # A new filter highlights its best match, unless an import asked for its article.
        select_id, self._select_after_filter = self._select_after_filter, None
        self.shown = []
        self.show(select_id)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_open_article()

    @on(DataTable.RowSelected, "#articles")
    def _row_selected(self) -> None:
        self.action_open_article()

    def on_key(self, event) -> None:
        # Typing while the table has focus (after a click) still filters: send it to the filter.
        filter_input = self.query_one("#filter", Input) if self._built else None
        if (
            filter_input is not None
            and isinstance(self.focused, DataTable)
            and event.is_printable
            and event.character
            and event.key not in self.active_bindings
        ):
            filter_input.focus()
            filter_input.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def action_cursor(self, direction: str) -> None:
        table = self.query_one("#articles", DataTable)
        getattr(table, f"action_cursor_{direction}" if direction in ("up", "down") else f"action_{direction}")()

    def action_open_article(self) -> None:
        article_id = self.highlighted_id()
        if article_id is None:
            self.notify("No article to open: import one first.", severity="warning")
            return
        self.app.open_reader(article_id)  # type: ignore[attr-defined]

    def action_review_article(self) -> None:
        from .review import ReviewScreen

        article_id = self.highlighted_id()
        if article_id is None:
            self.notify("No article to review: import one first.", severity="warning")
            return
        self.app.push_screen(ReviewScreen(self.db_path, article_id, self.app.annotator),  # type: ignore[attr-defined]
                             lambda _: self.reload(select_id=article_id))

    def action_focus_filter(self) -> None:
        """From the list (after a click): back to the filter, its text selected so typing
        starts a new filter. While the filter has focus the key is simply typed (an Input
        consumes printable keys before screen bindings)."""
        filter_input = self.query_one("#filter", Input)
        filter_input.focus()
        filter_input.select_all()

    def action_import_file(self) -> None:
        self.app.push_screen(ImportDialog(), self._import_chosen)

    def _import_chosen(self, path: Path | None) -> None:
        if path is not None:
            self.import_file(path)

    @work(thread=True, exclusive=True, group="import")
    def import_file(self, path: Path) -> None:
        from newsmark.ingest import read_article
        from newsmark.store import Store

        try:
            imported = read_article(path)
            with Store.open(self.db_path) as store:
                article, status, detail = store.import_article(imported)
        except NewsmarkError as exc:
            self.post_message(ImportFailed(path, str(exc)))
            return
        self.post_message(ArticleImported(article.id, article.title, status, detail))

    def on_article_imported(self, message: ArticleImported) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.value:
            self._select_after_filter = message.article_id
            filter_input.value = ""  # the new article might not match the old filter
        self.reload(select_id=message.article_id)
        what = {"new": "Imported", "unchanged": "Already in the library", "updated": "Updated"}.get(message.status, message.status)
        self.notify(f"{what}: {message.title}", markup=False)

    def on_import_failed(self, message: ImportFailed) -> None:
        self.notify(message.error, title="Import failed", severity="error", markup=False)
