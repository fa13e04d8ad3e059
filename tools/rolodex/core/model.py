"""Typed, frozen records of a knowledge base.

Every record keeps the line it came from, but lines are not part of equality
(``compare=False``) so that tests compare meaning, not layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rolodex.core.identity import closest, name_key

# How alike two names must be (difflib's ratio) for one to be a likely misspelling of the
# other: `Jon Eriksen` and `Jon Erikson` (0.91), `Ana Lima` and `Anna Lima` (0.94).
NAME_TWIN_CUTOFF = 0.85

if TYPE_CHECKING:
    from rolodex.core.config import Settings

Severity = Literal["error", "warning"]
Cadence = int | Literal["never"] | None

TOUCH_KINDS = ("outreach", "reply", "thank-you", "check-in", "call", "message", "note")
MEETING_KINDS = ("informational", "coffee", "call", "video", "event", "other")
MEETING_STATUSES = ("planned", "held", "cancelled")
INVALID_STATUS = "invalid"  # what `Meeting.status` says when the file's `status` is none of those
PRIORITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Problem:
    """One thing `rolodex check` reports: a value with a place, never an exception."""

    path: str
    line: int | None
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    def as_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.code, self.message)


@dataclass(frozen=True)
class Ref:
    """A reference to a contact as typed (`jane-doe`, `[[jane-doe]]`, `[[Jane Doe]]`).

    `target` is the text inside an Obsidian link (or the plain text); `slug` is
    the contact it resolves to, filled in by the loader once every contact is known.
    """

    raw: str
    target: str
    slug: str | None = None
    line: int | None = _field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Touch:
    date: dt.date
    kind: str
    note: str | None = None
    ref: str | None = None  # where it came from (a mail Message-ID, a calendar UID): recorded once
    line: int | None = _field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FollowUpTask:
    task: str
    due: dt.date
    done: dt.date | bool = False
    index: int = 0  # position in its `follow_ups` list (a meeting's or a contact's): part of the item id
    line: int | None = _field(default=None, compare=False, repr=False)

    @property
    def is_done(self) -> bool:
        return self.done is not False


@dataclass(frozen=True)
class PastRole:
    """An earlier role in a contact's `history`: what they did, as seen on `date`."""

    date: dt.date
    company: str | None = None
    title: str | None = None
    line: int | None = _field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Contact:
    slug: str
    path: str  # relative to the KB root, POSIX separators
    name: str
    title: str | None = None
    company: str | None = None
    field: str | None = None
    location: str | None = None
    emails: tuple[str, ...] = ()
    phone: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    referred_by: Ref | None = None
    source: str | None = None
    goal: str | None = None
    priority: str | None = None
    cadence: Cadence = None
    snooze_until: dt.date | None = None
    archived: bool = False
    private: bool = False
    touches: tuple[Touch, ...] = ()
    follow_ups: tuple[FollowUpTask, ...] = ()  # reminders about this person, in no meeting
    history: tuple[PastRole, ...] = ()  # earlier roles, newest first
    body: str = ""
    lines: Mapping[str, int] = _field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    @property
    def email(self) -> str | None:
        return self.emails[0] if self.emails else None

    def snoozed_until(self, today: dt.date) -> dt.date | None:
        """The day they wake, while snoozed (FORMAT §2: a `snooze_until` after today pauses every
        follow-up about them); None when not."""
        return self.snooze_until if self.snooze_until is not None and self.snooze_until > today else None

    def link(self, name: str) -> str | None:
        for key, url in self.links:
            if key.lower() == name.lower():
                return url
        return None


@dataclass(frozen=True)
class Referral:
    """Someone a contact suggested you meet: a contact slug, a name, or both."""

    name: str | None = None
    contact: Ref | None = None
    note: str | None = None
    line: int | None = _field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Meeting:
    slug: str
    path: str
    date: dt.date
    time: dt.time | None = None
    with_: tuple[Ref, ...] = ()
    kind: str = "informational"
    location: str | None = None
    duration: int | None = None
    status_set: str | None = None  # as written; None means "by date"
    status_invalid: bool = False  # `status` holds something else: the meeting takes part in no rule
    uid: str | None = None  # the calendar event it came from
    thank_you: dt.date | None = None
    referrals: tuple[Referral, ...] = ()
    follow_ups: tuple[FollowUpTask, ...] = ()
    questions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    body: str = ""
    research: str = ""  # the text of the body's `## Research` section, stripped
    lines: Mapping[str, int] = _field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    def status(self, today: dt.date) -> str:
        """`planned` if the date is after today, else `held`, unless written; `invalid` when
        the file says something else (it may have been cancelled: it is neither)."""
        if self.status_invalid:
            return INVALID_STATUS
        if self.status_set:
            return self.status_set
        return "planned" if self.date > today else "held"

    @property
    def contacts(self) -> tuple[str, ...]:
        """Slugs of the resolved contacts met, in the order written."""
        return tuple([r.slug for r in self.with_ if r.slug])  # (a list first: asked ~40,000 times a build)

    @property
    def first_contact(self) -> str | None:
        return self.contacts[0] if self.contacts else None


