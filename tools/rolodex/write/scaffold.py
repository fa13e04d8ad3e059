"""`rolodex init`: the files of an empty knowledge base, made all or none, never over anything."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# (file in the package's scaffold folder, where it goes in the new KB)
SCAFFOLD = (
    ("mkdocs.yml", "mkdocs.yml"),
    ("gitignore", ".gitignore"),
    ("index.md", "docs/index.md"),
    ("contact_template.md", "contacts/_template.md"),
    ("meeting_template.md", "meetings/_template.md"),
)


class ScaffoldFailed(Exception):
    """Nothing was created (or what was, was removed again); the message says why, for people."""


def existing(directory: Path) -> list[Path]:
    """The scaffold's files that already exist in `directory` (then init changes nothing)."""
    return [directory / dest for _, dest in SCAFFOLD if (directory / dest).exists()]


def create_kb(directory: Path, theme: str, default_theme: str) -> list[Path]:
    """Write every scaffold file into `directory` (folders made as needed), mkdocs.yml naming
    `theme` instead of `default_theme`; the files created. Each is created exclusively; on a
    failure, everything made so far is removed and ScaffoldFailed raised."""
    found = existing(directory)
    if found:
        raise ScaffoldFailed(f"refusing to overwrite existing files: {', '.join(str(p) for p in found)}")
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
                    text = text.replace(f"name: {default_theme}\n", f"name: {theme}\n", 1)
                handle.write(text)
        except OSError as exc:
            for path in reversed(created):  # leave things as they were: no half-made KB
                if path.is_dir():
                    path.rmdir()
                else:
                    path.unlink()
            raise ScaffoldFailed(f"cannot create {target}: {exc.strerror or exc}") from None
    return [path for path in created if path.is_file()]
