"""The writing commands as a user runs them: exact output, exit codes and diffs.

Golden files: each fixture under tests/fixtures/edit/ is copied into a KB, a command
runs, and the lines it changed (with their line endings) must equal the `.diff` file
beside it. Set ROLODEX_UPDATE_GOLDEN=1 to rewrite the `.diff` files after a deliberate
change, then review them with `git diff`.
"""

from __future__ import annotations

import difflib
import os
import shutil
import sys
from pathlib import Path

import frontmatter as python_frontmatter
import pytest

from conftest import FIXTURES, REPO, TODAY, write_kb
from rolodex.kb.loader import load
from rolodex.rules import followups

EDIT = FIXTURES / "edit"
NOTE = "Sent the piece: 'Transit at 100' #1"
UPDATE = bool(os.environ.get("ROLODEX_UPDATE_GOLDEN"))


def changed_lines(old: bytes, new: bytes) -> str:
    """A unified diff without context: hunk headers, then the removed (-) and added (+) lines,
    each with its own line ending (a CRLF stays visible; a BOM would show as a change of line 1)."""
    a = old.decode("utf-8").splitlines(keepends=True)
    b = new.decode("utf-8").splitlines(keepends=True)
    return "".join(list(difflib.unified_diff(a, b, n=0))[2:])


