"""What the MkDocs plugin does at each step, away from MkDocs' event plumbing.

`prepare(...)` is the one place a site build loads the KB: the same loader,
follow-up engine and checks as the CLI, then (for `--public`) the privacy filter.
`SiteBuilder` applies the result to a MkDocs build: navigation, assets, generated
files, wiki links in hand-written pages, edit links, and what `serve` watches.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rolodex.core.config import Settings
from rolodex.core.model import KB, Problem
from rolodex.kb.loader import load
from rolodex.rules.followups import Due, compute, today_problem
from rolodex.rules.validate import sort_problems, validate
from rolodex.site.blocks import HOME, HUBS, PROBLEMS
from rolodex.site.context import DraftFn, Site, SiteInput
from rolodex.site.markup import file_url
from rolodex.site.pages import generate
from rolodex.site.privacy import KNOWN_FIELDS, mentions, public_view, unknown_fields
from rolodex.site.wikilinks import resolve_links

log = logging.getLogger("mkdocs.plugins.rolodex")

TODAY_ENV = "ROLODEX_TODAY"
PUBLIC_ENV = "ROLODEX_PUBLIC"
ASSETS = "assets/rolodex"
SHIM = f"{ASSETS}/iframe-worker.js"


class SiteConfigError(Exception):
    """A setting the site cannot work with (shown by MkDocs as a plugin error)."""


def today_from_env() -> dt.date:
    """Today for the site: $ROLODEX_TODAY (set by `rolodex build --today`), else the real date."""
    value = os.environ.get(TODAY_ENV)
    if not value:
        return dt.date.today()
    try:
        today = dt.date.fromisoformat(value)
    except ValueError:
        raise SiteConfigError(f"{TODAY_ENV}={value!r}: expected a date YYYY-MM-DD") from None
    problem = today_problem(today)
    if problem:
        raise SiteConfigError(f"{TODAY_ENV}: {problem}")
    return today


def public_from_env() -> bool:
    """A public build (`rolodex build --public` sets $ROLODEX_PUBLIC=1)."""
    return os.environ.get(PUBLIC_ENV, "").strip().lower() in ("1", "true", "yes")


def make_draft(kb: KB, today: dt.date, items: list[Due]) -> DraftFn | None:
    """Item id -> (subject, body) from the KB's draft templates; None for items with no draft."""
    try:
        from rolodex.drafts import compose as drafts
    except ImportError:  # an older package without drafts: plain subjects
        return None
    by_id = {item.id: item for item in items}

    def draft(item_id: str) -> tuple[str, str] | None:
        item = by_id.get(item_id)
        try:
            # Handing over just this item spares `render` a search among thousands.
            return drafts.render(kb, item_id, today, [item] if item else [])
        except drafts.DraftError as exc:
            # A broken template must not break the site: the link falls back to a plain subject.
            log.debug("no draft for %s: %s", item_id, exc)
            return None

    return draft


@dataclass
class Prepared:
    inp: SiteInput
    problems: list[Problem]  # everything `rolodex check` reports, public or not


def prepare(
    root: Path,
    settings: Settings,
    today: dt.date,
    *,
    public: bool = False,
    site_name: str = "My network",
    home_text: str | None = None,
    directory_urls: bool = False,
    skip: frozenset[str] = frozenset(),
    edit_base: str | None = None,
    cache: bool | None = None,
) -> Prepared:
    """Load the KB, check it, compute follow-ups, apply the privacy filter: the input of `generate`."""
    if cache is None:
        cache = not os.environ.get("ROLODEX_NO_CACHE")  # as the CLI does
    kb, problems = load(root, cache=cache, settings=settings)
    problems = sort_problems(problems + validate(kb, today))
    hidden: frozenset[str] = frozenset()
    redact = None
    if public:
        redact = mentions(kb).body
        kb, hidden = public_view(kb, settings.private_fields)
        home_text = redact(home_text) if home_text else home_text
    items = compute(kb, today)
    inp = SiteInput(
        kb=kb,
        problems=[] if public else problems,
        items=items,
        today=today,
        site_name=site_name,
        home_text=home_text,
        public=public,
        hidden=hidden,
        directory_urls=directory_urls,
        draft=make_draft(kb, today, items),
        skip=skip,
        edit_base=edit_base,
        redact=redact,
    )
    return Prepared(inp, problems)


