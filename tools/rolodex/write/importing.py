"""An import (`rolodex import vcard|linkedin`): read the files, plan, write, count.

The reader (`interop.vcard.read`, `interop.linkedin.read`) turns each file into people with
located problems; `interop.merge.plan` decides, without duplicating anyone, what to create
and what to fill; each planned change is written here, new files created exclusively
(`fill.new_contact`), edits made under the file's lock and replaced atomically (`fill.fill`,
checked by the one verifier). The whole run holds the KB's import lock. The CLI prints.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rolodex.core.config import Settings
from rolodex.core.model import Problem
from rolodex.interop import Incoming, merge
from rolodex.write import edit, fill, safewrite

Reader = Callable[[str, bytes], "tuple[list[Incoming], list[Problem]]"]
SKIPPED = frozenset({"no-name", "bad-row", "bad-date", "bad-card"})  # reader problems that drop a record
LOCK_WAIT = 120.0  # seconds a second import waits for the first to finish


class ImportFailed(Exception):
    """Nothing was imported: the message says why, for people."""


@contextlib.contextmanager
def locked(root: Path, *, dry_run: bool) -> Iterator[None]:
    """The KB's import lock, for a real run (a dry run writes nothing and takes none).

    Two imports of one file at once would each plan "create jane-doe.md" before either
    wrote it, and the second would then make jane-doe-2.md: the lock makes the second plan
    after the first has written, so that it finds the contacts already there.
    """
    if dry_run:
        yield
        return
    try:
        with safewrite.locked(str(root), wait=LOCK_WAIT):
            yield
    except safewrite.WriteError as exc:
        if "another rolodex command" not in str(exc):
            raise
        raise ImportFailed(
            f"another import into this knowledge base has been running for {LOCK_WAIT:.0f} seconds; "
            "nothing was imported: try again when it has finished"
        ) from None


def read(files: tuple[str, ...], reader: Reader) -> tuple[list[Incoming], list[Problem]]:
    """Everyone in the files, and the readers' problems in the files' order, then by line."""
    people: list[Incoming] = []
    problems: list[Problem] = []
    for name in files:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise ImportFailed(f"{name}: cannot read ({exc.strerror})") from None
        found, trouble = reader(name, data)
        people += found
        problems += trouble
    return people, sorted(problems, key=lambda p: (files.index(p.path), p.line or 0))


@dataclass(frozen=True)
class Failure:
    """A planned file that could not be written: a located problem, or the reason."""

    path: str  # KB-relative
    problem: Problem | None
    reason: str


def _everything(targets: list[merge.Target]) -> contextlib.AbstractContextManager[Iterable[merge.Target]]:
    return contextlib.nullcontext(targets)


def write(
    root: Path,
    settings: Settings,
    plan: merge.Plan,
    progress: Callable[[list[merge.Target]], contextlib.AbstractContextManager[Iterable[merge.Target]]] = _everything,
) -> list[Failure]:
    """Write every planned change, going on past a file that fails; the failures.

    `progress` wraps the targets as they are written (the CLI's progress bar)."""
    template_rel = f"{settings.contacts_dir}/_template.md"
    try:
        template: str | None = (root / template_rel).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        template = None
    failed: list[Failure] = []
    with progress(plan.targets) as targets:
        for target in targets:
            try:
                if target.new:
                    _create(root, target, template, template_rel)
                else:
                    _update(root, target)
            except (edit.EditRefused, safewrite.WriteError, OSError, ValueError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                failed.append(Failure(target.path, getattr(exc, "problem", None), reason))
    return failed


def _create(root: Path, target: merge.Target, template: str | None, template_rel: str) -> None:
    emails = target.emails
    values = {
        "name": target.name,
        **target.values,
        "email": emails[0] if len(emails) == 1 else list(emails),
        "tags": list(target.tags),
        "source": target.source,
    }
    data = fill.new_contact(
        template, template_rel, target.path, values, target.notes, target.extra, target.links, target.touches
    )
    path = root / target.path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        safewrite.create(str(path), data)
    except FileExistsError:
        raise ValueError("a file of that name appeared while importing") from None


def _update(root: Path, target: merge.Target) -> None:
    path = safewrite.real(str(root / target.path))
    with safewrite.locked(path):
        before = safewrite.snapshot(path)
        data, done = fill.fill(
            target.path,
            before.data,
            target.sets,
            target.add_emails,
            target.add_links,
            target.add_touches,
            job=target.job,
            replaces=target.replaces,
        )
        if done:
            safewrite.replace(before, data)


@dataclass(frozen=True)
class Tally:
    """What an import did: files planned less those that failed, and the job changes written."""

    created: int
    updated: int
    unchanged: int
    skipped: int  # people the plan skipped, and records the readers dropped
    failed: int  # files that could not be written
    jobs: tuple[merge.Action, ...]  # each a reason to get in touch


def tally(plan: merge.Plan, problems: list[Problem], failures: list[Failure]) -> Tally:
    """Count what was done: a change planned but not written is not counted as done."""
    failed_paths = {f.path for f in failures}
    counts: Counter[str] = Counter(plan.counts())
    for action in plan.actions:
        if action.path in failed_paths and action.kind in ("create", "update"):
            counts[action.kind] -= 1
    jobs = tuple(a for a in plan.actions if a.job is not None and a.path not in failed_paths)
    skipped = counts["skip"] + sum(p.code in SKIPPED for p in problems)
    return Tally(counts["create"], counts["update"], counts["unchanged"], skipped, len(failed_paths), jobs)
