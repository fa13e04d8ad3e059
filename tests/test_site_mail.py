"""The site's ✉ links: a message goes to the person it is for; a note to yourself never does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import MKDOCS_YML, REPO, TODAY
from rolodex.kb.configfile import read_config
from rolodex.kb.loader import load
from rolodex.rules.followups import Due
from rolodex.site.builder import prepare
from rolodex.site.context import mail_recipient
from rolodex.site.pages import generate

FILES = {
    "contacts/ann.md": "---\nname: Ann Lee\nemail: ann@example.org\n---\n",
    "contacts/bob.md": "---\nname: Bob Ray\nemail: bob@example.org\n---\n",
    "contacts/cat.md": (
        "---\nname: Cat Moe\nemail: cat@example.org\ntouches:\n  - {date: 2026-11-10, kind: outreach}\n---\n"
    ),
    "meetings/2026-11-24-ann.md": (
        "---\ndate: 2026-11-24\nwith: ann\nreferrals: [bob, {name: Dee Nobody}]\n"
        "follow_ups:\n  - {task: Send my clips, due: 2026-11-27}\n---\n"
    ),
    "meetings/2026-11-30-ann.md": "---\ndate: 2026-11-30\nwith: ann\n---\n\n## Research\n\n<!-- secret plans -->\n",
}
ME = MKDOCS_YML.replace("  - rolodex\n", "  - rolodex:\n      me:\n        name: Sam\n        email: me@example.com\n")


def pages(root: Path) -> dict[str, str]:
    return generate(prepare(root, read_config(root).settings, TODAY, cache=False).inp)


def mail_of(page: str, item_id: str) -> str | None:
    """The href of the ✉ link of this item's element, or None when it has none."""
    line = page.split(f'data-id="{item_id}">', 1)[1].split("</li>", 1)[0]
    found = re.search(r'class="rolodex-action rolodex-mail" href="([^"]*)"', line)
    return found.group(1) if found else None


def card_mail_of(page: str, item_id: str) -> str | None:
    """The href of the one ✉ link of the person card holding this item (the Follow-ups page)."""
    start = page.index(f'data-id="{item_id}">')
    card = page[page.rindex("<section", 0, start) : page.index("</section>", start)]
    found = re.search(r'<p class="rolodex-card__draft"><a class="rolodex-action rolodex-mail" href="([^"]*)"', card)
    return found.group(1) if found else None


ITEMS = {  # id -> where its message goes, before the subject
    "thank-you:2026-11-24-ann:ann": "mailto:ann@example.org?",
    "referral:2026-11-24-ann:bob": "mailto:bob@example.org?",
    "referral:2026-11-24-ann:dee-nobody": "mailto:?",  # not a contact yet: to no one
    "follow-up:2026-11-24-ann:send-my-clips": "mailto:ann@example.org?",
    "nudge:cat": "mailto:cat@example.org?",
    "holiday:2026:ann": "mailto:ann@example.org?",
}


def test_messages_go_to_the_person_a_note_to_yourself_has_no_link(kb_path):
    site = pages(kb_path(FILES))
    due = site["due.md"]
    ids = re.findall(r'<li class="rolodex-item[^"]*" data-id="([^"]*)"', due)
    assert sorted(ids) == sorted([*ITEMS, "prep:2026-11-30-ann"])
    for item_id, start in ITEMS.items():
        assert card_mail_of(due, item_id).startswith(start), item_id  # the person's one email
        who = {"referral:2026-11-24-ann:bob": "bob", "nudge:cat": "cat"}.get(item_id, "ann")
        page = site["index.md"] if "dee" in item_id else site[f"contacts/{who}.md"]
        assert mail_of(page, item_id).startswith(start), item_id  # the item's own draft
    # No `me.email`: the research checklist gets no mail link at all, on any page.
    assert mail_of(due, "prep:2026-11-30-ann") is None
    assert mail_of(site["contacts/ann.md"], "prep:2026-11-30-ann") is None
    assert mail_of(site["meetings/2026-11-30-ann.md"], "prep:2026-11-30-ann") is None
    assert mail_of(site["index.md"], "prep:2026-11-30-ann") is None
    assert "Research%20checklist" not in "".join(site[p] for p in site if p.endswith(".md"))


def test_a_note_to_yourself_goes_to_me_email(kb_path):
    site = pages(kb_path(FILES, config=ME))
    for page in ("contacts/ann.md", "meetings/2026-11-30-ann.md", "index.md"):
        url = mail_of(site[page], "prep:2026-11-30-ann")
        assert url.startswith("mailto:me@example.com?subject=Prep%3A%20conversation%20with%20Ann%20Lee%2C%20"), page
        assert "&amp;body=Research%20checklist%20for%20Ann%20Lee%3A" in url
    for item_id, start in ITEMS.items():
        assert card_mail_of(site["due.md"], item_id).startswith(start), item_id
    # the person's one email on the Follow-ups page is a message to them, never the checklist
    assert card_mail_of(site["due.md"], "prep:2026-11-30-ann").startswith("mailto:ann@example.org?subject=Thank")


def test_sample_prep_item_is_addressed_to_sam_not_to_ibrahim():
    due = pages(REPO)["index.md"]
    url = mail_of(due, "prep:2026-11-30-ibrahim-saleh")
    assert url.startswith("mailto:sam.rivera@example.com?subject=Prep%3A%20video%20call%20with%20Ibrahim%20Saleh")
    assert "ibrahim.saleh@example.org" not in url


@pytest.mark.parametrize(
    "kind, contact, expected",
    [
        ("thank-you", "ann", "ann@example.org"),
        ("referral", "bob", "bob@example.org"),
        ("referral", None, ""),
        ("nudge", "cat", "cat@example.org"),
        ("holiday", "ann", "ann@example.org"),
        ("keep-in-touch", "ann", "ann@example.org"),
        ("follow-up", "ann", "ann@example.org"),
        ("outreach", "bob", "bob@example.org"),
        ("prep", "ann", None),
        ("some-future-kind", "ann", None),  # unknown: treated as a note to yourself
    ],
)
def test_mail_recipient_by_kind(kb_path, kind, contact, expected):
    kb, _ = load(kb_path(FILES), cache=False)
    item = Due(kind, TODAY, contact, "Someone", None, "title", f"{kind}:x")
    assert mail_recipient(kb, item) == expected


def test_mail_recipient_of_a_note_to_yourself_is_me_email(kb_path):
    kb, _ = load(kb_path(FILES, config=ME), cache=False)
    assert mail_recipient(kb, Due("prep", TODAY, "ann", "Ann Lee", None, "t", "prep:x")) == "me@example.com"
