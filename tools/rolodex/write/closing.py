"""Closing an item and snoozing a person: the edits behind `rolodex done`, `rolodex snooze`
and the site's Done and Snooze… buttons under `rolodex serve` (one code path for all).

`close_item` finds the open item, plans the edit (rules/close.py), checks that the edit
really closes it, and writes it atomically under the file's lock; `snooze` writes a
contact's `snooze_until`. Both return what changed, or raise `WriteFailed` whose message
reads like the command's (`path:line: error: …` where there is a place).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rolodex.core.identity import did_you_mean
from rolodex.core.model import KB, Problem
from rolodex.core.parse import parse_file
from rolodex.rules import close, followups
from rolodex.write import edit, safewrite


class WriteFailed(Exception):
    """Nothing was written; the message says why, for people.

    `problem` is set when the file itself is in the way (it prints as `path:line: error: …`);
    `path` when writing it failed (`path: error: reason`).
    """

    def __init__(self, message: str, *, problem: Problem | None = None, path: str | None = None):
        super().__init__(message)
        self.problem = problem
        self.path = path
        self.reason = message


@dataclass(frozen=True)
class Written:
    path: str  # relative to the KB root
    line: int
    summary: str  # "added check-in touch 2026-11-26 (closes keep-in-touch:ann)"
    change: edit.Change
    warnings: list[str] = field(default_factory=list)  # printed on stderr by the CLI

    @property
    def message(self) -> str:
        return f"{self.path}:{self.line}: {self.summary}"


def failure_text(exc: WriteFailed) -> str:
    """The whole message of a failure, with its place (for the site, which has no terminal)."""
    if exc.path is not None:
        return f"{exc.path}: error: {exc.reason}"
    return str(exc)


def apply(
    root: Path,
    rel: str,
    make: Callable[[edit.Document], edit.Change],
    check: Callable[[edit.Change], str] | None = None,
    *,
    dry_run: bool = False,
) -> tuple[edit.Change, str]:
    """Read `rel` under a lock, compute the change, check it, and write it atomically.

    `check` may refuse (raise WriteFailed) or return a suffix for the summary. With `dry_run`
    the change is computed and checked but not written.
    """
    path = safewrite.real(str(root / rel))
    try:
        if dry_run:
            change = make(edit.Document.load(rel, safewrite.snapshot(path).data))
            return change, check(change) if check else ""
        with safewrite.locked(path):
            before = safewrite.snapshot(path)
            change = make(edit.Document.load(rel, before.data))
            suffix = check(change) if check else ""
            safewrite.replace(before, change.new)
        return change, suffix
    except edit.EditRefused as exc:
        p = exc.problem
        where = f"{p.path}:{p.line}" if p.line else p.path
        raise WriteFailed(f"{where}: {p.severity}: {p.message}", problem=p) from None
    except safewrite.WriteError as exc:
        raise WriteFailed(str(exc), path=rel) from None
    except OSError as exc:
        raise WriteFailed(f"cannot open the file ({exc.strerror}); nothing was written", path=rel) from None


def future(day: dt.date, today: dt.date, force: bool) -> list[str]:
    """Refuse a date after today unless `force` (what you record has already happened)."""
    why = close.future_date(day, today)
    if why is None:
        return []
    if not force:
        raise WriteFailed(
            f"{why}: record what you did once you have done it; nothing was written. Add --force to record it anyway."
        )
    return [f"warning: {why}; recorded anyway (--force), and 'rolodex check' warns about it until then"]


def close_item(
    root: Path,
    kb: KB,
    item_id: str,
    today: dt.date,
    *,
    day: dt.date | None = None,
    note: str | None = None,
    cancelled: bool = False,
    force: bool = False,
    dry_run: bool = False,
    items: list[followups.Due] | None = None,
) -> Written:
    """Close the open item `item_id` as `rolodex done` does (FORMAT §7); `items` are the KB's
    open items when the caller has them already."""
    items = followups.compute(kb, today) if items is None else items
    day = day or today
    try:
        item = close.find(items, item_id)
        plan = close.plan(kb, item, day, note, cancelled=cancelled)
    except close.CannotClose as exc:
        raise WriteFailed(str(exc)) from None
    warnings = future(day, today, force)

    def check(change: edit.Change) -> str:
        record, _ = parse_file(plan.record, plan.path, Path(plan.path).stem, change.new)
        if close.closes(kb, plan, record, today):
            return f" (closes {item.id})"
        why = close.not_closing(kb, plan, today)
        if not force:
            raise WriteFailed(f"{why}; nothing was written. Add --force to record it anyway.")
        warnings.append(f"warning: {why}")
        return ""

    touch, status, index = plan.touch, plan.status, plan.index
    if touch is not None:
        change, suffix = apply(root, plan.path, lambda doc: edit.append_touch(doc, touch), check, dry_run=dry_run)
    elif status is not None:
        change, suffix = apply(
            root, plan.path, lambda doc: edit.set_meeting_key(doc, "status", status), check, dry_run=dry_run
        )
    else:
        change, suffix = apply(
            root,
            plan.path,
            lambda doc: edit.set_follow_up_done(doc, index or 0, day),
            check,
            dry_run=dry_run,
        )
    return Written(plan.path, change.line, change.summary + suffix, change, warnings)


def snooze(root: Path, kb: KB, slug: str, until: dt.date, today: dt.date, *, dry_run: bool = False) -> Written:
    """Write `snooze_until: until` on a contact: no follow-ups for them before that day."""
    contact = kb.contacts.get(slug) or next((c for c in kb.contacts.values() if c.slug.lower() == slug.lower()), None)
    if contact is None:
        raise WriteFailed(f"no contact '{slug}'{did_you_mean(slug, list(kb.contacts))}")
    if until <= today:
        raise WriteFailed(
            f"--until {until.isoformat()} is not after today ({today.isoformat()}): snooze until a later day"
        )
    change, _ = apply(root, contact.path, lambda doc: edit.set_contact_key(doc, "snooze_until", until), dry_run=dry_run)
    return Written(contact.path, change.line, change.summary, change)
