"""Every command and subcommand has help with an example, and `-h` shows it.

The click tree is walked, so commands added later are covered without editing this file.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from rolodex.cli import main


def walk(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            found += walk(command.commands[name], path + (name,))
    return found


COMMANDS = walk(main)
IDS = [" ".join(("rolodex",) + path) for path, _ in COMMANDS]


def test_the_core_commands_are_there():
    names = {path for path, _ in COMMANDS}
    assert {("check",), ("list",), ("show",), ("init",)} <= names


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_help_has_a_summary_and_an_example(path, command):
    assert command.help and command.help.strip(), f"rolodex {' '.join(path)} has no help text"
    assert command.get_short_help_str().strip(), f"rolodex {' '.join(path)} has no one-line summary"
    text = command.help
    assert "Example" in text, f"rolodex {' '.join(path)}: the help shows no example"
    assert "rolodex" in text.split("Example", 1)[1], f"rolodex {' '.join(path)}: the example runs no rolodex command"


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_dash_h_and_help_work(path, command, flag):
    result = CliRunner().invoke(main, [*path, flag])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: {' '.join(('main',) + path)}") or result.output.startswith(
        f"Usage: rolodex {' '.join(path)}".rstrip()
    )
    assert "Example" in result.output


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("rolodex, version ")


def test_no_arguments_shows_the_overview():
    result = CliRunner().invoke(main, [])
    assert "Examples (start here):" in result.output
    assert "rolodex check" in result.output


def test_no_color_turns_colour_off_even_on_a_terminal(run, monkeypatch):
    """https://no-color.org: NO_COLOR set means no ANSI escapes, whatever the output is."""
    from click.testing import CliRunner

    from conftest import REPO
    from rolodex.cli import main

    coloured = CliRunner().invoke(main, ["--kb", str(REPO), "check"], color=True)
    assert "\x1b[" in coloured.output
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(main, ["--kb", str(REPO), "check"], color=True)
    assert "\x1b[" not in plain.output and "0 errors" in plain.output


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_every_choice_of_an_argument_is_named_in_the_help(path, command):
    """An argument's choices are what a user must type: the help names each one."""
    output = CliRunner().invoke(main, [*path, "--help"], terminal_width=80).output
    for param in command.params:
        if isinstance(param, click.Argument) and isinstance(param.type, click.Choice):
            missing = [c for c in param.type.choices if str(c) not in output]
            assert not missing, f"rolodex {' '.join(path)} --help does not name {missing}"
