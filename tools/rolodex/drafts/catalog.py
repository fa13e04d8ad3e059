"""Where draft templates live, and which one a draft uses (no rendering, no Jinja).

Every kind has a built-in template in the package (`rolodex/drafts/templates/<kind>.md`).
A knowledge base overrides a kind with its own `<templates_dir>/<kind>.md`: that file wins
whenever it exists. `rolodex templates` lists the kinds and copies built-in ones into the KB
for editing; `compose` reads the winning text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rolodex.core.config import Settings
from rolodex.core.identity import closest


@dataclass(frozen=True)
class Template:
    """One kind: the KB's own file for it (relative to the root), and whether it exists."""

    kind: str
    own: str  # e.g. "templates/outreach.md"
    overridden: bool  # the KB's file exists: drafts use it, not the built-in

    @property
    def in_use(self) -> str:
        return self.own if self.overridden else f"built-in {self.kind}.md"


def own_path(settings: Settings, kind: str) -> str:
    """The KB-relative file that overrides `kind`: `templates/<kind>.md`."""
    return f"{settings.templates_dir.rstrip('/')}/{kind}.md"


def builtin_text(kind: str) -> str:
    return resources.files("rolodex.drafts").joinpath("templates", f"{kind}.md").read_text(encoding="utf-8")


def builtin_bytes(kind: str) -> bytes:
    return resources.files("rolodex.drafts").joinpath("templates", f"{kind}.md").read_bytes()


def templates(root: Path, settings: Settings, kinds: Sequence[str]) -> list[Template]:
    """Each of `kinds`, in order, with the file its drafts use."""
    return [Template(kind, own_path(settings, kind), (root / own_path(settings, kind)).is_file()) for kind in kinds]


def other_files(root: Path, settings: Settings, kinds: Sequence[str]) -> list[tuple[str, str | None]]:
    """Files in the templates folder that override no kind: `(relative path, kind it may have
    been meant for)`. Most are pieces for `{% include %}`; a near miss (`thankyou.md`) is
    probably a misnamed override that drafts silently ignore."""
    folder = root / settings.templates_dir
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith((".", "_")) and path.stem not in kinds:
            rel = f"{settings.templates_dir.rstrip('/')}/{path.name}"
            out.append((rel, closest(path.stem, kinds, 0.75)))
    return out


__all__ = ["Template", "builtin_bytes", "builtin_text", "other_files", "own_path", "templates"]
