"""`rolodex due`, `rolodex draft` and the status columns of `list`/`show`: exact output and exit codes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from icalendar import Calendar

from conftest import REPO, TODAY
from rolodex.kb.loader import load
from rolodex.rules.followups import compute
from rolodex.rules.status import HEALTHS, contact_status, status_index

FILES = {
    "contacts/alice-chen.md": """\
        ---
        name: Alice Chen
        company: Initech
        ---
    """,
    "contacts/bob-stone.md": """\
        ---
        name: Bob Stone
        touches:
          - {date: 2026-11-19, kind: outreach}
        ---
    """,
    "contacts/carol-diaz.md": """\
        ---
        name: Carol Diaz
        ---
    """,
    "meetings/2026-11-20-alice-chen.md": """\
        ---
        date: 2026-11-20
        with: alice-chen
        referrals:
          - name: Maria Lopez
        ---
    """,
}

WEEK = """\
Overdue (1)
  2026-11-21  thank-you  Alice Chen   Send Alice Chen a thank-you note for your meeting on 2026-11-20  thank-you:2026-11-20-alice-chen:alice-chen

Today (1)
  2026-11-26  nudge      Bob Stone    Nudge Bob Stone: no reply to your message of 2026-11-19 (nudge 1 of 2)  nudge:bob-stone

Next 7 days (2)
  2026-11-27  referral   Maria Lopez  Reach out to Maria Lopez, referred by Alice Chen (add them as a contact first)  referral:2026-11-20-alice-chen:maria-lopez
  2026-12-01  holiday    Alice Chen   Send Alice Chen holiday wishes with a brief update  holiday:2026:alice-chen