def asset_files() -> list[tuple[str, Any]]:
    """(site path, package resource) of the CSS and JavaScript the pages use."""
    folder = resources.files("rolodex") / "site" / "assets"
    return [
        (f"{ASSETS}/{entry.name}", entry)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.is_file() and not entry.name.startswith(".")
    ]


def nav(docs_pages: list[str], public: bool) -> list[Any]:
    """The small navigation: the hub pages, then the hand-written pages under Guides.

    Contact and meeting pages stay out of it: MkDocs renders the whole navigation
    into every page, which at thousands of pages costs minutes and megabytes.
    """
    entries: list[Any] = [{title: path} for title, path in HUBS if not (public and path == PROBLEMS)]
    hubs = {path for _, path in HUBS}
    guides = [p for p in docs_pages if p not in hubs]
    if guides:
        entries.append({"Guides": _nest(guides)})
    return entries


def _nest(paths: list[str]) -> list[Any]:
    """Pages in folders become sections named after the folder."""
    top: list[Any] = []
    folders: dict[str, list[str]] = {}
    for path in sorted(paths, key=lambda p: (p.count("/"), p)):
        head, _, rest = path.partition("/")
        if rest:
            folders.setdefault(head, []).append(rest)
        else:
            top.append(path)
    for folder, inner in sorted(folders.items()):
        top.append(
            {
                folder.replace("-", " ").replace("_", " ").capitalize(): [
                    posixpath.join(folder, p) if isinstance(p, str) else p for p in _nest(inner)
                ]
            }
        )
    return top


def edit_base(repo_url: str | None, edit_uri: str | None, docs_rel: str) -> str | None:
    """Where the KB's root is browsable, from repo_url + edit_uri (which point at the docs folder)."""
    if not repo_url or not edit_uri:
        return None
    base = edit_uri if "://" in edit_uri else repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")
    base = base.rstrip("/") + "/"
    suffix = docs_rel.strip("/") + "/"
    if not base.endswith("/" + suffix):
        return None
    return base[: -len(suffix)]


def summary(problems: list[Problem]) -> tuple[str, bool]:
    """One line about the KB's problems, and whether any is an error."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    line = (
        f"rolodex: {errors} error{'s' if errors != 1 else ''} and {warnings} warning"
        f"{'s' if warnings != 1 else ''} in your files; see the Problems page or run 'rolodex check'"
    )
    return line, errors > 0


def link_docs_page(markdown: str, src: str, site: Site) -> str:
    """Wiki links in a hand-written page resolve like those in contact and meeting notes."""
    if site.inp.redact is not None:
        markdown = site.inp.redact(markdown)
    return resolve_links(markdown, src, site.resolve, site.inp.hidden)


def attribute_safe(url: str) -> str:
    """A URL with whatever could close or break an HTML attribute percent-encoded (themes print
    edit links into href="" unescaped, and a file name may hold a quote)."""
    return quote(url, safe=":/?#[]@!$&()*+,;=%~")


def record_edit_url(site: Site | None, page: str) -> str | None:
    """The edit link of a contact or meeting page: its source file, not a file in docs/."""
    if site is None or not site.inp.edit_base:
        return None
    record = site.record_paths.get(page)
    return file_url(site.inp.edit_base, record) if record else None


__all__ = [
    "HOME",
    "KNOWN_FIELDS",
    "SHIM",
    "SiteConfigError",
    "asset_files",
    "edit_base",
    "generate",
    "link_docs_page",
    "nav",
    "prepare",
    "public_from_env",
    "record_edit_url",
    "summary",
    "today_from_env",
    "unknown_fields",
]
