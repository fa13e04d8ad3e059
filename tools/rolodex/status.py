"""Where each contact stands in the pipeline (pure)."""

from __future__ import annotations

import datetime as dt

from .kb import KB
from .model import Contact

STAGES = ("prospect", "contacted", "scheduled", "met", "archived")
# Touch kinds that mean we have been in touch; `note` is only a dated note.
CONTACT_TOUCHES = frozenset({"outreach", "reply", "thank-you", "check-in", "call", "message"})


def stage(kb: KB, contact: Contact, today: dt.date) -> str:
    """prospect (meet list) → contacted → scheduled → met; or archived."""
    if contact.archived:
        return "archived"
    statuses = {m.status(today) for m in kb.meetings_with(contact.slug)}
    if "held" in statuses:
        return "met"
    if "planned" in statuses:
        return "scheduled"
    if any(t.kind in CONTACT_TOUCHES for t in contact.touches):
        return "contacted"
    return "prospect"
