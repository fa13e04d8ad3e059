"""`rolodex export site DIR`: the site's Markdown tree on disk, for any site generator.

The same pages the plugin builds in memory (`pages.generate`), the hand-written
pages of docs/, calendar.ics and the assets, laid out as one docs folder. Nothing
here depends on MkDocs running: when MkDocs or Material can no longer build the
site, another Markdown generator can.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from ..config import read_config
from .blocks import HOME, HUBS
from .builder import asset_files, prepare
from .pages import generate


def export_site(root: Path, dest: Path, today: dt.date, *, public: bool = False, site_name: str = "My network",
                docs_dir: str = "docs") -> int:
    """Write the tree into `dest` (created if needed); return how many files were written."""
    settings = read_config(root).settings
    docs = root / docs_dir
    own: list[Path] = []
    if docs.is_dir():
        own = [p for p in sorted(docs.rglob("*")) if p.is_file()
               and not any(part.startswith(".") for part in p.relative_to(docs).parts)]
    rel_own = {p.relative_to(docs).as_posix(): p for p in own}
    home = rel_own.pop(HOME, None)
    home_text = home.read_text(encoding="utf-8-sig") if home else None
    skip = frozenset(path for _, path in HUBS if path in rel_own)
    prepared = prepare(root, settings, today, public=public, site_name=site_name, home_text=home_text, skip=skip)
    written = 0
    for rel, source in rel_own.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written += 1
    for rel, content in generate(prepared.inp).items():
        if rel in rel_own:
            continue  # a hand-written page of the same name wins, as on the built site
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="\n")
        written += 1
    for rel, resource in asset_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(resource.read_bytes())
        written += 1
    return written
