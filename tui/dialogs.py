"""The reader's small modal screens: find, who said it, note, label.

Each returns its answer through `dismiss` (None when cancelled with Escape). Article text,
quotes and notes are shown as Content(text) or `$value` substitutions, never as markup.
"""

from __future__ import annotations

import re
import unicodedata

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from newsmark.model import LABELS
from newsmark.quotes import excerpt

_DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 40%;
}}
{name} > Vertical {{
    width: 72;
    max-width: 95%;
    height: auto;
    max-height: 90%;
    border: round $primary;
    background: $panel;
    padding: 0 1;
}}
{name} .dialog--title {{ text-style: bold; margin-bottom: 1; }}
{name} .dialog--hint {{ color: $text-muted; margin-top: 1; }}
{name} OptionList {{ height: auto; max-height: 12; }}
"""


class _Dialog(ModalScreen[str | None]):
    """A small modal that answers through `dismiss`; Escape cancels with None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)


class _LineDialog(_Dialog):
    """A dialog around one Input: Enter answers with its text."""

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)


class FindPrompt(_LineDialog):
    """`/`: the text to find. Enter answers, Escape cancels."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="FindPrompt")

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Find in the article", classes="dialog--title")
            yield Input(self.initial, placeholder="text to find (case-insensitive)", id="find-input")
            yield Static("Enter: select the first match after the caret · n/N next/previous · Esc cancel",
                         classes="dialog--hint")



def fold(text: str) -> str:
    """Case- and accent-blind form for filtering: "Inês" is found by typing "ines"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def filter_names(candidates: list[tuple[str, str]], typed: str) -> list[tuple[str, str]]:
    """The candidates containing what was typed (case and accents ignored), nearest first;
    names where it starts a word come before names where it is inside a word."""
    needle = " ".join(fold(typed).split())
    if not needle:
        return list(candidates)
    hits = [(name, label) for name, label in candidates if needle in fold(name)]
    starts_word = re.compile(r"(?:^|\W)" + re.escape(needle))
    return sorted(hits, key=lambda item: not starts_word.search(fold(item[0])))


AS_TYPED = "as-typed"  # the option id of the "use as typed" entry


