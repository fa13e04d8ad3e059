"""Does your networking work? The funnel with rates and the days between steps (pure).

`stats(kb, today, since=None, by=None)` counts over the contacts that are not archived
(docs/insights.md says the same in words):

- **listed**: every such contact;
- **contacted**: an `outreach` touch, or any meeting that is not cancelled;
- **replied**: a `reply` touch, or any meeting that is not cancelled;
- **met**: a held meeting;
- **referred**: in a held meeting that has at least one referral.

A **rate** is the share of the previous step's people who reached this step
(`replied`: of the people contacted, how many replied), or None when nobody is at
the previous step.

Median days, each over every pair found:

- **outreach_to_reply**: from the first `outreach` not yet answered to the `reply`
  that answers it (a meeting answers too, and leaves no pair: it has no reply date);
- **reply_to_meeting**: from the latest `reply` since the previous held meeting with
  that person to the held meeting;
- **meeting_to_thank_you**: from a held meeting to its thank-you (the meeting's
  `thank_you`, else the day the last person met was thanked by a `thank-you` touch).

`since` keeps only events (touches, meetings, and pairs by their second event) dated
on or after it; `listed` stays every contact not archived, who cannot be dated. `by`
splits the same figures by `month` (the events of each month), `source` or `tag` (the
contacts with that source or tag; a contact with two tags is in two rows).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rolodex.core.model import KB, Contact, Meeting
from rolodex.rules.followups import thanked_on

STEPS = ("listed", "contacted", "replied", "met", "referred")
RATE_OF = dict(pairwise(reversed(STEPS)))  # each step's rate is a share of the step before it
MEDIANS = ("outreach_to_reply", "reply_to_meeting", "meeting_to_thank_you")
BY = ("month", "source", "tag")
NO_SOURCE = "(no source)"
NO_TAG = "(no tag)"
_LIVE = frozenset({"planned", "held"})  # a meeting that is not cancelled (nor of an invalid status)


@dataclass(frozen=True)
class Window:
    """The days whose events count: from `start` to `end`, both included; None is open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __contains__(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Figures:
    """The funnel, its rates and the median days, for all contacts or one `by` row."""

    key: str | None
    funnel: dict[str, int]
    rates: dict[str, float | None]
    median_days: dict[str, float | None]
    samples: dict[str, int]  # how many pairs each median is over

    def as_json(self, by: str | None = None) -> dict:
        out: dict = {by: self.key} if by else {}
        out.update(funnel=self.funnel, rates=self.rates, median_days=self.median_days, samples=self.samples)
        return out


@dataclass(frozen=True)
class Stats:
    today: dt.date
    since: dt.date | None
    by: str | None
    overall: Figures
    rows: tuple[Figures, ...] = ()

    def as_json(self) -> dict:
        out = self.overall.as_json()
        out["since"] = self.since.isoformat() if self.since else None
        out["by"] = [row.as_json(self.by) for row in self.rows]
        return out


# --- what each contact did, dated -----------------------------------------------------------


@dataclass(frozen=True)
class _Events:
    """One contact's dated events, each list sorted."""

    contacted: tuple[dt.date, ...]  # outreach touches and live meetings
    replied: tuple[dt.date, ...]  # reply touches and live meetings
    met: tuple[dt.date, ...]  # held meetings
    referred: tuple[dt.date, ...]  # held meetings with a referral
    outreach_to_reply: tuple[tuple[dt.date, int], ...]  # (reply date, days)
    reply_to_meeting: tuple[tuple[dt.date, int], ...]  # (meeting date, days)


def _live(meeting: Meeting, today: dt.date) -> str | None:
    status = meeting.status(today)
    return status if status in _LIVE else None


def _events(kb: KB, contact: Contact, today: dt.date) -> _Events:
    meetings = [(m, s) for m in kb.meetings_with(contact.slug) if (s := _live(m, today))]
    live = [m.date for m, _ in meetings]
    held = [m.date for m, s in meetings if s == "held"]
    outreach = [t.date for t in contact.touches if t.kind == "outreach"]
    replies = [t.date for t in contact.touches if t.kind == "reply"]
    return _Events(
        contacted=tuple(sorted(outreach + live)),
        replied=tuple(sorted(replies + live)),
        met=tuple(sorted(held)),
        referred=tuple(sorted(m.date for m, s in meetings if s == "held" and m.referrals)),
        outreach_to_reply=tuple(_answers(contact, live)),
        reply_to_meeting=tuple(_scheduled(replies, held)),
    )


def _answers(contact: Contact, meetings: Iterable[dt.date]) -> list[tuple[dt.date, int]]:
    """(reply date, days since the first outreach it answers), in date order.

    Touches in date order (the file's order within a day), a day's meetings after its
    touches: an outreach opens a question unless one is open; a reply closes it with a
    pair; a meeting closes it with none.
    """
    events = [(t.date, 0, i, t.kind) for i, t in enumerate(contact.touches) if t.kind in ("outreach", "reply")]
    events += [(d, 1, 0, "meeting") for d in meetings]
    asked: dt.date | None = None
    pairs = []
    for day, _, _, kind in sorted(events):
        if kind == "outreach":
            if asked is None:
                asked = day
        elif asked is not None:
            if kind == "reply":
                pairs.append((day, (day - asked).days))
            asked = None
    return pairs


def _scheduled(replies: Sequence[dt.date], held: Sequence[dt.date]) -> list[tuple[dt.date, int]]:
    """(meeting date, days since the latest reply after the previous held meeting and on or before it)."""
    pairs = []
    previous: dt.date | None = None
    for day in sorted(held):
        answered = [r for r in replies if r <= day and (previous is None or r > previous)]
        if answered:
            pairs.append((day, (day - max(answered)).days))
        if previous is None or day > previous:
            previous = day
    return pairs


# --- the figures ----------------------------------------------------------------------------


def _rate(reached: set[str], previous: set[str]) -> float | None:
    if not previous:
        return None
    return round(len(reached & previous) / len(previous), 4)


def _median(values: Sequence[int]) -> float | None:
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle) if float(middle).is_integer() else float(middle)


