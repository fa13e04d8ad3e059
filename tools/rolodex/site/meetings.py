"""Pages about meetings: upcoming and past, and one page per meeting with its brief (pure)."""

from __future__ import annotations

from rolodex.core.model import Meeting
from rolodex.rules.followups import add_days, thanked_on
from rolodex.site import sections
from rolodex.site.blocks import (
    CALENDAR,
    HUB_SEARCH,
    MEETINGS,
    RECORD_SEARCH,
    TAGS,
    anchor,
    badge,
    day,
    fields,
    follow_up_table,
    html_table,
    meeting_a,
    person_a,
    plain_table,
    relative,
    source_link,
)
from rolodex.site.context import Site
from rolodex.site.items import item_list
from rolodex.site.markup import a, front_matter, h, html_block, md, meeting_page, notes_text, rel
from rolodex.site.wikilinks import Resolver, resolve_links

KIND_WORDS = {
    "informational": "informational interview",
    "coffee": "coffee",
    "call": "phone call",
    "video": "video call",
    "event": "event",
    "other": "meeting",
}


# Past meetings the Meetings page lists itself; beyond them every past meeting is on a page
# per month (`meetings/past/2025-11.md`), so that no page grows with the size of the KB.
HUB_PAST = 100
HUB_CANCELLED = 20
PAST_FOLDER = "meetings/past"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_page(year: int, month: int) -> str:
    """The page of one month's past meetings (no record page can be in a subfolder: see safe_name)."""
    return f"{PAST_FOLDER}/{year:04d}-{month:02d}.md"


def meetings_hub(site: Site) -> dict[str, str]:
    """The Meetings page (upcoming, then the latest past ones by year, newest first) and, once
    there are more than it shows, one page per month of past meetings, by docs-relative path."""
    src = MEETINGS
    upcoming = [m for m in site.meetings if site.state(m) == "planned"]
    past = [m for m in reversed(site.meetings) if site.state(m) == "held"]
    cancelled = [m for m in reversed(site.meetings) if site.state(m) == "cancelled"]
    folded = len(past) > HUB_PAST or len(cancelled) > HUB_CANCELLED
    months: dict[tuple[int, int], list[Meeting]] = {}
    if folded:
        for m in sorted(past + cancelled, key=lambda m: m.date, reverse=True):
            months.setdefault((m.date.year, m.date.month), []).append(m)
    out = [front_matter("Meetings", search=HUB_SEARCH), "# Meetings\n"]
    out.append(
        f"{len(upcoming)} planned, {len(past)} held, {len(cancelled)} cancelled. "
        f"Add them to your calendar app: [calendar.ics]({rel(src, CALENDAR)}).\n"
    )
    if months:
        out.append("[Every past meeting, month by month](#by-month).\n")
    out.append(f"## Upcoming ({len(upcoming)})\n")
    out.append((html_block(upcoming_table(site, src, upcoming)) if upcoming else "Nothing planned.") + "\n")
    out.append(f"## Past ({len(past)})\n")
    shown = past[:HUB_PAST] if folded else past
    if folded and len(past) > len(shown):
        out.append(f"The latest {len(shown)}; the rest [month by month](#by-month).\n")
    out += _past_tables(site, src, shown)
    if cancelled:
        out.append(f"## Cancelled ({len(cancelled)})\n")
        listed = cancelled[:HUB_CANCELLED] if folded else cancelled
        if len(listed) < len(cancelled):
            out.append(f"The latest {len(listed)}; the rest [month by month](#by-month).\n")
        out.append(_cancelled_list(site, src, listed) + "\n")
    pages: dict[str, str] = {}
    if months:
        out.append(html_block('<h2 id="by-month">Month by month</h2>' + _month_index(site, src, months)) + "\n")
        keys = list(months)
        for i, key in enumerate(keys):
            newer = keys[i - 1] if i > 0 else None
            older = keys[i + 1] if i + 1 < len(keys) else None
            pages[month_page(*key)] = _month(site, key, months[key], newer, older)
    return {MEETINGS: "\n".join(out), **pages}


