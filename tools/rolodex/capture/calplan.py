"""Calendar events become meetings (pure: iCalendar bytes and a KB in, a plan out).

`events(data, where)` reads the events of an iCalendar text; `plan(kb, events, today)`
decides, for each event with at least one attendee (or organiser) who is a contact:

- no meeting has its UID yet: a new meeting file (date, time, duration, location, `with`,
  `uid`), unless the event is cancelled; a meeting you wrote by hand for the same day
  and person, without a `uid`, is that event: it gets the `uid` instead of a twin;
- a meeting has its UID: its date, time and location follow the event, and a cancelled
  event writes `status: cancelled`. A meeting whose file says `status: held` is yours:
  it is left alone, and a difference is reported.

Recurring events (RRULE, RDATE or one changed occurrence of a series) and events with no
contact are left out, and counted. Only the fields above are read: no description,
no attachment, no other attendee's details.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from icalendar import Calendar

from rolodex.capture.headers import clean
from rolodex.capture.mailplan import my_addresses
from rolodex.core.identity import email_key
from rolodex.core.model import KB, Meeting

LOCATION_MAX = 200
MAX_MINUTES = 10_080  # as the format caps `duration`: a week


@dataclass(frozen=True)
class CalEvent:
    """What sync keeps of a calendar event. `start` is local time (naive) or a date (all day)."""

    uid: str
    start: dt.datetime | dt.date
    minutes: int | None
    location: str | None
    attendees: tuple[str, ...]  # address keys: organiser first, then attendees who did not decline
    cancelled: bool
    recurring: bool
    sequence: int
    where: str

    @property
    def day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def time(self) -> dt.time | None:
        return self.start.time().replace(second=0, microsecond=0) if isinstance(self.start, dt.datetime) else None


def events(data: bytes | str, where: str, tz: dt.tzinfo | None = None) -> tuple[list[CalEvent], list[tuple[str, str]]]:
    """The events of an iCalendar text, and (where, why) for each one that cannot be read.

    Times with a zone (or UTC) become local time in `tz` (None: this computer's zone, with
    its daylight saving time); floating times stay as written.
    """
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as exc:
        return [], [(where, f"not an iCalendar file ({' '.join(str(exc).split())[:200]})")]
    out: list[CalEvent] = []
    problems: list[tuple[str, str]] = []
    for calendar in calendars:
        method_cancel = str(calendar.get("METHOD", "")).upper() == "CANCEL"
        for component in calendar.walk("VEVENT"):
            try:
                event = _event(component, where, tz, method_cancel)
            except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:
                uid = clean(str(component.get("UID", "")))[:100]
                problems.append((where, f"event {uid or '(no UID)'} left out: {' '.join(str(exc).split())[:200]}"))
                continue
            if isinstance(event, str):
                problems.append((where, event))
            else:
                out.append(event)
    return out, problems


def _event(component, where: str, tz: dt.tzinfo | None, method_cancel: bool) -> CalEvent | str:
    uid = clean(str(component.get("UID", "")))
    if not uid:
        return "an event without a UID is left out (it could not be recognised next time)"
    if len(uid) > 500:
        return "an event with a UID longer than 500 characters is left out"
    start_prop = component.get("DTSTART")
    if start_prop is None:
        return f"event {uid} has no start (DTSTART); left out"
    start = _local(start_prop.dt, tz)
    minutes = None
    if isinstance(start, dt.datetime):
        end_prop = component.get("DTEND")
        if end_prop is not None:
            length = _local(end_prop.dt, tz) - start if isinstance(end_prop.dt, dt.datetime) else None
        elif component.get("DURATION") is not None:
            length = component.get("DURATION").dt
        else:
            length = None
        if isinstance(length, dt.timedelta) and 0 < length.total_seconds() <= MAX_MINUTES * 60:
            minutes = round(length.total_seconds() / 60)
    location = clean(str(component.get("LOCATION", "")))[:LOCATION_MAX] or None
    people: list[str] = []
    organizer = component.get("ORGANIZER")
    if organizer is not None:
        people.append(_address(organizer))
    attendees = component.get("ATTENDEE", [])
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        if str(attendee.params.get("PARTSTAT", "")).upper() != "DECLINED":
            people.append(_address(attendee))
    recurring = any(component.get(k) is not None for k in ("RRULE", "RDATE", "RECURRENCE-ID"))
    status = str(component.get("STATUS", "")).upper()
    try:
        sequence = int(component.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        sequence = 0
    return CalEvent(
        uid,
        start,
        minutes,
        location,
        tuple(dict.fromkeys(p for p in people if p)),
        status == "CANCELLED" or method_cancel,
        recurring,
        sequence,
        where,
    )


def _local(value: dt.datetime | dt.date, tz: dt.tzinfo | None) -> dt.datetime | dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz).replace(tzinfo=None)
        return value.replace(second=0, microsecond=0)
    return value


def _address(value: object) -> str:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return email_key(clean(text)) if "@" in text else ""


# --- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewMeeting:
    event: CalEvent
    contacts: tuple[str, ...]  # slugs, in the event's order


@dataclass(frozen=True)
class MeetingChange:
    """Keys to set on an existing meeting: (key, value) in the order to write them."""

    meeting: Meeting
    event: CalEvent
    sets: tuple[tuple[str, object], ...]


@dataclass
class CalendarPlan:
    creates: list[NewMeeting] = field(default_factory=list)
    changes: list[MeetingChange] = field(default_factory=list)
    events: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, why)


SKIP_REASONS = {
    "recurring": "recurring",
    "no-contact": "no contact among the attendees",
    "cancelled": "cancelled before it was recorded",
    "unchanged": "already up to date",
    "held": "recorded as held (left alone)",
}


def when_value(event: CalEvent) -> tuple[object, str]:
    """A meeting's `date` for an event: (the value rolodex reads, the text written)."""
    if event.time is None:
        return event.day, event.day.isoformat()
    text = f"{event.day.isoformat()} {event.time.strftime('%H:%M')}"
    return text, text


