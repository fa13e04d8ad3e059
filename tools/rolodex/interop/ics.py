"""An iCalendar feed of follow-ups and planned meetings (pure: values in, bytes out).

`calendar(kb, items, today)` is shared by `rolodex due --format ics`, the site's
calendar.ics page and exports. Every event has a stable UID (`<item id>@rolodex`,
`meeting:<slug>@rolodex`), so a calendar app that subscribes to the feed updates
events in place instead of duplicating them; DTSTAMP is the given `today` at
midnight UTC, so the same KB on the same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from icalendar import Alarm, Calendar, Event

from rolodex import __version__
from rolodex.core.model import KB, Meeting, Ref
from rolodex.core.titles import MEETING_LABELS
from rolodex.rules.followups import Due, add_days

PRODID = f"-//Rolodex//rolodex {__version__}//EN"


def planned_meetings(kb: KB, today: dt.date) -> list[Meeting]:
    """The planned meetings (by status, written or by date), soonest first."""
    planned = (m for m in kb.meetings.values() if m.status(today) == "planned")
    return sorted(planned, key=lambda m: (m.date, m.time or dt.time(0), m.slug))


def calendar(
    kb: KB, items: Iterable[Due], today: dt.date, meetings: Iterable[Meeting] | None = None, name: str = "Rolodex"
) -> bytes:
    """The iCalendar bytes: one all-day event per item, one event per planned meeting.

    `meetings` defaults to every planned meeting; pass a filtered list (one contact,
    public contacts only) to narrow it. A meeting with a time is a timed event lasting
    its `duration` (else `meeting_minutes`), in floating local time (the KB has no time
    zone); without a time it is an all-day event.
    """
    stamp = dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _text(name))
    alarms = kb.settings.alarms
    at_nine = _clock(alarms.items)
    # Each event is written on its own (the same bytes as within the calendar: lines fold one
    # by one) and remembered: `rolodex serve` writes the calendar again after every edit, and
    # an edit changes an event or two of thousands.
    events = [_item_ical(item, stamp, at_nine) for item in items]
    for meeting in planned_meetings(kb, today) if meetings is None else meetings:
        people = tuple(_person(kb, r) for r in meeting.with_)
        events.append(_meeting_ical(meeting, people, kb.settings.meeting_minutes, alarms.meetings, at_nine, stamp))
    head = cal.to_ical()
    return head[: -len(_END)] + b"".join(events) + _END


_END = b"END:VCALENDAR\r\n"
_EVENTS = 20_000  # events remembered: a large KB's items and planned meetings, twice over


@functools.lru_cache(maxsize=_EVENTS)
def _item_ical(item: Due, stamp: dt.datetime, at_nine: dt.timedelta | None) -> bytes:
    event = _item_event(item, stamp)
    if at_nine is not None:  # an all-day event starts at midnight: the alarm that long after
        event.add_component(_alarm(at_nine, item.title))
    return event.to_ical()


# (name, title, company) of one person met: what an event says of them.
Person = tuple[str, "str | None", "str | None"]


def _person(kb: KB, ref: Ref) -> Person:
    contact = kb.contacts.get(ref.slug) if ref.slug else None
    return (contact.name, contact.title, contact.company) if contact else (ref.target, None, None)


@functools.lru_cache(maxsize=_EVENTS)
def _meeting_ical(
    meeting: Meeting,
    people: tuple[Person, ...],
    minutes: int,
    alarm: int | None,
    at_nine: dt.timedelta | None,
    stamp: dt.datetime,
) -> bytes:
    event = _meeting_event(meeting, people, minutes, stamp)
    if meeting.time is not None and alarm is not None:
        event.add_component(_alarm(-dt.timedelta(minutes=alarm), str(event["summary"])))
    elif meeting.time is None and at_nine is not None:
        event.add_component(_alarm(at_nine, str(event["summary"])))
    return event.to_ical()


def _clock(text: str | None) -> dt.timedelta | None:
    """ "09:00" as the time after midnight it is, or None (no alarm)."""
    if text is None:
        return None
    hours, minutes = text.split(":")
    return dt.timedelta(hours=int(hours), minutes=int(minutes))


def _alarm(trigger: dt.timedelta, text: str) -> Alarm:
    """A display alarm `trigger` from the event's start (RFC 5545 §3.6.6)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _text(text))
    alarm.add("trigger", trigger)
    return alarm


def _item_event(item: Due, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{item.id}@rolodex")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due)
    event.add("dtend", add_days(item.due, 1))
    event.add("summary", _text(item.title))
    event.add("description", _text(_item_description(item)))
    event.add("categories", [item.kind])
    event.add("transp", "TRANSPARENT")  # a reminder, not busy time
    return event


def _item_description(item: Due) -> str:
    lines = [item.title, ""]
    if item.kind == "prep":
        lines.append(f"Write your preparation under '## Research' in the meeting file ({item.meeting}).")
        lines.append(f"Checklist: rolodex draft {item.id}")
    else:
        lines.append(f"Draft a message: rolodex draft {item.id}")
        if item.contact is not None:
            lines.append(f"When done: rolodex done {item.id}")
    lines.append(f"Item: {item.id}")
    return "\n".join(lines)


def _meeting_event(meeting: Meeting, people: tuple[Person, ...], minutes: int, stamp: dt.datetime) -> Event:
    names = [name for name, _, _ in people]
    event = Event()
    event.add("uid", f"meeting:{meeting.slug}@rolodex")
    event.add("dtstamp", stamp)
    if meeting.time is not None:
        start = dt.datetime.combine(meeting.date, meeting.time)
        event.add("dtstart", start)
        event.add("dtend", add_days(start, 0, meeting.duration or minutes))
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", add_days(meeting.date, 1))
    label = MEETING_LABELS.get(meeting.kind, "Meeting")
    event.add("summary", _text(f"{label} with {_and(names)}" if names else label))
    if meeting.location:
        event.add("location", _text(meeting.location))
    lines = ["With:"]
    for name, title, company in people:
        role = ", ".join(x for x in (title, company) if x)
        lines.append(f"- {name}" + (f" ({role})" if role else ""))
    if meeting.questions:
        lines += ["", "Questions:"] + [f"- {q}" for q in meeting.questions]
    lines += ["", f"File: {meeting.path}"]
    event.add("description", _text("\n".join(lines)))
    event.add("categories", ["meeting", meeting.kind])
    event.add("status", "CONFIRMED")
    return event


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    """A TEXT value as RFC 5545 allows it: no control characters but tab and line feed
    (which the library writes as `\\n`); a carriage return is part of a line break."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
