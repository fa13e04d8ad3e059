"""Read-only views and the scaffold: `rolodex list`, `rolodex show`, `rolodex init`.

Other commands add columns and fields to `list` and `show` over time, so these
tests assert on the columns, fields and lines they are about, not on whole screens.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_kb

PIPELINE = {
    # prospect: on the meet list, nothing sent yet (a `note` is not contact)
    "contacts/pat-prospect.md": """\
        ---
        name: Pat Prospect
        company: Initech
        field: Data
        tags: [alumni]
        touches:
          - {date: 2026-11-01, kind: note, note: Saw her talk}
        ---
        """,
    # contacted: an outreach touch, no meeting yet
    "contacts/cody-contacted.md": """\
        ---
        name: Cody Contacted
        company: Globex
        field: Public affairs
        tags: [alumni, government]
        touches:
          - {date: 2026-11-10, kind: outreach}
        ---
        """,
    # scheduled: a planned meeting (after today)
    "contacts/sam-scheduled.md": """\
        ---
        name: Sam Scheduled
        company: initech labs
        tags: [government]
        ---
        """,
    # met: a held meeting (and a cancelled one, which does not count)
    "contacts/mia-met.md": """\
        ---
        name: Mia Met
        title: Director of Communications
        company: City of Riverton
        field: Government communications
        location: Riverton
        email: [mia@riverton.example, mia@home.example]
        phone: 0123 4567
        links: {linkedin: "https://www.linkedin.com/in/mia-met"}
        tags: [mentor]
        referred_by: cody-contacted
        source: alumni directory
        goal: Learn how a press office runs
        priority: high
        cadence: 30
        touches:
          - {date: 2026-10-01, kind: outreach, note: Cold email}
          - {date: 2026-10-03, kind: reply, note: Said yes}
          - {date: 2026-10-16, kind: thank-you}
        ---
        """,
    # archived: out of the pipeline whatever happened
    "contacts/ari-archived.md": """\
        ---
        name: Ari Archived
        company: Initech
        archived: true
        touches:
          - {date: 2026-01-10, kind: outreach}
        ---
        """,
    # a cancelled meeting alone leaves a contact where the touches put it
    "contacts/cal-cancelled.md": "---\nname: Cal Cancelled\n---\n",
    "meetings/2026-12-03-sam-scheduled.md": "---\ndate: 2026-12-03 10:00\nwith: sam-scheduled\nkind: video\n---\n",
    "meetings/2026-10-15-mia-met.md": """\
        ---
        date: 2026-10-15
        with: "[[Mia Met]]"
        kind: coffee
        location: Blue Bottle
        ---
        """,
    "meetings/2026-11-30-mia-met.md": "---\ndate: 2026-11-30\nwith: mia-met\nstatus: cancelled\n---\n",
    "meetings/2026-12-10-mia-met.md": "---\ndate: 2026-12-10\nwith: mia-met\n---\n",
    "meetings/2026-11-01-cal-cancelled.md": "---\ndate: 2026-11-01\nwith: cal-cancelled\nstatus: cancelled\n---\n",
}

STAGES = {
    "ari-archived": "archived",
    "cal-cancelled": "prospect",
    "cody-contacted": "contacted",
    "mia-met": "met",
    "pat-prospect": "prospect",
    "sam-scheduled": "scheduled",
}


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    root = write_kb(tmp_path / "kb", PIPELINE)
    monkeypatch.chdir(root)
    return root


def listed(run, root, *args: str) -> list[dict]:
    result = run(root, "list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# --- list ------------------------------------------------------------------------------------


def test_list_json_has_each_contact_with_its_stage(run, root):
    rows = listed(run, root)
    assert {r["slug"]: r["stage"] for r in rows} == STAGES
    mia = next(r for r in rows if r["slug"] == "mia-met")
    assert {k: mia[k] for k in ("name", "company", "title", "field", "tags", "path")} == {
        "name": "Mia Met",
        "company": "City of Riverton",
        "title": "Director of Communications",
        "field": "Government communications",
        "tags": ["mentor"],
        "path": "contacts/mia-met.md",
    }


def test_list_is_sorted_by_name(run, root):
    assert [r["name"] for r in listed(run, root)] == [
        "Ari Archived",
        "Cal Cancelled",
        "Cody Contacted",
        "Mia Met",
        "Pat Prospect",
        "Sam Scheduled",
    ]


def test_stage_follows_today(run, root):
    # on the day of Sam's meeting it is held: Sam has met
    rows = listed(run, root, "--today", "2026-12-03")
    assert {r["slug"]: r["stage"] for r in rows}["sam-scheduled"] == "met"


@pytest.mark.parametrize(
    "stage, slugs",
    [
        ("prospect", ["cal-cancelled", "pat-prospect"]),
        ("contacted", ["cody-contacted"]),
        ("scheduled", ["sam-scheduled"]),
        ("met", ["mia-met"]),
        ("archived", ["ari-archived"]),
    ],
)
def test_filter_by_stage(stage, slugs, run, root):
    assert [r["slug"] for r in listed(run, root, "--stage", stage)] == slugs


def test_stage_filter_is_repeatable(run, root):
    assert [r["slug"] for r in listed(run, root, "--stage", "met", "--stage", "scheduled")] == [
        "mia-met",
        "sam-scheduled",
    ]


def test_filter_by_tag_all_must_match(run, root):
    assert [r["slug"] for r in listed(run, root, "--tag", "alumni")] == ["cody-contacted", "pat-prospect"]
    assert [r["slug"] for r in listed(run, root, "--tag", "alumni", "--tag", "government")] == ["cody-contacted"]
    assert listed(run, root, "--tag", "nobody") == []


def test_filter_by_company_substring_any_case(run, root):
    assert [r["slug"] for r in listed(run, root, "--company", "INITECH")] == [
        "ari-archived",
        "pat-prospect",
        "sam-scheduled",
    ]


def test_filters_combine(run, root):
    assert [r["slug"] for r in listed(run, root, "--company", "initech", "--stage", "prospect")] == ["pat-prospect"]


def test_list_text_is_an_aligned_table(run, root):
    result = run(root, "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    header = lines[0].split()
    for column in ("NAME", "COMPANY", "FIELD", "STAGE", "SLUG"):
        assert column in header
    stage_at = lines[0].index("STAGE")
    slug_at = lines[0].index("SLUG")
    rows = {line[slug_at:].split()[0]: line for line in lines[1:]}
    assert set(rows) == set(STAGES)
    # a contacted person's stage says whose move it is (Cody's outreach is unanswered)
    words = {slug: " ".join(line[stage_at:].split()[:2]) for slug, line in rows.items()}
    assert words.pop("cody-contacted") == "awaiting reply"
    assert {slug: word.split()[0] for slug, word in words.items()} == {
        s: w for s, w in STAGES.items() if s != "cody-contacted"
    }
    assert rows["mia-met"].startswith("Mia Met ")
    assert rows["mia-met"][lines[0].index("COMPANY") :].startswith("City of Riverton ")
    assert rows["mia-met"][lines[0].index("FIELD") :].startswith("Government communications ")
    assert "\x1b[" not in result.output  # no colour when not a terminal


def test_list_when_nothing_matches_or_nothing_exists(run, root, tmp_path):
    assert run(root, "list", "--stage", "met", "--tag", "nobody").output == "No contacts match.\n"
    empty = write_kb(tmp_path / "empty", {})
    assert run(empty, "list").output == "No contacts yet: add one with 'rolodex new contact \"Name\"'.\n"
    assert run(empty, "list", "--format", "json").output == "[]\n"


def test_list_bad_stage_is_a_usage_error(run, root):
    result = run(root, "list", "--stage", "friends")
    assert result.exit_code == 2
    assert "'friends' is not one of 'prospect', 'contacted', 'scheduled', 'met', 'archived'" in result.output


def test_list_works_on_a_kb_with_problems(run, root):
    (root / "contacts" / "broken.md").write_text("---\nname: [Broken\n---\n")
    (root / "contacts" / "typo.md").write_text("---\nname: Tia Typo\npriority: urgent\n---\n")
    slugs = [r["slug"] for r in listed(run, root)]
    assert "typo" in slugs and "broken" not in slugs


# --- show ------------------------------------------------------------------------------------


def test_show_profile(run, root):
    result = run(root, "show", "mia-met")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Mia Met  (mia-met, met)"
    for expected in (
        "  Role:          Director of Communications, City of Riverton",
        "  Field:         Government communications",
        "  Location:      Riverton",
        "  Email:         mia@riverton.example, mia@home.example",
        "  Phone:         0123 4567",
        "  Links:         linkedin: https://www.linkedin.com/in/mia-met",
        "  Tags:          mentor",
        "  Source:        alumni directory",
        "  Goal:          Learn how a press office runs",
        "  Priority:      high",
        "  Referred by:   Cody Contacted (cody-contacted)",
        "  Cadence:       30 days",
        "  File:          contacts/mia-met.md",
    ):
        assert expected in lines, expected


def test_show_timeline_is_in_date_order_with_touches_and_meetings(run, root):
    lines = run(root, "show", "mia-met").output.splitlines()
    timeline = lines[lines.index("Timeline") + 1 :]
    timeline = timeline[: timeline.index("")] if "" in timeline else timeline
    assert timeline == [
        "  2026-10-01  outreach   Cold email",
        "  2026-10-03  reply      Said yes",
        "  2026-10-15  meeting    coffee meeting at Blue Bottle  [2026-10-15-mia-met]",
        "  2026-10-16  thank-you",
        "  2026-11-30  meeting    informational meeting (cancelled)  [2026-11-30-mia-met]",
        "  2026-12-10  meeting    informational meeting (planned)  [2026-12-10-mia-met]",
    ]


def test_show_lists_who_they_introduced_you_to(run, root):
    lines = run(root, "show", "cody-contacted").output.splitlines()
    assert lines[lines.index("Introduced you to") + 1] == "  Mia Met (mia-met)"


def test_show_by_name_or_slug_in_another_case(run, root):
    assert run(root, "show", "Mia Met").output.splitlines()[0] == "Mia Met  (mia-met, met)"
    assert run(root, "show", "MIA-MET").output.splitlines()[0] == "Mia Met  (mia-met, met)"


def test_show_unknown_slug_is_an_error_with_did_you_mean(run, root):
    result = run(root, "show", "mia-mett")
    assert (result.exit_code, result.output) == (1, "Error: no contact 'mia-mett'; did you mean 'mia-met'?\n")
    result = run(root, "show", "zzzzzz")
    assert (result.exit_code, result.output) == (1, "Error: no contact 'zzzzzz'\n")


def test_show_needs_a_slug(run, root):
    assert run(root, "show").exit_code == 2


# --- init ------------------------------------------------------------------------------------


SCAFFOLD = ["mkdocs.yml", ".gitignore", "docs/index.md", "contacts/_template.md", "meetings/_template.md"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_init_creates_the_scaffold(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(None, "init", "my-network")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[: len(SCAFFOLD)] == [f"created my-network/{p}" for p in SCAFFOLD]
    assert sorted(tree(tmp_path / "my-network")) == sorted(SCAFFOLD)
    config = (tmp_path / "my-network" / "mkdocs.yml").read_text()
    assert "name: material" in config and "- rolodex:" in config
    assert "/site/" in (tmp_path / "my-network" / ".gitignore").read_text().splitlines()


def test_init_defaults_to_the_current_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(None, "init").exit_code == 0
    assert sorted(tree(tmp_path)) == sorted(SCAFFOLD)


def test_a_new_kb_passes_check_and_lists_nothing(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run(None, "init", "kb")
    monkeypatch.chdir(tmp_path / "kb")
    result = run(None, "check", "--strict")
    assert (result.exit_code, result.output) == (0, "✓ 0 errors, 0 warnings in 0 contacts and 0 meetings\n")
    assert run(None, "list", "--format", "json").output == "[]\n"


def test_the_templates_are_valid_files_once_copied(run, tmp_path, monkeypatch):
    """A user copies _template.md to a real name: it must pass check as it is."""
    monkeypatch.chdir(tmp_path)
    run(None, "init", "kb")
    kb = tmp_path / "kb"
    (kb / "contacts" / "jane-doe.md").write_text((kb / "contacts" / "_template.md").read_text())
    (kb / "contacts" / "john-smith.md").write_text("---\nname: John Smith\n---\n")
    (kb / "meetings" / "2026-01-20-jane-doe.md").write_text((kb / "meetings" / "_template.md").read_text())
    monkeypatch.chdir(kb)
    result = run(None, "check", "--strict")
    assert (result.exit_code, result.output) == (0, "✓ 0 errors, 0 warnings in 2 contacts and 1 meeting\n")


@pytest.mark.parametrize("existing", SCAFFOLD)
def test_init_refuses_to_overwrite_anything_and_changes_nothing(existing, run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "kb" / existing
    target.parent.mkdir(parents=True)
    target.write_text("mine\n")
    before = tree(tmp_path)
    result = run(None, "init", "kb")
    assert result.exit_code == 1
    assert result.output == f"Error: refusing to overwrite existing files: kb/{existing}\n"
    assert tree(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / "kb").iterdir()) == [target.relative_to(tmp_path / "kb").parts[0]]


def test_init_twice_refuses_the_second_time(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(None, "init", "kb").exit_code == 0
    before = tree(tmp_path)
    result = run(None, "init", "kb")
    assert result.exit_code == 1
    assert result.output.startswith("Error: refusing to overwrite existing files: kb/mkdocs.yml, kb/.gitignore")
    assert tree(tmp_path) == before


def test_init_into_an_existing_folder_with_other_files(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kb" / "contacts").mkdir(parents=True)
    (tmp_path / "kb" / "contacts" / "jane-doe.md").write_text("---\nname: Jane Doe\n---\n")
    assert run(None, "init", "kb").exit_code == 0
    assert (tmp_path / "kb" / "contacts" / "jane-doe.md").read_text() == "---\nname: Jane Doe\n---\n"


def test_init_into_a_file_is_a_usage_error(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").write_text("x")
    assert run(None, "init", "notes").exit_code == 2


def test_init_says_what_to_do_next(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(None, "init", "kb").output.splitlines()[-1] == (
        'Your knowledge base is ready. Next: cd kb && rolodex new contact "Jane Doe"'
    )
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert (
        run(None, "init").output.splitlines()[-1]
        == 'Your knowledge base is ready. Next: rolodex new contact "Jane Doe"'
    )


def test_init_where_it_cannot_write_is_an_error_not_a_traceback(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "docs").write_text("a file where a folder must go")
    before = tree(tmp_path)
    result = run(None, "init", "kb")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Error: cannot create kb/docs/index.md: ")
    assert tree(tmp_path) == before  # what it had made is taken back
    assert sorted(p.name for p in (tmp_path / "kb").iterdir()) == ["docs"]


def test_the_templates_rolodex_init_writes_are_the_sample_kbs():
    """One template each: the sample KB's `_template.md` files are what `rolodex init` ships."""
    from conftest import REPO

    scaffold = REPO / "tools" / "rolodex" / "scaffold"
    assert (scaffold / "contact_template.md").read_bytes() == (REPO / "contacts" / "_template.md").read_bytes()
    assert (scaffold / "meeting_template.md").read_bytes() == (REPO / "meetings" / "_template.md").read_bytes()
