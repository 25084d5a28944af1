"""The review screen: where annotators' marks on one article differ, one place at a time.

Who marked what is shown side by side, one column per annotator, under the passage it
concerns. A decision is saved at once (one transaction) and the screen moves on:

- accept the chosen version: its marks accepted, every other version's rejected;
- merge: one curator's mark over the union of the spans (the chosen version's label and
  note), accepted; all versions rejected;
- reject: every version rejected;
- edit: a curator's mark on the span and label typed in (START:END LABEL), accepted;
  all versions rejected.

Accepted marks are the curated set (`export --curated`). A curator's mark names the
marks it came from (curated_from), so agreement scores and later reviews leave it out.
Agreed places (everyone marked the same span with the same label) are not shown; one key
accepts them all (one mark each, the duplicates rejected).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsmark.curation import Item, items, merged_span
from newsmark.errors import NewsmarkError
from newsmark.model import LABELS
from newsmark.quotes import excerpt

from .bindings import screen_bindings
from .dialogs import _DIALOG_CSS, _Dialog, _LineDialog
from .key_bar import KeyBar

CONTEXT = 160  # characters of the article shown around a disagreement, each side at most


class SpanEditor(_LineDialog):
    """`START:END LABEL` for the curator's own mark; Enter saves, Escape cancels."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="SpanEditor")

    def __init__(self, initial: str, length: int) -> None:
        super().__init__()
        self.initial, self.length = initial, length

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Your own mark: START:END and a label", classes="dialog--title")
            yield Input(self.initial, placeholder="e.g. 120:188 claim", id="span-input")
            yield Static(Content.from_markup("Offsets in characters (0–$n, end exclusive); label: $labels · Esc cancels",
                                             n=str(self.length), labels=", ".join(LABELS)), classes="dialog--hint")


class VerdictChooser(_Dialog):
    """A rating from the desk's scale for one claim; Enter chooses, Escape cancels."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="VerdictChooser")

    def __init__(self, names: tuple[str, ...], quote: str, current: str | None) -> None:
        super().__init__()
        self.names, self.quote, self.current = names, quote, current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.from_markup("Verdict  [dim]“$quote”[/]", quote=excerpt(self.quote, 60)),
                         classes="dialog--title")
            yield OptionList(*[Option(Content(name), id=str(i)) for i, name in enumerate(self.names)],
                             id="verdict-options")
            yield Static("Enter: rate · evidence links and a note: `newsmark verdict ID RATING --evidence URL`"
                         " · Esc cancel", classes="dialog--hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.names:
            options.highlighted = self.names.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.names[int(event.option.id or 0)])


def ask_verdict(app, store, ann, reviewer: str, done) -> None:
    """The reader's verdict key: choose a rating for `ann`, save it, then `done(message)`."""
    from newsmark.config import load_config
    from newsmark.store.desk import RATED_LABELS, kept_from_earlier, set_verdict

    if ann.label not in RATED_LABELS:
        done(f"A verdict rates a claim or a disputed mark; this is an {ann.label}")
        return
    try:
        scale = load_config().rating_scale
    except NewsmarkError as exc:
        done(f"Config: {exc}")
        return

    def chosen(rating: str | None) -> None:
        if rating is None:
            return
        try:
            verdict = set_verdict(store, ann.id, rating, reviewer=reviewer).verdict or {}
        except NewsmarkError as exc:
            done(f"Not saved: {exc}")
            return
        kept = kept_from_earlier(verdict)  # the key gives a rating only
        done(f"Verdict saved: {rating}" + (f" (kept {' and '.join(kept)} from the earlier one)" if kept else ""))

    app.push_screen(VerdictChooser(scale.names, ann.quote, (ann.verdict or {}).get("rating")), chosen)


def parse_edit(value: str, length: int) -> tuple[int, int, str]:
    parts = value.replace(":", " ").split()
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise NewsmarkError("write START:END LABEL, e.g. 120:188 claim")
    start, end, label = int(parts[0]), int(parts[1]), parts[2]
    if label not in LABELS:
        raise NewsmarkError(f"unknown label {label!r}; use one of: {', '.join(LABELS)}")
    if not 0 <= start < end <= length:
        raise NewsmarkError(f"span {start}:{end} must lie within 0:{length} with START < END")
    return start, end, label


