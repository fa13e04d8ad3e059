"""The one verifier every write goes through: each of its checks, shown on the mistake only it catches.

An edit's result must parse, keep the bytes outside the YAML (BOM, line endings, body), keep
every node and its YAML 1.1 type (PyYAML), every value's YAML 1.2 type (ruamel.yaml) and every
comment. A new file must read back as the values it was made from, and a KB template must not
give it an error. Most of these mistakes no edit makes today; the checks are there for the day
one does, so each is shown here on the file such a mistake would produce.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import write_kb
from rolodex.write import verify
from rolodex.write.document import Document, EditRefused

DAY = dt.date(2026, 11, 26)


def refusal(old: bytes, new: bytes, intent: verify.Intent) -> str:
    with pytest.raises(EditRefused) as exc:
        verify.verify(Document.load("contacts/a.md", old), new, intent)
    assert exc.value.problem.code == "edit-refused"
    assert "nothing was written" in exc.value.problem.message
    return exc.value.problem.message


def touch(note: str | None = None) -> verify.Intent:
    return verify.Intent("append", ("touches",), {"date": DAY, "kind": "call", **({"note": note} if note else {})})


def test_a_correct_edit_passes_every_check():
    old = b"---\r\nname: A  # who\r\ntouches: []\r\n---\r\nBody\r\n"
    new = b'---\r\nname: A  # who\r\ntouches: [{date: 2026-11-26, kind: call, note: "Yes"}]\r\n---\r\nBody\r\n'
    verify.verify(Document.load("contacts/a.md", old), new, touch("Yes"))


def test_parse_an_edit_that_breaks_the_yaml_is_refused_and_nothing_is_written(tmp_path, run):
    """A real case: an explicit `? key` first in the file misleads the indentation of a new
    `touches:` key; only the reading of the result catches it."""
    text = "---\n? x\n: complex\nname: A\n---\n"
    root = write_kb(tmp_path / "kb", {"contacts/a.md": text})
    result = run(root, "log", "a", "call")
    assert result.exit_code == 1
    assert "contacts/a.md: error: the result would not parse" in result.output
    assert "nothing was written" in result.output and "[edit-refused]" in result.output
    assert (root / "contacts/a.md").read_text() == text


def test_bytes_a_line_ending_that_is_not_the_files_own_is_refused():
    old = b"---\r\nname: A\r\n---\r\n"
    new = b"---\r\nname: A\r\ntouches:\n  - date: 2026-11-26\n    kind: call\n---\r\n"  # the YAML reads the same
    assert refusal(old, new, touch()).startswith("the edit would mix line endings")


def test_bytes_a_lost_bom_or_a_changed_body_is_refused():
    old = b"\xef\xbb\xbf---\nname: A\n---\nBody\n"
    added = b"---\nname: A\ntouches: [{date: 2026-11-26, kind: call}]\n---\nBody\n"
    assert refusal(old, added, touch()).startswith("the edit would change the Markdown body or the file's encoding")
    body = b"\xef\xbb\xbf---\nname: A\ntouches: [{date: 2026-11-26, kind: call}]\n---\nBody\n\n"
    assert refusal(old, body, touch()).startswith("the edit would change the Markdown body")


def test_tree_a_value_that_yaml_1_1_reads_as_another_type_is_refused():
    """`Yes` written unquoted is a boolean to PyYAML (YAML 1.1) though text to ruamel (YAML 1.2)."""
    old = b"---\nname: A\n---\n"
    new = b"---\nname: A\ntouches: [{date: 2026-11-26, kind: call, note: Yes}]\n---\n"
    assert refusal(old, new, touch("Yes")).startswith("the YAML would not read as the original plus the new entry")


def test_ruamel_a_value_that_yaml_1_2_reads_as_another_type_is_refused():
    """`0o17` written unquoted is text to PyYAML (YAML 1.1) but a number to a YAML 1.2 reader."""
    old = b"---\nname: A\n---\n"
    new = b"---\nname: A\ntouches: [{date: 2026-11-26, kind: call, note: 0o17}]\n---\n"
    assert refusal(old, new, touch("0o17")).startswith("ruamel.yaml reads different values after the edit")


def test_ruamel_a_lost_comment_is_refused():
    old = b"---\nname: A  # keep me\n---\n"
    new = b"---\nname: A\ntouches: [{date: 2026-11-26, kind: call}]\n---\n"
    assert refusal(old, new, touch()).startswith("a comment would be lost or changed")


def test_new_file_a_value_that_would_not_read_back_is_refused():
    values = {"name": "Ann Lee", "title": "null", "email": "ann@example.org"}
    good = b'---\nname: Ann Lee\ntitle: "null"\nemail: ann@example.org\n---\n'
    assert verify.new_file("contact", "contacts/ann-lee.md", good, values) == []
    with pytest.raises(EditRefused) as exc:
        verify.new_file("contact", "contacts/ann-lee.md", good.replace(b'"null"', b"null"), values)
    assert exc.value.problem.message.startswith("the new file would not read back as given (title)")


def test_new_file_an_error_a_kb_template_causes_keeps_new_contact_from_writing(tmp_path, run):
    """A template with a blank key written twice would give every new contact a duplicate key."""
    root = write_kb(tmp_path / "kb", {"contacts/_template.md": "---\nname:\ncompany:\ncompany:\n---\n## Notes\n"})
    result = run(root, "new", "contact", "Ann Lee")
    assert result.exit_code == 1
    assert "key 'company' appears twice" in result.output
    assert "the new contact would not pass 'rolodex check'; fix contacts' _template.md. Nothing was created." in (
        result.output
    )
    assert not (root / "contacts/ann-lee.md").exists()
