"""Issue 12's checks and views beyond the rules: near-miss referral names, options given twice,
the agenda, whose move it is (awaiting reply, to schedule) and calendar alarms."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import write_kb

JON = "---\nname: Jon Erikson\n---\n"


def meeting(front: str, body: str = "") -> str:
    return f"---\n{textwrap.dedent(front).strip()}\n---\n{textwrap.dedent(body)}"


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def make(files: dict[str, str], config: str | None = None) -> Path:
        root = write_kb(tmp_path / "kb", files, config)
        monkeypatch.chdir(root)
        return root

    return make


# --- a referral by a name that is nearly a contact's -----------------------------------------

REFERRED = {
    "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n",
    "contacts/jon-erikson.md": JON,
    "meetings/2026-11-20-ann-lee.md": meeting(
        """
        date: 2026-11-20
        with: ann-lee
        thank_you: 2026-11-21
        referrals:
          - name: Jon Eriksen
          - name: jon erikson
          - name: Priya Desai
          - name: Jon Erikson
        """
    ),
}


def test_a_near_miss_referral_name_is_a_did_you_mean_warning(kb, run):
    root = kb(REFERRED)
    result = run(root, "check")
    assert result.exit_code == 0
    assert result.output.splitlines()[:-1] == [
        "meetings/2026-11-20-ann-lee.md:6: warning: referral 'Jon Eriksen' is not the name of a contact; did you "
        "mean 'Jon Erikson' (jon-erikson)? if so, write 'contact: jon-erikson' (or the name exactly), or its "
        "reminder never closes [referral-name]",
        "meetings/2026-11-20-ann-lee.md:7: warning: referral 'jon erikson' is not the name of a contact; did you "
        "mean 'Jon Erikson' (jon-erikson)? if so, write 'contact: jon-erikson' (or the name exactly), or its "
        "reminder never closes [referral-name]",
    ]


def test_done_on_a_near_miss_referral_points_at_the_contact(kb, run):
    root = kb(REFERRED)
    before = (root / "meetings/2026-11-20-ann-lee.md").read_text()
    result = run(root, "done", "referral:2026-11-20-ann-lee:jon-eriksen")
    assert result.exit_code == 1
    assert result.output == (
        "Error: Jon Eriksen is not a contact, but Jon Erikson is: if they are the same person, write "
        "'contact: jon-erikson' for this referral in meetings/2026-11-20-ann-lee.md (or correct the name), then "
        "run 'rolodex done referral:2026-11-20-ann-lee:jon-erikson'; if not, add them with "
        "'rolodex new contact \"Jon Eriksen\"'\n"
    )
    assert (root / "meetings/2026-11-20-ann-lee.md").read_text() == before
    # someone nobody resembles is still to be added
    other = run(root, "done", "referral:2026-11-20-ann-lee:priya-desai")
    assert (
        "Priya Desai is not a contact yet: add them with 'rolodex new contact \"Priya Desai\" --referred-by ann-lee'"
        in other.output
    )


# --- an option given twice ----------------------------------------------------------------------


def test_an_option_given_twice_is_a_located_error(kb, run):
    config = textwrap.dedent(
        """\
        site_name: Test
        plugins:
          - search
          - rolodex:
              nudge_days: 5
              cadence_days: 60
              nudge_days: 10
              me:
                name: Sam
                name: Sam Rivera
        """
    )
    root = kb({}, config)
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 1
    assert [(p["line"], p["code"], p["message"]) for p in json.loads(result.output)] == [
        (
            7,
            "config",
            "rolodex option 'nudge_days' is given twice (first on line 5); keep one: MkDocs would silently use the last",
        ),
        (
            10,
            "config",
            "rolodex option 'me.name' is given twice (first on line 9); keep one: MkDocs would silently use the last",
        ),
    ]


# --- agenda -------------------------------------------------------------------------------------

AGENDA = {
    "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n",
    "contacts/bob-roe.md": "---\nname: Bob Roe\n---\n",
    "meetings/2026-11-26-ann-lee.md": meeting(
        "date: 2026-11-26 16:00\nwith: ann-lee\nkind: coffee\nlocation: Cafe Luna", "## Research\nHer talk.\n"
    ),
    "meetings/2026-11-28-bob-roe.md": meeting("date: 2026-11-28\nwith: [bob-roe, ann-lee]\nkind: call\nduration: 20"),
    "meetings/2026-11-29-bob-roe.md": meeting("date: 2026-11-29 10:00\nwith: bob-roe\nstatus: cancelled"),
    "meetings/2026-11-30-bob-roe.md": meeting("date: 2026-11-30 10:00\nwith: bob-roe\nstatus: canceled"),
    "meetings/2026-11-20-ann-lee.md": meeting("date: 2026-11-20\nwith: ann-lee"),
    "meetings/2026-12-20-ann-lee.md": meeting("date: 2026-12-20 09:30\nwith: ann-lee"),
}


def test_agenda_lists_the_coming_meetings_with_time_place_people_and_research(kb, run):
    root = kb(AGENDA)
    result = run(root, "agenda", "--days", "7")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Thu 2026-11-26 (today)",
        "  16:00    Coffee with Ann Lee · 15 min · Cafe Luna · research done  2026-11-26-ann-lee",
        "Sat 2026-11-28 (in 2 days)",
        "  all day  Call with Bob Roe and Ann Lee · 20 min · research to do  2026-11-28-bob-roe",
    ]
    rows = json.loads(run(root, "agenda", "--days", "30", "--format", "json").output)
    assert [(r["meeting"], r["time"], r["research"]) for r in rows] == [
        ("2026-11-26-ann-lee", "16:00", True),
        ("2026-11-28-bob-roe", None, False),
        ("2026-12-20-ann-lee", "09:30", False),
    ]
    assert rows[1]["names"] == ["Bob Roe", "Ann Lee"] and rows[0]["location"] == "Cafe Luna"


def test_agenda_with_nothing_ahead_says_what_comes_next(kb, run):
    root = kb(AGENDA)
    result = run(root, "agenda", "--days", "2", "--today", "2026-12-01")
    assert (
        result.output == "No meetings in the next 2 days. Next: Informational interview with Ann Lee on 2026-12-20.\n"
    )


def test_show_gives_meeting_times(kb, run):
    root = kb(AGENDA)
    result = run(root, "show", "ann-lee")
    assert "  2026-11-26  meeting    coffee meeting 16:00 at Cafe Luna  [2026-11-26-ann-lee]" in result.output


# --- whose move it is ----------------------------------------------------------------------------

MOVES = {
    "contacts/ann-lee.md": "---\nname: Ann Lee\ntouches:\n  - {date: 2026-11-10, kind: outreach}\n---\n",
    "contacts/bob-roe.md": "---\nname: Bob Roe\ntouches:\n  - {date: 2026-11-10, kind: outreach}\n  - {date: 2026-11-12, kind: reply}\n---\n",
    "contacts/cy-park.md": "---\nname: Cy Park\ntouches:\n  - {date: 2026-11-12, kind: reply}\n  - {date: 2026-11-12, kind: outreach}\n---\n",
    "contacts/di-wu.md": "---\nname: Di Wu\ntouches:\n  - {date: 2026-11-12, kind: message}\n---\n",
}


def test_list_and_show_say_awaiting_reply_and_to_schedule(kb, run):
    root = kb(MOVES)
    rows = json.loads(run(root, "list", "--format", "json").output)
    assert [(r["slug"], r["stage"], r["step"]) for r in rows] == [
        ("ann-lee", "contacted", "awaiting-reply"),
        ("bob-roe", "contacted", "to-schedule"),
        ("cy-park", "contacted", None),  # a same-day reply answers an outreach (as for nudges)
        ("di-wu", "contacted", None),
    ]
    text = run(root, "list").output
    assert "awaiting reply" in text.splitlines()[1] and "to schedule" in text.splitlines()[2]
    narrowed = json.loads(run(root, "list", "--stage", "to-schedule", "--format", "json").output)
    assert [r["slug"] for r in narrowed] == ["bob-roe"]
    assert len(json.loads(run(root, "list", "--stage", "contacted", "--format", "json").output)) == 4
    assert run(root, "show", "bob-roe").output.splitlines()[0] == "Bob Roe  (bob-roe, to schedule)"


# --- calendar alarms -------------------------------------------------------------------------------

CAL = {
    "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n",
    "contacts/bob-roe.md": "---\nname: Bob Roe\ntouches:\n  - {date: 2026-11-20, kind: reply}\n---\n",
    "meetings/2026-12-03-ann-lee.md": meeting("date: 2026-12-03 09:30\nwith: ann-lee\n", "## Research\nx\n"),
    "meetings/2026-12-04-ann-lee.md": meeting("date: 2026-12-04\nwith: ann-lee\n", "## Research\nx\n"),
}


def alarms(ics: bytes) -> dict[str, list[tuple[str, dt.timedelta]]]:
    """Each event's UID → its alarms as (action, trigger)."""
    out = {}
    for event in Calendar.from_ical(ics).walk("VEVENT"):
        out[str(event["uid"])] = [(str(a["action"]), a["trigger"].dt) for a in event.walk("VALARM")]
    return out


