"""A follow-up item (`Due`), the calendar arithmetic every rule uses, and the questions asked
of a list of items: which are due by a horizon, which are of these kinds or about this person,
which meeting files left items out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from rolodex.core.model import KB

KINDS = ("thank-you", "referral", "nudge", "prep", "holiday", "keep-in-touch", "follow-up", "schedule", "record")


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
