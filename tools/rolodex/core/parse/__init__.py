"""One file's bytes → a typed record and its problems (the per-file checks).

Pure: no filesystem, no clock. A record is returned whenever the file says
enough to be useful (a contact with a bad key still takes part in follow-ups);
`None` only when it cannot be placed at all. `contact.py` and `meeting.py` hold each kind's
checks; `common.py` what they share (the keys, reading bytes and front matter, `follow_ups`).
"""

from __future__ import annotations

from collections.abc import Callable

from rolodex.core.model import Contact, Meeting, Problem, Unplaced
from rolodex.core.parse.common import (
    CONTACT_KEYS,
    FOLLOW_UP_KEYS,
    FOREIGN_KEYS,
    HISTORY_KEYS,
    MAX_CADENCE_DAYS,
    MAX_DURATION_MINUTES,
    MEETING_KEYS,
    MEETING_NAME_DATE,
    REFERRAL_KEYS,
    TOUCH_KEYS,
    decode,
    read_front_matter,
)
from rolodex.core.parse.contact import parse_contact
from rolodex.core.parse.meeting import parse_meeting

Record = Contact | Meeting | Unplaced


def parse_file(kind: str, path: str, slug: str, data: bytes) -> tuple[Record, list[Problem]]:
    """Parse a contact (`kind='contact'`) or meeting file's bytes.

    Always returns a record: an `Unplaced` one when the file says too little to
    be used (its problems say why), so the loader still knows the slug exists.
    """
    text, problems = decode(path, data)
    if text is None:
        return Unplaced(kind, path, slug), problems
    parser: Callable = parse_contact if kind == "contact" else parse_meeting
    record, problems = parser(path, slug, text)
    return (record if record is not None else Unplaced(kind, path, slug)), problems


__all__ = [
    "CONTACT_KEYS",
    "FOLLOW_UP_KEYS",
    "FOREIGN_KEYS",
    "HISTORY_KEYS",
    "MAX_CADENCE_DAYS",
    "MAX_DURATION_MINUTES",
    "MEETING_KEYS",
    "MEETING_NAME_DATE",
    "REFERRAL_KEYS",
    "TOUCH_KEYS",
    "Record",
    "decode",
    "parse_contact",
    "parse_file",
    "parse_meeting",
    "read_front_matter",
]
