"""Follow-ups: what is due, by the nine rules of FORMAT §5 (contract v1.1) (pure).

`compute(kb, today)` returns every open item, whatever its date; `within`
keeps those due by a horizon. `today` is always a parameter: only the CLI and
the site read the clock. One module per family of rules: `meetings` (thank-you,
prep, follow-up, record), `outreach` (referral, nudge, schedule), `keeping`
(holiday, keep-in-touch); `items` holds the item and the calendar arithmetic,
`index` what the rules ask of the KB, computed once per run.
"""

from __future__ import annotations

import datetime as dt

from rolodex.core.model import KB
from rolodex.rules.followups.index import Index, active, latest_touch, touches_after
from rolodex.rules.followups.items import (
    KINDS,
    TODAY_RANGE,
    Due,
    add_days,
    left_out,
    select,
    today_problem,
    within,
)
from rolodex.rules.followups.keeping import (
    HOLIDAY_DONE,
    cadence,
    holiday_window,
    holidays,
    keep_in_touch,
    last_interaction,
)
from rolodex.rules.followups.meetings import follow_up_id, follow_ups, preps, records, thank_yous, thanked_on
from rolodex.rules.followups.outreach import REFERRAL_DONE, SCHEDULE_DONE, nudges, referrals, schedules


def compute(kb: KB, today: dt.date) -> list[Due]:
    """Every open follow-up in the KB, sorted by due date, kind, then contact."""
    rules = (thank_yous, referrals, nudges, preps, holidays, keep_in_touch, follow_ups, schedules, records)
    index = Index(kb, today)
    items: dict[str, Due] = {}
    for rule in rules:
        for item in rule(kb, today, index):
            if active(kb, item.contact, today):
                items.setdefault(item.id, item)
    return sorted(items.values(), key=Due.sort_key)


__all__ = [
    "HOLIDAY_DONE",
    "KINDS",
    "REFERRAL_DONE",
    "SCHEDULE_DONE",
    "TODAY_RANGE",
    "Due",
    "add_days",
    "cadence",
    "compute",
    "follow_up_id",
    "holiday_window",
    "last_interaction",
    "latest_touch",
    "left_out",
    "select",
    "thanked_on",
    "today_problem",
    "touches_after",
    "within",
]
