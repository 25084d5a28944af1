"""newsmark.keybindings: the action catalogue, keymap presets (TOML) and their loader."""

from .actions import ACTIONS, CATALOGUE, SCREENS, Action
from .keymap import PRESETS, Keymap, KeymapError, load_keymap, user_keymap_path

__all__ = ["ACTIONS", "CATALOGUE", "SCREENS", "Action", "PRESETS", "Keymap", "KeymapError", "load_keymap", "user_keymap_path"]
