"""Drafts: every open item (and every outreach) renders; templates follow their advice; overrides and errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import REPO, TODAY, write_kb
from rolodex.core.jobask import job_asks
from rolodex.drafts.compose import (
    TEMPLATE_KINDS,
    TemplateError,
    UnknownItem,
    draftable_ids,
    fill,
    render,
    template_source,
)
from rolodex.kb.loader import load
from rolodex.rules.followups import KINDS, compute

TEMPLATES = Path(__file__).resolve().parent.parent / "tools" / "rolodex" / "drafts" / "templates"

FILES = {
    "contacts/alice-chen.md": """\
        ---
        name: Alice Chen
        title: Data Science Lead
        company: Initech
        field: Health care / analytics
        tags: [alumni]
        source: alumni directory
        ---
    """,
    "contacts/bob-stone.md": """\
        ---
        name: Bob Stone
        company: Globex
        referred_by: alice-chen
        touches:
          - {date: 2026-11-12, kind: outreach}
        ---
    """,
    "meetings/2026-11-20-alice-chen.md": """\
        ---
        date: 2026-11-20 09:30
        with: alice-chen
        kind: coffee
        referrals:
          - bob-stone
          - name: Maria Lopez
            note: runs the data team at Globex
        follow_ups:
          - {task: Send Alice the article on survival models, due: 2026-11-24}
        ---
    """,
    "contacts/carol-diaz.md": """\
        ---
        name: Carol Diaz
        referred_by: alice-chen
        ---
    """,
    "meetings/2026-12-01-carol-diaz.md": """\
        ---
        date: 2026-12-01 14:00
        with: carol-diaz
        location: Blue Bottle, Market St
        questions:
          - How did you get into analytics?
        ---
        ## Research
    """,
}
CONFIG = """\
site_name: Test
plugins:
  - rolodex:
      me:
        name: Sam Rivera
        email: sam@example.com
        signature: |
          Sam Rivera
          Metro reporter