def test_calendar_events_carry_alarms_an_hour_before_meetings_and_at_nine_for_items(kb, run):
    root = kb(CAL)
    for argv in (["due", "--format", "ics"], ["export", "ics"]):
        got = alarms(run(root, *argv).stdout_bytes)
        assert got["meeting:2026-12-03-ann-lee@rolodex"] == [("DISPLAY", -dt.timedelta(hours=1))]
        assert got["meeting:2026-12-04-ann-lee@rolodex"] == [("DISPLAY", dt.timedelta(hours=9))]  # all day
        assert got["schedule:bob-roe@rolodex"] == [("DISPLAY", dt.timedelta(hours=9))]


@pytest.mark.parametrize(
    "option, meeting, item",
    [
        ("alarms: false", [], []),
        (
            "alarms: {meetings: 15, items: '07:30'}",
            [("DISPLAY", -dt.timedelta(minutes=15))],
            [("DISPLAY", dt.timedelta(hours=7, minutes=30))],
        ),
        ("alarms: {items: false}", [("DISPLAY", -dt.timedelta(hours=1))], []),
    ],
)
def test_alarms_are_configurable_or_off(kb, run, option, meeting, item):
    root = kb(CAL, f"site_name: T\nplugins:\n  - rolodex:\n      {option}\n")
    got = alarms(run(root, "due", "--format", "ics").stdout_bytes)
    assert got["meeting:2026-12-03-ann-lee@rolodex"] == meeting and got["schedule:bob-roe@rolodex"] == item


def test_a_bad_alarm_option_is_a_located_error(kb, run):
    root = kb({}, "site_name: T\nplugins:\n  - rolodex:\n      alarms: {items: 9am}\n")
    result = run(root, "check")
    assert result.exit_code == 1
    assert (
        "mkdocs.yml:4: error: rolodex option 'alarms.items': expected a time of day such as \"09:00\", or false, found '9am' [config]"
        in result.output
    )


def test_the_site_says_whose_move_it_is():
    from conftest import REPO, TODAY
    from rolodex.kb.configfile import read_config
    from rolodex.site.builder import prepare
    from rolodex.site.pages import generate

    pages = generate(prepare(REPO, read_config(REPO).settings, TODAY, cache=False).inp)
    assert (
        '<span class="rolodex-badge rolodex-badge--stage-contacted">to schedule</span>'
        in pages["contacts/rachel-stein.md"]
    )
    assert (
        '<span class="rolodex-badge rolodex-badge--stage-contacted">awaiting reply</span>'
        in pages["contacts/grace-liu.md"]
    )
    table = pages["contacts/index.md"]
    assert 'data-stage="contacted">to schedule<' in table and 'data-stage="contacted">awaiting reply<' in table
