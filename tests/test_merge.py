"""Matching incoming people to contacts (interop.merge) and the edits that fill them (interop.fill).

The plan is pure: a KB and incoming records in, actions out. The edits are pure too:
bytes in, bytes out, each verified to change exactly what it says.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import write_kb
from rolodex.core.model import Touch
from rolodex.core.parse import parse_contact
from rolodex.interop import Incoming, merge
from rolodex.kb.loader import load
from rolodex.write import edit, fill

DAY = dt.date(2026, 11, 21)


def person(name: str, line: int = 2, **fields) -> Incoming:
    return Incoming(name=name, path="in.csv", line=line, label=f"row {line}", **fields)


def kb_of(tmp_path: Path, files: dict[str, str]):
    return load(write_kb(tmp_path / "kb", files), cache=False)[0]


JANE = """\
    ---
    name: Jane Doe
    title: Director
    email: jane@acme.example
    phone: "+1 555 0100"
    links:
      linkedin: https://www.linkedin.com/in/jane-doe
    ---
    """


def actions(kb, people, **kw):
    return [(a.kind, a.slug, a.matched_by) for a in merge.plan(kb, people, **kw).actions]


# --- matching ---------------------------------------------------------------------------------


def test_matches_by_email_then_linkedin_then_phone_then_name(tmp_path):
    kb = kb_of(
        tmp_path,
        {"contacts/jane-doe.md": JANE, "contacts/other.md": "---\nname: Other Person\nemail: other@example.com\n---\n"},
    )
    people = [
        person("J. Doe", emails=("JANE@acme.example ",)),
        person("Janie", links=(("linkedin", "http://linkedin.com/in/jane-doe/?trk=x"),)),
        person("Jay", phone="+1-555-0100"),
        person("jane   DOE"),
        person("Jane Doe", emails=("other@example.com",)),  # email beats name
    ]
    assert actions(kb, people) == [
        ("unchanged", "jane-doe", "email"),
        ("unchanged", "jane-doe", "LinkedIn URL"),
        ("unchanged", "jane-doe", "phone"),
        ("unchanged", "jane-doe", "name"),
        ("unchanged", "other", "email"),
    ]


def test_a_name_alone_does_not_match_a_different_linkedin_profile(tmp_path):
    kb = kb_of(tmp_path, {"contacts/jane-doe.md": JANE})
    other = person("Jane Doe", links=(("linkedin", "https://www.linkedin.com/in/jane-doe-42"),))
    plan = merge.plan(kb, [other])
    assert [(a.kind, a.slug) for a in plan.actions] == [("create", "jane-doe-2")]
    assert plan.targets[0].path == "contacts/jane-doe-2.md"


def test_names_match_in_any_unicode_form_case_and_spacing(tmp_path):
    kb = kb_of(tmp_path, {"contacts/zoe.md": "---\nname: Zoë  Marchetti\n---\n"})
    assert actions(kb, [person("ZOE\u0308 marchetti")]) == [("unchanged", "zoe", "name")]


def test_a_person_matching_two_contacts_is_skipped_with_the_reason(tmp_path):
    kb = kb_of(tmp_path, {"contacts/a.md": "---\nname: Sam Lee\n---\n", "contacts/b.md": "---\nname: Sam Lee\n---\n"})
    plan = merge.plan(kb, [person("Sam Lee", line=7)])
    action = plan.actions[0]
    assert (action.kind, action.reason) == ("skip", "matches 2 contacts by name (a, b); merge them, then import again")
    assert plan.targets == []


def test_fills_only_empty_fields_and_reports_conflicts(tmp_path):
    kb = kb_of(tmp_path, {"contacts/jane-doe.md": JANE})
    incoming = person(
        "Jane Doe",
        title="VP",
        company="Acme",
        location="Riverton",
        phone="555 0100",
        emails=("jane@acme.example", "jd@home.example"),
        links=(("linkedin", "https://www.linkedin.com/in/someone-else"), ("website", "https://jd.example")),
        tags=("mentor",),
        touches=(Touch(DAY, "note", "Connected on LinkedIn"),),
    )
    plan = merge.plan(kb, [incoming])
    action = plan.actions[0]
    assert action.kind == "update" and action.matched_by == "email"
    assert action.changes == (
        "company: Acme",
        "location: Riverton",
        "email: + jd@home.example",
        "links.website: https://jd.example",
        "tags: mentor",
        "note touch 2026-11-21: Connected on LinkedIn",
    )
    assert action.conflicts == (
        "title: keeps 'Director' (row 2 says 'VP')",
        "links.linkedin: keeps 'https://www.linkedin.com/in/jane-doe' (row 2 says 'https://www.linkedin.com/in/someone-else')",
    )  # the phone is the same number written another way: no conflict
    target = plan.targets[0]
    assert target.sets == {"company": "Acme", "location": "Riverton", "tags": ["mentor"]}
    assert (target.add_emails, target.add_links) == (["jd@home.example"], [("website", "https://jd.example")])
    assert target.add_touches == [Touch(DAY, "note", "Connected on LinkedIn")]


def test_the_same_person_twice_in_one_import_makes_one_contact(tmp_path):
    kb = kb_of(tmp_path, {})
    plan = merge.plan(
        kb,
        [
            person("Ana Lima", line=2, emails=("ana@x.example",)),
            person("Ana Lima", line=9, emails=("ana@x.example", "ana@y.example"), title="Editor"),
        ],
    )
    assert [(a.kind, a.slug, a.matched_by) for a in plan.actions] == [
        ("create", "ana-lima", None),
        ("update", "ana-lima", "email"),
    ]
    (target,) = plan.targets
    assert target.new and target.emails == ["ana@x.example", "ana@y.example"] and target.values == {"title": "Editor"}


def test_slug_collisions_get_a_suffix(tmp_path):
    kb = kb_of(
        tmp_path,
        {
            "contacts/acme/ana-lima.md": "---\nname: Ana Lima\nemail: one@x.example\nlinks: {linkedin: https://linkedin.com/in/ana1}\n---\n",
            "contacts/ana-lima-2.md": "---\nname: [broken\n---\n",  # unreadable, but its slug is taken
        },
    )
    people = [person("Ana Lima", links=(("linkedin", f"https://linkedin.com/in/ana{n}"),)) for n in (2, 3)]
    plan = merge.plan(kb, people + [person("Ana Lima", line=5)], taken=["ana-lima-3"])
    assert [(a.kind, a.slug) for a in plan.actions] == [
        ("create", "ana-lima-4"),
        ("create", "ana-lima-5"),
        ("skip", None),
    ]
    assert plan.actions[2].reason.startswith("matches 3 contacts by name")


def test_slugs_come_from_names_like_new_contact(tmp_path):
    kb_ = kb_of(tmp_path, {})
    slugs = [a.slug for a in merge.plan(kb_, [person("Zoë O'Brien"), person("<script>"), person("!!!")]).actions]
    assert slugs == ["zoe-obrien", "script", "contact"]
    long = merge.plan(kb_, [person("Ann " * 200)]).actions[0].slug
    assert long == ("ann-" * 20).rstrip("-") and len(long) == 79


# --- the edits --------------------------------------------------------------------------------


def doc(text: str) -> edit.Document:
    return edit.Document.load("contacts/x.md", text.encode("utf-8"))


def test_set_value_adds_a_key_in_format_order_keeping_comments():
    text = "---\nname: Jane  # who\n# about work\ncompany: Acme\ntags: [a]\n---\nBody\n"
    change = fill.set_value(doc(text), "location", "Riverton, OR")
    assert (
        change.new.decode()
        == '---\nname: Jane  # who\n# about work\ncompany: Acme\nlocation: "Riverton, OR"\ntags: [a]\n---\nBody\n'
    )
    assert (change.line, change.summary) == (5, "location: Riverton, OR")


def test_set_value_fills_an_empty_key_in_place_and_refuses_to_overwrite():
    text = "---\nname: Jane\ntitle:     # role\ncompany: ~\ntags: []\n---\n"
    d = doc(text)
    assert (
        fill.set_value(d, "title", "Yes").new.decode()
        == '---\nname: Jane\ntitle: "Yes"     # role\ncompany: ~\ntags: []\n---\n'
    )
    assert (
        fill.set_value(d, "company", "A: b").new.decode()
        == '---\nname: Jane\ntitle:     # role\ncompany: "A: b"\ntags: []\n---\n'
    )
    assert fill.set_value(d, "tags", ["x", "[[y]]"]).new.decode().endswith('tags: [x, "[[y]]"]\n---\n')
    with pytest.raises(edit.EditRefused) as exc:
        fill.set_value(doc("---\nname: Jane\ntitle: Boss\n---\n"), "title", "VP")
    assert exc.value.problem.message == "'title' already has a value; an import never replaces one"


def test_add_email_turns_one_address_into_a_list_and_grows_lists_in_their_style():
    assert (
        fill.add_email(doc("---\nname: J\nemail: a@x.com  # main\n---\n"), "b@x.com").new.decode()
        == "---\nname: J\nemail: [a@x.com, b@x.com]  # main\n---\n"
    )
    assert (
        fill.add_email(doc("---\nname: J\nemail: 'a@x.com'\n---\n"), "b@x.com").new.decode()
        == "---\nname: J\nemail: ['a@x.com', b@x.com]\n---\n"
    )
    assert (
        fill.add_email(doc("---\nname: J\nemail: [a@x.com]\n---\n"), "b@x.com").new.decode()
        == "---\nname: J\nemail: [a@x.com, b@x.com]\n---\n"
    )
    assert (
        fill.add_email(doc("---\nname: J\nemail:\n    - a@x.com\n---\n"), "b@x.com").new.decode()
        == "---\nname: J\nemail:\n    - a@x.com\n    - b@x.com\n---\n"
    )
    assert (
        fill.add_email(doc('---\nname: J\nemail: ""\n---\n'), "b@x.com").new.decode()
        == "---\nname: J\nemail: b@x.com\n---\n"
    )


def test_add_link_in_block_flow_and_empty_links():
    assert (
        fill.add_link(
            doc("---\nname: J\nlinks:\n  website: https://j.example\ntags: [a]\n---\n"),
            "linkedin",
            "https://linkedin.com/in/j",
        ).new.decode()
        == '---\nname: J\nlinks:\n  website: https://j.example\n  linkedin: "https://linkedin.com/in/j"\ntags: [a]\n---\n'
    )
    assert (
        fill.add_link(doc("---\nname: J\nlinks: {}\n---\n"), "github", "https://github.com/j").new.decode()
        == '---\nname: J\nlinks: {github: "https://github.com/j"}\n---\n'
    )
    assert (
        fill.add_link(doc("---\r\nname: J\r\nlinks:\r\n---\r\n"), "github", "https://github.com/j").new.decode()
        == '---\r\nname: J\r\nlinks:\r\n  github: "https://github.com/j"\r\n---\r\n'
    )


def test_fill_keeps_bom_line_endings_and_body_and_skips_what_is_no_longer_needed():
    text = "\ufeff---\r\nname: J\r\ntitle: Editor\r\ntouches:\r\n  - date: 2026-01-02\r\n    kind: reply\r\n---\r\n## Notes\r\nx\r\n"
    data, done = fill.fill(
        "contacts/j.md",
        text.encode(),
        {"title": "VP", "company": "Acme"},
        ["j@x.com"],
        [("linkedin", "https://linkedin.com/in/j")],
        [Touch(DAY, "note", "Connected on LinkedIn")],
    )
    assert done == [
        "company: Acme",
        "email: j@x.com",
        "links.linkedin: https://linkedin.com/in/j",
        "added note touch 2026-11-21",
    ]  # title was filled meanwhile: left alone
    assert data.decode("utf-8") == (
        "\ufeff---\r\nname: J\r\ntitle: Editor\r\ncompany: Acme\r\nemail: j@x.com\r\nlinks:\r\n"
        '  linkedin: "https://linkedin.com/in/j"\r\ntouches:\r\n  - date: 2026-01-02\r\n    kind: reply\r\n'
        "  - date: 2026-11-21\r\n    kind: note\r\n    note: Connected on LinkedIn\r\n---\r\n## Notes\r\nx\r\n"
    )
    again, nothing = fill.fill(
        "contacts/j.md",
        data,
        {"company": "Acme"},
        ["J@X.com"],
        [("linkedin", "https://www.linkedin.com/in/j/")],
        [Touch(DAY, "note", "connected on linkedin")],
    )
    assert (again, nothing) == (data, [])


def test_an_edit_that_would_not_read_back_is_refused():
    # a key written twice is too ambiguous to edit
    with pytest.raises(edit.EditRefused) as exc:
        fill.set_value(doc("---\nname: J\ntitle:\ntitle:\n---\n"), "title", "x")
    assert exc.value.problem.code == "duplicate-key"


def test_a_new_contact_reads_back_exactly_what_was_imported():
    values = {
        "name": 'Ms: "Q" #1\nnext',
        "title": "No",
        "company": "{{ x }}",
        "email": ["a@x.com", "b@x.com"],
        "tags": ["- a", "b: c"],
        "source": "LinkedIn",
        "phone": "0123",
    }
    data = fill.new_contact(
        None,
        "contacts/_template.md",
        "contacts/q.md",
        values,
        "Note <b>1</b> [x](y)",
        ["Department: R&D"],
        [("linkedin", "https://linkedin.com/in/q"), ("web", "yes")],
        [Touch(DAY, "note", "Connected on LinkedIn")],
    )
    kb_record, _ = parse_contact("contacts/q.md", "q", data.decode())
    assert kb_record.name == 'Ms: "Q" #1\nnext' and kb_record.title == "No" and kb_record.phone == "0123"
    assert kb_record.links == (("linkedin", "https://linkedin.com/in/q"), ("web", "yes"))
    assert kb_record.tags == ("- a", "b: c")
    assert kb_record.body == "## Research\n\n## Notes\nNote &lt;b>1&lt;/b> \\[x\\](y)\n\n- Department: R&D\n"
