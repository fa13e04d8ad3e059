"""`rolodex import vcard`: what each producer's quirks become, and the command as a user runs it.

Fixtures under tests/fixtures/interop/ are written the way each producer writes them:
google.vcf (3.0, `item1.EMAIL` + `X-ABLabel` groups, `https\\://`, folded lines, the
`myContacts` group, a nameless "other contact"), apple.vcf (3.0, lowercase `type=pref`,
a folded base64 PHOTO, `X-SOCIALPROFILE`, `_$!<HomePage>!$_`, a decomposed `ë`, a company
card), outlook.vcf (2.1 quoted-printable with soft line breaks and CHARSET=Windows-1252, a
2.1 base64 photo ended by a blank line, bare `TEL;WORK;VOICE` parameters, unescaped
commas; then an Outlook.com 3.0 card), v4.vcf (4.0 `PREF=1`, `TYPE="home,internet"`,
`tel:` URIs with an extension, a `data:` photo), hostile.vcf and broken.vcf.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, write_kb
from rolodex.core.frontmatter import section
from rolodex.core.model import Problem
from rolodex.interop import vcard
from rolodex.kb.loader import load

INTEROP = FIXTURES / "interop"


def read(name: str):
    return vcard.read(name, (INTEROP / name).read_bytes())


def by_name(people):
    return {p.name: p for p in people}


# --- what each producer's cards become --------------------------------------------------------


def test_google_grouped_properties_labels_escaped_colons_and_folded_notes():
    people, problems = read("google.vcf")
    grace, tomas = people
    assert grace.name == "Grace Liu" and (grace.line, grace.label) == (1, "card 1")
    assert grace.emails == ("grace.liu@example.org", "grace@liu-family.example")  # item1.EMAIL kept
    assert grace.phone == "(555) 010-0119"
    assert grace.company == "Riverton State University"
    assert grace.title == "Director of Media Relations"
    assert grace.location == "Riverton, OR"
    assert grace.links == (("linkedin", "https://www.linkedin.com/in/grace-liu-example"),)  # https\: unescaped
    assert grace.tags == ("alumni",)  # Google's myContacts group is not a tag
    assert grace.notes == (
        "Met at the RSU alumni mixer, October 2025.\nShe runs the faculty expert list — ask about "
        "the spring media-training workshop; she offered a seat."
    )  # unfolded mid-word
    assert grace.extra == ("Department: Office of Media Relations",)
    assert tomas.company == "Herrera, Cole & Partners"
    assert tomas.links == (
        ("website", "https://hcp.example/team/tomas-herrera"),
        ("linkedin", "https://www.linkedin.com/in/tomas-herrera-example"),
    )  # share query dropped
    assert tomas.tags == ("public-affairs",)  # starred dropped too
    assert tomas.phone == "+1 555-010-0188"
    assert tomas.extra == ("Other phone (work): +1 555-010-0189",)
    assert problems == [Problem("google.vcf", 37, "warning", "no-name", "card 3 has no name (FN or N); skipped")]


def test_apple_pref_types_photo_social_profile_and_homepage_label():
    people, problems = read("apple.vcf")
    assert problems == []  # a 4 KB folded PHOTO costs nothing
    ada, zoe, club = people
    assert ada.emails == ("adaeze.okonkwo@rivertonwater.example", "ada.okonkwo@example.net")  # type=pref first
    assert ada.phone == "+1 (555) 010-0171"
    assert ada.extra == ("Department: Communications", "Other phone (work): +1 555 010 0172")
    assert ada.links == (
        ("website", "https://rivertonwater.example/team"),
        ("linkedin", "https://www.linkedin.com/in/adaeze-okonkwo-example"),
    )
    assert ada.notes == "Met at the Society of Professional Journalists panel, spring 2026."
    assert ada.location == "Riverton, OR"
    assert zoe.name == "Zoë Marchetti" and len(zoe.name) == 13  # composed (NFC), as typed elsewhere
    assert zoe.company == "Harborview Strategies"
    assert club.name == "Riverton Press Club"
    assert club.links == (("website", "https://rivertonpressclub.example"),)  # a bare domain gets https://


def test_outlook_quoted_printable_charsets_soft_breaks_and_bare_parameters():
    people, problems = read("outlook.vcf")
    assert problems == []
    jurgen, dana = people
    assert jurgen.name == "Jürgen Müller"  # QP in Windows-1252
    assert jurgen.title == "Account Executive, DACH"  # 2.1: a comma is just a comma
    assert jurgen.notes == (
        "Met at the Hannover trade fair, booth 4.\nPrefers calls before 10am; speaks English "
        "and German.\nSaid: “ask me anything”"
    )  # QP soft breaks, UTF-8 quotes
    assert jurgen.phone == "+49 30 1234567"
    assert jurgen.extra == ("Department: Vertrieb", "Other phone (mobile): +49 170 1234567")
    assert jurgen.location == "Berlin"
    assert jurgen.emails == ("juergen.mueller@initech.example",)
    assert jurgen.links == (("website", "http://www.initech.example"),)
    assert dana.title == "Councilmember, District 3"  # 3.0 from Outlook.com: an unescaped comma kept
    assert dana.tags == ("government", "vip")
    assert dana.links == (("website", "https://www.danawhitaker.example"),)


def test_vcard_4_pref_numbers_type_lists_and_tel_uris():
    people, problems = read("v4.vcf")
    assert problems == []
    priya, sam = people
    assert priya.name == "Dr. Priya Raman"
    assert priya.emails == ("priya.raman@rsu.example.edu", "priya@example.net")  # PREF=1 first
    assert priya.phone == "+1-555-010-0155"
    assert priya.extra == ("Department: School of Journalism", "Other phone (work): +1-555-010-0156 ext. 12")
    assert priya.links == (
        ("website", "https://journalism.rsu.example/people/raman"),
        ("linkedin", "https://linkedin.com/in/priya-raman-example/"),
    )
    assert priya.tags == ("academia", "mentor")
    assert (
        priya.notes
        == "Teaches the public-affairs reporting seminar. Happy to read a cover letter; prefers email over LinkedIn."
    )
    assert (sam.name, sam.emails, sam.line) == ("Sam Okafor", ("sam.okafor@example.org",), 26)


def test_a_broken_card_costs_only_that_card():
    people, problems = read("broken.vcf")
    assert [p.name for p in people] == ["Good Card"]
    assert problems == [
        Problem("broken.vcf", 7, "error", "bad-card", "card 2 never ends (no END:VCARD); skipped"),
        Problem("broken.vcf", 1, "warning", "stray-text", "text outside BEGIN:VCARD … END:VCARD; ignored"),
    ]


def test_an_unreadable_line_is_skipped_and_the_card_kept():
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kept\r\nthis line has no colon\r\nEMAIL:kept@example.com\r\nEND:VCARD\r\n"
    people, problems = vcard.read("x.vcf", data)
    assert people[0].emails == ("kept@example.com",)
    assert problems == [Problem("x.vcf", 4, "warning", "bad-line", "card 1: cannot read this line; ignored")]


def test_a_file_that_is_not_utf8_is_read_as_windows_1252():
    data = "BEGIN:VCARD\nVERSION:2.1\nFN:José Núñez\nEND:VCARD\n".encode("cp1252")
    people, problems = vcard.read("old.vcf", data)
    assert people[0].name == "José Núñez"
    assert [p.code for p in problems] == ["encoding"]


def test_a_bad_photo_does_not_break_the_card():
    data = b"BEGIN:VCARD\nVERSION:3.0\nFN:Photo\nPHOTO;ENCODING=b;TYPE=JPEG:not*base64!\nEND:VCARD\n"
    people, problems = vcard.read("p.vcf", data)
    assert [p.name for p in people] == ["Photo"] and problems == []


def test_control_characters_never_reach_a_file_or_a_terminal():
    data = b"BEGIN:VCARD\nVERSION:3.0\nFN:Eve\x1b[31m Red\x07\x00\nTITLE:a\\nb\tc\nEND:VCARD\n"
    (eve,), _ = vcard.read("e.vcf", data)
    assert (eve.name, eve.title) == ("Eve[31m Red", "a\nb\tc")


def test_name_from_n_when_fn_is_missing():
    data = b"BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane;Q.;Dr.;PhD\nEND:VCARD\n"
    assert vcard.read("n.vcf", data)[0][0].name == "Dr. Jane Q. Doe PhD"


def test_hostile_values_are_plain_text_and_script_links_are_left_out():
    people, problems = read("hostile.vcf")
    names = [p.name for p in people]
    assert names == [
        "<script>alert(1)</script>",
        "Ms: Jane # not a comment",
        'Robert\'); DROP TABLE contacts;-- "Bobby"',
        "Line\nBreak",
    ]
    first = people[0]
    assert first.company == '"><img src=x onerror=alert(2)>'
    assert first.title == "Yes"
    assert first.tags == ("[[evil]]", "<i>tag</i>")
    assert all(url.startswith("https://") for _, url in first.links)
    assert problems == [
        Problem(
            "hostile.vcf",
            8,
            "warning",
            "bad-value",
            "card 1: link 'javascript:alert(3)' is not an http(s) address; left out",
        )
    ]


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`kb({path: text}, *fixtures)` → a KB root holding those import files, and the working directory."""

    def make(files: dict[str, str] | None = None, *imports: str) -> Path:
        root = write_kb(tmp_path / "kb", files or {})
        for name in imports:
            shutil.copy(INTEROP / name, root / name)
        monkeypatch.chdir(root)
        return root

    return make


