"""Follow-ups: what is due, by the nine rules of FORMAT §5 (contract v1.1) (pure).

`compute(kb, today)` returns every open item, whatever its date; `within`
keeps those due by a horizon. `today` is always a parameter: only the CLI and
the site read the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from rolodex.core import identity
from rolodex.core.config import Settings
from rolodex.core.model import KB, Contact, FollowUpTask, Meeting, Touch

KINDS = ("thank-you", "referral", "nudge", "prep", "holiday", "keep-in-touch", "follow-up", "schedule", "record")
# Touches that count as having reached out to a referral, or as a holiday greeting.
REFERRAL_DONE = frozenset({"outreach", "message", "call", "check-in"})
HOLIDAY_DONE = frozenset({"check-in", "message", "call", "thank-you"})
# After their reply, these moves of yours make the next move theirs again (rule 8).
SCHEDULE_DONE = frozenset({"outreach", "message", "call"})
_THANKED = frozenset({"thank-you"})


@dataclass(frozen=True)
class Due:
    """One thing to do. `id` is stable across runs while the item stays open.

    `until` is the last day it is still on time: `due`, except for a holiday item, which
    is on time until its window ends. Only past `until` is it overdue.
    """

    kind: str
    due: dt.date
    contact: str | None
    name: str | None
    meeting: str | None
    title: str
    id: str
    until: dt.date = None  # type: ignore[assignment]  # None: the same as `due`

    def __post_init__(self) -> None:
        if self.until is None:
            object.__setattr__(self, "until", self.due)

    def overdue(self, today: dt.date) -> bool:
        """Late: its last day on time has passed."""
        return self.until < today

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "due": self.due.isoformat(),
            "contact": self.contact,
            "name": self.name,
            "meeting": self.meeting,
            "title": self.title,
            "id": self.id,
            "until": self.until.isoformat(),
        }

    def sort_key(self) -> tuple:
        return (self.due, self.kind, self.contact or "", self.id)


def compute(kb: KB, today: dt.date) -> list[Due]:
    """Every open follow-up in the KB, sorted by due date, kind, then contact."""
    rules = (thank_yous, referrals, nudges, preps, holidays, keep_in_touch, follow_ups, schedules, records)
    index = _Index(kb, today)
    items: dict[str, Due] = {}
    for rule in rules:
        for item in rule(kb, today, index):
            if _active(kb, item.contact, today):
                items.setdefault(item.id, item)
    return sorted(items.values(), key=Due.sort_key)


class _Index:
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


def left_out(kb: KB) -> list[tuple[str, list[str]]]:
    """Meeting files that could not be read (a bad date…), each with the display names of the
    people it names: the follow-ups about them that depend on it are missing, and `due`
    says so rather than let their items vanish silently."""
    out = []
    for record in kb.unplaced:
        if record.kind != "meeting":
            continue
        slugs = dict.fromkeys(ref.slug for key, ref in record.refs if key == "with" and ref.slug)
        out.append((record.path, [kb.contacts[s].name for s in slugs if s in kb.contacts]))
    return sorted(out)


def within(items: Iterable[Due], today: dt.date, days: int) -> list[Due]:
    """The items due on or before today + days (overdue ones included)."""
    horizon = add_days(today, days)
    return [item for item in items if item.due <= horizon]


def select(items: Iterable[Due], kinds: Iterable[str] = (), contact: str | None = None) -> list[Due]:
    """The items of these kinds (all if none) about the contact with this slug (anyone if None)."""
    kinds = frozenset(kinds)
    return [i for i in items if (not kinds or i.kind in kinds) and (contact is None or i.contact == contact)]


def _active(kb: KB, slug: str | None, today: dt.date) -> bool:
    """Archived contacts take part in nothing; a snoozed one yields nothing until it wakes."""
    if slug is None:
        return True
    contact = kb.contacts.get(slug)
    if contact is None:
        return False
    if contact.archived:
        return False
    return not (contact.snooze_until and contact.snooze_until > today)


D = TypeVar("D", dt.date, dt.datetime)
# The days `today` may be: every rule, page and chart around it stays inside the calendar.
TODAY_RANGE = (dt.date(1900, 1, 1), dt.date(9998, 12, 31))


def today_problem(today: dt.date) -> str | None:
    """Why `today` cannot be today (a date the calendar cannot compute around), or None."""
    low, high = TODAY_RANGE
    if low <= today <= high:
        return None
    return f"{today.isoformat()} is too far away: pretend a day between {low.isoformat()} and {high.isoformat()}"


def add_days(day: D, days: float, minutes: float = 0) -> D:
    """`day` moved by `days` (and `minutes`), held at the ends of the calendar.

    A date near year 9999 (`snooze_until: 9999-12-31` means "never") or 1 plus a
    rule's interval must give an item far away, not an OverflowError.
    """
    try:
        return day + dt.timedelta(days=days, minutes=minutes)
    except OverflowError:
        return type(day).max if days > 0 or minutes > 0 else type(day).min


def _name(kb: KB, slug: str | None) -> str | None:
    return kb.contacts[slug].name if slug in kb.contacts else None


def _taking_part(kb: KB, meeting: Meeting) -> str | None:
    """The first person in the meeting's `with` who takes part: resolved and not archived.

    FORMAT §5 says archived contacts take part in nothing, so a meeting "with" an archived
    contact and a current one is about the current one; a meeting whose people are all
    archived or unknown gives no item (unresolved references produce no item).
    """
    for slug in meeting.contacts:
        if not kb.contacts[slug].archived:
            return slug
    return None


def _touched(contact: Contact, kinds: frozenset[str], start: dt.date, end: dt.date | None = None) -> bool:
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


# --- 1. thank-you ---------------------------------------------------------------------


def thank_yous(kb: KB, today: dt.date, index: _Index) -> Iterator[Due]:
    cfg = kb.settings
    oldest = add_days(today, -cfg.thank_you_lapse_days)
    for m in index.held:
        if m.date < oldest or m.thank_you:
            continue
        for slug in dict.fromkeys(m.contacts):
            contact = kb.contacts[slug]
            if _touched(contact, _THANKED, m.date):
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


# --- 2. referral ----------------------------------------------------------------------


def referrals(kb: KB, today: dt.date, index: _Index) -> Iterator[Due]:
    cfg = kb.settings
    named = _names(kb)
    oldest = add_days(today, -cfg.referral_lapse_days)
    for m in index.held:
        if not m.referrals or m.date < oldest:
            continue
        due = add_days(m.date, cfg.referral_days)
        by = " and ".join(kb.contacts[s].name for s in dict.fromkeys(m.contacts)) or "someone"
        for r in m.referrals:
            contact: Contact | None
            if r.contact is not None:
                if not r.contact.slug:
                    continue  # an unknown slug: `check` reports it; no item
                contact = kb.contacts[r.contact.slug]
            else:
                contact = _exactly_named(kb, named, r.name or "")
            if contact is None:
                name = r.name or ""
                yield Due(
                    "referral",
                    due,
                    None,
                    name,
                    m.slug,
                    f"Reach out to {name}, referred by {by} (add them as a contact first)",
                    f"referral:{m.slug}:{identity.slug(name) or 'someone'}",
                )
                continue
            if _touched(contact, REFERRAL_DONE, m.date) or index.met_since(contact.slug, m.date):
                continue
            yield Due(
                "referral",
                due,
                contact.slug,
                contact.name,
                m.slug,
                f"Reach out to {contact.name}, referred by {by}",
                f"referral:{m.slug}:{contact.slug}",
            )


def _names(kb: KB) -> dict[str, list[str]]:
    """Contact slugs by exact display name (one pass, so a referral lookup is O(1))."""
    index: dict[str, list[str]] = {}
    for contact in kb.contacts.values():
        index.setdefault(identity.exact_name_key(contact.name), []).append(contact.slug)
    return index


def _exactly_named(kb: KB, named: dict[str, list[str]], name: str) -> Contact | None:
    """The contact whose `name` is exactly this (spaces around aside); none if zero or several."""
    slugs = named.get(identity.exact_name_key(name), [])
    return kb.contacts[slugs[0]] if len(slugs) == 1 else None


# --- 3. nudge -------------------------------------------------------------------------


def nudges(kb: KB, today: dt.date, index: _Index) -> Iterator[Due]:
    cfg = kb.settings
    outreach_only = frozenset({"outreach"})
    for contact in kb.contacts.values():
        last = latest_touch(contact, "outreach")
        if last is None:
            continue
        day = last[1].date
        if any(t.kind == "reply" and t.date >= day for t in contact.touches) or index.met_since(contact.slug, day):
            continue
        reply = latest_touch(contact, "reply")
        if reply is None:
            asked = sum(1 for t in contact.touches if t.kind == "outreach")
        else:
            asked = len(touches_after(contact, reply, outreach_only))
        if asked > cfg.max_nudges:
            continue
        yield Due(
            "nudge",
            add_days(day, cfg.nudge_days),
            contact.slug,
            contact.name,
            None,
            f"Nudge {contact.name}: no reply to your message of {day.isoformat()} (nudge {asked} of {cfg.max_nudges})",
            f"nudge:{contact.slug}",
        )


# --- 4. prep --------------------------------------------------------------------------


def preps(kb: KB, today: dt.date, index: _Index) -> Iterator[Due]:
    cfg = kb.settings
    for m in index.planned:
        if m.date < today or m.research:
            continue
        slug = _taking_part(kb, m)
        if slug is None:
            continue
        who = _name(kb, slug)
        yield Due(
            "prep",
            add_days(m.date, -cfg.prep_days),
            slug,
            who,
            m.slug,
            f"Research {who} before your meeting on {m.date.isoformat()}",
            f"prep:{m.slug}",
        )


# --- 5. holiday -----------------------------------------------------------------------


def holiday_window(settings: Settings, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first holiday window whose end is on or after today (it may cross New Year)."""
    for year in (today.year - 1, today.year, today.year + 1):
        start = _month_day(year, settings.holiday_start)
        end = _month_day(year, settings.holiday_end)
        if end < start:
            end = _month_day(year + 1, settings.holiday_end)
        if end >= today:
            return start, end
    raise AssertionError("unreachable: next year's window always ends after today")


