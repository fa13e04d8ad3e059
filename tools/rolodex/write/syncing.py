"""The edits behind `rolodex sync`: mail's touches appended, a calendar event's changes written
to its meeting, and the meeting's file renamed when the event moved to another day.

`capture/` plans (pure); `record_mail` and `follow_calendar` carry a whole plan out through
`apply.edit_file` (verified, under the file's lock, atomic), one file at a time, so that one
file that cannot be written does not stop the others: each yields what it did to each file,
or the `WriteFailed` that says why it could not, as it goes. New meetings are made by
`creating.meeting`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rolodex.capture import calplan
from rolodex.capture.mailplan import MailPlan
from rolodex.core import parse
from rolodex.core.config import Settings
from rolodex.core.model import KB, Touch
from rolodex.write import creating, edit, safewrite
from rolodex.write.apply import Created, WriteFailed, edit_file
from rolodex.write.document import Change, Document


class _Nothing(Exception):
    """The file already has every touch (written meanwhile by another run)."""


def record_touches(
    root: Path, rel: str, slug: str, touches: Sequence[Touch], *, dry_run: bool = False
) -> tuple[Change, list[Touch]] | None:
    """Append those of `touches` the contact's file lacks (by `ref`, read under the lock) in one
    edit: the change and the touches written, or None when it has them all already."""
    fresh: list[Touch] = []

    def make(doc: Document) -> Change:
        current, _ = parse.parse_contact(doc.path, slug, doc.text)
        have = {t.ref for t in current.touches if t.ref} if current else set()
        fresh[:] = [t for t in touches if t.ref not in have]
        if not fresh:
            raise _Nothing
        return edit.append_touches(doc, fresh)

    try:
        change, _ = edit_file(root, rel, make, dry_run=dry_run)
    except _Nothing:
        return None
    return change, list(fresh)


def update_meeting(
    root: Path, rel: str, sets: Sequence[tuple[str, object]], date_text: str | None, *, dry_run: bool = False
) -> Change:
    """Set each key of `sets` in turn (one verified edit each, written at once); `date_text` is
    how a new `date` is written (`2026-12-03 09:30`)."""

    def make(doc: Document) -> Change:
        first: Change | None = None
        for key, value in sets:
            change = edit.set_meeting_key(doc, key, value, date_text if key == "date" else None)
            first = first or change
            doc = Document.load(rel, change.new)
        assert first is not None
        summary = "; ".join(f"{k}: {date_text if k == 'date' else v}" for k, v in sets)
        return Change(rel, first.old, doc.data, first.line, summary)

    return edit_file(root, rel, make, dry_run=dry_run)[0]


@dataclass(frozen=True)
class Renamed:
    """What became of a moved meeting's file name: `path` its new one, or `kept` (why not)."""

    path: str | None = None
    kept: str | None = None  # "taken": a meeting has the new name; "failed": the move failed
    new_path: str = ""  # the name it would have had
    new_slug: str = ""


def rename_meeting(root: Path, rel: str, slug: str, day: dt.date, taken: set[str]) -> Renamed:
    """A meeting that moved to `day` gets that day's file name when free (`taken`: slugs in
    use, lowercase, kept up to date); nothing happens to a file not named by its date."""
    named = parse.MEETING_NAME_DATE.match(slug)
    if not named or named[1] == day.isoformat():
        return Renamed()
    new_slug = day.isoformat() + slug[len(named[1]) :]
    new_rel = f"{Path(rel).parent}/{new_slug}.md"
    if new_slug.lower() in taken:
        return Renamed(kept="taken", new_path=new_rel, new_slug=new_slug)
    try:
        safewrite.move(str(root / rel), str(root / new_rel))
    except (FileExistsError, safewrite.WriteError, OSError):
        return Renamed(kept="failed", new_path=new_rel, new_slug=new_slug)
    taken.discard(slug.lower())
    taken.add(new_slug.lower())
    return Renamed(path=new_rel)


# --- whole plans ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """A contact's new touches from mail, appended in one edit."""

    slug: str
    change: Change
    touches: list[Touch]


def record_mail(root: Path, kb: KB, plan: MailPlan, *, dry_run: bool = False) -> Iterator[Recorded | WriteFailed]:
    """Append each contact's new touches (by slug); a contact that has them all already is passed over."""
    for slug, touches in sorted(plan.touches.items()):
        try:
            done = record_touches(root, kb.contacts[slug].path, slug, touches, dry_run=dry_run)
        except WriteFailed as exc:
            yield exc
            continue
        if done is not None:
            yield Recorded(slug, *done)


@dataclass(frozen=True)
class MeetingMade:
    """A new meeting file for a calendar event."""

    new: calplan.NewMeeting
    created: Created


@dataclass(frozen=True)
class MeetingChanged:
    """A meeting that follows its event: the keys set, and (not in a dry run) its new file name."""

    change: calplan.MeetingChange
    edit: Change
    renamed: Renamed | None  # None in a dry run

    @property
    def what(self) -> str:
        return "cancelled" if ("status", "cancelled") in self.change.sets else "updated"


def follow_calendar(
    root: Path, settings: Settings, plan: calplan.CalendarPlan, taken: set[str], *, dry_run: bool = False
) -> Iterator[MeetingMade | MeetingChanged | WriteFailed]:
    """Create the plan's new meetings, then change the existing ones; `taken`: every slug in use,
    lowercase (kept up to date). A meetings template that cannot be read raises WriteFailed
    before anything is written."""
    folder = settings.meetings_dir
    template = creating.read_template(root, folder) if plan.creates else (None, "")
    for new in plan.creates:
        event = new.event
        people = list(new.contacts)
        date_text = calplan.when_value(event)[1] if event.time else None
        values = creating.meeting_values(
            event.day, date_text, people, location=event.location, duration=event.minutes, uid=event.uid
        )
        try:
            created = creating.meeting(root, folder, template, values, event.day, people[0], taken, dry_run=dry_run)
        except WriteFailed as exc:
            yield exc
            continue
        yield MeetingMade(new, created)
    for change in plan.changes:
        meeting = change.meeting
        try:
            done = update_meeting(root, meeting.path, change.sets, calplan.when_value(change.event)[1], dry_run=dry_run)
        except WriteFailed as exc:
            yield exc
            continue
        renamed = None if dry_run else rename_meeting(root, meeting.path, meeting.slug, change.event.day, taken)
        yield MeetingChanged(change, done, renamed)
