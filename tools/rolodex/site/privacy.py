"""What a public build may show (pure): `rolodex build --public`.

`public_view(kb, private_fields)` returns a copy of the KB without
- contacts marked `private: true`, and meetings whose people are all private;
- any mention of a private contact elsewhere: `with`, `referred_by`, `referrals`;
- the fields named in the `private_fields` option, on every contact (and `notes`
  on meetings too).
Pages, search index, sitemap and calendar are all made from that copy, so nothing
left out can leak into any of them. It also returns the casefolded slugs and names
it removed, so that wiki links to those people in bodies become neutral text.
"""

from __future__ import annotations

from dataclasses import replace

from ..kb import KB
from ..model import Contact, Meeting

# private_fields name -> the Contact attribute(s) it clears
CONTACT_FIELDS: dict[str, dict[str, object]] = {
    "title": {"title": None},
    "company": {"company": None},
    "field": {"field": None},
    "location": {"location": None},
    "email": {"emails": ()},
    "phone": {"phone": None},
    "links": {"links": ()},
    "tags": {"tags": ()},
    "referred_by": {"referred_by": None},
    "source": {"source": None},
    "goal": {"goal": None},
    "priority": {"priority": None},
    "touches": {"touches": ()},
    "notes": {"body": ""},  # and each touch's note, below
}
KNOWN_FIELDS = tuple(CONTACT_FIELDS)


def unknown_fields(private_fields: tuple[str, ...] | list[str]) -> list[str]:
    """Names in `private_fields` that this version does not know (the caller warns)."""
    return [f for f in private_fields if f not in CONTACT_FIELDS]


def public_view(kb: KB, private_fields: tuple[str, ...] | list[str] = ()) -> tuple[KB, frozenset[str]]:
    """The KB as a public build may show it, and the casefolded slugs/names it removed."""
    fields = set(private_fields)
    private = {slug for slug, c in kb.contacts.items() if c.private}
    hidden = frozenset({s.casefold() for s in private} | {kb.contacts[s].name.strip().casefold() for s in private})
    out = KB(settings=kb.settings, root=kb.root)
    for slug, contact in kb.contacts.items():
        if slug not in private:
            out.contacts[slug] = _contact(contact, fields, private, hidden)
    for slug, meeting in kb.meetings.items():
        people = [r for r in meeting.with_ if r.slug]
        if people and all(r.slug in private for r in people):
            continue
        out.meetings[slug] = _meeting(meeting, fields, private, hidden)
    return out, hidden


def _mentions(ref, private: set[str], hidden: frozenset[str]) -> bool:
    """A reference that resolves to a private contact, or spells one's slug or name."""
    return ref is not None and (ref.slug in private or ref.target.strip().casefold() in hidden)


def _contact(c: Contact, fields: set[str], private: set[str], hidden: frozenset[str]) -> Contact:
    changes: dict[str, object] = {}
    for name in fields:
        changes.update(CONTACT_FIELDS.get(name, {}))
    if "referred_by" not in changes and _mentions(c.referred_by, private, hidden):
        changes["referred_by"] = None
    if "notes" in fields and "touches" not in fields:
        changes["touches"] = tuple(replace(t, note=None) for t in c.touches)
    return replace(c, **changes) if changes else c


def _meeting(m: Meeting, fields: set[str], private: set[str], hidden: frozenset[str]) -> Meeting:
    with_ = tuple(r for r in m.with_ if not _mentions(r, private, hidden))
    referrals = tuple(
        r for r in m.referrals
        if not _mentions(r.contact, private, hidden) and not (r.name and r.name.strip().casefold() in hidden)
    )
    changes: dict[str, object] = {"with_": with_, "referrals": referrals}
    if "notes" in fields:
        changes.update(body="", research="", referrals=tuple(replace(r, note=None) for r in referrals))
    if "location" in fields:
        changes["location"] = None
    return replace(m, **changes)
