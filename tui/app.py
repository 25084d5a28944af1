"""The newsmark Textual app: one factory (`make_app`) for the CLI and the tests.

The key map is loaded and validated in the factory, before anything is drawn, so a bad
keys.toml is one `Error:` line from the CLI rather than a broken screen. The app then
applies it with `App.set_keymap`: every Binding carries its catalogue id, so the keys in
effect, the help screen and `newsmark keys` come from the same table.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.filter import NoColor
from textual.screen import Screen

from newsmark.keybindings import Keymap, load_keymap

from .bindings import screen_bindings
from .visible_text import ControlPictures


class NewsmarkApp(App[None]):
    CSS_PATH = "newsmark.tcss"
    BINDINGS = screen_bindings("app")
    TITLE = "newsmark"
    # The command palette (app.palette, ctrl+p by default) lists every action of the screen
    # with its key; its binding comes from the keymap like every other (see get_system_commands).
    ENABLE_COMMAND_PALETTE = True
    # Off until __init__ has applied the configured theme (Textual calls watch_theme then too).
    _remember_theme = False

    def __init__(self, db_path: Path, annotator: str, keymap: Keymap, article_id: str | None = None,
                 theme: str | None = None, remember_theme: bool = False) -> None:
        super().__init__()
        if self.no_color:
            # NO_COLOR means no colour at all: Textual's Monochrome filter still paints 256-colour
            # greys, and its truecolor filter turns "faint" into a blended grey. NoColor alone
            # keeps only the text attributes (bold, faint, underline…) and the terminal's colours.
            self._filters = [NoColor()]
        self.db_path = Path(db_path)
        self.annotator = annotator
        self.newsmark_keymap = keymap
        self.start_article_id = article_id
        # The reader's mark list after the user toggled it (`o`): kept across articles of one
        # run; None = by terminal width.
        self.show_mark_list: bool | None = None
        self.sub_title = str(self.db_path)
        # Before any screen exists, so the first frame already shows the user's keys.
        self.set_keymap(keymap_overrides(self.newsmark_keymap))
        self._theme_problem = None
        if theme and theme != self.theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self._theme_problem = f"config.toml names the theme {theme!r}, which is not installed; using {self.theme}"
        # Only now: the theme set from the file is not "chosen" again.
        self._remember_theme = remember_theme

    def on_mount(self) -> None:
        if self._theme_problem:
            self.notify(self._theme_problem, severity="warning", markup=False)

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the palette is kept in config.toml for next time."""
        if not self._remember_theme:
            return
        from newsmark.config import set_value
        from newsmark.errors import NewsmarkError

        try:
            where = set_value("theme", theme)
        except NewsmarkError as exc:
            self.notify(f"Theme {theme} is used now but not kept: {exc}", severity="warning", markup=False)
        else:
            self.notify(f"Theme {theme}, kept in {where}", markup=False)

    _control_pictures = ControlPictures()

    def get_line_filters(self):
        """Every rendered line passes the outgoing text gate first (tui/visible_text.py)."""
        return [self._control_pictures, *super().get_line_filters()]

    def get_default_screen(self) -> Screen:
        """The reader itself when started with an article (`newsmark open`, `demo`): pushing it
        over a library cost a second screen and a full relayout after its mount (~35 ms of a
        ~60 ms bare app, bench/tui.py). Its `back` brings up the library (`show_library`)."""
        if self.start_article_id:
            try:
                from .reader import ReaderScreen
            except ImportError:
                pass
            else:
                return ReaderScreen(self.db_path, self.start_article_id, self.annotator)
        from .library import LibraryScreen  # not imported when the app opens on an article (~30 ms)

        return LibraryScreen(self.db_path)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of `screen` (and the app's) with the keys in effect, then the theme."""
        seen: dict[str, tuple[DOMNode, Binding, list[str]]] = {}
        for node in (screen, self):
            bindings = node._bindings.copy()
            bindings.apply_keymap(self._keymap)  # as Textual does for the keys in effect
            for _key, binding in bindings:
                if not binding.id or binding.id == "app.palette":
                    continue
                entry = seen.setdefault(binding.id, (node, binding, []))
                key = self.get_key_display(binding)
                if key not in entry[2]:
                    entry[2].append(key)
        for action_id, (node, binding, keys) in seen.items():
            yield SystemCommand(
                f"{binding.description}  ({', '.join(keys)})",
                f"{action_id} · keys: {', '.join(keys)}",
                partial(self.run_action, binding.action, node),
            )
        yield SystemCommand("Theme", "Choose the colour theme (remembered for next time)", self.action_change_theme)

    def show_library(self) -> None:
        """Replace the reader that is the bottom screen (started with an article) by the library."""
        from .library import LibraryScreen

        self._replace_bottom(LibraryScreen(self.db_path))

    def _replace_bottom(self, screen: Screen) -> None:
        bottom = self.screen
        if not bottom._result_callbacks:
            # The default screen was never pushed, so it has no result callback, and
            # switch_screen pops one: give it the no-op one push_screen would have.
            bottom._push_result_callback(self, None)
        self.switch_screen(screen)

    # -- screens --------------------------------------------------------------------

    def open_reader(self, article_id: str, select: tuple[int, int] | None = None) -> None:
        """Push the reader for `article_id` (on top of the library, so `back` lands there)."""
        try:
            from .reader import ReaderScreen
        except ImportError:
            self.notify("The reader is not available in this build yet.", severity="warning")
            return
        self.push_screen(ReaderScreen(self.db_path, article_id, self.annotator, select=select))

    def action_help(self) -> None:
        from .help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()  # the help key toggles
            return
        self.push_screen(HelpScreen())

    def action_search(self) -> None:
        try:
            from .search_screen import SearchScreen
        except ImportError:
            self.notify("Search is not available in this build yet; try `newsmark search`.", severity="warning")
            return
        if isinstance(self.screen, SearchScreen):
            return
        self.push_screen(SearchScreen(self.db_path), self._search_chosen)

    def _search_chosen(self, result: tuple[str, int, int] | None) -> None:
        if not result:
            return
        article_id, start, end = result
        try:
            from .reader import ReaderScreen
        except ImportError:
            ReaderScreen = None  # type: ignore[assignment,misc]
        # One reader at a time: a search from the reader replaces it instead of stacking.
        if ReaderScreen is not None and isinstance(self.screen, ReaderScreen):
            if len(self.screen_stack) == 1:  # the reader the app started with
                self._replace_bottom(ReaderScreen(self.db_path, article_id, self.annotator, select=(start, end)))
                return
            self.pop_screen()
        self.open_reader(article_id, select=(start, end))


def keymap_overrides(keymap: Keymap) -> dict[str, str]:
    """The binding ids whose keys differ from the defaults the Bindings were built with.

    Equivalent to handing Textual the whole map, but Textual re-applies the keymap to the
    binding chain on every footer refresh and key press, at a cost that grows with its
    size; with the default preset and no keys.toml there is nothing to apply at all.
    """
    from .bindings import DEFAULT_KEYMAP  # already loaded for the Bindings: no second TOML parse

    defaults = DEFAULT_KEYMAP.keys
    return {action_id: keys for action_id, keys in keymap.textual_keymap().items() if defaults.get(action_id) != keys}


def make_app(
    db_path: Path,
    annotator: str,
    keymap: str | None = None,
    article_id: str | None = None,
    user_keymap: Path | None | bool = True,
    theme: str | None = None,
    remember_theme: bool = False,
) -> NewsmarkApp:
    """Build the app. Raises NewsmarkError for a bad preset or key map file, before any drawing.

    `user_keymap`: True reads keys.toml from the config dir if present; a path reads that
    file; None or False ignores user overrides (tests, benchmarks).
    """
    loaded = load_keymap(keymap, user_file=user_keymap)
    return NewsmarkApp(Path(db_path), annotator, loaded, article_id=article_id, theme=theme,
                       remember_theme=remember_theme)


def has_terminal() -> bool:
    return all(f is not None and f.isatty() for f in (sys.stdin, sys.stdout))


def need_terminal() -> None:
    """Without a terminal on both ends, Textual writes its escape codes into the pipe and
    waits for keys that never come: one Error: line instead."""
    if not has_terminal():
        from newsmark.errors import NewsmarkError

        raise NewsmarkError("the reader needs a terminal on its input and output (over SSH: `ssh -t`); "
                            "from a script use `newsmark text`, `annotations` or `export`")


def run(db_path: Path, annotator: str, keymap: str | None = None, article_id: str | None = None,
        theme: str | None = None) -> None:
    """Entry point of `newsmark`, `newsmark open` and `newsmark demo`.

    Exits non-zero if the app stopped on an unhandled error (Textual has printed the
    traceback and set `return_code`).
    """
    app = make_app(db_path, annotator, keymap=keymap, article_id=article_id, theme=theme, remember_theme=True)
    need_terminal()
    app.run()
    exit_if_failed(app)


def exit_if_failed(app: NewsmarkApp) -> None:
    """After `app.run()`: on a crash, say that the data is safe and exit with the app's code."""
    code = app.return_code or 0
    if code == 0:
        return
    print(
        f"newsmark stopped on an internal error (above). Your data is safe: every mark was saved to "
        f"{app.db_path} when it was made.",
        file=sys.stderr,
    )
    raise SystemExit(code)
