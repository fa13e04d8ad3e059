"""Who introduced whom, and who you know at a company (pure).

`Network(kb)` indexes the introductions the files record: a contact's `referred_by`,
and the `referrals` of a meeting (the people met suggested them). The site's pages
and `rolodex who` read the same index.

`who(kb, today, text)` answers "do I know anyone at this company?": every contact
whose company, now or in their `history`, contains `text` (any case, spacing or punctuation),
with who introduced them, how warm they are, and two-step paths (you → someone you
have met → them) to the people there you have not met yet: through the person who
introduced them, or through a colleague of theirs you have met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from rolodex.core.identity import exact_name_key
from rolodex.core.model import KB, Contact, Referral
from rolodex.core.roles import company_key, search_key
from rolodex.rules.followups import last_interaction


class Network:
    """The introductions in a KB, indexed both ways (built once, read by many pages)."""

    def __init__(self, kb: KB):
        self.kb = kb

    @cached_property
    def _by_exact_name(self) -> dict[str, list[str]]:
        """Name as written -> slugs: a referral by name names exactly one contact or none (FORMAT §5.2)."""
        index: dict[str, list[str]] = {}
        for contact in self.kb.contacts.values():
            index.setdefault(exact_name_key(contact.name), []).append(contact.slug)
        return index

    def referral_slug(self, referral: Referral) -> str | None:
        """The contact a referral names: its slug, else exactly its name."""
        if referral.contact is not None:
            slug = referral.contact.slug
            return slug if slug in self.kb.contacts else None
        if referral.name:
            named = self._by_exact_name.get(exact_name_key(referral.name), [])
            return named[0] if len(named) == 1 else None
        return None

    @cached_property
    def introductions(self) -> list[tuple[str, str, str]]:
        """(introducer, introduced, how) for each known introduction, both slugs resolved.

        `how` is `referred_by` or the slug of the meeting whose `referrals` name the
        person. One pair appears once, its first source kept: contacts by name, then
        meetings oldest first.
        """
        kb = self.kb
        seen: dict[tuple[str, str], str] = {}
        for contact in sorted(kb.contacts.values(), key=lambda c: (c.name.casefold(), c.slug)):
            ref = contact.referred_by
            if ref and ref.slug and ref.slug != contact.slug and ref.slug in kb.contacts:
                seen.setdefault((ref.slug, contact.slug), "referred_by")
        for meeting in sorted(kb.meetings.values(), key=lambda m: (m.date, m.time or dt.time(0, 0), m.slug)):
            for referral in meeting.referrals:
                target = self.referral_slug(referral)
                if not target:
                    continue
                for by in dict.fromkeys(meeting.contacts):
                    if by != target:
                        seen.setdefault((by, target), meeting.slug)
        return [(a, b, how) for (a, b), how in seen.items()]

    @cached_property
    def introduced_by(self) -> dict[str, list[tuple[str, str]]]:
        """introduced slug -> [(introducer, how)]"""
        index: dict[str, list[tuple[str, str]]] = {}
        for a, b, how in self.introductions:
            index.setdefault(b, []).append((a, how))
        return index

    @cached_property
    def introduced(self) -> dict[str, list[tuple[str, str]]]:
        """introducer slug -> [(introduced, how)]"""
        index: dict[str, list[tuple[str, str]]] = {}
        for a, b, how in self.introductions:
            index.setdefault(a, []).append((b, how))
        return index


# --- who you know at a company ----------------------------------------------------------


@dataclass(frozen=True)
class Warmth:
    """How warm a contact is: held meetings, the last interaction (notes aside), archived or not."""

    met: int
    last: dt.date | None
    archived: bool

    def as_json(self) -> dict:
        return {"met": self.met, "last": self.last.isoformat() if self.last else None, "archived": self.archived}


@dataclass(frozen=True)
class Person:
    """A contact who works, or worked, at a matching company."""

    slug: str
    name: str
    company: str  # the matching company, as written
    title: str | None  # their title there
    current: bool  # False: a `history` entry matched
    seen: dt.date | None  # former: when the change away from it was seen (the history entry's date)
    introduced_by: tuple[str, ...]
    warmth: Warmth

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "name": self.name,
            "company": self.company,
            "title": self.title,
            "current": self.current,
            "left_by": self.seen.isoformat() if self.seen else None,
            "introduced_by": list(self.introduced_by),
            **self.warmth.as_json(),
        }


@dataclass(frozen=True)
class Path:
    """you → `via` (someone you have met) → `to` (someone at the company you have not met)."""

    via: str
    to: str
    why: str  # "introduced" (via introduced you to them already) or "colleague" (via works or worked there)

    def as_json(self) -> dict:
        return {"via": self.via, "to": self.to, "why": self.why}


@dataclass(frozen=True)
class Company:
    """Everyone at one matching company (matched spelling-insensitively), and the paths to them."""

    name: str
    people: tuple[Person, ...]
    paths: tuple[Path, ...]

    def as_json(self) -> dict:
        return {
            "company": self.name,
            "people": [p.as_json() for p in self.people],
            "paths": [p.as_json() for p in self.paths],
        }


def warmth(kb: KB, contact: Contact, today: dt.date) -> Warmth:
    held = sum(1 for m in kb.meetings_with(contact.slug) if m.status(today) == "held")
    return Warmth(held, last_interaction(kb, contact, today), contact.archived)


def _roles(contact: Contact) -> Iterable[tuple[str, str | None, bool, dt.date | None]]:
    """(company, title, current, seen) for the current role and each earlier one in `history`."""
    if contact.company:
        yield contact.company, contact.title, True, None
    for entry in sorted(contact.history, key=lambda role: role.date, reverse=True):
        if entry.company:
            yield entry.company, entry.title, False, entry.date


def who(kb: KB, today: dt.date, text: str, network: Network | None = None) -> list[Company]:
    """Every company whose name contains `text`, with the people there now or before (see module docstring).

    A person appears once per company: their current role if it matches, else their
    newest earlier role there. Companies are sorted by name; people by current first,
    then warmest (met, then most recent contact), then name.
    """
    network = network or Network(kb)
    needle = search_key(text)
    found: dict[str, dict[str, Person]] = {}
    names: dict[str, str] = {}
    warm: dict[str, Warmth] = {}
    for contact in kb.contacts.values():
        for company, title, current, seen in _roles(contact):
            if not needle or needle not in search_key(company):
                continue
            key = company_key(company)
            people = found.setdefault(key, {})
            if contact.slug in people:
                continue  # the current role, or the newest earlier one, already stands for them
            names.setdefault(key, company.strip())
            if contact.slug not in warm:
                warm[contact.slug] = warmth(kb, contact, today)
            introducers = tuple(dict.fromkeys(by for by, _ in network.introduced_by.get(contact.slug, [])))
            people[contact.slug] = Person(
                contact.slug, contact.name, company.strip(), title, current, seen, introducers, warm[contact.slug]
            )
    out = []
    for key in sorted(found, key=lambda k: (k, names[k])):
        ranked = sorted(found[key].values(), key=_person_order)
        out.append(Company(names[key], tuple(ranked), tuple(_paths(kb, today, ranked, network, warm))))
    return out


def _person_order(p: Person) -> tuple:
    return (
        not p.current,
        p.warmth.archived,
        -p.warmth.met,
        -(p.warmth.last or dt.date.min).toordinal(),
        p.name.casefold(),
    )


def _paths(kb: KB, today: dt.date, people: list[Person], network: Network, warm: dict[str, Warmth]) -> list[Path]:
    """Two-step paths to the people at a company whom you have not met.

    Through each person who introduced them, and through each colleague there (now or
    before); either way someone you have met who is not archived.
    """

    def met(slug: str) -> bool:
        if slug not in warm:
            warm[slug] = warmth(kb, kb.contacts[slug], today)
        w = warm[slug]
        return w.met > 0 and not w.archived

    colleagues = [p.slug for p in people if met(p.slug)]
    paths: list[Path] = []
    for target in people:
        if target.warmth.met or target.warmth.archived:
            continue
        seen: set[str] = set()
        for by in target.introduced_by:
            if met(by) and by not in seen:
                seen.add(by)
                paths.append(Path(by, target.slug, "introduced"))
        for by in colleagues:
            if by != target.slug and by not in seen:
                seen.add(by)
                paths.append(Path(by, target.slug, "colleague"))
    return paths