def golden(name: str, got: str) -> None:
    path = EDIT / name
    if UPDATE:
        path.write_bytes(got.encode("utf-8"))
    assert got == path.read_bytes().decode("utf-8")


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`kb({path: text})` → a KB root that is also the working directory (paths print as contacts/…)."""

    def make(files: dict[str, str] | None = None, config: str | None = None) -> Path:
        root = write_kb(tmp_path / "kb", files or {}, config)
        monkeypatch.chdir(root)
        return root

    return make


JANE = {"contacts/jane-doe.md": "---\nname: Jane Doe\n---\n"}

CONTACT_GOLDENS = sorted(p.stem for p in EDIT.glob("*.md") if not p.stem.startswith("meeting"))


# --- golden diffs -------------------------------------------------------------------------


@pytest.mark.parametrize("name", CONTACT_GOLDENS)
def test_log_changes_only_the_new_lines(name, kb, run):
    root = kb()
    target = root / "contacts" / f"{name}.md"
    shutil.copyfile(EDIT / f"{name}.md", target)
    before = target.read_bytes()
    result = run(root, "log", name, "check-in", "--note", NOTE)
    assert result.exit_code == 0, result.output
    after = target.read_bytes()
    golden(f"{name}.log.diff", changed_lines(before, after))
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in before:
        assert after.count(b"\n") == after.count(b"\r\n")  # CRLF stays CRLF, new lines included
    else:
        assert b"\r" not in after
    assert run(root, "check").exit_code == 0


@pytest.mark.parametrize("task", ["Send the article", "Introduce her to", "Connect on LinkedIn"])
def test_done_follow_up_changes_only_that_entry(task, kb, run):
    root = kb(JANE)
    target = root / "meetings" / "2026-11-20-jane-doe.md"
    shutil.copyfile(EDIT / "meeting-follow-ups.md", target)
    before = target.read_bytes()
    item_id = _id_of(root, task)
    result = run(root, "done", item_id)
    assert result.exit_code == 0, result.output
    slug = task.split()[0].lower()
    golden(f"meeting-follow-ups.done-{slug}.diff", changed_lines(before, target.read_bytes()))
    assert item_id not in [i.id for i in followups.compute(load(root, cache=False)[0], TODAY)]


def _id_of(root: Path, task_start: str) -> str:
    kb_, _ = load(root, cache=False)
    meeting = kb_.meetings["2026-11-20-jane-doe"]
    index = next(i for i, t in enumerate(meeting.follow_ups) if t.task.startswith(task_start))
    return followups.follow_up_id(meeting, index)


# --- rolodex log -------------------------------------------------------------------------


def test_log_prints_where_it_wrote(kb, run):
    root = kb(
        {"contacts/jane-doe.md": "---\nname: Jane Doe\ntouches:\n  - date: 2026-11-01\n    kind: outreach\n---\n"}
    )
    result = run(root, "log", "jane-doe", "reply", "--date", "2026-11-20", "--note", "Said yes")
    assert (result.exit_code, result.output) == (0, "contacts/jane-doe.md:6: added reply touch 2026-11-20\n")
    assert (root / "contacts/jane-doe.md").read_text() == (
        "---\nname: Jane Doe\ntouches:\n  - date: 2026-11-01\n    kind: outreach\n"
        "  - date: 2026-11-20\n    kind: reply\n    note: Said yes\n---\n"
    )


def test_log_defaults_to_today_and_finds_subfolders(kb, run):
    root = kb({"contacts/city/jane-doe.md": "---\nname: Jane Doe\n---\n"})
    result = run(root, "log", "Jane-Doe", "outreach")
    assert (result.exit_code, result.output) == (0, "contacts/city/jane-doe.md:3: added outreach touch 2026-11-26\n")
    assert (root / "contacts/city/jane-doe.md").read_text() == (
        "---\nname: Jane Doe\ntouches:\n  - date: 2026-11-26\n    kind: outreach\n---\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--date", "yesterday", "--today", "2027-03-01"),
        ("--today", "2027-03-01", "--date", "yesterday"),
    ],
)
def test_relative_dates_count_from_today_option_wherever_it_stands(kb, run, args):
    """`yesterday` is the day before --today, not before the real date ($ROLODEX_TODAY is 2026-11-26 here)."""
    root = kb(JANE)
    result = run(root, "log", "jane-doe", "call", *args)
    assert (result.exit_code, result.output) == (0, "contacts/jane-doe.md:3: added call touch 2027-02-28\n")


def test_relative_dates_follow_rolodex_today_without_the_option(kb, run):
    root = kb(JANE)
    result = run(root, "new", "meeting", "jane-doe", "--date", "tomorrow")
    assert (result.exit_code, result.output) == (0, "meetings/2026-11-27-jane-doe.md\n")
    result = run(root, "log", "jane-doe", "outreach", "--date", "today")
    assert (result.exit_code, result.output) == (0, "contacts/jane-doe.md:3: added outreach touch 2026-11-26\n")


def test_log_dry_run_prints_the_diff_and_writes_nothing(kb, run):
    root = kb(JANE)
    result = run(root, "log", "jane-doe", "call", "--dry-run")
    assert result.exit_code == 0
    assert result.output == (
        "--- a/contacts/jane-doe.md\n+++ b/contacts/jane-doe.md\n@@ -1,3 +1,6 @@\n ---\n name: Jane Doe\n"
        "+touches:\n+  - date: 2026-11-26\n+    kind: call\n ---\n"
    )
    assert (root / "contacts/jane-doe.md").read_text() == JANE["contacts/jane-doe.md"]


def test_log_unknown_contact_suggests(kb, run):
    root = kb(JANE)
    result = run(root, "log", "jane-do", "reply")
    assert (result.exit_code, result.output) == (1, "Error: no contact 'jane-do'; did you mean 'jane-doe'?\n")


def test_log_unknown_kind_is_a_usage_error(kb, run):
    root = kb(JANE)
    result = run(root, "log", "jane-doe", "email")
    assert result.exit_code == 2
    assert (
        "'email' is not one of 'outreach', 'reply', 'thank-you', 'check-in', 'call', 'message', 'note'" in result.output
    )


def test_log_bad_date_is_a_usage_error(kb, run):
    root = kb(JANE)
    result = run(root, "log", "jane-doe", "reply", "--date", "2026-02-30")
    assert result.exit_code == 2
    assert "expected a date YYYY-MM-DD, got '2026-02-30'" in result.output


def test_log_refuses_a_file_that_does_not_parse(kb, run):
    broken = "---\nname: Jane Doe\ntags: [a, b\n---\nBody\n"
    root = kb({"contacts/jane-doe.md": broken})
    result = run(root, "log", "jane-doe", "reply")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("contacts/jane-doe.md:3: error: YAML syntax error:")
    assert result.stderr.endswith("; fix the file before rolodex edits it [yaml-syntax]\n")
    assert (root / "contacts/jane-doe.md").read_text() == broken


def test_log_refuses_touches_that_are_not_a_list(kb, run):
    root = kb({"contacts/jane-doe.md": "---\nname: Jane Doe\ntouches: none yet\n---\n"})
    result = run(root, "log", "jane-doe", "reply")
    assert (result.exit_code, result.stderr) == (
        1,
        "contacts/jane-doe.md:3: error: 'touches' should be a list of touches; fix it before rolodex adds one [wrong-type]\n",
    )


def test_log_reports_a_failed_write_and_keeps_the_original(kb, run, monkeypatch):
    root = kb(JANE)

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = run(root, "log", "jane-doe", "reply")
    assert (result.exit_code, result.stderr) == (
        1,
        "contacts/jane-doe.md: error: could not write the file (No space left on device); the original is unchanged\n",
    )
    assert (root / "contacts/jane-doe.md").read_text() == JANE["contacts/jane-doe.md"]
    assert sorted(p.name for p in (root / "contacts").iterdir()) == ["jane-doe.md"]


def test_a_new_file_that_could_not_be_written_says_nothing_was_created(kb, run, monkeypatch):
    """There is no original to speak of: 'the original is unchanged' would send someone looking for it."""
    root = kb()

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    result = run(root, "new", "contact", "Zoë O'Brien")
    assert (result.exit_code, result.stderr) == (
        1,
        "contacts/zoe-obrien.md: error: could not write the file (No space left on device); nothing was created\n",
    )
    assert not (root / "contacts/zoe-obrien.md").exists()
    assert sorted(p.name for p in (root / "contacts").iterdir()) == []


# --- rolodex new contact ---------------------------------------------------------------------


def test_new_contact_builtin_template(kb, run):
    root = kb()
    result = run(
        root,
        "new",
        "contact",
        "Zoë O'Brien",
        "--company",
        "Harborview PR",
        "--title",
        "VP",
        "--email",
        "zoe@example.org",
        "--tag",
        "agency",
        "--tag",
        "mentor",
    )
    assert (result.exit_code, result.output) == (0, "contacts/zoe-obrien.md\n")
    assert (root / "contacts/zoe-obrien.md").read_text() == (
        "---\nname: Zoë O'Brien\ntitle: VP\ncompany: Harborview PR\nemail: zoe@example.org\n"
        "tags: [agency, mentor]\n---\n## Research\n\n## Notes\n"
    )
    assert run(root, "check", "--strict").exit_code == 0


def test_new_contact_from_the_kb_template(kb, run):
    root = kb({"contacts/jane-doe.md": "---\nname: Jane Doe\n---\n"})
    shutil.copyfile(REPO / "contacts" / "_template.md", root / "contacts" / "_template.md")
    result = run(root, "new", "contact", "Yes", "--company", "12:30", "--referred-by", "jane-doe", "--tag", "press")
    assert (result.exit_code, result.output) == (0, "contacts/yes.md\n")
    # Keys not given stay as comments, in place (the template's example is no data of this person);
    # the given `referred_by` replaces the template's commented-out line.
    assert (root / "contacts/yes.md").read_text() == (
        "---\n"
        'name: "Yes"                       # required: display name\n'
        "# title: Director of Communications # role\n"
        'company: "12:30"                  # employer\n'
        "# field: Public affairs           # field / industry\n"
        "# location: Riverton              # city\n"
        "# email: jane.doe@example.com     # one address, or a list:\n"
        "#   email:\n"
        "#     - jane.doe@example.com\n"
        "#     - jdoe@example.org\n"
        '# phone: "+1 555 0100"            # kept exactly as typed\n'
        "# links:                          # name -> URL\n"
        "#   linkedin: https://www.linkedin.com/in/jane-doe-example\n"
        "tags: [press]                     # e.g. mentor, alumni, government, nonprofit, agency, press\n"
        "referred_by: jane-doe             # slug of the contact who introduced you\n"
        "# source: alumni directory        # how you found them\n"
        "# goal: Learn how she moved from the newsroom to public affairs  # why you want to meet\n"
        "# priority: medium                # high | medium | low (for the meet list)\n"
        "# cadence: 90                     # stay-in-touch interval in days, or `never`\n"
        "# snooze_until: 2027-01-15        # no follow-ups for this contact before that date\n"
        "archived: false                   # true: out of the pipeline and every follow-up\n"
        "private: false                    # true: never published by `rolodex build --public`\n"
        "# touches:                        # interactions other than meetings (newest last)\n"
        "#   - date: 2026-01-05            # required, YYYY-MM-DD\n"
        "#     kind: outreach              # outreach | reply | thank-you | check-in | call | message | note\n"
        "#     note: Short cold email asking for 15 minutes\n"
        "---\n"
        "## Research\n"
        "<!-- Background before you reach out: career path, recent work, what you have in common. -->\n"
        "\n"
        "## Notes\n"
        "<!-- What you learned, how they like to be contacted, who they introduced you to. -->\n"
    )
    assert run(root, "check", "--strict").output == "✓ 0 errors, 0 warnings in 2 contacts and 0 meetings\n"


def test_new_contact_goal_and_priority(kb, run):
    root = kb()
    shutil.copyfile(REPO / "contacts" / "_template.md", root / "contacts" / "_template.md")
    result = run(
        root,
        "new",
        "contact",
        "Ann Lee",
        "--goal",
        "Learn: how she moved #1",
        "--priority",
        "high",
        "--title",
        "Director of Communications and Public Affairs",
    )
    assert (result.exit_code, result.output) == (0, "contacts/ann-lee.md\n")
    lines = (root / "contacts/ann-lee.md").read_text().splitlines()
    # a long value pushes an aligned comment out; a comment that only followed the value follows it again
    assert lines[2] == "title: Director of Communications and Public Affairs  # role"
    assert lines[16:18] == [
        'goal: "Learn: how she moved #1"  # why you want to meet',
        "priority: high                    # high | medium | low (for the meet list)",
    ]
    contact = load(root, cache=False)[0].contacts["ann-lee"]
    assert (contact.goal, contact.priority) == ("Learn: how she moved #1", "high")
    result = run(root, "new", "contact", "Bo Chan", "--priority", "urgent")
    assert result.exit_code == 2 and "'urgent' is not one of 'high', 'medium', 'low'" in result.output
    (root / "contacts/_template.md").unlink()  # the built-in template: given keys in the format's order
    assert (
        run(root, "new", "contact", "Cy Dee", "--goal", "Meet", "--priority", "low", "--company", "Acme").exit_code == 0
    )
    assert (root / "contacts/cy-dee.md").read_text() == (
        "---\nname: Cy Dee\ncompany: Acme\ngoal: Meet\npriority: low\n---\n## Research\n\n## Notes\n"
    )
    assert run(root, "check", "--strict").exit_code == 0


def test_a_contact_from_the_template_takes_touches_and_reads_back(kb, run):
    root = kb()
    shutil.copyfile(REPO / "contacts" / "_template.md", root / "contacts" / "_template.md")
    assert run(root, "new", "contact", "Ann Lee").exit_code == 0
    before = (root / "contacts/ann-lee.md").read_text()
    result = run(root, "log", "ann-lee", "outreach", "--note", "Cold email")
    assert result.output == "contacts/ann-lee.md:27: added outreach touch 2026-11-26\n"
    after = (root / "contacts/ann-lee.md").read_text()
    assert after == before.replace(
        "#     note: Short cold email asking for 15 minutes\n---\n",
        "#     note: Short cold email asking for 15 minutes\n"
        "touches:\n  - date: 2026-11-26\n    kind: outreach\n    note: Cold email\n---\n",
    )
    assert dict(python_frontmatter.load(root / "contacts/ann-lee.md").metadata) == {
        "name": "Ann Lee",
        "archived": False,
        "private": False,
        "touches": [{"date": TODAY, "kind": "outreach", "note": "Cold email"}],
    }
    assert run(root, "check", "--strict").exit_code == 0


def test_new_contact_keeps_blank_template_keys_and_comments_out_the_rest(kb, run):
    template = (
        "---\n# instructions\nname:\ncompany:   # employer\ncadence:\ntags:\n  - mentor\n"
        "source: alumni directory\n---\nBody\n"
    )
    root = kb({"contacts/_template.md": template})
    assert run(root, "new", "contact", "Ann Lee").exit_code == 0
    # `cadence:` left blank would be an error: commented out like the example values
    assert (root / "contacts/ann-lee.md").read_text() == (
        "---\nname: Ann Lee\ncompany:   # employer\n# cadence:\n# tags:\n#   - mentor\n# source: alumni directory\n"
        "---\nBody\n"
    )
    assert run(root, "new", "contact", "Bo Chan", "--tag", "press", "--tag", "a, b").exit_code == 0
    assert (root / "contacts/bo-chan.md").read_text() == (  # a block list stays a block list
        '---\nname: Bo Chan\ncompany:   # employer\n# cadence:\ntags:\n  - press\n  - "a, b"\n'
        "# source: alumni directory\n---\nBody\n"
    )
    assert run(root, "check", "--strict").exit_code == 0


def test_new_contact_refuses_an_existing_slug_in_any_folder(kb, run):
    root = kb({"contacts/city/zoe-obrien.md": "---\nname: Zoe\n---\n"})
    result = run(root, "new", "contact", "ZOË O’BRIEN")
    assert result.exit_code == 1
    assert result.output == (
        "Error: contacts/city/zoe-obrien.md already exists: a contact with the slug 'zoe-obrien'; "
        "nothing was created (another person with this name? add --slug zoe-obrien-2)\n"
    )
    assert sorted(p.name for p in (root / "contacts").rglob("*.md")) == ["zoe-obrien.md"]


def test_new_contact_refuses_a_case_twin(kb, run):
    root = kb({"contacts/Jane-Doe.md": "---\nname: Jane\n---\n"})
    result = run(root, "new", "contact", "Jane Doe")
    assert result.exit_code == 1 and "contacts/Jane-Doe.md already exists" in result.output
    assert not (root / "contacts/jane-doe.md").exists()


def test_new_contact_unknown_referrer(kb, run):
    root = kb(JANE)
    result = run(root, "new", "contact", "Ann Lee", "--referred-by", "jane-dough")
    assert (result.exit_code, result.output) == (
        1,
        "Error: --referred-by: no contact 'jane-dough'; did you mean 'jane-doe'?\n",
    )
    assert not (root / "contacts/ann-lee.md").exists()


def test_new_contact_without_letters_needs_a_slug(kb, run):
    root = kb()
    result = run(root, "new", "contact", "!!!")
    assert result.exit_code == 1
    assert "cannot make a file name from '!!!'" in result.output
    assert run(root, "new", "contact", "!!!", "--slug", "bang").output == "contacts/bang.md\n"


def test_new_contact_dry_run(kb, run):
    root = kb()
    result = run(root, "new", "contact", "Ann Lee", "--dry-run")
    assert (result.exit_code, result.output) == (
        0,
        (
            "--- /dev/null\n+++ b/contacts/ann-lee.md\n@@ -0,0 +1,6 @@\n+---\n+name: Ann Lee\n+---\n"
            "+## Research\n+\n+## Notes\n"
        ),
    )
    assert not (root / "contacts/ann-lee.md").exists()


def test_python_frontmatter_reads_what_we_create(kb, run):
    root = kb()
    shutil.copyfile(REPO / "contacts" / "_template.md", root / "contacts" / "_template.md")
    shutil.copyfile(REPO / "meetings" / "_template.md", root / "meetings" / "_template.md")
    assert (
        run(
            root, "new", "contact", "No", "--company", "Acme, Inc.", "--email", "a@x.org", "--email", "b@x.org"
        ).exit_code
        == 0
    )
    assert run(root, "log", "no", "outreach", "--note", "yes").exit_code == 0
    assert (
        run(root, "new", "meeting", "no", "--date", "2026-12-03", "--time", "09:30", "--location", "Café #2").exit_code
        == 0
    )
    contact = python_frontmatter.load(root / "contacts/no.md")
    assert contact["name"] == "No" and contact["company"] == "Acme, Inc."
    assert contact["email"] == ["a@x.org", "b@x.org"]
    assert [dict(t) for t in contact["touches"]] == [{"date": TODAY, "kind": "outreach", "note": "yes"}]
    meeting = python_frontmatter.load(root / "meetings/2026-12-03-no.md")
    assert (meeting["date"], meeting["with"], meeting["location"]) == ("2026-12-03 09:30", "no", "Café #2")
    assert "## Research" in meeting.content and "## Questions" in meeting.content


# --- rolodex new meeting ---------------------------------------------------------------------


def test_new_meeting_builtin_template(kb, run):
    root = kb({**JANE, "contacts/john-roe.md": "---\nname: John Roe\n---\n"})
    result = run(
        root,
        "new",
        "meeting",
        "jane-doe",
        "john-roe",
        "--date",
        "2026-12-03",
        "--time",
        "9:30",
        "--location",
        "City Hall cafe",
        "--kind",
        "coffee",
    )
    assert (result.exit_code, result.output) == (0, "meetings/2026-12-03-jane-doe.md\n")
    assert (root / "meetings/2026-12-03-jane-doe.md").read_text() == (
        "---\ndate: 2026-12-03 09:30\nwith: [jane-doe, john-roe]\nkind: coffee\nlocation: City Hall cafe\n---\n"
        "## Research\n\n## Questions\n\n## Notes\n"
    )
    assert run(root, "check", "--strict").exit_code == 0


def test_new_meeting_suffixes_a_taken_name(kb, run):
    root = kb({**JANE, "meetings/old/2026-12-03-jane-doe.md": "---\ndate: 2026-12-03\nwith: jane-doe\n---\n"})
    assert (
        run(root, "new", "meeting", "jane-doe", "--date", "2026-12-03").output == "meetings/2026-12-03-jane-doe-2.md\n"
    )
    assert (
        run(root, "new", "meeting", "jane-doe", "--date", "2026-12-03").output == "meetings/2026-12-03-jane-doe-3.md\n"
    )
    assert run(root, "check", "--strict").exit_code == 0


def test_new_meeting_from_template_adds_missing_sections(kb, run):
    template = "---\ndate: 2026-01-01  # when\nwith: someone\nkind: informational\nduration: 15\n---\n## Research\n<!-- prep -->\n"
    root = kb({**JANE, "meetings/_template.md": template})
    assert run(root, "new", "meeting", "jane-doe", "--date", "2026-12-03").exit_code == 0
    assert (root / "meetings/2026-12-03-jane-doe.md").read_text() == (
        "---\ndate: 2026-12-03  # when\nwith: jane-doe\n# kind: informational\n# duration: 15\n---\n"
        "## Research\n<!-- prep -->\n\n## Questions\n\n## Notes\n"
    )
    ids = [i.id for i in followups.compute(load(root, cache=False)[0], TODAY)]
    assert "prep:2026-12-03-jane-doe" in ids  # the research section is empty


def test_new_meeting_from_the_kb_template_shows_where_everything_goes(kb, run):
    root = kb(JANE)
    shutil.copyfile(REPO / "meetings" / "_template.md", root / "meetings" / "_template.md")
    result = run(root, "new", "meeting", "jane-doe", "--date", "2026-12-03", "--time", "09:30", "--kind", "coffee")
    assert (result.exit_code, result.output) == (0, "meetings/2026-12-03-jane-doe.md\n")
    assert (root / "meetings/2026-12-03-jane-doe.md").read_text() == (
        "---\n"
        "date: 2026-12-03 09:30            # required: YYYY-MM-DD, or with a time: 2026-01-20 09:30\n"
        'with: jane-doe                    # required: contact slug, a list of slugs, or "[[Jane Doe]]"\n'
        "kind: coffee                      # informational | coffee | call | video | event | other\n"
        "# location: City Hall cafe\n"
        "# duration: 15                    # minutes; an informational interview is short\n"
        "# status: cancelled               # planned | held | cancelled (default: planned until the date, then held)\n"
        "# thank_you: 2026-01-21           # the day your thank-you note went out\n"
        "# referrals:                      # people they suggested you meet\n"
        "#   - john-smith                  #   a contact slug, or a mapping:\n"
        "#   - name: Priya Example         #   name and/or contact (slug), plus a note\n"
        "#     note: runs comms at the port authority\n"
        "# follow_ups:                     # promises made in the meeting\n"
        "#   - task: Send the article we talked about\n"
        "#     due: 2026-01-23             # required\n"
        "#     done: false                 # false, true, or the date you did it\n"
        "# questions:                      # prepared questions; never ask for a job\n"
        "#   - How did you make the move from X to Y?\n"
        "#   - What does a typical week look like?\n"
        "#   - What do you wish you had known when you started?\n"
        "#   - Who else would you recommend I talk to?\n"
        "# tags: [government]\n"
        "---\n"
        "## Research\n<!-- Preparation: their path, recent work, news about their organisation. -->\n\n"
        "## Questions\n<!-- Anything beyond the `questions` list: what to open with, what to avoid. -->\n\n"
        "## Notes\n<!-- What they said, written up right after the meeting. -->\n\n"
        "## Takeaways\n<!-- What you will do differently, who to contact next. -->\n"
    )
    assert dict(python_frontmatter.load(root / "meetings/2026-12-03-jane-doe.md").metadata) == {
        "date": "2026-12-03 09:30",
        "with": "jane-doe",
        "kind": "coffee",
    }
    assert run(root, "check", "--strict").exit_code == 0
    assert [i.id for i in followups.compute(load(root, cache=False)[0], TODAY)] == ["prep:2026-12-03-jane-doe"]


def test_new_files_keep_a_crlf_template_crlf(kb, run):
    root = kb(JANE)
    (root / "contacts/_template.md").write_bytes(b"---\r\nname: X  # who\r\ngoal: Y\r\n---\r\n## Notes\r\n")
    assert run(root, "new", "contact", "Ann Lee").exit_code == 0
    assert (
        root / "contacts/ann-lee.md"
    ).read_bytes() == b"---\r\nname: Ann Lee  # who\r\n# goal: Y\r\n---\r\n## Notes\r\n"


def test_new_meeting_unknown_slug(kb, run):
    root = kb(JANE)
    result = run(root, "new", "meeting", "jane-doe", "zed", "--date", "2026-12-03")
    assert result.exit_code == 1
    assert result.output == "Error: no contact 'zed' (add them first: rolodex new contact \"NAME\")\n"
    result = run(root, "new", "meeting", "jane-do", "--date", "2026-12-03")
    assert (
        result.output
        == "Error: no contact 'jane-do'; did you mean 'jane-doe'? (add them first: rolodex new contact \"NAME\")\n"
    )
    assert list((root / "meetings").iterdir()) == []


def test_new_meeting_bad_time(kb, run):
    root = kb(JANE)
    result = run(root, "new", "meeting", "jane-doe", "--date", "2026-12-03", "--time", "25:00")
    assert result.exit_code == 2 and "expected a time HH:MM (24-hour), got '25:00'" in result.output


def test_new_needs_a_kb(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(None, "new", "contact", "Ann")
    assert result.exit_code == 2 and "no mkdocs.yml" in result.output


# --- rolodex done ----------------------------------------------------------------------------

MEETING = """\
---
date: 2026-11-24
with: jane-doe
referrals:
  - john-roe
  - name: Priya Desai
