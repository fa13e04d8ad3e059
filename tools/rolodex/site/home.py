"""Home: the morning screen (pure).

Today first: the meetings of today and tomorrow with their brief, then the few actions that
cost most if missed (rules/priority.py), holiday and keep-in-touch notes as one line per
batch, and old overdue items folded into a backlog. The week ahead, the upcoming meetings,
the pipeline and recent activity follow.
"""

from __future__ import annotations

import datetime as dt

from rolodex.rules.followups import Due, add_days
from rolodex.rules.priority import plan, until
from rolodex.site.blocks import CALENDAR, CONTACTS, DUE, HOME, MEETINGS, PROBLEMS, badge, day, meeting_link, person
from rolodex.site.charts import funnel, meetings_per_month
from rolodex.site.context import Site
from rolodex.site.items import item_list
from rolodex.site.markup import h, md, meeting_page
from rolodex.site.meetings import upcoming_table
from rolodex.site.wikilinks import resolve_links

RECENT_DAYS = 30
RECENT_MAX = 12
UPCOMING_MAX = 8
ACTIONS_MAX = 7  # "the few actions that matter most today"; the Follow-ups page has them all
SOON_MAX = 8
BACKLOG_SHOWN = 5
BATCH_NAMES = 4
BATCH_WORDS = {
    "holiday": ("holiday note", "holiday notes"),
    "keep-in-touch": ("keep-in-touch note", "keep-in-touch notes"),
}


def home(site: Site) -> str:
    """The dashboard: Today (meetings, actions, batches, backlog), the week, meetings, pipeline, activity."""
    today = site.today
    morning = plan(site.inp.items, today)
    upcoming = [m for m in site.meetings if site.state(m) == "planned" and m.date >= today]

    meta, text = _split_meta(site.inp.home_text or "")
    # No title: the home page's title is the site's name. Like every hub, it stays out of search
    # (a hand-written docs/index.md with front matter of its own decides for itself).
    out = [meta] if meta else ["---\nsearch: {exclude: true}\n---\n"]
    if text.strip():  # docs/index.md: the user's own words above the dashboard
        out.append(resolve_links(text.strip(), HOME, site.resolve, site.inp.hidden) + "\n")
    else:
        out.append(f"# {md(site.inp.site_name)}\n")
    out.append(f'<p class="rolodex-date">{h(f"{today:%A} {today.day} {today:%B %Y}")}</p>\n')

    out.append("## Today\n")
    out.append(_meetings_soon(site) + "\n")
    out.append(_actions(site, morning.actions) + "\n")
    if morning.batches:
        out.append(_batches(site, morning.batches) + "\n")
    if morning.backlog:
        out.append(_backlog(site, morning.backlog) + "\n")

    out.append("## This week\n")
    out.append(_soon(site, morning.soon) + "\n")

    errors = sum(p.severity == "error" for p in site.inp.problems)
    out.append(
        _cards(
            site,
            [
                (len(upcoming), "upcoming meetings", MEETINGS, ""),
                (len(site.kb.contacts), "contacts", CONTACTS, ""),
                (len(site.inp.items), "open follow-ups", DUE, ""),
            ]
            + (
                []
                if site.inp.public
                else [(len(site.inp.problems), "problems in your files", PROBLEMS, "overdue" if errors else "")]
            ),
        )
    )

    out.append("## Upcoming meetings\n")
    if upcoming:
        out.append(upcoming_table(site, HOME, upcoming[:UPCOMING_MAX]) + "\n")
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


def _meetings_soon(site: Site) -> str:
    """Today's and tomorrow's meetings, each with its brief and a print button."""
    today = site.today
    tomorrow = add_days(today, 1)
    soon = [m for m in site.meetings if today <= m.date <= tomorrow and site.state(m) != "cancelled"]
    if not soon:
        return '<p class="rolodex-quiet">No meeting today or tomorrow.</p>'
    rows = []
    for m in soon:
        page = meeting_page(m.slug)
        when = ("Today" if m.date == today else "Tomorrow") + (f" {m.time:%H:%M}" if m.time else "")
        where = f'<span class="rolodex-meeting__where">{h(m.location)}</span>' if m.location else ""
        brief = h(site.href(HOME, page)) + "#pre-meeting-brief"
        rows.append(
            f'<li class="rolodex-meeting"><span class="rolodex-meeting__when">{h(when)}</span> '
            f'<a class="rolodex-meeting__title" href="{h(site.href(HOME, page))}">{h(site.meeting_title(m))}</a> '
            f"{where}"
            f'<span class="rolodex-actions"><a class="rolodex-action" href="{brief}">Open brief</a>'
            f'<a class="rolodex-action" href="{h(site.href(HOME, page + "?print=1"))}">Print</a></span></li>'
        )
    return '<ul class="rolodex-meetings-soon" aria-label="Meetings today and tomorrow">' + "".join(rows) + "</ul>"


def _actions(site: Site, actions: list[Due]) -> str:
    if not actions:
        return '<p class="rolodex-quiet">Nothing else is due today. Well done.</p>'
    text = item_list(site, HOME, actions[:ACTIONS_MAX])
    more = len(actions) - ACTIONS_MAX
    if more > 0:
        text += f'<p class="rolodex-more"><a href="{h(site.href(HOME, DUE))}">{more} more due now on the Follow-ups page</a></p>'
    return text


def _batches(site: Site, batches: dict[str, list[Due]]) -> str:
    """`7 holiday notes by Dec 31`: notes you write in one sitting, one line per kind."""
    lines = []
    for kind, items in batches.items():
        one, many = BATCH_WORDS.get(kind, (kind, kind))
        last = max(until(i) for i in items)
        names = ", ".join(i.name or "" for i in items[:BATCH_NAMES]) + (
            f" and {len(items) - BATCH_NAMES} more" if len(items) > BATCH_NAMES else ""
        )
        href = h(site.href(HOME, DUE)) + f"#{kind}"
        count = f"{len(items)} {one if len(items) == 1 else many}"
        lines.append(
            f'<li><a href="{href}">{h(count)} by {h(f"{last:%b} {last.day}")}</a> '
            f'<span class="rolodex-quiet">{h(names)}</span></li>'
        )
    return '<ul class="rolodex-batches" aria-label="Notes to write in one sitting">' + "".join(lines) + "</ul>"


def _backlog(site: Site, backlog: list[Due]) -> str:
    """Items overdue by more than a month, folded: the newest few, and the count."""
    n = len(backlog)
    text = (
        f'<details class="rolodex-backlog"><summary>Backlog: {n} item{"s" if n != 1 else ""} overdue by more '
        "than a month</summary>"
        + item_list(site, HOME, backlog[:BACKLOG_SHOWN])
        + f'<p class="rolodex-more"><a href="{h(site.href(HOME, DUE))}#backlog">The whole backlog</a></p></details>'
    )
    return text


def _soon(site: Site, soon: list[Due]) -> str:
    if not soon:
        return f'<p class="rolodex-quiet">Nothing more this week. <a href="{h(site.href(HOME, CALENDAR))}">Calendar file</a></p>'
    text = item_list(site, HOME, soon[:SOON_MAX])
    more = len(soon) - SOON_MAX
    links = f'<a href="{h(site.href(HOME, DUE))}">All follow-ups</a> · <a href="{h(site.href(HOME, CALENDAR))}">Calendar file</a>'
    if more > 0:
        links = f"{more} more this week: " + links
    return text + f'<p class="rolodex-more">{links}</p>'


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
