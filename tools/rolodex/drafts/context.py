"""The values a draft's template sees (docs/drafts.md): `context(kb, item, today)` gives
`me`, `item`, `today`, `contact`, `meeting` and, for the items that have them, `referrer`,
`referral`, `nudge`, `task`, `schedule` and `last_meeting`; the others fail loudly when used."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rolodex.core import frontmatter
from rolodex.core.model import KB, Contact, Meeting
from rolodex.drafts.articles import the as _the
from rolodex.drafts.phrasing import goal_clause, pitch_sentence, source_sentence
from rolodex.drafts.sandbox import Record, Undefined, absent
from rolodex.rules.followups import Due, follow_up_id, last_interaction

MEETING_WORDS = {
    "informational": "conversation",
    "coffee": "coffee",
    "call": "call",
    "video": "video call",
    "event": "meeting",
    "other": "meeting",
}


def _person(kb: KB, contact: Contact, today: dt.date, label: str = "contact") -> Record:
    role = " at ".join(x for x in (contact.title, _the(contact.company)) if x)
    return Record(
        label,
        slug=contact.slug,
        name=contact.name,
        first_name=_first(contact.name),
        title=contact.title or "",
        company=contact.company or "",
        field=contact.field or "",
        location=contact.location or "",
        email=contact.email or "",
        emails=list(contact.emails),
        phone=contact.phone or "",
        links=Record(f"{label}.links", **dict(contact.links)),
        tags=list(contact.tags),
        source=contact.source or "",
        goal=contact.goal or "",
        source_sentence=source_sentence(contact.source),
        goal_clause=goal_clause(contact.goal),
        priority=contact.priority or "",
        role=role,
        topic=_topic(contact),
        last_contact=last_interaction(kb, contact, today),
    )


def _named(name: str, label: str = "contact") -> Record:
    """Someone known only by name (a referral not yet a contact)."""
    return Record(
        label,
        slug="",
        name=name,
        first_name=_first(name),
        title="",
        company="",
        field="",
        location="",
        email="",
        emails=[],
        phone="",
        links=Record(f"{label}.links"),
        tags=[],
        source="",
        goal="",
        source_sentence="",
        goal_clause="",
        priority="",
        role="",
        topic="your work",
        last_contact=None,
    )


def _first(name: str) -> str:
    words = name.split()
    return words[0] if words else name


def _topic(contact: Contact) -> str:
    """What you talked about, from the contact's field: `Nonprofit / philanthropy` → `nonprofit and philanthropy`."""
    if contact.field:
        text = " and ".join(part.strip() for part in contact.field.split("/") if part.strip())
        if len(text) > 1 and text[1].islower():
            text = text[0].lower() + text[1:]
        return text
    return f"your work at {_the(contact.company)}" if contact.company else "your work"


def _meeting(kb: KB, m: Meeting, today: dt.date, label: str = "meeting") -> Record:
    people = [kb.contacts[s] for s in m.contacts]
    names = [c.name for c in people]
    first = people[0] if people else None
    referrals = []
    for r in m.referrals:
        slug = r.contact.slug if r.contact else None
        referrals.append(
            kb.contacts[slug].name if slug in kb.contacts else (r.name or (r.contact.target if r.contact else ""))
        )
    return Record(
        label,
        slug=m.slug,
        path=m.path,
        date=m.date,
        time=m.time.strftime("%H:%M") if m.time else "",
        kind=m.kind,
        word=MEETING_WORDS.get(m.kind, "meeting"),
        location=m.location or "",
        duration=m.duration or kb.settings.meeting_minutes,
        status=m.status(today),
        people=names,
        names=_and(names),
        topic=_topic(first) if first else "your work",
        questions=list(m.questions),
        tags=list(m.tags),
        referrals=[r for r in referrals if r],
        research=m.research,
        notes=frontmatter.section(m.body, "Notes"),
        takeaways=frontmatter.section(m.body, "Takeaways"),
        thank_you=m.thank_you,
    )


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def context(kb: KB, item: Due, today: dt.date) -> dict[str, Any]:
    """The variables of a template for `item` (see docs/drafts.md)."""
    me = kb.settings.me
    signature = me.signature.strip() or me.name.strip() or "[your name]"
    meeting = kb.meetings.get(item.meeting) if item.meeting else None
    contact = kb.contacts.get(item.contact) if item.contact else None
    values: dict[str, Any] = {
        "me": Record(
            "me",
            name=me.name,
            first_name=_first(me.name),
            email=me.email,
            emails=list(me.addresses),
            pitch=pitch_sentence(me.pitch, me.name),
            signature=signature,
        ),
        "item": Record(
            "item",
            kind=item.kind,
            due=item.due,
            id=item.id,
            title=item.title,
            contact=item.contact or "",
            name=item.name or "",
            meeting=item.meeting or "",
        ),
        "today": today,
        "contact": _person(kb, contact, today) if contact else _named(item.name or "there"),
        "meeting": _meeting(kb, meeting, today) if meeting else absent("meeting", item.kind, "meeting"),
        "referrer": absent("referrer", item.kind, "referrer"),
        "referral": absent("referral", item.kind, "referral"),
        "nudge": absent("nudge", item.kind, "nudge"),
        "task": absent("task", item.kind, "task"),
        "schedule": absent("schedule", item.kind, "schedule"),
        "last_meeting": absent("last_meeting", item.kind, "last_meeting"),
    }
    if contact is not None:
        held = [m for m in kb.meetings_with(contact.slug) if m.status(today) == "held"]
        if held:
            values["last_meeting"] = _meeting(kb, held[-1], today, "last_meeting")
        if contact.referred_by and contact.referred_by.slug in kb.contacts:
            values["referrer"] = _person(kb, kb.contacts[contact.referred_by.slug], today, "referrer")
        if item.kind in ("nudge", "outreach"):
            values["nudge"] = _nudge(kb, contact)
    if item.kind == "referral" and meeting is not None:
        values.update(_referral(kb, item, meeting, today))
    owner = meeting if meeting is not None else contact  # a contact's own reminder has no meeting
    if item.kind == "follow-up" and owner is not None:
        for index, task in enumerate(owner.follow_ups):
            if follow_up_id(owner, index) == item.id:
                values["task"] = Record("task", task=task.task, due=task.due)
    if item.kind == "schedule":
        values["schedule"] = Record("schedule", slots=_slots(today), minutes=kb.settings.meeting_minutes)
    return values