"""


@pytest.fixture
def kb(kb_path):
    root = kb_path(FILES, config=CONFIG)
    return load(root, cache=False)[0]


def test_every_kind_has_a_default_template():
    assert sorted(p.stem for p in TEMPLATES.glob("*.md")) == sorted(TEMPLATE_KINDS)
    assert set(KINDS) | {"outreach"} == set(TEMPLATE_KINDS)
    for path in TEMPLATES.glob("*.md"):
        lines = path.read_text(encoding="utf-8").split("\n")
        assert lines[0].startswith("Subject: ") and lines[1] == "", path.name


def test_every_id_of_the_sample_kb_can_be_drafted():
    kb, _ = load(REPO, cache=False)
    items = compute(kb, TODAY)
    ids = draftable_ids(kb, TODAY, items)
    assert {i.split(":")[0] for i in ids} == set(TEMPLATE_KINDS)
    for item_id in ids:
        subject, body = render(kb, item_id, TODAY, items)
        assert subject and body, item_id
        assert "\n\n\n" not in body and body == body.strip(), item_id
        assert job_asks(subject + "\n" + body) == [], item_id  # never ask for a job
        assert "None" not in body and "Undefined" not in body, item_id
        assert len(body.split()) < 200, item_id  # short
        if not item_id.startswith(("prep:", "record:")):  # notes to yourself, not messages
            assert body.endswith("Sam Rivera\nMetro reporter, The Riverton Ledger"), item_id


def test_every_id_rolodex_due_shows_can_be_drafted(run):
    import json

    for item in json.loads(run(REPO, "due", "--within", "400", "--format", "json").stdout):
        result = run(REPO, "draft", item["id"])
        assert result.exit_code == 0 and result.stdout.startswith("Subject: "), item["id"]


def test_outreach_asks_for_15_minutes_to_learn(kb):
    subject, body = render(kb, "outreach:alice-chen", TODAY)
    assert subject == "A fellow alum: 15 minutes of your advice?"
    assert body.startswith("Hi Alice,\n\nI found your name through the alumni directory. I'm [one sentence")
    assert "Your path to Data Science Lead at Initech" in body
    assert "15 minutes" in body and "how you got into health care and analytics" in body
    assert body.endswith("Thank you,\nSam Rivera\nMetro reporter")


def test_outreach_mentions_who_referred_them(kb):
    subject, body = render(kb, "outreach:bob-stone", TODAY)
    assert subject == "Alice Chen suggested I get in touch"
    assert "Alice Chen suggested I reach out to you." in body


def test_nudge_mentions_the_first_message(kb):
    subject, body = render(kb, "nudge:bob-stone", TODAY)
    assert subject == "Following up: 15 minutes of your advice?"
    assert "my note of Thursday 12 November" in body and "15 minutes" in body


def test_thank_you_mentions_the_meeting_date_topic_and_referrals(kb):
    subject, body = render(kb, "thank-you:2026-11-20-alice-chen:alice-chen", TODAY)
    assert subject == "Thank you for your time, Alice"
    assert "talk with me on Friday 20 November about health care and analytics." in body
    assert "suggesting I talk to Bob Stone and Maria Lopez" in body


def test_referral_names_who_referred_them(kb):
    subject, body = render(kb, "referral:2026-11-20-alice-chen:bob-stone", TODAY)
    assert subject == "Alice Chen suggested I get in touch"
    assert body.startswith("Hi Bob,\n\nAlice Chen at Initech suggested I reach out to you.")
    assert "your experience at Globex" in body and "15 minutes" in body


def test_referral_by_name_only(kb):
    subject, body = render(kb, "referral:2026-11-20-alice-chen:maria-lopez", TODAY)
    assert subject == "Alice Chen suggested I get in touch" and body.startswith("Hi Maria,")


def test_holiday_has_wishes_and_an_update_placeholder(kb):
    subject, body = render(kb, "holiday:2026:alice-chen", TODAY)
    assert subject == "Happy holidays, Alice"
    assert "A brief update from me: [" in body and "when we met in November" in body


def test_keep_in_touch(kb):
    subject, body = render(kb, "keep-in-touch:alice-chen", dt.date(2027, 2, 20))
    assert subject == "Catching up"
    assert "since we met in November 2026" in body


def test_follow_up_names_the_promise(kb):
    subject, body = render(kb, "follow-up:2026-11-20-alice-chen:send-alice-the-article", TODAY)
    assert subject == "Following up on our coffee"
    assert "[here is what you promised: Send Alice the article on survival models]" in body


def test_prep_is_a_research_checklist(kb):
    subject, body = render(kb, "prep:2026-12-01-carol-diaz", TODAY)
    assert subject == "Prep: conversation with Carol Diaz, Tuesday 1 December at 14:00"
    assert body.count("- [ ]") >= 8
    assert "- [ ] Mention that Alice Chen introduced you" in body
    assert "you have 1:\n      - How did you get into analytics?\n- [ ] Ask who else" in body
    assert "Blue Bottle, Market St, 15 minutes" in body and "never ask for a job" in body


def test_signature_falls_back_to_a_placeholder(kb_path):
    kb, _ = load(kb_path(FILES), cache=False)
    assert render(kb, "nudge:bob-stone", TODAY)[1].endswith("Best,\n[your name]")


# --- overrides --------------------------------------------------------------------------


def test_a_kb_template_overrides_the_default(kb_path):
    root = kb_path(
        {
            **FILES,
            "templates/thank-you.md": (
                "Subject: Thanks, {{ contact.first_name }}!\n\n"
                "Great {{ meeting.word }} on {{ meeting.date | longdate }}{% if meeting.location %} at {{ meeting.location }}{% endif %}.\n"
                "{% if meeting.referrals %}\nReferrals: {{ meeting.referrals | join(', ') }}\n{% endif %}\n"
                "-- {{ me.signature }}\n"
            ),
        },
        config=CONFIG,
    )
    kb, _ = load(root, cache=False)
    assert render(kb, "thank-you:2026-11-20-alice-chen:alice-chen", TODAY) == (
        "Thanks, Alice!",
        "Great coffee on Friday 20 November.\nReferrals: Bob Stone, Maria Lopez\n-- Sam Rivera\nMetro reporter",
    )
    # The other kinds keep their defaults.
    assert render(kb, "nudge:bob-stone", TODAY)[0] == "Following up: 15 minutes of your advice?"


def test_templates_dir_option(kb_path):
    config = CONFIG + "      templates_dir: my/drafts\n"
    root = kb_path({**FILES, "my/drafts/nudge.md": "Subject: Ping\r\n\r\nHi {{ contact }}.\r\n"}, config=config)
    kb, _ = load(root, cache=False)
    assert render(kb, "nudge:bob-stone", TODAY) == ("Ping", "Hi Bob Stone.")
    assert template_source(kb, "nudge")[0] == "my/drafts/nudge.md"


def test_templates_can_include_a_shared_snippet(kb_path):
    root = kb_path(
        {
            **FILES,
            "templates/nudge.md": "Subject: x\n\nHi.\n{% include 'sign.md' %}\n",
            "templates/sign.md": "-- {{ me.name or 'me' }}\n",
        }
    )
    kb, _ = load(root, cache=False)
    assert render(kb, "nudge:bob-stone", TODAY) == ("x", "Hi.\n-- me")


def test_an_inline_tag_at_the_end_of_a_line_keeps_the_line_break():
    source = "Subject: x\n\nA{% if true %}!{% endif %}\n{% if true %}\nB\n{% endif %}\nC\n"
    assert fill("t.md", source, {}, TODAY) == ("x", "A!\nB\nC")


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, line, message",
    [
        ("Hello\n\nbody", 1, "a template starts with a line 'Subject: …', then a blank line, then the body"),
        ("Subject: x\n\n{% if contact %}\nno end\n", 4, "Unexpected end of template"),
        ("Subject: x\n\n{{ contcat.name }}\n", 3, "unknown variable 'contcat'; did you mean 'contact'?"),
        ("Subject: x\n\nHi\n{{ contact.nmae }}\n", 4, "'contact' has no field 'nmae'; did you mean 'name'?"),
        ("Subject: x\n\n{{ task.task }}\n", 3, "there is no 'task' for a nudge item; guard it with {% if task %}"),
        ("Subject: x\n\n{{ contact.__class__.__mro__ }}\n", 3, "__class__"),
        ("Subject: x\n\n{{ 1 / 0 }}\n", 3, "ZeroDivisionError: division by zero"),
        ("Subject: x\n\n{% include 'other.md' %}\n", 3, "no template 'other.md' to include in the templates folder"),
        ("Subject: x\n\n{% include '../mkdocs.yml' %}\n", 3, "no template '../mkdocs.yml'"),
    ],
)
def test_broken_user_templates_are_located_errors(kb_path, source, line, message):
    root = kb_path({**FILES, "templates/nudge.md": source})
    kb, _ = load(root, cache=False)
    with pytest.raises(TemplateError) as caught:
        render(kb, "nudge:bob-stone", TODAY)
    assert (caught.value.path, caught.value.line) == ("templates/nudge.md", line)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"templates/nudge.md:{line}: error: ")


def test_a_template_that_is_not_utf8(kb_path):
    root = kb_path(FILES)
    (root / "templates").mkdir()
    (root / "templates" / "nudge.md").write_bytes(b"Subject: caf\xe9\n\nx\n")
    kb, _ = load(root, cache=False)
    with pytest.raises(TemplateError, match=r"^templates/nudge.md: error: not UTF-8"):
        render(kb, "nudge:bob-stone", TODAY)


def test_a_template_linked_out_of_the_kb_is_not_read(kb_path, tmp_path):
    """Its text would become drafts and the site's mail links (a cloned repository can hold links)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("Subject: x\n\nthe contents of a private file\n", encoding="utf-8")
    root = kb_path(FILES)
    (root / "templates").mkdir()
    (root / "templates" / "nudge.md").symlink_to(secret)
    kb, _ = load(root, cache=False)
    with pytest.raises(
        TemplateError, match=r"^templates/nudge.md: error: a symbolic link to a file outside the knowledge base"
    ):
        render(kb, "nudge:bob-stone", TODAY)


