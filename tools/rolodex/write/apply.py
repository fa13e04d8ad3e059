"""Putting a change on disk: edit a file under its lock, or create a new one, never over another.

The one path every command that writes takes (`log`, `done`, `snooze`, `remind`, `new`,
`sync`, the site's Done and Snooze… buttons), so that locking, the verifier, change
detection and the atomic replace are never re-assembled. Every failure is a `WriteFailed`
that says, for people, what went wrong and that nothing was written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rolodex.core.model import Problem
from rolodex.write import safewrite, verify
from rolodex.write.document import Change, Document, EditRefused, unified_diff


class WriteFailed(Exception):
    """Nothing was written; the message says why, for people.

    `problem` is set when the file itself is in the way (it prints as `path:line: error: …`);
    `path` when writing it failed (`path: error: reason`; `detail` is the bare cause, the
    system's words); `subject`, a file the message is about, which it starts with (`… already
    exists`); `problems`, located problems to print before the message.
    """

    def __init__(
        self,
        message: str,
        *,
        problem: Problem | None = None,
        path: str | None = None,
        detail: str | None = None,
        subject: str | None = None,
        problems: tuple[Problem, ...] = (),
    ):
        super().__init__(f"{subject} {message}" if subject else message)
        self.problem = problem
        self.path = path
        self.reason = message
        self.detail = detail if detail is not None else message
        self.subject = subject
        self.problems = problems

    def said(self, shown: Callable[[str], str]) -> str:
        """The message with its subject as `shown` names files (from where the user stands)."""
        return f"{shown(self.subject)} {self.reason}" if self.subject else self.reason


def failure_text(exc: WriteFailed) -> str:
    """The whole message of a failure, with its place (for the site, which has no terminal)."""
    if exc.path is not None:
        return f"{exc.path}: error: {exc.reason}"
    return str(exc)


def _cause(exc: OSError) -> str:
    return exc.strerror or str(exc)


@dataclass(frozen=True)
class Written:
    path: str  # relative to the KB root
    line: int
    summary: str  # "added check-in touch 2026-11-26 (closes keep-in-touch:ann)"
    change: Change
    warnings: list[str] = field(default_factory=list)  # printed on stderr by the CLI

    @property
    def message(self) -> str:
        return f"{self.path}:{self.line}: {self.summary}"


def edit_file(
    root: Path,
    rel: str,
    make: Callable[[Document], Change],
    check: Callable[[Change], str] | None = None,
    *,
    dry_run: bool = False,
) -> tuple[Change, str]:
    """Read `rel` under its lock, compute the change `make` makes, check it, and write it atomically.

    `check` may refuse (raise WriteFailed) or return a suffix for the summary. With `dry_run`
    the change is computed and checked but not written. An exception `make` raises that is
    not about the file or the disk passes through (nothing is written).
    """
    try:
        path = safewrite.real(str(root / rel))
        if dry_run:
            change = make(Document.load(rel, safewrite.snapshot(path).data))
            return change, check(change) if check else ""
        with safewrite.locked(path):
            before = safewrite.snapshot(path)
            change = make(Document.load(rel, before.data))
            suffix = check(change) if check else ""
            if change.new != before.data:
                safewrite.replace(before, change.new)
        return change, suffix
    except EditRefused as exc:
        p = exc.problem
        where = f"{p.path}:{p.line}" if p.line else p.path
        raise WriteFailed(f"{where}: {p.severity}: {p.message}", problem=p) from None
    except safewrite.WriteError as exc:
        raise WriteFailed(str(exc), path=rel) from None
    except OSError as exc:
        raise WriteFailed(
            f"cannot open the file ({exc.strerror}); nothing was written", path=rel, detail=_cause(exc)
        ) from None


@dataclass(frozen=True)
class Created:
    """A new file: where (KB-relative), and what it holds."""

    path: str
    data: bytes

    def diff(self) -> str:
        return unified_diff(self.path, None, self.data)


def create_file(
    root: Path, rel: str, kind: str, text: str, values: Mapping[str, Any], *, dry_run: bool = False
) -> Created | None:
    """Write the new `kind` file `rel` made from `values`, never over an existing one.

    None when the name is taken (try another). The file must read back as `values` and pass
    `rolodex check` (only a KB's own template can make it fail: WriteFailed with its problems).
    """
    data = text.encode("utf-8")
    try:
        errors = verify.new_file(kind, rel, data, values)
    except EditRefused as exc:
        raise WriteFailed(exc.problem.format(), problem=exc.problem) from None
    if errors:
        raise WriteFailed(
            f"the new {kind} would not pass 'rolodex check'; fix {kind}s' _template.md. Nothing was created.",
            problems=tuple(errors),
        )
    if dry_run:
        return Created(rel, data)
    path = root / rel
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        safewrite.create(str(path), data)
    except FileExistsError:
        return None
    except safewrite.WriteError as exc:
        raise WriteFailed(str(exc), path=rel) from None
    except OSError as exc:
        raise WriteFailed(f"could not create the file ({exc.strerror})", path=rel, detail=_cause(exc)) from None
    return Created(rel, data)
