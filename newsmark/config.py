"""newsmark's settings file, `config.toml` in the user config folder (`NEWSMARK_CONFIG`
names another file). Every setting is declared once in SETTINGS with its default and a
check; a new setting is one more entry there. Mistakes are errors naming the file and
the line, never silently ignored.

```toml
annotator = "ana"                 # stored with your marks (else your login name)
keymap = "vim"                    # key preset: default or vim (keys.toml still overrides keys)
theme = "gruvbox"                 # any Textual theme; chosen in the palette (ctrl+p) and kept here
export_folder = "~/newsmark-exports"   # where `export` writes when no -o is given at a terminal
desk = "Harbour Town Fact Check"
rating_scale = ["true", "mostly true", "half true", "mostly false", "false",
                { name = "unverifiable", scored = false }]
```

A command-line flag beats the environment, which beats this file, which beats the
default; `newsmark config` shows every setting and where its value came from.

`rating_scale` runs from the best rating to the worst. A rating written as a table with
`scored = false` is on the scale but has no number (ClaimReview then gives no
`ratingValue`); the scored ones are numbered from 1 (the worst) up.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsmark.errors import NewsmarkError

CONFIG_ENV = "NEWSMARK_CONFIG"
CONFIG_FILENAME = "config.toml"


@dataclass(frozen=True)
class Rating:
    name: str
    value: int | None  # 1 = worst scored rating; None for a rating off the numeric scale


@dataclass(frozen=True)
class RatingScale:
    ratings: tuple[Rating, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.ratings)

    @property
    def best(self) -> int:
        return max((r.value for r in self.ratings if r.value is not None), default=0)

    @property
    def worst(self) -> int:
        return min((r.value for r in self.ratings if r.value is not None), default=0)

    def find(self, name: str) -> Rating | None:
        wanted = " ".join(name.split()).casefold()
        return next((r for r in self.ratings if r.name.casefold() == wanted), None)


def make_scale(entries: list[tuple[str, bool]]) -> RatingScale:
    scored = [name for name, is_scored in entries if is_scored]
    values = {name: len(scored) - i for i, name in enumerate(scored)}
    return RatingScale(tuple(Rating(name, values.get(name) if is_scored else None) for name, is_scored in entries))


DEFAULT_SCALE = make_scale([("true", True), ("mostly true", True), ("half true", True), ("mostly false", True),
                            ("false", True), ("unverifiable", False)])


class _Invalid(Exception):
    pass


def _desk(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"must be a string (the desk's name), got {type(value).__name__}")
    name = " ".join(value.split())
    if not name:
        raise _Invalid("is empty; give the desk's name, e.g. desk = \"Harbour Town Fact Check\"")
    return name


def _scale(value: Any) -> RatingScale:
    if not isinstance(value, list) or not value:
        raise _Invalid("must be a list of ratings, best first, e.g. [\"true\", \"half true\", \"false\"]")
    entries: list[tuple[str, bool]] = []
    for item in value:
        if isinstance(item, dict):
            unknown = set(item) - {"name", "scored"}
            if unknown:
                raise _Invalid(f"a rating table has unknown key(s) {', '.join(sorted(unknown))}; use name and scored")
            name, scored = item.get("name"), item.get("scored", True)
            if not isinstance(scored, bool):
                raise _Invalid("`scored` of a rating must be true or false")
        else:
            name, scored = item, True
        if not isinstance(name, str) or not " ".join(name.split()):
            raise _Invalid("each rating must be a non-empty string (or a table with a name)")
        name = " ".join(name.split())
        if any(name.casefold() == other.casefold() for other, _ in entries):
            raise _Invalid(f"names the rating {name!r} twice")
        entries.append((name, scored))
    if not any(scored for _, scored in entries):
        raise _Invalid("needs at least one scored rating")
    return make_scale(entries)


def _name(what: str, example: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not " ".join(value.split()):
            raise _Invalid(f"must be a non-empty string ({what}), e.g. {example}")
        from newsmark.ingest import normalise  # the same gate as imported text

        return " ".join(normalise(value).split())

    return check


def _keymap(value: Any) -> str:
    from newsmark.keybindings.keymap import PRESETS

    if value not in PRESETS:
        raise _Invalid(f"must be one of: {', '.join(PRESETS)}")
    return value


def _theme(value: Any) -> str:
    # Checked against the themes Textual knows when the app starts (without importing
    # Textual into every command): here only its form.
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", value):
        raise _Invalid('must be a theme name such as "textual-dark" or "gruvbox"')
    return value


def _folder(value: Any) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid('must be a folder path, e.g. "~/newsmark-exports"')
    return Path(value).expanduser()


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    check: Callable[[Any], Any]
    help: str


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("desk", "", _desk, "the desk's name: the author of published ClaimReview"),
    Setting("rating_scale", DEFAULT_SCALE, _scale, "verdict ratings, best first"),
    Setting("annotator", None, _name("your name on marks", 'annotator = "ana"'),
            "name stored with your marks (default: your login name)"),
    Setting("keymap", "default", _keymap, "key binding preset: default or vim"),
    Setting("theme", "textual-dark", _theme, "colour theme of the terminal UI"),
    Setting("export_folder", None, _folder, "where export writes at a terminal when no -o is given"),
)}


@dataclass(frozen=True)
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def __getattr__(self, name: str) -> Any:
        if name in SETTINGS:
            return self.values.get(name, SETTINGS[name].default)
        raise AttributeError(name)


def config_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("newsmark", appauthor=False) / CONFIG_FILENAME


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def load_config(path: Path | None = None) -> Config:
    """The settings from `path` (default: config_path()); a missing file means defaults,
    except when NEWSMARK_CONFIG names it (then it was meant to exist)."""
    explicit = path is not None or bool(os.environ.get(CONFIG_ENV))
    path = path or config_path()
    if not path.exists():
        if explicit:
            raise NewsmarkError(f"config file {path} does not exist; create it or unset {CONFIG_ENV}")
        return Config(path=None)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NewsmarkError(f"{path} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise NewsmarkError(f"cannot read config file {path}: {exc.strerror}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NewsmarkError(f"{path}: not valid TOML ({exc}); fix that line") from None
    values: dict[str, Any] = {}
    for key, value in raw.items():
        where = f"{path}, line {_line_of(text, key) or '?'}"
        setting = SETTINGS.get(key)
        if setting is None:
            raise NewsmarkError(f"{where}: unknown setting {key!r}; known settings: {', '.join(SETTINGS)}")
        try:
            values[key] = setting.check(value)
        except _Invalid as exc:
            raise NewsmarkError(f"{where}: {key} {exc}") from None
    return Config(values=values, path=path)


def set_value(key: str, value: str, path: Path | None = None) -> Path:
    """Write one string setting into the config file, keeping every other line (comments
    included) as it is; the file is replaced atomically. Returns the file written."""
    if key not in SETTINGS:
        raise NewsmarkError(f"unknown setting {key!r}")
    path = path or config_path()
    try:
        text = path.read_bytes().decode("utf-8-sig") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsmarkError(f"cannot read config file {path}: {exc}") from None
    line = f"{key} = {_toml_string(value)}"
    lines = text.splitlines()
    at = _line_of(text, key)
    if at is not None:
        lines[at - 1] = line
    else:
        lines.append(line)
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise NewsmarkError(f"cannot write config file {path}: {exc.strerror}") from None
    return path


def _toml_string(value: str) -> str:
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{out}"'