def test_a_template_linked_to_another_file_of_the_kb_is_not_read(kb_path):
    """Only files in the templates folder are templates, as for includes: a link to another
    file of the KB (a note, `.git/config`) printed it into drafts and the site's mail links."""
    root = kb_path({**FILES, "notes/secret.md": "Subject: x\n\nthe contents of a private note\n"})
    (root / "templates").mkdir()
    (root / "templates" / "nudge.md").symlink_to(root / "notes" / "secret.md")
    kb, _ = load(root, cache=False)
    with pytest.raises(TemplateError) as caught:
        render(kb, "nudge:bob-stone", TODAY)
    assert str(caught.value) == (
        "templates/nudge.md: error: a symbolic link to a file outside the templates folder; not read"
    )


@pytest.mark.parametrize(
    "tag",
    ["{% include 'sig.md' %}", "{% include 'linked/sig.md' %}", "{% import 'sig.md' as s %}", "{% extends 'sig.md' %}"],
)
@pytest.mark.parametrize("where", ["outside the KB", "elsewhere in the KB"])
def test_an_include_that_leads_out_of_the_templates_folder_is_refused(kb_path, tmp_path, tag, where):
    """A link named like a snippet (or a linked folder) would print any readable file into
    drafts and, in a public build, into every page's mail links."""
    root = kb_path({**FILES, "templates/nudge.md": f"Subject: x\n\nHi.\n{tag}\n", "notes/secret.md": "x"})
    secret = tmp_path / "passwd" if where == "outside the KB" else root / "notes" / "secret.md"
    secret.write_text("root:x:0:0:the contents of a private file\n", encoding="utf-8")
    (root / "templates" / "sig.md").symlink_to(secret)
    (root / "templates" / "linked").symlink_to(secret.parent, target_is_directory=True)
    (secret.parent / "sig.md").write_text(secret.read_text())  # a plain file, in the linked folder
    kb, _ = load(root, cache=False)
    with pytest.raises(TemplateError) as caught:
        render(kb, "nudge:bob-stone", TODAY)
    name = "linked/sig.md" if "linked/" in tag else "sig.md"
    assert str(caught.value) == (
        f"templates/nudge.md:4: error: '{name}' is a symbolic link leading out of the templates folder; not read"
    )
    assert "private file" not in str(caught.value)


