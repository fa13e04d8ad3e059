"""`rolodex export vcard|csv|json|ics`: round trips, documented shapes, and --public.

The round trip is the promise: export the KB as vCard, import it into an empty KB,
and the same people come back with the same fields (name, title, company, location,
emails, phone, links, tags and the `## Notes` text).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from conftest import REPO, TODAY, write_kb
from rolodex.cli import main
from rolodex.interop import export, vcard
from rolodex.kb.loader import load
from rolodex.rules import followups

VCARD_FIELDS = ("name", "title", "company", "location", "emails", "phone", "links", "tags")

PEOPLE = {
    "contacts/jane-doe.md": """\
        ---
        name: Jane Doe
        title: Director of Communications, Public Affairs
        company: "Smith; Jones, & Co"
        location: Washington, DC
        email: [jane@example.com, jdoe@example.org]
        phone: "+1 555 0100"
        links:
          linkedin: https://www.linkedin.com/in/jane-doe
          website: https://jane.example/about?a=1&b=2
          github: https://github.com/janedoe
        tags: [mentor, public-affairs]
        touches:
          - {date: 2026-11-01, kind: outreach, note: Cold email}
        ---
        ## Research
        Her path from the newsroom.

        ## Notes
        - Likes *short* emails; see [her post](https://jane.example/post).
        - Ask about the 2027 budget \\ timeline: "soon".
        """,
    "contacts/hostile.md": """\
        ---
        name: "<script>alert(1)</script>, Jr.; \\"Q\\""
        title: "=SUM(A1:A2)"
        email: x@example.com
        private: true
        ---
        ## Notes
        &lt;img src=x onerror=alert(1)> \\[click\\](javascript:alert(2))
        """,
    "contacts/solo.md": "---\nname: Prince\n---\n",
    "meetings/2026-11-20-jane-doe.md": """\
        ---
        date: 2026-11-20
        with: jane-doe
        referrals:
          - name: Ann Lee
        ---
        ## Notes
        Good chat.
        """,
    "meetings/2026-12-03-jane-doe.md": """\
        ---
        date: 2026-12-03 09:30
        with: jane-doe
        kind: coffee
        location: Cafe Luna
        questions: [How did you start?]
        ---
        """,
    "meetings/2026-12-05-hostile.md": "---\ndate: 2026-12-05\nwith: hostile\n---\n",
}

PRIVATE_CONFIG = """\
site_name: Test KB
plugins:
  - search
  - rolodex:
      private_fields: [phone, notes]
"""


@pytest.fixture
def people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_kb(tmp_path / "kb", PEOPLE)
    monkeypatch.chdir(root)
    return root


def contact_fields(root: Path) -> dict[str, tuple]:
    kb, problems = load(root, cache=False)
    assert [p for p in problems if p.severity == "error"] == []
    # notes compare as the text they show: a vCard NOTE is plain text, so a Markdown link
    # comes back as its literal text, escaped (`\[her post\](…)`), never as a link
    return {c.name: tuple(getattr(c, f) for f in VCARD_FIELDS) + (vcard.notes_of(c),) for c in kb.contacts.values()}


# --- vCard -------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_round_trips_into_an_empty_kb(people, tmp_path, run, version):
    result = run(people, "export", "vcard", "--vcard-version", version, "-o", str(tmp_path / "out.vcf"))
    assert result.exit_code == 0 and result.stdout == ""
    text = (tmp_path / "out.vcf").read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD") == 3 and text.count(f"VERSION:{version}\r\n") == 3
    empty = write_kb(tmp_path / "empty", {})
    imported = run(empty, "import", "vcard", str(tmp_path / "out.vcf"))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.splitlines()[-1] == "3 created, 0 updated, 0 unchanged, 0 skipped"
    assert contact_fields(empty) == contact_fields(people)
    again = run(empty, "import", "vcard", str(tmp_path / "out.vcf"))
    assert again.stdout == "0 created, 0 updated, 3 unchanged, 0 skipped\n"


def test_the_sample_kb_round_trips(tmp_path, run):
    out = tmp_path / "sample.vcf"
    assert run(REPO, "export", "vcard", "-o", str(out)).exit_code == 0
    empty = write_kb(tmp_path / "empty", {})
    result = run(empty, "import", "vcard", str(out))
    assert result.exit_code == 0
    sample = contact_fields(REPO)
    assert result.stdout.splitlines()[-1] == f"{len(sample)} created, 0 updated, 0 unchanged, 0 skipped"
    assert contact_fields(empty) == sample
    assert run(empty, "check").exit_code == 0


def test_vcard_text_is_escaped_and_folded(people, run):
    out = run(people, "export", "vcard").stdout_bytes.decode("utf-8")
    assert 'FN:<script>alert(1)</script>\\, Jr.\\; "Q"\r\n' in out
    assert "ORG:Smith\\; Jones\\, & Co\r\n" in out
    assert "item1.URL:https://www.linkedin.com/in/jane-doe\r\n" in out and "item1.X-ABLABEL:linkedin\r\n" in out
    assert all(len(line.encode()) <= 75 for line in out.split("\r\n"))
    assert "NOTE:<img src=x onerror=alert(1)> [click](javascript:alert(2))\r\n" in out  # the text, not Markdown


# --- JSON --------------------------------------------------------------------------------------


def test_json_is_the_whole_kb(people, run):
    result = run(people, "export", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["rolodex", "today", "public", "contacts", "meetings", "due"]
    assert (data["rolodex"], data["today"], data["public"]) == (1, "2026-11-26", False)
    jane = next(c for c in data["contacts"] if c["slug"] == "jane-doe")
    assert list(jane) == [
        "slug",
        "path",
        "name",
        "title",
        "company",
        "field",
        "location",
        "emails",
        "phone",
        "links",
        "tags",
        "referred_by",
        "source",
        "goal",
        "priority",
        "cadence",
        "snooze_until",
        "archived",
        "private",
        "touches",
        "follow_ups",
        "history",
        "status",
        "body",
    ]
    assert jane["links"]["github"] == "https://github.com/janedoe"
    assert jane["touches"] == [{"date": "2026-11-01", "kind": "outreach", "note": "Cold email", "ref": None}]
    assert jane["status"]["stage"] == "met"
    coffee = next(m for m in data["meetings"] if m["slug"] == "2026-12-03-jane-doe")
    assert coffee == {
        "slug": "2026-12-03-jane-doe",
        "path": "meetings/2026-12-03-jane-doe.md",
        "date": "2026-12-03",
        "time": "09:30",
        "with": ["jane-doe"],
        "kind": "coffee",
        "location": "Cafe Luna",
        "duration": None,
        "status": "planned",
        "uid": None,
        "thank_you": None,
        "referrals": [],
        "follow_ups": [],
        "questions": ["How did you start?"],
        "tags": [],
        "body": "",
    }
    kb, _ = load(people, cache=False)
    assert data["due"] == [item.as_json() for item in followups.compute(kb, TODAY)]
    assert [c["slug"] for c in data["contacts"]] == ["hostile", "jane-doe", "solo"]


def test_public_exports_leave_private_people_and_fields_out(tmp_path, monkeypatch, run):
    root = write_kb(tmp_path / "kb", PEOPLE, PRIVATE_CONFIG)
    monkeypatch.chdir(root)
    outputs = {fmt: run(root, "export", fmt, "--public").stdout for fmt in ("vcard", "csv", "json", "ics")}
    for fmt, text in outputs.items():
        for secret in ("script", "hostile", "=SUM", "555 0100", "Likes", "Good chat", "2026-12-05"):
            assert secret not in text, (fmt, secret)
        assert "Jane Doe" in text
    data = json.loads(outputs["json"])
    assert data["public"] is True and [c["slug"] for c in data["contacts"]] == ["jane-doe", "solo"]
    assert data["contacts"][0]["phone"] is None and data["contacts"][0]["body"] == ""
    assert (
        "private" not in json.loads(run(root, "export", "json").stdout)["contacts"][0]["body"]
    )  # whole KB without --public
    assert "555 0100" in run(root, "export", "csv").stdout


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_columns_and_cells(people, run):
    text = run(people, "export", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == export.CSV_COLUMNS
    assert text.splitlines()[0] == (
        "slug,name,title,company,field,location,email,other_emails,phone,linkedin,other_links,tags,referred_by,"
        "source,goal,priority,cadence,snooze_until,archived,private,stage,last_contact,next_due,health,path"
    )
    jane = next(r for r in rows if r["slug"] == "jane-doe")
    assert jane["email"] == "jane@example.com" and jane["other_emails"] == "jdoe@example.org"
    assert jane["phone"] == "+1 555 0100"  # a phone number is not a formula
    assert jane["linkedin"] == "https://www.linkedin.com/in/jane-doe"
    assert jane["other_links"] == "website: https://jane.example/about?a=1&b=2; github: https://github.com/janedoe"
    assert (jane["tags"], jane["stage"], jane["last_contact"], jane["private"]) == (
        "mentor; public-affairs",
        "met",
        "2026-11-20",
        "false",
    )
    hostile = next(r for r in rows if r["slug"] == "hostile")
    assert hostile["title"] == "'=SUM(A1:A2)"  # a spreadsheet would run it: prefixed to stay text
    assert hostile["name"] == '<script>alert(1)</script>, Jr.; "Q"'


@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\x00=1+1", "'\x00=1+1"),
        ("  =1+1", "'  =1+1"),
        (" @x", "' @x"),
        (" -1+cmd", "' -1+cmd"),
        ("+1 (555) 010-0199", "+1 (555) 010-0199"),
        ("-12.5", "-12.5"),
        ("Acme = Widgets", "Acme = Widgets"),
    ],
)
def test_csv_cells_never_start_a_formula(value, cell):
    """OWASP's CSV injection: a cell a spreadsheet would evaluate gets a leading apostrophe."""
    assert export._cell(value) == cell


# --- iCalendar ---------------------------------------------------------------------------------


def test_ics_holds_meetings_and_due_follow_ups(people, tmp_path, run):
    out = tmp_path / "net.ics"
    assert run(people, "export", "ics", "-o", str(out)).exit_code == 0
    cal = Calendar.from_ical(out.read_bytes())
    uids = sorted(str(e["uid"]) for e in cal.walk("VEVENT"))
    kb, _ = load(people, cache=False)
    items = followups.compute(kb, TODAY)
    assert uids == sorted(
        [f"{i.id}@rolodex" for i in items]
        + [
            "meeting:2026-11-20-jane-doe@rolodex",
            "meeting:2026-12-03-jane-doe@rolodex",
            "meeting:2026-12-05-hostile@rolodex",
        ]
    )
    assert any(i.kind == "thank-you" for i in items)


def test_output_goes_to_stdout_by_default_and_a_file_replaced_whole(people, tmp_path, run):
    target = tmp_path / "x.json"
    target.write_text("old content that is longer than nothing" * 100)
    assert run(people, "export", "json", "-o", str(target)).stdout == ""
    assert json.loads(target.read_text())["rolodex"] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_export_shares_its_group_with_the_site_export():
    group = main.commands["export"]
    assert {"vcard", "csv", "json", "ics"} <= set(group.commands)
    assert main.commands["import"].commands.keys() == {"vcard", "linkedin"}


# --- habits: pre-commit, Obsidian ---------------------------------------------------------------


def test_pre_commit_hook_runs_rolodex_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "rolodex-check")
    assert (hook["entry"], hook["language"], hook["pass_filenames"], hook["files"]) == (
        "rolodex check",
        "python",
        False,
        r"\.(md|yml)$",
    )


