"""The help screen: every binding of the key map in effect, generated from it.

It reads the app's loaded Keymap (preset + the user's keys.toml), the same object the
app handed to `App.set_keymap`, so what it lists is what the keys do.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from newsmark.keybindings import SCREENS, Keymap, load_keymap, user_keymap_path

from .key_bar import KeyBar

SCREEN_TITLES = {
    "app": "Everywhere",
    "library": "Library",
    "reader": "Reader",
    "search": "Search",
    "review": "Review (where annotators differ)",
}


def is_user_override(keymap: Keymap, action_id: str) -> bool:
    return "(built-in)" not in keymap.sources.get(action_id, "(built-in)")


class HelpScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Static(self._intro(), id="help-intro")
            yield Static(self._legend(), id="help-legend")
            for screen in SCREENS:
                yield Static(self._table(screen), classes="help-table", id=f"help-{screen}")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    @property
    def keymap(self) -> Keymap:
        return getattr(self.app, "newsmark_keymap", None) or load_keymap("default", user_file=None)

    def _intro(self) -> Text:
        keymap = self.keymap
        text = Text()
        text.append("Keys in effect", style="bold")
        text.append(f" — preset {keymap.preset}")
        user_files = sorted({keymap.sources[a].rsplit(":", 1)[0] for a in keymap.keys if is_user_override(keymap, a)})
        if user_files:
            text.append(", with your overrides (marked •) from ")
            text.append(", ".join(user_files))
        text.append(".\n")
        text.append(f"To change a key, add a line such as  tag_claim = \"k\"  under  [reader]  in {user_keymap_path()}")
        text.append("\nEscape or q closes this screen.", style="dim")
        return text

    def _legend(self) -> Text:
        """What the reader's highlights mean, drawn in the styles the reader uses."""
        text = Text()
        text.append("Highlights in the reader", style="bold")
        text.append("\n  Marks:  ")
        from .article_view import LABEL_MARKS, MARK_STYLES

        for label, style in MARK_STYLES.items():
            text.append(label, style=style)
            text.append(f" (gutter {LABEL_MARKS[label]})  ")
        text.append("· several marks on a line: gutter *")
        text.append("\n  Names:  coloured by type; without colour (NO_COLOR) ")
        for label, style in (("PERSON", "bold"), ("ORG", "bold dim"), ("PLACE", "dim")):
            text.append(label, style=style)
            text.append(f" {style.replace(' dim', ' + faint').replace('dim', 'faint')}  ")
        text.append("· other types only in colour.")
        text.append("\n  The status line names the type of the name under the caret; ")
        text.append(self._keys_for("reader.toggle_entities"), style="bold")
        text.append(" lists every name by type.")
        text.append("\n  Suggestions:  ")
        text.append("who said what, claims to check", style="overline")
        text.append(" (a line above; gutter ┆, the focused one ▸ with its speaker in bold); ")
        for action_id, word in (("reader.next_suggestion", "next"), ("reader.accept_suggestion", "accept"),
                                ("reader.reject_suggestion", "reject"), ("reader.toggle_suggestions", "hide/show")):
            text.append(self._keys_for(action_id), style="bold")
            text.append(f" {word}  ")
        return text

    def _keys_for(self, action_id: str) -> str:
        keys = self.keymap.keys.get(action_id, "")
        return "/".join(self._display(k) for k in keys.split(",") if k) or "?"

    def rows(self, screen: str) -> list[tuple[str, str, str, bool]]:
        """(keys as displayed, description, action id, set by the user) for one screen."""
        keymap = self.keymap
        return [
            (
                ", ".join(self._display(k) for k in keys.split(",") if k),
                action.description,
                action.id,
                is_user_override(keymap, action.id),
            )
            for action, keys in keymap.for_screen(screen)
        ]

    def _table(self, screen: str) -> Table:
        table = Table(
            title=SCREEN_TITLES.get(screen, screen),
            title_justify="left",
            title_style="bold",
            expand=True,
            show_edge=False,
            box=None,
            padding=(0, 1),
        )
        table.add_column("Keys", ratio=2, no_wrap=True)
        table.add_column("What it does", ratio=5)
        table.add_column("Action id (keys.toml)", ratio=3, style="dim", no_wrap=True)
        for keys, description, action_id, by_user in self.rows(screen):
            table.add_row(Text(keys + (" •" if by_user else "")), Text(description), Text(action_id))
        return table

    def _display(self, key: str) -> str:
        return self.app.get_key_display(Binding(key, ""))

    def action_close(self) -> None:
        self.app.pop_screen()