def test_an_include_linked_within_the_templates_folder_is_read(kb_path):
    root = kb_path(
        {**FILES, "templates/nudge.md": "Subject: x\n\n{% include 'sig.md' %}\n", "templates/a/b.md": "-- B"}
    )
    (root / "templates" / "sig.md").symlink_to(root / "templates" / "a" / "b.md")
    kb, _ = load(root, cache=False)
    assert render(kb, "nudge:bob-stone", TODAY) == ("x", "-- B")


def test_sandbox_refuses_python_internals(kb_path):
    root = kb_path({**FILES, "templates/nudge.md": "Subject: x\n\n{{ ''.__class__.__subclasses__() }}\n"})
    kb, _ = load(root, cache=False)
    with pytest.raises(TemplateError):
        render(kb, "nudge:bob-stone", TODAY)


@pytest.mark.parametrize(
    "body, message",
    [
        ("{{ 'a' * 400000000 }}", "a value of more than 1,000,000 characters or items; stopped"),
        ("{{ ['a'] * 400000000 }}", "a value of more than 1,000,000 characters or items; stopped"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "the template ran for more than 2 seconds; stopped",
        ),
        ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "longer than 100,000"),
        ("{% for c in 'x' * 100000 %}{% for d in 'y' * 100000 %}{% endfor %}{% endfor %}", "ran for more than 2"),
        ("{{ lipsum(1000000) }}", "lipsum() makes at most 20 paragraphs"),
        ("{{ range(400000000)|list }}", "range() given a number of 400,000,000 is more than 100,000"),
        ("{{ 10 ** 100000000 }}", "too large a number"),
        ("{{ '%400000000s' % 'x' }}", "a width or precision of more than 100,000"),
        ("{{ '{:>400000000}'.format('x') }}", "a width or precision of more than 100,000"),
        ("{{ 'x'|center(400000000) }}", "'center' given a number of 400,000,000"),
        ("{{ 'x'.ljust(400000000) }}", "a call given a number of 400,000,000"),
        ("{{ ('a' * 100000)|replace('a', 'a' * 100000) }}", "replacing would make more than 1,000,000"),
        ("{{ ('\\n' * 100000)|indent(99999) }}", "indenting would make more than 1,000,000"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "a value of more than 1,000,000",
        ),
        ("{% set s = 'ab' %}" + "{% set s = s ~ s %}" * 60, "a value of more than 1,000,000"),
        ("{% macro f(s) %}{{ f(s + s) }}{% endmacro %}{{ f('ab') }}", "a value of more than 1,000,000"),
        ("{% set l = ['a'] %}{% for i in range(60) %}{{ l.extend(l) }}{% endfor %}", "more than 1,000,000"),
    ],
)
def test_runaway_templates_stop_with_a_clear_error(body, message):
    """A template cannot make a huge value, a huge message or run on: the site drafts a message
    for every contact, so one such template would stall every build (42 s and 1.9 GB for the
    first of these before)."""
    with pytest.raises(TemplateError) as caught:
        fill("templates/nudge.md", f"Subject: x\n\n{body}\n", {}, TODAY)
    assert message in caught.value.message
    assert caught.value.path == "templates/nudge.md" and caught.value.line in (3, None)  # None: the whole output


