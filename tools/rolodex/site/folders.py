"""Where a site may be written: `rolodex build` and `rolodex export site` never write over the
knowledge base's own files, and a build empties only a folder that holds a previous site.

MkDocs empties its site folder before building, and `export site --force` replaces files:
neither may point at the knowledge base itself, a folder above it, or a folder of its files
(contacts, meetings, docs, templates, .git, the cache).
"""

from __future__ import annotations

import os
from pathlib import Path

from rolodex.core.config import Settings

# A folder holding one of these is a previous build, which may be emptied and rebuilt. The
# first is ours, written before MkDocs starts (which keeps dot files when it empties the
# folder): a build that failed halfway (a full disk) left a site that is still known as one.
SITE_MARK = ".rolodex-site"
_SITE_MARKS = (SITE_MARK, "sitemap.xml", "404.html", "search/search_index.json", "search/search_index.js")


class Refused(Exception):
    """Nothing was written; the message says why, for people."""


def check_target(root: Path, settings: Settings, docs_dir: str, target: Path, what: str, *, replace_site: bool) -> None:
    """Refuse (raise `Refused`) to write `what` into `target` over the KB's own files; with
    `replace_site` (a build, which empties its folder), into a folder that is not a site either."""
    target = target.resolve()
    root = root.resolve()
    own = [
        root / folder
        for folder in (
            settings.contacts_dir,
            settings.meetings_dir,
            docs_dir,
            settings.templates_dir,
            ".git",
            ".rolodex-cache",
        )
    ]
    if root.is_relative_to(target) or any(target.is_relative_to(folder.resolve()) for folder in own):
        raise Refused(
            f"refusing to write {what} into {target}: it holds your knowledge base's own files, which "
            f"{'the build would delete' if replace_site else 'could be overwritten'}; choose another folder"
        )
    if (
        replace_site
        and target.is_dir()
        and any(target.iterdir())
        and not any((target / mark).exists() for mark in _SITE_MARKS)
    ):
        raise Refused(
            f"refusing to build into {target}: it is not empty and holds no previous site, and a build "
            "empties its folder first; choose an empty or new folder"
        )


def mark_site(folder: Path) -> None:
    """Say in `folder` that it holds a site rolodex builds (so that a partial one is ours too)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mark = folder / SITE_MARK
        if not mark.exists():
            mark.write_text("A site built by rolodex: the next 'rolodex build' empties and rebuilds it.\n")
    except OSError as exc:
        raise Refused(f"build failed: cannot write in {folder} ({exc.strerror})") from None


def failed_file(exc: OSError, folder: Path) -> str:
    """Which file a failed write was about: one in the site, else the site folder itself (a full
    disk makes a copy fail naming its source, a file of the installed theme)."""
    for name in (exc.filename2, exc.filename):
        if name and Path(os.fsdecode(name)).resolve().is_relative_to(folder.resolve()):
            return os.fsdecode(name)
    return str(folder)


def ensure_docs(root: Path, docs_dir: str) -> Path | None:
    """MkDocs needs the docs folder to exist: an empty one is made for a KB without pages of its
    own. The folder made, or None when it was there."""
    docs = root / docs_dir
    if docs.exists():
        return None
    docs.mkdir(parents=True)
    return docs