GRACE = {
    "contacts/grace-liu.md": """\
    ---
    name: Grace Liu
    company: Riverton State University  # since 2019
    location: Riverton
    email: grace.liu@example.org
    ---
    ## Notes
    Runs the expert list.
    """
}


def test_import_google_creates_and_fills_exactly(kb, run):
    root = kb(GRACE, "google.vcf")
    result = run(root, "import", "vcard", "google.vcf")
    assert result.exit_code == 0
    assert result.stdout == (
        "google.vcf:1: update contacts/grace-liu.md (matched by email): title: Director of Media Relations; "
        "phone: (555) 010-0119; email: + grace@liu-family.example; "
        "links.linkedin: https://www.linkedin.com/in/grace-liu-example; tags: alumni\n"
        "google.vcf:19: create contacts/tomas-herrera.md (Tomás Herrera)\n"
        "1 created, 1 updated, 0 unchanged, 1 skipped\n"
    )
    assert result.stderr == "google.vcf:37: warning: card 3 has no name (FN or N); skipped [no-name]\n"
    assert (root / "contacts/grace-liu.md").read_text() == (
        "---\n"
        "name: Grace Liu\n"
        "title: Director of Media Relations\n"
        "company: Riverton State University  # since 2019\n"
        "location: Riverton\n"
        "email: [grace.liu@example.org, grace@liu-family.example]\n"
        'phone: "(555) 010-0119"\n'
        "links:\n"
        '  linkedin: "https://www.linkedin.com/in/grace-liu-example"\n'
        "tags: [alumni]\n"
        "---\n"
        "## Notes\n"
        "Runs the expert list.\n"
    )
    assert (root / "contacts/tomas-herrera.md").read_text() == (
        "---\n"
        "name: Tomás Herrera\n"
        "title: Partner\n"
        'company: "Herrera, Cole & Partners"\n'
        "email: [tomas.herrera@example.com, therrera@hcp.example]\n"
        'phone: "+1 555-010-0188"\n'
        "links:\n"
        '  website: "https://hcp.example/team/tomas-herrera"\n'
        '  linkedin: "https://www.linkedin.com/in/tomas-herrera-example"\n'
        "tags: [public-affairs]\n"
        "---\n"
        "## Research\n"
        "\n"
        "## Notes\n"
        "- Other phone (work): +1 555-010-0189\n"
    )
    again = run(root, "import", "vcard", "google.vcf")
    assert again.exit_code == 0
    assert again.stdout == "0 created, 0 updated, 2 unchanged, 1 skipped\n"


