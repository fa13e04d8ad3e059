"""`rolodex init`: scaffold an empty knowledge base (the files: `write/scaffold.py`)."""

from __future__ import annotations

from pathlib import Path

import click

from rolodex.cli.app import main
from rolodex.cli.output import echo
from rolodex.site import themes
from rolodex.write import scaffold


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--theme",
    type=click.Choice(sorted(themes.THEMES)),
    default=None,
    help="The site's theme: material (Material for MkDocs) or materialx (its maintained fork). "
    "Default: the one installed, else material.",
)
def init(directory: Path, theme: str | None) -> None:
    """Create an empty knowledge base in DIRECTORY (default: here).

    Writes mkdocs.yml (the Material or MaterialX theme and the rolodex
    plugin), contacts/, meetings/, docs/, template files and a .gitignore.
    Refuses, changing nothing, if any of those files already exists.

    \b
    Examples:
      rolodex init my-network && cd my-network && rolodex check
      rolodex init my-network --theme materialx
    """
    if theme is None:
        theme = (themes.installed() or [themes.DEFAULT])[0]
    try:
        created = scaffold.create_kb(directory, theme, themes.DEFAULT)
    except scaffold.ScaffoldFailed as exc:
        raise click.ClickException(str(exc)) from None
    for target in created:
        echo(f"created {target}")
    go = "" if directory == Path(".") else f"cd {directory} && "
    echo(f'\nYour knowledge base is ready. Next: {go}rolodex new contact "Jane Doe"')
