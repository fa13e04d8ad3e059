"""The weekly review as Markdown: pasted into a mail or a notes app, or shown as a site page (pure).

One writer for both: `sections(review, marks)` lays out the review, and `Marks` says how
data becomes Markdown — `plain_marks()` escapes it for pasting (`rolodex review --format
md`), the site's marks add links to the contact and meeting pages and each item's mail link.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rolodex.core.model import KB, Meeting
from rolodex.core.titles import meeting_title
from rolodex.rules.followups import Due
from rolodex.rules.review import Cold, Done, JobChange, Referral, Review


@dataclass(frozen=True)
class Marks:
    """How data becomes Markdown in the review."""

    text: Callable[[str], str]  # any text from the files, inert
    person: Callable[[str | None, str], str]  # (slug or None, name)
    meeting: Callable[[Meeting], str]
    items: Callable[[Sequence[Due]], str]  # due items as a block (a Markdown list, or the site's HTML list)


# What Markdown reads as syntax inside a line (emphasis, code, links, HTML, tables); the rest
# stays as typed, since the text is read as it is in a plain-text mail too.
LIST_MAX = 20  # entries per list; the rest are counted
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
_LEADING = re.compile(r"^([-+>#=]|\d+[.)])")


def plain(text: str | None) -> str:
    """Text as Markdown that shows it as typed: syntax characters backslash-escaped, one line."""
    line = " ".join(str(text or "").split())
    line = _SPECIAL.sub(r"\\\1", line)
    return _LEADING.sub(lambda m: m[0][:-1] + "\\" + m[0][-1], line)


def day(d: dt.date) -> str:
    """`Thu 2026-11-26`."""
    return f"{d:%a} {d.isoformat()}"


def plain_marks(kb: KB) -> Marks:
    """Marks for Markdown to paste: names and titles as text, item ids as code."""

    def item(i: Due) -> str:
        return f"**{day(i.due)}** · {plain(i.kind)} · {plain(i.title)} · `{i.id.replace('`', '')}`"

    return Marks(
        text=plain,
        person=lambda slug, name: plain(name),
        meeting=lambda m: plain(meeting_title(kb, m)),
        items=lambda items: "\n".join(f"- {item(i)}" for i in items),
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def summary(r: Review) -> str:
    """One sentence: what the past week held."""
    return (
        f"From {day(r.start)} to {day(r.today)}: {_count(len(r.touches), 'touch', 'touches')}, "
        f"{_count(len(r.meetings), 'meeting')} held, {_count(len(r.thank_yous), 'thank-you')} sent."
    )


def sections(r: Review, m: Marks) -> list[str]:
    """The review's sections (`## …` headings and lists), each ending with a blank line.

    A list shows its first `LIST_MAX` entries and says how many more there are: a review is
    read in a minute, and `rolodex due` or the Follow-ups page has every item.
    """
    out = [m.text(summary(r)) + "\n"]
    out.append("## Done in the last seven days\n")
    done = [(d.date, 0, _touch(d, m)) for d in r.touches]
    done += [(mt.date, 1, f"{m.meeting(mt)} (held)") for mt in r.meetings]
    done += [(d.date, 2, f"thank-you sent to {m.person(d.slug, d.name)}") for d in r.thank_yous if d.meeting]
    out.append(_list([f"**{day(d)}** · {text}" for d, _, text in sorted(done, key=lambda e: (e[0], e[1]))]))
    if r.overdue or r.backlog:
        out.append(f"## Overdue ({len(r.overdue)})\n")
        if r.overdue:
            out.append(m.items(r.overdue[:LIST_MAX]) + "\n" + _more(len(r.overdue), "`rolodex due` lists them all"))
        if r.backlog:
            out.append(
                m.text(f"And {_count(len(r.backlog), 'item')} overdue by more than a month (the backlog):")
                + " `rolodex due` lists them.\n"
            )
    out.append(f"## Due in the next seven days ({len(r.due)})\n")
    if r.due:
        out.append(m.items(r.due[:LIST_MAX]) + "\n" + _more(len(r.due), "`rolodex due` lists them all"))
    else:
        out.append("Nothing.\n")
    if r.upcoming:
        out.append(f"## Meetings coming up ({len(r.upcoming)})\n")
        out.append(_list([f"**{_when(mt)}** · {m.meeting(mt)}" for mt in r.upcoming]))
    out.append(f"## Going cold ({len(r.cold)})\n")
    out.append(_list([_cold(c, m) for c in r.cold], "Nobody: everyone you have met heard from you in time."))
    out.append(f"## Referrals not yet contacted ({len(r.referrals)})\n")
    out.append(_list([_referral(x, m) for x in r.referrals], "None."))
    out.append(f"## Job changes ({len(r.job_changes)})\n")
    out.append(_list([_change(j, m) for j in r.job_changes], "None seen in the last 30 days."))
    return out


def _more(total: int, where: str) -> str:
    """`…and 12 more: where.` after a list cut at LIST_MAX, else nothing."""
    return f"\n…and {total - LIST_MAX} more: {where}.\n" if total > LIST_MAX else ""


def markdown(r: Review, kb: KB) -> str:
    """The whole review as Markdown to paste into a mail or a notes app."""
    return "\n".join([f"# Weekly review, {day(r.today)}\n", *sections(r, plain_marks(kb))])


def _list(lines: list[str], empty: str = "Nothing.") -> str:
    if not lines:
        return empty + "\n"
    shown = "\n".join(f"- {line}" for line in lines[:LIST_MAX]) + "\n"
    return shown + (f"\n…and {len(lines) - LIST_MAX} more.\n" if len(lines) > LIST_MAX else "")


def _when(mt: Meeting) -> str:
    return day(mt.date) + (f" {mt.time:%H:%M}" if mt.time else "")


def _touch(d: Done, m: Marks) -> str:
    return f"{m.person(d.slug, d.name)} · {m.text(d.kind)}" + (f": {m.text(d.note)}" if d.note else "")


def _cold(c: Cold, m: Marks) -> str:
    return (
        f"{m.person(c.slug, c.name)}: last contact {day(c.last)}, every {c.cadence} days; "
        f"{_count(c.days_over, 'day')} past"
    )


def _referral(x: Referral, m: Marks) -> str:
    who = m.person(x.slug, x.name) + ("" if x.slug else " (not a contact yet)")
    by = ", ".join(m.person(slug, name) for slug, name in x.by)
    text = who + (f", suggested by {by}" if by else "")
    if x.since:
        text += f" on {day(x.since)}"
    return text


def _change(j: JobChange, m: Marks) -> str:
    now = role(j.now_title, j.now_company)
    was = role(j.was_title, j.was_company)
    text = f"{m.person(j.slug, j.name)}: now {m.text(now or 'no company or title')}"
    if was:
        text += f" (was {m.text(was)})"
    return text + f", seen {day(j.date)}: a reason to get in touch"


def role(title: str | None, company: str | None) -> str:
    """`Director at Acme`, `Director`, `Acme`, or ``."""
    return " at ".join(x for x in (title, company) if x)
