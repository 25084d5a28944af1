"""A one-widget footer: the screen's shown key bindings on one line.

Textual's Footer builds one widget per key and recomposes all of them whenever the
screen's bindings change (every focus change): on the reader that was ~200 ms of a
~450 ms start-up (bench/tui.py). This draws the same information — the keys in effect,
after the user's keymap, one per action, with their descriptions — as a single line of
Content: whole items are dropped from the end when the line is short, never cut. A
click on an item presses its key, as on Textual's Footer.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from .laid_out import SizedByLayout

GAP = 2
# Always shown, first: where every other key can be found.
PINNED = ("app.palette", "app.help")


class KeyBar(SizedByLayout, Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        padding: 0 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    KeyBar > .key-bar--description { color: $footer-description-foreground; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[tuple[Binding, str, bool]] | None = None  # binding, key shown, enabled
        self._spans: list[tuple[int, int, str]] = []  # x from, x to, key to press

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        """Textual signals this after every focus change and once after the first frame;
        repaint only when the keys shown change (the repaint after the first frame was a
        frame of its own at start-up, bench/tui.py)."""
        before = self._items
        self._items = None
        if before is None or self.items() != before:
            self.refresh()

    def items(self) -> list[tuple[Binding, str, bool]]:
        """One shown binding per action, in the order the screen declares them."""
        if self._items is None:
            seen: set[str] = set()
            items = []
            for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
                if not binding.show or binding.action in seen:
                    continue
                seen.add(binding.action)
                items.append((binding, self.app.get_key_display(binding), enabled))
            self._items = items
        return self._items

    def render(self) -> Content:
        width = self.content_size.width
        key_style = self.get_visual_style("key-bar--key", partial=True)
        drawn = []  # (binding, its item as drawn)
        for binding, key, enabled in self.items():
            item = Content.assemble((key, key_style), " ", binding.description)
            drawn.append((binding, item if enabled else item.stylize("dim")))
        # The way to every other key (the palette, the help screen) is never dropped: it is
        # placed first and the screen's own keys fill the room that is left, whole items only.
        pinned = sorted((d for d in drawn if d[0].id in PINNED), key=lambda d: PINNED.index(d[0].id))
        rest = [d for d in drawn if d[0].id not in PINNED]
        parts: list = []
        spans = []
        x = 0
        for binding, item in pinned + rest:
            need = item.cell_length + (GAP if parts else 0)
            if x + need > width:
                break
            if parts:
                parts.append(" " * GAP)
                x += GAP
            spans.append((x, x + item.cell_length, binding.key))
            parts.append(item)
            x += item.cell_length
        self._spans = spans
        return Content.assemble(*parts)

    @property
    def text(self) -> str:
        return self.render().plain

    def on_click(self, event: events.Click) -> None:
        x = event.x - self.styles.padding.left
        for start, end, key in self._spans:
            if start <= x < end:
                event.stop()
                self.app.simulate_key(key)
                return