def test_ordinary_templates_are_within_the_limits():
    source = (
        "Subject: {{ '%-6s|%5.1f' % ('ab', 2.25) }} {{ '{:>4}'.format(7) }} {{ 1234567 }}\n\n"
        "{% for i in range(3) %}{{ loop.index }}{{ '-' * 3 }}{% endfor %} {{ lipsum(2, false)|wordcount > 10 }}"
        " {{ 'a b'|replace(' ', '_')|center(7) }} {{ 2 ** 10 }}"
    )
    assert fill("t.md", source, {}, TODAY) == ("ab | 2.2 7 1234567", "1---2---3--- True   a_b   1024")


@pytest.mark.parametrize(
    "item_id, message, suggestions",
    [
        ("nudge:bob-ston", "no open item 'nudge:bob-ston'; did you mean 'nudge:bob-stone'?", ("nudge:bob-stone",)),
        (
            "outreach:alice-chn",
            "no contact 'alice-chn' to write to; did you mean 'outreach:alice-chen'?",
            ("outreach:alice-chen",),
        ),
        ("thank-you:2020-01-01-zz:zz", "no open item 'thank-you:2020-01-01-zz:zz': it may be done already", ()),
        ("hello", "no item 'hello': ids look like", ()),
    ],
)
def test_unknown_ids(kb, item_id, message, suggestions):
    with pytest.raises(UnknownItem) as caught:
        render(kb, item_id, TODAY)
    assert str(caught.value).startswith(message)
    assert caught.value.suggestions == suggestions


def test_outreach_by_name_and_any_case(kb):
    assert render(kb, "outreach:Alice Chen", TODAY) == render(kb, "outreach:alice-chen", TODAY)
    assert render(kb, "NUDGE:BOB-STONE", TODAY) == render(kb, "nudge:bob-stone", TODAY)


# --- wording: articles, repetition, warnings -----------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("alumni directory", "the alumni directory"),
        ("Riverton Press Club member list", "the Riverton Press Club member list"),
        ("conference in Chicago", "the conference in Chicago"),
        (
            "Office of Councilmember Dana Whitaker, Riverton City Council",
            "the Office of Councilmember Dana Whitaker, Riverton City Council",
        ),
        ("City of Riverton — Mayor's Office", "the City of Riverton — Mayor's Office"),
        ("Riverton Housing Authority", "the Riverton Housing Authority"),
        ("Northside Community Foundation", "the Northside Community Foundation"),
        ("Riverton Public Library", "the Riverton Public Library"),
        ("The Riverton Ledger", "The Riverton Ledger"),
        ("my old editor", "my old editor"),
        ("Acme Corp", "Acme Corp"),
        ("LinkedIn", "LinkedIn"),
        ("Maria Okafor", "Maria Okafor"),
        ("Riverton State University", "Riverton State University"),
        ("Bank of America", "Bank of America"),
        ("", ""),
    ],
)
def test_the_filter_adds_an_article_where_a_sentence_needs_one(text, expected):
    assert fill("t", "Subject: x\n\n{{ v | the }}", {"v": text}, TODAY)[1] == expected


