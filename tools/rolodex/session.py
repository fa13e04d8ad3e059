"""One run over a knowledge base: load → validate → compute follow-ups → remember.

The CLI, the MkDocs plugin and the write commands each ask a `Session` for what they
show; none of them assembles the pipeline itself. The session reads (through `kb`),
checks (`rules.validate`), computes what is due (`rules.followups`) and, for a public
build or export, applies the privacy filter (`rules.privacy`). `today` is passed in to
every question that depends on it: the clock is read at the edges only (the CLI's
`--today`, the plugin's run). Whole-run results are remembered in `.rolodex-cache/`
while no file, option, code or day has changed, so a repeated `rolodex due` answers
without parsing a file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from rolodex.core.config import Settings
from rolodex.core.model import KB, Problem
from rolodex.kb.cache import remember
from rolodex.kb.files import SourceFile
from rolodex.kb.loader import Snapshot, load_snapshot, snapshot
from rolodex.rules.followups import Due, compute
from rolodex.rules.privacy import mentions, public_view
from rolodex.rules.validate import sort_problems, validate

T = TypeVar("T")
NO_CACHE_ENV = "ROLODEX_NO_CACHE"  # set (to anything) to read every file afresh and remember nothing


@dataclass(frozen=True)
class Checked:
    """Everything `rolodex check` reports, and what it looked at."""

    problems: list[Problem]  # sorted by place
    contacts: int  # contact files found, read or not
    meetings: int
    unread: int  # of those, how many could not be read at all


@dataclass(frozen=True)
class Public:
    """The KB as a public build may show it (`--public`)."""

    kb: KB
    hidden: frozenset[str]  # casefolded slugs and names left out: wiki links to them become text
    redact: Callable[[str], str]  # for free text from elsewhere (a hand-written page) that may name them


class Session:
    """The knowledge base at `root`, loaded once, and every whole-run result over it.

    `settings` are for the MkDocs plugin, whose options MkDocs has already validated
    (perhaps from a config file not named mkdocs.yml); otherwise mkdocs.yml is read
    and its problems are reported with the rest. `cache` False reads every file afresh
    and remembers nothing; None means "unless $ROLODEX_NO_CACHE is set". `results` False
    computes the whole-run results without reading or writing them in the cache (parsed files
    are still cached): a rebuild under `rolodex serve` follows an edit, so the remembered
    results are never the ones it needs, and reading and writing them cost 10-20 ms at 4,000 files.
    """

    def __init__(
        self, root: Path, *, settings: Settings | None = None, cache: bool | None = None, results: bool = True
    ):
        self.root = root
        self._settings = settings
        self.cache = not os.environ.get(NO_CACHE_ENV) if cache is None else cache
        self.results = results

    @cached_property
    def snapshot(self) -> Snapshot:
        """The KB's files as they are now (one stat each), before any is read."""
        return snapshot(self.root, self._settings)

    @property
    def settings(self) -> Settings:
        return self.snapshot.settings

    def files(self, *kinds: str) -> list[SourceFile]:
        """The files of these kinds ("contact", "meeting"), read or not: what a write looks for."""
        return [f for f in self.snapshot.files if f.kind in kinds]

    def file(self, slug: str, *kinds: str) -> SourceFile | None:
        """The file of `slug` among those kinds, its own spelling first, then in any case."""
        files = self.files(*kinds)
        return next((f for f in files if f.slug == slug), None) or next(
            (f for f in files if f.slug.lower() == slug.lower()), None
        )

    @cached_property
    def loaded(self) -> tuple[KB, list[Problem]]:
        return load_snapshot(self.snapshot, cache=self.cache)

    @property
    def kb(self) -> KB:
        return self.loaded[0]

    def checked(self, today: dt.date) -> Checked:
        """Everything `rolodex check` reports on `today`, and the numbers of files behind it."""

        def run() -> tuple[list[Problem], int, int, int]:
            kb, problems = self.loaded
            files = self.snapshot.files + self.snapshot.shadowed
            contacts = sum(f.kind == "contact" for f in files)
            unread = len(files) - len(kb.contacts) - len(kb.meetings)
            return sort_problems(problems + validate(kb, today)), contacts, len(files) - contacts, unread

        # Remembered as a plain tuple: the cache stores records and plain values only.
        return Checked(*self.remember("check", today, run, tuple[list[Problem], int, int, int]))

    def problems(self, today: dt.date) -> list[Problem]:
        """Everything `rolodex check` reports on `today`, sorted by place."""
        return self.checked(today).problems

    def items(self, today: dt.date, *, public: bool = False) -> list[Due]:
        """Every open follow-up on `today` (FORMAT §5), whatever its date; of the public KB if asked."""
        if public:
            return self.remember("due-public", today, lambda: compute(self.public.kb, today), list[Due])
        return self.remember("due", today, lambda: compute(self.kb, today), list[Due])

    @cached_property
    def public(self) -> Public:
        """What a public build or export may show: no private person, no `private_fields`."""
        redact = mentions(self.kb).body
        kb, hidden = public_view(self.kb, self.settings.private_fields)
        return Public(kb, hidden, redact)

    def view(self, public: bool) -> KB:
        """The KB an output shows: all of it, or the public one."""
        return self.public.kb if public else self.kb

    def remember(self, name: str, today: dt.date, run: Callable[[], T], shape: Any) -> T:
        """A whole-run result (of type `shape`), reused while no file, option, code or day has changed."""
        if not self.cache or not self.results:
            return run()
        snap = self.snapshot
        return remember(self.root, name, f"{snap.digest}:{today.isoformat()}", run, shape, snap.newest_mtime_ns)

    def fresh(self) -> Session:
        """A new session over the same KB, reading every file again (after an edit)."""
        return Session(self.root, settings=self._settings, cache=False)