def plan(kb: KB, found: list[CalEvent], today: dt.date) -> CalendarPlan:
    """What to create and change so that the KB's meetings follow the calendar."""
    result = CalendarPlan(events=len(found))
    me = set(my_addresses(kb.settings))
    by_address: dict[str, list[str]] = {}
    for slug, contact in sorted(kb.contacts.items()):
        for address in contact.emails:
            key = email_key(address)
            if key not in me:
                by_address.setdefault(key, []).append(slug)
    by_uid = {m.uid: m for m in sorted(kb.meetings.values(), key=lambda m: m.slug) if m.uid}
    latest: dict[str, CalEvent] = {}  # one event per UID: the highest SEQUENCE, then the last read
    for event in found:
        if event.uid not in latest or event.sequence >= latest[event.uid].sequence:
            latest[event.uid] = event
    adopted: set[str] = set()
    for event in latest.values():
        if event.recurring:
            result.skipped["recurring"] += 1
            continue
        contacts = tuple(dict.fromkeys(s for a in event.attendees if a not in me for s in by_address.get(a, ())))
        if not contacts:
            result.skipped["no-contact"] += 1
            continue
        meeting = by_uid.get(event.uid) or _hand_written(kb, event, contacts, adopted)
        if meeting is None:
            if event.cancelled:
                result.skipped["cancelled"] += 1
            else:
                result.creates.append(NewMeeting(event, contacts))
            continue
        sets = _differences(meeting, event)
        if not sets:
            result.skipped["unchanged"] += 1
        elif meeting.status_set == "held":
            result.skipped["held"] += 1
            shown = ", ".join(f"{k}: {v}" for k, v in sets if k != "uid")
            result.problems.append((meeting.path, f"says status: held; the calendar now says {shown}; left as it is"))
        else:
            result.changes.append(MeetingChange(meeting, event, sets))
    return result


def _hand_written(kb: KB, event: CalEvent, contacts: tuple[str, ...], adopted: set[str]) -> Meeting | None:
    """A meeting without a UID on the event's day with its first contact: the same meeting."""
    for meeting in kb.meetings_with(contacts[0]):
        if meeting.uid is None and meeting.date == event.day and meeting.slug not in adopted:
            adopted.add(meeting.slug)
            return meeting
    return None


def _differences(meeting: Meeting, event: CalEvent) -> tuple[tuple[str, object], ...]:
    sets: list[tuple[str, object]] = []
    if meeting.uid != event.uid:
        sets.append(("uid", event.uid))
    if event.cancelled:
        if meeting.status_set != "cancelled":
            sets.append(("status", "cancelled"))
        return tuple(sets)
    if meeting.date != event.day or meeting.time != event.time:
        sets.append(("date", when_value(event)[0]))
    if event.location and meeting.location != event.location:
        sets.append(("location", event.location))
    return tuple(sets)
