"""The Typer app every command registers on, the settings it hands them, and the error
handling around them. Command modules (newsmark/commands/NAME.py) import this module; it
imports none of them: newsmark.cli's table says which module holds which command, and the
group below loads a module only when its command runs (or when help lists them all)."""

from __future__ import annotations

import getpass
import importlib
import os
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import typer
from typer.core import TyperGroup

try:  # Typer >= 0.20 bundles its own click
    from typer._click import core as click_core  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import click.core as click_core

from newsmark import __version__
from newsmark.errors import NewsmarkError, clip, input_error_message, os_error_message
from newsmark.safe_text import shown


# Typer bundles its own click; its UsageError is the base of the BadParameter it exports.
_UsageError = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")

try:  # Typer >= 0.2x checks each value with a pydantic TypeAdapter built on first use
    from typer._coercion import RuntimeParam as _RuntimeParam, build_runtime_param as _build_runtime_param
except ImportError:  # pragma: no cover - an older Typer converts with click's own types
    _RuntimeParam = None

# command name -> the module that registers it, in the order help lists them (newsmark.cli fills it)
COMMAND_MODULES: dict[str, str] = {}

_DECIMAL = re.compile(r"-?[0-9]{1,18}")

if _RuntimeParam is not None:
    @dataclass(frozen=True)
    class _PlainValue(_RuntimeParam):
        """A str, int or bool option's value as Typer's pydantic adapter would give it: a
        string stays itself, plain decimal digits become that int, a value of the right type
        is kept (a missing one, None, never gets here). Anything else (a malformed number, an odd type) goes to Typer's own adapter,
        built then, so its result is Typer's; a number it refuses is named in plain words. Importing pydantic and
        building adapters costs a reading command more than the read itself."""

        descriptor: object = None

        def _coerce_value(self, value, param, ctx):
            kind = type(value)
            if kind is self.annotation:
                return value
            if kind is str and self.annotation is int and _DECIMAL.fullmatch(value):
                return int(value)
            try:
                return _build_runtime_param(self.descriptor)._coerce_value(value, param, ctx)
            except _UsageError:
                if kind is str and self.annotation is int:  # pydantic's wording, said plainly
                    raise typer.BadParameter(f"{value!r} is not a whole number (write it in digits, e.g. 2)",
                                             ctx=ctx, param=param) from None
                raise


_LINE_BREAK = re.compile(r"(?<!\n)\n(?![\n ])")


def _reflow_help(command) -> None:
    """Docstrings wrap where the source wraps; Typer's help keeps those breaks, so a command's
    description broke mid-sentence ("Web Annotation\nJSON-LD"). Single line breaks become
    spaces; blank lines (paragraphs) and indented lines (examples) stay."""
    if command.help:
        command.help = _LINE_BREAK.sub(" ", command.help)
    for sub in getattr(command, "commands", {}).values():
        _reflow_help(sub)


def _plain_values(command) -> None:
    """Give the command's (and its subcommands') plain str, int and bool parameters
    _PlainValue, the help option (made on first use) included."""
    if _RuntimeParam is None or getattr(command, "_newsmark_plain", False):
        return
    command._newsmark_plain = True
    for param in command.params:
        _plain_value(param)
    make_help_option = command.get_help_option

    def get_help_option(ctx):
        option = make_help_option(ctx)
        if option is not None:
            _plain_value(option)
        return option

    command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        _plain_values(sub)


def _plain_value(param) -> None:
    desc = getattr(param, "type_descriptor", None)
    if desc is None or getattr(param, "_runtime_param", False) is not None:
        return
    info = desc.parameter_info
    plain = (desc.annotation in (str, bool) or (desc.annotation is int and info.min is None and info.max is None
                                                and not info.clamp))
    if plain and info.parser is None and desc.file_annotation is None:
        param._runtime_param = _PlainValue(parameter_info=info, annotation=desc.annotation, descriptor=desc)


