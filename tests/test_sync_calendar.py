"""`rolodex sync calendar` over .ics files as Google Calendar and Outlook write them: new
meetings, moves, cancellations, a hand-written meeting adopted, and nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import FIXTURES
from rolodex.capture import calplan
from rolodex.core.parse import parse_file
from test_sync_mail import CONFIG, digest, new_york  # noqa: F401  (a fixture)

CAL = FIXTURES / "calendar"
CONTACTS = {
    "contacts/jane-doe.md": "---\nname: Jane Doe\nemail: jane.doe@acme.example\n---\n",
    "contacts/omar-haddad.md": "---\nname: Omar Haddad\nemail: omar@haddad.example\n---\n",
    "contacts/zoe-obrien.md": "---\nname: Zoë O'Brien\nemail: zoe@obrien.example\n---\n",
    "contacts/li-wei.md": "---\nname: Li Wei\nemail: li.wei@corp.example\n---\n",
    # written by hand before the invitation came: the event adopts it instead of making a twin
    "meetings/2026-12-10-li-wei.md": "---\ndate: 2026-12-10\nwith: li-wei\nkind: video  # Teams\n---\n## Research\n\nHer panel.\n",
}
OUTLOOK_UID = (
    "040000008200E00074C5B7101A82E00800000000D0A1B2C3D4E5D901000000000000000010000000AABBCCDDEEFF00112233445566778899"
)


@pytest.fixture
def kb(kb_path, new_york, monkeypatch):  # noqa: F811
    root = kb_path(CONTACTS, CONFIG)
    monkeypatch.chdir(root)
    return root


def meeting(root, name: str):
    record, problems = parse_file("meeting", f"meetings/{name}.md", name, (root / f"meetings/{name}.md").read_bytes())
    assert not problems
    return record


def test_events_with_contacts_become_meetings(kb, run):
    result = run(kb, "sync", "calendar", str(CAL / "google"), str(CAL / "outlook"))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "meetings/2026-12-03-jane-doe.md: created (jane-doe, uid 4kq2v7d9l1m3n5p7r9t1v3x5z7@google.com)\n"
        "meetings/2026-11-20-omar-haddad.md: created (omar-haddad, zoe-obrien, uid press-day-2026@google.com)\n"
        "meetings/2026-12-08-li-wei.md: created (li-wei, uid panel-prep@google.com)\n"
        f"meetings/2026-12-10-li-wei.md:5: uid: {OUTLOOK_UID}; date: 2026-12-10 12:00; location: Microsoft Teams Meeting\n"
        "7 events read: 3 created, 1 updated\n"
        "left out: 1 recurring, 1 no contact among the attendees, 1 cancelled before it was recorded\n"
    )
    # 15:00 UTC is 10:00 in New York; the organiser (me) is not a contact
    assert (kb / "meetings/2026-12-03-jane-doe.md").read_text() == (
        '---\ndate: 2026-12-03 10:00\nwith: jane-doe\nlocation: "Blue Bottle, 5th Ave"\nduration: 30\n'
        'uid: "4kq2v7d9l1m3n5p7r9t1v3x5z7@google.com"\n---\n## Research\n\n## Questions\n\n## Notes\n'
    )
    press = meeting(kb, "2026-11-20-omar-haddad")  # all day: a date without a time or duration
    assert (press.date, press.time, press.duration, tuple(r.target for r in press.with_)) == (
        dt.date(2026, 11, 20),
        None,
        None,
        ("omar-haddad", "zoe-obrien"),
    )
    assert [r.target for r in meeting(kb, "2026-12-08-li-wei").with_] == ["li-wei"]  # Jane declined
    # Outlook: Windows zone names with their VTIMEZONE; 09:00 Pacific is 12:00 in New York
    adopted = (kb / "meetings/2026-12-10-li-wei.md").read_text()
    assert adopted == (
        "---\ndate: 2026-12-10 12:00\nwith: li-wei\nkind: video  # Teams\nlocation: Microsoft Teams Meeting\n"
        f'uid: "{OUTLOOK_UID}"\n---\n## Research\n\nHer panel.\n'
    )
    assert "Private notes" not in "".join(p.read_text() for p in (kb / "meetings").iterdir())
    assert run(kb, "check").exit_code == 0


def test_a_later_sync_moves_and_cancels_and_a_third_changes_nothing(kb, run):
    assert run(kb, "sync", "calendar", str(CAL / "google"), str(CAL / "outlook")).exit_code == 0
    result = run(kb, "sync", "calendar", str(CAL / "later"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        "meetings/2026-12-10-li-wei.md:6: status: cancelled",
        "meetings/2026-12-03-jane-doe.md:2: date: 2026-12-04 11:00; location: Café Grumpy; "
        "renamed to meetings/2026-12-04-jane-doe.md",
        "7 events read: 1 cancelled, 1 updated",
    ]
    assert not (kb / "meetings/2026-12-03-jane-doe.md").exists()
    moved = meeting(kb, "2026-12-04-jane-doe")
    assert (moved.date, moved.time, moved.location) == (dt.date(2026, 12, 4), dt.time(11, 0), "Café Grumpy")
    assert meeting(kb, "2026-12-10-li-wei").status_set == "cancelled"
    before = digest(kb)
    again = run(kb, "sync", "calendar", str(CAL / "later"))
    assert again.exit_code == 0
    assert digest(kb) == before
    assert again.stdout.startswith("7 events read: nothing to change\n")
    assert run(kb, "check").exit_code == 0


def test_a_meeting_you_recorded_as_held_is_left_alone(kb_path, run, new_york, monkeypatch):  # noqa: F811
    root = kb_path(
        {
            **CONTACTS,
            "meetings/2026-12-03-jane-doe.md": (
                "---\ndate: 2026-12-03 10:00\nwith: jane-doe\nstatus: held\n"
                "uid: 4kq2v7d9l1m3n5p7r9t1v3x5z7@google.com\n---\n"
            ),
        },
        CONFIG,
    )
    monkeypatch.chdir(root)
    held = root / "meetings/2026-12-03-jane-doe.md"
    before = held.read_bytes()
    result = run(root, "sync", "calendar", str(CAL / "later"))
    assert result.exit_code == 0
    assert held.read_bytes() == before
    assert (
        "meetings/2026-12-03-jane-doe.md: warning: says status: held; the calendar now says "
        "date: 2026-12-04 11:00, location: Café Grumpy; left as it is"
    ) in result.output


def test_dry_run_prints_new_files_and_writes_nothing(kb, run):
    before = digest(kb)
    result = run(kb, "sync", "calendar", str(CAL / "google"), "--dry-run")
    assert result.exit_code == 0
    assert digest(kb) == before
    assert "--- /dev/null\n+++ b/meetings/2026-12-03-jane-doe.md\n" in result.stdout
    assert "+date: 2026-12-03 10:00\n" in result.stdout
    assert result.stdout.endswith(
        "6 events read: 3 would be created; dry run, nothing written\n"
        "left out: 1 recurring, 1 no contact among the attendees, 1 cancelled before it was recorded\n"
    )


def test_unreadable_calendars_are_reported():
    found, problems = calplan.events(b"garbage", "bad.ics")
    assert found == [] and problems[0][0] == "bad.ics" and problems[0][1].startswith("not an iCalendar file (")
    broken = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:2026XX\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    found, problems = calplan.events(broken, "x.ics")
    assert found == [] and problems[0][1].startswith("event a left out: ")
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20261203T150000Z\r\n"
        "ATTENDEE:mailto:a@b\r\nSUMMARY:no uid\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    found, problems = calplan.events(text.encode(), "x.ics")
    assert found == [] and problems == [
        ("x.ics", "an event without a UID is left out (it could not be recognised next time)")
    ]


def test_two_events_on_one_day_get_two_files(kb, run, tmp_path):
    event = (
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:20261203T{hour}0000Z\r\nDTSTAMP:20261126T120000Z\r\n"
        "ATTENDEE:mailto:jane.doe@acme.example\r\nEND:VEVENT\r\n"
    )
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    text += event.format(uid="a@x", hour="15") + event.format(uid="b@x", hour="18") + "END:VCALENDAR\r\n"
    (tmp_path / "two.ics").write_text(text)
    dry = run(kb, "sync", "calendar", str(tmp_path / "two.ics"), "--dry-run")
    assert "+++ b/meetings/2026-12-03-jane-doe.md\n" in dry.stdout
    assert "+++ b/meetings/2026-12-03-jane-doe-2.md\n" in dry.stdout
    result = run(kb, "sync", "calendar", str(tmp_path / "two.ics"))
    assert result.stdout.splitlines()[:2] == [
        "meetings/2026-12-03-jane-doe.md: created (jane-doe, uid a@x)",
        "meetings/2026-12-03-jane-doe-2.md: created (jane-doe, uid b@x)",
    ]
    assert meeting(kb, "2026-12-03-jane-doe-2").time == dt.time(13, 0)