def _past_tables(site: Site, src: str, past: list[Meeting]) -> list[str]:
    """Held meetings (newest first) as one table per year."""
    out = []
    year = None
    rows: list[tuple[str, ...]] = []
    for m in past:
        if m.date.year != year:
            if rows:
                out.append(plain_table(["Date", "Meeting", "Where", "Thank-you"], rows) + "\n")
                rows = []
            year = m.date.year
            out.append(f"### {year}\n")
        thanked = thanked_on(site.kb, m)
        rows.append(
            (
                md(day(m.date)),
                meeting_a(site, src, m.slug, site.meeting_title(m)),
                md(m.location or ""),
                md(thanked.isoformat()) if thanked else _thanks_state(site, m),
            )
        )
    if rows:
        out.append(plain_table(["Date", "Meeting", "Where", "Thank-you"], rows) + "\n")
    return out


def _cancelled_list(site: Site, src: str, cancelled: list[Meeting]) -> str:
    return html_block(
        "<ul>"
        + "".join(
            f"<li>{md(day(m.date))} · {meeting_a(site, src, m.slug, site.meeting_title(m))}</li>" for m in cancelled
        )
        + "</ul>"
    )


def _month_name(key: tuple[int, int]) -> str:
    return f"{MONTHS[key[1] - 1]} {key[0]}"


def _month_index(site: Site, src: str, months: dict[tuple[int, int], list[Meeting]]) -> str:
    """One line per year, newest first: its months, each linked with its number of meetings."""
    years: dict[int, list[str]] = {}
    for key, meetings in months.items():
        label = f"{MONTHS[key[1] - 1][:3]} ({len(meetings)})"
        title = f"{len(meetings)} past meeting{'s' if len(meetings) != 1 else ''} in {_month_name(key)}"
        years.setdefault(key[0], []).append(
            f'<a href="{h(site.href(src, month_page(*key)))}" title="{h(title)}">{h(label)}</a>'
        )
    return (
        '<ul class="rolodex-months">'
        + "".join(f"<li><strong>{year}</strong>: {' · '.join(reversed(links))}</li>" for year, links in years.items())
        + "</ul>"
    )


def _month(
    site: Site,
    key: tuple[int, int],
    meetings: list[Meeting],
    newer: tuple[int, int] | None,
    older: tuple[int, int] | None,
) -> str:
    """One month's past meetings: held ones as on the Meetings page, then cancelled ones."""
    src = month_page(*key)
    heading = f"Meetings in {_month_name(key)}"
    held = [m for m in meetings if site.state(m) == "held"]
    cancelled = [m for m in meetings if site.state(m) == "cancelled"]
    nav = [f'<a href="{h(site.href(src, MEETINGS))}#by-month">All months</a>']
    if newer:
        nav.append(f'<a href="{h(site.href(src, month_page(*newer)))}">{h(_month_name(newer))}</a>')
    if older:
        nav.append(f'<a href="{h(site.href(src, month_page(*older)))}">{h(_month_name(older))}</a>')
    links = html_block('<nav class="rolodex-jump" aria-label="Months">' + " · ".join(nav) + "</nav>") + "\n"
    out = [front_matter(heading, search=HUB_SEARCH), f"# {md(heading)}\n", links]
    out.append(f"{len(held)} held, {len(cancelled)} cancelled.\n")
    if held:
        out.append(f"## Held ({len(held)})\n")
        out += _past_tables(site, src, held)[1:]  # one year: no year heading
    if cancelled:
        out.append(f"## Cancelled ({len(cancelled)})\n")
        out.append(_cancelled_list(site, src, cancelled) + "\n")
    out.append(links)
    return "\n".join(out)


