"""Job changes: a re-import that shows a new company or title records the old role in `history`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import write_kb
from rolodex.core.model import PastRole
from rolodex.core.parse import parse_contact
from rolodex.core.roles import company_key, same_company, same_title
from rolodex.interop import Incoming, merge
from rolodex.kb.loader import load
from rolodex.write import document as edit
from rolodex.write import fill

SEEN = dt.date(2026, 11, 20)


def person(name: str, **fields) -> Incoming:
    return Incoming(name=name, path="in.csv", line=2, label="row 2", **fields)


# --- what counts as the same company or title --------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Bright Line PR", "Bright Line Public Relations", True),
        ("ACME, Inc.", "Acme", True),
        ("Harborview Strategies", "Harborview Strategies LLC", True),
        ("City of Riverton", "City of Riverton — Mayor's Office", True),  # a department of one employer
        ("Riverton State University", "RSU", True),
        ("Lumen Health", "Northside Clinic", False),
        ("Acme", "Apex", False),
    ],
)
def test_same_company(a, b, same):
    assert same_company(a, b) is same
    assert same_company(b, a) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Sr. VP, Comms", "Senior Vice President Communications", True),
        ("Director of Marketing & Communications", "Director, Marketing and Communications", True),
        ("PIO", "Public Information Officer", True),
        ("Manager", "Senior Manager", False),  # a promotion is a change
        ("Communications Manager", "Director of Communications", False),
    ],
)
def test_same_title(a, b, same):
    assert same_title(a, b) is same


def test_company_key_groups_spellings():
    assert company_key("ACME, Inc.") == company_key("acme") == "acme"
    assert company_key("Inc") == "inc"  # a name that is only a legal form stays a name


# --- the plan ----------------------------------------------------------------------------------

ALISHA = """\
    ---
    name: Alisha Grant
    title: Communications Manager
    company: Lumen Health
    email: alisha@example.org
    ---
    """


def _plan(tmp_path, files, people, seen=SEEN):
    kb = load(write_kb(tmp_path / "kb", files), cache=False)[0]
    return merge.plan(kb, people, seen=seen)


def test_a_new_company_and_title_is_a_job_change(tmp_path):
    plan = _plan(
        tmp_path,
        {"contacts/alisha.md": ALISHA},
        [person("Alisha Grant", emails=("alisha@example.org",), company="Northside Clinic", title="Director")],
    )
    action = plan.actions[0]
    assert action.kind == "update" and action.conflicts == ()
    assert action.changes == (
        "job change: now Director at Northside Clinic, was Communications Manager at Lumen Health "
        "(kept in history, 2026-11-20)",
    )
    assert action.job == ("Communications Manager at Lumen Health", "Director at Northside Clinic")
    target = plan.targets[0]
    assert target.job == PastRole(SEEN, "Lumen Health", "Communications Manager")
    assert target.replaces == {"title": "Director", "company": "Northside Clinic"}


def test_a_new_title_at_the_same_company_is_a_job_change_too(tmp_path):
    plan = _plan(
        tmp_path,
        {"contacts/alisha.md": ALISHA},
        [person("Alisha Grant", company="Lumen Health, Inc.", title="Senior Communications Manager")],
    )
    assert plan.targets[0].replaces == {"title": "Senior Communications Manager"}
    assert plan.actions[0].job == (
        "Communications Manager at Lumen Health",
        "Senior Communications Manager at Lumen Health",
    )


def test_spelling_is_no_change_and_an_undated_plan_keeps_conflicts(tmp_path):
    files = {"contacts/alisha.md": ALISHA}
    same = _plan(tmp_path, files, [person("Alisha Grant", company="LUMEN HEALTH", title="Comms Mgr")])
    assert same.actions[0].kind == "unchanged" and same.targets == []
    undated = _plan(tmp_path, files, [person("Alisha Grant", company="Northside Clinic")], seen=None)
    assert undated.actions[0].conflicts == ("company: keeps 'Lumen Health' (row 2 says 'Northside Clinic')",)
    assert undated.actions[0].job is None


def test_an_old_file_showing_an_earlier_role_is_a_conflict_not_a_change(tmp_path):
    moved = """\
        ---
        name: Alisha Grant
        title: Director
        company: Northside Clinic
        history:
          - {date: 2026-11-01, company: Lumen Health, title: Communications Manager}
        ---
        """
    plan = _plan(tmp_path, {"contacts/alisha.md": moved}, [person("Alisha Grant", company="Lumen Health")])
    assert plan.actions[0].job is None and plan.targets == []
    assert plan.actions[0].conflicts == (
        "company: keeps 'Northside Clinic' (row 2 says 'Lumen Health'; an earlier role in their history)",
    )


def test_a_new_contact_has_no_job_change(tmp_path):
    plan = _plan(tmp_path, {}, [person("New Person", company="Acme", title="VP")])
    assert plan.actions[0].kind == "create" and plan.actions[0].job is None


# --- the edits ---------------------------------------------------------------------------------

ROLE = PastRole(SEEN, "Lumen Health", "Communications Manager")


def _job(text: str) -> bytes:
    """The edits a job change makes, through `fill.fill` as the import runs them."""
    data, done = fill.fill(
        "contacts/a.md",
        text.encode(),
        {},
        [],
        [],
        [],
        job=ROLE,
        replaces={"company": "Northside Clinic", "title": "Director"},
    )
    assert done[0].startswith("history: + date: 2026-11-20")
    return data


HEAD = "---\nname: Alisha Grant\ntitle: Communications Manager  # since 2021\ncompany: 'Lumen Health'\n"


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        # no history yet: the key goes where the format lists it, after touches
        (
            "touches:\n  - date: 2025-06-23\n    kind: outreach\n",
            "touches:\n  - date: 2025-06-23\n    kind: outreach\n"
            "history:\n  - date: 2026-11-20\n    company: Lumen Health\n    title: Communications Manager\n",
        ),
        # an empty key
        (
            "history:\n",
            "history:\n  - date: 2026-11-20\n    company: Lumen Health\n    title: Communications Manager\n",
        ),
        ("history: []\n", "history: [{date: 2026-11-20, company: Lumen Health, title: Communications Manager}]\n"),
        # a flow list: the new role first
        (
            "history: [{date: 2020-01-01, company: Oldco}]\n",
            "history: [{date: 2026-11-20, company: Lumen Health, title: Communications Manager}, "
            "{date: 2020-01-01, company: Oldco}]\n",
        ),
        # a block list of block mappings, with a comment: copied layout, comment kept
        (
            "history:\n    -   date: 2020-01-01   # from the alumni magazine\n        company: Oldco\n",
            "history:\n    -   date: 2026-11-20\n        company: Lumen Health\n        title: Communications Manager\n"
            "    -   date: 2020-01-01   # from the alumni magazine\n        company: Oldco\n",
        ),
        # a block list of flow mappings
        (
            "history:\n  - {date: 2020-01-01, company: Oldco}\n",
            "history:\n  - {date: 2026-11-20, company: Lumen Health, title: Communications Manager}\n"
            "  - {date: 2020-01-01, company: Oldco}\n",
        ),
    ],
)
def test_job_change_edits_are_minimal(history, expected):
    body = "---\n## Notes\n\nShe likes tea.\n"
    new = _job(HEAD + history + body).decode()
    assert (
        new == "---\nname: Alisha Grant\ntitle: Director  # since 2021\ncompany: Northside Clinic\n" + expected + body
    )
    contact, problems = parse_contact("contacts/a.md", "a", new)
    assert problems == []
    assert (contact.company, contact.title, contact.history[0]) == ("Northside Clinic", "Director", ROLE)


def test_job_change_is_skipped_when_the_file_changed_since_the_plan():
    text = "---\nname: Alisha Grant\ntitle: Director\ncompany: Elsewhere\n---\n"
    data, done = fill.fill("contacts/a.md", text.encode(), {}, [], [], [], job=ROLE, replaces={"company": "X"})
    assert (data, done) == (text.encode(), [])


def test_a_multiline_company_is_not_replaced():
    text = "---\nname: A\ncompany: >\n  Lumen\n  Health\n---\n"
    doc = edit.Document.load("contacts/a.md", text.encode())
    with pytest.raises(edit.EditRefused) as info:
        fill.replace_value(doc, "company", "Northside")
    assert "not a one-line value" in info.value.problem.message


# --- the commands ------------------------------------------------------------------------------

CSV = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Alisha,Grant,https://www.linkedin.com/in/alisha-grant-example,,Northside Clinic,"
    "Director of Communications,23 Jun 2025\n"
)
CONTACT = """\
    ---
    name: Alisha Grant
    title: Communications Manager   # since 2021
    company: Lumen Health
    links:
      linkedin: https://www.linkedin.com/in/alisha-grant-example
    touches:
      - {date: 2025-06-23, kind: note, note: Connected on LinkedIn}
    ---
    ## Notes

    She likes tea.
    """


def test_linkedin_reimport_records_the_job_change_and_the_review_shows_it(run, kb_path, tmp_path):
    root = kb_path({"contacts/alisha-grant.md": CONTACT})
    (tmp_path / "Connections.csv").write_text(CSV, encoding="utf-8")
    result = run(root, "import", "linkedin", str(tmp_path / "Connections.csv"), "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    path = str(root / "contacts/alisha-grant.md")
    assert result.output.splitlines()[1:] == [
        "0 created, 1 updated, 0 unchanged, 0 skipped",
        "Job changes (1), each a reason to get in touch:",
        "  Alisha Grant (alisha-grant): now Director of Communications at Northside Clinic; "
        "was Communications Manager at Lumen Health",
    ]
    assert "job change: now Director of Communications at Northside Clinic" in result.output.splitlines()[0]
    assert (root / "contacts/alisha-grant.md").read_text() == (
        "---\n"
        "name: Alisha Grant\n"
        "title: Director of Communications   # since 2021\n"
        "company: Northside Clinic\n"
        "links:\n"
        "  linkedin: https://www.linkedin.com/in/alisha-grant-example\n"
        "touches:\n"
        "  - {date: 2025-06-23, kind: note, note: Connected on LinkedIn}\n"
        "history:\n"
        "  - date: 2026-11-20\n"
        "    company: Lumen Health\n"
        "    title: Communications Manager\n"
        "---\n"
        "## Notes\n"
        "\n"
        "She likes tea.\n"
    ), path
    again = run(root, "import", "linkedin", str(tmp_path / "Connections.csv"), "--today", "2026-11-21")
    assert again.output == "0 created, 0 updated, 1 unchanged, 0 skipped\n"
    assert run(root, "check", "--strict").exit_code == 0
    review = json.loads(run(root, "review", "--format", "json").output)  # today 2026-11-26
    assert review["job_changes"] == [
        {
            "contact": "alisha-grant",
            "name": "Alisha Grant",
            "date": "2026-11-20",
            "was": {"title": "Communications Manager", "company": "Lumen Health"},
            "now": {"title": "Director of Communications", "company": "Northside Clinic"},
        }
    ]
    who = json.loads(run(root, "who", "lumen", "--format", "json").output)
    assert [(p["slug"], p["current"], p["left_by"]) for p in who[0]["people"]] == [
        ("alisha-grant", False, "2026-11-20")
    ]


VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alisha Grant\r\nN:Grant;Alisha;;;\r\n"
    "EMAIL:alisha@example.org\r\nORG:Northside Clinic\r\nTITLE:Director\r\nEND:VCARD\r\n"
)


def test_vcard_dry_run_lists_the_change_and_writes_nothing(run, kb_path, tmp_path):
    root = kb_path({"contacts/alisha.md": ALISHA})
    before = (root / "contacts/alisha.md").read_bytes()
    (tmp_path / "c.vcf").write_text(VCARD, encoding="utf-8", newline="")
    result = run(root, "import", "vcard", str(tmp_path / "c.vcf"), "--dry-run", "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "would update" in result.output and "job change: now Director at Northside Clinic" in result.output
    assert "Job changes (1), each a reason to get in touch:" in result.output
    assert (root / "contacts/alisha.md").read_bytes() == before
    done = run(root, "import", "vcard", str(tmp_path / "c.vcf"), "--today", "2026-11-20")
    assert done.exit_code == 0
    contact = load(root, cache=False)[0].contacts["alisha"]
    assert (contact.company, contact.title) == ("Northside Clinic", "Director")
    assert contact.history == (PastRole(SEEN, "Lumen Health", "Communications Manager"),)
