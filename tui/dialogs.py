"""The reader's small modal screens: find, who said it, note, label.

Each returns its answer through `dismiss` (None when cancelled with Escape). Article text,
quotes and notes are shown as Content(text) or `$value` substitutions, never as markup.
"""

from __future__ import annotations

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



class AttributedToPicker(_Dialog):
    """Who said it: nearby people and organisations first, or any typed text.

    Enter takes the typed text; with nothing typed (or after choosing with the arrow
    keys) it takes the highlighted name. Escape cancels.
    """

    DEFAULT_CSS = _DIALOG_CSS.format(name="AttributedToPicker")
    BINDINGS = [
        Binding("down", "pick(1)", "Next name", show=False),
        Binding("up", "pick(-1)", "Previous name", show=False),
    ]

    def __init__(self, candidates: list[tuple[str, str]], quote: str, current: str = "") -> None:
        """candidates: (name, entity label) nearest first."""
        super().__init__()
        self.candidates = candidates
        self.quote = quote
        self.current = current
        self._shown: list[str] = []
        self._arrowed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.from_markup("Who said it?  [dim]“$quote”[/]", quote=excerpt(self.quote, 60)),
                         classes="dialog--title")
            yield Input(self.current, placeholder="type a name, or pick one below", id="who-input")
            yield OptionList(id="who-options")
            yield Static("Enter: the typed name, or the highlighted one if nothing is typed · ↑↓ choose · Esc cancel",
                         classes="dialog--hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, typed: str) -> None:
        needle = typed.strip().casefold()
        names = [(n, label) for n, label in self.candidates if needle in n.casefold()]
        self._shown = [n for n, _ in names]
        options = self.query_one("#who-options", OptionList)
        options.clear_options()
        options.add_options(
            Option(Content.assemble(name, (f"  {label}", "dim")), id=str(i)) for i, (name, label) in enumerate(names)
        )
        options.display = bool(names)
        if names:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._arrowed = False
        self._fill(event.value if event.value != self.current else "")

    def action_pick(self, step: int) -> None:
        options = self.query_one("#who-options", OptionList)
        if not self._shown:
            return
        current = options.highlighted if options.highlighted is not None else -step
        options.highlighted = (current + step) % len(self._shown)
        self._arrowed = True

    def _highlighted(self) -> str | None:
        options = self.query_one("#who-options", OptionList)
        if options.highlighted is None or not self._shown:
            return None
        return self._shown[options.highlighted]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        chosen = self._highlighted()
        if chosen is not None and (self._arrowed or not typed):
            self.dismiss(chosen)
        else:
            self.dismiss(typed)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
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
