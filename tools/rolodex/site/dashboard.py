"""The pages that answer "what should I do now": Home, Follow-ups, Meet list (pure)."""

from __future__ import annotations

import datetime as dt

from rolodex.core.model import Contact
from rolodex.rules.followups import add_days
from rolodex.site.blocks import (
    CALENDAR,
    CONTACTS,
    DUE,
    HOME,
    MEET_LIST,
    MEETINGS,
    PROBLEMS,
    badge,
    day,
    item_list,
    meeting_link,
    person,
    relative,
    table,
)
from rolodex.site.charts import funnel, meetings_per_month
from rolodex.site.context import Site, grouped
from rolodex.site.markup import front_matter, h, md
from rolodex.site.wikilinks import resolve_links

RECENT_DAYS = 30
RECENT_MAX = 12
UPCOMING_MAX = 8
HOME_MAX = 15  # items per list on Home; the Follow-ups page has them all


def home(site: Site) -> str:
    """The dashboard: due now and this week, upcoming meetings, the pipeline, activity."""
    today = site.today
    groups = grouped(site.inp.items, today)
    now = groups["overdue"] + groups["today"]
    week = groups["this week"]
    upcoming = [m for m in site.meetings if site.state(m) == "planned" and m.date >= today]
    errors = sum(p.severity == "error" for p in site.inp.problems)

    meta, text = _split_meta(site.inp.home_text or "")
    out = [meta] if meta else []  # no title: the home page's title is the site's name
    if text.strip():  # docs/index.md: the user's own words above the dashboard
        out.append(resolve_links(text.strip(), HOME, site.resolve, site.inp.hidden) + "\n")
    else:
        out.append(f"# {md(site.inp.site_name)}\n")
    out.append(f"*{md(day(today))}.* Everything below is computed from your files.\n")
    out.append(
        _cards(
            site,
            [
                (len(now), "due now", DUE, "overdue" if groups["overdue"] else ""),
                (len(week), "due this week", DUE, ""),
                (len(upcoming), "upcoming meetings", MEETINGS, ""),
                (len(site.kb.contacts), "contacts", CONTACTS, ""),
            ]
            + (
                []
                if site.inp.public
                else [(len(site.inp.problems), "problems in your files", PROBLEMS, "overdue" if errors else "")]
            ),
        )
    )

    out.append("## Due now\n")
    out.append(_capped(site, now, "Nothing is due. Well done."))
    out.append("## This week\n")
    out.append(_capped(site, week, "Nothing more this week."))
    out.append(f"[All follow-ups]({DUE}) · [Calendar file]({CALENDAR})\n")

    out.append("## Upcoming meetings\n")
    if upcoming:
        rows = [
            (
                md(day(m.date)) + (f" {md(m.time.strftime('%H:%M'))}" if m.time else ""),
                meeting_link(site, HOME, m.slug, site.meeting_title(m)),
                md(m.location or ""),
                md(relative(m.date, today)),
            )
            for m in upcoming[:UPCOMING_MAX]
        ]
        out.append(table(["When", "Meeting", "Where", ""], rows) + "\n")
        if len(upcoming) > UPCOMING_MAX:
            out.append(f"[All {len(upcoming)} upcoming meetings]({MEETINGS})\n")
    else:
        out.append("No meeting planned. Pick someone from your [meet list](meet-list.md).\n")

    out.append("## Pipeline\n")
    out.append(funnel(site, HOME) + "\n")
    out.append("## Meetings per month\n")
    out.append(meetings_per_month(site) + "\n")
    out.append("## Recent activity\n")
    out.append(_recent(site) + "\n")
    return "\n".join(out)


def _capped(site: Site, items: list, empty: str) -> str:
    """A dashboard list: the first few items, and a link to the rest on the Follow-ups page."""
    text = item_list(site, HOME, items[:HOME_MAX], empty=empty) + "\n"
    if len(items) > HOME_MAX:
        text += f"\n…and [{len(items) - HOME_MAX} more]({DUE}).\n"
    return text


def _split_meta(text: str) -> tuple[str, str]:
    """A hand-written home page's own front matter (kept as is) and its text."""
    text = text.lstrip("\ufeff")
    if text.startswith("---\n") or text.startswith("---\r\n"):
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines[1:], 1):
            if line.rstrip() in ("---", "..."):
                return "".join(lines[: i + 1]), "".join(lines[i + 1 :])
    return "", text


def _cards(site: Site, cards: list[tuple[int, str, str, str]]) -> str:
    html = ['<div class="rolodex-cards" data-search-exclude>']
    for number, label, path, tone in cards:
        cls = "rolodex-card" + (f" rolodex-card--{tone}" if tone else "")
        html.append(f'<a class="{cls}" href="{h(site.href(HOME, path))}"><strong>{number}</strong> {h(label)}</a>')
    html.append("</div>")
    return "\n".join(html) + "\n"


