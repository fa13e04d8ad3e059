"""The rules of staying in touch with people you have met (FORMAT §5, rules 5 and 6): holiday
wishes in the holiday window, and a word when a contact's cadence has passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rolodex.core.config import Settings
from rolodex.core.model import KB, Contact
from rolodex.rules.followups.index import Index, touched
from rolodex.rules.followups.items import Due, add_days

# Touches that count as a holiday greeting.
HOLIDAY_DONE = frozenset({"check-in", "message", "call", "thank-you"})


# --- 5. holiday -----------------------------------------------------------------------


def holiday_window(settings: Settings, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first holiday window whose end is on or after today (it may cross New Year)."""
    for year in (today.year - 1, today.year, today.year + 1):
        start = _month_day(year, settings.holiday_start)
        end = _month_day(year, settings.holiday_end)
        if end < start:
            end = _month_day(year + 1, settings.holiday_end)
        if end >= today:
            return start, end
    raise AssertionError("unreachable: next year's window always ends after today")


def _month_day(year: int, md: str) -> dt.date:
    month, day = int(md[:2]), int(md[3:])
    try:
        return dt.date(year, month, day)
    except ValueError:  # 02-29 outside a leap year
        return dt.date(year, month, day - 1)


def holidays(kb: KB, today: dt.date, index: Index) -> Iterator[Due]:
    start, end = holiday_window(kb.settings, today)
    early = add_days(start, -kb.settings.holiday_early_days)  # a greeting sent just before counts
    for contact in kb.contacts.values():
        if index.first_held.get(contact.slug, dt.date.max) >= start:
            continue  # no held meeting before the window
        if cadence(kb.settings, contact) == "never":
            continue
        if touched(contact, HOLIDAY_DONE, early, end):
            continue
        yield Due(
            "holiday",
            start,
            contact.slug,
            contact.name,
            None,
            f"Send {contact.name} holiday wishes with a brief update",
            f"holiday:{start.year}:{contact.slug}",
            until=end,
        )


# --- 6. keep-in-touch -----------------------------------------------------------------


def cadence(settings: Settings, contact: Contact) -> int | str:
    """The contact's own cadence, else the smallest among its tags' (never is largest), else the default."""
    if contact.cadence is not None:
        return contact.cadence
    by_tag = [settings.cadence_by_tag[t] for t in contact.tags if t in settings.cadence_by_tag]
    days = [c for c in by_tag if c != "never"]
    if days:
        return min(days)
    if by_tag:
        return "never"
    return settings.cadence_days


def last_interaction(kb: KB, contact: Contact, today: dt.date) -> dt.date | None:
    """The latest held meeting or touch (notes aside) with this contact."""
    dates = [m.date for m in kb.meetings_with(contact.slug) if m.status(today) == "held"]
    dates += [t.date for t in contact.touches if t.kind != "note"]
    return max(dates, default=None)


def keep_in_touch(kb: KB, today: dt.date, index: Index) -> Iterator[Due]:
    for contact in kb.contacts.values():
        slug = contact.slug
        if slug not in index.last_held or slug in index.has_planned:
            continue  # needs a held meeting, and no planned one
        every = cadence(kb.settings, contact)
        if every == "never":
            continue
        touched = [t.date for t in contact.touches if t.kind != "note"]
        last = max(touched, default=index.last_held[slug])
        last = max(last, index.last_held[slug])
        yield Due(
            "keep-in-touch",
            add_days(last, int(every)),
            contact.slug,
            contact.name,
            None,
            f"Keep in touch with {contact.name} (last contact {last.isoformat()})",
            f"keep-in-touch:{contact.slug}",
        )
