"""Cross-file checks: small pure functions `check(kb, today) -> list[Problem]`, in one list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from rolodex.core import identity
from rolodex.core.identity import closest, person_keys
from rolodex.core.model import KB, Contact, Problem, Ref


def _unknown(kb: KB, path: str, key: str, ref: Ref) -> Problem | None:
    """The problem with a reference that resolved to no contact (None if its file just failed to load)."""
    if kb.unplaced_contact(ref.target) is not None:
        return None  # the file exists; its own problems are reported, a second error would mislead
    is_link = ref.raw.startswith("[[")
    twins = kb.slugs_named(ref.target) if is_link else []
    if len(twins) > 1:
        listed = ", ".join(sorted(twins))
        return Problem(
            path,
            ref.line,
            "error",
            "unknown-contact",
            f"'{key}' names '{ref.raw}', but {len(twins)} contacts have that name ({listed}); "
            'link to one by its slug, e.g. "[[' + sorted(twins)[0] + ']]"',
        )
    what = "slug or name" if is_link else "slug"
    return Problem(
        path,
        ref.line,
        "error",
        "unknown-contact",
        f"'{key}' names '{ref.raw}', but there is no contact with that {what}{_closest(kb, ref.target)}",
    )


def _closest(kb: KB, target: str) -> str:
    """'; did you mean 'slug'?' for the closest slug, or the slug of the closest name."""
    names = {c.name: c.slug for c in kb.contacts.values()}
    match = closest(target, list(kb.contacts) + list(names))
    if match is None:
        return ""
    if match in kb.contacts:
        return f"; did you mean '{match}'?"
    return f"; did you mean '{names[match]}' ({match})?"


def unknown_references(kb: KB, today: dt.date) -> list[Problem]:
    """`with`, `referred_by` and `referrals` must name existing contacts."""
    found: list[Problem | None] = []
    for contact in kb.contacts.values():
        if contact.referred_by and not contact.referred_by.slug:
            found.append(_unknown(kb, contact.path, "referred_by", contact.referred_by))
    for meeting in kb.meetings.values():
        for ref in meeting.with_:
            if not ref.slug:
                found.append(_unknown(kb, meeting.path, "with", ref))
        for referral in meeting.referrals:
            if referral.contact and not referral.contact.slug:
                found.append(_unknown(kb, meeting.path, "referrals", referral.contact))
    for record in kb.unplaced:
        for key, ref in record.refs:
            if not ref.slug:
                found.append(_unknown(kb, record.path, key, ref))
    return [p for p in found if p is not None]


def self_referrals(kb: KB, today: dt.date) -> list[Problem]:
    out = []
    for contact in kb.contacts.values():
        if contact.referred_by and contact.referred_by.slug == contact.slug:
            out.append(
                Problem(
                    contact.path,
                    contact.referred_by.line,
                    "error",
                    "self-referral",
                    f"'referred_by' names '{contact.referred_by.raw}', this contact itself; name who introduced you",
                )
            )
    for meeting in kb.meetings.values():
        if not meeting.referrals:
            continue
        met = set(meeting.contacts)
        for referral in meeting.referrals:
            slug = referral.contact.slug if referral.contact else None
            if slug and slug in met:
                out.append(
                    Problem(
                        meeting.path,
                        referral.line,
                        "error",
                        "self-referral",
                        f"'{slug}' is listed as a referral in a meeting with them; "
                        "a referral is someone else they suggested you meet",
                    )
                )
    return out


def thank_you_before_meeting(kb: KB, today: dt.date) -> list[Problem]:
    return [
        Problem(
            m.path,
            m.line_of("thank_you"),
            "error",
            "thank-you-before-meeting",
            f"'thank_you' is {m.thank_you.isoformat()}, before the meeting on {m.date.isoformat()}",
        )
        for m in kb.meetings.values()
        if m.thank_you and m.thank_you < m.date
    ]


def held_in_future(kb: KB, today: dt.date) -> list[Problem]:
    return [
        Problem(
            m.path,
            m.line_of("status"),
            "warning",
            "held-in-future",
            f"status is 'held' but the meeting is on {m.date.isoformat()}, after today ({today.isoformat()}); "
            "use 'planned', or fix the date",
        )
        for m in kb.meetings.values()
        if m.status_set == "held" and m.date > today
    ]


def future_touches(kb: KB, today: dt.date) -> list[Problem]:
    return [
        Problem(
            c.path,
            t.line,
            "warning",
            "future-touch",
            f"{_article(t.kind)} '{t.kind}' touch is dated {t.date.isoformat()}, after today ({today.isoformat()}); "
            "touches record what already happened (plan ahead with a meeting or a follow-up)",
        )
        for c in kb.contacts.values()
        for t in c.touches
        if t.date > today
    ]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def possible_duplicates(kb: KB, today: dt.date) -> list[Problem]:
    """Two files for one person: same email, LinkedIn URL, phone or name (one warning per pair)."""
    seen: dict[tuple[str, str], Contact] = {}
    reported: set[tuple[str, str]] = set()
    out = []
    for contact in kb.contacts.values():
        for what, value in person_keys(contact.emails, contact.link("linkedin"), contact.phone, contact.name):
            if not value:
                continue
            other = seen.setdefault((what, value), contact)
            pair = (other.slug, contact.slug)
            if other is contact or pair in reported:
                continue
            reported.add(pair)
            out.append(
                Problem(
                    contact.path,
                    contact.line_of("email" if what == "email" else "links" if what == "LinkedIn URL" else what),
                    "warning",
                    "possible-duplicate",
                    f"same {what} as {other.path}; is this the same person? merge the files, or ignore if not",
                )
            )
    return out


def duplicate_uids(kb: KB, today: dt.date) -> list[Problem]:
    """One calendar event, one meeting: a `uid` on two meetings is a warning on the later file."""
    first: dict[str, str] = {}
    out = []
    for m in sorted(kb.meetings.values(), key=lambda m: m.path):
        if m.uid is None:
            continue
        other = first.setdefault(m.uid, m.path)
        if other != m.path:
            out.append(
                Problem(
                    m.path,
                    m.line_of("uid"),
                    "warning",
                    "duplicate-uid",
                    f"'uid' is also the uid of {other}; one calendar event is one meeting: "
                    "merge the two files, or remove the uid from the wrong one",
                )
            )
    return out


def referral_name_twins(kb: KB, today: dt.date) -> list[Problem]:
    """A referral by name only that no contact has exactly, but one has nearly (`Jon Eriksen`
    for `Jon Erikson`): its reminder would never close, and adding them would make a twin."""
    exact = {identity.exact_name_key(c.name) for c in kb.contacts.values()}
    out = []
    for m in kb.meetings.values():
        for r in m.referrals:
            if r.contact is not None or not r.name or identity.exact_name_key(r.name) in exact:
                continue
            twin = kb.contact_named_like(r.name)
            if twin is None:
                continue
            out.append(
                Problem(
                    m.path,
                    r.line,
                    "warning",
                    "referral-name",
                    f"referral '{r.name}' is not the name of a contact; did you mean '{twin.name}' ({twin.slug})? "
                    f"if so, write 'contact: {twin.slug}' (or the name exactly), or its reminder never closes",
                )
            )
    return out


VALIDATORS: list[Callable[[KB, dt.date], list[Problem]]] = [
    unknown_references,
    self_referrals,
    thank_you_before_meeting,
    held_in_future,
    future_touches,
    possible_duplicates,
    duplicate_uids,
    referral_name_twins,
]


def validate(kb: KB, today: dt.date) -> list[Problem]:
    """Every cross-file problem, from every validator."""
    problems: list[Problem] = []
    for check in VALIDATORS:
        problems += check(kb, today)
    return problems


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)