WORDING = {
    "contacts/dee.md": """\
        ---
        name: Dee Park
        title: Press Secretary
        company: Office of Councilmember Dana Whitaker
        source: Riverton Press Club member list
        ---
    """,
    "contacts/eli.md": "---\nname: Eli Moss\ncompany: Acme Corp\n---\n",
    "contacts/fay.md": "---\nname: Fay Ng\ncompany: The Riverton Ledger\n---\n",
    "meetings/2026-06-01-dee.md": "---\ndate: 2026-06-01\nwith: [dee, eli, fay]\nthank_you: 2026-06-02\n---\n",
    "meetings/2026-12-02-eli.md": "---\ndate: 2026-12-02\nwith: eli\n---\n",
}


def test_drafts_read_naturally_with_or_without_the(kb_path):
    kb, _ = load(kb_path(WORDING, config=CONFIG), cache=False)
    _, body = render(kb, "outreach:dee", TODAY)
    assert body.startswith(
        "Hi Dee,\n\nI found your name through the Riverton Press Club member list. I'm [one sentence: "
        "who you are and what you're exploring]. Your path to Press Secretary at the Office of "
        "Councilmember Dana Whitaker is exactly the kind I'd like to learn from.\n\n"
    )
    assert (
        "I'd love to hear how you got into your field and what your work at the Office of Councilmember Dana "
        "Whitaker looks like day to day."
    ) in body
    _, body = render(kb, "outreach:eli", TODAY)
    assert "how you got into your field and what your work at Acme Corp looks like day to day." in body
    for slug, at in (
        ("dee", "at the Office of Councilmember Dana Whitaker."),
        ("eli", "at Acme Corp."),
        ("fay", "at The Riverton Ledger."),
    ):
        _, body = render(kb, f"holiday:2026:{slug}", dt.date(2026, 12, 2))
        assert f"I hope you're having a good end of the year and that all is well {at}\n" in body
    _, body = render(kb, "prep:2026-12-02-eli", TODAY)
    assert "- [ ] Their career path: past roles, and how they got into their field\n" in body
    assert "- [ ] Recent news about Acme Corp\n" in body


def test_draft_warns_about_outreach_to_someone_already_met(tmp_path, run):
    root = write_kb(tmp_path / "a", WORDING, PITCH_CONFIG)
    result = run(root, "draft", "outreach:dee")
    assert result.exit_code == 0 and result.stdout.startswith("Subject: 15 minutes of your advice?\n")
    assert result.stderr == (
        "warning: you have already met Dee Park (last on 2026-06-01); this draft is a first email "
        "to a stranger ('rolodex show dee' lists what is due)\n"
    )
    assert run(root, "draft", "outreach:eli").stderr.startswith("warning: you have already met Eli Moss")
    result = run(write_kb(tmp_path / "b", FILES, PITCH_CONFIG), "draft", "outreach:bob-stone")  # written to, not met
    assert (result.exit_code, result.stderr) == (0, "")


def test_draft_hints_at_me_when_signed_your_name(tmp_path, run):
    root = write_kb(tmp_path / "a", FILES)
    result = run(root, "draft", "nudge:bob-stone")
    assert result.stdout.endswith("Best,\n[your name]\n")
    assert result.stderr == (
        "hint: drafts are signed '[your name]'; set 'me:' (name, email, signature) under the "
        "rolodex plugin in mkdocs.yml (see docs/drafts.md)\n"
    )
    assert run(root, "draft", "prep:2026-12-01-carol-diaz").stderr == ""  # a checklist is not signed
    assert run(write_kb(tmp_path / "b", FILES, CONFIG), "draft", "nudge:bob-stone").stderr == ""


# --- me.pitch, source and goal in sentences ---------------------------------------------------

