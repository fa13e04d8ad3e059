"""`rolodex check`: one test per check rule, asserting the exact lines and exit code.

Each rule is shown on the smallest KB that triggers it (inputs inline, next to
the assertion); the scenario fixtures in tests/fixtures/ then pin the complete
output of realistic multi-file mistakes. Paths in text output are relative to
where the user stands, so every run starts in the KB root.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, write_kb


@pytest.fixture
def check(run, monkeypatch, tmp_path):
    """`check(root_or_fixture_name, *args)` → (exit code, output lines), run from the KB root."""

    def go(source: Path | str, *args: str) -> tuple[int, list[str]]:
        if isinstance(source, str):  # a fixture: copied, so no run can leave anything behind in it
            root = tmp_path / source
            if not root.exists():
                shutil.copytree(FIXTURES / source, root, symlinks=True)
        else:
            root = source
        monkeypatch.chdir(root)
        result = run(root, "check", *args)
        return result.exit_code, result.output.splitlines()

    return go


@pytest.fixture
def kb(tmp_path):
    """`kb({path: text}, config=None)` → a new KB root."""

    def make(files: dict[str, str], config: str | None = None) -> Path:
        return write_kb(tmp_path / "kb", files, config)

    return make


JANE = {"contacts/jane-doe.md": "---\nname: Jane Doe\n---\n"}


# --- the whole command -------------------------------------------------------------


def test_clean_kb_exits_0_with_a_summary(check):
    assert check("minimal") == (0, ["✓ 0 errors, 0 warnings in 1 contact and 1 meeting"])


def test_empty_kb_is_clean(check, kb):
    assert check(kb({})) == (0, ["✓ 0 errors, 0 warnings in 0 contacts and 0 meetings"])


def test_warnings_alone_exit_0_and_strict_makes_them_fail(check, kb):
    root = kb({"contacts/jane-doe.md": "---\nname: Jane Doe\ncompnay: Initech\n---\n"})
    line = "contacts/jane-doe.md:3: warning: unknown key 'compnay' in a contact; did you mean 'company'? [unknown-key]"
    assert check(root) == (0, [line, "! 0 errors, 1 warning in 1 contact and 0 meetings"])
    assert check(root, "--strict") == (1, [line, "! 0 errors, 1 warning in 1 contact and 0 meetings"])


def test_strict_on_a_clean_kb_exits_0(check):
    assert check("minimal", "--strict")[0] == 0


def test_json_is_the_exact_list_of_problems(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\ncompnay: Initech\n---\n",
            "contacts/Bob.md": "---\nname: Bob\n---\n",
        }
    )
    code, lines = check(root, "--format", "json")
    assert code == 1
    assert json.loads("\n".join(lines)) == [
        {
            "path": "contacts/Bob.md",
            "line": None,
            "severity": "error",
            "code": "bad-slug",
            "message": "file name 'Bob.md' is not a valid contact slug: use lowercase a-z, 0-9 and single hyphens, e.g. 'bob.md'",
        },
        {
            "path": "contacts/jane-doe.md",
            "line": 3,
            "severity": "warning",
            "code": "unknown-key",
            "message": "unknown key 'compnay' in a contact; did you mean 'company'?",
        },
    ]


def test_json_of_a_clean_kb_is_an_empty_list(check):
    code, lines = check("minimal", "--format", "json")
    assert (code, json.loads("\n".join(lines))) == (0, [])


def test_json_paths_are_relative_to_the_kb_root_wherever_you_stand(run, kb, monkeypatch):
    root = kb({"contacts/acme/jane-doe.md": "---\nname: Jane Doe\ncompnay: Initech\n---\n"})
    monkeypatch.chdir(root / "contacts")
    result = run(root, "check", "--format", "json")
    assert [p["path"] for p in json.loads(result.output)] == ["contacts/acme/jane-doe.md"]
    # text output is for people: relative to where they stand, so editors can open it
    result = run(root, "check")
    assert result.output.splitlines()[0].startswith(f"acme{os.sep}jane-doe.md:3: warning:")


def test_strict_json_exits_1_on_warnings(check, kb):
    root = kb({"contacts/jane-doe.md": "---\nname: Jane Doe\ncompnay: Initech\n---\n"})
    assert check(root, "--strict", "--format", "json")[0] == 1
    assert check(root, "--format", "json")[0] == 0


def test_problems_are_sorted_by_path_then_line(check):
    code, lines = check("crlf-bom")
    places = [line.split(": ")[0] for line in lines[:-1]]
    assert places == sorted(places, key=lambda p: (p.split(":")[0], int(p.split(":")[1])))


def test_no_kb_found_is_a_usage_error(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(None, "check")
    assert result.exit_code == 2
    assert result.output == (
        f"Error: no mkdocs.yml in {tmp_path.resolve()} or any folder above it; "
        "run 'rolodex init' to start a knowledge base, or pass --kb PATH\n"
    )


def test_kb_path_without_mkdocs_yml_is_a_usage_error(run, tmp_path):
    result = run(tmp_path / "nowhere", "check")
    assert result.exit_code == 2
    assert "no mkdocs.yml there; run 'rolodex init" in result.output


def test_bad_option_is_a_usage_error(check):
    code, lines = check("minimal", "--format", "xml")
    assert code == 2
    assert lines[-1] == "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'."
    assert check("minimal", "--no-such-option")[0] == 2


def test_bad_today_is_a_usage_error(check):
    code, lines = check("minimal", "--today", "tomorrow-ish")
    assert code == 2
    assert "expected a date YYYY-MM-DD, got 'tomorrow-ish'" in lines[-1]


# --- one test per rule: per-file ---------------------------------------------------


def test_encoding(check, kb):
    root = kb(JANE)
    (root / "contacts" / "rene.md").write_bytes("---\nname: René\n---\n".encode("latin-1"))
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/rene.md:2: error: not UTF-8 text (byte 0xe9 at offset 13); save the file as UTF-8 [encoding]",
    ]


def test_unreadable_folder_named_like_a_file_and_broken_symlinks(check, kb, tmp_path):
    root = kb(JANE)
    (root / "contacts" / "folder.md").mkdir()
    (root / "contacts" / "gone.md").symlink_to(root / "contacts" / "missing.md")
    outside = tmp_path / "outside.md"
    outside.write_text("---\nname: Outside\n---\n")
    (root / "contacts" / "outside.md").symlink_to(outside)
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/gone.md: error: a symbolic link to a file that does not exist [unreadable]",
        "contacts/outside.md: error: a symbolic link to a file outside the knowledge base; not read [unreadable]",
    ]


def test_a_folder_named_like_a_markdown_file_is_walked_into(check, kb):
    # `contacts/folder.md/` is a folder: its files are contacts like any subfolder's
    root = kb({**JANE, "contacts/folder.md/bob.md": "---\nname: Bob\n---\n"})
    assert check(root) == (0, ["✓ 0 errors, 0 warnings in 2 contacts and 0 meetings"])


def test_no_front_matter(check, kb):
    root = kb(
        {
            "contacts/plain.md": "# Jane Doe\n\nJust notes.\n",
            "contacts/open.md": "---\nname: Never Closed\n\n## Notes\n",
            "contacts/empty.md": "",
        }
    )
    (root / "contacts" / "late.md").write_text("\n---\nname: Blank Line First\n---\n")
    code, lines = check(root)
    assert code == 1
    no_fm = (
        "error: no front matter: the file must start with a line '---', then YAML keys, then '---' [no-front-matter]"
    )
    assert lines[:-1] == [
        f"contacts/empty.md:1: {no_fm}",
        f"contacts/late.md:1: {no_fm}",
        "contacts/open.md:1: error: front matter opened with '---' on line 1 is never closed with '---' [no-front-matter]",
        f"contacts/plain.md:1: {no_fm}",
    ]


def test_yaml_syntax_reports_the_yaml_errors_line(check, kb):
    root = kb(
        {
            "contacts/unclosed-list.md": "---\nname: Unclosed List\ntags: [mentor, alumni\ncompany: Initech\n---\n",
            "contacts/unclosed-quote.md": '---\nname: "Unclosed Quote\ncompany: Initech\n---\n',
            "contacts/bad-indent.md": "---\nname: Bad Indent\ntitle: Reporter\n  company: Ledger\n---\n",
            "contacts/tab.md": "---\nname: Tab\n\tcompany: Ledger\n---\n",
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/bad-indent.md:4: error: YAML syntax error: mapping values are not allowed in this context [yaml-syntax]",
        "contacts/tab.md:3: error: YAML syntax error: found a tab character that violates indentation "
        "(while scanning a plain scalar on line 2) [yaml-syntax]",
        "contacts/unclosed-list.md:4: error: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence on line 3) [yaml-syntax]",
        "contacts/unclosed-quote.md:2: error: YAML syntax error: found unexpected end of stream "
        "(while scanning a quoted scalar on line 2) [yaml-syntax]",
    ]


def test_not_a_mapping(check, kb):
    root = kb(
        {
            "contacts/a-list.md": "---\n- name: A List\n---\n",
            "contacts/a-scalar.md": "---\njust some text\n---\n",
            "contacts/empty.md": "---\n---\nBody only.\n",
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/a-list.md:2: error: front matter should be 'key: value' lines (a mapping), found a list [not-a-mapping]",
        "contacts/a-scalar.md:2: error: front matter should be 'key: value' lines (a mapping), found 'just some text' [not-a-mapping]",
        "contacts/empty.md:1: error: front matter is empty; expected 'key: value' lines [not-a-mapping]",
    ]


def test_duplicate_key(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": """\
            ---
            name: Jane Doe
            company: Initech
            touches:
              - {date: 2026-11-01, kind: outreach, kind: reply}
            company: Globex
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/jane-doe.md:5: error: key 'kind' appears twice (first on line 5); keep one (other YAML tools silently use the last) [duplicate-key]",
        "contacts/jane-doe.md:6: error: key 'company' appears twice (first on line 3); keep one (other YAML tools silently use the last) [duplicate-key]",
    ]


