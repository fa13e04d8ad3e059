"""Finding the KB's contact and meeting files and reading their bytes: the only walk of the disk."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from rolodex.core import identity
from rolodex.core.config import Settings
from rolodex.core.model import Problem

MAX_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A file found under contacts/ or meetings/: where it is and what it is."""

    kind: str  # "contact" | "meeting"
    path: str  # relative to the root, POSIX
    slug: str
    abspath: str
    # How the file stood when found, as git's index keeps it: the parse cache's key. The
    # change time and inode move with every write, rename or restore, even one that puts
    # the modification time back (`touch -r`, `cp -p`, `rsync -a`, unpacking an archive).
    size: int = -1
    mtime_ns: int = -1
    ctime_ns: int = -1
    ino: int = -1

    @property
    def stamp(self) -> tuple[int, int, int, int]:
        return (self.size, self.mtime_ns, self.ctime_ns, self.ino)


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
            problems.append(
                Problem(
                    Path(folder).as_posix(),
                    None,
                    "error",
                    "unreadable",
                    "a symbolic link to a folder outside the knowledge base; not read",
                )
            )
            continue
        for abspath, rel, stat in _walk(str(base), f"{Path(folder).as_posix()}/", real_root):
            if isinstance(stat, str):
                problems.append(Problem(rel, None, "error", "unreadable", stat))
                continue
            slug = rel.rsplit("/", 1)[-1][:-3]
            if kind == "contact" and not identity.is_slug(slug):
                problems.append(
                    Problem(
                        rel,
                        None,
                        "error",
                        "bad-slug",
                        f"file name '{slug}.md' is not a valid contact slug: use lowercase a-z, 0-9 "
                        f"and single hyphens, e.g. '{identity.slug(slug) or 'name'}.md'",
                    )
                )
            files.append(
                SourceFile(kind, rel, slug, abspath, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            )
    files.sort(key=lambda f: (f.kind, f.path))
    return _unique(files, problems)


def _unique(
    files: list[SourceFile], problems: list[Problem]
) -> tuple[list[SourceFile], list[SourceFile], list[Problem]]:
    """Slugs are unique per kind, ignoring case, across subfolders; later duplicates are left out."""
    seen: dict[tuple[str, str], str] = {}
    kept = []
    shadowed = []
    # A valid lowercase slug keeps its name; the odd-cased twin is the one reported.
    for source in sorted(files, key=lambda f: (f.kind, f.slug.lower(), f.slug != f.slug.lower(), f.path)):
        key = (source.kind, source.slug.lower())
        if key in seen:
            problems.append(
                Problem(
                    source.path,
                    None,
                    "error",
                    "duplicate-slug",
                    f"{source.kind} slug '{source.slug}' is already used by {seen[key]}; "
                    "slugs must be unique (ignoring case) across subfolders; rename one file",
                )
            )
            shadowed.append(source)
            continue
        seen[key] = source.path
        kept.append(source)
    kept.sort(key=lambda f: (f.kind, f.path))
    return kept, shadowed, problems


def _walk(folder: str, rel: str, real_root: str) -> Iterator[tuple[str, str, str | os.stat_result]]:
    """(absolute path, KB-relative POSIX path, its stat or the problem) for each Markdown file below.

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
                yield (
                    entry.path,
                    printable(rel + name),
                    f"the {'folder' if entry.is_dir(follow_symlinks=False) else 'file'} name {odd}; rename it",
                )
            continue
        if entry.is_symlink() and os.path.isdir(entry.path):  # followed: out of the KB, a loop, files read twice
            yield (
                entry.path,
                rel + name,
                "a symbolic link to a folder; not read (move the folder here, or link its files one by one)",
            )
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
            yield entry.path, rel + name, problem
            continue
        try:
            stat = entry.stat()
        except OSError as exc:
            yield entry.path, rel + name, f"cannot read: {exc.strerror}"
            continue
        if not S_ISREG(stat.st_mode):  # reading a named pipe would wait for a writer forever
            yield entry.path, rel + name, "not a regular file (a named pipe or a device?); not read"
            continue
        yield entry.path, rel + name, stat


def _listing(folder: str, rel: str) -> Iterator[os.DirEntry[str]] | tuple[str, str, str]:
    """A folder's entries by name, or the located reason it cannot be listed."""
    try:
        return iter(sorted(os.scandir(folder), key=lambda e: e.name))
    except OSError as exc:
        return folder, rel.rstrip("/"), f"cannot list folder: {exc.strerror}"


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


def read_bytes(source: SourceFile) -> bytes | Problem:
    """A file's bytes, or the located reason it cannot be read."""
    try:
        # Non-blocking, so that a file swapped for a named pipe since it was found cannot hang us.
        fd = os.open(source.abspath, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            if not S_ISREG(os.fstat(fd).st_mode):
                return Problem(
                    source.path, None, "error", "unreadable", "not a regular file (a named pipe or a device?); not read"
                )
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Problem(source.path, None, "error", "unreadable", f"cannot read: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        return Problem(source.path, None, "error", "unreadable", f"larger than {MAX_FILE_BYTES // 2**20} MiB; not read")
    return data
