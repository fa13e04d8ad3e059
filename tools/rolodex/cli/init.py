"""`rolodex init`: scaffold an empty knowledge base."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from rolodex.cli.app import main
from rolodex.cli.output import echo
from rolodex.site import themes

# (file in the package's scaffold folder, where it goes in the new KB)
SCAFFOLD = (
    ("mkdocs.yml", "mkdocs.yml"),
    ("gitignore", ".gitignore"),
    ("index.md", "docs/index.md"),
    ("contact_template.md", "contacts/_template.md"),
    ("meeting_template.md", "meetings/_template.md"),
)


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
    existing = [dest for _, dest in SCAFFOLD if (directory / dest).exists()]
    if existing:
        listed = ", ".join(str(directory / dest) for dest in existing)
        raise click.ClickException(f"refusing to overwrite existing files: {listed}")
    package = resources.files("rolodex") / "scaffold"
    created: list[Path] = []
    for source, dest in SCAFFOLD:
        target = directory / dest
        try:
            for folder in reversed([target.parent, *target.parent.parents]):
                if not folder.exists():
                    folder.mkdir()
                    created.append(folder)
            with open(target, "x", encoding="utf-8", newline="") as handle:  # "x": never overwrite
                created.append(target)
                text = (package / source).read_text(encoding="utf-8")
                if source == "mkdocs.yml":
                    text = text.replace(f"name: {themes.DEFAULT}\n", f"name: {theme}\n", 1)
                handle.write(text)
        except OSError as exc:
            for path in reversed(created):  # leave things as they were: no half-made KB
                if path.is_dir():
                    path.rmdir()
                else:
                    path.unlink()
            raise click.ClickException(f"cannot create {target}: {exc.strerror or exc}") from None
    for target in created:
        if target.is_file():
            echo(f"created {target}")
    go = "" if directory == Path(".") else f"cd {directory} && "
    echo(f'\nYour knowledge base is ready. Next: {go}rolodex new contact "Jane Doe"')
