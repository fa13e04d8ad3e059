"""Reading mail headers and deciding touches: the pure parts of `sync mail`, and the mbox reader
against Python's own `mailbox`."""

from __future__ import annotations

import datetime as dt
import mailbox
import random
import tracemalloc

import pytest

from conftest import TODAY
from rolodex.capture import headers as h
from rolodex.capture import mailfiles
from rolodex.capture.headers import RawMail
from rolodex.capture.mailplan import MailPlanner
from rolodex.core.config import Me, Settings
from rolodex.core.model import KB, Contact, Meeting, Ref, Touch

UTC = dt.UTC


def fields(text: str) -> dict[str, bytes]:
    return h.raw_fields(h.header_block(text.encode("utf-8")))


# --- headers ---------------------------------------------------------------------------------


def test_encoded_words_folded_lines_and_old_8_bit_subjects_are_decoded():
    assert h.decoded(b" =?UTF-8?B?Q2Fmw6kg4piV?=\r\n =?ISO-8859-1?Q?_=E0_midi?=") == "Café ☕ à midi"
    assert h.decoded(b" =?utf-8?q?two?= =?x-unknown?q?words?=") == "twowords"  # adjacent words join
    assert h.decoded(" Caf\xe9 cr\xe8me".encode("latin-1")) == "Café crème"  # raw 8-bit, not UTF-8
    assert h.subject(b" " + b"word " * 100).endswith("…")
    assert len(h.subject(b" " + b"word " * 100)) <= h.NOTE_MAX


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 3 Nov 2026 11:20:05 -0800", dt.datetime(2026, 11, 3, 19, 20, 5, tzinfo=UTC)),
        ("3 Nov 2026 14:05 EST", dt.datetime(2026, 11, 3, 19, 5, tzinfo=UTC)),
        ("Tue, 3 Nov 2026 14:05:00 -0000", dt.datetime(2026, 11, 3, 14, 5, tzinfo=UTC)),  # zone unknown: UTC
        ("Sun, 29 Mar 2026 01:30:00 +0100 (CET)", dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
        ("2026-11-03T14:05:00Z", dt.datetime(2026, 11, 3, 14, 5, tzinfo=UTC)),  # written by scripts
        ("Tue, 31 Feb 2026 10:00:00 +0000", None),
        ("Wednesday, the 31st of February", None),
        ("", None),
        ("Mon, 1 Jan 9999 10:00:00 +1400", None),  # no calendar date to record
    ],
)
def test_dates_in_any_zone_and_the_malformed_ones(value, expected):
    got = h.parse_date(value.encode())
    assert (got.astimezone(UTC) if got else None) == expected


def test_a_message_id_is_the_ref_and_a_missing_one_a_stable_hash():
    assert h.message_ref(fields("Message-ID: <abc@x.example>\n")) == "abc@x.example"
    assert h.message_ref(fields("Message-ID:\n <folded@x.example>\n")) == "folded@x.example"
    thunderbird = (
        "X-Mozilla-Status: 0001\nFrom: a@x\nTo: b@y\nDate: Tue, 3 Nov 2026 10:00:00 +0000\nSubject: Hi there\n"
    )
    elsewhere = "From: a@x\nTo: b@y\nSubject: Hi\n there\nDate: Tue, 3 Nov 2026 10:00:00 +0000\nStatus: RO\n"
    ref = h.message_ref(fields(thunderbird))
    assert ref.startswith("sha256:") and len(ref) == 7 + 32
    assert h.message_ref(fields(elsewhere)) == ref  # other mail program headers and folding: same message
    assert h.message_ref(fields(thunderbird.replace("Hi there", "Hi again"))) != ref
    long = h.message_ref(fields(f"Message-ID: <{'x' * 400}@y>\n"))
    assert long.startswith("sha256:")


def test_mailing_lists_and_automatic_mail():
    assert h.automatic(fields("List-Id: <a.b>\n")) == "List-Id"
    for value in ("bulk", "List", " junk "):
        assert h.automatic(fields(f"Precedence: {value}\n")) == "Precedence"
    assert h.automatic(fields("Precedence: first-class\n")) is None
    assert h.automatic(fields("Auto-Submitted: auto-replied\n")) == "Auto-Submitted"
    assert h.automatic(fields("Auto-Submitted: no\n")) is None  # explicitly written by a person


# --- the mbox reader ---------------------------------------------------------------------------


def _tricky_mbox(path) -> None:
    random.seed(7)
    parts = []
    for i in range(120):
        header = f"From sender@x Tue Nov 03 14:05:{i % 60:02d} 2026\nMessage-ID: <{i}@x>\nSubject: s{i}\n folded\n"
        if i % 7 == 0:
            header += "X-Big: " + "y" * random.randrange(1, 20000) + "\n"
        body = (
            ""
            if i % 11 == 0
            else "x" * random.randrange(0, 3000) + "\n>From the archive\n\nFrom: looks like a header\n"
        )
        message = header + "\n" + body + "\n"
        if i % 5 == 0:
            message = message.replace("\n", "\r\n")  # Gmail Takeout writes CRLF
        parts.append(message)
    path.write_bytes("".join(parts).encode())


