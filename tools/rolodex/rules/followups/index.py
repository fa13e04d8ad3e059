"""What the rules ask of meetings and touches, computed once per run (`Index`), and the small
questions every rule asks of a contact's touches."""

from __future__ import annotations

import datetime as dt

from rolodex.core.model import KB, Contact, Meeting, Touch


class Index:
    """What the rules ask of meetings and touches, computed once per run.

    Each rule then answers in O(1) per meeting or contact, so `compute` stays
    linear in the size of the KB. Cancelled meetings, and meetings whose `status` is
    invalid (they may have been cancelled), are left out of all of it.
    """

    def __init__(self, kb: KB, today: dt.date):
        self.held: list[Meeting] = []
        self.planned: list[Meeting] = []
        self.active: list[Meeting] = []  # every meeting but the cancelled and invalid ones
        self.first_held: dict[str, dt.date] = {}
        self.last_held: dict[str, dt.date] = {}
        self.last_met: dict[str, dt.date] = {}  # latest non-cancelled meeting
        self.has_planned: set[str] = set()
        for m in kb.meetings.values():
            status = m.status(today)
            if status not in ("held", "planned"):
                continue
            self.active.append(m)
            people = set(m.contacts)
            if status == "held":
                self.held.append(m)
                for slug in people:
                    if m.date < self.first_held.get(slug, dt.date.max):
                        self.first_held[slug] = m.date
                    if m.date > self.last_held.get(slug, dt.date.min):
                        self.last_held[slug] = m.date
            else:
                self.planned.append(m)
                self.has_planned |= people
            for slug in people:
                if m.date > self.last_met.get(slug, dt.date.min):
                    self.last_met[slug] = m.date

    def met_since(self, slug: str, since: dt.date) -> bool:
        """A non-cancelled meeting with this contact dated on or after `since`."""
        return self.last_met.get(slug, dt.date.min) >= since


def active(kb: KB, slug: str | None, today: dt.date) -> bool:
    """Archived contacts take part in nothing; a snoozed one yields nothing until it wakes."""
    if slug is None:
        return True
    contact = kb.contacts.get(slug)
    if contact is None:
        return False
    if contact.archived:
        return False
    return contact.snoozed_until(today) is None


def name_of(kb: KB, slug: str | None) -> str | None:
    return kb.contacts[slug].name if slug in kb.contacts else None


def taking_part(kb: KB, meeting: Meeting) -> str | None:
    """The first person in the meeting's `with` who takes part: resolved and not archived.

    FORMAT §5 says archived contacts take part in nothing, so a meeting "with" an archived
    contact and a current one is about the current one; a meeting whose people are all
    archived or unknown gives no item (unresolved references produce no item).
    """
    for slug in meeting.contacts:
        if not kb.contacts[slug].archived:
            return slug
    return None


def touched(contact: Contact, kinds: frozenset[str], start: dt.date, end: dt.date | None = None) -> bool:
    return any(t.kind in kinds and t.date >= start and (end is None or t.date <= end) for t in contact.touches)


# Touches in order: a touch is *later* than another when dated after it, or dated the same day
# and listed after it in `touches` (FORMAT §5). Positions stand in for that order.


def latest_touch(contact: Contact, kind: str) -> tuple[int, Touch] | None:
    """The latest touch of a kind, with its position in `touches`, or None."""
    found = None
    for position, touch in enumerate(contact.touches):
        if touch.kind == kind and (found is None or touch.date >= found[1].date):
            found = (position, touch)
    return found


def touches_after(contact: Contact, after: tuple[int, Touch], kinds: frozenset[str]) -> list[Touch]:
    """The touches of these kinds later than `after` (a position and its touch)."""
    position, touch = after
    return [
        t
        for i, t in enumerate(contact.touches)
        if t.kind in kinds and (t.date > touch.date or (t.date == touch.date and i > position))
    ]
