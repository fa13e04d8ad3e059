"""Closing a due item (`rolodex done ID`): which file to change, and how (pure).

thank-you → a `thank-you` touch on the contact; nudge and referral → an `outreach`
touch; holiday and keep-in-touch → a `check-in` touch; schedule → a `message` touch;
follow-up → `done: D` on that entry of the meeting or contact; record → `status: held`
(or `cancelled`). Prep items and referrals given by name only cannot be closed by a
touch: `CannotClose` says what to do instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rolodex.core.identity import did_you_mean
from rolodex.core.model import KB, Contact, Meeting, Touch, Unplaced, assemble
from rolodex.rules import followups

TOUCH_FOR = {
    "thank-you": "thank-you",
    "nudge": "outreach",
    "referral": "outreach",
    "holiday": "check-in",
    "keep-in-touch": "check-in",
    "schedule": "message",
}


class CannotClose(Exception):
    """This item is not closed by a command; the message says what closes it."""


@dataclass(frozen=True)
class Plan:
    """The edit that closes an item: a touch on a contact, `done` on a follow-up entry,
    or a meeting's `status`."""

    item: followups.Due
    path: str  # the file to edit, relative to the KB root
    day: dt.date
    touch: Touch | None = None
    index: int | None = None  # position of the entry in the `follow_ups` of the file
    status: str | None = None  # the meeting's new status
    record: str = "contact"  # the kind of file edited: "contact" | "meeting"


def find(items: list[followups.Due], item_id: str) -> followups.Due:
    """The open item with this id; CannotClose says which id was meant, or that it may be done."""
    item = next((i for i in items if i.id == item_id), None)
    if item is None:
        hint = did_you_mean(item_id, [i.id for i in items], cutoff=0.85) or (
            " (already done? 'rolodex due' lists the open ones)"
        )
        raise CannotClose(f"no open item '{item_id}'{hint}")
    return item


def plan(kb: KB, item: followups.Due, day: dt.date, note: str | None = None, cancelled: bool = False) -> Plan:
    """How to close `item` on `day` (the touch gets `note`, or a short default one).

    `cancelled` closes a record item as a meeting that did not happen; any other item
    refuses it.
    """
    if cancelled and item.kind != "record":
        raise CannotClose(f"--cancelled is for a meeting left as planned (record items), not a {item.kind} item")
    if item.kind == "record":
        recorded = kb.meetings[item.meeting or ""]
        return Plan(item, recorded.path, day, status="cancelled" if cancelled else "held", record="meeting")
    if item.kind == "prep":
        prepared = kb.meetings.get(item.meeting or "")
        where = prepared.path if prepared else "the meeting file"
        raise CannotClose(
            f"a prep item is done when the meeting's '## Research' section has your notes: "
            f"write them in {where} (rolodex edit {item.meeting})"
        )
    if item.kind == "follow-up":
        if item.meeting is None:  # a reminder on the contact itself
            contact = kb.contacts[item.contact or ""]
            return Plan(item, contact.path, day, index=_entry_index(contact, item.id))
        promised = kb.meetings[item.meeting]
        return Plan(item, promised.path, day, index=_entry_index(promised, item.id), record="meeting")
    if item.contact is None:
        who = item.name or "this person"
        twin = kb.contact_named_like(who)
        if twin is not None:  # a misspelt name of someone you have: not a second file for them
            given = kb.meetings.get(item.meeting or "")
            where = given.path if given else "the meeting"
            raise CannotClose(
                f"{who} is not a contact, but {twin.name} is: if they are the same person, write "
                f"'contact: {twin.slug}' for this referral in {where} (or correct the name), then run "
                f"'rolodex done referral:{item.meeting}:{twin.slug}'; if not, add them with "
                f"'rolodex new contact \"{who}\"'"
            )
        by = _met(kb, item.meeting)
        hint = f" --referred-by {by}" if by else ""
        raise CannotClose(
            f"{who} is not a contact yet: add them with 'rolodex new contact \"{who}\"{hint}', "
            f"then record your message with 'rolodex log <slug> outreach'"
        )
    contact = kb.contacts[item.contact]
    kind = TOUCH_FOR[item.kind]
    return Plan(item, contact.path, day, touch=Touch(day, kind, note if note is not None else _note(kb, item)))


def future_date(day: dt.date, today: dt.date) -> str | None:
    """Why `day` cannot be recorded as done yet (it is after today), or None when it can.

    A touch or `done:` date records what already happened; a future one would make
    `rolodex check` warn (future-touch) until that day, and fail `check --strict`.
    """
    if day <= today:
        return None
    return f"--date {day.isoformat()} is in the future (today is {today.isoformat()})"


def _entry_index(owner: Meeting | Contact, item_id: str) -> int:
    """The position in `follow_ups` of the entry an id names."""
    for i, task in enumerate(owner.follow_ups):
        if followups.follow_up_id(owner, i) == item_id:
            return task.index
    raise CannotClose(f"cannot find the follow-up '{item_id}' in {owner.path}")


def _met(kb: KB, meeting_slug: str | None) -> str | None:
    meeting = kb.meetings.get(meeting_slug or "")
    return meeting.first_contact if meeting else None


def _note(kb: KB, item: followups.Due) -> str:
    meeting = kb.meetings.get(item.meeting or "")
    if item.kind == "thank-you" and meeting:
        return f"Thank-you note for our meeting on {meeting.date.isoformat()}"
    if item.kind == "referral" and meeting:
        names = " and ".join(kb.contacts[s].name for s in dict.fromkeys(meeting.contacts)) or "someone"
        return f"Reached out; referred by {names}"
    return {
        "nudge": "Followed up on my earlier message",
        "holiday": "Holiday wishes",
        "keep-in-touch": "Keeping in touch",
        "schedule": "Proposed a date to meet",
    }.get(item.kind, "")


def closes(kb: KB, plan: Plan, record: Contact | Meeting | Unplaced | None, today: dt.date) -> bool:
    """Whether the KB with `record` (the edited file, re-read) no longer has the item due as before.

    A nudge or keep-in-touch item keeps its id after a touch, but moves to a later date.
    """
    if record is None:
        return False
    records: list[Contact | Meeting | Unplaced] = [c for c in kb.contacts.values() if c.path != record.path]
    records += [m for m in kb.meetings.values() if m.path != record.path]
    records.append(record)  # `assemble` resolves its references afresh
    after, _ = assemble(kb.settings, records, kb.root)
    still = [i for i in followups.compute(after, today) if i.id == plan.item.id]
    return not still or still[0].due > plan.item.due


def holiday_hint(kb: KB, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days a check-in must fall in to close a holiday item: from `holiday_early_days`
    before the window to its end."""
    start, end = followups.holiday_window(kb.settings, today)
    return followups.add_days(start, -kb.settings.holiday_early_days), end


def not_closing(kb: KB, plan: Plan, today: dt.date) -> str:
    """Why the planned edit would leave the item open, for a refusal or a warning."""
    if plan.touch:
        what = f"a {plan.touch.kind} touch dated {plan.day.isoformat()}"
    else:
        what = f"status: {plan.status}" if plan.status else f"done: {plan.day.isoformat()}"
    if plan.item.kind == "holiday":
        start, end = holiday_hint(kb, today)
        return (
            f"{what} would not close {plan.item.id}: holiday wishes count from {start.isoformat()} to "
            f"{end.isoformat()}; once you have sent them, run it again with a --date in that window"
        )
    return f"{what} would not close {plan.item.id} (is the date before the meeting or the message it answers?)"
