"""How a meeting is named for people: "Coffee with Jane Doe" (pure; pages, calendars, the review)."""

from __future__ import annotations

from rolodex.core.model import KB, Meeting

MEETING_LABELS = {
    "informational": "Informational interview",
    "coffee": "Coffee",
    "call": "Call",
    "video": "Video call",
    "event": "Event",
    "other": "Meeting",
}


def meeting_title(kb: KB, meeting: Meeting) -> str:
    """The meeting's kind and the people met, by name where they are contacts, else as written."""
    people = [_name(kb, r.slug) if r.slug else r.target for r in meeting.with_] or ["(nobody named)"]
    who = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
    return f"{MEETING_LABELS.get(meeting.kind, 'Meeting')} with {who}"


def _name(kb: KB, slug: str) -> str:
    contact = kb.contacts.get(slug)
    return contact.name if contact else slug