def percent(rate: float | None) -> str:
    """A rate as people read it: `83%`, or `—` when the step before had nobody."""
    return "—" if rate is None else f"{round(rate * 100)}%"


def days(value: float | None) -> str:
    """A median wait: `1 day`, `2.5 days`, or `—` when there was none."""
    if value is None:
        return "—"
    return f"{value:g} day" + ("" if value == 1 else "s")


def _thanks(kb: KB, today: dt.date) -> list[tuple[Meeting, dt.date, int]]:
    """(meeting, thank-you date, days) for each held meeting that was thanked, not before it happened."""
    out = []
    for m in kb.meetings.values():
        if _live(m, today) != "held":
            continue
        sent = thanked_on(kb, m)
        if sent is not None and sent >= m.date:
            out.append((m, sent, (sent - m.date).days))
    return out


def _figures(
    key: str | None,
    people: Sequence[Contact],
    events: dict[str, _Events],
    thanks: list[tuple[Meeting, dt.date, int]],
    window: Window,
) -> Figures:
    reached: dict[str, set[str]] = {step: set() for step in STEPS}
    waits: dict[str, list[int]] = {name: [] for name in MEDIANS}
    slugs = {c.slug for c in people}
    for contact in people:
        e = events[contact.slug]
        reached["listed"].add(contact.slug)
        for step in STEPS[1:]:
            if any(d in window for d in getattr(e, step)):
                reached[step].add(contact.slug)
        waits["outreach_to_reply"] += [days for d, days in e.outreach_to_reply if d in window]
        waits["reply_to_meeting"] += [days for d, days in e.reply_to_meeting if d in window]
    for meeting, sent, days in thanks:
        if sent in window and slugs.intersection(meeting.contacts):
            waits["meeting_to_thank_you"].append(days)
    return _make(key, reached, waits)


