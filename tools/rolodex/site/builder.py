"""What the MkDocs plugin does at each step, away from MkDocs' event plumbing.

`prepare(...)` asks a `Session` — the same loader, checks, follow-ups and privacy filter
as the CLI — for the input of `pages.generate`. The rest are the plugin's other steps:
the navigation, the assets, wiki links in hand-written pages, edit links.

Today and `--public` come from `rolodex build`/`serve` through `running(...)`, a direct
call around their in-process MkDocs run; a plain `mkdocs build` takes them from
$ROLODEX_TODAY and $ROLODEX_PUBLIC instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from rolodex.core.config import Settings
from rolodex.core.model import KB, Contact, Meeting, Problem
from rolodex.drafts import compose as drafts
from rolodex.rules import privacy
from rolodex.rules.followups import Due, today_problem
from rolodex.session import Session
from rolodex.site.blocks import HOME, HUBS, PROBLEMS
from rolodex.site.clipped import clipped, clipped_items
from rolodex.site.context import DraftFn, Site, SiteInput
from rolodex.site.markup import file_url
from rolodex.site.pages import generate
from rolodex.site.wikilinks import resolve_links

log = logging.getLogger("mkdocs.plugins.rolodex")
R = TypeVar("R", Contact, Meeting)

TODAY_ENV = "ROLODEX_TODAY"
PUBLIC_ENV = "ROLODEX_PUBLIC"
ASSETS = "assets/rolodex"
SHIM = f"{ASSETS}/iframe-worker.js"


class SiteConfigError(Exception):
    """A setting the site cannot work with (shown by MkDocs as a plugin error)."""


@dataclass(frozen=True)
class Run:
    """What one MkDocs run builds: the site of `today` (None: the real date at each rebuild,
    as `serve` may run past midnight), public or not."""

    today: dt.date | None = None
    public: bool = False


_RUN: Run | None = None  # set by `running` for the MkDocs runs of `rolodex build` and `serve`


@contextlib.contextmanager
def running(run: Run) -> Iterator[None]:
    """The MkDocs runs inside build the site `run` says (the CLI's --today and --public)."""
    global _RUN
    saved, _RUN = _RUN, run
    try:
        yield
    finally:
        _RUN = saved


def current_run() -> tuple[dt.date, bool]:
    """Today and public for this build: from `running`, else from the environment (`mkdocs build`)."""
    if _RUN is not None:
        return (_RUN.today or today_from_env()), _RUN.public
    return today_from_env(), public_from_env()


def today_from_env() -> dt.date:
    """Today for a plain `mkdocs build`: $ROLODEX_TODAY, else the real date."""
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
    """Whether a plain `mkdocs build` is public: $ROLODEX_PUBLIC=1."""
    return os.environ.get(PUBLIC_ENV, "").strip().lower() in ("1", "true", "yes")


class Remembered:
    """What `prepare` remembers from one rebuild of a `rolodex serve` to the next: the records, their
    cut copies, and the drafts, each draft with what it was made from (`compose.inputs`). A
    draft whose inputs, templates, settings and today are the same is the same; making them all
    again cost two seconds at 3,000 items, cutting every record 0.1 s. Looking for a draft's
    inputs again costs a tenth of a second at 3,000 items too: while none of its records changed
    (`same_inputs`), they are not looked for."""

    def __init__(self) -> None:
        self.basis: object = None  # templates, settings, today: all drafts are made of them
        # item id -> (its inputs, the draft, the rebuild that last found them)
        self.made: dict[str, tuple[tuple[object, ...], tuple[str, str] | None, int]] = {}
        self.records: KB | None = None  # the last rebuild's
        self.cut: dict[int, tuple[object, object]] = {}  # id(record) -> (record, its cut copy)
        self.rebuild = 0  # this rebuild's number
        self.files_at = 0  # the last rebuild where a contact or a meeting came or went, or a name changed
        # id(record) -> the last rebuild where it was replaced by a changed one, or, for a contact,
        # named by a changed meeting (a draft that reads them would find other inputs from then on)
        self.stale_at: dict[int, int] = {}

    def based_on(self, basis: object) -> None:
        """Start a rebuild: the drafts stay if `basis` is the last one's."""
        if basis != self.basis:
            self.basis, self.made = basis, {}

    def same_records(self, kb: KB) -> KB:
        """`kb`, each record that reads as in the last rebuild (lines too) being the last one's
        object. Records are read anew at each rebuild, and each is among the inputs of many
        drafts and pages: so they are compared once here, and then by identity."""
        last = self.records
        self.rebuild += 1
        if last is not None:
            contacts = {slug: _kept(last.contacts.get(slug), c) for slug, c in kb.contacts.items()}
            meetings = {slug: _kept(last.meetings.get(slug), m) for slug, m in kb.meetings.items()}
            kb = KB(settings=kb.settings, contacts=contacts, meetings=meetings, root=kb.root, unplaced=kb.unplaced)
            # References are resolved by slug and by name, in place on records the parse cache keeps
            # (kb/cache.py): with a contact come, gone or renamed, a kept record may name someone else.
            if (
                contacts.keys() != last.contacts.keys()
                or meetings.keys() != last.meetings.keys()
                or any(c is not last.contacts[s] and c.name != last.contacts[s].name for s, c in contacts.items())
            ):
                self.files_at = self.rebuild
            for old, now in ((last.contacts, contacts), (last.meetings, meetings)):
                for slug, record in now.items():
                    before = old.get(slug)
                    if before is not None and before is not record:
                        self.stale_at[id(before)] = self.rebuild
            for m in meetings.values():
                if m is not last.meetings.get(m.slug):
                    for slug in (*m.contacts, *(r.contact.slug for r in m.referrals if r.contact and r.contact.slug)):
                        if slug in contacts:
                            self.stale_at[id(contacts[slug])] = self.rebuild
        else:
            self.files_at = self.rebuild
        self.records = kb
        return kb

    def same_inputs(self, inputs: tuple[object, ...], since: int) -> bool:
        """Whether a draft's inputs (`compose.inputs`), found at rebuild `since`, are what they
        would be found to be now, without looking for them again: no record among them was
        replaced by a changed one since, no changed meeting has named any of its people since
        (`meetings_with` would list it), no contact or meeting came or went and no name changed
        (references may name someone else). The caller compares the item. (A record among the
        inputs is alive, so no other object has its id.)"""
        if since < self.files_at:
            return False
        stale = self.stale_at
        return stale.keys().isdisjoint(map(id, inputs)) or all(stale.get(id(x), 0) <= since for x in inputs)


def _kept(old: R | None, new: R) -> R:
    return old if old is not None and (old is new or (old == new and old.lines == new.lines)) else new


def make_draft(kb: KB, today: dt.date, items: list[Due], kept: Remembered | None = None) -> DraftFn | None:
    """Item id -> (subject, body) from the KB's draft templates; None for items with no draft.
    With `kept` (based on this KB's templates and settings, and today), drafts whose inputs
    did not change are taken from it."""
    by_id = {item.id: item for item in items}

    def draft(item_id: str) -> tuple[str, str] | None:
        item = by_id.get(item_id)
        found = [item] if item else []  # handing over just this item spares a search among thousands
        key: tuple[object, ...] = ()
        if kept is not None:
            known = kept.made.get(item_id)
            # Most drafts read records that did not change: that is seen without looking for them.
            if known is not None and item is not None and known[0][0] == item and kept.same_inputs(known[0], known[2]):
                kept.made[item_id] = (known[0], known[1], kept.rebuild)
                return known[1]
            key = drafts.inputs(kb, item_id, today, found)
            if known is not None and known[0] == key:
                kept.made[item_id] = (key, known[1], kept.rebuild)
                return known[1]
        try:
            made: tuple[str, str] | None = drafts.render(kb, item_id, today, found)
        except drafts.DraftError as exc:
            # A broken template must not break the site: the link falls back to a plain subject.
            log.debug("no draft for %s: %s", item_id, exc)
            made = None
        if kept is not None:
            kept.made[item_id] = (key, made, kept.rebuild)
        return made

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
    pages: list[tuple[str, str]] | None = None,
    config_text: str = "",
    docs_dir: str = "docs",
    remembered: Remembered | None = None,
) -> Prepared:
    """The session's KB (public or not), problems and follow-ups: the input of `generate`.

    `cache` None: unless $ROLODEX_NO_CACHE is set, as for the CLI. A public build raises
    `PublicRefused` when it cannot be sure to leave every private person out (see
    `public_gate`); `pages` (hand-written: docs-relative path, text) and `config_text`
    (mkdocs.yml) are checked for private names too. `remembered`: what the last
    rebuild made while serving (`Remembered`), used again where its inputs did not change.
    """
    # While serving, a rebuild after the first follows an edit: results remembered in the cache
    # would not be the ones it needs (see Session).
    serving = remembered is not None and remembered.records is not None
    session = Session(root, settings=settings, cache=cache, results=not serving)
    problems = session.problems(today)
    if public:
        refused = public_gate(session, today, pages or [], config_text, docs_dir)
        if refused:
            raise PublicRefused(refused)
    kb = session.view(public)
    hidden: frozenset[str] = frozenset()
    redact = None
    if public:
        hidden, redact = session.public.hidden, session.public.redact
        home_text = redact(home_text) if home_text else home_text
    if remembered is not None:
        kb = remembered.same_records(kb)
    full, kb = kb, clipped(kb, remembered.cut if remembered else None)  # long values cut but on their own page
    if remembered is not None:
        remembered.based_on((templates_digest(root, settings), full.settings, today, full.root, public))
    items = clipped_items(session.items(today, public=public))
    inp = SiteInput(
        kb=kb,
        full=full,
        problems=[] if public else problems,
        items=items,
        today=today,
        site_name=site_name,
        home_text=home_text,
        public=public,
        hidden=hidden,
        directory_urls=directory_urls,
        draft=make_draft(full, today, items, remembered),  # a message says what the records say, whole
        skip=skip,
        edit_base=edit_base,
        redact=redact,
    )
    return Prepared(inp, problems)


