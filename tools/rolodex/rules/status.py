"""Where each contact stands: pipeline stage, last interaction, next due item, health (pure).

`status_index(kb, today, items)` computes every contact's status in one pass over the
follow-up items (the site and `rolodex list` call it for thousands of contacts);
`contact_status` is the same for one contact.

Health, in this order (the first that applies):

- ``overdue``: the contact has an open follow-up whose last day on time (`until`) is before today;
- ``due-soon``: one is due today or within the next `soon_days` days (7, like `rolodex due`);
- ``never-contacted``: no held or planned meeting and no touch other than a `note` (the
  meet list: the same test as the `prospect` stage, whether archived or not);
- ``up-to-date``: anything else. Archived and snoozed contacts have no open items, so they
  are up to date unless never contacted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rolodex.core.model import KB, Contact
from rolodex.rules.followups import Due, add_days, compute, last_interaction, latest_touch, touches_after

STAGES = ("prospect", "contacted", "scheduled", "met", "archived")
# Touch kinds that mean we have been in touch; `note` is only a dated note.
CONTACT_TOUCHES = frozenset({"outreach", "reply", "thank-you", "check-in", "call", "message"})

# Within `contacted`, whose move it is: yours to set a date, or theirs to answer.
STEPS = ("awaiting-reply", "to-schedule")
STEP_LABELS = {"awaiting-reply": "awaiting reply", "to-schedule": "to schedule"}
_YOUR_MOVES = frozenset({"outreach"})

HEALTHS = ("overdue", "due-soon", "never-contacted", "up-to-date")
HEALTH_LABELS = {
    "overdue": "overdue",
    "due-soon": "due soon",
    "never-contacted": "never contacted",
    "up-to-date": "up to date",
}
SOON_DAYS = 7


def stage(kb: KB, contact: Contact, today: dt.date) -> str:
    """prospect (meet list) → contacted → scheduled → met; or archived."""
    if contact.archived:
        return "archived"
    statuses = {m.status(today) for m in kb.meetings_with(contact.slug)}
    if "held" in statuses:
        return "met"
    if "planned" in statuses:
        return "scheduled"
    if any(t.kind in CONTACT_TOUCHES for t in contact.touches):
        return "contacted"
    return "prospect"


def step(contact: Contact, stage: str) -> str | None:
    """For a contacted person (no meeting held or planned): `to-schedule` when they replied
    and you have not written again since (FORMAT §5.8's "they said yes"), `awaiting-reply`
    when your latest outreach has no reply on or after its day; else None."""
    if stage != "contacted":
        return None
    reply = latest_touch(contact, "reply")
    if reply is not None and not touches_after(contact, reply, _YOUR_MOVES):
        return "to-schedule"
    outreach = latest_touch(contact, "outreach")
    if outreach is not None and not any(t.kind == "reply" and t.date >= outreach[1].date for t in contact.touches):
        return "awaiting-reply"
    return None


@dataclass(frozen=True)
class ContactStatus:
    """One contact's standing. `items` are its open follow-ups, soonest first."""

    slug: str
    stage: str
    last: dt.date | None  # the latest held meeting or touch (notes aside)
    next_due: Due | None
    health: str  # one of HEALTHS
    items: tuple[Due, ...] = ()
    step: str | None = None  # within `contacted`: one of STEPS

    @property
    def health_label(self) -> str:
        return HEALTH_LABELS[self.health]

    @property
    def stage_label(self) -> str:
        """The stage in words, saying whose move it is while contacted."""
        return STEP_LABELS[self.step] if self.step else self.stage

    def as_json(self) -> dict:
        return {
            "stage": self.stage,
            "step": self.step,
            "last": self.last.isoformat() if self.last else None,
            "next_due": self.next_due.as_json() if self.next_due else None,
            "health": self.health,
        }


def health(kb: KB, contact: Contact, today: dt.date, items: Iterable[Due], soon_days: int = SOON_DAYS) -> str:
    """The health mark of a contact given its own open items (see the module docstring)."""
    items = list(items)
    if any(item.overdue(today) for item in items):
        return "overdue"
    if any(item.due <= add_days(today, soon_days) for item in items):
        return "due-soon"
    if _never_contacted(kb, contact, today):
        return "never-contacted"
    return "up-to-date"


def _never_contacted(kb: KB, contact: Contact, today: dt.date) -> bool:
    if any(m.status(today) != "cancelled" for m in kb.meetings_with(contact.slug)):
        return False
    return not any(t.kind in CONTACT_TOUCHES for t in contact.touches)


def _status(kb: KB, contact: Contact, today: dt.date, own: list[Due], soon_days: int) -> ContactStatus:
    own = sorted(own, key=Due.sort_key)
    where = stage(kb, contact, today)
    return ContactStatus(
        slug=contact.slug,
        stage=where,
        step=step(contact, where),
        last=last_interaction(kb, contact, today),
        next_due=own[0] if own else None,
        health=health(kb, contact, today, own, soon_days),
        items=tuple(own),
    )


def contact_status(
    kb: KB, contact: Contact, today: dt.date, items: Iterable[Due] | None = None, soon_days: int = SOON_DAYS
) -> ContactStatus:
    """One contact's status; `items` are `followups.compute(kb, today)` (computed if omitted)."""
    items = compute(kb, today) if items is None else items
    return _status(kb, contact, today, [i for i in items if i.contact == contact.slug], soon_days)


def status_index(
    kb: KB, today: dt.date, items: Iterable[Due] | None = None, soon_days: int = SOON_DAYS
) -> Mapping[str, ContactStatus]:
    """Every contact's status by slug, in one pass over the items (O(contacts + items))."""
    items = compute(kb, today) if items is None else items
    by_contact: dict[str, list[Due]] = {}
    for item in items:
        if item.contact is not None:
            by_contact.setdefault(item.contact, []).append(item)
    return {slug: _status(kb, c, today, by_contact.get(slug, []), soon_days) for slug, c in kb.contacts.items()}


def select(
    kb: KB,
    statuses: Mapping[str, ContactStatus],
    *,
    stages: Iterable[str] = (),
    tags: Iterable[str] = (),
    company: str | None = None,
    healths: Iterable[str] = (),
) -> list[tuple[Contact, ContactStatus]]:
    """Contacts by name (then slug) with their status, kept when they are at one of `stages`
    (a stage or a step), have one of `healths`, carry every tag of `tags`, and work at a company
    whose name contains `company` (any case): what `rolodex list` shows."""
    stages, healths, tags = frozenset(stages), frozenset(healths), frozenset(tags)
    rows = []
    for contact in sorted(kb.contacts.values(), key=lambda c: (c.name.casefold(), c.slug)):
        status = statuses[contact.slug]
        if stages and status.stage not in stages and status.step not in stages:
            continue
        if healths and status.health not in healths:
            continue
        if tags and not tags <= set(contact.tags):
            continue
        if company and company.casefold() not in (contact.company or "").casefold():
            continue
        rows.append((contact, status))
    return rows


def listing_json(contact: Contact, status: ContactStatus) -> dict:
    """One contact of `rolodex list --format json` (FORMAT §6)."""
    return {
        "slug": contact.slug,
        "name": contact.name,
        "company": contact.company,
        "title": contact.title,
        "field": contact.field,
        "tags": list(contact.tags),
        "stage": status.stage,
        "step": status.step,
        "path": contact.path,
        "last": status.last.isoformat() if status.last else None,
        "next_due": status.next_due.as_json() if status.next_due else None,
        "health": status.health,
    }
