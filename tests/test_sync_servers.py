"""`rolodex sync` against real servers started by the tests on 127.0.0.1: Dovecot (IMAP) and
Radicale (CalDAV). Read-only means read-only: no flag changes, nothing written on the server."""

from __future__ import annotations

import imaplib
import ssl
from pathlib import Path

import pytest

from rolodex.capture.headers import parse_date
from servers import HOST, start_dovecot, start_radicale, stop_dovecot, stop_radicale
from test_capture_mail import fields
from test_sync_calendar import CAL
from test_sync_calendar import CONTACTS as CALENDAR_CONTACTS
from test_sync_mail import CONFIG, CONTACTS, MAIL, digest, new_york, touches  # noqa: F401  (a fixture)

INBOX = (MAIL / "thunderbird/Local Folders/Inbox").read_bytes()
SENT = (MAIL / "thunderbird/Local Folders/Sent").read_bytes()
SENT_FOLDER = "Éléments envoyés"  # a folder name IMAP must send in modified UTF-7


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox, without their `From ` lines, with CRLF as IMAP wants."""
    out = []
    for part in data.split(b"\nFrom ")[0:]:
        message = part.split(b"\n", 1)[1] if part.startswith((b"From ", b"- ")) else part
        out.append(message.replace(b"\n", b"\r\n"))
    return out


@pytest.fixture(scope="module")
def dovecot():
    server = start_dovecot()
    conn = imaplib.IMAP4(HOST, server.port)
    conn.login(server.user, server.password)
    from rolodex.capture.imap import mailbox_name

    conn.create(mailbox_name(SENT_FOLDER))
    for folder, data in (("INBOX", INBOX), (mailbox_name(SENT_FOLDER), SENT)):
        for message in split_mbox(data):
            sent = parse_date(fields(message.decode()).get("date"))
            status, _ = conn.append(folder, None, imaplib.Time2Internaldate(sent), message)  # no flags: unread
            assert status == "OK"
    conn.logout()
    yield server
    stop_dovecot(server)


def flags(server, folder: str) -> list[bytes]:
    conn = imaplib.IMAP4(HOST, server.port)
    conn.login(server.user, server.password)
    conn.select(folder, readonly=True)
    _, data = conn.fetch("1:*", "(FLAGS)")
    conn.logout()
    return data


@pytest.fixture
def kb(kb_path, new_york, monkeypatch, dovecot):  # noqa: F811
    root = kb_path(CONTACTS, CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.setenv("ROLODEX_IMAP_PASSWORD", dovecot.password)
    # imap:// upgrades with STARTTLS: trust the test server's own certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cafile))
    return root


def test_an_imap_folder_is_read_without_changing_anything(kb, run, dovecot):
    from rolodex.capture.imap import mailbox_name

    before = flags(dovecot, "INBOX") + flags(dovecot, mailbox_name(SENT_FOLDER))
    assert not any(b"\\Seen" in f for f in before)
    result = run(kb, "sync", "mail", dovecot.url("INBOX"), dovecot.url(SENT_FOLDER))
    assert result.exit_code == 0, result.output
    assert [t[:3] for t in touches(kb, "jane-doe")] == [
        (
            "2026-11-02",
            "outreach",
            "Coffee next week? I'd love 15 minutes of your time to hear how you moved into public affairs",
        ),
        (
            "2026-11-03",
            "reply",
            "Re: Coffee next week? I'd love 15 minutes of your time to hear how you moved into public affairs",
        ),
        (
            "2026-11-06",
            "message",
            "Re: Coffee next week? I'd love 15 minutes of your time to hear how you moved into public affairs",
        ),
    ]
    assert [t[1] for t in touches(kb, "omar-haddad")][-1] == "thank-you"
    assert "10 messages read: recorded 5 touches for 3 contacts" in result.stdout
    # EXAMINE and BODY.PEEK: every message is still unread, no flag changed
    assert flags(dovecot, "INBOX") + flags(dovecot, mailbox_name(SENT_FOLDER)) == before
    log = (dovecot.root / "dovecot.log").read_text()
    assert "body_count=0 body_bytes=0" in log and "deleted=0 expunged=0" in log
    # and a second sync changes no byte
    files = digest(kb)
    again = run(kb, "sync", "mail", dovecot.url("INBOX"), dovecot.url(SENT_FOLDER))
    assert again.exit_code == 0
    assert digest(kb) == files
    assert "recorded 0 touches" in again.stdout


def test_imaps_with_since(kb, run, dovecot, monkeypatch):
    result = run(kb, "sync", "mail", dovecot.url(SENT_FOLDER, tls=True), "--since", "2026-11-06")
    assert result.exit_code == 0, result.output
    # the server is asked for mail sent since the day before (zones); the older ones are not even read
    assert "4 messages read: recorded 3 touches for 3 contacts (2 outreach, 1 thank-you)" in result.stdout
    assert "before --since" not in result.stdout


def test_a_certificate_not_trusted_is_refused(kb, run, dovecot, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    if ssl.get_default_verify_paths().cafile and Path(ssl.get_default_verify_paths().cafile) == dovecot.cafile:
        pytest.fail("the test certificate must not be trusted by default")
    result = run(kb, "sync", "mail", dovecot.url("INBOX", tls=True))
    assert result.exit_code == 1
    assert "the secure connection failed (CERTIFICATE_VERIFY_FAILED)" in result.output
    assert "nothing was written" in result.output


def test_login_and_folder_errors_are_plain(kb, run, dovecot, monkeypatch):
    monkeypatch.setenv("ROLODEX_IMAP_PASSWORD", "wrong")
    result = run(kb, "sync", "mail", dovecot.url("INBOX"))
    assert result.exit_code == 1
    assert f"Error: imap://jane@{HOST}:{dovecot.port}/INBOX: the server refused the login (" in result.output
    assert "wrong" not in result.output
    monkeypatch.setenv("ROLODEX_IMAP_PASSWORD", dovecot.password)
    result = run(kb, "sync", "mail", dovecot.url("Nope"))
    assert result.exit_code == 1
    assert f"imap://jane@{HOST}:{dovecot.port}/Nope: no such folder (" in result.output
    monkeypatch.delenv("ROLODEX_IMAP_PASSWORD")
    monkeypatch.setattr("rolodex.capture.access._keyring", lambda: None)
    result = run(kb, "sync", "mail", dovecot.url("INBOX"))
    assert result.exit_code == 1
    assert "no password: set ROLODEX_IMAP_PASSWORD, or store it in the system keyring" in result.output
    result = run(kb, "sync", "mail", f"imap://jane:secret@{HOST}:{dovecot.port}/INBOX")
    assert result.exit_code == 1
    assert "no password in the URL" in result.output and "secret" not in result.output


# --- CalDAV --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def radicale():
    import caldav

    server = start_radicale()
    with caldav.DAVClient(
        url=server.base, username=server.user, password=server.password, enable_rfc6764=False, require_tls=False
    ) as client:
        calendar = client.principal().make_calendar(name="Work", cal_id="work")
        for path in sorted((CAL / "google").glob("*.ics")) + sorted((CAL / "outlook").glob("*.ics")):
            for _, text in one_per_event(path):
                calendar.save_event(text)
    yield server
    stop_radicale(server)


def one_per_event(path: Path) -> list[tuple[str, str]]:
    """(UID, calendar text) of each event of an .ics file, one calendar object each, as clients store them."""
    from icalendar import Calendar

    source = Calendar.from_ical(path.read_text())
    timezones = list(source.walk("VTIMEZONE"))
    out = []
    for event in source.walk("VEVENT"):
        one = Calendar()
        one.add("prodid", "-//rolodex tests//EN")
        one.add("version", "2.0")
        for tz in timezones:
            one.add_component(tz)
        one.add_component(event)
        out.append((str(event["UID"]), one.to_ical().decode()))
    return out


def test_a_caldav_calendar_becomes_meetings_and_follows_changes(kb_path, run, new_york, monkeypatch, radicale):  # noqa: F811
    import caldav

    root = kb_path(CALENDAR_CONTACTS, CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.setenv("ROLODEX_CALDAV_PASSWORD", radicale.password)
    result = run(root, "sync", "calendar", radicale.url("work"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "meetings").iterdir()) == [
        "2026-11-20-omar-haddad.md",
        "2026-12-03-jane-doe.md",
        "2026-12-08-li-wei.md",
        "2026-12-10-li-wei.md",
    ]
    assert "7 events read: 3 created, 1 updated" in result.stdout
    # the organiser moves the coffee and cancels the Outlook meeting, on the server
    with caldav.DAVClient(
        url=radicale.base, username=radicale.user, password=radicale.password, enable_rfc6764=False, require_tls=False
    ) as client:
        calendar = client.calendar(url=radicale.base + "jane/work/")
        for path in sorted((CAL / "later").glob("*.ics")):
            for uid, text in one_per_event(path):
                existing = calendar.event_by_uid(uid)
                existing.data = text
                existing.save()
    result = run(root, "sync", "calendar", radicale.url("work"))
    assert result.exit_code == 0, result.output
    assert "meetings/2026-12-10-li-wei.md:6: status: cancelled" in result.stdout
    assert "renamed to meetings/2026-12-04-jane-doe.md" in result.stdout
    files = digest(root)
    again = run(root, "sync", "calendar", radicale.url("work"))
    assert digest(root) == files
    assert "7 events read: nothing to change" in again.stdout
    monkeypatch.setenv("ROLODEX_CALDAV_PASSWORD", "wrong")
    refused = run(root, "sync", "calendar", radicale.url("work"))
    assert refused.exit_code == 1
    assert "the server refused the user name or password" in refused.output