class PublicRefused(Exception):
    """A public build or export that cannot be sure to leave every private person out."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


def public_gate(
    session: Session, today: dt.date, pages: list[tuple[str, str]], config_text: str, docs_dir: str = "docs"
) -> list[Problem]:
    """What stops a public build: files that may be private but cannot be read for sure, a
    `private_fields` typo, and private names in page names, page titles or mkdocs.yml.
    `pages` are the hand-written pages (path in `docs_dir`, text)."""
    problems = privacy.refusals(session.kb, session.problems(today))
    return problems + privacy.page_refusals(pages, config_text, session.kb, docs_dir)


def hand_written(docs: Path) -> list[tuple[str, str]]:
    """The docs folder's Markdown pages (docs-relative path, text), as a build takes them."""
    if not docs.is_dir():
        return []
    out = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        try:
            out.append((rel, path.read_bytes().decode("utf-8-sig", "replace")))
        except OSError:
            out.append((rel, ""))
    return out


def templates_digest(root: Path, settings: Settings) -> bytes:
    """The KB's draft templates as drafts read them (names and bytes), to tell when one changed."""
    folder = root / settings.templates_dir
    digest = hashlib.sha256()
    try:
        paths = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        paths = []
    for path in paths:
        digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(os.path.realpath(path).encode("utf-8", "surrogateescape") + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"")
        except OSError as exc:
            digest.update(repr(exc).encode())
        digest.update(b"\0")
    return digest.digest()


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
    "SHIM",
    "PublicRefused",
    "Remembered",
    "Run",
    "SiteConfigError",
    "asset_files",
    "current_run",
    "edit_base",
    "generate",
    "hand_written",
    "link_docs_page",
    "nav",
    "prepare",
    "public_from_env",
    "public_gate",
    "record_edit_url",
    "running",
    "summary",
    "today_from_env",
]