def reads(kb: KB, item: Due) -> tuple[object, ...]:
    """The records `context(kb, item, today)` reads: its contact, who referred them and the one
    who made a referral (each with their meetings, for `last_contact` and `last_meeting`), its
    meeting, and the people of every one of those meetings. With the same settings, today and
    templates, equal records make the same draft (`rolodex serve` keeps drafts by this)."""
    people = [kb.contacts.get(item.contact) if item.contact else None]
    contact = people[0]
    if contact is not None and contact.referred_by and contact.referred_by.slug in kb.contacts:
        people.append(kb.contacts[contact.referred_by.slug])
    meeting = kb.meetings.get(item.meeting) if item.meeting else None
    if meeting is not None and meeting.first_contact is not None:
        people.append(kb.contacts.get(meeting.first_contact))
    meetings = [meeting] + [m for p in people if p is not None for m in kb.meetings_with(p.slug)]
    out: list[object] = [*people]
    for m in meetings:
        out.append(m)
        if m is not None:
            out += [kb.contacts.get(s) for s in m.contacts]
            out += [kb.contacts.get(r.contact.slug) for r in m.referrals if r.contact and r.contact.slug]
    return tuple(out)


def _slots(today: dt.date) -> list[Record]:
    """Two concrete times to propose: mid-morning on the second working day from today, and
    mid-afternoon two working days later (the user edits them to fit their week)."""
    days: list[dt.date] = []
    day = today
    while len(days) < 4:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return [Record("slot", date=days[1], time="10:00"), Record("slot", date=days[3], time="15:30")]


def _nudge(kb: KB, contact: Contact) -> Record | Undefined:
    outreach = [t for t in contact.touches if t.kind == "outreach"]
    if not outreach:
        return absent("nudge", "outreach", "nudge")
    last = max(outreach, key=lambda t: t.date)
    replied = max((t.date for t in contact.touches if t.kind == "reply"), default=None)
    number = sum(1 for t in outreach if replied is None or t.date > replied)
    return Record("nudge", number=number, of=kb.settings.max_nudges, last_outreach=last.date, note=last.note or "")


def _referral(kb: KB, item: Due, meeting: Meeting, today: dt.date) -> dict[str, Any]:
    values: dict[str, Any] = {}
    by = meeting.first_contact  # who made the referral, as the item's title names them
    if by is not None:
        values["referrer"] = _person(kb, kb.contacts[by], today, "referrer")
    for r in meeting.referrals:
        slug = r.contact.slug if r.contact else None
        if (item.contact and (slug == item.contact or (slug is None and r.name and r.name.strip() == item.name))) or (
            not item.contact and slug is None and r.name and r.name.strip() == (item.name or "").strip()
        ):
            values["referral"] = Record("referral", name=item.name or r.name or "", note=r.note or "")
            break
    return values
