"""Small pieces every page uses: page paths, dates, badges, item lines, tables (pure)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from rolodex.core.model import FollowUpTask
from rolodex.rules.followups import Due
from rolodex.site.context import HEALTH_TEXT, STAGE_LABELS, Site, urgency
from rolodex.site.markup import contact_page, external_link, file_url, h, link, md, meeting_page, safe_name

HOME = "index.md"
DUE = "due.md"
MEET_LIST = "meet-list.md"
CONTACTS = "contacts/index.md"
MEETINGS = "meetings/index.md"
COMPANIES = "companies.md"
TAGS = "tags.md"
NETWORK = "network.md"
PROBLEMS = "problems.md"
CALENDAR = "calendar.ics"

HUBS = (  # (title, path) in navigation order
    ("Home", HOME),
    ("Follow-ups", DUE),
    ("Meet list", MEET_LIST),
    ("Contacts", CONTACTS),
    ("Meetings", MEETINGS),
    ("Companies", COMPANIES),
    ("Tags", TAGS),
    ("Network", NETWORK),
    ("Problems", PROBLEMS),
)

KIND_LABELS = {
    "thank-you": "thank-you",
    "referral": "referral",
    "nudge": "nudge",
    "prep": "research",
    "holiday": "holiday",
    "keep-in-touch": "keep in touch",
    "follow-up": "promise",
}


def day(d: dt.date | dt.datetime | None) -> str:
    """`Thu 2026-11-26`: the weekday helps plan a week; ISO keeps it unambiguous."""
    if d is None:
        return ""
    return f"{d:%a} {d.isoformat()}" if not isinstance(d, dt.datetime) else f"{d:%a} {d.date().isoformat()}"


def relative(d: dt.date, today: dt.date) -> str:
    """today, tomorrow, in 3 days, yesterday, 5 days ago."""
    n = (d - today).days
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n == -1:
        return "yesterday"
    return f"in {n} days" if n > 0 else f"{-n} days ago"


def css_class(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def badge(text: str, kind: str = "") -> str:
    """An inline label (Markdown context); `kind` picks its colour."""
    cls = f" rolodex-badge--{css_class(kind or text)}"
    return f'<span class="rolodex-badge{cls}">{md(text)}</span>'


def person(site: Site, src: str, slug: str | None, fallback: str | None = None) -> str:
    """A link to a contact's page, or their name as text when there is no page."""
    if slug and slug in site.kb.contacts:
        return link(src, contact_page(slug), site.kb.contacts[slug].name)
    return md(fallback or slug or "")


def meeting_link(site: Site, src: str, slug: str | None, label: str | None = None) -> str:
    if slug and slug in site.kb.meetings:
        meeting = site.kb.meetings[slug]
        return link(src, meeting_page(slug), label or f"{site.meeting_title(meeting)} ({meeting.date.isoformat()})")
    return md(label or slug or "")


def item_line(site: Site, src: str, item: Due, *, who: bool = True) -> str:
    """One due item as a list entry: when, what, with whom, an email link (see `Site.mail_link`) and its id."""
    when = f"**{md(day(item.due))}**"
    late = urgency(item, site.today)
    rel_text = relative(item.due, site.today)
    if late == "overdue":
        when += f" {badge(rel_text, 'overdue')}"
    elif late == "today":
        when += f" {badge('today', 'today')}"
    else:
        when += f" ({md(rel_text)})"
    parts = [when, badge(KIND_LABELS.get(item.kind, item.kind), item.kind), md(item.title)]
    if who and item.contact:
        parts.append(person(site, src, item.contact))
    if item.meeting and item.meeting in site.kb.meetings:
        parts.append(meeting_link(site, src, item.meeting, "the meeting"))
    mail = site.mail_link(item)
    if mail is not None:  # a note to yourself without `me.email` gets no link
        parts.append(f'<a class="rolodex-mail" href="{h(mail)}" title="Open a draft in your mail program">✉ email</a>')
    parts.append(f'<code class="rolodex-id">{md(item.id)}</code>')
    return "- " + " · ".join(parts)


def item_list(site: Site, src: str, items: Iterable[Due], *, who: bool = True, empty: str = "Nothing.") -> str:
    lines = [item_line(site, src, item, who=who) for item in items]
    return "\n".join(lines) if lines else md(empty)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be Markdown-safe (built with `md`/`link`)."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        out.append("| " + " | ".join(cell or " " for cell in row) + " |")
    return "\n".join(out)


def follow_up_table(tasks: Iterable[FollowUpTask]) -> str:
    """A meeting's or a contact's `follow_ups`: task, due day, open or done."""
    rows = [
        (
            md(t.task),
            md(day(t.due)),
            badge("done " + t.done.isoformat() if isinstance(t.done, dt.date) else "done", "done")
            if t.is_done
            else badge("open", "open"),
        )
        for t in tasks
    ]
    return table(["Task", "Due", ""], rows)


def anchor(prefix: str, key: str) -> str:
    """A stable element id for a tag or company section."""
    return f"{prefix}-{safe_name(key)}"


def anchor_div(ident: str) -> str:
    """A raw anchor MkDocs keeps as is (heading ids depend on the user's toc settings)."""
    return f'<div class="rolodex-anchor" id="{ident}"></div>'


def stage_badge(stage: str) -> str:
    return badge(STAGE_LABELS.get(stage, stage), f"stage-{stage}")


def health_badge(health: str) -> str:
    return badge(HEALTH_TEXT.get(health, health), f"health-{health}")


def source_link(site: Site, path: str, line: int | None = None) -> str:
    """The file a page comes from, linked to where the KB is browsable when the site knows."""
    text = f"{path}:{line}" if line else path
    if site.inp.edit_base:
        return external_link(file_url(site.inp.edit_base, path) + (f"#L{line}" if line else ""), text)
    return f"<code>{md(text)}</code>"