def _month_day(year: int, md: str) -> dt.date:
    month, day = int(md[:2]), int(md[3:])
    try:
        return dt.date(year, month, day)
    except ValueError:  # 02-29 outside a leap year
        return dt.date(year, month, day - 1)


def holidays(kb: KB, today: dt.date, index: _Index) -> Iterator[Due]:
    start, end = holiday_window(kb.settings, today)
    early = add_days(start, -kb.settings.holiday_early_days)  # a greeting sent just before counts
    for contact in kb.contacts.values():
        if index.first_held.get(contact.slug, dt.date.max) >= start:
            continue  # no held meeting before the window
        if cadence(kb.settings, contact) == "never":
            continue
        if _touched(contact, HOLIDAY_DONE, early, end):
            continue
        yield Due(
            "holiday",
            start,
            contact.slug,
            contact.name,
            None,
            f"Send {contact.name} holiday wishes with a brief update",
            f"holiday:{start.year}:{contact.slug}",
            until=end,
        )


# --- 6. keep-in-touch -----------------------------------------------------------------


def cadence(settings: Settings, contact: Contact) -> int | str:
    """The contact's own cadence, else the smallest among its tags' (never is largest), else the default."""
    if contact.cadence is not None:
        return contact.cadence
    by_tag = [settings.cadence_by_tag[t] for t in contact.tags if t in settings.cadence_by_tag]
    days = [c for c in by_tag if c != "never"]
    if days:
        return min(days)
    if by_tag:
        return "never"
    return settings.cadence_days