def upcoming_table(site: Site, src: str, meetings: list[Meeting]) -> str:
    """Planned meetings as an HTML table (cards on a phone): when, who, where, and the brief."""
    rows = []
    for m in meetings:
        page = site.href(src, meeting_page(m.slug))
        if m.date >= site.today:
            soon = h(relative(m.date, site.today))
        else:
            soon = '<span class="rolodex-badge rolodex-badge--overdue">date passed</span>'
        rows.append(
            (
                h(day(m.date)) + (f" {m.time:%H:%M}" if m.time else ""),
                f'<a href="{h(page)}">{h(site.meeting_title(m))}</a>',
                h(m.location or ""),
                soon,
                f'<a class="rolodex-action" href="{h(page)}#pre-meeting-brief">Open brief</a>',
            )
        )
    return html_table(["When", "Meeting", "Where", "", "Brief"], rows, cls="rolodex-upcoming", action=4)


def _thanks_state(site: Site, m: Meeting) -> str:
    if any(i.kind == "thank-you" for i in site.items_by_meeting.get(m.slug, [])):
        return badge("due", "overdue")
    return ""


def reminders(site: Site, m: Meeting) -> list[str]:
    """What matters at an informational interview, for the printed brief."""
    minutes = m.duration or site.kb.settings.meeting_minutes
    thanks = add_days(m.date, site.kb.settings.thank_you_days)
    return [  # HTML: the numbers and dates are ours, the rest is fixed text
        f"<strong>Keep it to about {minutes} minutes.</strong> Respect their time; offer to stop when the time is up.",
        "<strong>Be professional.</strong> Arrive early, dress for their workplace, put your phone away.",
        "<strong>Bring copies of your resume and business cards.</strong> Offer them; don&#39;t push.",
        "<strong>Ask for referrals.</strong> &ldquo;Who else would you recommend I talk to?&rdquo;",
        "<strong>Never ask for a job.</strong> You are there to learn about their career and field.",
        f"<strong>Thank them within a day</strong> (by {h(day(thanks))}), and mention something you learned.",
    ]


# Body sections that prepare a meeting: shown with the brief.
BRIEF_SECTIONS = frozenset({"research", "questions"})


def meeting(site: Site, m: Meeting, resolver: Resolver) -> str:
    """One meeting: details, the printable brief, your notes, referrals, follow-ups, what is due.

    Before the meeting the brief comes first, with your Research and Questions, and printing
    stops after them. Once it is held, what you talked about comes first: your Notes and
    Takeaways (every section but Research and Questions), what came of it, then the brief.
    Headings with nothing under them but the template's comments are left out. Everything
    but the headings and the notes is HTML (`html_block`): Markdown reads only those.
    """
    src = meeting_page(m.slug)
    title = site.meeting_title(m)
    status = site.state(m)
    out = [front_matter(f"{title} ({m.date.isoformat()})", search=RECORD_SEARCH), f"# {md(title)}\n"]
    out.append(
        html_block("<p>" + " ".join([badge(status, status), badge(KIND_WORDS.get(m.kind, m.kind), "kind")]) + "</p>")
        + "\n"
    )
    out.append(_details(site, m, src) + "\n")

    body = sections.drop_empty(notes_text(m.body)).strip()
    # On its day a meeting counts as held (FORMAT §3), but it may not have started: brief first.
    if status != "held" or (m.date == site.today and m.status_set is None):
        out += _brief(site, m, src, printable=True)
        if body:
            out.append(resolve_links(body, src, resolver, site.inp.hidden) + "\n")
        # Printing stops here: the brief and your notes are what you take to the meeting.
        out.append(html_block('<div class="rolodex-print-stop"></div>') + "\n")
        out += _outcomes(site, m, src)
        return "\n".join(out)

    head, parts = sections.split(body)
    notes = [text for text in [head] + [p.text for p in parts if p.title.casefold() not in BRIEF_SECTIONS] if text]
    prepared = [p.text for p in parts if p.title.casefold() in BRIEF_SECTIONS]
    for text in notes:
        out.append(resolve_links(text, src, resolver, site.inp.hidden) + "\n")
    out += _outcomes(site, m, src)
    out += _brief(site, m, src, printable=False)
    for text in prepared:
        out.append(resolve_links(text, src, resolver, site.inp.hidden) + "\n")
    return "\n".join(out)


