"""What to do first: open items ranked by what it costs to miss them (pure).

A late thank-you or an unprepared meeting costs a relationship; a late holiday card costs
little. `plan(items, today)` splits the open items into what a morning screen shows:

- `actions`: items due by today, most costly first (`RANK`), the newest first within a kind
  (what fell due today before what is a week late);
- `batches`: holiday and keep-in-touch notes due within the week, one batch per kind (they are
  written in one sitting, and none of them is urgent alone);
- `backlog`: items overdue by more than `BACKLOG_DAYS` (old promises that would bury today's);
- `soon`: everything else due within the week.

An item is overdue once its `until` (the last day it is on time, FORMAT §5) has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from rolodex.rules.followups import Due, add_days

# Most costly to miss first. A promise made in a meeting ranks with the meeting's own items.
RANK = ("thank-you", "prep", "schedule", "record", "follow-up", "referral", "nudge", "holiday", "keep-in-touch")
BATCH_KINDS = ("holiday", "keep-in-touch")
BACKLOG_DAYS = 30
SOON_DAYS = 7


def until(item: Due) -> dt.date:
    """The last day the item is on time (`due`, or a holiday window's end)."""
    return getattr(item, "until", None) or item.due


def overdue(item: Due, today: dt.date) -> bool:
    return until(item) < today


def in_backlog(item: Due, today: dt.date) -> bool:
    """Overdue by more than a month: kept, but out of the way of today's work."""
    return until(item) < add_days(today, -BACKLOG_DAYS)


def rank(kind: str) -> int:
    return RANK.index(kind) if kind in RANK else len(RANK)


def order_key(item: Due) -> tuple:
    """Most costly kind first; within a kind the newest due date first (today before last week)."""
    return (rank(item.kind), -item.due.toordinal(), item.name or "", item.id)


@dataclass
class Plan:
    actions: list[Due] = field(default_factory=list)
    batches: dict[str, list[Due]] = field(default_factory=dict)  # kind -> items, in BATCH_KINDS order
    backlog: list[Due] = field(default_factory=list)
    soon: list[Due] = field(default_factory=list)


def plan(items: Iterable[Due], today: dt.date) -> Plan:
    """Open items as a morning screen orders them (see the module's docstring)."""
    out = Plan()
    week = add_days(today, SOON_DAYS)
    for item in items:
        if in_backlog(item, today):
            out.backlog.append(item)
        elif item.kind in BATCH_KINDS and item.due <= week:
            out.batches.setdefault(item.kind, []).append(item)
        elif item.due <= today:
            out.actions.append(item)
        elif item.due <= week:
            out.soon.append(item)
    out.actions.sort(key=order_key)
    out.backlog.sort(key=order_key)

    def soonest(i: Due) -> tuple[dt.date, int, str, str]:
        return i.due, rank(i.kind), i.name or "", i.id

    out.soon.sort(key=soonest)
    out.batches = {kind: sorted(out.batches[kind], key=soonest) for kind in BATCH_KINDS if kind in out.batches}
    return out
