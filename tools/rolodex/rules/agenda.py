"""The agenda: upcoming meetings, soonest first, with what a glance needs (pure).

`agenda(kb, today, days)` lists the meetings from today to `days` ahead that may still
happen: neither cancelled nor with an invalid `status` (a typo for `cancelled` must not
show as on) nor marked `held` already. Each entry says when, where, with whom, and
whether the meeting's `## Research` has any text yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rolodex.core.model import KB, Meeting
from rolodex.rules.followups import add_days


@dataclass(frozen=True)
class Entry:
    meeting: Meeting
    names: tuple[str, ...]  # the people met, by display name (the text written when unknown)
    minutes: int  # its duration, or the default meeting length

    @property
    def researched(self) -> bool:
        return bool(self.meeting.research)

    def as_json(self) -> dict:
        m = self.meeting
        return {
            "meeting": m.slug,
            "path": m.path,
            "date": m.date.isoformat(),
            "time": m.time.strftime("%H:%M") if m.time else None,
            "minutes": self.minutes,
            "kind": m.kind,
            "location": m.location,
            "with": [r.slug or r.target for r in m.with_],
            "names": list(self.names),
            "research": self.researched,
        }


def agenda(kb: KB, today: dt.date, days: int) -> list[Entry]:
    """The meetings dated from `today` to `today + days` that may still happen, soonest first."""
    end = add_days(today, days)
    out = []
    for m in kb.meetings.values():
        if not today <= m.date <= end or m.status_invalid or m.status_set in ("cancelled", "held"):
            continue
        names = tuple(kb.contacts[r.slug].name if r.slug in kb.contacts else r.target for r in m.with_)
        out.append(Entry(m, names, m.duration or kb.settings.meeting_minutes))
    return sorted(out, key=lambda e: (e.meeting.date, e.meeting.time or dt.time(0), e.meeting.slug))
