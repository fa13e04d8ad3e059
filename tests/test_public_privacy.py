"""`--public`: private people in every spelling stay out, and mistakes stop the output (issue 17).

A public build or export can only leave out what it knows to be private. Private people
written another way (a wiki link by path, doubled spaces, a decomposed accent, a phone
number with other separators) were printed; a `private` value that is not true or false,
a private contact whose YAML does not parse, a `private_fields` typo and a page named
after a private person were published with exit 0. Now every spelling is matched through
core/identity, and every doubt stops the build or export with a located message.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import build_site, write_kb

PRIVATE = """\
---
name: Zoë Quentin
email: zoe.quentin@example.org
phone: "+44 20 7946 0321"
private: true
---
Her secret notes.
"""

NFD = unicodedata.normalize("NFD", "Zoë Quentin")
BODY = (
    "Knows [[contacts/team/zoe-quentin.md]], [[team/zoe-quentin]], [[zoe-quentin.md]],\n"
    f"[[Zoë  Quentin]] and [[{NFD}]]; wrote to {NFD} and to Zoë\n  Quentin;\n"
    "call her on (+44) 20-7946-0321, 442079460321 or 020 7946 0321.\n"
)
LEAKS = re.compile(r"(?i)zoe-quentin|quentin|7946|0321|zoe\.quentin@")


def _kb(tmp_path: Path, extra: dict[str, str] | None = None, config: str | None = None) -> Path:
    return write_kb(
        tmp_path / "kb",
        {
            "contacts/team/zoe-quentin.md": PRIVATE,
            "contacts/jane-doe.md": f"---\nname: Jane Doe\n---\n{BODY}",
            "meetings/2026-11-20-jane-doe.md": f"---\ndate: 2026-11-20\nwith: jane-doe\n---\n{BODY}",
            "meetings/2026-11-21-jane-doe.md": '---\ndate: 2026-11-21\nwith: [jane-doe, "[[team/zoe-quentin]]"]\n---\n',
            **(extra or {}),
        },
        config,
    )


def _site_text(folder: Path) -> str:
    return "\n".join(
        unicodedata.normalize("NFC", p.read_bytes().decode("utf-8", "replace"))
        for p in folder.rglob("*")
        if p.is_file()
    )


def test_private_people_in_other_spellings_stay_out_of_a_public_site(tmp_path):
    root = _kb(tmp_path)
    code, output = build_site(root, tmp_path / "site", "--public")
    assert code == 0, output
    text = _site_text(tmp_path / "site")
    assert not LEAKS.findall(text), sorted(set(LEAKS.findall(text)))
    assert "Knows (someone), (someone), (someone),\n(someone) and (someone)" in text or "Knows (someone)" in text
    assert 'class="rolodex-missing"' not in text  # not a "missing link" with the slug in it


@pytest.mark.parametrize("fmt", ["csv", "json", "vcard", "ics"])
def test_private_people_in_other_spellings_stay_out_of_a_public_export(tmp_path, run, fmt):
    root = _kb(tmp_path)
    result = run(root, "export", fmt, "--public")
    assert result.exit_code == 0, result.output
    out = unicodedata.normalize("NFC", result.stdout)
    assert not LEAKS.findall(out), sorted(set(LEAKS.findall(out)))


def test_a_link_by_path_reaches_the_page_in_a_full_build(tmp_path):
    root = _kb(tmp_path)
    code, output = build_site(root, tmp_path / "site")
    assert code == 0, output
    page = (tmp_path / "site" / "contacts" / "jane-doe" / "index.html").read_text(encoding="utf-8")
    assert page.count('href="../zoe-quentin/"') == 5  # by path three ways, with doubled spaces, decomposed


@pytest.mark.parametrize(
    "value, found", [('"true"', "found 'true'"), ("1", "found '1'"), ("y", "found 'y'"), ("yes please", "found")]
)
def test_a_private_value_that_is_not_true_or_false_stops_public_outputs(tmp_path, run, value, found):
    """`check` reported it; `build --public` published the contact in full with exit 0."""
    root = _kb(tmp_path, {"contacts/sasha-lee.md": f"---\nname: Sasha Lee\nprivate: {value}\n---\nSecret.\n"})
    code, output = build_site(root, tmp_path / "site", "--public")
    assert code == 1
    assert "contacts/sasha-lee.md:3: error: 'private' should be true or false" in output and found in output
    assert "whether this contact is private is not clear; a public build or export stops until it is fixed" in output
    assert "[maybe-private]" in output and "nothing was written" in output
    assert not (tmp_path / "site").exists()
    for fmt in ("csv", "json", "vcard", "ics"):
        result = run(root, "export", fmt, "--public")
        assert result.exit_code == 1 and result.stdout == "", fmt
        assert "contacts/sasha-lee.md:3: error:" in result.stderr
    assert build_site(root, tmp_path / "own-site")[0] == 0  # your own site still builds


def test_private_people_without_their_accents_or_by_a_misnamed_file_stay_out(tmp_path, run):
    """`Zoe Quentin` typed without the accent (as slugs spell it), `[[Zoe Quentin]]`, and a
    private contact whose file name is not a valid slug (`Sasha_Lee.md`) linked as
    `[[sasha-lee]]` or `[[Sasha_Lee]]`: each was printed in the public site and exports."""
    body = "Wrote to Zoe Quentin and ZOE  QUENTIN; see [[Zoe Quentin]], [[sasha-lee]] and [[Sasha_Lee]].\n"
    sasha = "---\nname: Sasha Lee\nprivate: true\n---\n"
    root = _kb(tmp_path, {"contacts/Sasha_Lee.md": sasha, "contacts/jane-doe.md": f"---\nname: Jane Doe\n---\n{body}"})
    code, output = build_site(root, tmp_path / "site", "--public")
    assert code == 0, output
    leaks = re.compile(r"(?i)quentin|sasha")
    text = _site_text(tmp_path / "site")
    assert not leaks.findall(text), sorted(set(leaks.findall(text)))
    assert "Wrote to (someone) and (someone); see (someone), (someone) and (someone)." in text
    for fmt in ("csv", "json"):
        result = run(root, "export", fmt, "--public")
        assert result.exit_code == 0 and not leaks.findall(result.stdout), fmt


@pytest.mark.parametrize("first, second", [("false", "true"), ("true", "false")])
def test_private_written_twice_stops_public_outputs(tmp_path, run, first, second):
    """The parser keeps the first `private`, other YAML tools the last: `private: false` then
    `private: true` was published in full (exit 0) though `check` reported the duplicate."""
    twice = f"---\nname: Sasha Lee\nprivate: {first}\nemail: sasha@example.org\nprivate: {second}\n---\nSecret.\n"
    root = _kb(tmp_path, {"contacts/sasha-lee.md": twice})
    code, output = build_site(root, tmp_path / "site", "--public")
    assert code == 1 and not (tmp_path / "site").exists()
    assert "contacts/sasha-lee.md:5: error: key 'private' appears twice (first on line 3)" in output
    assert "whether this contact is private is not clear" in output and "[maybe-private]" in output
    for fmt in ("csv", "vcard"):
        result = run(root, "export", fmt, "--public")
        assert result.exit_code == 1 and "sasha" not in result.stdout.lower(), fmt


def test_a_contact_file_that_does_not_parse_stops_public_outputs(tmp_path, run):
    """It may say `private: true`: its slug was published wherever other meetings name it."""
    broken = "---\nname: Sasha Lee\nprivate: true\n  oops: [\n---\n"
    meeting = "---\ndate: 2026-11-22\nwith: [jane-doe, sasha-lee]\n---\n"
    root = _kb(tmp_path, {"contacts/sasha-lee.md": broken, "meetings/2026-11-22-jane-doe.md": meeting})
    code, output = build_site(root, tmp_path / "site", "--public")
    assert code == 1
    assert "contacts/sasha-lee.md:4: error: this contact file could not be read (YAML syntax error" in output
    assert "so whether it is private cannot be told" in output
    result = run(root, "export", "json", "--public")
    assert result.exit_code == 1 and "sasha" not in result.stdout


@pytest.mark.parametrize("how", ["link out of the KB", "named pipe", "linked folder"])
def test_a_contact_file_that_cannot_be_read_at_all_stops_public_outputs(tmp_path, run, how):
    """A file in contacts/ that was never read (a link out of the KB, a named pipe, a linked
    folder) may be a private person's: their slug was published in a meeting's title, page
    name and links, with exit 0."""
    meeting = "---\ndate: 2026-11-22\nwith: [jane-doe, sasha-lee]\n---\nAsk [[sasha-lee]].\n"
    root = _kb(tmp_path, {"meetings/2026-11-22-jane-doe.md": meeting})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "sasha-lee.md").write_text("---\nname: Sasha Lee\nprivate: true\n---\n", encoding="utf-8")
    if how == "link out of the KB":
        (root / "contacts" / "sasha-lee.md").symlink_to(outside / "sasha-lee.md")
        where = "contacts/sasha-lee.md"
    elif how == "named pipe":
        os.mkfifo(root / "contacts" / "sasha-lee.md")
        where = "contacts/sasha-lee.md"
    else:
        (root / "contacts" / "secret").symlink_to(outside, target_is_directory=True)
        where = "contacts/secret"
    code, output = build_site(root, tmp_path / "site", "--public")
    assert code == 1 and not (tmp_path / "site").exists()
    assert f"{where}: error: not read (" in output and "whether it holds a private contact cannot be told" in output
    result = run(root, "export", "csv", "--public")
    assert result.exit_code == 1 and "sasha" not in result.stdout
    assert build_site(root, tmp_path / "own-site")[0] == 0  # your own site still builds


@pytest.mark.parametrize("typo, meant", [("emails", "email"), ("phones", "phone"), ("note", "notes")])
def test_a_private_fields_typo_stops_public_outputs(tmp_path, run, typo, meant):
    """`private_fields: [emails]` hid nothing: `export --public` included every address."""
    config = f"site_name: Test KB\ntheme:\n  name: material\nplugins:\n  - search\n  - rolodex:\n      private_fields: [{typo}]\n"
    root = _kb(tmp_path, config=config)
    message = f"mkdocs.yml:7: error: private_fields: '{typo}' is not a contact field, so it hides nothing; did you mean '{meant}'?"
    code, output = build_site(root, tmp_path / "site", "--public")
    assert code == 1 and message in output
    for fmt in ("csv", "json"):
        result = run(root, "export", fmt, "--public")
        assert result.exit_code == 1 and result.stdout == "" and message in result.stderr
    checked = run(root, "check")
    assert checked.exit_code == 0 and message.replace(": error:", ": warning:") in checked.output


@pytest.mark.parametrize(
    "rel, text, where",
    [
        ("docs/zoe-quentin.md", "# Notes\n", "docs/zoe-quentin.md:1: error: the page's file name ('zoe-quentin.md')"),
        ("docs/people/Zoë Quentin.md", "# Notes\n", "docs/people/Zoë Quentin.md:1: error: the page's file name"),
        ("docs/notes.md", "---\ntitle: Zoë  Quentin\n---\n# Notes\n", "docs/notes.md:2: error: the page's title"),
    ],
)
def test_a_page_named_after_a_private_person_stops_the_public_build(tmp_path, rel, text, where):
    """Its name was in every page's navigation, the 404 page and the search index."""
    root = _kb(tmp_path, {rel: text})
    code, output = build_site(root, tmp_path / "site", "--public")
    assert code == 1 and where in output, output
    assert "names a private contact" in output and not (tmp_path / "site").exists()


def test_a_navigation_entry_naming_a_private_person_stops_the_public_build(tmp_path):
    config = (
        "site_name: Test KB\nnav:\n  - Home: index.md\n  - Her page: zoe-quentin-notes.md\n"
        "theme:\n  name: material\nplugins:\n  - search\n  - rolodex\n"
    )
    root = _kb(tmp_path, {"docs/zoe-quentin-notes.md": "# Notes\n"}, config=config)
    code, output = build_site(root, tmp_path / "site", "--public")
    assert code == 1
    assert "mkdocs.yml:4: error: mkdocs.yml names a private contact here" in output


def test_the_plain_mkdocs_build_stops_too(tmp_path, monkeypatch):
    """`mkdocs build` with ROLODEX_PUBLIC=1 runs the same check in the plugin."""
    import subprocess
    import sys

    root = _kb(tmp_path, {"contacts/sasha-lee.md": "---\nname: Sasha Lee\nprivate: 1\n---\n", "docs/a.md": "# A\n"})
    env = {"ROLODEX_PUBLIC": "1", "ROLODEX_NO_CACHE": "1", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode != 0
    assert "not building a public site" in proc.stderr and "contacts/sasha-lee.md:3: error:" in proc.stderr