@dataclass(frozen=True)
class Unplaced:
    """A contact or meeting file that could not become a record (its problems say why).

    It still exists, so references to its slug are not "unknown"; and the
    references it does spell out (a meeting whose date is wrong still names who
    was met) are still checked.
    """

    kind: str  # "contact" | "meeting"
    path: str
    slug: str
    refs: tuple[tuple[str, Ref], ...] = ()  # (key, reference) pairs, in file order


@dataclass
class KB:
    """Every contact and meeting that loaded, by slug, with lookups the rules need."""

    settings: Settings
    contacts: dict[str, Contact] = _field(default_factory=dict)
    meetings: dict[str, Meeting] = _field(default_factory=dict)
    root: Path | None = None
    # Files that exist but could not become records: their slugs are taken, their refs checked.
    unplaced: list[Unplaced] = _field(default_factory=list)

    def unplaced_contact(self, slug: str) -> Unplaced | None:
        """The contact file of that slug that could not be read, if there is one."""
        for record in self.unplaced:
            if record.kind == "contact" and record.slug.lower() == slug.lower():
                return record
        return None

    @cached_property
    def _by_name(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for contact in self.contacts.values():
            index.setdefault(name_key(contact.name), []).append(contact.slug)
        return index

    def contact_named(self, name: str) -> Contact | None:
        """The one contact whose display name is `name` (ignoring case, spacing and Unicode form), else None."""
        slugs = self.slugs_named(name)
        return self.contacts[slugs[0]] if len(slugs) == 1 else None

    def find_contact(self, who: str) -> Contact | None:
        """The contact `who` names, as a command's argument does: its slug (in its own spelling,
        else in lowercase), else its exact display name."""
        return self.contacts.get(who) or self.contacts.get(who.lower()) or self.contact_named(who)

    def contact_named_like(self, name: str) -> Contact | None:
        """The one contact whose name `name` is likely a way of writing or a misspelling of:
        the same name in another case or spacing, else the closest name (FORMAT §5 links a
        referral by name only to a contact of exactly that name; this finds the near misses)."""
        key = name_key(name)
        match = key if key in self._by_name else closest(key, self._by_name, cutoff=NAME_TWIN_CUTOFF)
        slugs = self._by_name.get(match, []) if match is not None else []
        return self.contacts[slugs[0]] if len(slugs) == 1 else None

    def slugs_named(self, name: str) -> list[str]:
        """Every contact whose display name is `name` (ignoring case, spacing and Unicode form)."""
        return self._by_name.get(name_key(name), [])

    @cached_property
    def _meetings_by_contact(self) -> dict[str, list[Meeting]]:
        index: dict[str, list[Meeting]] = {}
        for meeting in sorted(self.meetings.values(), key=lambda m: (m.date, m.time or _MIDNIGHT, m.slug)):
            for slug in dict.fromkeys(meeting.contacts):
                index.setdefault(slug, []).append(meeting)
        return index

    def meetings_with(self, slug: str) -> list[Meeting]:
        """The meetings with a contact, oldest first."""
        return self._meetings_by_contact.get(slug, [])

    def resolve(self, ref: Ref) -> str | None:
        """The slug a reference names: by slug, then (for links) by name, else None."""
        target = ref.target
        if target in self.contacts:
            return target
        lowered = target.lower()
        if lowered in self.contacts:
            return lowered
        named = self.contact_named(target)
        if named is not None and ref.raw.startswith("[["):
            return named.slug
        return None


_MIDNIGHT = dt.time(0, 0)


def assemble(
    settings: Settings, records: Sequence[Contact | Meeting | Unplaced], root: Path | None = None
) -> tuple[KB, list[Problem]]:
    """The KB of parsed records: indexed by slug, references resolved (pure).

    The loader has already left out duplicate slugs, so the first record wins.
    """
    kb = KB(settings=settings, root=root)
    for record in records:
        if isinstance(record, Contact):
            kb.contacts.setdefault(record.slug, record)
        elif isinstance(record, Meeting):
            kb.meetings.setdefault(record.slug, record)
        else:
            kb.unplaced.append(record)
    # References are resolved in place: records are fresh from the parser or the cache, and
    # this is the last step of building them (it runs for every ref on every load, and
    # copying 40,000 frozen records would cost more than the rest of the assembly).
    for contact in kb.contacts.values():
        if contact.referred_by:
            _resolve(kb, contact.referred_by)
    for meeting in kb.meetings.values():
        for ref in meeting.with_:
            _resolve(kb, ref)
        for referral in meeting.referrals:
            if referral.contact:
                _resolve(kb, referral.contact)
    for unplaced in kb.unplaced:
        for _, ref in unplaced.refs:
            _resolve(kb, ref)
    return kb, []


def _resolve(kb: KB, ref: Ref) -> None:
    object.__setattr__(ref, "slug", kb.resolve(ref))