follow_ups:
  - task: Send the article
    due: 2026-11-27
---
## Notes
"""
PEOPLE = {
    "contacts/jane-doe.md": "---\nname: Jane Doe\ntouches:\n  - date: 2026-11-01\n    kind: outreach\n  - date: 2026-11-02\n    kind: reply\n---\n",
    "contacts/john-roe.md": "---\nname: John Roe\n---\n",
    "contacts/ann-lee.md": "---\nname: Ann Lee\ntouches:\n  - date: 2026-11-10\n    kind: outreach\n---\n",
    "meetings/2026-11-24-jane-doe.md": MEETING,
    "contacts/bo-chan.md": "---\nname: Bo Chan\n---\n",
    "meetings/2026-12-03-bo-chan.md": "---\ndate: 2026-12-03\nwith: bo-chan\n---\n## Research\n",
}


def test_done_thank_you(kb, run):
    root = kb(PEOPLE)
    result = run(root, "done", "thank-you:2026-11-24-jane-doe:jane-doe")
    assert (result.exit_code, result.output) == (
        0,
        "contacts/jane-doe.md:8: added thank-you touch 2026-11-26 (closes thank-you:2026-11-24-jane-doe:jane-doe)\n",
    )
    assert (
        (root / "contacts/jane-doe.md")
        .read_text()
        .endswith(
            "  - date: 2026-11-26\n    kind: thank-you\n    note: Thank-you note for our meeting on 2026-11-24\n---\n"
        )
    )


def test_done_referral_and_follow_up(kb, run):
    root = kb(PEOPLE)
    result = run(
        root, "done", "referral:2026-11-24-jane-doe:john-roe", "--date", "2026-11-25", "--note", "LinkedIn message"
    )
    assert (
        result.output
        == "contacts/john-roe.md:3: added outreach touch 2026-11-25 (closes referral:2026-11-24-jane-doe:john-roe)\n"
    )
    assert (root / "contacts/john-roe.md").read_text() == (
        "---\nname: John Roe\ntouches:\n  - date: 2026-11-25\n    kind: outreach\n    note: LinkedIn message\n---\n"
    )
    item = _id_for(root, "follow-up")
    result = run(root, "done", item)
    assert result.output == f"meetings/2026-11-24-jane-doe.md:10: set done: 2026-11-26 (closes {item})\n"
    assert "    due: 2026-11-27\n    done: 2026-11-26\n---\n" in (root / "meetings/2026-11-24-jane-doe.md").read_text()


def test_done_nudge_moves_to_the_next_nudge(kb, run):
    root = kb(PEOPLE)
    result = run(root, "done", "nudge:ann-lee")
    assert result.output == "contacts/ann-lee.md:6: added outreach touch 2026-11-26 (closes nudge:ann-lee)\n"


def test_done_prep_and_name_only_referral_explain_what_to_do(kb, run):
    root = kb(PEOPLE)
    result = run(root, "done", "prep:2026-12-03-bo-chan")
    assert (result.exit_code, result.output) == (
        1,
        (
            "Error: a prep item is done when the meeting's '## Research' section has your notes: write them in "
            "meetings/2026-12-03-bo-chan.md (rolodex edit 2026-12-03-bo-chan)\n"
        ),
    )
    result = run(root, "done", "referral:2026-11-24-jane-doe:priya-desai")
    assert (result.exit_code, result.output) == (
        1,
        (
            'Error: Priya Desai is not a contact yet: add them with \'rolodex new contact "Priya Desai" --referred-by '
            "jane-doe', then record your message with 'rolodex log <slug> outreach'\n"
        ),
    )


def test_done_unknown_id(kb, run):
    root = kb(PEOPLE)
    result = run(root, "done", "thank-you:2026-11-24-jane-doe:jane-do")
    assert (result.exit_code, result.output) == (
        1,
        "Error: no open item 'thank-you:2026-11-24-jane-doe:jane-do'; did you mean 'thank-you:2026-11-24-jane-doe:jane-doe'?\n",
    )
    result = run(root, "done", "nonsense")
    assert result.output == "Error: no open item 'nonsense' (already done? 'rolodex due' lists the open ones)\n"


def test_done_holiday_before_the_window_is_refused(kb, run):
    files = {
        "contacts/jane-doe.md": "---\nname: Jane Doe\n---\n",
        "meetings/2026-06-01-jane-doe.md": "---\ndate: 2026-06-01\nwith: jane-doe\nthank_you: 2026-06-02\n---\n",
    }
    root = kb(files)
    result = run(root, "done", "holiday:2026:jane-doe", "--today", "2026-11-16")
    assert result.exit_code == 1
    assert result.output == (
        "Error: a check-in touch dated 2026-11-16 would not close holiday:2026:jane-doe: holiday wishes count from "
        "2026-11-17 to 2026-12-31; once you have sent them, run it again with a --date in that window; nothing was "
        "written. Add --force to record it anyway.\n"
    )
    assert (root / "contacts/jane-doe.md").read_text() == files["contacts/jane-doe.md"]
    result = run(root, "done", "holiday:2026:jane-doe", "--date", "2026-12-01", "--today", "2026-12-02")
    assert result.output == "contacts/jane-doe.md:3: added check-in touch 2026-12-01 (closes holiday:2026:jane-doe)\n"


def test_done_refuses_a_date_after_today(kb, run):
    root = kb(PEOPLE)
    before = (root / "contacts/jane-doe.md").read_text()
    result = run(root, "done", "thank-you:2026-11-24-jane-doe:jane-doe", "--date", "2026-11-27")
    assert (result.exit_code, result.output) == (
        1,
        (
            "Error: --date 2026-11-27 is in the future (today is 2026-11-26): record what you did once you have done it; "
            "nothing was written. Add --force to record it anyway.\n"
        ),
    )
    result = run(root, "done", "thank-you:2026-11-24-jane-doe:jane-doe", "--date", "2026-11-27", "--dry-run")
    assert result.exit_code == 1
    assert (root / "contacts/jane-doe.md").read_text() == before
    item = _id_for(root, "follow-up")
    result = run(root, "done", item, "--date", "2026-12-15")
    assert result.exit_code == 1 and result.output.startswith("Error: --date 2026-12-15 is in the future")
    result = run(root, "done", "thank-you:2026-11-24-jane-doe:jane-doe", "--date", "2026-11-26")
    assert result.output == (
        "contacts/jane-doe.md:8: added thank-you touch 2026-11-26 (closes thank-you:2026-11-24-jane-doe:jane-doe)\n"
    )


def test_done_future_date_with_force_warns(kb, run):
    root = kb(PEOPLE)
    result = run(root, "done", "thank-you:2026-11-24-jane-doe:jane-doe", "--date", "2026-11-27", "--force")
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: --date 2026-11-27 is in the future (today is 2026-11-26); recorded anyway "
        "(--force), and 'rolodex check' warns about it until then\n"
    )
    assert result.stdout == (
        "contacts/jane-doe.md:8: added thank-you touch 2026-11-27 (closes thank-you:2026-11-24-jane-doe:jane-doe)\n"
    )


def test_log_refuses_a_date_after_today_unless_forced(kb, run):
    root = kb(JANE)
    result = run(root, "log", "jane-doe", "reply", "--date", "2026-11-27")
    assert (result.exit_code, result.output) == (
        1,
        (
            "Error: --date 2026-11-27 is in the future (today is 2026-11-26): record what you did once you have done it; "
            "nothing was written. Add --force to record it anyway.\n"
        ),
    )
    assert (root / "contacts/jane-doe.md").read_text() == JANE["contacts/jane-doe.md"]
    result = run(root, "log", "jane-doe", "reply", "--date", "2026-11-27", "--force")
    assert result.exit_code == 0
    assert result.stdout == "contacts/jane-doe.md:3: added reply touch 2026-11-27\n"
    assert result.stderr.startswith(
        "warning: --date 2026-11-27 is in the future (today is 2026-11-26); recorded anyway"
    )
    result = run(root, "check", "--strict")  # what the refusal spares you
    assert result.exit_code == 1
    assert result.output.startswith("contacts/jane-doe.md:4: warning: a 'reply' touch is dated 2026-11-27, after today")


def _sample_copy(dest: Path) -> Path:
    for name in ("contacts", "meetings"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def _examples(argv: list[str]) -> list[list[str]]:
    import shlex

    from click.testing import CliRunner

    from rolodex.cli import main

    text = CliRunner().invoke(main, [*argv, "--help"]).output.split("Examples:\n", 1)[1]
    return [shlex.split(line)[1:] for line in text.splitlines() if line.strip().startswith("rolodex ")]


def test_log_and_done_examples_run_cleanly_on_the_sample_kb(tmp_path, run):
    root = _sample_copy(tmp_path / "sample")
    examples = _examples(["log"]) + _examples(["done"]) + _examples(["remind"])
    assert [e[:2] for e in examples] == [
        ["log", "kenji-watanabe"],
        ["log", "tobias-reed"],
        ["done", "thank-you:2026-11-24-hector-vargas:hector-vargas"],
        ["done", "nudge:grace-liu"],
        ["done", "record:2026-11-19-declan-obrien"],
        ["remind", "andre-thompson"],
        ["remind", "2026-11-24-hector-vargas"],
    ]
    for argv in examples:
        result = run(root, *argv)
        assert (result.exit_code, result.stderr) == (0, ""), (argv, result.output)
    result = run(root, "check", "--strict")
    assert result.exit_code == 0, result.output


def test_done_holiday_force(kb, run):
    root = kb(
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\n---\n",
            "meetings/2026-06-01-jane-doe.md": "---\ndate: 2026-06-01\nwith: jane-doe\nthank_you: 2026-06-02\n---\n",
        }
    )
    result = run(root, "done", "holiday:2026:jane-doe", "--force", "--today", "2026-11-16")
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: a check-in touch dated 2026-11-16 would not close holiday:2026:jane-doe")
    assert result.stdout == "contacts/jane-doe.md:3: added check-in touch 2026-11-16\n"


def test_done_dry_run(kb, run):
    root = kb(PEOPLE)
    result = run(root, "done", "thank-you:2026-11-24-jane-doe:jane-doe", "--dry-run")
    assert result.exit_code == 0
    assert result.output.splitlines()[-4:] == [
        "+  - date: 2026-11-26",
        "+    kind: thank-you",
        "+    note: Thank-you note for our meeting on 2026-11-24",
        " ---",
    ]
    assert (root / "contacts/jane-doe.md").read_text() == PEOPLE["contacts/jane-doe.md"]


def _id_for(root: Path, kind: str) -> str:
    return next(i.id for i in followups.compute(load(root, cache=False)[0], TODAY) if i.kind == kind)


# --- rolodex edit ----------------------------------------------------------------------------


def _editor(tmp_path: Path, code: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(f"import sys\npath = sys.argv[1]\n{code}\n")
    return f"{sys.executable} {script}"


def test_edit_opens_the_editor_then_checks(kb, run, tmp_path, monkeypatch):
    root = kb(JANE)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv(
        "EDITOR",
        _editor(
            tmp_path,
            "t = open(path).read().replace('---\\n', '---\\npriority: urgent\\n', 1)\nopen(path, 'w').write(t)",
        ),
    )
    result = run(root, "edit", "jane-doe")
    assert (result.exit_code, result.output) == (
        1,
        (
            "contacts/jane-doe.md:2: error: 'priority' must be one of high, medium, low; found 'urgent' [bad-value]\n"
            "1 error, 0 warnings in contacts/jane-doe.md\n"
        ),
    )


def test_edit_clean_file_and_meetings(kb, run, tmp_path, monkeypatch):
    root = kb({**JANE, "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\n---\n"})
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "pass"))
    monkeypatch.delenv("VISUAL", raising=False)
    assert run(root, "edit", "jane-doe").output == "✓ contacts/jane-doe.md: no problems\n"
    assert run(root, "edit", "2026-11-20-jane-doe").output == "✓ meetings/2026-11-20-jane-doe.md: no problems\n"
    result = run(root, "edit", "jane-do")
    assert (result.exit_code, result.output) == (
        1,
        "Error: no contact or meeting 'jane-do'; did you mean 'jane-doe'?\n",
    )


# --- help --------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["new"], ["new", "contact"], ["new", "meeting"], ["log"], ["done"], ["edit"]])
def test_every_writing_command_has_help_with_an_example(argv, run):
    result = run(None, *argv, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    if argv[-1] not in ("new", "edit"):
        assert "--dry-run" in result.output


def test_new_contact_takes_every_flag_of_the_format(kb, run):
    root = kb(JANE)
    result = run(
        root,
        "new",
        "contact",
        "Ann Lee",
        "--slug",
        "ann-lee-pr",
        "--title",
        "Press Secretary",
        "--company",
        "City of Riverton",
        "--field",
        "Public affairs",
        "--location",
        "Riverton",
        "--email",
        "ann@example.org",
        "--email",
        "ann.lee@example.com",
        "--phone",
        "0123 4567",
        "--link",
        "linkedin=https://www.linkedin.com/in/ann-lee",
        "--link",
        "site=https://ann.example.org/?a=b",
        "--tag",
        "government",
        "--referred-by",
        "Jane-Doe",
        "--source",
        "Jenna (ex-colleague) suggested her",
        "--goal",
        "Learn how she moved into public affairs",
        "--priority",
        "high",
    )
    assert (result.exit_code, result.output) == (0, "contacts/ann-lee-pr.md\n")
    assert (root / "contacts/ann-lee-pr.md").read_text() == (
        "---\n"
        "name: Ann Lee\n"
        "title: Press Secretary\n"
        "company: City of Riverton\n"
        "field: Public affairs\n"
        "location: Riverton\n"
        "email: [ann@example.org, ann.lee@example.com]\n"
        'phone: "0123 4567"\n'
        "links:\n"
        '  linkedin: "https://www.linkedin.com/in/ann-lee"\n'
        '  site: "https://ann.example.org/?a=b"\n'
        "tags: [government]\n"
        "referred_by: jane-doe\n"
        "source: Jenna (ex-colleague) suggested her\n"
        "goal: Learn how she moved into public affairs\n"
        "priority: high\n"
        "---\n## Research\n\n## Notes\n"
    )
    contact = load(root, cache=False)[0].contacts["ann-lee-pr"]
    assert (contact.phone, dict(contact.links), contact.emails, contact.source) == (
        "0123 4567",
        {"linkedin": "https://www.linkedin.com/in/ann-lee", "site": "https://ann.example.org/?a=b"},
        ("ann@example.org", "ann.lee@example.com"),
        "Jenna (ex-colleague) suggested her",
    )
    assert run(root, "check", "--strict").exit_code == 0
    draft = run(root, "draft", "outreach:ann-lee-pr").stdout
    assert "Jane Doe suggested I reach out to you." in draft  # referred_by wins over source


def test_new_contact_fills_the_kb_templates_place_for_each_flag(kb, run):
    root = kb()
    shutil.copyfile(REPO / "contacts" / "_template.md", root / "contacts" / "_template.md")
    result = run(
        root,
        "new",
        "contact",
        "Ann Lee",
        "--field",
        "Public affairs",
        "--location",
        "Riverton",
        "--phone",
        "0123",
        "--link",
        "linkedin=https://www.linkedin.com/in/ann-lee",
        "--source",
        "alumni directory",
    )
    assert result.exit_code == 0
    lines = (root / "contacts/ann-lee.md").read_text().splitlines()
    # each value takes the place, and keeps the comment, of the template's example
    assert lines[4:13] == [
        "field: Public affairs             # field / industry",
        "location: Riverton                # city",
        "# email: jane.doe@example.com     # one address, or a list:",
        "#   email:",
        "#     - jane.doe@example.com",
        "#     - jdoe@example.org",
        'phone: "0123"                     # kept exactly as typed',
        "links:                            # name -> URL",
        '  linkedin: "https://www.linkedin.com/in/ann-lee"',
    ]
    assert lines[15] == "source: alumni directory          # how you found them"
    assert load(root, cache=False)[0].contacts["ann-lee"].phone == "0123"
    assert run(root, "check", "--strict").exit_code == 0


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            "linkedin",
            "Error: Invalid value for '--link': expected NAME=URL, got 'linkedin', e.g. --link "
            "linkedin=https://www.linkedin.com/in/jane-doe",
        ),
        (
            "https://www.linkedin.com/in/ann-lee",
            "Error: Invalid value for '--link': expected NAME=URL, got 'https://www.linkedin.com/in/ann-lee'; "
            "did you mean --link linkedin=https://www.linkedin.com/in/ann-lee?",
        ),
        (
            "https://ann.example.org/?a=b",
            "Error: Invalid value for '--link': expected NAME=URL, got 'https://ann.example.org/?a=b'; "
            "did you mean --link example=https://ann.example.org/?a=b?",
        ),
        (
            "site=",
            "Error: Invalid value for '--link': expected NAME=URL, got 'site=', e.g. --link "
            "linkedin=https://www.linkedin.com/in/jane-doe",
        ),
        (
            "=https://x.example",
            "Error: Invalid value for '--link': expected NAME=URL, got '=https://x.example'; "
            "did you mean --link x=https://x.example?",
        ),
    ],
)
def test_new_contact_bad_link(kb, run, link, message):
    root = kb()
    result = run(root, "new", "contact", "Ann Lee", "--link", link)
    assert result.exit_code == 2 and result.output.splitlines()[-1] == message
    assert not (root / "contacts/ann-lee.md").exists()


def test_new_contact_link_given_twice(kb, run):
    root = kb()
    result = run(
        root, "new", "contact", "Ann Lee", "--link", "site=https://a.example", "--link", "site=https://b.example"
    )
    assert result.exit_code == 2
    assert (
        result.output.splitlines()[-1]
        == "Error: Invalid value for '--link': 'site' is given twice; give each link once"
    )
    assert not (root / "contacts/ann-lee.md").exists()


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Ann_Lee", "'Ann_Lee' is not a slug: lowercase a-z, 0-9 and single hyphens; did you mean --slug ann-lee?"),
        ("ann--lee", "'ann--lee' is not a slug: lowercase a-z, 0-9 and single hyphens; did you mean --slug ann-lee?"),
        ("../x", "'../x' is not a slug: lowercase a-z, 0-9 and single hyphens; did you mean --slug x?"),
        ("---", "'---' is not a slug: lowercase a-z, 0-9 and single hyphens, e.g. --slug jane-doe"),
    ],
)
def test_new_contact_invalid_slug(kb, run, slug, message):
    root = kb()
    result = run(root, "new", "contact", "Ann Lee", "--slug", slug)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: Invalid value for '--slug': {message}"
    assert sorted(p.name for p in (root / "contacts").iterdir()) == []


def test_new_contact_refuses_an_existing_slug_whatever_the_flags(kb, run):
    root = kb(JANE)
    before = (root / "contacts/jane-doe.md").read_bytes()
    result = run(root, "new", "contact", "Jane Doe", "--company", "Acme", "--link", "site=https://a.example")
    assert (result.exit_code, result.output) == (
        1,
        "Error: contacts/jane-doe.md already exists: a contact with the slug 'jane-doe'; nothing was created "
        "(another person with this name? add --slug jane-doe-2)\n",
    )
    assert (root / "contacts/jane-doe.md").read_bytes() == before


def test_new_contact_blank_flags_write_nothing_and_text_is_trimmed(kb, run):
    root = kb()
    result = run(root, "new", "contact", "Ann Lee", "--company", "  ", "--source", " alumni directory ")
    assert result.exit_code == 0
    assert (root / "contacts/ann-lee.md").read_text() == (
        "---\nname: Ann Lee\nsource: alumni directory\n---\n## Research\n\n## Notes\n"
    )


# --- snooze -----------------------------------------------------------------------------------


def test_snooze_writes_snooze_until_and_pauses_the_items(kb, run):
    root = kb(
        {
            "contacts/jane-doe.md": (
                "---\nname: Jane Doe  # my mentor\ntouches:\n  - {date: 2026-11-01, kind: outreach}\n---\n\nNotes.\n"
            )
        }
    )
    assert "nudge:jane-doe" in run(root, "due").output
    result = run(root, "snooze", "jane-doe", "--until", "2026-12-10")
    assert (result.exit_code, result.output) == (0, "contacts/jane-doe.md:3: snooze_until: 2026-12-10\n")
    assert (root / "contacts/jane-doe.md").read_text() == (
        "---\nname: Jane Doe  # my mentor\nsnooze_until: 2026-12-10\n"
        "touches:\n  - {date: 2026-11-01, kind: outreach}\n---\n\nNotes.\n"
    )
    assert "nudge:jane-doe" not in run(root, "due").output
    again = run(root, "snooze", "jane-doe", "--until", "2027-01-05")  # an existing value is replaced in place
    assert again.output == "contacts/jane-doe.md:3: snooze_until: 2027-01-05\n"
    assert (root / "contacts/jane-doe.md").read_text().count("snooze_until") == 1


def test_snooze_refuses_a_past_day_and_an_unknown_contact(kb, run):
    root = kb(JANE)
    past = run(root, "snooze", "jane-doe", "--until", "2026-11-26")
    assert past.exit_code == 1
    assert "Error: --until 2026-11-26 is not after today (2026-11-26): snooze until a later day" in past.output
    unknown = run(root, "snooze", "jane-do", "--until", "2026-12-10")
    assert unknown.exit_code == 1 and "no contact 'jane-do'; did you mean 'jane-doe'?" in unknown.output
    assert (root / "contacts/jane-doe.md").read_text() == JANE["contacts/jane-doe.md"]