def _recent(site: Site) -> str:
    """Touches and held meetings of the last month, newest first."""
    since = add_days(site.today, -RECENT_DAYS)
    events: list[tuple[dt.date, str, str]] = []
    for contact in site.contacts:
        for touch in contact.touches:
            if since <= touch.date <= site.today:
                what = badge(touch.kind) + (f" {md(touch.note)}" if touch.note else "")
                events.append((touch.date, contact.name.casefold(), f"{person(site, HOME, contact.slug)}: {what}"))
    for meeting in site.meetings:
        if since <= meeting.date <= site.today and site.state(meeting) == "held":
            events.append((meeting.date, "", meeting_link(site, HOME, meeting.slug, site.meeting_title(meeting))))
    events.sort(key=lambda e: (e[0], e[1]), reverse=True)
    if not events:
        return f"Nothing in the last {RECENT_DAYS} days."
    return "\n".join(f"- **{md(day(d))}** · {text}" for d, _, text in events[:RECENT_MAX])


def followups(site: Site) -> str:
    """Every open item, grouped by urgency, each with a pre-filled email."""
    groups = grouped(site.inp.items, site.today)
    out = [front_matter("Follow-ups"), "# Follow-ups\n"]
    total = len(site.inp.items)
    out.append(
        f"{total} open item{'s' if total != 1 else ''} on {md(day(site.today))}. "
        "Each **✉ email** link opens a draft in your mail program; once done, close the item with "
        "`rolodex done ID`. The same list is in [your calendar](calendar.ics).\n"
    )
    headings = {"overdue": "Overdue", "today": "Today", "this week": "This week", "later": "Later"}
    for key, heading in headings.items():
        items = groups[key]
        out.append(f"## {heading} ({len(items)})\n")
        out.append(item_list(site, DUE, items, empty="Nothing.") + "\n")
    return "\n".join(out)


def meet_list(site: Site) -> str:
    """Prospects by priority with why you want to meet them; outreach waiting for a reply."""
    prospects = [c for c in site.contacts if site.stages[c.slug] == "prospect"]
    out = [front_matter("Meet list"), "# Meet list\n"]
    out.append(
        f"{len(prospects)} {'people' if len(prospects) != 1 else 'person'} you want to meet. Start with a short, "
        "friendly email asking for about 15 minutes of advice; **✉ draft** opens one. Then record it with "
        "`rolodex log SLUG outreach`.\n"
    )
    for priority, heading in (
        ("high", "High priority"),
        ("medium", "Medium priority"),
        ("low", "Low priority"),
        (None, "No priority set"),
    ):
        group = [c for c in prospects if c.priority == priority]
        if not group:
            continue
        out.append(f"## {heading} ({len(group)})\n")
        rows = [
            (
                person(site, MEET_LIST, c.slug),
                md(_role(c)),
                md(c.goal or ""),
                _introduced(site, c),
                f'<a class="rolodex-mail" href="{h(site.outreach_link(c))}">✉ draft</a>',
            )
            for c in group
        ]
        out.append(table(["Name", "Role", "Why meet them", "Via", ""], rows) + "\n")
    waiting = _waiting(site)
    out.append(f"## Waiting for a reply ({len(waiting)})\n")
    if waiting:
        rows = []
        for contact, asked, count in waiting:
            nudge = next((i for i in site.items_by_contact.get(contact.slug, []) if i.kind == "nudge"), None)
            mail = site.mail_link(nudge) if nudge else None
            nxt = (
                md(day(nudge.due)) + (f' <a class="rolodex-mail" href="{h(mail)}">✉ nudge</a>' if mail else "")
                if nudge
                else md(f"stopped after {count} messages")
            )
            rows.append(
                (
                    person(site, MEET_LIST, contact.slug),
                    md(_role(contact)),
                    md(day(asked)),
                    md(relative(asked, site.today)),
                    nxt,
                )
            )
        out.append(table(["Name", "Role", "Asked", "", "Next nudge"], rows) + "\n")
    else:
        out.append("Nobody: every message you sent has an answer.\n")
    return "\n".join(out)


def _role(contact: Contact) -> str:
    if contact.title and contact.company:
        return f"{contact.title}, {contact.company}"
    return contact.title or contact.company or ""


def _introduced(site: Site, contact: Contact) -> str:
    by = site.introduced_by.get(contact.slug)
    if by:
        return ", ".join(person(site, MEET_LIST, slug) for slug, _ in by)
    return md(contact.source or "")


def _waiting(site: Site) -> list[tuple[Contact, dt.date, int]]:
    """Contacts whose latest outreach has no reply and no meeting since: (contact, asked on, messages)."""
    out = []
    for contact in site.contacts:
        if contact.archived:
            continue
        outreach = [t.date for t in contact.touches if t.kind == "outreach"]
        if not outreach:
            continue
        last = max(outreach)
        replies = [t.date for t in contact.touches if t.kind == "reply"]
        if any(d >= last for d in replies):
            continue
        if any(m.date >= last and site.state(m) != "cancelled" for m in site.kb.meetings_with(contact.slug)):
            continue
        latest_reply = max(replies, default=None)
        count = sum(1 for d in outreach if latest_reply is None or d > latest_reply)
        out.append((contact, last, count))
    out.sort(key=lambda e: (e[1], e[0].name.casefold()))
    return out
