"""`rolodex templates`: which file each kind of draft uses; copies to edit, never over a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rolodex.drafts.compose import TEMPLATE_KINDS

BUILTIN = Path(__file__).resolve().parent.parent / "tools" / "rolodex" / "drafts" / "templates"
CONTACT = {"contacts/bob-stone.md": "---\nname: Bob Stone\ntouches:\n  - {date: 2026-11-12, kind: outreach}\n---\n"}


@pytest.fixture
def kb(kb_path, monkeypatch):
    """A KB to run in, as the current folder (so paths print as the user sees them)."""

    def make(files=None, config=None):
        root = kb_path(files, config)
        monkeypatch.chdir(root)
        return root

    return make


def listing(overridden: dict[str, str]) -> str:
    rows = [(kind, f"{overridden[kind]} (yours)" if kind in overridden else "built-in") for kind in TEMPLATE_KINDS]
    width = max(len(k) for k in TEMPLATE_KINDS)
    lines = [f"{'KIND'.ljust(width)}  DRAFTS USE"] + [f"{k.ljust(width)}  {use}" for k, use in rows]
    return "\n".join(lines) + "\n"


def test_a_new_kb_uses_every_built_in_template(kb, run):
    result = run(kb(), "templates")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == listing({}) + (
        "\nTo change a built-in one: rolodex templates copy KIND (or --all), then edit the copy.\n"
    )


def test_the_kbs_own_file_wins_and_stray_files_are_named(kb, run):
    root = kb(
        {
            "templates/thank-you.md": "Subject: Thanks\n\nThanks!\n",
            "templates/sign-off.md": "Best,\n",
            "templates/nudeg.md": "Subject: Hi\n\nHi\n",
        }
    )
    result = run(root, "templates")
    assert result.exit_code == 0
    assert result.stdout == listing({"thank-you": "templates/thank-you.md"}) + (
        "\nOther files in templates/ (for {% include %}): templates/sign-off.md\n"
        "\nTo change a built-in one: rolodex templates copy KIND (or --all), then edit the copy.\n"
    )
    assert result.stderr == (
        "warning: templates/nudeg.md replaces no template: drafts ignore it; did you mean templates/nudge.md?\n"
    )


def test_copy_one_kind_then_drafts_use_the_copy(kb, run):
    root = kb(CONTACT)
    result = run(root, "templates", "copy", "nudge")
    assert (result.exit_code, result.stdout) == (
        0,
        "templates/nudge.md: copied the built-in nudge template; drafts of this kind now use this file\n",
    )
    copy = root / "templates" / "nudge.md"
    assert copy.read_bytes() == (BUILTIN / "nudge.md").read_bytes()
    assert run(root, "templates").stdout.startswith(listing({"nudge": "templates/nudge.md"}))
    copy.write_text(copy.read_text(encoding="utf-8").replace("in case it got buried", "in case it slipped by"))
    assert "in case it slipped by" in run(root, "draft", "nudge:bob-stone").stdout


def test_copy_never_overwrites_a_template(kb, run):
    root = kb({"templates/nudge.md": "Subject: Mine\n\nMy own words.\n"})
    result = run(root, "templates", "copy", "nudge")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: templates/nudge.md already exists, and drafts use it; nothing was copied (to start again "
        "from the built-in one, rename or delete it first)\n",
    )
    assert (root / "templates" / "nudge.md").read_text() == "Subject: Mine\n\nMy own words.\n"


def test_copy_all_keeps_existing_files_and_copies_the_rest(kb, run):
    root = kb({"templates/nudge.md": "Subject: Mine\n\nMy own words.\n"})
    result = run(root, "templates", "copy", "--all")
    assert result.exit_code == 0
    assert result.stdout == "".join(
        "templates/nudge.md: already there, kept; drafts use it\n"
        if kind == "nudge"
        else f"templates/{kind}.md: copied the built-in {kind} template; drafts of this kind now use this file\n"
        for kind in TEMPLATE_KINDS
    )
    assert (root / "templates" / "nudge.md").read_text() == "Subject: Mine\n\nMy own words.\n"
    for kind in TEMPLATE_KINDS:
        if kind != "nudge":
            assert (root / "templates" / f"{kind}.md").read_bytes() == (BUILTIN / f"{kind}.md").read_bytes()
    assert "built-in" not in run(root, "templates").stdout


def test_copy_follows_templates_dir(kb, run):
    config = "site_name: T\nplugins:\n  - rolodex:\n      templates_dir: drafts/mine\n"
    root = kb({}, config=config)
    result = run(root, "templates", "copy", "holiday")
    assert result.stdout == (
        "drafts/mine/holiday.md: copied the built-in holiday template; drafts of this kind now use this file\n"
    )
    assert (root / "drafts" / "mine" / "holiday.md").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["thankyou"],
            "Error: Invalid value for KIND: no template kind 'thankyou'; did you mean 'thank-you'? (kinds: "
            + ", ".join(TEMPLATE_KINDS)
            + ")",
        ),
        ([], "Error: name one KIND to copy, or --all (not both)"),
        (["nudge", "--all"], "Error: name one KIND to copy, or --all (not both)"),
    ],
)
def test_copy_needs_one_known_kind_or_all(kb, run, args, message):
    root = kb()
    result = run(root, "templates", "copy", *args)
    assert result.exit_code == 2 and result.stderr.rstrip("\n").endswith(message)
    assert not (root / "templates").exists()


def test_copy_is_not_written_through_a_link_out_of_the_kb(kb, run, tmp_path):
    root = kb()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, root / "templates")
    result = run(root, "templates", "copy", "nudge")
    assert (result.exit_code, result.stderr) == (
        1,
        "templates/nudge.md: error: the templates folder leads out of the knowledge base; nothing was copied\n",
    )
    assert list(outside.iterdir()) == []