def test_import_every_producer_twice_changes_nothing_the_second_time(kb, run):
    files = ("google.vcf", "apple.vcf", "outlook.vcf", "v4.vcf")
    root = kb({}, *files)
    first = run(root, "import", "vcard", *files)
    assert first.exit_code == 0
    assert first.stdout.splitlines()[-1] == "9 created, 0 updated, 0 unchanged, 1 skipped"
    snapshot = {p: p.read_bytes() for p in (root / "contacts").glob("*.md")}
    second = run(root, "import", "vcard", *files)
    assert second.stdout == "0 created, 0 updated, 9 unchanged, 1 skipped\n"
    assert {p: p.read_bytes() for p in (root / "contacts").glob("*.md")} == snapshot
    check = run(root, "check")
    assert check.exit_code == 0, check.output
    assert check.stdout == "✓ 0 errors, 0 warnings in 9 contacts and 0 meetings\n"


def test_dry_run_shows_the_plan_and_writes_nothing(kb, run):
    root = kb(GRACE, "v4.vcf")
    before = (root / "contacts/grace-liu.md").read_bytes()
    result = run(root, "import", "vcard", "v4.vcf", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        "v4.vcf:1: would create contacts/dr-priya-raman.md (Dr. Priya Raman)\n"
        "    title: Associate Professor\n"
        "    company: Riverton State University\n"
        "    location: Riverton, OR\n"
        "    phone: +1-555-010-0155\n"
        "    email: priya.raman@rsu.example.edu\n"
        "    email: priya@example.net\n"
        "    links.website: https://journalism.rsu.example/people/raman\n"
        "    links.linkedin: https://linkedin.com/in/priya-raman-example/\n"
        "    tags: academia, mentor\n"
        "    notes\n"
        "v4.vcf:26: would create contacts/sam-okafor.md (Sam Okafor)\n"
        "    email: sam.okafor@example.org\n"
        "Dry run (nothing written): 2 created, 0 updated, 0 unchanged, 0 skipped\n"
    )
    assert sorted(p.name for p in (root / "contacts").iterdir()) == ["grace-liu.md"]
    assert (root / "contacts/grace-liu.md").read_bytes() == before