def _brief(site: Site, m: Meeting, src: str, *, printable: bool) -> list[str]:
    """Who you meet and why, the reminders, your prepared questions (a print button before the meeting)."""
    out = ["## Pre-meeting brief\n"]
    html = []
    if printable:
        html.append(
            '<div class="rolodex-brief-actions" data-search-exclude><button type="button" class="md-button" '
            "data-rolodex-print>Print this brief</button></div>"
        )
    html += [_about(site, slug, m, src) for slug in dict.fromkeys(m.contacts)]
    html.append(
        '<div class="rolodex-reminders" data-search-exclude><p><strong>Reminders</strong></p><ul>'
        + "".join(f"<li>{line}</li>" for line in reminders(site, m))
        + "</ul></div>"
    )
    if m.questions:
        html.append("<p><strong>Questions to ask</strong></p>")
        html.append("<ol>" + "".join(f"<li>{md(q)}</li>" for q in m.questions) + "</ol>")
    out.append(html_block("".join(html)) + "\n")
    return out


def _outcomes(site: Site, m: Meeting, src: str) -> list[str]:
    """What came of the meeting: referrals, promises, and what is due."""
    out = []
    if m.referrals:
        out.append("## Referrals\n")
        lines = []
        for r in m.referrals:
            slug = site.referral_slug(r)
            who = person_a(site, src, slug, r.name or (r.contact.target if r.contact else ""))
            note = f": {md(r.note)}" if r.note else ""
            state = "" if slug else " " + badge("not a contact yet", "missing")
            lines.append(f"<li>{who}{note}{state}</li>")
        out.append(html_block("<ul>" + "".join(lines) + "</ul>") + "\n")
    if m.follow_ups:
        out.append("## Follow-ups promised\n")
        out.append(follow_up_table(m.follow_ups) + "\n")
    items = site.items_by_meeting.get(m.slug, [])
    if items:
        out.append("## Due\n")
        out.append(html_block(item_list(site, src, items)) + "\n")
    return out


def _details(site: Site, m: Meeting, src: str) -> str:
    when = day(m.date) + (f" at {m.time.strftime('%H:%M')}" if m.time else "")
    minutes = m.duration or site.kb.settings.meeting_minutes
    rows = [("When", md(f"{when}, {minutes} minutes"))]
    people = [person_a(site, src, r.slug, r.target) for r in m.with_]
    rows.append(("With", ", ".join(people) or md("nobody named")))
    if m.location:
        rows.append(("Where", md(m.location)))
    thanked = thanked_on(site.kb, m)  # the `thank_you` key, or thank-you touches on the people met
    if thanked:
        rows.append(("Thank-you sent", md(day(thanked))))
    if m.tags:
        tags_href = site.href(src, TAGS)
        rows.append(("Tags", " · ".join(a(f"{tags_href}#{anchor('tag', t)}", t) for t in m.tags)))
    if m.uid:
        rows.append(("Calendar event", f'<span class="rolodex-ref">{md(m.uid)}</span>'))
    rows.append(("File", source_link(site, m.path)))
    return fields(rows)


def _about(site: Site, slug: str, m: Meeting, src: str) -> str:
    """Who you are meeting, in three lines: role, why, how you know them."""
    c = site.kb.contacts[slug]
    role = " at ".join(x for x in (c.title, c.company) if x)
    lines = [f"<strong>{person_a(site, src, slug)}</strong>" + (f" — {md(role)}" if role else "")]
    if c.goal:
        lines.append(f"Why: {md(c.goal)}")
    by = site.introduced_by.get(slug)
    if by:
        lines.append("Introduced by " + ", ".join(person_a(site, src, s) for s, _ in by))
    earlier = [x for x in site.kb.meetings_with(slug) if x.date < m.date and site.state(x) == "held"]
    if earlier:
        lines.append(
            f"Met {len(earlier)} time{'s' if len(earlier) != 1 else ''} before, last on "
            + meeting_a(site, src, earlier[-1].slug, earlier[-1].date.isoformat())
        )
    return "<p>" + "<br>".join(lines) + "</p>"
