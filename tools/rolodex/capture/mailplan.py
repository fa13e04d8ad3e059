"""Which touches a stream of messages adds to which contact (pure: records in, a plan out).

`MailPlanner` is fed every message of every source (`feed`), then says what to record
(`plan`). Addresses are matched case-insensitively, display names ignored, against the
contacts' `email` and your own `me.email` / `me.emails`:

- mail from you to a contact (To and Cc each count) is `outreach` while that contact has
  never replied nor met you; `thank-you` when its subject thanks them within
  `thank_you_lapse_days` after a held meeting with them; else `message`;
- mail from a contact to you is `reply`;
- mailing-list and automatic mail (List-Id, Precedence bulk/list/junk, Auto-Submitted),
  mail with no contact in it, mail before `--since` or after today are left out, and
  counted.

Each touch gets `ref:` the message's Message-ID (or a hash of its headers, see
`headers.message_ref`), so a message is recorded once per contact across runs and
sources. Messages are classified in the order they were sent, after every source has
been read, so that an answer read before the question still counts as an answer.
The subject, cleaned and cut short, is the touch's note; nothing else of a message is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from rolodex.capture import headers as h
from rolodex.capture.headers import RawMail
from rolodex.core.config import Settings
from rolodex.core.identity import email_key
from rolodex.core.model import KB, Touch

# A subject that thanks (English first; a few languages users of the tool write in).
THANKS = re.compile(
    r"\b(thank|thanks|thx|thank-you|grateful|gratitude|appreciated?|merci|danke|gracias|grazie|obrigad[oa]|dank)",
    re.IGNORECASE,
)
SKIP_REASONS = {  # why a message was left out, as the summary says it: "3 mailing-list or automatic"
    "automatic": "mailing-list or automatic",
    "unknown": "with no contact",
    "recorded": "already recorded",
    "yourself": "only to yourself",
    "undated": "without a readable date",
    "old": "before --since",
    "future": "dated after today",
}


def my_addresses(settings: Settings) -> list[str]:
    """Your addresses (`me.email`, `me.emails`), as keys."""
    return list(dict.fromkeys(email_key(a) for a in settings.me.addresses if a.strip()))


def _quick(address: str) -> bytes:
    """An address as `headers.address_tokens` spells it."""
    return address.strip().casefold().encode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class _Event:
    """A message about one contact, before it is classified."""

    when: dt.datetime
    order: int
    slug: str
    outgoing: bool
    ref: str
    note: str
    where: str


@dataclass
class MailPlan:
    """What a sync records: new touches by contact (in the order sent) and what was left out."""

    touches: dict[str, list[Touch]] = field(default_factory=dict)
    messages: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)  # address → messages
    names: dict[str, str] = field(default_factory=dict)  # address → a display name seen
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, why) of messages left out

    def kinds(self) -> Counter[str]:
        return Counter(t.kind for touches in self.touches.values() for t in touches)

    def per_contact(self) -> dict[str, Counter[str]]:
        return {slug: Counter(t.kind for t in touches) for slug, touches in sorted(self.touches.items())}


class MailPlanner:
    """Feed it messages, then ask for the plan. Holds only what concerns contacts, so memory
    does not grow with the size of a mailbox."""

    def __init__(
        self,
        kb: KB,
        today: dt.date,
        since: dt.date | None = None,
        tz: dt.tzinfo | None = None,
    ):
        self.kb = kb
        self.today = today
        self.since = since
        self.tz = tz  # None: the computer's local zone (a touch's date is the day where you are)
        self.me = set(my_addresses(kb.settings))
        self._me_quick = {_quick(a) for a in self.me}
        self.by_address: dict[str, list[str]] = {}
        for slug, contact in sorted(kb.contacts.items()):
            for address in contact.emails:
                key = email_key(address)
                if key and key not in self.me and slug not in self.by_address.get(key, []):
                    self.by_address.setdefault(key, []).append(slug)
        self._known_quick = {_quick(a) for a in self.by_address}
        self.refs: dict[str, set[str]] = {
            slug: {t.ref for t in contact.touches if t.ref} for slug, contact in kb.contacts.items()
        }
        self._events: list[_Event] = []
        self._first_seen: dict[bytes, bytes] = {}  # unknown address → the raw field it came in
        self._replied_before: dict[str, dt.date] = {}  # slug → a reply before --since (not recorded)
        self.result = MailPlan()

    # --- reading ------------------------------------------------------------------------------

    def feed(self, mail: RawMail) -> None:
        """Take one message into account (cheaply, unless a contact is in it)."""
        plan = self.result
        plan.messages += 1
        fields = mail.fields
        if h.automatic(fields):
            plan.skipped["automatic"] += 1
            return
        senders = h.address_tokens(fields.get("from"))
        outgoing = bool(senders) and senders[-1] in self._me_quick
        if outgoing:
            parties = h.address_tokens(fields.get("to")) + h.address_tokens(fields.get("cc"))
            parties = [p for p in parties if p not in self._me_quick]
            if not parties:
                plan.skipped["yourself"] += 1
                return
        else:
            parties = senders[-1:]
        if not any(p in self._known_quick for p in parties):
            self._unknown(mail, parties, outgoing)
            return
        self._decode(mail, outgoing)

    def _unknown(self, mail: RawMail, parties: list[bytes], outgoing: bool) -> None:
        if self.since is not None:
            day = self._day(mail)
            if day is not None and day < self.since:
                self.result.skipped["old"] += 1
                return
        self.result.skipped["unknown"] += 1
        self._list(mail, parties, outgoing)

    def _list(self, mail: RawMail, parties: list[bytes], outgoing: bool) -> None:
        """Remember people who are not contacts, for `--unknown` (with a display name, once)."""
        for party in dict.fromkeys(parties):
            self.result.unknown[party.decode("utf-8", "replace")] += 1
            if party not in self._first_seen:
                raw = mail.fields.get("to" if outgoing else "from", b"")
                if outgoing and party not in raw.lower():
                    raw = mail.fields.get("cc", b"")
                self._first_seen[party] = raw[:2048]

    def _day(self, mail: RawMail) -> dt.date | None:
        when = self._when(mail)
        return when.astimezone(self.tz).date() if when else None

    @staticmethod
    def _when(mail: RawMail) -> dt.datetime | None:
        fields = mail.fields
        when = h.parse_date(fields.get("date")) or h.received_date(fields.get("received"))
        if when is None and mail.fallback is not None:
            fallback = mail.fallback
            if isinstance(fallback, dt.datetime):
                when = fallback
            else:  # an mbox `From ` line: `sender date…`
                parts = fallback.split(None, 1)
                when = h.parse_date(parts[1]) if len(parts) == 2 else None
        return when

    def _decode(self, mail: RawMail, outgoing: bool) -> None:
        plan = self.result
        fields = mail.fields
        if outgoing:
            parties = [a for _, a in h.addresses(fields.get("to")) + h.addresses(fields.get("cc")) if a not in self.me]
        else:
            senders = h.addresses(fields.get("from"))
            parties = [senders[-1][1]] if senders and senders[-1][1] not in self.me else []
        slugs = list(dict.fromkeys(slug for p in parties for slug in self.by_address.get(p, ())))
        if not slugs:  # the quick look saw an address in a display name
            self._unknown(mail, [_quick(p) for p in parties], outgoing)
            return
        # people on mail with contacts who are not contacts: listed, the mail is not "unknown"
        self._list(mail, [_quick(p) for p in parties if p not in self.by_address], outgoing)
        ref = h.message_ref(fields)
        new = [slug for slug in slugs if ref not in self.refs[slug]]
        if not new:
            plan.skipped["recorded"] += 1
            return
        when = self._when(mail)
        if when is None:
            plan.skipped["undated"] += 1
            plan.problems.append((mail.where, f"left out: no readable date (Date: {h.decoded(fields.get('date'))!r})"))
            return
        day = when.astimezone(self.tz).date()
        if self.since is not None and day < self.since:
            plan.skipped["old"] += 1
            if not outgoing:  # not recorded, yet an answer all the same: later mail is no outreach
                for slug in slugs:
                    self._replied_before[slug] = min(day, self._replied_before.get(slug, day))
            return
        if day > self.today:
            plan.skipped["future"] += 1
            plan.problems.append((mail.where, f"left out: dated {day.isoformat()}, after today"))
            return
        note = h.subject(fields.get("subject"))
        for slug in new:
            self.refs[slug].add(ref)
            self._events.append(_Event(when, len(self._events), slug, outgoing, ref, note, mail.where))

    # --- deciding -----------------------------------------------------------------------------

    def plan(self) -> MailPlan:
        """Classify every message read, oldest first, and return the plan."""
        plan = self.result
        replied: dict[str, dt.date] = dict(self._replied_before)  # slug → the first reply read
        for event in sorted(self._events, key=lambda e: (e.when, e.order)):
            day = event.when.astimezone(self.tz).date()
            if event.outgoing:
                kind = self._outgoing_kind(event, day, replied.get(event.slug))
            else:
                kind = "reply"
                replied.setdefault(event.slug, day)
            # a note is data: the site and the terminal show it as text, never as markup
            plan.touches.setdefault(event.slug, []).append(Touch(day, kind, event.note or None, ref=event.ref))
        for address, raw in self._first_seen.items():
            name = next((n for n, a in h.addresses(raw) if _quick(a) == address and n), "")
            if name:
                plan.names[address.decode("utf-8", "replace")] = name
        return plan

    def _outgoing_kind(self, event: _Event, day: dt.date, replied_in_run: dt.date | None) -> str:
        contact = self.kb.contacts[event.slug]
        meetings = [m for m in self.kb.meetings_with(event.slug) if m.status(self.today) != "cancelled"]
        lapse = self.kb.settings.thank_you_lapse_days
        if THANKS.search(event.note) and any(
            m.status(self.today) == "held" and m.date <= day <= m.date + dt.timedelta(days=lapse) for m in meetings
        ):
            return "thank-you"
        replied = replied_in_run is not None or any(t.kind == "reply" and t.date <= day for t in contact.touches)
        met = any(m.date <= day for m in meetings)
        return "message" if replied or met else "outreach"
