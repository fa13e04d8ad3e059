"""`rolodex review`: the weekly review as text, Markdown to paste, and JSON."""

from __future__ import annotations

import json

from conftest import REPO

# Today is 2026-11-26 (a Thursday): the past week is 11-20 … 11-26, the next 11-27 … 12-03.
WEEK = {
    "contacts/ann.md": """\
        ---
        name: Ann *Star*
        company: Acme
        touches:
          - {date: 2026-11-19, kind: outreach, note: too early for this week}
          - {date: 2026-11-20, kind: check-in, note: "sent the [report](x)"}
          - {date: 2026-11-25, kind: thank-you, note: for the coffee}
          - {date: 2026-11-26, kind: note, note: notes are not touches}
        ---
        """,
    # met long ago, cadence 30: going cold (last contact 2026-09-01 + 30 = 10-01, 56 days past)
    "contacts/bob.md": """\
        ---
        name: Bob
        cadence: 30
        touches:
          - {date: 2026-09-01, kind: message}
        ---
        """,
    # introduced by Bob, never written to: a referral not yet contacted
    "contacts/cat.md": """\
        ---
        name: Cat
        referred_by: bob
        ---
        """,
    # introduced by Bob, but already written to: not listed
    "contacts/dan.md": """\
        ---
        name: Dan
        referred_by: bob
        touches:
          - {date: 2026-11-01, kind: outreach}
        ---
        """,
    # a new job seen on 11-10, not written to since: a reason to get in touch
    "contacts/gil.md": """\
        ---
        name: Gil
        title: VP
        company: Newco
        history:
          - {date: 2026-11-10, company: Oldco, title: Director}
        touches:
          - {date: 2026-11-09, kind: message}
        ---
        """,
    # a change seen on 11-12, but you congratulated them since: not listed
    "contacts/hal.md": """\
        ---
        name: Hal
        company: Newco
        history:
          - {date: 2026-11-12, company: Oldco}
        touches:
          - {date: 2026-11-13, kind: message, note: congratulations}
        ---
        """,
    # a change seen 31 days ago: too old for the review
    "contacts/ida.md": """\
        ---
        name: Ida
        company: Newco
        history:
          - {date: 2026-10-26, company: Oldco}
        ---
        """,
    "meetings/2026-06-01-bob.md": """\
        ---
        date: 2026-06-01
        with: bob
        thank_you: 2026-06-02
        ---
        """,
    "meetings/2026-11-24-ann.md": """\
        ---
        date: 2026-11-24
        with: ann
        kind: coffee
        thank_you: 2026-11-25
        referrals:
          - name: Eve Unknown
        ---
        """,
    "meetings/2026-12-02-ann.md": """\
        ---
        date: 2026-12-02 10:00
        with: ann
        kind: call
        ---
        """,
}