def test_missing_key(check, kb):
    root = kb(
        {
            "contacts/no-name.md": "---\ncompany: Initech\n---\n",
            "contacts/empty-name.md": "---\nname:\n---\n",
            "contacts/blank-name.md": "---\nname: '  '\n---\n",
            "contacts/jane-doe.md": """\
            ---
            name: Jane Doe
            touches:
              - date: 2026-11-01
              - kind: reply
            ---
            """,
            "meetings/2026-11-20-jane-doe.md": """\
            ---
            date: 2026-11-20
            referrals:
              - {note: someone at the port}
            follow_ups:
              - {due: 2026-11-25}
              - {task: Send the deck}
            ---
            """,
            "meetings/2026-11-21-jane-doe.md": "---\ndate:\nwith: []\n---\n",
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/blank-name.md:2: error: 'name' is empty; it is required [missing-key]",
        "contacts/empty-name.md:2: error: 'name' is empty; it is required [missing-key]",
        "contacts/jane-doe.md:4: error: a touch needs 'kind': one of outreach, reply, thank-you, check-in, call, message, "
        "note [missing-key]",
        "contacts/jane-doe.md:5: error: a touch needs 'date': the day it happened, YYYY-MM-DD [missing-key]",
        "contacts/no-name.md:2: error: required key 'name' is missing: the person's display name [missing-key]",
        "meetings/2026-11-20-jane-doe.md:2: error: required key 'with' is missing: who did you meet? [missing-key]",
        "meetings/2026-11-20-jane-doe.md:4: error: a referral needs 'name' (who they suggested) or 'contact' (a contact "
        "slug) [missing-key]",
        "meetings/2026-11-20-jane-doe.md:6: error: a follow-up needs 'task': what you promised [missing-key]",
        "meetings/2026-11-20-jane-doe.md:7: error: a follow-up needs 'due': when it is due, YYYY-MM-DD [missing-key]",
        "meetings/2026-11-21-jane-doe.md:2: error: 'date' is empty; it is required: a date YYYY-MM-DD [missing-key]",
        "meetings/2026-11-21-jane-doe.md:3: error: 'with' is empty: name the contact slug(s) you met [missing-key]",
    ]


def test_wrong_type(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": """\
            ---
            name: Jane Doe
            title: [Director, Comms]
            email: {work: jane@initech.example}
            cadence: monthly
            archived: "yes"
            private: maybe
            tags: mentor
            links: https://www.linkedin.com/in/jane-doe
            touches: {date: 2026-11-01, kind: outreach}
            ---
            """,
            "meetings/2026-11-20-jane-doe.md": """\
            ---
            date: [2026-11-20]
            with: jane-doe
            ---
            """,
            "meetings/2026-11-21-jane-doe.md": """\
            ---
            date: 2026-11-21
            with: [jane-doe, {name: Bob}]
            duration: half an hour
            referrals: [[jane-doe], 5]
            follow_ups:
              - Send the article
              - {task: Send the deck, due: 2026-11-25, done: maybe}
            questions: What does a typical week look like?
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/jane-doe.md:3: error: 'title' should be text, found a list [wrong-type]",
        "contacts/jane-doe.md:4: error: 'email' should be one value or a list of values, found a mapping [wrong-type]",
        "contacts/jane-doe.md:5: error: 'cadence' should be a whole number of days or 'never', found 'monthly' [wrong-type]",
        "contacts/jane-doe.md:6: error: 'archived' should be true or false (without quotes), found 'yes' [wrong-type]",
        "contacts/jane-doe.md:7: error: 'private' should be true or false, found 'maybe' [wrong-type]",
        "contacts/jane-doe.md:8: error: 'tags' should be a list, found 'mentor'; write it as '- item' lines or [a, b] [wrong-type]",
        "contacts/jane-doe.md:9: error: 'links' should map a name to a URL (linkedin: https://…), "
        "found 'https://www.linkedin.com/in/jane-doe' [wrong-type]",
        "contacts/jane-doe.md:10: error: 'touches' should be a list, found a mapping; write it as '- item' lines or [a, b] [wrong-type]",
        "meetings/2026-11-20-jane-doe.md:2: error: 'date' should be a date YYYY-MM-DD, found a list [wrong-type]",
        "meetings/2026-11-21-jane-doe.md:3: error: 'with' should name one contact (a slug or \"[[Name]]\"), found a mapping [wrong-type]",
        "meetings/2026-11-21-jane-doe.md:4: error: 'duration' should be a whole number of minutes, found 'half an hour' [wrong-type]",
        "meetings/2026-11-21-jane-doe.md:5: error: 'referrals' names '5', but there is no contact with that slug [unknown-contact]",
        "meetings/2026-11-21-jane-doe.md:5: error: a referral should be a contact slug or {name: …, contact: …}, found a list [wrong-type]",
        "meetings/2026-11-21-jane-doe.md:7: error: a follow-up should be {task: …, due: YYYY-MM-DD}, found 'Send the article' [wrong-type]",
        "meetings/2026-11-21-jane-doe.md:8: error: 'done' should be a date YYYY-MM-DD, true or false, found 'maybe' [wrong-type]",
        "meetings/2026-11-21-jane-doe.md:9: error: 'questions' should be a list, found 'What does a typical week look like?'; "
        "write it as '- item' lines or [a, b] [wrong-type]",
    ]


def test_unquoted_obsidian_link_is_read_but_reported(check, kb):
    root = kb(
        {
            **JANE,
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: [[jane-doe]]\n---\n",
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines == [
        "meetings/2026-11-20-jane-doe.md:3: error: 'with': an Obsidian link needs quotes in YAML; "
        'write "[[jane-doe]]" (without them, [[…]] is a list inside a list) [wrong-type]',
        "✗ 1 error, 0 warnings in 1 contact and 1 meeting",  # understood: no unknown-contact cascade
    ]


def test_bad_value(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": """\
            ---
            name: Jane Doe
            priority: urgent
            cadence: 0
            touches:
              - {date: 2026-11-01, kind: coffee}
            ---
            """,
            "meetings/2026-11-20-jane-doe.md": """\
            ---
            date: 2026-11-20
            with: jane-doe
            kind: lunch
            status: done
            duration: -5
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/jane-doe.md:3: error: 'priority' must be one of high, medium, low; found 'urgent' [bad-value]",
        "contacts/jane-doe.md:4: error: 'cadence' should be a positive number of days or 'never', found '0' [bad-value]",
        "contacts/jane-doe.md:6: error: 'kind' must be one of outreach, reply, thank-you, check-in, call, message, note; "
        "found 'coffee' [bad-value]",
        "meetings/2026-11-20-jane-doe.md:4: error: 'kind' must be one of informational, coffee, call, video, event, other; "
        "found 'lunch' [bad-value]",
        "meetings/2026-11-20-jane-doe.md:5: error: 'status' must be one of planned, held, cancelled; found 'done'; until it is fixed, this meeting is left out of every follow-up [bad-value]",
        "meetings/2026-11-20-jane-doe.md:6: error: 'duration' should be a positive number of minutes, found '-5' [bad-value]",
    ]


def test_bad_value_suggests_the_closest_choice(check, kb):
    root = kb({"contacts/jane-doe.md": "---\nname: Jane Doe\npriority: hihg\n---\n"})
    assert check(root)[1][0] == (
        "contacts/jane-doe.md:3: error: 'priority' must be one of high, medium, low; found 'hihg'; did you mean 'high'? [bad-value]"
    )


def test_bad_date(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": """\
            ---
            name: Jane Doe
            snooze_until: 2026-13-01
            touches:
              - {date: next week, kind: call}
            ---
            """,
            "meetings/2026-02-30-jane-doe.md": "---\ndate: 2026-02-30\nwith: jane-doe\n---\n",
            "meetings/2026-11-20-jane-doe.md": """\
            ---
            date: 2026-11-20 25:00
            with: jane-doe
            ---
            """,
            "meetings/2026-11-21-jane-doe.md": """\
            ---
            date: 2026-11-21
            with: jane-doe
            thank_you: 2026-11-31
            follow_ups:
              - {task: Send the deck, due: 2026-02-29}
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/jane-doe.md:3: error: 'snooze_until': 2026-13-01 is not a real date (month must be in 1..12) [bad-date]",
        "contacts/jane-doe.md:5: error: 'date' should be a date YYYY-MM-DD, found 'next week' [bad-date]",
        "meetings/2026-02-30-jane-doe.md:2: error: 'date': 2026-02-30 is not a real date (day is out of range for month) [bad-date]",
        "meetings/2026-11-20-jane-doe.md:2: error: 'date': 2026-11-20 25:00 is not a real date (hour must be in 0..23) [bad-date]",
        "meetings/2026-11-21-jane-doe.md:4: error: 'thank_you': 2026-11-31 is not a real date (day is out of range for month) [bad-date]",
        "meetings/2026-11-21-jane-doe.md:6: error: 'due': 2026-02-29 is not a real date (day is out of range for month) [bad-date]",
    ]


def test_a_meeting_whose_date_fails_still_reports_its_other_problems(check, kb):
    root = kb(
        {
            **JANE,
            "meetings/2026-02-30-jane-doe.md": """\
            ---
            date: 2026-02-30
            with: [jane-doe, jane-dough]
            kind: lunch
            referrals: [bob-stone]
            questions:
              - Are you hiring?
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines == [
        "meetings/2026-02-30-jane-doe.md:2: error: 'date': 2026-02-30 is not a real date (day is out of range for month) [bad-date]",
        "meetings/2026-02-30-jane-doe.md:3: error: 'with' names 'jane-dough', but there is no contact with that slug; "
        "did you mean 'jane-doe'? [unknown-contact]",
        "meetings/2026-02-30-jane-doe.md:4: error: 'kind' must be one of informational, coffee, call, video, event, other; "
        "found 'lunch' [bad-value]",
        "meetings/2026-02-30-jane-doe.md:5: error: 'referrals' names 'bob-stone', but there is no contact with that slug [unknown-contact]",
        "meetings/2026-02-30-jane-doe.md:7: warning: 'questions': 'Are you hiring?' asks for a job; an informational "
        "interview asks to learn about their work and who else to talk to, never for a job (it puts them on the spot) [job-ask]",
        "✗ 4 errors, 1 warning in 1 contact and 1 meeting (1 of them left out: see the errors above)",
    ]


def test_bad_slug(check, kb):
    root = kb(
        {
            "contacts/Bob Stone.md": "---\nname: Bob Stone\n---\n",
            "contacts/alice_chen.md": "---\nname: Alice Chen\n---\n",
            "contacts/carol--diaz.md": "---\nname: Carol Diaz\n---\n",
            "contacts/-dana.md": "---\nname: Dana\n---\n",
            "contacts/zoë.md": "---\nname: Zoë\n---\n",
            "contacts/Zoë O'Brien.md": "---\nname: Zoë O'Brien\n---\n",
            "contacts/ok-2.md": "---\nname: OK Two\n---\n",
        }
    )
    code, lines = check(root)
    assert code == 1
    rule = "is not a valid contact slug: use lowercase a-z, 0-9 and single hyphens"
    assert lines[:-1] == [
        f"contacts/-dana.md: error: file name '-dana.md' {rule}, e.g. 'dana.md' [bad-slug]",
        f"contacts/Bob Stone.md: error: file name 'Bob Stone.md' {rule}, e.g. 'bob-stone.md' [bad-slug]",
        f"contacts/Zoë O'Brien.md: error: file name 'Zoë O'Brien.md' {rule}, e.g. 'zoe-obrien.md' [bad-slug]",
        f"contacts/alice_chen.md: error: file name 'alice_chen.md' {rule}, e.g. 'alice-chen.md' [bad-slug]",
        f"contacts/carol--diaz.md: error: file name 'carol--diaz.md' {rule}, e.g. 'carol-diaz.md' [bad-slug]",
        f"contacts/zoë.md: error: file name 'zoë.md' {rule}, e.g. 'zoe.md' [bad-slug]",
    ]
    # a badly named contact still loads: meetings can name it and nothing cascades
    assert lines[-1] == "✗ 6 errors, 0 warnings in 7 contacts and 0 meetings"


def test_bad_slug_suggests_the_slug_new_contact_makes(check, kb, run):
    """The file name `check` proposes is the one `rolodex new contact` would have made."""
    root = kb({"contacts/Zoë O'Brien.md": "---\nname: Zoë O'Brien\n---\n"})
    suggested = check(root)[1][0].split("e.g. '")[1].split("'")[0]
    (root / "contacts/Zoë O'Brien.md").unlink()
    made = run(root, "new", "contact", "Zoë O'Brien").output.strip()
    assert (suggested, made) == ("zoe-obrien.md", "contacts/zoe-obrien.md")


def test_meeting_file_names_are_not_contact_slugs(check, kb):
    root = kb({**JANE, "meetings/2026-11-20 Jane Doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\n---\n"})
    assert check(root)[0] == 0


def test_duplicate_slug_ignores_case_and_subfolders(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\n---\n",
            "contacts/acme/jane-doe.md": "---\nname: Jane Doe of Acme\n---\n",
            "contacts/globex/Jane-Doe.md": "---\nname: Jane Doe of Globex\n---\n",
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\n---\n",
            "meetings/2026/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\n---\n",
        }
    )
    code, lines = check(root)
    assert code == 1
    unique = "slugs must be unique (ignoring case) across subfolders; rename one file [duplicate-slug]"
    assert lines == [
        "contacts/globex/Jane-Doe.md: error: file name 'Jane-Doe.md' is not a valid contact slug: use lowercase a-z, "
        "0-9 and single hyphens, e.g. 'jane-doe.md' [bad-slug]",
        f"contacts/globex/Jane-Doe.md: error: contact slug 'Jane-Doe' is already used by contacts/acme/jane-doe.md; {unique}",
        f"contacts/jane-doe.md: error: contact slug 'jane-doe' is already used by contacts/acme/jane-doe.md; {unique}",
        "meetings/2026/2026-11-20-jane-doe.md: error: meeting slug '2026-11-20-jane-doe' is already used by "
        f"meetings/2026-11-20-jane-doe.md; {unique}",
        "✗ 4 errors, 0 warnings in 3 contacts and 2 meetings (3 of them left out: see the errors above)",
    ]


def test_unknown_key_with_did_you_mean(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": """\
            ---
            name: Jane Doe
            compnay: Initech
            zip: 02139
            touches:
              - {date: 2026-11-01, kind: outreach, notes: cold email}
            ---
            """,
            "meetings/2026-11-20-jane-doe.md": """\
            ---
            date: 2026-11-20
            with: jane-doe
            locaton: Blue Bottle
            referrals:
              - {name: Maria Lopez, contcat: maria-lopez}
            follow_ups:
              - {task: Send the deck, due: 2026-11-25, don: true}
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 0
    assert lines[:-1] == [
        "contacts/jane-doe.md:3: warning: unknown key 'compnay' in a contact; did you mean 'company'? [unknown-key]",
        "contacts/jane-doe.md:4: warning: unknown key 'zip' in a contact [unknown-key]",
        "contacts/jane-doe.md:6: warning: unknown key 'notes' in a touch; did you mean 'note'? [unknown-key]",
        "meetings/2026-11-20-jane-doe.md:4: warning: unknown key 'locaton' in a meeting; did you mean 'location'? [unknown-key]",
        "meetings/2026-11-20-jane-doe.md:6: warning: unknown key 'contcat' in a referral; did you mean 'contact'? [unknown-key]",
        "meetings/2026-11-20-jane-doe.md:8: warning: unknown key 'don' in a follow-up; did you mean 'done'? [unknown-key]",
    ]


def test_keys_of_obsidian_and_mkdocs_are_not_unknown(check, kb):
    root = kb({"contacts/jane-doe.md": "---\nname: Jane Doe\naliases: [Jane]\ncssclasses: [wide]\ntags: [a]\n---\n"})
    assert check(root)[0:2] == (0, ["✓ 0 errors, 0 warnings in 1 contact and 0 meetings"])


def test_filename_date(check, kb):
    root = kb(
        {
            **JANE,
            "meetings/2026-11-22-jane-doe.md": "---\ndate: 2026-11-21T18:00:00+01:00\nwith: jane-doe\n---\n",
            "meetings/coffee-with-jane.md": '---\ndate: 2026-10-01\nwith: "[[Jane Doe]]"\n---\n',
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20 09:30\nwith: jane-doe\n---\n",
        }
    )
    code, lines = check(root)
    assert code == 0
    assert lines[:-1] == [
        "meetings/2026-11-22-jane-doe.md:2: warning: file name says 2026-11-22 but 'date' is 2026-11-21 [filename-date]",
        "meetings/coffee-with-jane.md:2: warning: file name should start with the meeting's date, e.g. "
        "'2026-10-01-jane-doe.md' [filename-date]",
    ]


# --- one test per rule: across files ----------------------------------------------


def test_unknown_contact_in_with_referred_by_and_referrals(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\nreferred_by: bob-stne\n---\n",
            "contacts/bob-stone.md": "---\nname: Bob Stone\n---\n",
            "contacts/carol-diaz.md": '---\nname: Carol Diaz\nreferred_by: "[[Jane Do]]"\n---\n',
            "meetings/2026-11-20-jane-doe.md": """\
            ---
            date: 2026-11-20
            with: [jane-doe, jane-do]
            referrals:
              - carol-dias
              - "[[Nobody At All]]"
              - {name: Maria Lopez, note: not a contact yet; that is fine}
              - {contact: zed}
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/carol-diaz.md:3: error: 'referred_by' names '[[Jane Do]]', but there is no contact with that slug or name; "
        "did you mean 'jane-doe' (Jane Doe)? [unknown-contact]",
        "contacts/jane-doe.md:3: error: 'referred_by' names 'bob-stne', but there is no contact with that slug; "
        "did you mean 'bob-stone'? [unknown-contact]",
        "meetings/2026-11-20-jane-doe.md:3: error: 'with' names 'jane-do', but there is no contact with that slug; "
        "did you mean 'jane-doe'? [unknown-contact]",
        "meetings/2026-11-20-jane-doe.md:5: error: 'referrals' names 'carol-dias', but there is no contact with that slug; "
        "did you mean 'carol-diaz'? [unknown-contact]",
        "meetings/2026-11-20-jane-doe.md:6: error: 'referrals' names '[[Nobody At All]]', but there is no contact with "
        "that slug or name [unknown-contact]",
        "meetings/2026-11-20-jane-doe.md:8: error: 'referrals' names 'zed', but there is no contact with that slug [unknown-contact]",
    ]


def test_unknown_contact_by_name_suggests_the_slug(check, kb):
    root = kb({**JANE, "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: Jane Doe\n---\n"})
    assert check(root)[1][0] == (
        "meetings/2026-11-20-jane-doe.md:3: error: 'with' names 'Jane Doe', but there is no contact with that slug; "
        "did you mean 'jane-doe' (Jane Doe)? [unknown-contact]"
    )


def test_a_link_to_a_name_two_contacts_share_is_ambiguous(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\n---\n",
            "contacts/jane-doe-2.md": "---\nname: Jane Doe\n---\n",
            "meetings/2026-11-20-jane-doe.md": '---\ndate: 2026-11-20\nwith: "[[Jane Doe]]"\n---\n',
        }
    )
    assert (
        "meetings/2026-11-20-jane-doe.md:3: error: 'with' names '[[Jane Doe]]', but 2 contacts have that name "
        '(jane-doe, jane-doe-2); link to one by its slug, e.g. "[[jane-doe]]" [unknown-contact]' in check(root)[1]
    )


def test_a_contact_that_fails_to_load_is_not_also_unknown(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": "---\nname: [Jane\n---\n",
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\n---\n",
        }
    )
    code, lines = check(root)
    assert lines == [
        "contacts/jane-doe.md:2: error: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence on line 2) [yaml-syntax]",
        "✗ 1 error, 0 warnings in 1 contact and 1 meeting (1 of them left out: see the errors above)",
    ]


def test_self_referral(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": '---\nname: Jane Doe\nreferred_by: "[[Jane Doe]]"\n---\n',
            "contacts/bob-stone.md": "---\nname: Bob Stone\n---\n",
            "meetings/2026-11-20-jane-doe.md": """\
            ---
            date: 2026-11-20
            with: [jane-doe, bob-stone]
            referrals:
              - bob-stone
              - {name: Bob Stone, contact: "[[bob-stone]]"}
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "contacts/jane-doe.md:3: error: 'referred_by' names '[[Jane Doe]]', this contact itself; name who introduced you "
        "[self-referral]",
        "meetings/2026-11-20-jane-doe.md:5: error: 'bob-stone' is listed as a referral in a meeting with them; "
        "a referral is someone else they suggested you meet [self-referral]",
        "meetings/2026-11-20-jane-doe.md:6: error: 'bob-stone' is listed as a referral in a meeting with them; "
        "a referral is someone else they suggested you meet [self-referral]",
    ]


def test_thank_you_before_meeting(check, kb):
    root = kb(
        {
            **JANE,
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20 09:30\nwith: jane-doe\nthank_you: 2026-11-19\n---\n",
            "meetings/2026-11-21-jane-doe.md": "---\ndate: 2026-11-21\nwith: jane-doe\nthank_you: 2026-11-21\n---\n",
        }
    )
    code, lines = check(root)
    assert code == 1
    assert lines[:-1] == [
        "meetings/2026-11-20-jane-doe.md:4: error: 'thank_you' is 2026-11-19, before the meeting on 2026-11-20 [thank-you-before-meeting]",
    ]


def test_held_in_future(check, kb):
    root = kb(
        {
            **JANE,
            "meetings/2027-01-15-jane-doe.md": "---\ndate: 2027-01-15\nwith: jane-doe\nstatus: held\n---\n",
            "meetings/2026-11-26-jane-doe.md": "---\ndate: 2026-11-26\nwith: jane-doe\nstatus: held\n---\n",
            "meetings/2026-12-01-jane-doe.md": "---\ndate: 2026-12-01\nwith: jane-doe\n---\n",
        }
    )
    code, lines = check(root)
    assert code == 0
    assert lines[:-1] == [
        "meetings/2027-01-15-jane-doe.md:4: warning: status is 'held' but the meeting is on 2027-01-15, after today "
        "(2026-11-26); use 'planned', or fix the date [held-in-future]",
    ]
    # today is a parameter: the same file is fine once its day has come
    assert check(root, "--today", "2027-01-15")[1] == ["✓ 0 errors, 0 warnings in 1 contact and 3 meetings"]


def test_future_touch(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": """\
            ---
            name: Jane Doe
            touches:
              - {date: 2026-11-26, kind: reply}
              - {date: 2026-12-01, kind: check-in}
              - {date: 2027-01-02 10:00, kind: outreach}
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 0
    after = "touches record what already happened (plan ahead with a meeting or a follow-up) [future-touch]"
    assert lines[:-1] == [
        f"contacts/jane-doe.md:5: warning: a 'check-in' touch is dated 2026-12-01, after today (2026-11-26); {after}",
        f"contacts/jane-doe.md:6: warning: an 'outreach' touch is dated 2027-01-02, after today (2026-11-26); {after}",
    ]


def test_possible_duplicate_by_email_linkedin_phone_and_name(check, kb):
    root = kb(
        {
            "contacts/alice-chen.md": "---\nname: Alice Chen\nemail: alice@initech.example\n---\n",
            "contacts/achen.md": "---\nname: A. Chen\nemail:\n  - a.chen@home.example\n  - ALICE@Initech.example\n---\n",
            "contacts/bob-stone.md": "---\nname: Bob Stone\nlinks:\n  linkedin: https://www.linkedin.com/in/bob-stone/\n---\n",
            "contacts/robert-stone.md": "---\nname: Robert Stone\nlinks:\n  LinkedIn: http://linkedin.com/in/bob-stone?trk=x\n---\n",
            "contacts/carol-diaz.md": "---\nname: Carol Diaz\nphone: +1 (555) 010-0200\n---\n",
            "contacts/c-diaz.md": '---\nname: C. Diaz\nphone: "+1 555 010 0200"\n---\n',
            "contacts/dana-kim.md": '---\nname: Dana Kim\nphone: "0123"\n---\n',
            "contacts/dana-kim-2.md": '---\nname: dana  KIM\nphone: "0123"\n---\n',
        }
    )
    code, lines = check(root)
    assert code == 0
    same = "is this the same person? merge the files, or ignore if not [possible-duplicate]"
    assert lines[:-1] == [
        f"contacts/alice-chen.md:3: warning: same email as contacts/achen.md; {same}",
        f"contacts/carol-diaz.md:3: warning: same phone as contacts/c-diaz.md; {same}",
        f"contacts/dana-kim.md:2: warning: same name as contacts/dana-kim-2.md; {same}",  # 0123: too short to compare
        f"contacts/robert-stone.md:3: warning: same LinkedIn URL as contacts/bob-stone.md; {same}",
    ]


def test_possible_duplicate_whatever_the_unicode_form_of_the_name(check, kb):
    """`Zoë` typed as one character (NFC) or as `e` + combining diaeresis (NFD) is one name."""
    composed, decomposed = "Zo\u00eb Kim", "Zoe\u0308 Kim"
    root = kb(
        {
            "contacts/zoe-kim.md": f"---\nname: {composed}\n---\n",
            "contacts/zoe-kim-2.md": f"---\nname: {decomposed}\n---\n",
        }
    )
    assert check(root)[1] == [
        "contacts/zoe-kim.md:2: warning: same name as contacts/zoe-kim-2.md; is this the same person? "
        "merge the files, or ignore if not [possible-duplicate]",
        "! 0 errors, 1 warning in 2 contacts and 0 meetings",
    ]


def test_possible_duplicate_is_one_warning_per_pair(check, kb):
    root = kb(
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\nemail: jane@x.example\nphone: 555 010 0100\n---\n",
            "contacts/jane-doe-2.md": "---\nname: Jane Doe\nemail: jane@x.example\nphone: 555 010 0100\n---\n",
        }
    )
    assert check(root)[1] == [
        "contacts/jane-doe.md:3: warning: same email as contacts/jane-doe-2.md; is this the same person? "
        "merge the files, or ignore if not [possible-duplicate]",
        "! 0 errors, 1 warning in 2 contacts and 0 meetings",
    ]


# Each phrasing is measured in test_jobask.py; here, how `check` reports them.
def test_job_ask(check, kb):
    root = kb(
        {
            **JANE,
            "meetings/2026-12-01-jane-doe.md": """\
            ---
            date: 2026-12-01
            with: jane-doe
            questions:
              - How did you get your first job in this field?
              - Are you hiring?
              - Who else should I talk to?
              - Are there any openings on your team?
              - Could you refer me for a job at your agency?
            ---
            """,
        }
    )
    code, lines = check(root)
    assert code == 0
    why = (
        "asks for a job; an informational interview asks to learn about their work and who else to talk to, "
        "never for a job (it puts them on the spot) [job-ask]"
    )
    assert lines[:-1] == [
        f"meetings/2026-12-01-jane-doe.md:6: warning: 'questions': 'Are you hiring?' {why}",
        f"meetings/2026-12-01-jane-doe.md:8: warning: 'questions': 'Are there any openings on your team?' {why}",
        f"meetings/2026-12-01-jane-doe.md:9: warning: 'questions': 'Could you refer me for a job at your agency?' {why}",
    ]
    assert check(root, "--strict")[0] == 1


CONFIG_HEAD = "site_name: Test\nplugins:\n  - search\n  - rolodex:\n"


def test_config_unknown_option_and_wrong_types(check, kb):
    root = kb(
        JANE,
        config=CONFIG_HEAD
        + """\
      nudge_dayz: 10
      cadence_days: a quarter
      thank_you_days: -1
      max_nudges: true
      meeting_minutes: 0
      holiday_start: "12-32"
      contacts_dir: [contacts]
      cadence_by_tag:
        mentor: 30
        press: sometimes
      me:
        name: Sam Rivera
        emial: sam@example.org
""",
    )
    code, lines = check(root)
    assert code == 1
    assert lines == [
        "mkdocs.yml:5: error: unknown rolodex option 'nudge_dayz'; did you mean 'nudge_days'? [config]",
        "mkdocs.yml:6: error: rolodex option 'cadence_days': expected a whole number of days (1 or more), found 'a quarter' [config]",
        "mkdocs.yml:7: error: rolodex option 'thank_you_days': expected a whole number of days (0 or more), found -1 [config]",
        "mkdocs.yml:8: error: rolodex option 'max_nudges': expected a whole number of nudges (0 or more), found true [config]",
        "mkdocs.yml:9: error: rolodex option 'meeting_minutes': expected a whole number of minutes (1 or more), found 0 [config]",
        "mkdocs.yml:10: error: rolodex option 'holiday_start': expected a month-day such as \"12-01\", found '12-32' [config]",
        "mkdocs.yml:11: error: rolodex option 'contacts_dir': expected text, found a list [config]",
        "mkdocs.yml:14: error: rolodex option 'cadence_by_tag': tag 'press': expected a positive number of days or 'never', "
        "found 'sometimes' [config]",
        "mkdocs.yml:17: error: unknown rolodex option 'me.emial'; did you mean 'me.email'? [config]",
        # a broken option falls back to its default, so the files are still checked
        "✗ 9 errors, 0 warnings in 1 contact and 0 meetings",
    ]


def test_config_options_not_a_mapping(check, kb):
    root = kb(JANE, config="site_name: Test\nplugins:\n  - rolodex: [cadence_days]\n")
    assert (
        check(root)[1][0] == "mkdocs.yml:3: error: the rolodex plugin's options must be a mapping, found list [config]"
    )


def test_config_yaml_syntax(check, kb):
    root = kb(JANE, config="site_name: Test\nplugins:\n  - rolodex:\n      cadence_days: [90\n")
    code, lines = check(root)
    assert code == 1
    assert lines[0].startswith("mkdocs.yml:5: error: YAML syntax: ")
    assert lines[0].endswith("[config]")


def test_config_fixture_with_real_mkdocs_tags(check):
    code, lines = check("config-errors")
    assert code == 1
    assert lines == [
        "mkdocs.yml:20: error: unknown rolodex option 'nudge_dayz'; did you mean 'nudge_days'? [config]",
        "mkdocs.yml:21: error: rolodex option 'cadence_days': expected a whole number of days (1 or more), found 'a quarter' [config]",
        "mkdocs.yml:22: error: rolodex option 'holiday_start': expected a month-day such as \"12-01\", found '12-32' [config]",
        "mkdocs.yml:25: error: rolodex option 'cadence_by_tag': tag 'press': expected a positive number of days or 'never', "
        "found 'sometimes' [config]",
        "mkdocs.yml:28: error: unknown rolodex option 'me.emial'; did you mean 'me.email'? [config]",
        "✗ 5 errors, 0 warnings in 1 contact and 0 meetings",
    ]


# --- scenario fixtures: the complete output -----------------------------------------


FIXTURE_OUTPUT = {
    "minimal": (0, []),
    "subfolders": (0, []),
    "broken-yaml": (
        1,
        [
            "contacts/a-list.md:2: error: front matter should be 'key: value' lines (a mapping), found a list [not-a-mapping]",
            "contacts/bad-indent.md:4: error: YAML syntax error: mapping values are not allowed in this context [yaml-syntax]",
            "contacts/empty-front-matter.md:1: error: front matter is empty; expected 'key: value' lines [not-a-mapping]",
            "contacts/latin-1.md:2: error: not UTF-8 text (byte 0xe9 at offset 13); save the file as UTF-8 [encoding]",
            "contacts/never-closed.md:1: error: front matter opened with '---' on line 1 is never closed with '---' [no-front-matter]",
            "contacts/no-front-matter.md:1: error: no front matter: the file must start with a line '---', then YAML keys, "
            "then '---' [no-front-matter]",
            "contacts/twice.md:4: error: key 'company' appears twice (first on line 3); keep one (other YAML tools silently "
            "use the last) [duplicate-key]",
            "contacts/unclosed-list.md:4: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
            "sequence on line 3) [yaml-syntax]",
            "contacts/unclosed-quote.md:2: error: YAML syntax error: found unexpected end of stream (while scanning a quoted "
            "scalar on line 2) [yaml-syntax]",
        ],
    ),
    "crlf-bom": (
        1,
        [
            "contacts/bob-stone.md:6: error: 'date': 2026-02-30 is not a real date (day is out of range for month) [bad-date]",
            "contacts/dana-kim.md:2: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence "
            "on line 2) [yaml-syntax]",
            "contacts/jane-doe.md:3: warning: unknown key 'compnay' in a contact; did you mean 'company'? [unknown-key]",
            "contacts/jane-doe.md:4: error: 'priority' must be one of high, medium, low; found 'urgent' [bad-value]",
            "meetings/2026-11-20-jane-doe.md:3: error: 'with' names 'bob-ston', but there is no contact with that slug; "
            "did you mean 'bob-stone'? [unknown-contact]",
            "meetings/2026-11-20-jane-doe.md:5: error: 'kind' must be one of informational, coffee, call, video, event, other; "
            "found 'lunch' [bad-value]",
        ],
    ),
    "obsidian": (
        1,
        [
            "meetings/2026-11-21-jane-doe.md:3: error: 'with': an Obsidian link needs quotes in YAML; write \"[[jane-doe]]\" "
            "(without them, [[…]] is a list inside a list) [wrong-type]",
        ],
    ),
    "job-asks": (
        0,
        [
            "meetings/2026-12-01-jane-doe.md:6: warning: 'questions': 'Are you hiring?' asks for a job; an informational "
            "interview asks to learn about their work and who else to talk to, never for a job (it puts them on the spot) [job-ask]",
            "meetings/2026-12-01-jane-doe.md:8: warning: 'questions': 'Are there any openings on your team?' asks for a job; "
            "an informational interview asks to learn about their work and who else to talk to, never for a job (it puts "
            "them on the spot) [job-ask]",
            "meetings/2026-12-01-jane-doe.md:10: warning: 'questions': 'Could you refer me for a job at your agency?' asks for "
            "a job; an informational interview asks to learn about their work and who else to talk to, never for a job (it "
            "puts them on the spot) [job-ask]",
        ],
    ),
    # a KB full of the mistakes people make by hand: every one reported at once, files still loaded
    "mistakes": (
        1,
        [
            "contacts/Bob Stone.md: error: file name 'Bob Stone.md' is not a valid contact slug: use lowercase a-z, 0-9 and single hyphens, e.g. 'bob-stone.md' [bad-slug]",
            "contacts/alice_chen.md: error: file name 'alice_chen.md' is not a valid contact slug: use lowercase a-z, 0-9 and single hyphens, e.g. 'alice-chen.md' [bad-slug]",
            "contacts/alice_chen.md:3: error: 'cadence' should be a positive number of days or 'never', found '0' [bad-value]",
            "contacts/empty-name.md:2: error: 'name' is empty; it is required [missing-key]",
            "contacts/jane-doe.md:3: warning: unknown key 'compnay' in a contact; did you mean 'company'? [unknown-key]",
            "contacts/jane-doe.md:4: error: 'title' should be text, found a list [wrong-type]",
            "contacts/jane-doe.md:5: error: 'email' should be one value or a list of values, found a mapping [wrong-type]",
            "contacts/jane-doe.md:6: error: 'priority' must be one of high, medium, low; found 'urgent' [bad-value]",
            "contacts/jane-doe.md:7: error: 'cadence' should be a whole number of days or 'never', found 'monthly' [wrong-type]",
            "contacts/jane-doe.md:8: error: 'archived' should be true or false (without quotes), found 'yes' [wrong-type]",
            "contacts/jane-doe.md:9: error: 'tags' should be a list, found 'mentor'; write it as '- item' lines or [a, b] [wrong-type]",
            "contacts/jane-doe.md:11: error: a touch needs 'kind': one of outreach, reply, thank-you, check-in, call, message, note [missing-key]",
            "contacts/jane-doe.md:12: error: a touch needs 'date': the day it happened, YYYY-MM-DD [missing-key]",
            "contacts/jane-doe.md:13: error: 'kind' must be one of outreach, reply, thank-you, check-in, call, message, note; found 'coffee' [bad-value]",
            "contacts/jane-doe.md:13: warning: unknown key 'mood' in a touch [unknown-key]",
            "contacts/jane-doe.md:14: error: 'links' should map a name to a URL (linkedin: https://…), found 'https://www.linkedin.com/in/jane-doe' [wrong-type]",
            "contacts/no-name.md:2: error: required key 'name' is missing: the person's display name [missing-key]",
            "meetings/2026-11-20-jane-doe.md:2: error: required key 'with' is missing: who did you meet? [missing-key]",
            "meetings/2026-11-20-jane-doe.md:3: error: 'kind' must be one of informational, coffee, call, video, event, other; found 'lunch' [bad-value]",
            "meetings/2026-11-20-jane-doe.md:4: error: 'duration' should be a whole number of minutes, found 'half an hour' [wrong-type]",
            "meetings/2026-11-20-jane-doe.md:5: error: 'status' must be one of planned, held, cancelled; found 'done'; until it is fixed, this meeting is left out of every follow-up [bad-value]",
            "meetings/2026-11-20-jane-doe.md:7: error: a referral needs 'name' (who they suggested) or 'contact' (a contact slug) [missing-key]",
            "meetings/2026-11-20-jane-doe.md:9: error: a follow-up should be {task: …, due: YYYY-MM-DD}, found 'Send the article' [wrong-type]",
            "meetings/2026-11-20-jane-doe.md:10: error: 'done' should be a date YYYY-MM-DD, true or false, found 'maybe' [wrong-type]",
            "meetings/2026-11-20-jane-doe.md:11: error: 'questions' should be a list, found 'What does a typical week look like?'; write it as '- item' lines or [a, b] [wrong-type]",
            "meetings/2026-11-20-jane-doe.md:12: warning: unknown key 'locaton' in a meeting; did you mean 'location'? [unknown-key]",
            "meetings/2026-11-21-jane-doe.md:2: error: 'with' is empty: name the contact slug(s) you met [missing-key]",
            "meetings/2026-11-21-jane-doe.md:2: error: required key 'date' is missing: when the meeting is, YYYY-MM-DD [missing-key]",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_OUTPUT))
def test_fixture_output(name, check):
    code, lines = check(name)
    assert (code, lines[:-1]) == FIXTURE_OUTPUT[name]


def test_fixture_codes(check):
    """The remaining scenarios, by the codes each file gets (their messages are pinned above)."""

    def codes(name: str) -> list[tuple[str, str]]:
        found = json.loads("\n".join(check(name, "--format", "json")[1]))
        return [(p["path"], p["code"]) for p in found]

    assert codes("dangling-refs") == [
        ("contacts/bob-stone.md", "self-referral"),
        ("contacts/carol-diaz.md", "unknown-contact"),
        ("contacts/jane-doe.md", "unknown-contact"),
        ("meetings/2026-11-20-jane-doe.md", "unknown-contact"),
        ("meetings/2026-11-20-jane-doe.md", "unknown-contact"),
        ("meetings/2026-11-20-jane-doe.md", "unknown-contact"),
        ("meetings/2026-11-20-jane-doe.md", "self-referral"),
        ("meetings/2026-11-21-zed.md", "unknown-contact"),
    ]
    assert codes("duplicates") == [
        ("contacts/alice-chen.md", "possible-duplicate"),
        ("contacts/carol-diaz.md", "possible-duplicate"),
        ("contacts/dana-kim.md", "possible-duplicate"),
        ("contacts/globex/Jane-Doe.md", "bad-slug"),
        ("contacts/globex/Jane-Doe.md", "duplicate-slug"),
        ("contacts/jane-doe.md", "duplicate-slug"),
        ("contacts/robert-stone.md", "possible-duplicate"),
        ("meetings/2026-11-20-jane-doe.md", "duplicate-slug"),
    ]
    assert codes("dates") == [
        ("contacts/jane-doe.md", "bad-date"),
        ("contacts/jane-doe.md", "future-touch"),
        ("contacts/jane-doe.md", "bad-date"),
        ("meetings/2026-02-30-jane-doe.md", "bad-date"),
        ("meetings/2026-02-30-jane-doe.md", "unknown-contact"),
        ("meetings/2026-02-30-jane-doe.md", "bad-value"),
        ("meetings/2026-11-20-jane-doe.md", "thank-you-before-meeting"),
        ("meetings/2026-11-20-jane-doe.md", "bad-date"),
        ("meetings/2026-11-20-jane-doe.md", "missing-key"),
        ("meetings/2026-11-22-jane-doe.md", "filename-date"),
        ("meetings/2027-01-15-jane-doe.md", "held-in-future"),
        ("meetings/coffee-with-jane.md", "filename-date"),
    ]


def test_every_code_is_documented_and_tested():
    """docs/format.md lists every code `rolodex check` can report, and this file tests each."""
    from conftest import REPO

    doc = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    here = Path(__file__).read_text(encoding="utf-8")
    for code in CODES:
        assert f"| `{code}` |" in doc, code
        assert f"[{code}]" in here or f'"{code}"' in here, code


CODES = (
    "encoding",
    "unreadable",
    "no-front-matter",
    "yaml-syntax",
    "not-a-mapping",
    "duplicate-key",
    "missing-key",
    "wrong-type",
    "bad-value",
    "bad-date",
    "bad-slug",
    "duplicate-slug",
    "unknown-contact",
    "self-referral",
    "thank-you-before-meeting",
    "config",
    "unknown-key",
    "filename-date",
    "possible-duplicate",
    "held-in-future",
    "future-touch",
    "job-ask",
)


def test_a_file_left_out_for_a_duplicate_slug_still_has_its_own_problems_reported(check, kb):
    root = kb(
        {
            "contacts/acme/jane-doe.md": "---\nname: Jane Doe\ncompany: Acme\n---\n",
            "contacts/jane-doe.md": "---\nname: Jane Doe\ncompnay: Acme\npriority: urgent\n---\n",
        }
    )
    assert check(root) == (
        1,
        [
            "contacts/jane-doe.md: error: contact slug 'jane-doe' is already used by contacts/acme/jane-doe.md; "
            "slugs must be unique (ignoring case) across subfolders; rename one file [duplicate-slug]",
            "contacts/jane-doe.md:3: warning: unknown key 'compnay' in a contact; did you mean 'company'? [unknown-key]",
            "contacts/jane-doe.md:4: error: 'priority' must be one of high, medium, low; found 'urgent' [bad-value]",
            "✗ 2 errors, 1 warning in 2 contacts and 0 meetings (1 of them left out: see the errors above)",
        ],
    )
