"""Load a preset and a user's overrides into one validated key map.

Errors name the file, the line, the action and the key, so a typo in keys.toml is
fixed in one look. Key names are checked against Textual's (textual.keys, a small
module with no UI), so a name Textual would never send is caught at start-up.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from newsmark.errors import NewsmarkError, clip
from newsmark.safe_text import clean

from .actions import ACTIONS, SCREENS, Action

PRESETS = ("default", "vim")
USER_FILE_NAME = "keys.toml"


class KeymapError(NewsmarkError):
    """A key map file names an unknown action or key, or puts two actions on one key."""


def user_keymap_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("newsmark", appauthor=False) / USER_FILE_NAME


@dataclass
class Keymap:
    preset: str
    keys: dict[str, str]  # action id -> "k1,k2"
    sources: dict[str, str] = field(default_factory=dict)  # action id -> file that set it

    def rows(self) -> list[dict]:
        """The `newsmark keys --json` shape."""
        return [
            {"id": a.id, "keys": self.keys[a.id], "description": a.description, "screen": a.screen}
            for a in ACTIONS.values()
        ]

    def for_screen(self, screen: str) -> list[tuple[Action, str]]:
        return [(a, self.keys[a.id]) for a in ACTIONS.values() if a.screen == screen]

    def textual_keymap(self) -> dict[str, str]:
        """For `App.set_keymap`: binding id -> keys."""
        return dict(self.keys)


def load_keymap(preset: str | None = None, user_file: Path | None | bool = True) -> Keymap:
    """`preset` (default, vim) with `user_file` on top (True: the config-dir file if present)."""
    preset = preset or "default"
    if preset not in PRESETS:
        raise KeymapError(f"unknown keymap preset {preset!r}; use one of: {', '.join(PRESETS)}")
    keys: dict[str, str] = {}
    sources: dict[str, str] = {}
    layers = ["default"] if preset == "default" else ["default", preset]
    for name in layers:
        text = resources.files("newsmark.keybindings").joinpath(f"{name}.toml").read_text(encoding="utf-8")
        _apply(text, f"{name}.toml (built-in)", keys, sources)
    if user_file is True:
        user_file = user_keymap_path()
    if user_file and Path(user_file).exists():
        path = Path(user_file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KeymapError(f"{path}: cannot read key map ({exc}); fix or remove the file") from None
        _apply(text, str(path), keys, sources)
    missing = [a for a in ACTIONS if a not in keys]
    if missing:
        raise KeymapError(f"preset {preset} has no keys for {', '.join(missing)}")
    _check_conflicts(keys, sources)
    return Keymap(preset, keys, sources)


def _apply(text: str, source: str, keys: dict[str, str], sources: dict[str, str]) -> None:
    """Every problem of the file at once (one KeymapError listing them), not one per run."""
    text = clean(text)  # the incoming gate: no control characters reach a message or a binding
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KeymapError(f"{source}: not valid TOML ({exc}); fix the file") from None
    problems: list[str] = []
    for screen, table in data.items():
        if not isinstance(table, dict):
            line = _line_of(text, None, screen)
            problems.append(f"{source}:{line}: {screen!r} is not a [screen] table; write it under "
                            "[app], [library], [reader], [search] or [review]")
            continue
        for name, value in table.items():
            action_id = f"{screen}.{name}"
            line = _line_of(text, screen, name)
            if action_id not in ACTIONS:
                hint = _closest_action(action_id)
                problems.append(f"{source}:{line}: unknown action {clip(action_id)!r}"
                                + (f"; did you mean {hint!r}?" if hint else "; `newsmark keys` lists them"))
                continue
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{source}:{line}: keys for {action_id} must be a string such as \"c\" or \"c,shift+c\"")
                continue
            names = [k.strip() for k in value.split(",") if k.strip()]
            if not names:
                problems.append(f"{source}:{line}: {action_id} = {clip(value)!r} names no key; "
                                "give one such as \"c\" (an action without a key could never be used)")
                continue
            good = []
            for key in names:
                key, problem = normalise_key(key)
                if problem:
                    problems.append(f"{source}:{line}: action {action_id}: key {clip(key)!r} {problem}")
                else:
                    good.append(key)
            if len(good) == len(names):
                keys[action_id] = ",".join(dict.fromkeys(good))
                sources[action_id] = f"{source}:{line}"
    if problems:
        if len(problems) == 1:
            raise KeymapError(problems[0])
        raise KeymapError(f"{len(problems)} problems in the key map: " + "; ".join(problems))


def normalise_key(key: str) -> tuple[str, str | None]:
    """The key as the terminal sends it, and why it is wrong (or None). A terminal sends
    shift+d as "D": bound as "shift+d" it would never fire, so it becomes "D"."""
    *mods, base = key.split("+")
    if "shift" in mods and len(base) == 1 and base.isalpha() and base.isascii():
        rest = [m for m in mods if m != "shift"]
        if not rest:
            return base.upper(), None
        key = "+".join([*rest, "shift", base.lower()]) if base.isupper() else key
    elif "shift" in mods and len(base) == 1 and not base.isalpha() and not [m for m in mods if m != "shift"]:
        return key, ("never arrives: the terminal sends the shifted character itself; write that character's "
                     "name instead (`newsmark keys` shows names such as exclamation_mark)")
    return key, key_problem(key)


def _check_conflicts(keys: dict[str, str], sources: dict[str, str]) -> None:
    # App bindings are live on every screen, so they clash with every screen's keys.
    owner: dict[tuple[str, str], str] = {}
    for action_id, value in keys.items():
        screen = ACTIONS[action_id].screen
        for key in value.split(","):
            scopes = tuple(s for s in SCREENS if s != "app") if screen == "app" else (screen,)
            for scope in scopes:
                other = owner.get((scope, key))
                if other and other != action_id:
                    # Name the line the user wrote (a user file wins over a built-in preset).
                    here, there = sources.get(action_id, action_id), sources.get(other, other)
                    where = there if "(built-in)" in here and "(built-in)" not in there else here
                    raise KeymapError(
                        f"{where}: key {key!r} is bound to both {other} and {action_id} "
                        f"in the {scope} screen; give one of them another key"
                    )
                owner[(scope, key)] = action_id


_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


def key_problem(key: str) -> str | None:
    """Why `key` is not a key Textual can send, or None."""
    from textual.keys import Keys, _character_to_key

    if key != key.strip() or " " in key:
        return "has spaces; write names like ctrl+x or shift+left"
    *mods, base = key.split("+")
    for mod in mods:
        if mod not in _MODIFIERS:
            return f"has an unknown modifier {mod!r} (use ctrl, shift, alt)"
    if not base:
        return "is incomplete"
    if len(base) == 1:
        if base.isprintable() and _character_to_key(base) == base:
            return None
        return f"should be written by name ({_character_to_key(base)!r})"
    known = _known_key_names()
    if base in known or f"{'+'.join(mods)}+{base}" in known or _is_character_name(base):
        return None
    return "is not a key name Textual knows (see `newsmark keys` for examples)"


@functools.cache
def _known_key_names() -> frozenset[str]:
    # Built once: every key_problem call needs it, and start-up validates ~70 keys.
    from textual.keys import Keys

    return frozenset({k.value for k in Keys} | {"space", "tab", "enter", "escape", "backspace", "delete"})


_NAMED_CHARACTERS: set[str] | None = None


def _is_character_name(name: str) -> bool:
    global _NAMED_CHARACTERS
    if _NAMED_CHARACTERS is None:
        from textual.keys import _character_to_key

        _NAMED_CHARACTERS = {_character_to_key(chr(c)) for c in range(32, 127)} | {
            f"f{n}" for n in range(1, 25)
        }
    return name in _NAMED_CHARACTERS


def _line_of(text: str, screen: str | None, name: str) -> int:
    """The line of `[screen]`'s `name = …` (of the `[name]` header when screen is None); for a nested
    `[screen.name]` table, its header's line."""
    index = _line_index(text)
    return index.get((screen, name), 0) or (index.get((None, f"{screen}.{name}"), 0) if screen else 0)


_HEADER = re.compile(r"""^\[\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\]]+?))\s*\]""")
_KEY = re.compile(r"""^(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*=""")


def _unquote(m: re.Match) -> str:
    basic, literal, bare = m.groups()
    if basic is not None:
        return re.sub(r"\\(.)", r"\1", basic)
    return literal if literal is not None else bare


@functools.lru_cache(maxsize=8)
def _line_index(text: str) -> dict[tuple[str | None, str], int]:
    """(screen, name) -> line: one pass per file, not one per key. Keys and headers may be
    bare or quoted ("ctrl+s" = …, 'x' = …, ["reader"]); the first occurrence counts."""
    index: dict[tuple[str | None, str], int] = {}
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = _HEADER.match(stripped)
        if header:
            current = _unquote(header)
            index.setdefault((None, current), number)
            continue
        key = _KEY.match(stripped)
        if key and current is not None:
            index.setdefault((current, _unquote(key)), number)
    return index


def _closest_action(action_id: str) -> str | None:
    from rapidfuzz import process

    found = process.extractOne(action_id, list(ACTIONS), score_cutoff=75)
    return found[0] if found else None