@pytest.mark.parametrize("chunk", [5, 64, 4096, 1 << 20])
def test_mbox_reader_splits_as_pythons_mailbox_does(tmp_path, monkeypatch, chunk):
    path = tmp_path / "tricky.mbox"
    _tricky_mbox(path)
    monkeypatch.setattr(mailfiles, "CHUNK", chunk)
    got = list(mailfiles.read(str(path)))
    expected = [m["Message-ID"] for m in mailbox.mbox(str(path))]
    assert [m.fields["message-id"].strip().decode() for m in got] == expected
    lines = path.read_bytes().split(b"\n")
    for mail in got:
        assert lines[int(mail.where.rsplit(":", 1)[1]) - 1].startswith(b"From sender@x")
        assert mail.fields["subject"].split() == [
            f"s{mail.fields['message-id'].strip()[1:-3].decode()}".encode(),
            b"folded",
        ]


def test_memory_stays_flat_past_a_huge_attachment(tmp_path, monkeypatch):
    monkeypatch.setattr(mailfiles, "CHUNK", 1 << 20)
    path = tmp_path / "big.mbox"
    with open(path, "wb") as out:
        out.write(b"From a@x Tue Nov 03 14:05:00 2026\nMessage-ID: <big@x>\n\n")
        for _ in range(40):
            out.write(b"QUJD" * (1 << 18) + b"\n")  # 40 MB of base64
        out.write(b"\nFrom a@x Tue Nov 03 14:06:00 2026\nMessage-ID: <after@x>\n\nsmall\n")
    tracemalloc.start()
    ids = [m.fields["message-id"].strip() for m in mailfiles.read(str(path))]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert ids == [b"<big@x>", b"<after@x>"]
    assert peak < 8 << 20


# --- deciding touches ----------------------------------------------------------------------------


def make_kb(**meetings: str) -> KB:
    kb = KB(Settings(me=Me(name="Sam", email="Me@Example.org", emails=("sam@old.example",))))
    kb.contacts["ann"] = Contact("ann", "contacts/ann.md", "Ann", emails=("ann@x.example",))
    kb.contacts["bo"] = Contact(
        "bo", "contacts/bo.md", "Bo", emails=("BO@y.example",), touches=(Touch(dt.date(2026, 10, 1), "reply"),)
    )
    for slug, status in meetings.items():
        kb.meetings[slug] = Meeting(
            slug,
            f"meetings/{slug}.md",
            dt.date.fromisoformat(slug[:10]),
            with_=(Ref("ann", "ann", "ann"),),
            status_set=status or None,
        )
    return kb


def mail(frm: str, to: str, when: str, subject: str = "Hello", ref: str | None = None, cc: str = "") -> RawMail:
    text = f"From: {frm}\nTo: {to}\nDate: {when}\nSubject: {subject}\n"
    text += f"Cc: {cc}\n" if cc else ""
    text += f"Message-ID: <{ref}>\n" if ref else ""
    return RawMail(fields(text), "test")


def kinds(kb: KB, *mails: RawMail, since: dt.date | None = None) -> dict[str, list[tuple[str, str]]]:
    planner = MailPlanner(kb, TODAY, since, tz=UTC)
    for m in mails:
        planner.feed(m)
    return {s: [(t.date.isoformat(), t.kind) for t in ts] for s, ts in planner.plan().touches.items()}


def test_outreach_until_they_reply_then_messages():
    kb = make_kb()
    got = kinds(
        kb,
        # read out of order: the answer comes first in the mailbox
        mail("Ann <ann@x.example>", "me@example.org", "Wed, 4 Nov 2026 10:00:00 +0000", ref="2"),
        mail('"me@example.org" <ME@EXAMPLE.ORG>', "ANN@X.EXAMPLE", "Mon, 2 Nov 2026 10:00:00 +0000", ref="1"),
        mail("me@example.org", "Ann <ann@x.example>", "Tue, 3 Nov 2026 10:00:00 +0000", ref="1b"),
        mail("me@example.org", "ann@x.example", "Fri, 6 Nov 2026 10:00:00 +0000", ref="3"),
        # from my other address (me.emails): mine too
        mail("Sam <SAM@old.example>", "ann@x.example", "Sat, 7 Nov 2026 10:00:00 +0000", ref="5"),
        # Bo replied to me once before (a touch in the KB): not outreach
        mail("me@example.org", "someone@z.example", "Fri, 6 Nov 2026 11:00:00 +0000", ref="4", cc="bo@y.example"),
    )
    assert got == {
        "ann": [
            ("2026-11-02", "outreach"),
            ("2026-11-03", "outreach"),
            ("2026-11-04", "reply"),
            ("2026-11-06", "message"),
            ("2026-11-07", "message"),
        ],
        "bo": [("2026-11-06", "message")],
    }


