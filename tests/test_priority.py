"""What to do first (rules/priority.py) and one email for several items (drafts/combine.py)."""

from __future__ import annotations

import datetime as dt

from rolodex.drafts.combine import combine
from rolodex.rules.followups import Due
from rolodex.rules.priority import BACKLOG_DAYS, plan

TODAY = dt.date(2026, 11, 26)


def item(kind: str, days: int, who: str = "ann") -> Due:
    """An item of `kind` due `days` from today (negative: overdue)."""
    return Due(kind, TODAY + dt.timedelta(days=days), who, who.title(), None, f"{kind} {who}", f"{kind}:{who}:{days}")


def test_actions_rank_by_what_costs_most_if_missed_then_newest_first():
    items = [
        item("nudge", -1),
        item("referral", 0),
        item("thank-you", -5),
        item("follow-up", -2),
        item("prep", 0),
        item("thank-you", -1),
        item("schedule", -3),
        item("record", -1),
    ]
    order = [(i.kind, (i.due - TODAY).days) for i in plan(items, TODAY).actions]
    assert order == [
        ("thank-you", -1),
        ("thank-you", -5),
        ("prep", 0),
        ("schedule", -3),
        ("record", -1),
        ("follow-up", -2),
        ("referral", 0),
        ("nudge", -1),
    ]


def test_holiday_and_keep_in_touch_are_batches_old_items_a_backlog():
    items = [
        item("holiday", 5, "bob"),
        item("holiday", 0, "cat"),
        item("keep-in-touch", -3, "dan"),
        item("keep-in-touch", 30, "eve"),  # not this week: later
        item("thank-you", -BACKLOG_DAYS, "fay"),  # exactly a month: still today's
        item("follow-up", -BACKLOG_DAYS - 1, "gus"),
        item("keep-in-touch", -400, "hal"),
        item("nudge", 3, "ivy"),
    ]
    p = plan(items, TODAY)
    assert {k: [i.contact for i in v] for k, v in p.batches.items()} == {
        "holiday": ["cat", "bob"],
        "keep-in-touch": ["dan"],
    }
    assert [i.contact for i in p.actions] == ["fay"]
    assert [i.contact for i in p.backlog] == ["gus", "hal"]
    assert [i.contact for i in p.soon] == ["ivy"]


def test_an_item_with_a_window_is_late_only_after_it():
    """A holiday item is due when its window opens and on time until it closes (FORMAT §5 `until`)."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Windowed(Due):
        until: dt.date = TODAY

    opened = Windowed("holiday", TODAY - dt.timedelta(days=40), "ann", "Ann", None, "t", "holiday:2026:ann", TODAY)
    p = plan([opened], TODAY)
    assert p.backlog == [] and p.batches == {"holiday": [opened]}


def test_combine_puts_the_other_items_before_the_sign_off():
    subject, body = combine(("Thanks", "Hi Ann,\n\nThank you.\n\nBest,\nSam"), ["Send my clips.", "Ask about Bo"])
    assert subject == "Thanks"
    assert body == "Hi Ann,\n\nThank you.\n\n[Also: Send my clips]\n[Also: Ask about Bo]\n\nBest,\nSam"
    assert combine(("S", "One paragraph"), ["x"]) == ("S", "One paragraph\n\n[Also: x]")
    assert combine(("S", "B"), []) == ("S", "B")