def _make(key: str | None, reached: dict[str, set[str]], waits: dict[str, list[int]]) -> Figures:
    return Figures(
        key,
        {step: len(reached[step]) for step in STEPS},
        {step: _rate(reached[step], reached[RATE_OF[step]]) for step in STEPS[1:]},
        {name: _median(waits[name]) for name in MEDIANS},
        {name: len(waits[name]) for name in MEDIANS},
    )


def stats(kb: KB, today: dt.date, since: dt.date | None = None, by: str | None = None) -> Stats:
    """The funnel, rates and median days over contacts not archived (see the module docstring)."""
    return stats_each(kb, today, (by,), since)[0]


def stats_each(kb: KB, today: dt.date, bys: Sequence[str | None], since: dt.date | None = None) -> list[Stats]:
    """`stats` split each of these ways (None: not split), from one pass over the records:
    the Insights page shows the months and the sources."""
    for by in bys:
        if by is not None and by not in BY:
            raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    people = sorted((c for c in kb.contacts.values() if not c.archived), key=lambda c: c.slug)
    events = {c.slug: _events(kb, c, today) for c in people}
    thanks = _thanks(kb, today)
    window = Window(since)
    overall = _figures(None, people, events, thanks, window)
    out = []
    for by in bys:
        rows: list[Figures] = []
        if by == "month":
            rows = _by_month(people, events, thanks, window, today)
        elif by in ("source", "tag"):
            groups: dict[str, list[Contact]] = {}
            for contact in people:
                for name in _groups(contact, by):
                    groups.setdefault(name, []).append(contact)
            for name, members in groups.items():
                rows.append(_figures(name, members, events, thanks, window))
            rows.sort(key=lambda f: (f.key in (NO_SOURCE, NO_TAG), -f.funnel["listed"], (f.key or "").casefold()))
        out.append(Stats(today, since, by, overall, tuple(rows)))
    return out


def _groups(contact: Contact, by: str) -> list[str]:
    if by == "source":
        source = " ".join((contact.source or "").split())
        return [source or NO_SOURCE]
    tags = list(dict.fromkeys(contact.tags))
    return tags or [NO_TAG]


def _month(day: dt.date) -> tuple[int, int]:
    return (day.year, day.month)


def _by_month(
    people: Sequence[Contact],
    events: dict[str, _Events],
    thanks: list[tuple[Meeting, dt.date, int]],
    window: Window,
    today: dt.date,
) -> list[Figures]:
    """The figures of each month, the events of that month only, in one pass over the events.

    Months run from the first event in the window to the later of today's month and the
    last event's; a month with nothing in it still gets its row.
    """
    reached: dict[tuple[int, int], dict[str, set[str]]] = {}
    waits: dict[tuple[int, int], dict[str, list[int]]] = {}

    def bucket(day: dt.date) -> tuple[dict[str, set[str]], dict[str, list[int]]]:
        key = _month(day)
        if key not in reached:
            reached[key] = {step: set() for step in STEPS[1:]}
            waits[key] = {name: [] for name in MEDIANS}
        return reached[key], waits[key]

    for contact in people:
        e = events[contact.slug]
        for step in STEPS[1:]:
            for d in getattr(e, step):
                if d in window:
                    bucket(d)[0][step].add(contact.slug)
        for name in ("outreach_to_reply", "reply_to_meeting"):
            for d, days in getattr(e, name):
                if d in window:
                    bucket(d)[1][name].append(days)
    slugs = {c.slug for c in people}
    for meeting, sent, days in thanks:
        if sent in window and slugs.intersection(meeting.contacts):
            bucket(sent)[1]["meeting_to_thank_you"].append(days)
    if not reached:
        return []
    listed = {c.slug for c in people}
    first, last = min(reached), max(max(reached), _month(today))
    rows = []
    for index in range(first[0] * 12 + first[1] - 1, last[0] * 12 + last[1]):
        year, month0 = divmod(index, 12)
        got = reached.get((year, month0 + 1)) or {step: set() for step in STEPS[1:]}
        wait = waits.get((year, month0 + 1)) or {name: [] for name in MEDIANS}
        rows.append(_make(f"{year:04d}-{month0 + 1:02d}", {"listed": listed, **got}, wait))
    return rows
