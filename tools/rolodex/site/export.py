"""`rolodex export site DIR`: the site's Markdown tree on disk, for any site generator.

The same pages the plugin builds in memory (`pages.generate`), the hand-written
pages of docs/, calendar.ics and the assets, laid out as one docs folder. Nothing
here depends on MkDocs running: when MkDocs or Material can no longer build the
site, another Markdown generator can.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from rolodex.kb.configfile import read_config
from rolodex.site.blocks import HOME, HUBS
from rolodex.site.builder import asset_files, link_docs_page, prepare
from rolodex.site.context import Site
from rolodex.site.pages import generate


def site_tree(
    root: Path, today: dt.date, *, public: bool = False, site_name: str | None = None, docs_dir: str | None = None
) -> dict[str, bytes]:
    """Every file of the tree, by path relative to the destination: nothing written yet.

    The site's name, its docs folder and the pages it leaves out come from mkdocs.yml
    (`kb.configfile`, its one reader) unless given."""
    config = read_config(root)
    settings = config.settings
    site_name = config.site_name if site_name is None else site_name
    docs = root / (config.docs_dir if docs_dir is None else docs_dir)
    excluded = config.excluded
    own: list[Path] = []
    if docs.is_dir():
        own = [
            p
            for p in sorted(docs.rglob("*"))
            if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(docs).parts)
            and not excluded(p.relative_to(docs).as_posix())
        ]
    rel_own = {p.relative_to(docs).as_posix(): p for p in own}
    home = rel_own.pop(HOME, None)
    home_text = home.read_text(encoding="utf-8-sig") if home else None
    skip = frozenset(path for _, path in HUBS if path in rel_own)
    prepared = prepare(root, settings, today, public=public, site_name=site_name, home_text=home_text, skip=skip)
    tree: dict[str, bytes] = {rel: source.read_bytes() for rel, source in rel_own.items()}
    if public:  # hand-written pages name no private person either, nor link to one, as on the built site
        site = Site(prepared.inp)
        for rel in tree:
            if rel.endswith(".md"):
                with contextlib.suppress(UnicodeDecodeError):  # not text after all: copied as it is
                    tree[rel] = link_docs_page(tree[rel].decode("utf-8-sig"), rel, site).encode("utf-8")
    for rel, content in generate(prepared.inp).items():
        if rel not in rel_own:  # a hand-written page of the same name wins, as on the built site
            tree[rel] = content if isinstance(content, bytes) else content.encode("utf-8")
    for rel, resource in asset_files():
        tree[rel] = resource.read_bytes()
    return tree


def leftovers(dest: Path, tree: dict[str, bytes]) -> list[str]:
    """Files already in `dest` that writing `tree` would not replace (from an earlier export?)."""
    if not dest.is_dir():
        return []
    return sorted(
        p.relative_to(dest).as_posix()
        for p in dest.rglob("*")
        if not p.is_dir() and p.relative_to(dest).as_posix() not in tree
    )


def export_site(
    root: Path,
    dest: Path,
    today: dt.date,
    *,
    public: bool = False,
    site_name: str | None = None,
    docs_dir: str | None = None,
    tree: dict[str, bytes] | None = None,
) -> int:
    """Write the tree into `dest` (created if needed); return how many files were written."""
    if tree is None:
        tree = site_tree(root, today, public=public, site_name=site_name, docs_dir=docs_dir)
    for rel, data in tree.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(tree)
