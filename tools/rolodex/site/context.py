"""What every page needs to know, computed once per build (pure).

`SiteInput` is what the caller hands over (the KB, its problems, the due items,
today); `Site` adds the lookups the pages share: each contact's stage, last
contact, next due item and health, who referred whom, and the mail links of
due items. Everything is indexed up front so that page generation stays linear
in the size of the KB.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from rolodex.core import identity
from rolodex.core.model import KB, Contact, Meeting, Problem
from rolodex.core.titles import meeting_title
from rolodex.drafts.combine import combine
from rolodex.rules.followups import Due
from rolodex.rules.network import Network
from rolodex.rules.priority import order_key
from rolodex.rules.status import HEALTH_LABELS, HEALTHS, STAGES, ContactStatus, status_index
from rolodex.site.markup import HrefFn, contact_page, href_for, mailto, meeting_page

# item id -> (subject, body), or None when no draft can be written for it
DraftFn = Callable[[str], "tuple[str, str] | None"]

# Items whose draft is a message to the person the item names. Any other kind (prep: your
# research checklist) is a note to yourself and must never be addressed to the contact.
MESSAGE_KINDS = frozenset(
    {"outreach", "nudge", "thank-you", "referral", "holiday", "keep-in-touch", "follow-up", "schedule"}
)

STAGE_ORDER = STAGES  # prospect, contacted, scheduled, met, archived
STAGE_LABELS = {
    "prospect": "meet list",
    "contacted": "contacted",
    "scheduled": "scheduled",
    "met": "met",
    "archived": "archived",
}
HEALTH_ORDER = HEALTHS
HEALTH_TEXT = HEALTH_LABELS


@dataclass(frozen=True)
class SiteInput:
    """Everything page generation reads; nothing else (no clock, no files, no MkDocs)."""

    kb: KB
    problems: list[Problem]
    items: list[Due]
    today: dt.date
    site_name: str = "My network"
    home_text: str | None = None  # docs/index.md, shown above the dashboard
    public: bool = False
    hidden: frozenset[str] = frozenset()  # casefolded slugs and names of people left out (--public)
    directory_urls: bool = False
    draft: DraftFn | None = None
    skip: frozenset[str] = frozenset()  # generated paths a hand-written page replaces
    edit_base: str | None = None  # URL the KB's files are browsable under (repo_url + edit_uri)
    # --public: hand-written text with private people's names, slugs, emails, phones as "(someone)"
    redact: Callable[[str], str] | None = None
    # The records in full, for their own pages; `kb` holds them with long values cut (site/clipped).
    full: KB | None = None


@dataclass
class Site:
    """`SiteInput` plus shared lookups; pages read from here."""

    inp: SiteInput
    _mail: dict[str, str | None] = field(default_factory=dict)
    # The Follow-ups page's cards, by (page, person key), with what each was made of (`items.card`):
    # those of the last rebuild of `rolodex serve` (site/regenerate.py), and this build's.
    last_cards: Mapping[tuple[str, str], tuple[object, ...]] = field(default_factory=dict)
    cards: dict[tuple[str, str], tuple[object, ...]] = field(default_factory=dict)

    # --- plain accessors --------------------------------------------------------------

    @property
    def kb(self) -> KB:
        return self.inp.kb

    @property
    def today(self) -> dt.date:
        return self.inp.today

    @cached_property
    def href(self) -> HrefFn:
        return href_for(self.inp.directory_urls)

    # --- records in order -------------------------------------------------------------

    @cached_property
    def contacts(self) -> list[Contact]:
        """Contacts by name (case-insensitive), then slug."""
        return sorted(self.kb.contacts.values(), key=lambda c: (c.name.casefold(), c.slug))

    @cached_property
    def meetings(self) -> list[Meeting]:
        """Meetings oldest first (by date, time, slug)."""
        return sorted(self.kb.meetings.values(), key=meeting_key)

    def state(self, meeting: Meeting) -> str:
        """The meeting's status today: planned, held or cancelled."""
        return meeting.status(self.today)

    # --- per contact --------------------------------------------------------------------

    @cached_property
    def status(self) -> Mapping[str, ContactStatus]:
        """Each contact's stage, last contact, next due item and health (`rolodex list` computes the same)."""
        return status_index(self.kb, self.today, self.inp.items)

    @cached_property
    def stages(self) -> dict[str, str]:
        return {slug: st.stage for slug, st in self.status.items()}

    @cached_property
    def items_by_contact(self) -> dict[str, list[Due]]:
        return {slug: list(st.items) for slug, st in self.status.items() if st.items}

    @cached_property
    def items_by_meeting(self) -> dict[str, list[Due]]:
        index: dict[str, list[Due]] = {}
        for item in self.inp.items:
            if item.meeting:
                index.setdefault(item.meeting, []).append(item)
        return index

    def next_due(self, slug: str) -> Due | None:
        return self.status[slug].next_due

    def last_contact(self, slug: str) -> dt.date | None:
        return self.status[slug].last

    def health(self, slug: str) -> str:
        """overdue, due-soon, never-contacted or up-to-date (see `rules.status`)."""
        return self.status[slug].health

    # --- introductions ------------------------------------------------------------------

    @cached_property
    def network(self) -> Network:
        """Who introduced whom (`referred_by`, meetings' `referrals`), indexed both ways."""
        return Network(self.kb)

    @cached_property
    def network_size(self) -> int:
        """How many people introductions link (past `graph.LARGE`, pages show neighbourhoods)."""
        return len({a for a, _, _ in self.introductions} | {b for _, b, _ in self.introductions})

    @property
    def introductions(self) -> list[tuple[str, str, str]]:
        """(introducer, introduced, how) for each known introduction (see `Network.introductions`)."""
        return self.network.introductions

    def referral_slug(self, referral) -> str | None:
        """The contact a referral names: its slug, else exactly its name."""
        return self.network.referral_slug(referral)

    @property
    def introduced_by(self) -> dict[str, list[tuple[str, str]]]:
        """introduced slug -> [(introducer, how)]"""
        return self.network.introduced_by

    @property
    def introduced(self) -> dict[str, list[tuple[str, str]]]:
        """introducer slug -> [(introduced, how)]"""
        return self.network.introduced

    # --- names and links ----------------------------------------------------------------

    def name(self, slug: str | None) -> str:
        contact = self.kb.contacts.get(slug or "")
        return contact.name if contact else (slug or "")

    def meeting_title(self, meeting: Meeting) -> str:
        """ "Coffee with Jane Doe" — the meeting's kind and the people met."""
        return meeting_title(self.kb, meeting)

    def resolve(self, target: str) -> tuple[str, str] | None:
        """A wiki-link target -> (page, label): a contact slug, a meeting slug, or a contact's name."""
        kb = self.kb
        for key in dict.fromkeys((target, target.lower(), identity.link_slug(target))):  # by path too
            if key in kb.contacts:
                return contact_page(key), kb.contacts[key].name
            if key in kb.meetings:
                m = kb.meetings[key]
                return meeting_page(key), f"{self.meeting_title(m)} ({m.date.isoformat()})"
        named = kb.contact_named(target)
        if named is not None:
            return contact_page(named.slug), named.name
        return None

    @cached_property
    def record_paths(self) -> dict[str, str]:
        """Generated page -> the contact or meeting file it shows."""
        paths = {contact_page(c.slug): c.path for c in self.kb.contacts.values()}
        paths.update({meeting_page(m.slug): m.path for m in self.kb.meetings.values()})
        return paths

    # --- mail ---------------------------------------------------------------------------

    def mail_link(self, item: Due) -> str | None:
        """The mailto: URL for a due item, pre-filled from its draft; None when it gets no link.

        A message to someone (MESSAGE_KINDS) is addressed to that contact (to no one when the
        person is not a contact yet); a note to yourself goes to `me.email`, or has no link
        when that is not set: a private checklist never lands in a draft to the contact.
        """
        if item.id not in self._mail:
            to = mail_recipient(self.kb, item)
            if to is None:
                self._mail[item.id] = None
                return None
            draft = None
            if self.inp.draft is not None:
                draft = self.inp.draft(item.id)
            subject, body = draft if draft else (item.title, "")
            self._mail[item.id] = mailto(to or None, subject, body)
        return self._mail[item.id]

    def combined_mail(self, items: list[Due]) -> tuple[str, int] | None:
        """One mailto: URL for every message among a person's items, and how many it covers.

        The most costly item's draft is the letter; the others become lines to fill in
        (drafts/combine.py). None when none of the items is a message to the person.
        """
        messages = sorted((i for i in items if i.kind in MESSAGE_KINDS), key=order_key)
        if not messages:
            return None
        if len(messages) == 1:
            link = self.mail_link(messages[0])
            return (link, 1) if link is not None else None
        main = messages[0]
        to = mail_recipient(self.kb, main)
        draft = self.inp.draft(main.id) if self.inp.draft is not None else None
        subject, body = combine(draft or (main.title, ""), [i.title for i in messages[1:]])
        return mailto(to or None, subject, body), len(messages)

    def outreach_link(self, contact: Contact) -> str:
        """The mailto: URL of a cold email to a meet-list contact (draft `outreach:SLUG`)."""
        draft = self.inp.draft(f"outreach:{contact.slug}") if self.inp.draft is not None else None
        subject, body = draft if draft else ("Fifteen minutes of your advice?", "")
        return mailto(contact.email, subject, body)


def mail_recipient(kb: KB, item: Due) -> str | None:
    """Whom an item's draft is for: an address, "" (a message to someone with no known address),
    or None (a note to yourself with no `me.email`: no mail link at all)."""
    if item.kind in MESSAGE_KINDS:
        contact = kb.contacts.get(item.contact or "")
        return (contact.email or "") if contact else ""
    return kb.settings.me.email.strip() or None


def meeting_key(meeting: Meeting) -> tuple:
    return (meeting.date, meeting.time or dt.time(0, 0), meeting.slug)