def test_a_display_name_is_not_an_address():
    kb = make_kb()
    # "me@example.org" is only the display name: a stranger wrote this, not me
    assert (
        kinds(kb, mail('"me@example.org" <stranger@z.example>', "ann@x.example", "Mon, 2 Nov 2026 10:00:00 +0000"))
        == {}
    )


def test_a_meeting_means_they_met_me_and_thanks_after_it_is_a_thank_you():
    kb = make_kb(**{"2026-11-10-ann": "", "2026-09-01-ann-old": ""})
    got = kinds(
        kb,
        mail("me@example.org", "ann@x.example", "Wed, 11 Nov 2026 10:00:00 +0000", "Thanks so much!", "a"),
        mail("me@example.org", "ann@x.example", "Thu, 12 Nov 2026 10:00:00 +0000", "Article I mentioned", "b"),
    )
    assert got == {"ann": [("2026-11-11", "thank-you"), ("2026-11-12", "message")]}
    kb = make_kb(**{"2026-09-01-ann": ""})  # beyond thank_you_lapse_days (30): an ordinary message
    assert kinds(kb, mail("me@example.org", "ann@x.example", "Wed, 11 Nov 2026 10:00:00 +0000", "Thanks!", "a")) == {
        "ann": [("2026-11-11", "message")]
    }
    kb = make_kb(**{"2026-11-10-ann": "cancelled"})  # a cancelled meeting is no meeting
    assert kinds(kb, mail("me@example.org", "ann@x.example", "Wed, 11 Nov 2026 10:00:00 +0000", "Thanks!", "a")) == {
        "ann": [("2026-11-11", "outreach")]
    }


def test_one_message_in_two_mailboxes_is_recorded_once_and_known_refs_never_again():
    kb = make_kb()
    sent = mail("me@example.org", "ann@x.example", "Mon, 2 Nov 2026 10:00:00 +0000", ref="same@x")
    planner = MailPlanner(kb, TODAY, tz=UTC)
    for m in (sent, sent):
        planner.feed(m)
    plan = planner.plan()
    assert len(plan.touches["ann"]) == 1 and plan.skipped["recorded"] == 1
    kb.contacts["ann"] = Contact(
        "ann", "contacts/ann.md", "Ann", emails=("ann@x.example",), touches=plan.touches["ann"]
    )
    assert kinds(kb, sent) == {}


# --- source names --------------------------------------------------------------------------------


def test_imap_urls_and_folder_names():
    from rolodex.capture.access import SourceError
    from rolodex.capture.imap import mailbox_name, parse_url

    folder = parse_url("imaps://me%40gmail.com@imap.gmail.com/%5BGmail%5D/Sent%20Mail")
    assert (folder.tls, folder.user, folder.host, folder.port, folder.name) == (
        True,
        "me@gmail.com",
        "imap.gmail.com",
        993,
        "[Gmail]/Sent Mail",
    )
    assert parse_url("imap://me@example.com@mail.example.com:1143").name == "INBOX"
    assert parse_url("imap://me@example.com@mail.example.com:1143").port == 1143
    assert mailbox_name("Éléments envoyés") == '"&AMk-l&AOk-ments envoy&AOk-s"'  # modified UTF-7
    assert mailbox_name('A&B "x"') == '"A&-B \\"x\\""'
    for url, why in (
        ("imaps://me:hunter2@mail.example.com/INBOX", "no password in the URL"),
        ("imaps://mail.example.com/INBOX", "the URL needs a user name"),
        ("imaps://me@mail.example.com:port/INBOX", "the port is not a number"),
    ):
        with pytest.raises(SourceError, match=why) as caught:
            parse_url(url)
        assert "hunter2" not in str(caught.value)


def test_caldav_over_plain_http_only_to_this_computer():
    from rolodex.capture import calendars
    from rolodex.capture.access import SourceError

    with pytest.raises(SourceError, match="http:// sends your password unencrypted; use https://"):
        calendars.read_caldav("http://me@dav.example.com/calendars/me/work/")
    with pytest.raises(SourceError, match="no password in the URL"):
        calendars.read_caldav("https://me:hunter2@dav.example.com/calendars/me/work/")


def test_addresses_beyond_ascii_match_in_any_case():
    kb = make_kb()
    kb.contacts["zoe"] = Contact("zoe", "contacts/zoe.md", "Zoë", emails=("zoë@café.example",))
    got = kinds(kb, mail("Zoë <ZOË@CAFÉ.example>", "me@example.org", "Mon, 2 Nov 2026 10:00:00 +0000", ref="z"))
    assert got == {"zoe": [("2026-11-02", "reply")]}