def test_review_json(run, kb_path):
    result = run(kb_path(WEEK), "review", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert (got["from"], got["today"], got["to"]) == ("2026-11-20", "2026-11-26", "2026-12-03")
    assert [(t["date"], t["contact"], t["kind"]) for t in got["touches"]] == [
        ("2026-11-20", "ann", "check-in"),
        ("2026-11-25", "ann", "thank-you"),
    ]
    assert [m["meeting"] for m in got["meetings"]] == ["2026-11-24-ann"]
    # the meeting's thank_you and the touch of the same day are one note
    assert [(t["date"], t["contact"], t["meeting"]) for t in got["thank_yous"]] == [
        ("2026-11-25", "ann", "2026-11-24-ann")
    ]
    assert [m["meeting"] for m in got["upcoming"]] == ["2026-12-02-ann"]
    assert got["going_cold"] == [
        {
            "contact": "bob",
            "name": "Bob",
            "last": "2026-09-01",
            "cadence": 30,
            "days_over": 56,
            "id": "keep-in-touch:bob",
        }
    ]
    assert [(r["contact"], r["name"], r["by"], r["since"]) for r in got["referrals"]] == [
        (None, "Eve Unknown", ["ann"], "2026-11-24"),
        ("cat", "Cat", ["bob"], None),
    ]
    # the keep-in-touch item is under going cold, not overdue
    assert [i["id"] for i in got["overdue"]] == ["nudge:dan"]
    # due from today to 12-03: research before the call, the holiday window opening, the referral
    # (Ann's check-in of 11-20 counts for the holidays: it is within holiday_early_days of 12-01)
    assert [(i["id"], i["due"]) for i in got["due"]] == [
        ("prep:2026-12-02-ann", "2026-11-30"),
        ("holiday:2026:bob", "2026-12-01"),
        ("referral:2026-11-24-ann:eve-unknown", "2026-12-01"),
    ]
    assert got["job_changes"] == [
        {
            "contact": "gil",
            "name": "Gil",
            "date": "2026-11-10",
            "was": {"title": "Director", "company": "Oldco"},
            "now": {"title": "VP", "company": "Newco"},
        }
    ]


def test_review_markdown_to_paste(run, kb_path):
    result = run(kb_path(WEEK), "review", "--format", "md")
    assert result.exit_code == 0
    text = result.output
    assert text.startswith("# Weekly review, Thu 2026-11-26\n\n")
    assert "From Fri 2026-11-20 to Thu 2026-11-26: 2 touches, 1 meeting held, 1 thank-you sent.\n" in text
    # names and notes are data: Markdown syntax in them is escaped
    assert "- **Fri 2026-11-20** · Ann \\*Star\\* · check-in: sent the \\[report\\](x)\n" in text
    assert "- **Tue 2026-11-24** · Coffee with Ann \\*Star\\* (held)\n" in text
    assert "- **Wed 2026-11-25** · thank-you sent to Ann \\*Star\\*\n" in text
    assert "## Meetings coming up (1)\n\n- **Wed 2026-12-02 10:00** · Call with Ann \\*Star\\*\n" in text
    assert "## Going cold (1)\n\n- Bob: last contact Tue 2026-09-01, every 30 days; 56 days past\n" in text
    assert (
        "## Referrals not yet contacted (2)\n\n"
        "- Eve Unknown (not a contact yet), suggested by Ann \\*Star\\* on Tue 2026-11-24\n"
        "- Cat, suggested by Bob\n"
    ) in text
    assert (
        "## Job changes (1)\n\n- Gil: now VP at Newco (was Director at Oldco), seen Tue 2026-11-10: "
        "a reason to get in touch\n"
    ) in text
    assert "notes are not touches" not in text and "too early" not in text


def test_review_text(run, kb_path):
    result = run(kb_path(WEEK), "review")
    lines = result.output.splitlines()
    assert lines[:2] == [
        "Weekly review, Thu 2026-11-26",
        "From Fri 2026-11-20 to Thu 2026-11-26: 2 touches, 1 meeting held, 1 thank-you sent.",
    ]
    assert "  2026-11-24  Coffee with Ann *Star* (held)" in lines
    assert "  Bob: last contact 2026-09-01, every 30 days; 56 days past" in lines
    assert "  Cat, suggested by Bob" in lines
    assert "  Gil: now VP at Newco (was Director at Oldco), seen 2026-11-10" in lines


def test_sample_kb_review(run):
    got = json.loads(run(REPO, "review", "--format", "json").output)
    # hector-vargas 2026-11-24 is the week's only meeting; the one touch logged 11-20 … 11-26
    # is rachel-stein's yes
    assert [m["meeting"] for m in got["meetings"]] == ["2026-11-24-hector-vargas"]
    assert [(t["contact"], t["kind"]) for t in got["touches"]] == [("rachel-stein", "reply")]
    assert got["thank_yous"] == []
    assert [m["meeting"] for m in got["upcoming"]] == ["2026-11-30-ibrahim-saleh", "2026-12-03-naomi-fischer"]
    # james-whitfield: last contact 2026-08-12, 90 days → due 11-10, 16 days past
    assert [(c["contact"], c["days_over"]) for c in got["going_cold"]] == [("james-whitfield", 16)]
    assert [r["name"] for r in got["referrals"]] == ["Priya Desai", "Lucia Ferreira"]


def test_long_lists_are_cut_and_the_backlog_counted(run, kb_path):
    """25 unanswered emails of last week, 3 of two months ago: 20 listed, 5 counted, 3 in the backlog."""
    files = {
        f"contacts/p{i:02d}.md": f"---\nname: P{i:02d}\ntouches:\n  - {{date: 2026-11-12, kind: outreach}}\n---\n"
        for i in range(25)
    }
    files |= {
        f"contacts/old{i}.md": f"---\nname: Old{i}\ntouches:\n  - {{date: 2026-09-20, kind: outreach}}\n---\n"
        for i in range(3)
    }
    root = kb_path(files)
    got = json.loads(run(root, "review", "--format", "json").output)
    assert (len(got["overdue"]), len(got["backlog"])) == (25, 3)  # nudges due 11-19; 09-27, two months late
    text = run(root, "review", "--format", "md").output
    section = text.split("## Overdue (25)\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.count("\n- **") + section.startswith("- **") == 20
    assert "…and 5 more: `rolodex due` lists them all.\n" in section
    assert "And 3 items overdue by more than a month (the backlog): `rolodex due` lists them.\n" in section
    lines = run(root, "review").output.splitlines()
    assert "  …and 5 more: rolodex due lists them all" in lines
    assert "  And 3 overdue by more than a month (the backlog): rolodex due lists them." in lines
