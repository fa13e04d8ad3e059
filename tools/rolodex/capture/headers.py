"""The few header fields sync reads from a message, raw and decoded (pure: bytes in, values out).

Reading is in two speeds. `raw_fields` picks the wanted fields out of a header block
with one regular expression and `address_tokens` lists the addresses they mention,
lowercased: cheap enough to run on every message of a large mailbox, so that mail
with nobody you know in it is set aside without decoding anything. Only a message
that involves a contact is decoded properly: RFC 2047 encoded words, folded lines,
dates in any zone (and the malformed ones real mail carries), the Message-ID.

Header text is data from strangers: it is cleaned of control characters and
direction overrides, a subject is cut to `NOTE_MAX` characters, and nothing read here
is ever trusted to be short, well-formed or honest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.policy
import email.utils
import hashlib
import re
import unicodedata
from dataclasses import dataclass

# The fields sync reads; `received` only for its date when `date` is missing or broken.
FIELDS = (
    "from",
    "to",
    "cc",
    "date",
    "subject",
    "message-id",
    "list-id",
    "precedence",
    "auto-submitted",
    "received",
)
_FIELD = re.compile(rb"\n(" + b"|".join(f.encode() for f in FIELDS) + rb")[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)", re.I)
_NAMES = {spelling: f for f in FIELDS for spelling in (f.encode(), f.title().encode(), f.upper().encode())}
_NAMES[b"Message-ID"] = _NAMES[b"Message-Id"] = "message-id"
_NAMES[b"List-ID"] = "list-id"
_FOLD = re.compile(rb"\r?\n(?=[ \t])")
# An address as it appears in a header, for the quick look: no spaces, brackets or quotes.
_TOKEN = re.compile(rb"[^\s<>,;:\"()\[\]@]+@[^\s<>,;:\"()\[\]@]+")
_HEADER_END = re.compile(rb"\n\r?\n")

NOTE_MAX = 200  # characters of a subject kept as a touch's note
RAW_MAX = 8192  # bytes of a field decoded at most (a 1 MB subject is cut before decoding)
REF_MAX = 250  # a longer Message-ID is replaced by its hash
_AUTOMATIC_PRECEDENCE = {"bulk", "list", "junk"}
# C0/C1 controls, DEL, direction overrides and isolates, line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]+")


@dataclass(slots=True)
class RawMail:
    """One message as a source found it: its wanted header fields (raw) and a fallback date for
    a message whose Date is missing or broken (the mbox `From ` line, a Maildir file name's
    time, the time an IMAP server received it)."""

    fields: dict[str, bytes]
    where: str
    fallback: bytes | dt.datetime | None = None


def header_block(message: bytes) -> bytes:
    """The header of a whole message (up to its first empty line), with a newline in front,
    ready for `raw_fields`."""
    end = _HEADER_END.search(message)
    return b"\n" + (message[: end.start() + 1] if end else message)


def raw_fields(data: bytes, start: int = 0, end: int | None = None) -> dict[str, bytes]:
    """The wanted fields of the header block `data[start:end]`, by lowercase name, raw.

    Each field line must follow a newline (a header block from `header_block`, or an
    mbox message whose `From ` line comes first). The first occurrence of a field wins,
    so a `Received` is the topmost one (the last hop, the time the mail arrived).
    """
    out: dict[str, bytes] = {}
    names = _NAMES
    for name, value in reversed(_FIELD.findall(data, start, len(data) if end is None else end)):
        out[names.get(name) or name.lower().decode()] = value
    return out


def automatic(fields: dict[str, bytes]) -> str | None:
    """Why a message is mailing-list or automatic mail (List-Id, Precedence, Auto-Submitted), or None."""
    if "list-id" in fields:
        return "List-Id"
    precedence = fields.get("precedence")
    if precedence is not None and precedence.strip().lower().decode("ascii", "replace") in _AUTOMATIC_PRECEDENCE:
        return "Precedence"
    submitted = fields.get("auto-submitted")
    if submitted is not None and submitted.strip().lower()[:2] != b"no":
        return "Auto-Submitted"
    return None


def address_tokens(value: bytes | None) -> list[bytes]:
    """Every address a raw field mentions, casefolded (the quick look; may include a display
    name that looks like an address, never misses a real one)."""
    if not value:
        return []
    tokens = _TOKEN.findall(value.lower())
    if value.isascii():
        return tokens
    # an address with letters beyond ASCII (SMTPUTF8): compared casefolded, as contacts' are
    return [
        t if t.isascii() else t.decode("utf-8", "surrogateescape").casefold().encode("utf-8", "surrogateescape")
        for t in tokens
    ]


def text(value: bytes | None, limit: int = RAW_MAX) -> str:
    """A raw field as text: unfolded, UTF-8 (or Windows-1252 for old 8-bit mail), at most `limit` bytes."""
    if not value:
        return ""
    raw = _FOLD.sub(b"", value[:limit]).strip()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def clean(value: str) -> str:
    """Header text as one safe line: composed Unicode, no control characters, single spaces."""
    value = unicodedata.normalize("NFC", _UNSAFE.sub(" ", value))
    return " ".join(value.split())


def decoded(value: bytes | None) -> str:
    """A field's text with RFC 2047 encoded words decoded (`=?utf-8?Q?Caf=C3=A9?=` → `Café`), cleaned."""
    raw = text(value)
    if "=?" in raw:
        with contextlib.suppress(Exception):  # a malformed encoded word is shown as written
            raw = str(email.policy.default.header_factory("subject", raw))
    return clean(raw)


