"""Render the CLI reference (docs/cli.md) from the commands' own `--help`.

The reference is generated, never written by hand, so it cannot drift from the
code; tests/test_docs.py fails when docs/cli.md differs from what this prints.
Regenerate it after adding or changing a command:

    python -m rolodex.docsgen > docs/cli.md
"""

from __future__ import annotations

import sys

import click

# A fixed width: the file must not depend on the terminal that generated it.
WIDTH = 88

HEADER = """\
# Command reference

<!-- Generated from `rolodex --help` by `python -m rolodex.docsgen > docs/cli.md`.
     Do not edit by hand: a test fails when this file is out of date. -->

Every command prints this help with `-h` or `--help`, e.g. `rolodex check -h`.
Options that every command accepts (`--kb PATH`, `-V`/`--version`) are listed under
[`rolodex`](#rolodex).
"""


def commands(command: click.Command, ctx: click.Context) -> list[tuple[click.Context, click.Command]]:
    """The command and every subcommand below it, depth first, subcommands in name order."""
    found = [(ctx, command)]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            found += commands(sub, click.Context(sub, info_name=name, parent=ctx))
    return found


def render(root: click.Command | None = None) -> str:
    """The whole reference as Markdown: one section per command, its help verbatim."""
    if root is None:
        from rolodex.cli import main

        root = main
    settings = {**root.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    top = click.Context(root, info_name="rolodex", **settings)  # subcommands inherit -h and the width
    out = [HEADER]
    for ctx, command in commands(root, top):
        name = ctx.command_path
        out.append(f"## {name}\n")
        summary = command.get_short_help_str(limit=200)
        if summary:
            out.append(f"{summary}\n")
        out.append("```text\n" + command.get_help(ctx).rstrip() + "\n```\n")
    return "\n".join(out)


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
