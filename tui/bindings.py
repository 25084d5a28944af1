"""Textual Bindings built from the keymap catalogue, one list per screen.

Classes declare `BINDINGS = screen_bindings("reader")` with the default keys; the app
applies the effective keymap (preset + user file) with `App.set_keymap` at start-up.
"""

from __future__ import annotations

from textual.binding import Binding

from newsmark.keybindings import load_keymap

DEFAULT_KEYMAP = _DEFAULTS = load_keymap("default", user_file=None)


def screen_bindings(screen: str, priority: bool = False) -> list[Binding]:
    return [
        Binding(keys, action.action, action.description, show=action.show, id=action.id, priority=priority)
        for action, keys in _DEFAULTS.for_screen(screen)
    ]