def last_interaction(kb: KB, contact: Contact, today: dt.date) -> dt.date | None:
    """The latest held meeting or touch (notes aside) with this contact."""
    dates = [m.date for m in kb.meetings_with(contact.slug) if m.status(today) == "held"]
    dates += [t.date for t in contact.touches if t.kind != "note"]
    return max(dates, default=None)


def keep_in_touch(kb: KB, today: dt.date, index: _Index) -> Iterator[Due]:
    for contact in kb.contacts.values():
        slug = contact.slug
        if slug not in index.last_held or slug in index.has_planned:
            continue  # needs a held meeting, and no planned one
        every = cadence(kb.settings, contact)
        if every == "never":
            continue
        touched = [t.date for t in contact.touches if t.kind != "note"]
        last = max(touched, default=index.last_held[slug])
        last = max(last, index.last_held[slug])
        yield Due(
            "keep-in-touch",
            add_days(last, int(every)),
            contact.slug,
            contact.name,
            None,
            f"Keep in touch with {contact.name} (last contact {last.isoformat()})",
            f"keep-in-touch:{contact.slug}",
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


def follow_ups(kb: KB, today: dt.date, index: _Index) -> Iterator[Due]:
    for m in index.active:
        if not m.follow_ups:
            continue
        slug = _taking_part(kb, m)
        if slug is None:
            continue
        who = _name(kb, slug)
        for position, task in _open(m.follow_ups):
            title = f"{task.task.rstrip('.')} (promised to {who} on {m.date.isoformat()})"
            yield Due("follow-up", task.due, slug, who, m.slug, title, follow_up_id(m, position))
    for contact in kb.contacts.values():
        for position, task in _open(contact.follow_ups):
            title = f"{task.task.rstrip('.')} (reminder about {contact.name})"
            yield Due("follow-up", task.due, contact.slug, contact.name, None, title, follow_up_id(contact, position))


def _open(tasks: tuple[FollowUpTask, ...]) -> Iterator[tuple[int, FollowUpTask]]:
    return ((position, task) for position, task in enumerate(tasks) if not task.is_done)


# --- 8. schedule ----------------------------------------------------------------------


def schedules(kb: KB, today: dt.date, index: _Index) -> Iterator[Due]:
    """They replied (said yes): propose a date. Only before any meeting is held or planned."""
    cfg = kb.settings
    for contact in kb.contacts.values():
        slug = contact.slug
        if slug in index.last_held or slug in index.has_planned:
            continue  # (with neither, no meeting can be dated on or after the reply either)
        reply = latest_touch(contact, "reply")
        if reply is None:
            continue
        day = reply[1].date
        outreach = latest_touch(contact, "outreach")
        if outreach is not None and outreach[1].date > day:
            continue  # your move came after theirs: a nudge, if anything
        if touches_after(contact, reply, SCHEDULE_DONE):
            continue  # you answered: the next move is theirs
        yield Due(
            "schedule",
            add_days(day, cfg.schedule_days),
            slug,
            contact.name,
            None,
            f"Propose a date to meet {contact.name}: they replied on {day.isoformat()}",
            f"schedule:{slug}",
        )


# --- 9. record ------------------------------------------------------------------------


def records(kb: KB, today: dt.date, index: _Index) -> Iterator[Due]:
    """A meeting whose file still says `planned` after its day: did it happen?"""
    cfg = kb.settings
    for m in index.planned:
        if m.status_set != "planned" or m.date >= today:
            continue
        slug = _taking_part(kb, m)
        if slug is None:
            continue
        who = _name(kb, slug)
        yield Due(
            "record",
            add_days(m.date, cfg.record_days),
            slug,
            who,
            m.slug,
            f"Record your meeting with {who} on {m.date.isoformat()}: mark it held (and write your notes) or cancelled",
            f"record:{m.slug}",
        )


__all__ = [
    "KINDS",
    "Due",
    "cadence",
    "compute",
    "follow_up_id",
    "holiday_window",
    "last_interaction",
    "left_out",
    "within",
]