def test_bad_cards_are_reported_the_rest_imported_and_the_exit_status_is_1(kb, run):
    root = kb({}, "broken.vcf")
    result = run(root, "import", "vcard", "broken.vcf")
    assert result.exit_code == 1
    assert result.stderr == (
        "broken.vcf:1: warning: text outside BEGIN:VCARD … END:VCARD; ignored [stray-text]\n"
        "broken.vcf:7: error: card 2 never ends (no END:VCARD); skipped [bad-card]\n"
    )
    assert (
        result.stdout
        == "broken.vcf:2: create contacts/good-card.md (Good Card)\n1 created, 0 updated, 0 unchanged, 1 skipped\n"
    )
    assert (root / "contacts/good-card.md").exists()


def test_hostile_content_stays_inert_in_files_and_in_check_output(kb, run):
    root = kb({}, "hostile.vcf")
    result = run(root, "import", "vcard", "hostile.vcf")
    assert result.exit_code == 0
    check = run(root, "check")
    assert check.exit_code == 0 and check.stdout == "✓ 0 errors, 0 warnings in 4 contacts and 0 meetings\n"
    kb_, problems = load(root, cache=False)
    assert problems == []
    names = sorted(c.name for c in kb_.contacts.values())
    assert names == sorted(
        [
            "<script>alert(1)</script>",
            "Ms: Jane # not a comment",
            'Robert\'); DROP TABLE contacts;-- "Bobby"',
            "Line\nBreak",
        ]
    )  # read back exactly
    script = kb_.contacts["script-alert-1-script"]
    assert script.company == '"><img src=x onerror=alert(2)>' and script.title == "Yes"
    assert script.tags == ("[[evil]]", "<i>tag</i>")
    text = (root / "contacts/script-alert-1-script.md").read_text()
    assert 'name: "<script>alert(1)</script>"\n' in text
    assert 'title: "Yes"\n' in text  # a string, in any YAML reader
    # the note cannot open a second front matter, a section, raw HTML, a link or an attribute list
    assert text.endswith(
        "## Notes\n"
        "\\---\n"
        "name: injected\n"
        "\\---\n"
        "\\## Research\n"
        '&lt;iframe src="javascript:alert(5)">&lt;/iframe> \\[click\\](javascript:alert(6)) '
        '\\{: onclick="alert(7)" \\}\n'
    )
    assert [line for line in script.body.splitlines() if line.startswith("#")] == ["## Research", "## Notes"]
    assert section(script.body, "Research") == "" and "javascript:alert(3)" not in text
    colon = kb_.contacts["ms-jane-not-a-comment"]
    assert (colon.title, colon.company) == ("12:30", "- item, &anchor *alias")
    assert kb_.contacts["robert-drop-table-contacts-bobby"].company == "{{ config.__class__ }} {% raw %}"


