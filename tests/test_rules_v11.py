"""The rules contract v1.1 adds or changes (FORMAT §5), each pinned at its boundaries:
schedule, record, contacts' follow-ups, `until`, referral lapse, early holiday greetings,
invalid statuses and the order of same-day touches."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from conftest import TODAY
from rolodex.kb.loader import load
from rolodex.rules.followups import Due, compute

D = dt.date


def contact(name: str, touches: str = "", extra: str = "") -> str:
    lines = [f"name: {name}"]
    if touches:
        lines.append("touches:\n" + textwrap.indent(textwrap.dedent(touches).strip("\n"), "  "))
    if extra:
        lines.append(textwrap.dedent(extra).strip("\n"))
    return "---\n" + "\n".join(lines) + "\n---\n"


def meeting(front: str, body: str = "") -> str:
    return f"---\n{textwrap.dedent(front).strip()}\n---\n{textwrap.dedent(body)}"


def config(options: str) -> str:
    body = textwrap.indent(textwrap.dedent(options).strip("\n"), " " * 6)
    return "site_name: Test\nplugins:\n  - rolodex:\n" + body + "\n"


def items(root: Path, today: dt.date = TODAY, kind: str | None = None) -> list[Due]:
    kb, _ = load(root, cache=False)
    return [i for i in compute(kb, today) if kind is None or i.kind == kind]


def ids(root: Path, today: dt.date = TODAY, kind: str | None = None) -> list[str]:
    return [i.id for i in items(root, today, kind)]


# --- 8. schedule ---------------------------------------------------------------------------


def test_schedule_after_a_reply_to_your_outreach(kb_path):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact(
                "Ann Lee",
                """
                - {date: 2026-11-18, kind: outreach}
                - {date: 2026-11-23, kind: reply, note: "Happy to talk, next week works"}
                """,
            )
        }
    )
    assert items(root, kind="schedule") == [
        Due(
            "schedule",
            D(2026, 11, 26),
            "ann-lee",
            "Ann Lee",
            None,
            "Propose a date to meet Ann Lee: they replied on 2026-11-23",
            "schedule:ann-lee",
        )
    ]
    assert ids(root, kind="nudge") == []


def test_schedule_without_any_outreach_and_schedule_days_configurable(kb_path):
    root = kb_path(
        {"contacts/ann-lee.md": contact("Ann Lee", "- {date: 2026-11-20, kind: reply}")},
        config=config("schedule_days: 0"),
    )
    assert [(i.due, i.until) for i in items(root, kind="schedule")] == [(D(2026, 11, 20), D(2026, 11, 20))]


@pytest.mark.parametrize(
    "touches, schedule, nudge",
    [
        # the outreach listed after the same-day reply is later: your move, then theirs again
        ("- {date: 2026-11-20, kind: reply}\n- {date: 2026-11-20, kind: outreach}", False, False),
        # listed before it, the reply answers it: set a date
        ("- {date: 2026-11-20, kind: outreach}\n- {date: 2026-11-20, kind: reply}", True, False),
        # an outreach dated after the reply brings back the nudge
        ("- {date: 2026-11-20, kind: reply}\n- {date: 2026-11-21, kind: outreach}", False, True),
        # a message or call after the reply: the next move is theirs
        ("- {date: 2026-11-20, kind: reply}\n- {date: 2026-11-20, kind: message}", False, False),
        ("- {date: 2026-11-20, kind: reply}\n- {date: 2026-11-22, kind: call}", False, False),
        # ...but one listed before it on the same day came before their reply
        ("- {date: 2026-11-20, kind: message}\n- {date: 2026-11-20, kind: reply}", True, False),
        # a check-in, thank-you or note does not propose a date
        ("- {date: 2026-11-20, kind: reply}\n- {date: 2026-11-21, kind: check-in}", True, False),
        ("- {date: 2026-11-20, kind: reply}\n- {date: 2026-11-21, kind: note}", True, False),
        # the latest reply counts: an older one before a newer outreach does not
        ("- {date: 2026-11-01, kind: reply}\n- {date: 2026-11-10, kind: outreach}", False, True),
        ("- {date: 2026-11-10, kind: outreach}\n- {date: 2026-11-01, kind: reply}", False, True),
    ],
)
def test_schedule_and_nudge_follow_the_order_of_touches(kb_path, touches, schedule, nudge):
    root = kb_path({"contacts/ann-lee.md": contact("Ann Lee", touches)})
    assert (bool(ids(root, kind="schedule")), bool(ids(root, kind="nudge"))) == (schedule, nudge)


@pytest.mark.parametrize(
    "day, status, open_",
    [
        ("2026-11-20", "held", False),  # you have met: keep-in-touch takes over
        ("2026-12-10", "planned", False),  # a date is set
        ("2026-11-10", "held", False),  # any meeting held, even before the reply
        ("2026-12-10", "cancelled", True),  # cancelled: set a new date
        ("2026-12-10", "canceled", True),  # invalid: takes part in nothing
    ],
)
def test_schedule_only_while_no_meeting_is_held_or_planned(kb_path, day, status, open_):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee", "- {date: 2026-11-20, kind: reply}"),
            f"meetings/{day}-ann-lee.md": meeting(f"date: {day}\nwith: ann-lee\nstatus: {status}"),
        }
    )
    assert bool(ids(root, kind="schedule")) is open_


def test_schedule_respects_archive_and_snooze(kb_path):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee", "- {date: 2026-11-20, kind: reply}", "archived: true"),
            "contacts/bob-roe.md": contact("Bob Roe", "- {date: 2026-11-20, kind: reply}", "snooze_until: 2026-12-01"),
        }
    )
    assert ids(root) == []
    assert ids(root, D(2026, 12, 1), "schedule") == ["schedule:bob-roe"]


# --- 9. record -----------------------------------------------------------------------------


def test_record_a_meeting_still_marked_planned_after_its_day(kb_path):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee"),
            "meetings/2026-11-20-ann-lee.md": meeting("date: 2026-11-20 09:30\nwith: ann-lee\nstatus: planned"),
        }
    )
    assert items(root, kind="record") == [
        Due(
            "record",
            D(2026, 11, 21),
            "ann-lee",
            "Ann Lee",
            "2026-11-20-ann-lee",
            "Record your meeting with Ann Lee on 2026-11-20: mark it held (and write your notes) or cancelled",
            "record:2026-11-20-ann-lee",
        )
    ]
    # a planned meeting asks for no thank-you and no keep-in-touch until it is recorded
    assert [i.kind for i in items(root)] == ["record"]


@pytest.mark.parametrize(
    "today, expected",
    [(D(2026, 11, 20), []), (D(2026, 11, 21), ["record:2026-11-20-ann-lee"])],
)
def test_record_starts_the_day_after_the_meeting(kb_path, today, expected):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee"),
            "meetings/2026-11-20-ann-lee.md": meeting("date: 2026-11-20\nwith: ann-lee\nstatus: planned"),
        }
    )
    assert ids(root, today, "record") == expected


@pytest.mark.parametrize("status", ["", "status: held", "status: cancelled", "status: canceled"])
def test_no_record_unless_the_file_says_planned(kb_path, status):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee"),
            "meetings/2026-11-20-ann-lee.md": meeting(f"date: 2026-11-20\nwith: ann-lee\n{status}"),
        }
    )
    assert ids(root, kind="record") == []


def test_record_days_and_the_first_person_who_takes_part(kb_path):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee", extra="archived: true"),
            "contacts/bob-roe.md": contact("Bob Roe"),
            "meetings/2026-11-20-ann-lee.md": meeting("date: 2026-11-20\nwith: [ann-lee, bob-roe]\nstatus: planned"),
        },
        config=config("record_days: 3"),
    )
    assert [(i.due, i.contact) for i in items(root, kind="record")] == [(D(2026, 11, 23), "bob-roe")]


# --- invalid status ------------------------------------------------------------------------


def test_a_meeting_with_an_invalid_status_takes_part_in_nothing(kb_path):
    """`status: canceled` (a typo): no thank-you, follow-up, referral, record or prep; it neither
    closes a nudge nor counts as a meeting held for holiday and keep-in-touch."""
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee", "- {date: 2026-11-10, kind: outreach}"),
            "contacts/bob-roe.md": contact("Bob Roe"),
            "meetings/2026-11-20-ann-lee.md": meeting(
                """
                date: 2026-11-20
                with: ann-lee
                status: canceled
                referrals: [bob-roe]
                follow_ups: [{task: Send the article, due: 2026-11-22}]
                """
            ),
            "meetings/2026-12-10-ann-lee.md": meeting("date: 2026-12-10\nwith: ann-lee\nstatus: Planned"),
        }
    )
    assert [(i.kind, i.id) for i in items(root)] == [("nudge", "nudge:ann-lee")]
    assert [i.kind for i in items(root, D(2027, 6, 1))] == ["nudge"]


def test_an_invalid_status_is_an_error_saying_the_meeting_is_left_out(kb_path, run, monkeypatch):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee"),
            "meetings/2026-11-20-ann-lee.md": meeting("date: 2026-11-20\nwith: ann-lee\nstatus: canceled"),
            "meetings/2026-11-21-ann-lee.md": meeting("date: 2026-11-21\nwith: ann-lee\nstatus: [held]"),
        }
    )
    monkeypatch.chdir(root)
    result = run(root, "check")
    assert result.exit_code == 1
    assert result.output.splitlines()[:-1] == [
        "meetings/2026-11-20-ann-lee.md:4: error: 'status' must be one of planned, held, cancelled; found "
        "'canceled'; did you mean 'cancelled'?; until it is fixed, this meeting is left out of every follow-up "
        "[bad-value]",
        "meetings/2026-11-21-ann-lee.md:4: error: 'status' must be one of planned, held, cancelled; found a list; "
        "until it is fixed, this meeting is left out of every follow-up [bad-value]",
    ]
    # the rest of the KB still gets its follow-ups; the meeting is not shown as held
    shown = json.loads(run(root, "export", "json").stdout)
    assert [m["status"] for m in shown["meetings"]] == ["invalid", "invalid"]


# --- 7. a contact's own follow-ups -----------------------------------------------------------


def test_a_contacts_follow_ups_are_items_about_them_in_no_meeting(kb_path):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact(
                "Ann Lee",
                extra="""
                follow_ups:
                  - {task: Ask about coffee in December., due: 2026-12-01}
                  - {task: Send the panel recording, due: 2026-11-10, done: 2026-11-09}
                  - {task: Ask about coffee in December, due: 2027-01-05, done: false}
                """,
            )
        }
    )
    assert items(root, kind="follow-up") == [
        Due(
            "follow-up",
            D(2026, 12, 1),
            "ann-lee",
            "Ann Lee",
            None,
            "Ask about coffee in December (reminder about Ann Lee)",
            "follow-up:ann-lee:ask-about-coffee-in",
        ),
        Due(
            "follow-up",
            D(2027, 1, 5),
            "ann-lee",
            "Ann Lee",
            None,
            "Ask about coffee in December (reminder about Ann Lee)",
            "follow-up:ann-lee:ask-about-coffee-in-2",
        ),
    ]


@pytest.mark.parametrize("extra", ["archived: true", "snooze_until: 2026-12-15"])
def test_a_contacts_follow_ups_respect_archive_and_snooze(kb_path, extra):
    root = kb_path(
        {"contacts/ann-lee.md": contact("Ann Lee", extra=f"{extra}\nfollow_ups: [{{task: Ping, due: 2026-11-20}}]")}
    )
    assert ids(root) == []


# --- until and overdue -----------------------------------------------------------------------

HOLIDAY_KB = {
    "contacts/ann-lee.md": contact("Ann Lee"),
    "meetings/2026-06-01-ann-lee.md": meeting("date: 2026-06-01\nwith: ann-lee\nthank_you: 2026-06-02"),
}


def test_until_is_due_except_for_holiday_items_which_last_the_window(kb_path, run):
    root = kb_path(HOLIDAY_KB)
    rows = json.loads(run(root, "due", "--format", "json", "--within", "200").stdout)
    assert [(r["kind"], r["due"], r["until"]) for r in rows] == [
        ("keep-in-touch", "2026-08-30", "2026-08-30"),
        ("holiday", "2026-12-01", "2026-12-31"),
    ]


@pytest.mark.parametrize(
    "today, group",
    [("2026-12-01", "Today"), ("2026-12-02", "Today"), ("2026-12-31", "Today")],
)
def test_a_holiday_item_is_never_overdue_inside_its_window(kb_path, run, today, group):
    root = kb_path({**HOLIDAY_KB, "contacts/ann-lee.md": contact("Ann Lee", extra="cadence: 365")})
    result = run(root, "due", "--today", today)
    lines = result.stdout.splitlines()
    assert lines[0] == f"{group} (1)" and "holiday:2026:ann-lee" in lines[1]
    assert "Overdue" not in result.stdout
    listed = json.loads(run(root, "list", "--format", "json", "--today", today).stdout)
    assert listed[0]["health"] == "due-soon"


def test_the_day_after_the_window_the_next_window_is_due(kb_path):
    root = kb_path({**HOLIDAY_KB, "contacts/ann-lee.md": contact("Ann Lee", extra="cadence: 365")})
    assert [(i.due, i.until) for i in items(root, D(2027, 1, 1), "holiday")] == [(D(2027, 12, 1), D(2027, 12, 31))]


def test_other_items_are_overdue_the_day_after_their_due_date(kb_path, run):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee"),
            "meetings/2026-11-24-ann-lee.md": meeting("date: 2026-11-24\nwith: ann-lee"),
        }
    )
    on_time = run(root, "due", "--today", "2026-11-25", "--kind", "thank-you").stdout.splitlines()
    late = run(root, "due", "--today", "2026-11-26", "--kind", "thank-you").stdout.splitlines()
    assert (on_time[0], late[0]) == ("Today (1)", "Overdue (1)")


# --- 5. holiday: greetings from holiday_early_days before the window ---------------------------


@pytest.mark.parametrize(
    "touch, open_",
    [
        ("{date: 2026-11-16, kind: check-in}", True),  # 15 days before: too early
        ("{date: 2026-11-17, kind: check-in}", False),  # 14 days before: counts
        ("{date: 2026-11-30, kind: message}", False),
        ("{date: 2026-12-31, kind: call}", False),  # the window's last day
    ],
)
def test_holiday_greetings_count_from_holiday_early_days_before_the_window(kb_path, touch, open_):
    root = kb_path({**HOLIDAY_KB, "contacts/ann-lee.md": contact("Ann Lee", f"- {touch}")})
    assert bool(ids(root, D(2026, 12, 10), "holiday")) is open_


def test_holiday_early_days_is_configurable(kb_path):
    files = {**HOLIDAY_KB, "contacts/ann-lee.md": contact("Ann Lee", "- {date: 2026-11-30, kind: check-in}")}
    root = kb_path(files, config=config("holiday_early_days: 0"))
    assert ids(root, D(2026, 12, 10), "holiday") == ["holiday:2026:ann-lee"]


def test_holiday_item_does_not_depend_on_other_contacts_broken_meetings(kb_path, run, monkeypatch):
    """A bad date in one meeting leaves that meeting out, and says so; it takes nothing from anyone else."""
    root = kb_path(
        {
            **HOLIDAY_KB,
            "contacts/bob-roe.md": contact("Bob Roe"),
            "meetings/2026-05-01-bob-roe.md": meeting("date: 2026-05-32\nwith: [bob-roe, ann-lee]"),
        }
    )
    monkeypatch.chdir(root)
    result = run(root, "due", "--today", "2026-12-02", "--kind", "holiday")
    assert "holiday:2026:ann-lee" in result.stdout
    assert result.stderr.splitlines() == [
        "1 problem in your files: run 'rolodex check'",
        "meetings/2026-05-01-bob-roe.md is left out until it is fixed: follow-ups about Bob Roe and "
        "Ann Lee that depend on it are missing",
    ]


# --- 2. referral lapse ----------------------------------------------------------------------


@pytest.mark.parametrize("days_ago, expected", [(90, 1), (91, 0)])
def test_referrals_lapse_after_referral_lapse_days(kb_path, days_ago, expected):
    day = TODAY - dt.timedelta(days=days_ago)
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee"),
            f"meetings/{day}-ann-lee.md": meeting(f"date: {day}\nwith: ann-lee\nreferrals: [{{name: Cy Park}}]"),
        }
    )
    assert len(ids(root, kind="referral")) == expected


def test_referral_lapse_days_is_configurable(kb_path):
    root = kb_path(
        {
            "contacts/ann-lee.md": contact("Ann Lee"),
            "meetings/2026-11-20-ann-lee.md": meeting("date: 2026-11-20\nwith: ann-lee\nreferrals: [{name: Cy Park}]"),
        },
        config=config("referral_lapse_days: 5"),
    )
    assert ids(root, D(2026, 11, 25), "referral") == ["referral:2026-11-20-ann-lee:cy-park"]
    assert ids(root, D(2026, 11, 26), "referral") == []


# --- 3. nudge: the order of same-day touches --------------------------------------------------


@pytest.mark.parametrize(
    "touches, asked",
    [
        # an outreach listed after a same-day reply is after it: it counts
        (
            "- {date: 2026-11-10, kind: reply}\n- {date: 2026-11-10, kind: outreach}\n"
            "- {date: 2026-11-15, kind: outreach}",
            2,
        ),
        # one listed before the reply is not
        (
            "- {date: 2026-11-10, kind: outreach}\n- {date: 2026-11-10, kind: reply}\n"
            "- {date: 2026-11-15, kind: outreach}",
            1,
        ),
    ],
)
def test_nudges_count_outreach_after_the_latest_reply_in_list_order(kb_path, touches, asked):
    root = kb_path({"contacts/ann-lee.md": contact("Ann Lee", touches)})
    assert [i.title for i in items(root, kind="nudge")] == [
        f"Nudge Ann Lee: no reply to your message of 2026-11-15 (nudge {asked} of 2)"
    ]


def test_items_are_sorted_by_due_then_kind_then_contact(kb_path):
    root = kb_path(
        {
            "contacts/bob-roe.md": contact("Bob Roe", "- {date: 2026-11-23, kind: reply}"),
            "contacts/ann-lee.md": contact("Ann Lee", "- {date: 2026-11-23, kind: reply}"),
            "contacts/cy-park.md": contact("Cy Park", extra="follow_ups: [{task: Ping, due: 2026-11-26}]"),
            "meetings/2026-11-25-cy-park.md": meeting("date: 2026-11-25\nwith: cy-park\nstatus: planned"),
        }
    )
    assert [(i.due.isoformat(), i.kind, i.contact) for i in items(root)] == [
        ("2026-11-26", "follow-up", "cy-park"),
        ("2026-11-26", "record", "cy-park"),
        ("2026-11-26", "schedule", "ann-lee"),
        ("2026-11-26", "schedule", "bob-roe"),
    ]
