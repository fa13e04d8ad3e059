"""`rolodex import linkedin`: Connections.csv as LinkedIn really writes it.

tests/fixtures/interop/Connections.csv has the BOM, the `Notes:` preamble (a quoted
paragraph and a blank line) before the header, empty emails, quoted company names with
commas, non-ASCII names, a member who hides their name, a row broken by an unquoted
comma, and an impossible date.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, write_kb
from rolodex.core.model import Problem, Touch
from rolodex.interop import linkedin
from rolodex.kb.loader import load
from rolodex.rules import followups

INTEROP = FIXTURES / "interop"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def connected(day: dt.date) -> tuple[Touch, ...]:
    return (Touch(day, "note", "Connected on LinkedIn"),)


def test_reads_the_export_after_its_notes_preamble():
    people, problems = linkedin.read("Connections.csv", (INTEROP / "Connections.csv").read_bytes())
    assert [(p.line, p.name) for p in people] == [
        (5, "Alisha Grant"),
        (6, "Tomás Herrera"),
        (7, "Zoë Ørsted-Nakamura"),
        (8, "Kenji Watanabe"),
        (9, "Ruth Abernathy"),
        (13, "Maria Okafor"),
    ]
    tomas = people[1]
    assert tomas.company == "Herrera, Cole & Partners"
    assert tomas.title == "Partner"
    assert tomas.emails == ("tomas.herrera@example.com",)
    assert tomas.links == (("linkedin", "https://www.linkedin.com/in/tomas-herrera-example"),)
    assert tomas.touches == connected(dt.date(2026, 11, 21))
    assert tomas.source == "LinkedIn" and tomas.label == "row 6"
    assert people[0].emails == ()  # most connections hide their address
    assert people[2].title == "Director, Public Affairs"
    assert problems == [
        Problem(
            "Connections.csv",
            10,
            "warning",
            "no-name",
            "no name (LinkedIn leaves out members who hide their data); skipped",
        ),
        Problem(
            "Connections.csv",
            11,
            "error",
            "bad-row",
            "8 values but the header has 7 (a comma outside quotes?); skipped",
        ),
        Problem(
            "Connections.csv",
            12,
            "error",
            "bad-date",
            "'Connected On' is '31 Feb 2026', not a date like '21 Nov 2026'; skipped",
        ),
    ]


@pytest.mark.parametrize(
    "text, day",
    [
        ("21 Nov 2026", dt.date(2026, 11, 21)),
        ("02 Nov 2026", dt.date(2026, 11, 2)),
        ("5 Sept 2025", dt.date(2025, 9, 5)),
        ("21-Nov-26", dt.date(2026, 11, 21)),
        ("11/21/26", dt.date(2026, 11, 21)),
        ("2026-11-21", dt.date(2026, 11, 21)),
        ("31 Feb 2026", None),
        ("yesterday", None),
        ("21 Foo 2026", None),
    ],
)
def test_connected_on_formats(text, day):
    assert linkedin.parse_date(text) == day


def test_an_older_export_without_notes_or_url_column_and_with_crlf():
    data = (
        b"First Name,Last Name,Email Address,Company,Position,Connected On\r\n"
        b"Ana,Lima,ana@example.com,Acme,Editor,03 Jan 2019\r\n"
    )
    people, problems = linkedin.read("old.csv", data)
    assert problems == []
    assert (people[0].name, people[0].emails, people[0].links, people[0].line) == (
        "Ana Lima",
        ("ana@example.com",),
        (),
        2,
    )


def test_a_quoted_value_over_two_lines_keeps_row_numbers_right():
    data = (HEADER + '"Multi\nLine",Name,,,,,01 Oct 2026\nNext,Person,,,,,02 Oct 2026\n').encode()
    people, _ = linkedin.read("m.csv", data)
    assert [(p.line, p.name) for p in people] == [(2, "Multi\nLine Name"), (4, "Next Person")]


def test_not_a_linkedin_file():
    assert linkedin.read("x.csv", b"a,b\n1,2\n") == (
        [],
        [
            Problem(
                "x.csv",
                None,
                "error",
                "no-header",
                "no header row with 'First Name' and 'Last Name': is this LinkedIn's Connections.csv?",
            )
        ],
    )
    people, problems = linkedin.read("x.csv", b"First Name,Last Name\n\xff\xfe,x\n")
    assert people == [] and [p.code for p in problems] == ["encoding"]


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def make(files: dict[str, str] | None = None, *imports: str) -> Path:
        root = write_kb(tmp_path / "kb", files or {})
        for name in imports:
            shutil.copy(INTEROP / name, root / name)
        monkeypatch.chdir(root)
        return root

    return make


KENJI = {
    "contacts/kenji-watanabe.md": """\
    ---
    name: Kenji Watanabe
    company: Bright Line Public Relations
    email: kenji.watanabe@example.com
    touches:
      - {date: 2025-04-01, kind: outreach}
    ---
    """
}


def test_import_creates_matches_and_reports_bad_rows(kb, run):
    root = kb(KENJI, "Connections.csv")
    result = run(root, "import", "linkedin", "Connections.csv")
    assert result.exit_code == 1  # bad rows: reported, skipped; everyone else imported
    assert result.stderr == (
        "Connections.csv:10: warning: no name (LinkedIn leaves out members who hide their data); skipped [no-name]\n"
        "Connections.csv:11: error: 8 values but the header has 7 (a comma outside quotes?); skipped [bad-row]\n"
        "Connections.csv:12: error: 'Connected On' is '31 Feb 2026', not a date like '21 Nov 2026'; skipped [bad-date]\n"
    )
    assert result.stdout == (
        "Connections.csv:5: create contacts/alisha-grant.md (Alisha Grant)\n"
        "Connections.csv:6: create contacts/tomas-herrera.md (Tomás Herrera)\n"
        "Connections.csv:7: create contacts/zoe-orsted-nakamura.md (Zoë Ørsted-Nakamura)\n"
        "Connections.csv:8: update contacts/kenji-watanabe.md (matched by email): "
        "title: Senior Account Director; links.linkedin: https://www.linkedin.com/in/kenji-watanabe-example; "
        "note touch 2025-03-14: Connected on LinkedIn\n"
        # 'Bright Line PR' is his 'Bright Line Public Relations' written short: no conflict, no job change
        "Connections.csv:9: create contacts/ruth-abernathy.md (Ruth Abernathy)\n"
        "Connections.csv:13: create contacts/maria-okafor.md (Maria Okafor)\n"
        "5 created, 1 updated, 0 unchanged, 3 skipped\n"
    )
    assert (root / "contacts/zoe-orsted-nakamura.md").read_text() == (
        "---\n"
        "name: Zoë Ørsted-Nakamura\n"
        'title: "Director, Public Affairs"\n'
        "company: Nordlys Kommunikation\n"
        "links:\n"
        '  linkedin: "https://www.linkedin.com/in/zoe-orsted-nakamura"\n'
        "source: LinkedIn\n"
        "touches:\n"
        "  - date: 2026-11-02\n"
        "    kind: note\n"
        "    note: Connected on LinkedIn\n"
        "---\n"
        "## Research\n"
        "\n"
        "## Notes\n"
    )
    assert (root / "contacts/kenji-watanabe.md").read_text() == (
        "---\n"
        "name: Kenji Watanabe\n"
        "title: Senior Account Director\n"
        "company: Bright Line Public Relations\n"
        "email: kenji.watanabe@example.com\n"
        "links:\n"
        '  linkedin: "https://www.linkedin.com/in/kenji-watanabe-example"\n'
        "touches:\n"
        "  - {date: 2025-04-01, kind: outreach}\n"
        "  - {date: 2025-03-14, kind: note, note: Connected on LinkedIn}\n"
        "---\n"
    )
    again = run(root, "import", "linkedin", "Connections.csv")
    assert again.stdout.splitlines()[-1] == "0 created, 0 updated, 6 unchanged, 3 skipped"
    assert run(root, "check").exit_code == 0


def test_the_connection_date_is_history_not_an_interaction(kb, run):
    root = kb({}, "Connections.csv")
    run(root, "import", "linkedin", "Connections.csv")
    kb_, _ = load(root, cache=False)
    assert followups.compute(kb_, TODAY) == []  # a note touch asks for no follow-up
    assert run(root, "list", "--format", "json").stdout.count('"stage": "prospect"') == 6
    assert kb_.contacts["tomas-herrera"].touches == connected(dt.date(2026, 11, 21))


def test_import_into_the_sample_kb_sees_no_duplicates(tmp_path, monkeypatch, run):
    root = tmp_path / "sample"
    shutil.copytree(
        REPO_ROOT, root, ignore=shutil.ignore_patterns(".git", "site", "tests", "tools", "benchmarks", ".*")
    )
    monkeypatch.chdir(root)
    result = run(root, "import", "linkedin", str(INTEROP / "Connections.csv"))
    assert result.stdout.splitlines()[-1] == "3 created, 3 updated, 0 unchanged, 3 skipped"
    assert "create contacts/alisha-grant.md" not in result.stdout
    assert "update contacts/city-hall/maria-okafor.md (matched by LinkedIn URL)" in result.stdout
    vcards = [str(INTEROP / f) for f in ("google.vcf", "apple.vcf", "outlook.vcf", "v4.vcf")]
    phone = run(root, "import", "vcard", *vcards)
    assert phone.stdout.splitlines()[-1] == "6 created, 2 updated, 1 unchanged, 1 skipped"
    assert "update contacts/tomas-herrera.md (matched by email)" in phone.stdout  # created by the LinkedIn import
    check = run(root, "check")
    assert check.exit_code == 0
    assert "possible-duplicate" not in check.output


def test_hostile_rows_stay_inert(kb, run):
    root = kb({}, "hostile-Connections.csv")
    result = run(root, "import", "linkedin", "hostile-Connections.csv")
    assert result.exit_code == 0
    assert result.stderr == (
        "hostile-Connections.csv:2: warning: URL 'javascript:alert(3)' is not an http(s) "
        "address; left out [bad-value]\n"
    )
    kb_, problems = load(root, cache=False)
    assert problems == []
    names = {c.name: c for c in kb_.contacts.values()}
    script = names['<script>alert(1)</script> "><img src=x onerror=alert(2)>']
    assert (script.company, script.title, script.links) == ("=cmd|'/C calc'!A0", "Yes", ())
    multi = names["Multi\nLine O'Brien: #1"]
    assert (multi.slug, multi.company, multi.title) == ("multi-line-obrien-1", "{{ 7*7 }}", "@SUM(1+1)")
    assert run(root, "check").stdout == "✓ 0 errors, 0 warnings in 2 contacts and 0 meetings\n"


def test_a_large_import_shows_progress_on_a_terminal_only(kb, run, monkeypatch):
    from rolodex.cli import interop as cli

    root = kb({})
    rows = "".join(f"P{i},Person,https://www.linkedin.com/in/p{i},,,,01 Oct 2026\n" for i in range(cli.PROGRESS_AT))
    (root / "big.csv").write_text(HEADER + rows, encoding="utf-8")
    quiet = run(root, "import", "linkedin", "big.csv", "--dry-run")
    assert quiet.stderr == ""  # not a terminal: no bar
    monkeypatch.setattr(cli, "_terminal", lambda: True)
    loud = run(root, "import", "linkedin", "big.csv")
    assert "Writing contacts" in loud.stderr
    assert loud.stdout.splitlines()[-1] == f"{cli.PROGRESS_AT} created, 0 updated, 0 unchanged, 0 skipped"


REPO_ROOT = Path(__file__).resolve().parent.parent
