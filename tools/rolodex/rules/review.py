"""The weekly review: the last seven days, the next seven, and who needs a word (pure).

`review(kb, today, items)` gathers, for `rolodex review` and the site's Weekly review page:

- **done** in the last seven days (today and the six before): touches (notes aside),
  held meetings, thank-yous sent (a meeting's `thank_you` date, or a `thank-you` touch);
- **overdue**: open follow-ups whose last day on time (`until`) is before today, keep-in-touch
  aside (those are below); those overdue by more than a month are the **backlog**, counted
  but not listed (as on Home);
- **due** in the next seven days (and still on time), and the meetings planned then;
- **going cold**: the people past their cadence (an overdue keep-in-touch item);
- **referrals not yet contacted**: open referral items, and contacts with a `referred_by`
  never contacted at all (no touch but notes, no meeting);
- **job changes**: a `history` entry seen in the last 30 days, while you have not been in
  touch since (no touch but a note dated on or after it): a reason to get in touch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rolodex.core.model import KB, Contact, Meeting
from rolodex.rules.followups import Due, add_days, cadence, last_interaction
from rolodex.rules.priority import in_backlog
from rolodex.rules.status import CONTACT_TOUCHES

PAST_DAYS = 7  # today and the six days before
AHEAD_DAYS = 7
CHANGE_DAYS = 30  # a job change stays a reason to get in touch this long, or until you are in touch


@dataclass(frozen=True)
class Done:
    """Something you did: a touch, or a thank-you."""

    date: dt.date
    slug: str
    name: str
    kind: str
    note: str | None = None
    meeting: str | None = None


@dataclass(frozen=True)
class Cold:
    """Someone past their cadence: last interaction, the cadence in days, days past it."""

    slug: str
    name: str
    last: dt.date
    cadence: int
    days_over: int
    item: str  # the keep-in-touch item's id


@dataclass(frozen=True)
class Referral:
    """Someone you were pointed to and have not written to yet."""

    slug: str | None  # None: named in a meeting, not a contact yet
    name: str
    by: tuple[tuple[str, str], ...]  # (slug, name) of who suggested them
    since: dt.date | None  # the meeting they were suggested in
    meeting: str | None
    item: str | None  # the open referral item's id, if there is one


@dataclass(frozen=True)
class JobChange:
    """A new company or title seen for a contact (a `history` entry) on `date`."""

    slug: str
    name: str
    date: dt.date
    was_title: str | None
    was_company: str | None
    now_title: str | None
    now_company: str | None


@dataclass(frozen=True)
class Review:
    today: dt.date
    start: dt.date  # first day of the past week
    end: dt.date  # last day looked ahead to
    touches: tuple[Done, ...]
    meetings: tuple[Meeting, ...]
    thank_yous: tuple[Done, ...]
    overdue: tuple[Due, ...]
    backlog: tuple[Due, ...]
    due: tuple[Due, ...]
    upcoming: tuple[Meeting, ...]
    cold: tuple[Cold, ...]
    referrals: tuple[Referral, ...]
    job_changes: tuple[JobChange, ...]

    def as_json(self) -> dict:
        def done(d: Done) -> dict:
            return {
                "date": d.date.isoformat(),
                "contact": d.slug,
                "name": d.name,
                "kind": d.kind,
                "note": d.note,
                "meeting": d.meeting,
            }

        def meeting(m: Meeting) -> dict:
            return {"meeting": m.slug, "date": m.date.isoformat(), "with": list(m.contacts)}

        return {
            "today": self.today.isoformat(),
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "touches": [done(d) for d in self.touches],
            "meetings": [meeting(m) for m in self.meetings],
            "thank_yous": [done(d) for d in self.thank_yous],
            "overdue": [i.as_json() for i in self.overdue],
            "backlog": [i.as_json() for i in self.backlog],
            "due": [i.as_json() for i in self.due],
            "upcoming": [meeting(m) for m in self.upcoming],
            "going_cold": [
                {
                    "contact": c.slug,
                    "name": c.name,
                    "last": c.last.isoformat(),
                    "cadence": c.cadence,
                    "days_over": c.days_over,
                    "id": c.item,
                }
                for c in self.cold
            ],
            "referrals": [
                {
                    "contact": r.slug,
                    "name": r.name,
                    "by": [slug for slug, _ in r.by],
                    "since": r.since.isoformat() if r.since else None,
                    "meeting": r.meeting,
                    "id": r.item,
                }
                for r in self.referrals
            ],
            "job_changes": [
                {
                    "contact": j.slug,
                    "name": j.name,
                    "date": j.date.isoformat(),
                    "was": {"title": j.was_title, "company": j.was_company},
                    "now": {"title": j.now_title, "company": j.now_company},
                }
                for j in self.job_changes
            ],
        }


def review(kb: KB, today: dt.date, items: Iterable[Due]) -> Review:
    """The weekly review on `today`; `items` are `followups.compute(kb, today)`."""
    items = list(items)
    start = add_days(today, -(PAST_DAYS - 1))
    end = add_days(today, AHEAD_DAYS)
    contacts = sorted(kb.contacts.values(), key=lambda c: c.slug)
    touches = [
        Done(t.date, c.slug, c.name, t.kind, t.note)
        for c in contacts
        for t in c.touches
        if t.kind != "note" and start <= t.date <= today
    ]
    meetings = sorted(kb.meetings.values(), key=lambda m: (m.date, m.time or dt.time(0), m.slug))
    held = [m for m in meetings if start <= m.date <= today and m.status(today) == "held"]
    upcoming = [m for m in meetings if today <= m.date <= end and m.status(today) == "planned"]
    return Review(
        today=today,
        start=start,
        end=end,
        touches=tuple(sorted(touches, key=lambda d: (d.date, d.name.casefold(), d.slug))),
        meetings=tuple(held),
        thank_yous=tuple(_thank_yous(kb, meetings, contacts, start, today)),
        # overdue only past `until`: a holiday item stays "due" while its window is open
        overdue=tuple(i for i in items if i.overdue(today) and not in_backlog(i, today) and i.kind != "keep-in-touch"),
        backlog=tuple(i for i in items if in_backlog(i, today) and i.kind != "keep-in-touch"),
        due=tuple(i for i in items if not i.overdue(today) and i.due <= end),
        upcoming=tuple(upcoming),
        cold=tuple(_cold(kb, items, today)),
        referrals=tuple(_referrals(kb, items, today)),
        job_changes=tuple(job_changes(kb, today)),
    )


def _thank_yous(kb: KB, meetings: list[Meeting], contacts: list[Contact], start: dt.date, today: dt.date) -> list[Done]:
    """A meeting's `thank_you` in the week, once per person met; a `thank-you` touch in the week
    unless it is that same note (same person, same day)."""
    out: list[Done] = []
    noted: set[tuple[str, dt.date]] = set()
    for m in meetings:
        if m.thank_you and start <= m.thank_you <= today:
            for slug in dict.fromkeys(m.contacts):
                if slug not in kb.contacts:
                    continue
                name = kb.contacts[slug].name
                out.append(Done(m.thank_you, slug, name, "thank-you", None, m.slug))
                noted.add((slug, m.thank_you))
    for c in contacts:
        for t in c.touches:
            if t.kind == "thank-you" and start <= t.date <= today and (c.slug, t.date) not in noted:
                out.append(Done(t.date, c.slug, c.name, "thank-you", t.note))
    return sorted(out, key=lambda d: (d.date, d.name.casefold(), d.slug))


def _cold(kb: KB, items: list[Due], today: dt.date) -> list[Cold]:
    out = []
    for item in items:
        if item.kind != "keep-in-touch" or item.due >= today or item.contact not in kb.contacts:
            continue
        contact = kb.contacts[item.contact]
        every = cadence(kb.settings, contact)
        last = last_interaction(kb, contact, today)
        if every == "never" or last is None:
            continue
        out.append(Cold(contact.slug, contact.name, last, int(every), (today - item.due).days, item.id))
    return sorted(out, key=lambda c: (-c.days_over, c.name.casefold()))


def _referrals(kb: KB, items: list[Due], today: dt.date) -> list[Referral]:
    out: list[Referral] = []
    listed: set[str] = set()
    for item in items:
        if item.kind != "referral":
            continue
        meeting = kb.meetings.get(item.meeting or "")
        people = dict.fromkeys(meeting.contacts) if meeting else {}
        by = tuple((s, kb.contacts[s].name) for s in people if s != item.contact and s in kb.contacts)
        out.append(
            Referral(item.contact, item.name or "", by, meeting.date if meeting else None, item.meeting, item.id)
        )
        if item.contact:
            listed.add(item.contact)
    for c in sorted(kb.contacts.values(), key=lambda c: (c.name.casefold(), c.slug)):
        ref = c.referred_by
        if not ref or not ref.slug or c.slug in listed or c.archived:
            continue
        if c.snoozed_until(today):
            continue
        if any(t.kind in CONTACT_TOUCHES for t in c.touches):
            continue
        if any(m.status(today) in ("planned", "held") for m in kb.meetings_with(c.slug)):
            continue
        by = ((ref.slug, kb.contacts[ref.slug].name),) if ref.slug in kb.contacts else ()
        out.append(Referral(c.slug, c.name, by, None, None, None))
    return out


def job_changes(kb: KB, today: dt.date, days: int = CHANGE_DAYS) -> list[JobChange]:
    """Job changes seen in the last `days` days that you have not been in touch about since, newest first."""
    out = [change for c in kb.contacts.values() if (change := news(c, today, days)) is not None]
    return sorted(out, key=lambda j: (-j.date.toordinal(), j.name.casefold(), j.slug))


def news(contact: Contact, today: dt.date, days: int = CHANGE_DAYS) -> JobChange | None:
    """The contact's newest job change if it is a reason to get in touch: seen in the last `days`
    days, no touch but notes since, and the contact not archived."""
    if contact.archived:
        return None
    oldest = add_days(today, -(days - 1))
    for change in changes(contact):
        if change.date > today:
            continue  # seen "later" than today (a --today in the past): not news yet
        if change.date < oldest or any(t.kind in CONTACT_TOUCHES and t.date >= change.date for t in contact.touches):
            return None
        return change
    return None


def changes(contact: Contact) -> list[JobChange]:
    """Every job change a contact's `history` records, newest first: each entry is the role left,
    the one before it in the list (or the contact's own company and title) the role taken."""
    history = sorted(contact.history, key=lambda role: role.date, reverse=True)  # newest first, as written or not
    out = []
    now_title, now_company = contact.title, contact.company
    for entry in history:
        out.append(
            JobChange(contact.slug, contact.name, entry.date, entry.title, entry.company, now_title, now_company)
        )
        now_title, now_company = entry.title, entry.company
    return out
