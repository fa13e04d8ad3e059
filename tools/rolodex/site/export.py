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

from rolodex.core.model import Problem
from rolodex.kb.configfile import read_config
from rolodex.session import Session
from rolodex.site import folders
from rolodex.site.blocks import HOME, HUBS
from rolodex.site.builder import asset_files, hand_written, link_docs_page, prepare, public_gate
from rolodex.site.context import Site
from rolodex.site.pages import generate


class PublicRefused(Exception):
    """A public build or export would let a private person out: `problems` say where."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def public_refusals(session: Session, today: dt.date) -> list[Problem]:
    """What stops a public build or export of the KB at `session.root` (`builder.public_gate`
    over the hand-written pages and mkdocs.yml)."""
    config = read_config(session.root)
    pages = hand_written(session.root / config.docs_dir)
    return public_gate(session, today, pages, config.text, config.docs_dir)


def export(session: Session, directory: Path, today: dt.date, *, public: bool = False, force: bool = False) -> int:
    """`rolodex export site`: write the tree into `directory`; how many files were written.

    Refuses (`folders.Refused`, nothing written) a folder of the KB's own files, a folder
    that is not empty without `force`, and, for a public export, a folder holding files it
    would not replace (pages of private people from an earlier export?); `PublicRefused`
    when the public export would let a private person out.
    """
    root = session.root
    config = read_config(root)
    folders.check_target(root, session.settings, config.docs_dir, directory, "the exported site", replace_site=False)
    if directory.exists() and any(directory.iterdir()) and not force:
        raise folders.Refused(f"{directory} is not empty; choose an empty folder or pass --force")
    if public:
        refused = public_refusals(session, today)
        if refused:
            raise PublicRefused(refused)
    tree = site_tree(root, today, public=public)
    stale = leftovers(directory, tree) if public else []
    if stale:  # pages of people left out, from an earlier full export: a public folder must not keep them
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        files = f"{len(stale)} file" + ("" if len(stale) == 1 else "s")
        raise folders.Refused(
            f"{directory} holds {files} this public export would not replace ({shown}); they may hold "
            "private data. Nothing was written: export into an empty folder."
        )
    try:
        return export_site(root, directory, today, tree=tree)
    except OSError as exc:
        raise folders.Refused(f"cannot write {exc.filename or directory} ({exc.strerror})") from None


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
