"""`kb.load`: the one reader of a KB — discovery, slugs, subfolders, ignored names, links."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import FIXTURES, write_kb
from rolodex.core.model import Ref, Unplaced
from rolodex.kb.loader import load


def fixture(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root, symlinks=True)
    return root


def loaded(tmp_path: Path, files: dict[str, str], config: str | None = None):
    return load(write_kb(tmp_path / "kb", files, config), cache=False)


def test_minimal_fixture(tmp_path):
    kb, problems = load(fixture("minimal", tmp_path), cache=False)
    assert problems == []
    assert list(kb.contacts) == ["jane-doe"]
    assert list(kb.meetings) == ["2026-11-20-jane-doe"]
    assert kb.meetings["2026-11-20-jane-doe"].contacts == ("jane-doe",)


def test_subfolders_and_ignored_names(tmp_path):
    kb, problems = load(fixture("subfolders", tmp_path), cache=False)
    assert problems == []
    assert {slug: c.path for slug, c in kb.contacts.items()} == {
        "maria-okafor": "contacts/city-hall/maria-okafor.md",
        "james-whitfield": "contacts/city-hall/press-office/james-whitfield.md",
        "nina-patel": "contacts/nina-patel.md",
    }
    assert sorted(m.path for m in kb.meetings.values()) == [
        "meetings/2026-10-01-nina-patel.md",
        "meetings/2026/11/2026-11-20-maria-okafor.md",
    ]
    # _template.md, _archive/, .obsidian/, .hidden.md, notes.txt, _drafts/ are not read
    assert kb.contacts["james-whitfield"].referred_by.slug == "maria-okafor"


def test_slug_is_the_file_name_without_md(tmp_path):
    kb, _ = loaded(tmp_path, {"contacts/acme/jane-doe.md": "---\nname: Someone Else\n---\n"})
    assert kb.contacts["jane-doe"].name == "Someone Else"


def test_duplicate_slugs_keep_one_record(tmp_path):
    kb, problems = load(fixture("duplicates", tmp_path), cache=False)
    assert kb.contacts["jane-doe"].path == "contacts/acme/jane-doe.md"
    assert sorted(p.path for p in problems if p.code == "duplicate-slug") == [
        "contacts/globex/Jane-Doe.md",
        "contacts/jane-doe.md",
        "meetings/2026-11-20-jane-doe.md",  # kept: meetings/2025/…
    ]


def test_folders_from_config(tmp_path):
    config = "site_name: T\nplugins:\n  - rolodex:\n      contacts_dir: people\n      meetings_dir: notes/meetings\n"
    kb, problems = loaded(
        tmp_path,
        {
            "people/jane-doe.md": "---\nname: Jane Doe\n---\n",
            "notes/meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\n---\n",
            "contacts/ignored.md": "---\nname: Not Read\n---\n",
        },
        config,
    )
    assert problems == []
    assert list(kb.contacts) == ["jane-doe"]
    assert kb.meetings["2026-11-20-jane-doe"].path == "notes/meetings/2026-11-20-jane-doe.md"


def test_missing_folders_are_an_empty_kb(tmp_path):
    root = tmp_path / "kb"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: T\n")
    kb, problems = load(root, cache=False)
    assert (kb.contacts, kb.meetings, problems) == ({}, {}, [])


def test_bom_and_crlf_lines_through_the_loader(tmp_path):
    kb, problems = load(fixture("crlf-bom", tmp_path), cache=False)
    assert {(p.path, p.line, p.code) for p in problems} >= {
        ("contacts/jane-doe.md", 3, "unknown-key"),
        ("contacts/jane-doe.md", 4, "bad-value"),
        ("contacts/bob-stone.md", 6, "bad-date"),
        ("contacts/dana-kim.md", 2, "yaml-syntax"),
    }
    jane = kb.contacts["jane-doe"]
    assert (jane.name, jane.line_of("priority")) == ("Jane Doe", 4)
    assert kb.contacts["carol-diaz"].company == "Globex"
    meeting = kb.meetings["2026-11-20-jane-doe"]
    assert (meeting.time, meeting.research, meeting.line_of("kind")) == (dt.time(9, 30), "Read her blog.", 5)


# --- references -------------------------------------------------------------------------------


def test_obsidian_links_resolve_by_slug_name_accent_and_alias(tmp_path):
    kb, problems = load(fixture("obsidian", tmp_path), cache=False)
    assert [p.code for p in problems] == ["wrong-type"]  # the one unquoted [[link]]
    assert kb.contacts["declan-obrien"].referred_by == Ref("[[Zoë Marchetti]]", "Zoë Marchetti", "zoe-marchetti")
    assert kb.contacts["jane-doe"].referred_by.slug == "declan-obrien"
    m = kb.meetings["2026-11-20-zoe-marchetti"]
    assert m.contacts == ("zoe-marchetti", "declan-obrien")
    assert [(r.name, r.contact.slug if r.contact else None) for r in m.referrals] == [
        (None, "jane-doe"),
        (None, "maria-lopez"),
        ("Maria López", None),
    ]
    assert kb.meetings["2026-11-21-jane-doe"].contacts == ("jane-doe",)


def test_link_by_name_ignores_case_spacing_and_unicode_form(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Zoë Marchetti")
    kb, problems = loaded(
        tmp_path,
        {
            "contacts/zoe.md": "---\nname: Zoë Marchetti\n---\n",
            "meetings/2026-11-20-zoe.md": f'---\ndate: 2026-11-20\nwith: ["[[{decomposed}]]", "[[zoë  MARCHETTI]]"]\n---\n',
        },
    )
    assert problems == []
    assert kb.meetings["2026-11-20-zoe"].contacts == ("zoe", "zoe")


def test_plain_names_are_not_links(tmp_path):
    kb, _ = loaded(
        tmp_path,
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\n---\n",
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: Jane Doe\n---\n",
        },
    )
    assert kb.meetings["2026-11-20-jane-doe"].with_[0].slug is None


def test_a_slug_in_another_case_resolves(tmp_path):
    kb, _ = loaded(
        tmp_path,
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\n---\n",
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: Jane-Doe\n---\n",
        },
    )
    assert kb.meetings["2026-11-20-jane-doe"].contacts == ("jane-doe",)


def test_a_slug_wins_over_a_name(tmp_path):
    kb, _ = loaded(
        tmp_path,
        {
            "contacts/bob.md": "---\nname: Bob Stone\n---\n",
            "contacts/bob-stone.md": "---\nname: Robert\n---\n",
            "meetings/2026-11-20-bob.md": '---\ndate: 2026-11-20\nwith: "[[bob-stone]]"\n---\n',
        },
    )
    assert kb.meetings["2026-11-20-bob"].contacts == ("bob-stone",)


def test_unresolved_references_stay_unresolved(tmp_path):
    kb, problems = loaded(
        tmp_path,
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\nreferred_by: nobody\n---\n",
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: [jane-doe, ghost]\nreferrals: [ghost]\n---\n",
        },
    )
    assert problems == []  # the loader resolves; `validate` reports (see test_check)
    m = kb.meetings["2026-11-20-jane-doe"]
    assert m.contacts == ("jane-doe",)
    assert m.with_[1] == Ref("ghost", "ghost", None)
    assert kb.contacts["jane-doe"].referred_by.slug is None


def test_files_that_cannot_be_records_are_kept_as_unplaced(tmp_path):
    kb, problems = loaded(
        tmp_path,
        {
            "contacts/jane-doe.md": "---\nname: [Jane\n---\n",
            "meetings/2026-02-30-jane-doe.md": "---\ndate: 2026-02-30\nwith: jane-doe\n---\n",
        },
    )
    assert kb.contacts == {} and kb.meetings == {}
    assert kb.unplaced_contact("jane-doe") == Unplaced("contact", "contacts/jane-doe.md", "jane-doe")
    meeting = next(u for u in kb.unplaced if u.kind == "meeting")
    assert meeting.refs == (("with", Ref("jane-doe", "jane-doe")),)
    assert sorted(p.code for p in problems) == ["bad-date", "yaml-syntax"]


def test_meetings_with_a_contact_oldest_first(tmp_path):
    kb, _ = loaded(
        tmp_path,
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\n---\n",
            "contacts/bob.md": "---\nname: Bob\n---\n",
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20 15:00\nwith: jane-doe\n---\n",
            "meetings/2026-11-20-bob.md": "---\ndate: 2026-11-20 09:00\nwith: [bob, jane-doe, jane-doe]\n---\n",
            "meetings/2026-01-05-jane-doe.md": "---\ndate: 2026-01-05\nwith: jane-doe\n---\n",
        },
    )
    assert [m.slug for m in kb.meetings_with("jane-doe")] == [
        "2026-01-05-jane-doe",
        "2026-11-20-bob",
        "2026-11-20-jane-doe",
    ]
    assert kb.meetings_with("nobody") == []


def test_contact_named(tmp_path):
    kb, _ = loaded(
        tmp_path,
        {
            "contacts/a.md": "---\nname: Jane Doe\n---\n",
            "contacts/b.md": "---\nname: jane doe\n---\n",
            "contacts/c.md": "---\nname: Bob Stone\n---\n",
        },
    )
    assert kb.contact_named(" bob  stone ").slug == "c"
    assert kb.contact_named("Jane Doe") is None  # two people: ambiguous
    assert sorted(kb.slugs_named("JANE DOE")) == ["a", "b"]


def test_load_with_a_broken_config_still_reads_files(tmp_path):
    kb, problems = loaded(
        tmp_path,
        {"contacts/jane-doe.md": "---\nname: Jane Doe\n---\n"},
        "site_name: T\nplugins:\n  - rolodex:\n      contacts_dir: 5\n",
    )
    assert list(kb.contacts) == ["jane-doe"]  # the default folder
    assert [(p.path, p.line, p.code) for p in problems] == [("mkdocs.yml", 4, "config")]


@pytest.mark.parametrize(
    "name", ["minimal", "subfolders", "obsidian", "duplicates", "dates", "crlf-bom", "broken-yaml"]
)
def test_loading_twice_gives_equal_records(name, tmp_path):
    root = fixture(name, tmp_path)
    first, p1 = load(root, cache=False)
    second, p2 = load(root, cache=False)
    assert (first.contacts, first.meetings, p1) == (second.contacts, second.meetings, p2)


def test_loading_again_leaves_what_died_since_collectable(tmp_path):
    """`rolodex serve` loads after every edit while the last build's pages (cycles, about to be
    garbage) are alive: a load that froze them each time kept them for good (3.5 MB a rebuild)."""
    import gc
    import weakref

    root = fixture("minimal", tmp_path)
    load(root, cache=False)

    class Page:
        pass

    page = Page()
    page.parent = page  # a cycle: only the collector frees it
    gone = weakref.ref(page)
    load(root, cache=False)  # while it is alive
    del page
    gc.collect()
    assert gone() is None
