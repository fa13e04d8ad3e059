"""The knowledge base: the ONLY reader of contact and meeting files.

`load(root)` reads mkdocs.yml, finds every contact and meeting file, parses
each (through the parse cache), resolves references, and returns the `KB` with
every problem found on the way. Nothing here raises because a user's file is wrong.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from stat import S_ISREG
from typing import Iterator

from .config import Settings, read_config
from .model import Contact, Meeting, Problem, Ref, Unplaced
from .parse import SLUG, slugish

MAX_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A file found under contacts/ or meetings/: where it is and what it is."""

    kind: str  # "contact" | "meeting"
    path: str  # relative to the root, POSIX
    slug: str
    abspath: str
    size: int = -1  # size and modification time when found: the parse cache's key
    mtime_ns: int = -1


@dataclass
class KB:
    """Every contact and meeting that loaded, by slug, with lookups the rules need."""

    settings: Settings
    contacts: dict[str, Contact] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    root: Path | None = None
    # Files that exist but could not become records: their slugs are taken, their refs checked.
    unplaced: list[Unplaced] = field(default_factory=list)

    def unplaced_contact(self, slug: str) -> Unplaced | None:
        """The contact file of that slug that could not be read, if there is one."""
        for record in self.unplaced:
            if record.kind == "contact" and record.slug.lower() == slug.lower():
                return record
        return None

    @cached_property
    def _by_name(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for contact in self.contacts.values():
            index.setdefault(name_key(contact.name), []).append(contact.slug)
        return index

    def contact_named(self, name: str) -> Contact | None:
        """The one contact whose display name is `name` (ignoring case and spacing), else None."""
        slugs = self.slugs_named(name)
        return self.contacts[slugs[0]] if len(slugs) == 1 else None

    def slugs_named(self, name: str) -> list[str]:
        """Every contact whose display name is `name` (ignoring case and spacing)."""
        return self._by_name.get(name_key(name), [])

    @cached_property
    def _meetings_by_contact(self) -> dict[str, list[Meeting]]:
        index: dict[str, list[Meeting]] = {}
        for meeting in sorted(self.meetings.values(), key=lambda m: (m.date, m.time or _MIDNIGHT, m.slug)):
            for slug in dict.fromkeys(meeting.contacts):
                index.setdefault(slug, []).append(meeting)
        return index

    def meetings_with(self, slug: str) -> list[Meeting]:
        """The meetings with a contact, oldest first."""
        return self._meetings_by_contact.get(slug, [])

    def resolve(self, ref: Ref) -> str | None:
        """The slug a reference names: by slug, then (for links) by name, else None."""
        target = ref.target
        if target in self.contacts:
            return target
        lowered = target.lower()
        if lowered in self.contacts:
            return lowered
        named = self.contact_named(target)
        if named is not None and ref.raw.startswith("[["):
            return named.slug
        return None


_MIDNIGHT = dt.time(0, 0)


def name_key(name: str) -> str:
    """A display name for matching: `Zoë` typed either way (composed or not), any case, any spacing."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def discover(root: Path, settings: Settings) -> tuple[list[SourceFile], list[Problem]]:
    """Every `.md` file under the contacts and meetings folders, `_`/`.` names skipped.

    A file whose slug another file already has is reported and left out.
    """
    files, _, problems = find(root, settings)
    return files, problems


def find(root: Path, settings: Settings) -> tuple[list[SourceFile], list[SourceFile], list[Problem]]:
    """`discover`, also returning the files left out for a duplicate slug (still worth checking)."""
    files: list[SourceFile] = []
    problems: list[Problem] = []
    real_root = os.path.realpath(root)
    for kind, folder in (("contact", settings.contacts_dir), ("meeting", settings.meetings_dir)):
        base = root / folder
        if not base.is_dir():
            continue
        if os.path.commonpath([os.path.realpath(base), real_root]) != real_root:  # as for linked files
            problems.append(Problem(Path(folder).as_posix(), None, "error", "unreadable",
                                    "a symbolic link to a folder outside the knowledge base; not read"))
            continue
        for abspath, rel, problem, stat in _walk(str(base), f"{Path(folder).as_posix()}/", real_root):
            if problem:
                problems.append(Problem(rel, None, "error", "unreadable", problem))
                continue
            slug = rel.rsplit("/", 1)[-1][:-3]
            if kind == "contact" and not SLUG.match(slug):
                problems.append(Problem(rel, None, "error", "bad-slug",
                                        f"file name '{slug}.md' is not a valid contact slug: use lowercase a-z, 0-9 "
                                        f"and single hyphens, e.g. '{slugish(slug)}.md'"))
            files.append(SourceFile(kind, rel, slug, abspath, stat.st_size, stat.st_mtime_ns))
    files.sort(key=lambda f: (f.kind, f.path))
    return _unique(files, problems)


def _unique(files: list[SourceFile], problems: list[Problem]) -> tuple[list[SourceFile], list[SourceFile], list[Problem]]:
    """Slugs are unique per kind, ignoring case, across subfolders; later duplicates are left out."""
    seen: dict[tuple[str, str], str] = {}
    kept = []
    shadowed = []
    # A valid lowercase slug keeps its name; the odd-cased twin is the one reported.
    for source in sorted(files, key=lambda f: (f.kind, f.slug.lower(), f.slug != f.slug.lower(), f.path)):
        key = (source.kind, source.slug.lower())
        if key in seen:
            problems.append(Problem(source.path, None, "error", "duplicate-slug",
                                    f"{source.kind} slug '{source.slug}' is already used by {seen[key]}; "
                                    "slugs must be unique (ignoring case) across subfolders; rename one file"))
            shadowed.append(source)
            continue
        seen[key] = source.path
        kept.append(source)
    kept.sort(key=lambda f: (f.kind, f.path))
    return kept, shadowed, problems


def _walk(folder: str, rel: str, real_root: str) -> Iterator[tuple[str, str, str | None, os.stat_result | None]]:
    """(absolute path, KB-relative POSIX path, problem or None, stat) for each Markdown file below.

    Depth first, by name, without recursion: folders nested thousands deep are only slow.
    """
    stack: list[tuple[Iterator[os.DirEntry[str]], str]] = []
    listing = _listing(folder, rel)
    if isinstance(listing, tuple):
        yield listing
        return
    stack.append((listing, rel))
    while stack:
        entries, rel = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if name.startswith(("_", ".")):
            continue
        odd = _odd_name(name)
        if odd:  # such a name would reach page names, item ids and every output
            if name.endswith(".md") or entry.is_dir(follow_symlinks=False):
                yield entry.path, printable(rel + name), f"the {'folder' if entry.is_dir(follow_symlinks=False) else 'file'} name {odd}; rename it", None
            continue
        if entry.is_dir(follow_symlinks=False):
            listing = _listing(entry.path, f"{rel}{name}/")
            if isinstance(listing, tuple):
                yield listing
            else:
                stack.append((listing, f"{rel}{name}/"))
            continue
        if not name.endswith(".md"):
            continue
        problem = _link_problem(entry, real_root) if entry.is_symlink() else None
        if problem:
            yield entry.path, rel + name, problem, None
            continue
        try:
            stat = entry.stat()
        except OSError as exc:
            yield entry.path, rel + name, f"cannot read: {exc.strerror}", None
            continue
        if not S_ISREG(stat.st_mode):  # reading a named pipe would wait for a writer forever
            yield entry.path, rel + name, "not a regular file (a named pipe or a device?); not read", None
            continue
        yield entry.path, rel + name, None, stat


def _listing(folder: str, rel: str) -> Iterator[os.DirEntry[str]] | tuple[str, str, str, None]:
    """A folder's entries by name, or the located reason it cannot be listed."""
    try:
        return iter(sorted(os.scandir(folder), key=lambda e: e.name))
    except OSError as exc:
        return folder, rel.rstrip("/"), f"cannot list folder: {exc.strerror}", None


def _link_problem(entry: os.DirEntry[str], real_root: str) -> str | None:
    """Why a symbolic link named like a Markdown file is not read, or None."""
    try:
        os.stat(entry.path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that leads back to itself (a loop); not read"
        return "a symbolic link to a file that does not exist"
    target = os.path.realpath(entry.path)
    if os.path.commonpath([target, real_root]) != real_root:
        return "a symbolic link to a file outside the knowledge base; not read"
    if os.path.isdir(target):
        return "a link to a folder named like a Markdown file; not read"
    return None


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _odd_name(name: str) -> str | None:
    """Why a file or folder name cannot be a record's, or None: bytes that are not UTF-8
    (which Python keeps as lone surrogates) or a control character such as a newline."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8"
    if _CONTROL.search(name):
        return "holds a control character (a newline or a tab?)"
    return None


def printable(path: str) -> str:
    """A path as text for messages: bytes that are not UTF-8 show as �, control characters as `?`."""
    return _CONTROL.sub("?", path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def read_bytes(source: SourceFile) -> tuple[bytes | None, Problem | None]:
    """A file's bytes, or the located reason it cannot be read."""
    try:
        # Non-blocking, so that a file swapped for a named pipe since it was found cannot hang us.
        fd = os.open(source.abspath, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            if not S_ISREG(os.fstat(fd).st_mode):
                return None, Problem(source.path, None, "error", "unreadable", "not a regular file (a named pipe or a device?); not read")
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, Problem(source.path, None, "error", "unreadable", f"cannot read: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        return None, Problem(source.path, None, "error", "unreadable", f"larger than {MAX_FILE_BYTES // 2**20} MiB; not read")
    return data, None


def assemble(settings: Settings, records: list[Contact | Meeting | Unplaced], root: Path | None = None) -> tuple[KB, list[Problem]]:
    """Index parsed records by slug and resolve references (pure).

    `discover` has already left out duplicate slugs, so the first record wins.
    """
    kb = KB(settings=settings, root=root)
    for record in records:
        if isinstance(record, Contact):
            kb.contacts.setdefault(record.slug, record)
        elif isinstance(record, Meeting):
            kb.meetings.setdefault(record.slug, record)
        else:
            kb.unplaced.append(record)
    # References are resolved in place: records are fresh from the parser or the cache, and
    # this is the last step of building them (it runs for every ref on every load, and
    # copying 40,000 frozen records would cost more than the rest of the assembly).
    for contact in kb.contacts.values():
        if contact.referred_by:
            _resolve(kb, contact.referred_by)
    for meeting in kb.meetings.values():
        for ref in meeting.with_:
            _resolve(kb, ref)
        for referral in meeting.referrals:
            if referral.contact:
                _resolve(kb, referral.contact)
    for unplaced in kb.unplaced:
        for _, ref in unplaced.refs:
            _resolve(kb, ref)
    return kb, []


def _resolve(kb: KB, ref: Ref) -> None:
    object.__setattr__(ref, "slug", kb.resolve(ref))


@dataclass(frozen=True)
class Snapshot:
    """What the KB's files are right now, before any is read: config, names and stamps.

    Cheap to take (one stat per file), it says whether anything changed since a
    previous run: `digest` changes whenever a file is added, removed or modified.
    """

    root: Path
    settings: Settings
    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]  # from mkdocs.yml and from finding the files
    shadowed: tuple[SourceFile, ...] = ()  # left out for a duplicate slug, but still checked

    @cached_property
    def digest(self) -> str:
        digest = hashlib.sha256(repr(self.settings).encode())
        digest.update(repr(self.problems).encode())
        for f in self.files + self.shadowed:
            digest.update(f"{f.path}\0{f.size}\0{f.mtime_ns}\n".encode())
        return digest.hexdigest()


def snapshot(root: Path, settings: Settings | None = None) -> Snapshot:
    """Read mkdocs.yml (unless `settings` are given) and find every contact and meeting file."""
    problems: list[Problem] = []
    if settings is None:
        config = read_config(root)
        settings = config.settings
        problems += config.problems
    files, shadowed, found = find(root, settings)
    return Snapshot(root, settings, tuple(files), tuple(problems + found), tuple(shadowed))


def load(root: Path, *, cache: bool = True, settings: Settings | None = None) -> tuple[KB, list[Problem]]:
    """Read the KB at `root`: config, every file, references resolved; problems collected.

    `settings` is for the MkDocs plugin, which has already validated its options
    (perhaps from a config file not named mkdocs.yml): then mkdocs.yml is not read.
    """
    return load_snapshot(snapshot(root, settings), cache=cache)


def load_snapshot(snap: Snapshot, *, cache: bool = True) -> tuple[KB, list[Problem]]:
    """Parse the files of a snapshot (through the parse cache) and build the KB."""
    from .cache import parse_sources  # the cache is an optimisation over parse.parse_file

    # Loading makes hundreds of thousands of small objects that all live on; the cyclic
    # collector's passes over them would cost as much as the parsing. None of them forms
    # a cycle, so collection waits until the KB is built, and then leaves them alone
    # (frozen objects are still freed by reference counting when the KB is dropped).
    collecting = gc.isenabled()
    gc.disable()
    try:
        records, file_problems = parse_sources(snap.root, list(snap.files) + list(snap.shadowed), use_cache=cache)
        # A file shadowed by another of the same slug is checked, but takes no part.
        records = records[: len(snap.files)]
        kb, kb_problems = assemble(snap.settings, records, snap.root)
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
    return kb, list(snap.problems) + file_problems + kb_problems