PITCH_CONFIG = CONFIG + "        pitch: Metro reporter at the Riverton Ledger, exploring a move into public affairs\n"


def test_the_pitch_fills_the_who_you_are_sentence_of_every_draft(kb_path):
    kb, _ = load(kb_path(FILES, config=PITCH_CONFIG), cache=False)
    _, outreach = render(kb, "outreach:alice-chen", TODAY)
    assert outreach == (
        "Hi Alice,\n\n"
        "I found your name through the alumni directory. I'm a metro reporter at the Riverton Ledger, exploring a "
        "move into public affairs. Your path to Data Science Lead at Initech is exactly the kind I'd like to "
        "learn from.\n\n"
        "Would you have 15 minutes in the coming weeks for a short call or a coffee? I'd love to hear how you got "
        "into health care and analytics and what your work at Initech looks like day to day. I'm happy to work "
        "around your schedule.\n\n"
        "Thank you,\nSam Rivera\nMetro reporter"
    )
    _, referral = render(kb, "referral:2026-11-20-alice-chen:bob-stone", TODAY)
    assert referral.startswith(
        "Hi Bob,\n\nAlice Chen at Initech suggested I reach out to you. I'm a metro reporter at the Riverton "
        "Ledger, exploring a move into public affairs. Alice thought your experience at Globex would be a great "
        "perspective.\n\n"
    )
    for item_id in draftable_ids(kb, TODAY):
        assert "[one sentence" not in render(kb, item_id, TODAY)[1], item_id


def test_without_a_pitch_the_bracket_stays_and_draft_says_how_to_fill_it(kb_path, run):
    root = kb_path(FILES, config=CONFIG)
    result = run(root, "draft", "outreach:bob-stone")
    assert "I'm [one sentence: who you are and what you're exploring]. Your path" in result.stdout
    assert result.stderr == (
        "hint: set 'me.pitch' under the rolodex plugin in mkdocs.yml (one sentence: who you are and what you are "
        "exploring) and every draft says it for you (see docs/drafts.md)\n"
    )
    root.joinpath("mkdocs.yml").write_text(PITCH_CONFIG, encoding="utf-8")
    result = run(root, "draft", "outreach:bob-stone")
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(
    ("source", "opening"),
    [
        ("alumni directory", "I found your name through the alumni directory. I'm [one"),
        ("LinkedIn", "I found your name through LinkedIn. I'm [one"),
        ("met at the Press Club mixer", "We met at the Press Club mixer. I'm [one"),
        ("Jenna (ex-colleague) suggested her", "Jenna suggested I reach out to you. I'm [one"),
        ("Jenna suggested her", "Jenna suggested I reach out to you. I'm [one"),
        ("via Jenna", "I found your name through Jenna. I'm [one"),
        ("referred by Jenna", "Jenna suggested I reach out to you. I'm [one"),
        ("college friend", "I'm [one"),
    ],
)
def test_the_source_opens_the_outreach_naturally(kb_path, source, opening):
    files = {"contacts/gus-hale.md": f"---\nname: Gus Hale\nsource: {source}\n---\n"}
    kb, _ = load(kb_path(files, config=CONFIG), cache=False)
    assert render(kb, "outreach:gus-hale", TODAY)[1].startswith(f"Hi Gus,\n\n{opening}")


@pytest.mark.parametrize(
    ("goal", "sentence"),
    [
        (
            "Learn how she moved into public affairs",
            " In particular, I'd like to learn how you moved into public affairs.",
        ),
        ("ask what he looks for in writers", " In particular, I'd like to hear what you look for in writers."),
        ("potential mentor", ""),
    ],
)
def test_the_goal_is_said_when_it_reads_as_one(kb_path, goal, sentence):
    files = {"contacts/gus-hale.md": f"---\nname: Gus Hale\ngoal: {goal}\n---\n"}
    kb, _ = load(kb_path(files, config=CONFIG), cache=False)
    body = render(kb, "outreach:gus-hale", TODAY)[1]
    assert f"what your work looks like day to day.{sentence} I'm happy to work around your schedule." in body
    assert f"- [ ] Your goal: {goal}" not in body  # the outreach is to them; the goal as typed is for prep
