"""`rolodex sync mail` over mail as Thunderbird, Apple Mail, Gmail Takeout, Outlook and a
Maildir program write it: which touches it records, that a second run changes no byte,
what it leaves out, and how follow-ups react."""

from __future__ import annotations

import hashlib
import html
import json
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, MKDOCS_YML, build_site
from rolodex.core.parse import parse_file

MAIL = FIXTURES / "mail"
CONFIG = MKDOCS_YML.replace(
    "  - rolodex\n", "  - rolodex:\n      me:\n        name: Sam Rivera\n        email: me@example.org\n"
)
CONTACTS = {
    "contacts/jane-doe.md": "---\nname: Jane Doe\nemail: Jane.Doe@Acme.example\n---\n",
    # flow style and existing touches: new ones are written in the file's own style
    "contacts/omar-haddad.md": (
        "---\nname: Omar Haddad\nemail: [omar@haddad.example]\ntouches:\n"
        "  - date: 2026-10-01\n    kind: outreach\n  - {date: 2026-10-03, kind: reply}\n---\n## Notes\n"
    ),
    "contacts/zoe-obrien.md": "---\nname: Zoë O'Brien\nemail: zoe@obrien.example\n---\n",
    "contacts/li-wei.md": "---\nname: Li Wei  # met at the conference\nemail: li.wei@corp.example\n---\n",
    "meetings/2026-11-11-omar-haddad.md": "---\ndate: 2026-11-11\nwith: omar-haddad\n---\n## Notes\n",
}
SOURCES = (
    "thunderbird",  # a profile folder: Local Folders/Inbox and Sent, beside their .msf files
    "gmail-takeout/Takeout/Mail/All mail Including Spam and Trash.mbox",
    "apple-mail",  # an exported Work.mbox folder and the live store's .emlx files
    "outlook/RE Coffee next week.eml",
    "maildir",
)


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch):
    """The computer's zone: a touch's date is the day where the user is (with its DST)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def kb(kb_path, new_york, monkeypatch):
    root = kb_path(CONTACTS, CONFIG)
    monkeypatch.chdir(root)  # paths are printed relative to where the user stands
    return root


def touches(root: Path, slug: str) -> list[tuple[str, str, str | None, str | None]]:
    contact, _ = parse_file("contact", f"contacts/{slug}.md", slug, (root / f"contacts/{slug}.md").read_bytes())
    return [(t.date.isoformat(), t.kind, t.note, t.ref) for t in contact.touches]


def digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.md"))
        if ".rolodex-cache" not in p.parts
    }


def sync(run, root: Path, *args: str):
    return run(root, "sync", "mail", *[str(MAIL / s) for s in SOURCES], *args)


COFFEE = "Coffee next week? I'd love 15 minutes of your time to hear how you moved into public affairs"


def test_mail_from_every_client_becomes_touches(kb, run):
    result = sync(run, kb)
    assert result.exit_code == 0, result.output
    assert touches(kb, "jane-doe") == [
        ("2026-11-02", "outreach", COFFEE, "7d1c2a4e-0b1f-4c55-9f0e-1a2b3c4d5e6f@example.org"),
        # 11:20 -0800 is 14:20 in New York; the folded subject is one line
        ("2026-11-03", "reply", f"Re: {COFFEE}", "CAJ8Yx=reply-from-jane@mail.acme.example"),
        # after her answer, the next mail is a message, no longer outreach; Cc counts too (Li Wei)
        ("2026-11-06", "message", f"Re: {COFFEE}", "c4d5e6f7-1111-4222-8333-944455566677@example.org"),
        # Apple Mail .emlx: 04:30 UTC on 8 November is 23:30 the day before in New York (EST, -5)
        ("2026-11-07", "reply", "Slides from Thursday", "5E6F7A8B-9C0D-4E1F-A2B3-C4D5E6F7A8B9@acme.example"),
    ]
    assert touches(kb, "omar-haddad") == [
        ("2026-10-01", "outreach", None, None),
        ("2026-10-03", "reply", None, None),
        # 04:30 UTC on 2 June is 00:30 in New York (EDT, -4): the same day, as daylight saving time says
        ("2026-06-02", "reply", "Summer plans", "summer@haddad.example"),
        # a subject that thanks, the day after a held meeting: thank-you
        ("2026-11-12", "thank-you", "Thank you for yesterday", "a8f3e1d2-5c6b-4e7f-8a9b-0c1d2e3f4a5b@example.org"),
        ("2026-11-16", "reply", "Re: Thank you for yesterday", "3C9A1F2E-7B8D-4E6F-9A0B-1C2D3E4F5A6B@haddad.example"),
    ]
    assert touches(kb, "zoe-obrien") == [
        # Gmail Takeout: RFC 2047 subjects and names, CRLF lines, 23:59 UTC is 18:59 in New York
        ("2026-11-02", "outreach", "Café ☕ next week?", "CAHx8bQ+sam=question@mail.gmail.com"),
        ("2026-11-03", "reply", "Re: Café ☕ next week?", "CAHx8bQ+zoe=answer@mail.gmail.com"),
    ]
    assert touches(kb, "li-wei") == [
        # Outlook .eml: the Message-ID folded onto its own line, a base64 subject
        (
            "2026-11-04",
            "reply",
            "RE: Coffee next week? – happy to join",
            "DM6PR11MB4321C0FFEE1234567890ABCDEF12@DM6PR11MB4321.namprd11.prod.outlook.com",
        ),
        # she answered (above) before this Cc: a message
        ("2026-11-06", "message", f"Re: {COFFEE}", "c4d5e6f7-1111-4222-8333-944455566677@example.org"),
        # no Message-ID: a stable hash of its headers stands in
        ("2026-11-17", "reply", "No message id here", "sha256:6d62226e3873dcd9c98e1756cb2e420d"),
        # "Wednesday, the 31st of February": dated by its Received line instead
        ("2026-11-18", "reply", "Broken date, dated by Received", "broken-date@corp.example"),
        # no Date and no Received: dated by the time in its Maildir file name
        ("2026-11-19", "reply", "No date at all, dated by the file name", "no-date@corp.example"),
    ]
    assert result.stdout.splitlines()[:5] == [
        "contacts/jane-doe.md:4: added 4 touches (1 message, 1 outreach, 2 reply)",
        "contacts/li-wei.md:4: added 5 touches (1 message, 4 reply)",
        "contacts/omar-haddad.md:8: added 3 touches (2 reply, 1 thank-you)",
        "contacts/zoe-obrien.md:4: added 2 touches (1 outreach, 1 reply)",
        "21 messages read: recorded 14 touches for 4 contacts (2 message, 2 outreach, 9 reply, 1 thank-you)",
    ]
    assert (
        "left out: 3 mailing-list or automatic, 2 with no contact, 1 only to yourself, 1 already recorded, "
        "1 dated after today (--unknown lists who)"
    ) in result.output
    assert "1795089700.M4P100.laptop:2,S: warning: left out: dated 2099-12-01, after today" in result.output
    # the rest of each file is as it was: comments, flow style, body
    omar = (kb / "contacts/omar-haddad.md").read_text()
    assert omar.startswith(CONTACTS["contacts/omar-haddad.md"].split("---\n## Notes")[0])
    assert omar.endswith("---\n## Notes\n")
    assert "  - {date: 2026-11-12, kind: thank-you, note: Thank you for yesterday, ref: " in omar
    assert "# met at the conference" in (kb / "contacts/li-wei.md").read_text()
    assert run(kb, "check").exit_code == 0


def test_a_second_sync_changes_no_byte(kb, run):
    assert sync(run, kb).exit_code == 0
    before = digest(kb)
    again = sync(run, kb)
    assert again.exit_code == 0
    assert digest(kb) == before
    assert again.stdout.startswith("21 messages read: recorded 0 touches\n")
    assert "14 already recorded" in again.output
    # the sources are never changed either
    assert not list(MAIL.rglob(".*.tmp"))


def test_dry_run_prints_the_diff_and_writes_nothing(kb, run):
    before = digest(kb)
    result = run(kb, "sync", "mail", str(MAIL / "outlook"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert digest(kb) == before
    assert result.output == (
        "--- a/contacts/li-wei.md\n"
        "+++ b/contacts/li-wei.md\n"
        "@@ -1,4 +1,9 @@\n"
        " ---\n"
        " name: Li Wei  # met at the conference\n"
        " email: li.wei@corp.example\n"
        "+touches:\n"
        "+  - date: 2026-11-04\n"
        "+    kind: reply\n"
        '+    note: "RE: Coffee next week? – happy to join"\n'
        "+    ref: DM6PR11MB4321C0FFEE1234567890ABCDEF12@DM6PR11MB4321.namprd11.prod.outlook.com\n"
        " ---\n"
        "1 message read: would record 1 touch for 1 contact (1 reply); dry run, nothing written\n"
        "contact  touches\n"
        "li-wei   1 reply\n"
    )


def test_unknown_correspondents_are_counted_and_listed(kb, run):
    result = run(kb, "sync", "mail", str(MAIL / "thunderbird"), "--unknown")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index(
        "Not contacts yet (messages, address, name); add one with: rolodex new contact NAME --email ADDRESS"
    )
    assert lines[at + 1 :] == [
        "messages  address                   name",
        # mail to her alone, and a Cc on mail to contacts
        "2         stranger@nowhere.example  Someone Else",
        "1         bjorn@nowhere.example     Björn Stranger",
    ]


def test_since_leaves_older_mail_out(kb, run):
    result = run(kb, "sync", "mail", str(MAIL / "thunderbird"), "--since", "2026-11-05")
    assert result.exit_code == 0, result.output
    # her reply of 3 November is not recorded, yet it still makes the next mail a message
    assert [t[:2] for t in touches(kb, "jane-doe")] == [("2026-11-06", "message")]
    assert "before --since" in result.output


def test_without_my_address_nothing_is_read(kb_path, run):
    root = kb_path(CONTACTS)
    result = run(root, "sync", "mail", str(MAIL / "thunderbird"))
    assert result.exit_code == 1
    assert "set your address in mkdocs.yml (plugins → rolodex → me → email" in result.output
    assert "touches" not in (root / "contacts/jane-doe.md").read_text()


def test_an_unreadable_source_stops_before_anything_is_written(kb, run, tmp_path):
    before = digest(kb)
    result = run(kb, "sync", "mail", str(MAIL / "thunderbird"), str(tmp_path / "missing.mbox"))
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'missing.mbox'}: no such file or folder; nothing was written" in result.output
    assert digest(kb) == before
    (tmp_path / "notes.txt").write_text("shopping list\n")
    result = run(kb, "sync", "mail", str(tmp_path / "notes.txt"))
    assert result.exit_code == 1
    assert "not a mail file" in result.output


def test_follow_ups_react_at_once(kb_path, run):
    root = kb_path(
        {
            **CONTACTS,
            "contacts/jane-doe.md": (
                "---\nname: Jane Doe\nemail: jane.doe@acme.example\n"
                "touches:\n  - {date: 2026-11-02, kind: outreach, note: Coffee?}\n---\n"
            ),
        },
        CONFIG,
    )

    def due() -> set[str]:
        out = run(root, "due", "--within", "60", "--format", "json")
        return {item["id"] for item in json.loads(out.output)}

    before = due()
    assert {"nudge:jane-doe", "thank-you:2026-11-11-omar-haddad:omar-haddad"} <= before
    assert sync(run, root).exit_code == 0
    after = due()
    assert "nudge:jane-doe" not in after  # her reply ends the nudge
    assert "thank-you:2026-11-11-omar-haddad:omar-haddad" not in after  # the thank-you mail closes it


def test_a_progress_bar_on_a_terminal_for_long_mailboxes(kb, run, monkeypatch):
    import rolodex.cli.sync as sync_cli

    monkeypatch.setattr(sync_cli, "_terminal", lambda: True)
    monkeypatch.setattr(sync_cli, "PROGRESS_BYTES", 100)
    result = run(kb, "sync", "mail", str(MAIL / "thunderbird"))
    assert "Reading thunderbird" in result.stderr
    monkeypatch.setattr(sync_cli, "_terminal", lambda: False)
    result = run(kb, "sync", "mail", str(MAIL / "thunderbird"))
    assert "Reading" not in result.stderr


def test_hostile_headers_are_cleaned_and_cut(kb, run, tmp_path):
    subject = "<script>alert(1)</script> \x1b]0;owned\x07 \u202eevil\u202c [x](javascript:alert(2)) " + "A" * 1_000_000
    message = (
        "From: Jane Doe <jane.doe@acme.example>\r\n"
        "To: me@example.org\r\n"
        "Date: Tue, 24 Nov 2026 10:00:00 +0000\r\n"
        f"Message-ID: <\x1b[31mred@acme.example>\r\n"
        f"Subject: {subject}\r\n\r\nbody\r\n"
    )
    (tmp_path / "hostile.eml").write_bytes(message.encode())
    result = run(kb, "sync", "mail", str(tmp_path / "hostile.eml"))
    assert result.exit_code == 0, result.output
    [(day, kind, note, ref)] = touches(kb, "jane-doe")
    assert (day, kind) == ("2026-11-24", "reply")
    assert len(note) <= 250 and note.endswith("…")
    assert "\x1b" not in note and "\u202e" not in note and "\x07" not in note
    # kept as the text it is (the site and the terminal show notes as text), on one line
    assert note.startswith("<script>alert(1)</script> ]0;owned evil [x](javascript:alert(2)) AAAA")
    assert "\x1b" not in ref
    text = (kb / "contacts/jane-doe.md").read_text()
    assert len(text) < 1000
    assert "\x1b" not in result.output
    assert run(kb, "check").exit_code == 0
    # on the site the subject is text: no element, no link from it
    code, output = build_site(kb, tmp_path / "site")
    assert code == 0, output
    page = (tmp_path / "site/contacts/jane-doe/index.html").read_text()
    assert "<script>alert(1)</script> ]0;owned evil [x](javascript:alert(2)) AAAA" in html.unescape(page)
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page
