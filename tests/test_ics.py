"""The iCalendar feed: parsed back with `icalendar`, events as calendar apps expect them."""

from __future__ import annotations

import datetime as dt
import json

from icalendar import Calendar

from conftest import REPO, TODAY
from rolodex.interop.ics import calendar, planned_meetings
from rolodex.kb.loader import load
from rolodex.rules.followups import compute

FILES = {
    "contacts/alice-chen.md": "---\nname: Alice Chen\ntitle: Data Science Lead\ncompany: Initech\n---\n",
    "contacts/bob-stone.md": "---\nname: Bob Stone\n---\n",
    "meetings/2026-11-20-alice-chen.md": "---\ndate: 2026-11-20\nwith: alice-chen\n---\n",
    "meetings/2026-12-03-alice-chen.md": """\
        ---
        date: 2026-12-03 09:30
        with: [alice-chen, bob-stone]
        kind: coffee
        location: Blue Bottle, Market St
        questions: [How did you start?]
        ---
        ## Research
        Done.
    """,
    "meetings/2026-12-08-bob-stone.md": "---\ndate: 2026-12-08 16:00\nwith: bob-stone\nkind: video\nduration: 30\n---\n",
    "meetings/2026-12-10-bob-stone.md": "---\ndate: 2026-12-10\nwith: bob-stone\nkind: call\n---\n",
    "meetings/2026-12-11-bob-stone.md": "---\ndate: 2026-12-11 10:00\nwith: bob-stone\nstatus: cancelled\n---\n",
}


def feed(root, today=TODAY, **kwargs) -> tuple[Calendar, list]:
    kb, _ = load(root, cache=False)
    items = compute(kb, today)
    return Calendar.from_ical(calendar(kb, items, today, **kwargs)), items


def events(cal: Calendar) -> dict:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendar_header(kb_path):
    cal, _ = feed(kb_path(FILES))
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]).startswith("-//Rolodex//rolodex ")
    assert str(cal["X-WR-CALNAME"]) == "Rolodex"


def test_items_are_all_day_events_on_their_due_date(kb_path):
    cal, items = feed(kb_path(FILES))
    found = events(cal)
    for item in items:
        event = found[f"{item.id}@rolodex"]
        assert event.decoded("DTSTART") == item.due and not isinstance(event.decoded("DTSTART"), dt.datetime)
        assert event.decoded("DTEND") == item.due + dt.timedelta(days=1)
        assert str(event["SUMMARY"]) == item.title
        assert f"rolodex draft {item.id}" in str(event["DESCRIPTION"])
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
        assert str(event["TRANSP"]) == "TRANSPARENT"
    assert "thank-you:2026-11-20-alice-chen:alice-chen@rolodex" in found


def test_planned_meetings_are_timed_events_with_duration(kb_path):
    found = events(feed(kb_path(FILES))[0])
    coffee = found["meeting:2026-12-03-alice-chen@rolodex"]
    assert coffee.decoded("DTSTART") == dt.datetime(2026, 12, 3, 9, 30)  # floating local time
    assert coffee.decoded("DTEND") == dt.datetime(2026, 12, 3, 9, 45)  # meeting_minutes: 15
    assert str(coffee["SUMMARY"]) == "Coffee with Alice Chen and Bob Stone"
    assert str(coffee["LOCATION"]) == "Blue Bottle, Market St"
    assert str(coffee["DESCRIPTION"]) == (
        "With:\n- Alice Chen (Data Science Lead, Initech)\n- Bob Stone\n\n"
        "Questions:\n- How did you start?\n\nFile: meetings/2026-12-03-alice-chen.md"
    )
    video = found["meeting:2026-12-08-bob-stone@rolodex"]
    assert video.decoded("DTEND") - video.decoded("DTSTART") == dt.timedelta(minutes=30)
    assert str(video["SUMMARY"]) == "Video call with Bob Stone"
    call = found["meeting:2026-12-10-bob-stone@rolodex"]  # no time: all day
    assert call.decoded("DTSTART") == dt.date(2026, 12, 10) and call.decoded("DTEND") == dt.date(2026, 12, 11)
    assert "meeting:2026-12-11-bob-stone@rolodex" not in found  # cancelled
    assert "meeting:2026-11-20-alice-chen@rolodex" not in found  # held


def test_meeting_minutes_from_config(kb_path):
    config = "site_name: T\nplugins:\n  - rolodex:\n      meeting_minutes: 45\n"
    found = events(feed(kb_path(FILES, config=config))[0])
    coffee = found["meeting:2026-12-03-alice-chen@rolodex"]
    assert coffee.decoded("DTEND") == dt.datetime(2026, 12, 3, 10, 15)


def test_the_same_kb_and_day_give_the_same_bytes(kb_path):
    root = kb_path(FILES)
    kb, _ = load(root, cache=False)
    first = calendar(kb, compute(kb, TODAY), TODAY)
    assert calendar(kb, compute(kb, TODAY), TODAY) == first
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and first.endswith(b"END:VCALENDAR\r\n")


def test_uids_are_stable_and_unique_on_the_sample_kb():
    kb, _ = load(REPO, cache=False)
    cal = Calendar.from_ical(calendar(kb, compute(kb, TODAY), TODAY))
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == len(compute(kb, TODAY)) + len(planned_meetings(kb, TODAY))
    tomorrow = Calendar.from_ical(calendar(kb, compute(kb, TODAY + dt.timedelta(days=1)), TODAY + dt.timedelta(days=1)))
    assert {str(e["UID"]) for e in tomorrow.walk("VEVENT")} & set(uids)


def test_meetings_can_be_narrowed(kb_path):
    kb, _ = load(kb_path(FILES), cache=False)
    only = [m for m in planned_meetings(kb, TODAY) if "alice-chen" in m.contacts]
    cal = Calendar.from_ical(calendar(kb, [], TODAY, only, name="Alice"))
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == ["meeting:2026-12-03-alice-chen@rolodex"]
    assert str(cal["X-WR-CALNAME"]) == "Alice"


def test_an_empty_calendar_is_still_valid(kb_path):
    kb, _ = load(kb_path({}), cache=False)
    cal = Calendar.from_ical(calendar(kb, [], TODAY))
    assert cal.walk("VEVENT") == [] and str(cal["VERSION"]) == "2.0"


def test_text_holds_no_control_characters_and_adds_no_property(kb_path):
    """A name, place or question with escapes, NULs or a CR LF + `BEGIN:VEVENT` stays text in one
    property: RFC 5545 allows no control characters in TEXT."""
    evil = "Nina\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected\x1b]0;x\x07\x00\x9b"
    root = kb_path(
        {
            "contacts/nina.md": f"---\nname: {json.dumps(evil)}\n---\n",
            "meetings/2026-11-30-nina.md": f"---\ndate: 2026-11-30 10:00\nwith: nina\nlocation: {json.dumps(evil)}\n"
            f"questions: [{json.dumps(evil)}]\n---\n",
        }
    )
    kb, _ = load(root, cache=False)
    data = calendar(kb, compute(kb, TODAY), TODAY)
    text = data.decode("utf-8")
    assert not any(ch in text for ch in "\x1b\x07\x00\x9b")
    assert all(line.endswith("\r") or not line for line in text.split("\n"))  # CR only in CRLF line ends
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2  # the meeting and its research reminder: nothing injected
    meeting = next(e for e in events if str(e["UID"]).startswith("meeting:"))
    assert str(meeting["LOCATION"]) == "Nina\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected]0;x"
