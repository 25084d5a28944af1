"""Every command explains itself: help text on each, and `--help` works for each."""

from __future__ import annotations

import typer

from newsmark.cli import app


def _commands():
    """Every command through click's own API (the root group loads command modules lazily,
    so `group.commands` holds only those some earlier test happened to import)."""
    group = typer.main.get_command(app)
    ctx = group.make_context("newsmark", [], resilient_parsing=True)
    return group, {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}


def test_every_command_has_help_text():
    group, commands = _commands()
    assert {"import", "articles", "tag", "annotations", "export", "demo", "open"} <= set(commands)
    missing = [name for name, cmd in commands.items() if not (cmd.help or "").strip()]
    assert missing == []
    for name, cmd in commands.items():
        for param in cmd.params:
            if param.param_type_name == "option" and "--help" not in param.opts:
                assert (getattr(param, "help", "") or "").strip(), f"{name} {param.opts} has no help"


def test_every_command_help_runs(runner):
    _, commands = _commands()
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage" in result.stdout
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in commands:
        assert name in result.stdout


def test_version(runner):
    from newsmark import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"newsmark {__version__}"


def test_unknown_command_is_a_usage_error(runner):
    result = runner.invoke(app, ["frobnicate"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
