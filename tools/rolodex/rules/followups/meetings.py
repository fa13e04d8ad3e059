"""The rules about meetings (FORMAT §5, rules 1, 4, 7 and 9): thank the people you met,
research before a meeting, keep the promises made there, record what happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rolodex.core import identity
from rolodex.core.model import KB, Contact, FollowUpTask, Meeting
from rolodex.rules.followups.index import Index, name_of, taking_part, touched
from rolodex.rules.followups.items import Due, add_days

_THANKED = frozenset({"thank-you"})


# --- 1. thank-you ---------------------------------------------------------------------


def thank_yous(kb: KB, today: dt.date, index: Index) -> Iterator[Due]:
    cfg = kb.settings
    oldest = add_days(today, -cfg.thank_you_lapse_days)
    for m in index.held:
        if m.date < oldest or m.thank_you:
            continue
        for slug in dict.fromkeys(m.contacts):
            contact = kb.contacts[slug]
            if touched(contact, _THANKED, m.date):
                continue
            yield Due(
                "thank-you",
                add_days(m.date, cfg.thank_you_days),
                slug,
                contact.name,
                m.slug,
                f"Send {contact.name} a thank-you note for your meeting on {m.date.isoformat()}",
                f"thank-you:{m.slug}:{slug}",
            )


def thanked_on(kb: KB, meeting: Meeting) -> dt.date | None:
    """When the thank-you for a meeting went out, as rule 1 counts it, or None.

    The meeting's `thank_you` if set; else, once every person met has a `thank-you`
    touch dated on or after the meeting, the day the last of them was thanked (each
    person's first such touch). For pages that show whether you said thank you.
    """
    if meeting.thank_you:
        return meeting.thank_you
    days = []
    for slug in dict.fromkeys(meeting.contacts):
        contact = kb.contacts.get(slug)
        if contact is None:  # left out of a public build
            continue
        sent = [t.date for t in contact.touches if t.kind in _THANKED and t.date >= meeting.date]
        if not sent:
            return None
        days.append(min(sent))
    return max(days, default=None)


# --- 4. prep --------------------------------------------------------------------------


def preps(kb: KB, today: dt.date, index: Index) -> Iterator[Due]:
    cfg = kb.settings
    for m in index.planned:
        if m.date < today or m.research:
            continue
        slug = taking_part(kb, m)
        if slug is None:
            continue
        who = name_of(kb, slug)
        yield Due(
            "prep",
            add_days(m.date, -cfg.prep_days),
            slug,
            who,
            m.slug,
            f"Research {who} before your meeting on {m.date.isoformat()}",
            f"prep:{m.slug}",
        )


# --- 7. follow-up ---------------------------------------------------------------------


def follow_up_id(owner: Meeting | Contact, index: int) -> str:
    """`follow-up:<meeting or contact>:<task words>`; the task text keeps it stable when entries move."""
    task = owner.follow_ups[index]
    base = _task_slug(task.task)
    same = [t for t in owner.follow_ups[:index] if _task_slug(t.task) == base]
    return f"follow-up:{owner.slug}:{base}" + (f"-{len(same) + 1}" if same else "")


def _task_slug(task: str) -> str:
    return identity.slug(task, max_length=24, word_boundary=True) or "task"


def follow_ups(kb: KB, today: dt.date, index: Index) -> Iterator[Due]:
    for m in index.active:
        if not m.follow_ups:
            continue
        slug = taking_part(kb, m)
        if slug is None:
            continue
        who = name_of(kb, slug)
        for position, task in _open(m.follow_ups):
            title = f"{task.task.rstrip('.')} (promised to {who} on {m.date.isoformat()})"
            yield Due("follow-up", task.due, slug, who, m.slug, title, follow_up_id(m, position))
    for contact in kb.contacts.values():
        for position, task in _open(contact.follow_ups):
            title = f"{task.task.rstrip('.')} (reminder about {contact.name})"
            yield Due("follow-up", task.due, contact.slug, contact.name, None, title, follow_up_id(contact, position))


def _open(tasks: tuple[FollowUpTask, ...]) -> Iterator[tuple[int, FollowUpTask]]:
    return ((position, task) for position, task in enumerate(tasks) if not task.is_done)


# --- 9. record ------------------------------------------------------------------------


def records(kb: KB, today: dt.date, index: Index) -> Iterator[Due]:
    """A meeting whose file still says `planned` after its day: did it happen?"""
    cfg = kb.settings
    for m in index.planned:
        if m.status_set != "planned" or m.date >= today:
            continue
        slug = taking_part(kb, m)
        if slug is None:
            continue
        who = name_of(kb, slug)
        yield Due(
            "record",
            add_days(m.date, cfg.record_days),
            slug,
            who,
            m.slug,
            f"Record your meeting with {who} on {m.date.isoformat()}: mark it held (and write your notes) or cancelled",
            f"record:{m.slug}",
        )