class AttributedToPicker(_Dialog):
    """Who said it: the extracted source and nearby names first; typing filters them.

    Enter takes the highlighted name whenever one matches what is typed (typing "bucc"
    and pressing Enter takes "Buccaneer Ltd"), and the typed text only when nothing
    matches. Tab, or the last entry "use as typed: …", takes the text exactly as typed.
    Escape cancels. `avoid` is the rows of the screen (first, last) that show the text
    being attributed: the dialog sits above or below them, never over them.
    """

    DEFAULT_CSS = _DIALOG_CSS.format(name="AttributedToPicker") + """
    AttributedToPicker { align: center top; }
    AttributedToPicker > Vertical { max-height: 100%; }
    AttributedToPicker .dialog--title { margin-bottom: 0; }
    AttributedToPicker .dialog--hint { margin-top: 0; }
    AttributedToPicker OptionList { border: none; padding: 0; }
    """
    HINT = "Enter: highlighted name · Tab: use as typed · ↑↓ choose · Esc cancel"
    FIXED_ROWS = 7  # border 2, title 1, input 3, hint 1: what is left goes to the list
    BINDINGS = [
        Binding("down", "pick(1)", "Next name", show=False),
        Binding("up", "pick(-1)", "Previous name", show=False),
        Binding("tab", "as_typed", "Use as typed", show=False, priority=True),
    ]

    def __init__(self, candidates: list[tuple[str, str]], quote: str, current: str = "",
                 avoid: tuple[int, int] | None = None) -> None:
        """candidates: (name, entity label) best first."""
        super().__init__()
        if current:  # the current answer first, so Enter keeps it
            label = next((label for name, label in candidates if name == current), "now")
            candidates = [(current, label), *[c for c in candidates if c[0] != current]]
        self.candidates = candidates
        self.quote = quote
        self.current = current
        self.avoid = avoid
        self._shown: list[str] = []
        self._typed = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="who-dialog"):
            yield Static(Content.from_markup("Who said it?  [dim]“$quote”[/]", quote=excerpt(self.quote, 50)),
                         classes="dialog--title")
            yield Input(self.current, placeholder="type to filter, or a new name", id="who-input")
            yield OptionList(id="who-options")
            yield Static(self.HINT, classes="dialog--hint", markup=False)

    def on_mount(self) -> None:
        self._place()
        self._fill("")
        if self.current:
            self._highlight_name(self.current)
        self.query_one(Input).focus()

    def on_resize(self) -> None:
        self._place()

    def _place(self) -> None:
        """Above or below the rows in `avoid`, whichever has more room; the list shrinks to fit."""
        height = self.size.height or self.app.size.height
        box = self.query_one("#who-dialog", Vertical)
        options = self.query_one("#who-options", OptionList)
        if self.avoid is None:
            top, room = max(0, (height - 20) // 2), height
        else:
            first, last = self.avoid
            above, below = max(0, first), max(0, height - last - 1)
            if below >= above:
                top, room = last + 1, below
            else:
                room = above
                top = max(0, first - min(room, self._wanted_rows()))
        box.styles.margin = (top, 0, 0, 0)
        box.styles.max_height = max(room, self.FIXED_ROWS + 1)
        options.styles.max_height = max(1, min(12, room - self.FIXED_ROWS))

    def _wanted_rows(self) -> int:
        return self.FIXED_ROWS + min(12, len(self.candidates) + 1)

    def _fill(self, typed: str) -> None:
        self._typed = typed.strip()
        names = filter_names(self.candidates, typed)
        self._shown = [n for n, _ in names]
        options = self.query_one("#who-options", OptionList)
        options.clear_options()
        options.add_options(
            Option(Content.assemble(name, (f"  {label}", "dim")), id=str(i)) for i, (name, label) in enumerate(names)
        )
        if self._typed and self._typed not in self._shown:
            options.add_option(Option(Content.assemble(("use as typed: ", "dim italic"), f"“{self._typed}”",
                                                       ("  Tab", "dim")), id=AS_TYPED))
        options.display = options.option_count > 0
        if options.option_count:
            options.highlighted = 0

    def _highlight_name(self, name: str) -> None:
        if name in self._shown:
            self.query_one("#who-options", OptionList).highlighted = self._shown.index(name)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value if event.value != self.current else "")
        if event.value == self.current and self.current:
            self._highlight_name(self.current)

    def action_pick(self, step: int) -> None:
        options = self.query_one("#who-options", OptionList)
        count = options.option_count
        if not count:
            return
        current = options.highlighted if options.highlighted is not None else -step
        options.highlighted = (current + step) % count

    def _highlighted(self) -> str | None:
        """The highlighted name; None when the list is empty; AS_TYPED for the typed entry."""
        options = self.query_one("#who-options", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        option = options.get_option_at_index(options.highlighted)
        return AS_TYPED if option.id == AS_TYPED else self._shown[int(option.id or 0)]

    def action_as_typed(self) -> None:
        self.dismiss(self.query_one(Input).value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        chosen = self._highlighted()
        if chosen is None or chosen == AS_TYPED:
            self.dismiss(event.value.strip())
        else:
            self.dismiss(chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == AS_TYPED:
            self.dismiss(self.query_one(Input).value.strip())
        else:
            self.dismiss(self._shown[int(event.option.id or 0)])


class NoteEditor(_Dialog):
    """A note on an annotation, as text: paragraphs, links, several lines. Enter starts a new
    line, ctrl+s saves (an empty note clears it), Escape cancels."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="NoteEditor") + """
    NoteEditor > Vertical { width: 80; }
    NoteEditor TextArea { height: 10; max-height: 60vh; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, quote: str, label: str, note: str = "") -> None:
        super().__init__()
        self.quote, self.label, self.note = quote, label, note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.from_markup("Note on $label  [dim]“$quote”[/]", label=self.label,
                                             quote=excerpt(self.quote, 60)), classes="dialog--title")
            editor = TextArea(self.note, id="note-input", soft_wrap=True, show_line_numbers=False,
                              tab_behavior="focus")
            editor.cursor_location = editor.document.end
            yield editor
            yield Static("ctrl+s saves (empty clears the note) · Enter new line · Esc cancels",
                         classes="dialog--hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        # Trailing blank lines are typing, not content; the note keeps its inner lines.
        self.dismiss("\n".join(line.rstrip() for line in text.strip().split("\n")))


class LabelChooser(_Dialog):
    """Change an annotation's label: first letter or arrows + Enter; Escape cancels."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="LabelChooser")
    BINDINGS = [
        Binding(label[0], f"choose('{label}')", label.title(), show=False) for label in LABELS
    ]

    def __init__(self, current: str, labels: tuple[str, ...] = LABELS) -> None:
        super().__init__()
        self.current = current
        self.labels = labels

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.from_markup("Change label (now: $label)", label=self.current),
                         classes="dialog--title")
            yield OptionList(*[Option(Content.assemble((label[0], "bold underline"), label[1:]), id=label)
                               for label in self.labels], id="label-options")
            yield Static("Letter or Enter: choose · Esc cancel", classes="dialog--hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.labels:
            options.highlighted = self.labels.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self, label: str) -> None:
        self.dismiss(label)