def test_several_files_a_missing_file_is_a_usage_error(kb, run):
    root = kb({}, "v4.vcf")
    result = run(root, "import", "vcard", "v4.vcf", "nope.vcf")
    assert result.exit_code == 2
    assert "'nope.vcf' does not exist" in result.output
    assert not list((root / "contacts").iterdir())


def test_outside_a_knowledge_base_nothing_is_read(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    shutil.copy(INTEROP / "v4.vcf", tmp_path / "v4.vcf")
    result = run(None, "import", "vcard", "v4.vcf")
    assert result.exit_code == 2 and "mkdocs.yml" in result.output


def test_a_file_that_cannot_be_edited_safely_is_left_alone_and_the_rest_written(kb, run):
    odd = "---\nname: Sam Okafor\nemail: {work: sam@work.example}\n---\n"  # not how email is written
    root = kb({"contacts/sam-okafor.md": odd}, "v4.vcf")
    result = run(root, "import", "vcard", "v4.vcf")
    assert result.exit_code == 1
    assert result.stderr == (
        "contacts/sam-okafor.md:3: error: 'email' is neither an address nor a list; "
        "add the address by hand [cannot-edit]\n"
    )
    assert (
        result.stdout.splitlines()[-1] == "1 created, 0 updated, 0 unchanged, 0 skipped; 1 file could not be written"
    )  # counted once
    assert (root / "contacts/sam-okafor.md").read_text() == odd
    assert (root / "contacts/dr-priya-raman.md").exists()


# --- encodings, empty files, imports at once (issue 17) -----------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-16-le"])
def test_a_utf16_or_utf32_vcard_is_read(kb, run, encoding):
    """Windows' "Unicode" exports are UTF-16 (with a byte-order mark, "utf-16-le" without one):
    read as Windows-1252 they imported nobody, and said so with exit 0."""
    root = kb()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë O'Brien\r\nEMAIL:zoe@example.org\r\nEND:VCARD\r\n"
    data = card.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (root / "phone.vcf").write_bytes(data)
    result = run(root, "import", "vcard", "phone.vcf")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "1 created, 0 updated, 0 unchanged, 0 skipped"
    assert "name: Zoë O'Brien" in (root / "contacts" / "zoe-obrien.md").read_text(encoding="utf-8")


def test_a_file_with_no_vcard_is_an_error(kb, run):
    root = kb()
    (root / "notes.vcf").write_text("just some notes\n", encoding="utf-8")
    result = run(root, "import", "vcard", "notes.vcf")
    assert result.exit_code == 1
    assert "notes.vcf: error: no vCard in this file (BEGIN:VCARD … END:VCARD): is it a .vcf file? [no-cards]" in (
        result.stderr
    )


def test_imports_of_one_file_at_once_make_no_duplicates(kb):
    """Each import planned 'create' before another wrote: four at once made -2, -3, -4 copies."""
    import os
    import subprocess
    import sys

    root = kb({}, "google.vcf")
    env = {**os.environ, "ROLODEX_NO_CACHE": "1", "ROLODEX_TODAY": "2026-11-26"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "rolodex", "--kb", str(root), "import", "vcard", "google.vcf"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(4)
    ]
    codes = [p.wait() for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert codes == [0, 0, 0, 0]
    assert sorted(p.name for p in (root / "contacts").iterdir()) == ["grace-liu.md", "tomas-herrera.md"]
