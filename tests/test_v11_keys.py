"""The keys contract v1.1 adds (FORMAT §2, §3): a touch's `ref`, a meeting's `uid`, a contact's
`follow_ups` and `history` — read, checked, exported and shown on the pages."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from conftest import TODAY, write_kb
from rolodex.core.model import FollowUpTask, PastRole, Touch
from rolodex.core.parse import parse_contact, parse_meeting
from rolodex.kb.configfile import read_config
from rolodex.rules.privacy import public_view
from rolodex.site.builder import prepare
from rolodex.site.pages import generate


def contact(text: str):
    return parse_contact("contacts/jane-doe.md", "jane-doe", textwrap.dedent(text).lstrip("\n"))


def lines(problems) -> list[str]:
    return [p.format() for p in problems]


# --- parsing ----------------------------------------------------------------------------


def test_a_contact_reads_follow_ups_history_and_touch_refs():
    record, problems = contact(
        """
        ---
        name: Jane Doe
        touches:
          - {date: 2026-11-20, kind: outreach, ref: "<abc@mail.example>"}
          - {date: 2026-11-21, kind: reply}
        follow_ups:
          - task: Ask about coffee in December
            due: 2026-12-01
          - {task: Send the panel recording, due: 2026-11-10, done: 2026-11-09}
        history:
          - {date: 2026-06-01, company: Initech, title: Analyst}
          - {date: 2024-09-01, company: Globex}
        ---
        """
    )
    assert problems == []
    assert record.touches == (
        Touch(dt.date(2026, 11, 20), "outreach", ref="<abc@mail.example>"),
        Touch(dt.date(2026, 11, 21), "reply"),
    )
    assert record.follow_ups == (
        FollowUpTask("Ask about coffee in December", dt.date(2026, 12, 1), index=0),
        FollowUpTask("Send the panel recording", dt.date(2026, 11, 10), dt.date(2026, 11, 9), index=1),
    )
    assert record.history == (
        PastRole(dt.date(2026, 6, 1), "Initech", "Analyst"),
        PastRole(dt.date(2024, 9, 1), "Globex", None),
    )
    assert [t.line for t in record.follow_ups] == [7, 9] and [r.line for r in record.history] == [11, 12]


def test_a_meeting_reads_its_uid_as_text():
    record, problems = parse_meeting(
        "meetings/2026-11-20-jane-doe.md",
        "2026-11-20-jane-doe",
        "---\ndate: 2026-11-20\nwith: jane-doe\nuid: 20261120T0930@cal.example\n---\n",
    )
    assert problems == [] and record.uid == "20261120T0930@cal.example"


def test_bad_follow_ups_and_history_entries_are_located():
    record, problems = contact(
        """
        ---
        name: Jane Doe
        follow_ups:
          - {due: 2026-12-01}
          - ping her
        history:
          - {company: Initech}
          - {date: 2026-02-30, title: Analyst}
          - {date: 2026-01-01}
          - {date: 2025-01-01, compnay: Globex, title: Intern}
        ---
        """
    )
    assert lines(problems) == [
        "contacts/jane-doe.md:4: error: a follow-up needs 'task': what to do [missing-key]",
        "contacts/jane-doe.md:5: error: a follow-up should be {task: …, due: YYYY-MM-DD}, found 'ping her' [wrong-type]",
        "contacts/jane-doe.md:7: error: a history entry needs 'date': when you saw the change, YYYY-MM-DD [missing-key]",
        "contacts/jane-doe.md:8: error: 'date': 2026-02-30 is not a real date (day is out of range for month) [bad-date]",
        "contacts/jane-doe.md:9: error: a history entry needs 'company' or 'title' (or both): the earlier role "
        "[missing-key]",
        "contacts/jane-doe.md:10: warning: unknown key 'compnay' in a history entry; did you mean 'company'? "
        "[unknown-key]",
    ]
    assert record.follow_ups == () and record.history == (PastRole(dt.date(2025, 1, 1), None, "Intern"),)


# --- check: duplicate ref and uid ----------------------------------------------------------


def test_two_touches_with_one_ref_are_a_warning_on_the_second(tmp_path, run, monkeypatch):
    root = write_kb(
        tmp_path / "kb",
        {
            "contacts/jane-doe.md": """\
            ---
            name: Jane Doe
            touches:
              - {date: 2026-11-20, kind: outreach, ref: "<abc@mail.example>"}
              - {date: 2026-11-21, kind: reply, ref: "<def@mail.example>"}
              - {date: 2026-11-20, kind: outreach, ref: " <abc@mail.example>"}
            ---
            """,
            # one ref on two contacts is one mail to two people: fine
            "contacts/john-roe.md": """\
            ---
            name: John Roe
            touches: [{date: 2026-11-20, kind: outreach, ref: "<abc@mail.example>"}]
            ---
            """,
        },
    )
    monkeypatch.chdir(root)
    result = run(root, "check")
    assert result.exit_code == 0
    assert result.output.splitlines()[:-1] == [
        "contacts/jane-doe.md:6: warning: touch 'ref' ' <abc@mail.example>' is also on the touch on line 4; "
        "one message or event is one touch: remove one of them [duplicate-ref]",
    ]
    assert run(root, "check", "--strict").exit_code == 1


def test_two_meetings_with_one_uid_are_a_warning_naming_the_first(tmp_path, run, monkeypatch):
    root = write_kb(
        tmp_path / "kb",
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\n---\n",
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\nuid: ev-1@cal\n---\n",
            "meetings/2026-11-20-jane-doe-2.md": "---\ndate: 2026-11-20\nwith: jane-doe\nuid: ev-1@cal\n---\n",
            "meetings/2026-11-21-jane-doe.md": "---\ndate: 2026-11-21\nwith: jane-doe\nuid: ev-2@cal\n---\n",
        },
    )
    monkeypatch.chdir(root)
    result = run(root, "check", "--format", "json")
    assert json.loads(result.stdout) == [
        {
            "path": "meetings/2026-11-20-jane-doe.md",
            "line": 4,
            "severity": "warning",
            "code": "duplicate-uid",
            "message": "'uid' is also the uid of meetings/2026-11-20-jane-doe-2.md; one calendar event is one "
            "meeting: merge the two files, or remove the uid from the wrong one",
        }
    ]


# --- pages and exports -------------------------------------------------------------------------

PAGES_KB = {
    "contacts/jane-doe.md": """\
    ---
    name: Jane Doe
    company: Initech
    title: Lead
    touches:
      - {date: 2026-11-20, kind: reply, note: Happy to talk, ref: "<CAF2x9@mail.example.com>"}
    follow_ups:
      - {task: Ask about coffee in December, due: 2026-12-01}
      - {task: Send the panel recording, due: 2026-11-10, done: 2026-11-09}
    history:
      - {date: 2026-06-01, company: Globex, title: Analyst}
    ---
    """,
    "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\nuid: ev-1@cal.example\n---\n",
}


def pages(root):
    settings = read_config(root).settings
    return generate(prepare(root, settings, TODAY, cache=False).inp)


def test_contact_page_shows_reminders_earlier_roles_and_where_a_touch_came_from(tmp_path):
    root = write_kb(tmp_path / "kb", PAGES_KB)
    page = pages(root)["contacts/jane-doe.md"]
    assert (
        "## Follow-ups\n\n<!--rolodex:html--><table><thead><tr><th>Task</th><th>Due</th><th></th></tr></thead><tbody>"
        "<tr><td>Ask about coffee in December</td><td>Tue 2026-12-01</td>"
        '<td><span class="rolodex-badge rolodex-badge--open">open</span></td></tr>'
        "<tr><td>Send the panel recording</td><td>Tue 2026-11-10</td>"
        '<td><span class="rolodex-badge rolodex-badge--done">done 2026-11-09</span></td></tr></tbody></table>' in page
    )
    assert (
        "## Earlier roles\n\n<!--rolodex:html--><table><thead><tr><th>Seen</th><th>Role</th></tr></thead><tbody>"
        "<tr><td>Mon 2026-06-01</td><td>Analyst at Globex</td></tr>"
    ) in page
    assert 'Happy to talk <span class="rolodex-ref">from &#60;CAF2x9@mail.example.com&#62;</span>' in page


def test_meeting_page_shows_its_calendar_event(tmp_path):
    root = write_kb(tmp_path / "kb", PAGES_KB)
    page = pages(root)["meetings/2026-11-20-jane-doe.md"]
    assert '<li><strong>Calendar event:</strong> <span class="rolodex-ref">ev-1@cal.example</span></li>' in page


def test_a_public_build_hiding_company_or_title_hides_them_in_earlier_roles_too(tmp_path):
    from rolodex.kb.loader import load

    root = write_kb(tmp_path / "kb", PAGES_KB)
    kb, _ = load(root, cache=False)
    assert public_view(kb, ("company",))[0].contacts["jane-doe"].history == (
        PastRole(dt.date(2026, 6, 1), None, "Analyst"),
    )
    assert public_view(kb, ("company", "title"))[0].contacts["jane-doe"].history == ()
    assert public_view(kb, ("history", "follow_ups"))[0].contacts["jane-doe"].follow_ups == ()


def test_json_export_carries_the_new_keys(tmp_path, run):
    root = write_kb(tmp_path / "kb", PAGES_KB)
    data = json.loads(run(root, "export", "json").stdout)
    jane = data["contacts"][0]
    assert jane["touches"][0]["ref"] == "<CAF2x9@mail.example.com>"
    assert jane["follow_ups"] == [
        {"task": "Ask about coffee in December", "due": "2026-12-01", "done": False},
        {"task": "Send the panel recording", "due": "2026-11-10", "done": "2026-11-09"},
    ]
    assert jane["history"] == [{"date": "2026-06-01", "company": "Globex", "title": "Analyst"}]
    assert data["meetings"][0]["uid"] == "ev-1@cal.example"
