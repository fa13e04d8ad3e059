"""The rules of the way to a meeting (FORMAT §5, rules 2, 3 and 8): reach out to the people
you were referred to, nudge when an outreach goes unanswered, propose a date once they reply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rolodex.core import identity
from rolodex.core.model import KB, Contact
from rolodex.rules.followups.index import Index, latest_touch, touched, touches_after
from rolodex.rules.followups.items import Due, add_days

# Touches that count as having reached out to a referral.
REFERRAL_DONE = frozenset({"outreach", "message", "call", "check-in"})
# After their reply, these moves of yours make the next move theirs again (rule 8).
SCHEDULE_DONE = frozenset({"outreach", "message", "call"})


# --- 2. referral ----------------------------------------------------------------------


def referrals(kb: KB, today: dt.date, index: Index) -> Iterator[Due]:
    cfg = kb.settings
    named = _names(kb)
    oldest = add_days(today, -cfg.referral_lapse_days)
    for m in index.held:
        if not m.referrals or m.date < oldest:
            continue
        due = add_days(m.date, cfg.referral_days)
        by = " and ".join(kb.contacts[s].name for s in dict.fromkeys(m.contacts)) or "someone"
        for r in m.referrals:
            contact: Contact | None
            if r.contact is not None:
                if not r.contact.slug:
                    continue  # an unknown slug: `check` reports it; no item
                contact = kb.contacts[r.contact.slug]
            else:
                contact = _exactly_named(kb, named, r.name or "")
            if contact is None:
                name = r.name or ""
                yield Due(
                    "referral",
                    due,
                    None,
                    name,
                    m.slug,
                    f"Reach out to {name}, referred by {by} (add them as a contact first)",
                    f"referral:{m.slug}:{identity.slug(name) or 'someone'}",
                )
                continue
            if touched(contact, REFERRAL_DONE, m.date) or index.met_since(contact.slug, m.date):
                continue
            yield Due(
                "referral",
                due,
                contact.slug,
                contact.name,
                m.slug,
                f"Reach out to {contact.name}, referred by {by}",
                f"referral:{m.slug}:{contact.slug}",
            )


def _names(kb: KB) -> dict[str, list[str]]:
    """Contact slugs by exact display name (one pass, so a referral lookup is O(1))."""
    index: dict[str, list[str]] = {}
    for contact in kb.contacts.values():
        index.setdefault(identity.exact_name_key(contact.name), []).append(contact.slug)
    return index


def _exactly_named(kb: KB, named: dict[str, list[str]], name: str) -> Contact | None:
    """The contact whose `name` is exactly this (spaces around aside); none if zero or several."""
    slugs = named.get(identity.exact_name_key(name), [])
    return kb.contacts[slugs[0]] if len(slugs) == 1 else None


# --- 3. nudge -------------------------------------------------------------------------


def nudges(kb: KB, today: dt.date, index: Index) -> Iterator[Due]:
    cfg = kb.settings
    outreach_only = frozenset({"outreach"})
    for contact in kb.contacts.values():
        last = latest_touch(contact, "outreach")
        if last is None:
            continue
        day = last[1].date
        if any(t.kind == "reply" and t.date >= day for t in contact.touches) or index.met_since(contact.slug, day):
            continue
        reply = latest_touch(contact, "reply")
        if reply is None:
            asked = sum(1 for t in contact.touches if t.kind == "outreach")
        else:
            asked = len(touches_after(contact, reply, outreach_only))
        if asked > cfg.max_nudges:
            continue
        yield Due(
            "nudge",
            add_days(day, cfg.nudge_days),
            contact.slug,
            contact.name,
            None,
            f"Nudge {contact.name}: no reply to your message of {day.isoformat()} (nudge {asked} of {cfg.max_nudges})",
            f"nudge:{contact.slug}",
        )


# --- 8. schedule ----------------------------------------------------------------------


def schedules(kb: KB, today: dt.date, index: Index) -> Iterator[Due]:
    """They replied (said yes): propose a date. Only before any meeting is held or planned."""
    cfg = kb.settings
    for contact in kb.contacts.values():
        slug = contact.slug
        if slug in index.last_held or slug in index.has_planned:
            continue  # (with neither, no meeting can be dated on or after the reply either)
        reply = latest_touch(contact, "reply")
        if reply is None:
            continue
        day = reply[1].date
        outreach = latest_touch(contact, "outreach")
        if outreach is not None and outreach[1].date > day:
            continue  # your move came after theirs: a nudge, if anything
        if touches_after(contact, reply, SCHEDULE_DONE):
            continue  # you answered: the next move is theirs
        yield Due(
            "schedule",
            add_days(day, cfg.schedule_days),
            slug,
            contact.name,
            None,
            f"Propose a date to meet {contact.name}: they replied on {day.isoformat()}",
            f"schedule:{slug}",
        )
