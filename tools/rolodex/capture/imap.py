"""An IMAP folder, read-only: `imaps://user@host/Folder` (headers only, flags never changed).

The folder is opened with EXAMINE (read-only: the server itself refuses any change,
and no message loses its "new" state), and only a few header fields are fetched with
BODY.PEEK[HEADER.FIELDS (…)]: who, to whom, when, the subject and the Message-ID.
Bodies are never downloaded. `imaps://` is TLS from the start; `imap://` upgrades with
STARTTLS and refuses to send a password in the clear except to this computer.

The password comes from `ROLODEX_IMAP_PASSWORD` or the system keyring (`keyring set
rolodex-imap user@host`): see `access.password`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import re
import socket
import ssl
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from rolodex.capture import access
from rolodex.capture.access import SourceError
from rolodex.capture.headers import RawMail, header_block, raw_fields
from rolodex.core.hosts import is_loopback

PASSWORD_ENV = "ROLODEX_IMAP_PASSWORD"
KEYRING_SERVICE = "rolodex-imap"
BATCH = 500  # messages per FETCH
TIMEOUT = 60.0  # seconds without an answer before giving up
WANTED = "FROM TO CC DATE SUBJECT MESSAGE-ID LIST-ID PRECEDENCE AUTO-SUBMITTED RECEIVED"
_FETCH = f"(INTERNALDATE BODY.PEEK[HEADER.FIELDS ({WANTED})])"
_UID = re.compile(rb"\bUID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


def is_url(source: str) -> bool:
    return source.lower().startswith(("imap://", "imaps://"))


@dataclass(frozen=True)
class Folder:
    """A folder on an IMAP server, as named by an `imap(s)://user@host[:port]/Folder` URL."""

    tls: bool  # imaps: TLS from the first byte
    user: str
    host: str
    port: int
    name: str

    @property
    def label(self) -> str:
        """The URL without anything secret, for messages."""
        scheme = "imaps" if self.tls else "imap"
        return f"{scheme}://{self.user}@{_host(self.host)}:{self.port}/{self.name}"

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def parse_url(url: str) -> Folder:
    """The folder a URL names; SourceError says what is wrong with it."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("imap", "imaps"):
        raise SourceError(f"{url}: expected imaps://user@host/Folder")
    netloc = parts.netloc
    userinfo, at, hostport = netloc.rpartition("@")
    if not at or not userinfo:
        raise SourceError(f"{scheme}://…: the URL needs a user name: {scheme}://you@{netloc or 'host'}/INBOX")
    if ":" in userinfo:
        raise SourceError(
            f"{scheme}://…: no password in the URL (it would stay in your shell history or crontab); "
            f"set {PASSWORD_ENV} or use the system keyring (see docs/capture.md)"
        )
    try:
        port = parts.port
    except ValueError:
        raise SourceError(f"{url}: the port is not a number") from None
    host = parts.hostname or ""
    if not host:
        raise SourceError(f"{url}: no server name")
    name = unquote(parts.path.lstrip("/")) or "INBOX"
    return Folder(scheme == "imaps", unquote(userinfo), host, port or (993 if scheme == "imaps" else 143), name)


def password(folder: Folder, environ: Mapping[str, str] | None = None) -> str:
    """The password: $ROLODEX_IMAP_PASSWORD, else the system keyring; SourceError when neither has it."""
    return access.password(PASSWORD_ENV, KEYRING_SERVICE, f"{folder.user}@{folder.host}", folder.label, environ)


def mailbox_name(name: str) -> str:
    """A folder name as IMAP writes it: modified UTF-7 (RFC 3501 5.1.3), quoted."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            import base64

            data = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(data).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    encoded = "".join(out)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read(
    folder: Folder,
    secret: str,
    since: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> Iterator[RawMail]:
    """The messages of the folder (their wanted header fields), oldest UID first.

    `total` is told how many messages will come, `progress` how many have. Raises
    SourceError when the server cannot be reached, refuses the login or has no such folder.
    """
    conn = _connect(folder, secret)
    try:
        status, data = conn.select(mailbox_name(folder.name), readonly=True)  # EXAMINE
        if status != "OK":
            raise SourceError(f"{folder.label}: no such folder ({_said(data)})")
        # SENTSINCE compares the Date field's day as written, in the sender's zone: ask from the
        # day before, and let the planner keep exactly the mail sent on or after `since` here.
        day_before = since - dt.timedelta(days=1) if since else None
        criteria = ["SENTSINCE", day_before.strftime("%d-%b-%Y")] if day_before else ["ALL"]
        status, data = conn.uid("SEARCH", *criteria)
        if status != "OK":
            raise SourceError(f"{folder.label}: the server refused to list the messages ({_said(data)})")
        uids = [int(u) for u in b" ".join(d for d in data if d).split()]
        if total:
            total(len(uids))
        for i in range(0, len(uids), BATCH):
            batch = uids[i : i + BATCH]
            status, data = conn.uid("FETCH", ",".join(map(str, batch)), _FETCH)
            if status != "OK":
                raise SourceError(f"{folder.label}: the server refused to send headers ({_said(data)})")
            for item in data:
                if not isinstance(item, tuple):
                    continue
                meta, header = item
                uid = _UID.search(meta)
                when = _INTERNALDATE.search(meta)
                yield RawMail(
                    raw_fields(header_block(header)),
                    f"{folder.label};UID={uid.group(1).decode() if uid else '?'}",
                    _internaldate(when.group(1)) if when else None,
                )
            if progress:
                progress(len(batch))
    except (imaplib.IMAP4.error, OSError) as exc:
        raise SourceError(f"{folder.label}: the server stopped answering ({exc})") from None
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()


def _connect(folder: Folder, secret: str) -> imaplib.IMAP4:
    context = ssl.create_default_context()
    try:
        if folder.tls:
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(folder.host, folder.port, ssl_context=context, timeout=TIMEOUT)
        else:
            conn = imaplib.IMAP4(folder.host, folder.port, timeout=TIMEOUT)
            if "STARTTLS" in conn.capabilities:
                conn.starttls(context)
            elif not folder.loopback:
                conn.shutdown()
                raise SourceError(
                    f"{folder.label}: the server offers no encryption (STARTTLS); rolodex sends a password "
                    f"in the clear only to this computer: use imaps://"
                )
    except ssl.SSLError as exc:
        raise SourceError(f"{folder.label}: the secure connection failed ({exc.reason or exc})") from None
    except (OSError, imaplib.IMAP4.error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        if isinstance(exc, socket.timeout):
            reason = "no answer"
        raise SourceError(f"{folder.label}: cannot connect ({reason})") from None
    try:
        conn.login(folder.user, secret)
    except imaplib.IMAP4.error as exc:
        conn.shutdown()
        raise SourceError(f"{folder.label}: the server refused the login ({_said(exc.args)})") from None
    return conn


def _said(data: object) -> str:
    """What the server said, short and printable."""
    if isinstance(data, (list, tuple)):
        data = b" ".join(d if isinstance(d, bytes) else str(d).encode() for d in data if d)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
    return " ".join(text.split())[:200] or "no reason given"


def _internaldate(value: bytes) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value.decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None
