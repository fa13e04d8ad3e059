"""The whole network out: vCard, CSV, JSON and iCalendar (pure: a KB in, text out).

`view(kb, public)` is what an export may show: with `public`, the same copy a
`rolodex build --public` publishes (no private contacts, no `private_fields`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

from rolodex.core.model import KB, Contact, FollowUpTask, Meeting, Ref
from rolodex.interop import vcard
from rolodex.rules.followups import Due, compute
from rolodex.rules.status import status_index

JSON_VERSION = 1
CSV_COLUMNS = (
    "slug",
    "name",
    "title",
    "company",
    "field",
    "location",
    "email",
    "other_emails",
    "phone",
    "linkedin",
    "other_links",
    "tags",
    "referred_by",
    "source",
    "goal",
    "priority",
    "cadence",
    "snooze_until",
    "archived",
    "private",
    "stage",
    "last_contact",
    "next_due",
    "health",
    "path",
)
# Spreadsheets run a cell starting with these as a formula (CSV injection; OWASP, ASVS 1.2.10):
# =, @, tab, CR, LF, NUL, also after spaces some spreadsheets trim; + and - unless the cell is
# only a phone number or a negative number (digits, spaces, dots, brackets, dashes, slashes).
_FORMULA = re.compile(r"^[\t\r\n\x00]|^\s*[=@]|^\s*[+-](?![\d\s().\-/]*$)")


def contacts(kb: KB) -> list[Contact]:
    return sorted(kb.contacts.values(), key=lambda c: (c.name.casefold(), c.slug))


def meetings(kb: KB) -> list[Meeting]:
    return sorted(kb.meetings.values(), key=lambda m: (m.date, m.time or dt.time(0), m.slug))


# --- vCard -----------------------------------------------------------------------------------


def to_vcard(kb: KB, version: str = "4.0") -> str:
    return vcard.dump(contacts(kb), version)


# --- JSON ------------------------------------------------------------------------------------


def _ref(ref: Ref | None) -> str | None:
    return None if ref is None else ref.slug or ref.target


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _follow_ups(tasks: tuple[FollowUpTask, ...]) -> list[dict]:
    return [
        {
            "task": f.task,
            "due": f.due.isoformat(),
            "done": f.done.isoformat() if isinstance(f.done, dt.date) else f.done,
        }
        for f in tasks
    ]


def contact_json(c: Contact, status: Any = None) -> dict:
    return {
        "slug": c.slug,
        "path": c.path,
        "name": c.name,
        "title": c.title,
        "company": c.company,
        "field": c.field,
        "location": c.location,
        "emails": list(c.emails),
        "phone": c.phone,
        "links": dict(c.links),
        "tags": list(c.tags),
        "referred_by": _ref(c.referred_by),
        "source": c.source,
        "goal": c.goal,
        "priority": c.priority,
        "cadence": c.cadence,
        "snooze_until": _day(c.snooze_until),
        "archived": c.archived,
        "private": c.private,
        "touches": [{"date": t.date.isoformat(), "kind": t.kind, "note": t.note, "ref": t.ref} for t in c.touches],
        "follow_ups": _follow_ups(c.follow_ups),
        "history": [{"date": r.date.isoformat(), "company": r.company, "title": r.title} for r in c.history],
        "status": status.as_json() if status is not None else None,
        "body": c.body,
    }


def meeting_json(m: Meeting, today: dt.date) -> dict:
    return {
        "slug": m.slug,
        "path": m.path,
        "date": m.date.isoformat(),
        "time": m.time.strftime("%H:%M") if m.time else None,
        "with": [_ref(r) for r in m.with_],
        "kind": m.kind,
        "location": m.location,
        "duration": m.duration,
        "status": m.status(today),
        "uid": m.uid,
        "thank_you": _day(m.thank_you),
        "referrals": [{"name": r.name, "contact": _ref(r.contact), "note": r.note} for r in m.referrals],
        "follow_ups": _follow_ups(m.follow_ups),
        "questions": list(m.questions),
        "tags": list(m.tags),
        "body": m.body,
    }


def to_json(kb: KB, today: dt.date, public: bool = False, items: list[Due] | None = None) -> str:
    """{"rolodex": 1, "today", "public", "contacts": [...], "meetings": [...], "due": [...]}."""
    items = compute(kb, today) if items is None else items
    statuses = status_index(kb, today, items)
    data = {
        "rolodex": JSON_VERSION,
        "today": today.isoformat(),
        "public": public,
        "contacts": [contact_json(c, statuses.get(c.slug)) for c in contacts(kb)],
        "meetings": [meeting_json(m, today) for m in meetings(kb)],
        "due": [item.as_json() for item in items],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- CSV -------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if _FORMULA.match(text) else text


def to_csv(kb: KB, today: dt.date) -> str:
    """One row per contact, the columns of CSV_COLUMNS; lists joined with `; `."""
    statuses = status_index(kb, today)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in contacts(kb):
        s = statuses[c.slug]
        linkedin = c.link("linkedin")
        others = [f"{k}: {u}" for k, u in c.links if k.lower() != "linkedin"]
        row = {
            "slug": c.slug,
            "name": c.name,
            "title": c.title,
            "company": c.company,
            "field": c.field,
            "location": c.location,
            "email": c.email,
            "other_emails": "; ".join(c.emails[1:]),
            "phone": c.phone,
            "linkedin": linkedin,
            "other_links": "; ".join(others),
            "tags": "; ".join(c.tags),
            "referred_by": _ref(c.referred_by),
            "source": c.source,
            "goal": c.goal,
            "priority": c.priority,
            "cadence": c.cadence,
            "snooze_until": _day(c.snooze_until),
            "archived": "true" if c.archived else "false",
            "private": "true" if c.private else "false",
            "stage": s.stage,
            "last_contact": _day(s.last),
            "next_due": _day(s.next_due.due) if s.next_due else None,
            "health": s.health,
            "path": c.path,
        }
        writer.writerow([_cell(row[k]) for k in CSV_COLUMNS])
    return out.getvalue()


# --- iCalendar -------------------------------------------------------------------------------


def to_ics(kb: KB, today: dt.date, items: list[Due] | None = None) -> bytes:
    """Every open follow-up (an all-day event on its due date) and every meeting not cancelled."""
    from rolodex.interop.ics import calendar

    items = compute(kb, today) if items is None else items
    kept = [m for m in meetings(kb) if m.status(today) != "cancelled"]
    return calendar(kb, items, today, kept)