class ReviewScreen(Screen):
    BINDINGS = screen_bindings("review")
    DEFAULT_CSS = """
    ReviewScreen #review-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    ReviewScreen #review-status { height: 1; padding: 0 1; color: $text-muted; }
    ReviewScreen #review-context { height: auto; max-height: 7; padding: 0 1; border-bottom: solid $panel-lighten-2; }
    ReviewScreen #review-versions { height: 1fr; }
    ReviewScreen .review-version { width: 1fr; height: auto; border: round $panel-lighten-2; padding: 0 1; }
    ReviewScreen .review-version.-chosen { border: double $accent; }
    ReviewScreen #review-message { height: auto; padding: 0 1; }
    """

    def __init__(self, db_path: Path, article_id: str, curator: str) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.article_id = article_id
        self.curator = curator
        self.position = 0  # index into self.open_items
        self.chosen = 0  # index into the annotators (columns)
        self.items: list[Item] = []
        self.message = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="review-title", markup=False)
        yield Static("", id="review-status", markup=False)
        yield Static("", id="review-context", markup=False)
        with VerticalScroll(id="review-versions"):
            yield Horizontal(id="review-columns")
        yield Static("", id="review-message", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        from newsmark.store import Store

        self.store = Store.open(self.db_path)
        self.article = self.store.article(self.article_id)
        self.query_one("#review-title", Static).update(Content(f"Review · {excerpt(self.article.title, 70)}"))
        self.reload()

    def on_unmount(self) -> None:
        self.store.close()

    # -- state -----------------------------------------------------------------------

    def reload(self) -> None:
        self.items = items(self.store.annotations(article_id=self.article_id))
        self.position = min(self.position, max(0, len(self.open_items) - 1))
        self.refresh_view()

    @property
    def annotators(self) -> tuple[str, ...]:
        return self.items[0].annotators if self.items else ()

    @property
    def open_items(self) -> list[Item]:
        """Disagreements still to settle, in text order."""
        return [i for i in self.items if not i.agreed and not i.settled]

    @property
    def current(self) -> Item | None:
        pending = self.open_items
        return pending[self.position] if pending else None

    # -- drawing ---------------------------------------------------------------------

    def refresh_view(self) -> None:
        status = self.query_one("#review-status", Static)
        context = self.query_one("#review-context", Static)
        columns = self.query_one("#review-columns", Horizontal)
        columns.remove_children()
        pending = self.open_items
        agreed = [i for i in self.items if i.agreed and not i.settled]
        settled = sum(1 for i in self.items if i.settled)
        if len(self.annotators) < 2:
            status.update("Only one annotator marked this article: nothing to compare.")
            context.update("")
            self._say()
            return
        item = self.current
        summary = f"{settled} settled · {len(agreed)} agreed"
        if item is None:
            status.update(Content("All disagreements settled · " + summary))
            context.update(Content("Nothing left to review here. Export the outcome with `newsmark export --curated`."))
            self._say()
            return
        status.update(Content(f"Disagreement {self.position + 1} of {len(pending)} · " + summary))
        text = self.article.text
        lo, hi = max(0, item.start - CONTEXT), min(len(text), item.end + CONTEXT)
        shown = (("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")).replace("\n", " ")
        offset = 1 if lo else 0
        passage = Content(shown).stylize("underline", item.start - lo + offset, item.end - lo + offset)
        context.update(passage)
        self.chosen %= len(self.annotators)
        versions = item.versions()
        for k, name in enumerate(self.annotators):
            box = Static(self._version_text(versions.get(name, [])), classes="review-version", markup=False)
            box.border_title = f"{k + 1} {name}"
            if k == self.chosen:
                box.add_class("-chosen")
                box.border_subtitle = "chosen"
            columns.mount(box)
        self._say()

    def _version_text(self, marks) -> Content:
        if not marks:
            return Content.styled("did not mark this", "italic")
        parts: list[Content] = []
        for m in marks:
            lines = [Content.styled(f"{m.label} {m.start}:{m.end}", "bold"), Content(f"“{excerpt(m.quote, 120)}”")]
            if m.attributed_to:
                lines.append(Content(f"said by: {m.attributed_to}"))
            if m.note:
                lines.append(Content(f"note: {excerpt(m.note, 80)}"))
            if m.status:
                lines.append(Content.styled(m.status, "italic"))
            parts.append(Content("\n").join(lines))
        return Content("\n\n").join(parts)

    def _say(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        self.query_one("#review-message", Static).update(Content(self.message or self._hint()))

    def _hint(self) -> str:
        keys = getattr(self.app, "newsmark_keymap", None)

        def key(action_id: str) -> str:
            first = keys.keys[action_id].split(",")[0] if keys else "?"
            return {"enter": "⏎", "right": "→", "left": "←", "escape": "esc"}.get(first, first)

        return (f"{key('review.choose_prev')}{key('review.choose_next')} choose · {key('review.accept')} accept · "
                f"{key('review.merge')} merge · {key('review.reject')} reject both · {key('review.edit')} edit · "
                f"{key('review.accept_agreed')} accept agreed · {key('review.next')} next · {key('review.back')} back")

    # -- actions ---------------------------------------------------------------------

    def action_step(self, direction: int) -> None:
        pending = self.open_items
        if pending:
            self.position = (self.position + direction) % len(pending)
            self.refresh_view()

    def action_choose(self, direction: int) -> None:
        if self.annotators:
            self.chosen = (self.chosen + direction) % len(self.annotators)
            self.refresh_view()

    def _decide(self, do, what: str) -> None:
        item = self.current
        if item is None:
            self._say("Nothing to decide here.")
            return
        try:
            do(item)
        except NewsmarkError as exc:
            self._say(f"Not saved: {exc}")
            return
        self.reload()
        self._say(what)

    def _chosen_marks(self, item: Item):
        return item.versions().get(self.annotators[self.chosen], [])

    def action_accept(self) -> None:
        from newsmark.store.desk import curate

        def do(item: Item) -> None:
            keep = self._chosen_marks(item)
            if not keep:
                raise NewsmarkError(f"{self.annotators[self.chosen]} did not mark this; choose another version, or reject")
            keep_ids = {m.id for m in keep}
            curate(self.store, accept=sorted(keep_ids), reject=[i for i in item.ids() if i not in keep_ids])

        self._decide(do, f"Accepted {self.annotators[self.chosen] if self.annotators else ''}'s version.")

    def action_reject(self) -> None:
        from newsmark.store.desk import curate

        self._decide(lambda item: curate(self.store, reject=item.ids()), "Rejected every version.")

    def action_merge(self) -> None:
        from newsmark.store.desk import add_curated_mark

        def do(item: Item) -> None:
            base = (self._chosen_marks(item) or item.marks)[0]
            start, end = merged_span(item.marks)
            add_curated_mark(self.store, self.article_id, base.label, start, end, curator=self.curator,
                             sources=item.ids(), note=base.note, attributed_to=base.attributed_to, reject=item.ids())

        self._decide(do, "Merged the spans into one mark of yours.")

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            self._say("Nothing to edit here.")
            return
        base = (self._chosen_marks(item) or item.marks)[0]
        self.app.push_screen(SpanEditor(f"{base.start}:{base.end} {base.label}", len(self.article.text)),
                             self._edited)

    def _edited(self, value: str | None) -> None:
        if value is None:
            return
        from newsmark.store.desk import add_curated_mark

        def do(item: Item) -> None:
            start, end, label = parse_edit(value, len(self.article.text))
            base = (self._chosen_marks(item) or item.marks)[0]
            add_curated_mark(self.store, self.article_id, label, start, end, curator=self.curator,
                             sources=item.ids(), note=base.note, attributed_to=base.attributed_to, reject=item.ids())

        self._decide(do, "Saved your own mark.")

    def action_accept_agreed(self) -> None:
        from newsmark.store.desk import curate

        agreed = [i for i in self.items if i.agreed and not i.settled]
        accept, reject = [], []
        for item in agreed:
            first, *rest = sorted(item.marks, key=lambda m: (m.annotator, m.id))
            accept.append(first.id)
            reject.extend(m.id for m in rest)
        try:
            curate(self.store, accept=accept, reject=reject)
        except NewsmarkError as exc:
            self._say(f"Not saved: {exc}")
            return
        self.reload()
        self._say(f"Accepted {len(accept)} agreed mark(s).")

    def action_back(self) -> None:
        self.dismiss(None)
