"""The knowledge base: the ONLY reader of contact and meeting files.

`load(root)` reads mkdocs.yml, finds every contact and meeting file, parses
each (through the parse cache), resolves references, and returns the `KB` with
every problem found on the way. Nothing here raises because a user's file is wrong.
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rolodex.core.config import Settings
from rolodex.core.model import KB, Problem, assemble
from rolodex.kb.cache import parse_sources
from rolodex.kb.configfile import read_config
from rolodex.kb.files import SourceFile, find


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
            digest.update(f"{f.path}\0{f.size}\0{f.mtime_ns}\0{f.ctime_ns}\0{f.ino}\n".encode())
        return digest.hexdigest()

    @cached_property
    def newest_mtime_ns(self) -> int:
        """The latest modification time of any file: results remembered before it are racy."""
        return max((f.mtime_ns for f in self.files + self.shadowed), default=0)


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


_frozen = False  # whether a load has frozen what was alive (once per process)


def load_snapshot(snap: Snapshot, *, cache: bool = True) -> tuple[KB, list[Problem]]:
    """Parse the files of a snapshot (through the parse cache) and build the KB."""
    # Loading makes hundreds of thousands of small objects that all live on; the cyclic
    # collector's passes over them would cost as much as the parsing. None of them forms
    # a cycle, so collection waits until the KB is built, and then leaves them alone
    # (frozen objects are still freed by reference counting when the KB is dropped).
    # Only the first load freezes: `rolodex serve` loads again after every edit, when the
    # last build's pages and navigation (cycles, soon garbage) are alive too, and freezing
    # them each time kept 3.5 MB a rebuild at 1k+3k for good. Later loads reuse most records
    # (kb/cache.py), so there is little for the collector to pass over.
    global _frozen
    collecting = gc.isenabled()
    gc.disable()
    try:
        records, file_problems = parse_sources(snap.root, list(snap.files) + list(snap.shadowed), use_cache=cache)
        # A file shadowed by another of the same slug is checked, but takes no part.
        records = records[: len(snap.files)]
        kb, kb_problems = assemble(snap.settings, records, snap.root)
    finally:
        if collecting:
            if not _frozen:
                gc.freeze()
                _frozen = True
            gc.enable()
    return kb, list(snap.problems) + file_problems + kb_problems