def subject(value: bytes | None) -> str:
    """The subject for a note: decoded, cleaned, cut to `NOTE_MAX` characters at a word."""
    line = decoded(value)
    if len(line) <= NOTE_MAX:
        return line
    cut = line[: NOTE_MAX - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > NOTE_MAX // 2 else cut).rstrip() + "…"


def addresses(value: bytes | None) -> list[tuple[str, str]]:
    """(display name, lowercase address) of each address in an address field, in order."""
    if not value:
        return []
    out = []
    for name, address in email.utils.getaddresses([text(value, limit=65536)]):
        address = clean(address).casefold()
        if "@" in address:
            out.append((decoded(name.encode("utf-8", "surrogateescape")) if name else "", address))
    return out


def parse_date(value: bytes | str | None) -> dt.datetime | None:
    """A Date (or Received, or mbox `From `) value as an aware datetime; None when unreadable.

    `-0000` and a date without a zone count as UTC; ISO 8601 (`2026-11-03T14:05:00Z`,
    written by some scripts) is accepted; impossible dates (31 February) are None.
    """
    if isinstance(value, bytes):
        value = text(value, limit=512)
    if not value:
        return None
    value = clean(value)
    when: dt.datetime | None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        try:
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when if 1970 <= when.year <= 9998 else None


def received_date(value: bytes | None) -> dt.datetime | None:
    """The date of a `Received` field: the text after its last `;`."""
    if not value:
        return None
    _, _, tail = text(value, limit=2048).rpartition(";")
    return parse_date(tail)


def message_ref(fields: dict[str, bytes]) -> str:
    """The message's `ref`: its Message-ID without the angle brackets, else a stable hash.

    A message without a Message-ID (or with an unusable one) gets `sha256:` and the hash
    of its Date, From, To, Cc and Subject as written: the same message read again, from
    the same file or another copy, gets the same ref; headers a mail program adds on its
    own (Status, X-Mozilla-Status, labels) are not part of it.
    """
    raw = clean(text(fields.get("message-id"), limit=4096))
    match = re.search(r"<([^<>\s]+)>", raw)
    ref = match.group(1) if match else (raw.split()[0] if raw and "@" in raw.split()[0] else "")
    if ref and len(ref) <= REF_MAX:
        return ref
    digest = hashlib.sha256()
    for name in ("date", "from", "to", "cc", "subject"):
        digest.update(b" ".join(_FOLD.sub(b"", fields.get(name, b"")).split()) + b"\0")
    if ref:  # too long: keep it recognisable as itself
        digest.update(ref.encode("utf-8", "surrogateescape"))
    return "sha256:" + digest.hexdigest()[:32]