Write the message: rolodex draft ID.  When it's done: rolodex done ID.
"""


def test_due_groups_overdue_today_and_the_week(kb_path, run):
    result = run(kb_path(FILES), "due")
    assert (result.exit_code, result.stdout, result.stderr) == (0, WEEK, "")


def test_due_within_is_inclusive_and_names_its_group(kb_path, run):
    root = kb_path(FILES)
    result = run(root, "due", "--within", "1")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[6:8] == [
        "Tomorrow (1)",
        "  2026-11-27  referral   Maria Lopez  Reach out to Maria Lopez, referred by Alice Chen "
        "(add them as a contact first)  referral:2026-11-20-alice-chen:maria-lopez",
    ]
    assert "holiday" not in run(root, "due", "--within", "4").stdout
    assert "holiday:2026:alice-chen" in run(root, "due", "--within", "5").stdout


def test_due_within_zero_shows_only_overdue_and_today(kb_path, run):
    result = run(kb_path(FILES), "due", "--within", "0")
    assert [line for line in result.stdout.splitlines() if line and not line.startswith(" ")] == [
        "Overdue (1)",
        "Today (1)",
        "Write the message: rolodex draft ID.  When it's done: rolodex done ID.",
    ]


def test_due_today_option(kb_path, run):
    result = run(kb_path(FILES), "due", "--today", "2026-12-20", "--within", "0", "--format", "json")
    assert [i["id"] for i in json.loads(result.stdout)] == [
        "thank-you:2026-11-20-alice-chen:alice-chen",
        "nudge:bob-stone",
        "referral:2026-11-20-alice-chen:maria-lopez",
        "holiday:2026:alice-chen",
    ]
    bad = run(kb_path(FILES), "due", "--today", "26/11/2026")
    assert bad.exit_code == 2 and "expected a date YYYY-MM-DD" in bad.stderr


def test_due_json_is_exactly_the_contract(kb_path, run):
    result = run(kb_path(FILES), "due", "--format", "json", "--within", "0")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "kind": "thank-you",
            "due": "2026-11-21",
            "contact": "alice-chen",
            "name": "Alice Chen",
            "meeting": "2026-11-20-alice-chen",
            "title": "Send Alice Chen a thank-you note for your meeting on 2026-11-20",
            "id": "thank-you:2026-11-20-alice-chen:alice-chen",
            "until": "2026-11-21",
        },
        {
            "kind": "nudge",
            "due": "2026-11-26",
            "contact": "bob-stone",
            "name": "Bob Stone",
            "meeting": None,
            "title": "Nudge Bob Stone: no reply to your message of 2026-11-19 (nudge 1 of 2)",
            "id": "nudge:bob-stone",
            "until": "2026-11-26",
        },
    ]


def test_due_json_when_nothing_is_due(kb_path, run):
    result = run(kb_path({"contacts/carol-diaz.md": FILES["contacts/carol-diaz.md"]}), "due", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_due_filters_by_kind_repeatable(kb_path, run):
    result = run(kb_path(FILES), "due", "--kind", "nudge", "--kind", "holiday", "--format", "json")
    assert [i["id"] for i in json.loads(result.stdout)] == ["nudge:bob-stone", "holiday:2026:alice-chen"]
    bad = run(kb_path(FILES), "due", "--kind", "thanks")
    assert bad.exit_code == 2 and "'thanks' is not one of" in bad.stderr


@pytest.mark.parametrize("who", ["alice-chen", "Alice Chen", "ALICE-CHEN"])
def test_due_filters_by_contact(kb_path, run, who):
    result = run(kb_path(FILES), "due", "--contact", who, "--format", "json")
    assert [i["id"] for i in json.loads(result.stdout)] == [
        "thank-you:2026-11-20-alice-chen:alice-chen",
        "holiday:2026:alice-chen",
    ]


def test_due_unknown_contact_is_a_usage_error(kb_path, run):
    result = run(kb_path(FILES), "due", "--contact", "alice-chn")
    assert result.exit_code == 2
    assert "Invalid value for '--contact': no contact 'alice-chn'; did you mean 'alice-chen'?" in result.stderr


def test_nothing_due_says_so_kindly_and_what_comes_next(kb_path, run):
    result = run(kb_path(FILES), "due", "--contact", "alice-chen", "--today", "2027-01-10")
    assert result.stdout == (
        "Nothing due for Alice Chen in the next 7 days: you're all caught up.\n"
        "Next up, on 2027-02-18 (in 39 days): Keep in touch with Alice Chen (last contact 2026-11-20).\n"
    )
    result = run(kb_path(FILES), "due", "--contact", "carol-diaz", "--within", "0")
    assert (result.exit_code, result.stdout) == (0, "Nothing due for Carol Diaz today: you're all caught up.\n")
    result = run(kb_path(FILES), "due", "--kind", "prep")
    assert result.stdout == "No prep items due in the next 7 days.\n"


def test_nothing_due_for_a_snoozed_contact_says_they_are_snoozed(kb_path, run):
    files = dict(FILES)
    files["contacts/alice-chen.md"] = FILES["contacts/alice-chen.md"].replace(
        "company: Initech", "company: Initech\n        snooze_until: 2027-01-05"
    )
    result = run(kb_path(files), "due", "--contact", "alice-chen")
    assert result.stdout.splitlines()[:2] == [
        "Nothing due for Alice Chen in the next 7 days: you're all caught up.",
        "Alice Chen is snoozed until 2027-01-05: their follow-ups come back then.",
    ]
    awake = run(kb_path(files), "due", "--contact", "alice-chen", "--today", "2027-01-05")
    assert "snoozed" not in awake.stdout and "Keep in touch with Alice Chen" in awake.stdout


def test_nothing_due_in_an_empty_kb(kb_path, run):
    result = run(kb_path({}), "due")
    assert (result.exit_code, result.stdout) == (
        0,
        "Nothing due: no contacts yet. Add one with 'rolodex new contact \"Name\"'.\n",
    )


def test_a_kb_with_problems_still_gets_its_follow_ups(kb_path, run):
    root = kb_path(
        {
            **FILES,
            "contacts/broken.md": "---\nname: [unclosed\n---\n",
            "meetings/2026-11-21-ghost.md": "---\ndate: 2026-11-21\nwith: ghost\n---\n",
        }
    )
    check = run(root, "check", "--format", "json")
    problems = json.loads(check.stdout)
    result = run(root, "due")
    assert result.exit_code == 0
    assert result.stdout == WEEK
    assert result.stderr == f"{len(problems)} problems in your files: run 'rolodex check'\n"
    assert len(problems) >= 2
    as_json = run(root, "due", "--format", "json")
    assert len(json.loads(as_json.stdout)) == 4 and as_json.stderr.count("\n") == 1


def test_one_problem_is_singular(kb_path, run):
    result = run(kb_path({**FILES, "meetings/2026-11-21-ghost.md": "---\ndate: 2026-11-21\nwith: ghost\n---\n"}), "due")
    assert result.stderr == "1 problem in your files: run 'rolodex check'\n"


def test_due_ics_of_the_cli(kb_path, run):
    files = {
        **FILES,
        "meetings/2026-12-03-carol-diaz.md": "---\ndate: 2026-12-03 09:30\nwith: carol-diaz\nlocation: Blue Bottle\n---\n",
    }
    result = run(kb_path(files), "due", "--format", "ics")
    assert result.exit_code == 0
    cal = Calendar.from_ical(result.stdout_bytes)
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    # No --within: every open item, plus the planned meeting.
    assert uids == [
        "thank-you:2026-11-20-alice-chen:alice-chen@rolodex",
        "nudge:bob-stone@rolodex",
        "referral:2026-11-20-alice-chen:maria-lopez@rolodex",
        "holiday:2026:alice-chen@rolodex",
        "prep:2026-12-03-carol-diaz@rolodex",
        "keep-in-touch:alice-chen@rolodex",
        "meeting:2026-12-03-carol-diaz@rolodex",
    ]
    within = Calendar.from_ical(run(kb_path(files), "due", "--format", "ics", "--within", "0").stdout_bytes)
    assert [str(e["UID"]) for e in within.walk("VEVENT")] == [
        "thank-you:2026-11-20-alice-chen:alice-chen@rolodex",
        "nudge:bob-stone@rolodex",
        "meeting:2026-12-03-carol-diaz@rolodex",
    ]
    alice = Calendar.from_ical(run(kb_path(files), "due", "--format", "ics", "--contact", "alice-chen").stdout_bytes)
    assert [str(e["UID"]) for e in alice.walk("VEVENT")] == [
        "thank-you:2026-11-20-alice-chen:alice-chen@rolodex",
        "holiday:2026:alice-chen@rolodex",
        "keep-in-touch:alice-chen@rolodex",
    ]


def test_due_on_the_sample_kb_is_a_believable_week(run):
    result = run(REPO, "due")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Overdue (") and any(line.startswith("Next 7 days (") for line in lines)
    items = json.loads(run(REPO, "due", "--format", "json").stdout)
    assert {i["kind"] for i in items} == {
        "thank-you",
        "referral",
        "nudge",
        "prep",
        "holiday",
        "keep-in-touch",
        "follow-up",
        "schedule",
        "record",
    }
    assert all(dt.date.fromisoformat(i["due"]) <= TODAY + dt.timedelta(days=7) for i in items)


def test_due_and_draft_have_help(run):
    for command in ("due", "draft"):
        result = run(None, command, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout


# --- draft ------------------------------------------------------------------------------


def test_draft_prints_subject_blank_line_body(kb_path, run):
    result = run(kb_path(FILES), "draft", "thank-you:2026-11-20-alice-chen:alice-chen")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Subject: Thank you for your time, Alice"
    assert lines[1] == "" and lines[2] == "Hi Alice,"
    assert "Friday 20 November" in result.stdout


def test_draft_unknown_id_suggests_the_closest(kb_path, run):
    result = run(kb_path(FILES), "draft", "nudge:bob-ston")
    assert result.exit_code == 1
    assert result.stderr == "Error: no open item 'nudge:bob-ston'; did you mean 'nudge:bob-stone'?\n"
    result = run(kb_path(FILES), "draft", "outreach:carol-dia")
    assert result.stderr == "Error: no contact 'carol-dia' to write to; did you mean 'outreach:carol-diaz'?\n"


def test_draft_of_a_closed_item_says_it_may_be_done(kb_path, run):
    result = run(kb_path(FILES), "draft", "prep:2026-01-01-someone-else-entirely")
    assert result.exit_code == 1
    assert "it may be done already" in result.stderr


def test_draft_with_a_broken_template_is_a_located_error(kb_path, run):
    root = kb_path({**FILES, "templates/nudge.md": "Subject: Hello\n\nHi {{ contact.first_nam }},\n"})
    result = run(root, "draft", "nudge:bob-stone")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith(
        "templates/nudge.md:3: error: 'contact' has no field 'first_nam'; did you mean 'first_name'?\n"
    )
    assert "Traceback" not in result.stderr


def test_draft_warns_when_a_template_asks_for_a_job(kb_path, run):
    root = kb_path({**FILES, "templates/nudge.md": "Subject: Hi\n\nHow are you? Are you hiring? Thanks.\n"})
    result = run(root, "draft", "nudge:bob-stone")
    assert (result.exit_code, result.stderr) == (
        0,
        "warning: this draft asks for a job ('Are you hiring?'); ask to learn about their work instead "
        "(check your template)\n",
    )


# --- list and show ----------------------------------------------------------------------


def test_list_has_last_next_due_and_health(kb_path, run):
    result = run(kb_path(FILES), "list")
    assert result.stdout == (
        "NAME        COMPANY  FIELD  STAGE           LAST        NEXT DUE              HEALTH           SLUG\n"
        "Alice Chen  Initech         met             2026-11-20  2026-11-21 thank-you  overdue          alice-chen\n"
        "Bob Stone                   awaiting reply  2026-11-19  2026-11-26 nudge      due soon         bob-stone\n"
        "Carol Diaz                  prospect                                          never contacted  carol-diaz\n"
    )


def test_list_json_and_health_filter(kb_path, run):
    rows = json.loads(run(kb_path(FILES), "list", "--format", "json").stdout)
    assert [(r["slug"], r["last"], r["next_due"]["id"] if r["next_due"] else None, r["health"]) for r in rows] == [
        ("alice-chen", "2026-11-20", "thank-you:2026-11-20-alice-chen:alice-chen", "overdue"),
        ("bob-stone", "2026-11-19", "nudge:bob-stone", "due-soon"),
        ("carol-diaz", None, None, "never-contacted"),
    ]
    assert rows[1]["next_due"]["due"] == "2026-11-26"
    only = json.loads(run(kb_path(FILES), "list", "--health", "never-contacted", "--format", "json").stdout)
    assert [r["slug"] for r in only] == ["carol-diaz"]


def test_show_has_status_and_follow_ups(kb_path, run):
    result = run(kb_path(FILES), "show", "alice-chen")
    assert result.exit_code == 0
    assert "  Last contact:  2026-11-20 (6 days ago)\n  Health:        overdue\n" in result.stdout
    assert (
        "Follow-ups\n"
        "  2026-11-21  thank-you      Send Alice Chen a thank-you note for your meeting on 2026-11-20  "
        "thank-you:2026-11-20-alice-chen:alice-chen\n"
    ) in result.stdout
    carol = run(kb_path(FILES), "show", "carol-diaz").stdout
    assert "Last contact:  never" in carol and "rolodex draft outreach:carol-diaz" in carol


# --- status (pure) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, health",
    [
        (dt.date(2026, 11, 20), "due-soon"),  # thank-you due tomorrow
        (dt.date(2026, 11, 21), "due-soon"),  # due today is not late yet
        (dt.date(2026, 11, 22), "overdue"),
    ],
)
def test_health_boundaries(kb_path, today, health):
    kb, _ = load(kb_path(FILES), cache=False)
    assert contact_status(kb, kb.contacts["alice-chen"], today).health == health


def test_health_due_soon_horizon_is_seven_days(kb_path):
    root = kb_path(
        {
            "contacts/alice-chen.md": "---\nname: Alice Chen\ncadence: 30\nsnooze_until: 2026-01-01\n---\n",
            "meetings/2026-06-01-alice-chen.md": "---\ndate: 2026-06-01\nwith: alice-chen\nthank_you: 2026-06-02\n---\n",
        }
    )
    kb, _ = load(root, cache=False)
    # keep-in-touch due 2026-07-01; holiday due 2026-12-01.
    assert contact_status(kb, kb.contacts["alice-chen"], dt.date(2026, 6, 24)).health == "due-soon"
    assert contact_status(kb, kb.contacts["alice-chen"], dt.date(2026, 6, 23)).health == "up-to-date"


def test_status_index_matches_contact_status_on_the_sample(kb_path):
    kb, _ = load(REPO, cache=False)
    items = compute(kb, TODAY)
    index = status_index(kb, TODAY, items)
    assert set(index) == set(kb.contacts)
    for slug, status in index.items():
        assert status == contact_status(kb, kb.contacts[slug], TODAY, items)
        assert status.health in HEALTHS
        assert status.next_due == (status.items[0] if status.items else None)
    assert index["greg-tolliver"].stage == "archived" and index["greg-tolliver"].items == ()


def test_due_is_coloured_on_a_terminal(kb_path, monkeypatch):
    from click.testing import CliRunner

    from rolodex.cli import main

    monkeypatch.setenv("ROLODEX_TODAY", TODAY.isoformat())
    result = CliRunner().invoke(main, ["--kb", str(kb_path(FILES)), "due"], color=True)
    assert "\x1b[31m\x1b[1mOverdue (1)\x1b[0m" in result.stdout  # red, bold
    assert "\x1b[33m2026-11-26\x1b[0m" in result.stdout  # today's date in yellow
    assert "\x1b[2mnudge:bob-stone\x1b[0m" in result.stdout  # ids dimmed


def test_status_index_is_one_pass_over_the_items(kb_path, monkeypatch):
    import rolodex.rules.status as status

    kb, _ = load(kb_path(FILES), cache=False)
    calls = []
    real = status.compute
    monkeypatch.setattr(status, "compute", lambda *a: calls.append(a) or real(*a))
    index = status.status_index(kb, TODAY)
    assert len(calls) == 1 and len(index) == 3
    calls.clear()
    status.status_index(kb, TODAY, real(kb, TODAY))
    assert calls == []