class _Group(TyperGroup):
    """Turns every NewsmarkError, OSError (permission denied, full disk, read-only
    filesystem…), database failure and over-deep or over-large input into one
    `Error: <what> — <what to do>` line on stderr and exit status 1, and a mistyped
    command line into one `Error: …` line and exit status 2."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _UsageError as exc:
            _usage_error(exc)

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except _UsageError as exc:
            _usage_error(exc)
        except NewsmarkError as exc:
            fail(str(exc))
        except sqlite3.DatabaseError as exc:
            fail(database_error_message(exc))
        except KeyboardInterrupt:
            typer.echo("Interrupted; nothing is left half-written (each change is saved whole, or not at all).",
                       err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # `newsmark export | head`: the reader went away; not an error worth a traceback.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as exc:
            fail(os_error_message(exc))
        except (RecursionError, MemoryError) as exc:
            fail(input_error_message(exc))


class _Root(_Group):
    """The `newsmark` group: loads a command's module only when that command is asked for;
    list_commands (help, completion, "did you mean") loads them all."""

    def make_context(self, info_name, args, parent=None, **extra):
        _plain_values(self)
        return super().make_context(info_name, args, parent=parent, **extra)

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            self._load((COMMAND_MODULES[cmd_name],))
        return self.commands.get(cmd_name)

    def list_commands(self, ctx) -> list[str]:
        self._load(dict.fromkeys(COMMAND_MODULES.values()))
        order = {name: i for i, name in enumerate(COMMAND_MODULES)}
        return sorted(self.commands, key=lambda name: order.get(name, len(order)))

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in COMMAND_MODULES:
            self.list_commands(ctx)  # an unknown name: load them all, so "did you mean" sees every command
        return super().resolve_command(ctx, args)

    def _load(self, modules) -> None:
        """Import the modules, then build the click commands of whatever they registered on `app`."""
        for module in modules:
            importlib.import_module(module)
        from typer.main import get_command_from_info, get_command_name, get_group_from_info

        for info in app.registered_commands:
            name = info.name or get_command_name(info.callback.__name__)
            if name not in self.commands:
                self.commands[name] = get_command_from_info(
                    info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode)
                _plain_values(self.commands[name])
                _reflow_help(self.commands[name])
        for info in app.registered_groups:
            if info.name not in self.commands:
                self.commands[info.name] = get_group_from_info(
                    info, pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=app.rich_markup_mode, suggest_commands=app.suggest_commands)
                _plain_values(self.commands[info.name])
                _reflow_help(self.commands[info.name])


_GLOBAL_OPTIONS = ("--db", "--annotator", "--keymap")


def _usage_error(exc) -> None:
    command = exc.ctx.command_path if exc.ctx else "newsmark"
    message = exc.format_message().rstrip(".")
    option = getattr(exc, "option_name", None)
    if type(exc).__name__ == "NoSuchOption" and option in _GLOBAL_OPTIONS and exc.ctx and exc.ctx.parent:
        # `newsmark articles --db x.db`: what everyone types once
        name = exc.ctx.command_path.split(" ", 1)[-1]  # "entity alias" for a command in a group
        fail(f"{option} goes before the command: newsmark {option} VALUE {name} … (see 'newsmark --help')",
             code=exc.exit_code)
    fail(f"{message} (see '{command} --help')", code=exc.exit_code)


def database_error_message(exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "malformed" in text or "not a database" in text:
        return "the database file is damaged (cut short or overwritten) — restore it from a backup, or pass another --db"
    if "disk is full" in text or "database or disk is full" in text:
        return "database or disk is full — free some space and try again"
    if "readonly" in text or "read-only" in text:
        return "the database is read-only — make it writable, or use another --db"
    return f"database problem: {clip(text)} — check the --db file"


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"Error: {shown(message)}", err=True)
    raise typer.Exit(code)


app = typer.Typer(
    cls=_Root,
    name="newsmark",
    help="Read news critically: highlight people, organisations and places; mark claims, "
    "attributions and disputed statements; search and export them.",
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Settings:
    db: str | None
    annotator_given: str | None = None  # --annotator or NEWSMARK_ANNOTATOR
    keymap_given: str | None = None  # --keymap or NEWSMARK_KEYMAP
    create_parent: bool = False  # only for paths newsmark chose itself, never a user's --db
    db_from_env: bool = False  # the path came from NEWSMARK_DB, not from --db on this command line
    made_new: bool = False  # open_store() made the file the user named (for an empty listing's hint)
    sources: dict[str, str] = field(default_factory=dict)  # option -> "flag" | "environment"
    _config: object | None = None

    @property
    def config(self):
        """config.toml, read (and validated) the first time a command needs a setting from it."""
        if self._config is None:
            from newsmark.config import load_config

            self._config = load_config()
        return self._config

    @property
    def annotator(self) -> str:
        return self.annotator_given or self.config.annotator or default_annotator()

    @annotator.setter
    def annotator(self, value: str) -> None:
        self.annotator_given = value

    @property
    def keymap(self) -> str | None:
        return self.keymap_given or self.config.keymap

    def open_store(self):
        from newsmark.store import Store

        path = self.db_path
        self.made_new = bool(self.db) and str(path) != ":memory:" and not path.exists()
        # Store.open decides when the folder is made (the default location only); a command
        # that chose the path itself (the demo database) says so with create_parent.
        return Store.open(self.db, create_parent=True if self.create_parent else None)

    def new_database_hint(self) -> str:
        """For an empty listing: when this very command made the database the user named, the
        path may be a typo (`--db notes.dbb`), not an empty desk."""
        if not self.made_new:
            return ""
        where = "NEWSMARK_DB" if self.db_from_env else "--db"
        return f" ({where} {self.db_path} did not exist: this made it, empty; check the path for a typo)"

    @property
    def db_path(self) -> Path:
        from newsmark.store import resolve_db_path

        return resolve_db_path(self.db)


def default_annotator() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsmark {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: str = typer.Option(None, "--db", envvar="NEWSMARK_DB", help="SQLite file to use (default: user data dir/newsmark.db).", show_envvar=True),
    annotator: str = typer.Option(None, "--annotator", envvar="NEWSMARK_ANNOTATOR", help="Name stored with new annotations (default: your login name).", show_envvar=True),
    keymap: str = typer.Option(None, "--keymap", envvar="NEWSMARK_KEYMAP", help="Key binding preset for the TUI: default or vim."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Without a command, opens the library of the database in the terminal UI."""
    sources = {}
    for name, value in (("db", db), ("annotator", annotator), ("keymap", keymap)):
        if value is not None:
            from_env = ctx.get_parameter_source(name) is click_core.ParameterSource.ENVIRONMENT
            sources[name] = "environment" if from_env else "flag"
    ctx.obj = Settings(db=db, annotator_given=annotator, keymap_given=keymap,
                       db_from_env=sources.get("db") == "environment", sources=sources)
    if ctx.invoked_subcommand is None:
        from newsmark.commands.library import launch_ui

        launch_ui(ctx.obj)


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    assert isinstance(obj, Settings)
    return obj
