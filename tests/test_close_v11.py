"""Closing the v1.1 items (FORMAT §7): schedule → a message touch, record → `status: held`
or `cancelled`, a contact's follow-up → `done:`; `rolodex remind` adds a dated follow-up;
the schedule and record drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_kb


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def make(files: dict[str, str]) -> Path:
        root = write_kb(tmp_path / "kb", files)
        monkeypatch.chdir(root)
        return root

    return make


RACHEL = """\
---
name: Rachel Stein
location: Riverton
company: Riverton Symphony Orchestra
touches:
  - date: 2026-11-17
    kind: outreach
  - date: 2026-11-23
    kind: reply   # said yes
---
## Notes
"""

PLANNED = """\
---
date: 2026-11-19 08:00
with: rachel-stein
status: planned   # written when we set it up
---
## Notes
"""


def test_done_schedule_writes_a_message_touch(kb, run):
    root = kb({"contacts/rachel-stein.md": RACHEL})
    result = run(root, "done", "schedule:rachel-stein", "--date", "2026-11-24")
    assert (result.exit_code, result.output) == (
        0,
        "contacts/rachel-stein.md:10: added message touch 2026-11-24 (closes schedule:rachel-stein)\n",
    )
    assert (root / "contacts/rachel-stein.md").read_text() == RACHEL.replace(
        "    kind: reply   # said yes\n",
        "    kind: reply   # said yes\n  - date: 2026-11-24\n    kind: message\n    note: Proposed a date to meet\n",
    )
    assert "schedule:rachel-stein" not in run(root, "due", "--within", "30").stdout


@pytest.mark.parametrize("flag, status", [((), "held"), (("--cancelled",), "cancelled")])
def test_done_record_writes_the_status_in_place(kb, run, flag, status):
    root = kb({"contacts/rachel-stein.md": RACHEL, "meetings/2026-11-19-rachel-stein.md": PLANNED})
    result = run(root, "done", "record:2026-11-19-rachel-stein", *flag)
    assert (result.exit_code, result.output) == (
        0,
        f"meetings/2026-11-19-rachel-stein.md:4: status: {status} (closes record:2026-11-19-rachel-stein)\n",
    )
    assert (root / "meetings/2026-11-19-rachel-stein.md").read_text() == PLANNED.replace(
        "status: planned   #", f"status: {status}   #"
    )
    kinds = [line.split()[1] for line in run(root, "due", "--within", "30").stdout.splitlines() if "  20" in line]
    # held: now the thank-you is due (and the schedule is over); cancelled: set a new date
    assert ("thank-you" in kinds, "schedule" in kinds) == ((True, False) if status == "held" else (False, True))


def test_cancelled_is_only_for_record_items(kb, run):
    root = kb({"contacts/rachel-stein.md": RACHEL})
    result = run(root, "done", "schedule:rachel-stein", "--cancelled")
    assert (result.exit_code, result.output) == (
        1,
        "Error: --cancelled is for a meeting left as planned (record items), not a schedule item\n",
    )
    assert (root / "contacts/rachel-stein.md").read_text() == RACHEL


def test_done_on_a_contacts_follow_up_marks_that_entry(kb, run):
    text = "---\nname: Ann Lee\nfollow_ups:\n  - task: Ask about coffee\n    due: 2026-11-20\n---\n"
    root = kb({"contacts/ann-lee.md": text})
    result = run(root, "done", "follow-up:ann-lee:ask-about-coffee", "--date", "2026-11-25")
    assert result.output == "contacts/ann-lee.md:6: set done: 2026-11-25 (closes follow-up:ann-lee:ask-about-coffee)\n"
    assert (root / "contacts/ann-lee.md").read_text() == text.replace(
        "due: 2026-11-20\n", "due: 2026-11-20\n    done: 2026-11-25\n"
    )


# --- remind -----------------------------------------------------------------------------------


def test_remind_adds_a_follow_up_to_a_contact_without_any(kb, run):
    root = kb({"contacts/rachel-stein.md": RACHEL})
    result = run(root, "remind", "rachel-stein", "Ask about the spring gala", "--due", "2027-03-01")
    assert (result.exit_code, result.output) == (
        0,
        "contacts/rachel-stein.md:10: added follow-up due 2027-03-01 (item follow-up:rachel-stein:ask-about-the-spring)\n",
    )
    assert (root / "contacts/rachel-stein.md").read_text() == RACHEL.replace(
        "---\n## Notes",
        "follow_ups:\n  - task: Ask about the spring gala\n    due: 2027-03-01\n---\n## Notes",
    )
    assert "follow-up:rachel-stein:ask-about-the-spring" in run(root, "due", "--within", "200").stdout


def test_remind_appends_to_a_meetings_follow_ups_in_their_style(kb, run):
    text = "---\ndate: 2026-11-19\nwith: rachel-stein\nfollow_ups: [{task: Send the article, due: 2026-11-21}]\n---\n"
    root = kb({"contacts/rachel-stein.md": RACHEL, "meetings/2026-11-19-rachel-stein.md": text})
    result = run(root, "remind", "2026-11-19-rachel-stein", "Send  the\tdeck", "--due", "2026-11-28")
    assert result.exit_code == 0
    assert (root / "meetings/2026-11-19-rachel-stein.md").read_text() == text.replace(
        "2026-11-21}]", "2026-11-21}, {task: Send the deck, due: 2026-11-28}]"
    )
    assert result.output.endswith("(item follow-up:2026-11-19-rachel-stein:send-the-deck)\n")


def test_remind_dry_run_writes_nothing(kb, run):
    root = kb({"contacts/rachel-stein.md": RACHEL})
    result = run(root, "remind", "rachel-stein", "Ask again", "--due", "2027-01-10", "--dry-run")
    assert result.exit_code == 0 and "+follow_ups:" in result.output
    assert (root / "contacts/rachel-stein.md").read_text() == RACHEL


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["rachel-stien", "Ask", "--due", "2027-01-10"],
            "Error: no contact or meeting 'rachel-stien'; did you mean 'rachel-stein'?\n",
        ),
        (["rachel-stein", "  ", "--due", "2027-01-10"], "say what to do"),
        (["rachel-stein", "Ask", "--due", "2027-02-30"], "2027-02-30"),
    ],
)
def test_remind_refuses_unknown_slugs_empty_tasks_and_bad_dates(kb, run, argv, message):
    root = kb({"contacts/rachel-stein.md": RACHEL})
    result = run(root, "remind", *argv)
    assert result.exit_code != 0 and message in result.output
    assert (root / "contacts/rachel-stein.md").read_text() == RACHEL


# --- drafts ------------------------------------------------------------------------------------


def test_schedule_draft_thanks_them_proposes_two_times_and_a_place_and_keeps_it_short(kb, run):
    root = kb({"contacts/rachel-stein.md": RACHEL})
    result = run(root, "draft", "schedule:rachel-stein")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("Subject: Re: 15 minutes to hear about your work at the Riverton Symphony Orchestra\n")
    assert "Thank you for getting back to me" in text
    # today is Thursday 26 November: the second and fourth working days after it
    assert "- Monday 30 November at 10:00\n- Wednesday 2 December at 15:30\n" in text
    assert "a coffee somewhere near your office in Riverton" in text
    assert "I'll keep it to 15 minutes." in text


def test_record_draft_says_what_to_do(kb, run):
    root = kb({"contacts/rachel-stein.md": RACHEL, "meetings/2026-11-19-rachel-stein.md": PLANNED})
    result = run(root, "draft", "record:2026-11-19-rachel-stein")
    assert result.exit_code == 0
    assert (
        result.stdout.splitlines()[0] == "Subject: Did it happen? Conversation with Rachel Stein, Thursday 19 November"
    )
    assert "- [ ] Mark it held: rolodex done record:2026-11-19-rachel-stein\n" in result.stdout
    assert "- [ ] Mark it cancelled: rolodex done record:2026-11-19-rachel-stein --cancelled\n" in result.stdout
    assert 'under "## Notes"' in result.stdout


def test_a_contacts_follow_up_draft_needs_no_meeting(kb, run):
    root = kb(
        {"contacts/ann-lee.md": "---\nname: Ann Lee\nfollow_ups: [{task: Ask about coffee, due: 2026-11-20}]\n---\n"}
    )
    result = run(root, "draft", "follow-up:ann-lee:ask-about-coffee")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Subject: Checking in\n\nHi Ann,\n\n[Your message about: Ask about coffee]\n")
