"""Closing an item, snoozing a person, recording a touch and adding a reminder: the edits
behind `rolodex done`, `snooze`, `log` and `remind`, and the site's Done and Snooze… buttons
under `rolodex serve` (one code path for all).

`close_item` finds the open item, plans the edit (rules/close.py), checks that the edit
really closes it, and writes it atomically under the file's lock; `snooze` writes a
contact's `snooze_until`; `log` appends a touch; `remind` a follow-up, naming the item it
opens. All write through `write/apply.py` and return what changed, or raise its
`WriteFailed`, whose message reads like the command's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rolodex.core.identity import did_you_mean
from rolodex.core.model import KB, Contact, Meeting, Touch
from rolodex.core.parse import parse_file
from rolodex.rules import close, followups
from rolodex.write import edit
from rolodex.write.apply import WriteFailed, Written, edit_file


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
        change, suffix = edit_file(root, plan.path, lambda doc: edit.append_touch(doc, touch), check, dry_run=dry_run)
    elif status is not None:
        change, suffix = edit_file(
            root, plan.path, lambda doc: edit.set_meeting_key(doc, "status", status), check, dry_run=dry_run
        )
    else:
        change, suffix = edit_file(
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
    change, _ = edit_file(
        root, contact.path, lambda doc: edit.set_contact_key(doc, "snooze_until", until), dry_run=dry_run
    )
    return Written(contact.path, change.line, change.summary, change)


def log(root: Path, rel: str, touch: Touch, today: dt.date, *, force: bool, dry_run: bool = False) -> Written:
    """Append `touch` to the `touches` of the contact file `rel`; a date after today only with
    `force` (then with a warning)."""
    warnings = future(touch.date, today, force)
    change, _ = edit_file(root, rel, lambda doc: edit.append_touch(doc, touch), dry_run=dry_run)
    return Written(change.path, change.line, change.summary, change, warnings)


def remind(root: Path, kind: str, rel: str, slug: str, task: str, due: dt.date, *, dry_run: bool = False) -> Written:
    """Append {task, due} to the `follow_ups` of the `kind` ("contact", "meeting") file `rel`;
    the summary names the item it opens (what `rolodex done` takes)."""

    def item_id(change: edit.Change) -> str:
        record, _ = parse_file(kind, rel, slug, change.new)
        if isinstance(record, (Contact, Meeting)) and record.follow_ups:
            return f" (item {followups.follow_up_id(record, len(record.follow_ups) - 1)})"
        return ""

    change, suffix = edit_file(root, rel, lambda doc: edit.append_follow_up(doc, task, due), item_id, dry_run=dry_run)
    return Written(change.path, change.line, change.summary + suffix, change)