def test_an_obsidian_vault_stays_valid(tmp_path, run):
    root = write_kb(
        tmp_path / "vault",
        {
            "contacts/jane-doe.md": '---\nname: Jane Doe\nreferred_by: "[[Ann Lee]]"\naliases: [Jane]\ncssclasses: [person]\n---\n'
            "Met through [[ann-lee|Ann]].\n",
            "contacts/ann-lee.md": "---\nname: Ann Lee\ntags: [mentor]\n---\n",
            "meetings/2026-11-20-jane-doe.md": '---\ndate: 2026-11-20T09:30\nwith:\n  - "[[Jane Doe]]"\n---\n## Notes\nSee [[jane-doe]].\n',
            ".obsidian/app.json": "{}",
            ".obsidian/workspace.json": "{not json",
            "contacts/.obsidian/stray.md": "not front matter at all",
            "contacts/_templates/person.md": "---\nname: {{title}}\n---\n",
            ".trash/old.md": "junk",
        },
    )
    result = run(root, "check")
    assert result.exit_code == 0
    assert result.stdout == "✓ 0 errors, 0 warnings in 2 contacts and 1 meeting\n"
    kb, _ = load(root, cache=False)
    assert kb.contacts["jane-doe"].referred_by.slug == "ann-lee"
    meeting = kb.meetings["2026-11-20-jane-doe"]
    assert (meeting.contacts, meeting.time) == (("jane-doe",), dt.time(9, 30))  # Obsidian's date & time
