"""The Textual internals the reader's start-up relies on are still there, in the shape it uses.

The reader draws its first frame once (tui/laid_out.py, ReaderScreen._refresh_layout and its
_on_layout/_on_update handlers) and the article view resolves its component styles itself
(ArticleView._component). All of that overrides or reads private parts of Textual. If a new
Textual renames one, this test names it, rather than the reader failing for a user.
"""

from __future__ import annotations

import asyncio
import inspect

from textual.app import App
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget


def test_the_private_methods_the_reader_overrides_exist_with_their_parameters():
    assert list(inspect.signature(Widget._size_updated).parameters)[1:] == [
        "size", "virtual_size", "container_size", "layout"]
    assert list(inspect.signature(Screen._refresh_layout).parameters)[1:3] == ["size", "scroll"]
    for name in ("_on_layout", "_on_update"):
        assert callable(getattr(Screen, name)), name
    assert callable(DOMNode._attach) and callable(App._start_widget)
    assert isinstance(Widget.__dict__.get("_get_component_classes") or DOMNode.__dict__.get("_get_component_classes"),
                      classmethod)


def test_the_private_attributes_the_reader_reads_exist():
    asyncio.run(_probe())


async def _probe() -> None:
    class Probe(App):
        def compose(self):
            yield ScrollView()

    async with Probe().run_test() as pilot:
        screen = pilot.app.screen
        view = screen.query_one(ScrollView)
        for node, names in (
            (screen, ("_layout_required", "_dirty_widgets", "_repaint_required", "_layout_widgets")),
            (view, ("_layout_updates", "_vertical_scrollbar", "_horizontal_scrollbar", "_css_type_name",
                    "_pseudo_classes_cache_key", "_repaint_required")),
        ):
            for name in names:
                assert hasattr(node, name), (type(node).__name__, name)
        assert hasattr(Message(), "time")
