"""Small pieces every page uses: page paths, dates, badges, item lines, tables (pure)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from rolodex.core.model import FollowUpTask
from rolodex.rules.status import STEP_LABELS
from rolodex.site.context import HEALTH_TEXT, STAGE_LABELS, Site
from rolodex.site.markup import (
    a,
    contact_page,
    external_link,
    file_url,
    h,
    html_block,
    link,
    md,
    meeting_page,
    safe_name,
)

HOME = "index.md"
DUE = "due.md"
MEET_LIST = "meet-list.md"
CONTACTS = "contacts/index.md"
MEETINGS = "meetings/index.md"
COMPANIES = "companies.md"
TAGS = "tags.md"
NETWORK = "network.md"
PROBLEMS = "problems.md"
REVIEW = "week.md"
INSIGHTS = "stats.md"
CALENDAR = "calendar.ics"

# Hub pages list everyone: in search they would outrank the person's own page for a name or a
# company, and the search index would carry every list twice. They stay out of it.
HUB_SEARCH = {"exclude": True}
# Record pages are not indexed whole either: each stands in the index as one short entry (site/search.py).
RECORD_SEARCH = {"exclude": True}

HUBS = (  # (title, path) in navigation order
    ("Home", HOME),
    ("Follow-ups", DUE),
    ("Weekly review", REVIEW),
    ("Meet list", MEET_LIST),
    ("Contacts", CONTACTS),
    ("Meetings", MEETINGS),
    ("Companies", COMPANIES),
    ("Tags", TAGS),
    ("Network", NETWORK),
    ("Insights", INSIGHTS),
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
    "schedule": "schedule",
    "record": "record",
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


def _person_target(site: Site, slug: str | None, fallback: str | None) -> tuple[str | None, str]:
    """A contact reference's page (None when there is none) and the text it shows."""
    if slug and slug in site.kb.contacts:
        return contact_page(slug), site.kb.contacts[slug].name
    return None, fallback or slug or ""


def _meeting_target(site: Site, slug: str | None, label: str | None) -> tuple[str | None, str]:
    """A meeting reference's page (None when there is none) and the text it shows."""
    if slug and slug in site.kb.meetings:
        meeting = site.kb.meetings[slug]
        return meeting_page(slug), label or f"{site.meeting_title(meeting)} ({meeting.date.isoformat()})"
    return None, label or slug or ""


def person(site: Site, src: str, slug: str | None, fallback: str | None = None) -> str:
    """A link to a contact's page, or their name as text when there is no page."""
    page, text = _person_target(site, slug, fallback)
    return link(src, page, text) if page else md(text)


def meeting_link(site: Site, src: str, slug: str | None, label: str | None = None) -> str:
    page, text = _meeting_target(site, slug, label)
    return link(src, page, text) if page else md(text)


def person_a(site: Site, src: str, slug: str | None, fallback: str | None = None) -> str:
    """`person` as HTML, for a generated HTML block."""
    page, text = _person_target(site, slug, fallback)
    return a(site.href(src, page), text) if page else md(text)


def meeting_a(site: Site, src: str, slug: str | None, label: str | None = None) -> str:
    """`meeting_link` as HTML, for a generated HTML block."""
    page, text = _meeting_target(site, slug, label)
    return a(site.href(src, page), text) if page else md(text)


def fields(rows: Iterable[tuple[str, str]]) -> str:
    """A record's values as a list of `Label: value` (an HTML block; values already HTML)."""
    return html_block("<ul>" + "".join(f"<li><strong>{h(k)}:</strong> {v}</li>" for k, v in rows) + "</ul>")


def plain_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """`table` as an HTML block, as Markdown would have made it (cells already HTML)."""
    head = "".join(f"<th>{h(title)}</th>" for title in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return html_block(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str | tuple[str | None, str, str]]],
    *,
    cls: str = "",
    action: int | None = None,
    labels: bool = True,
    shown: int | None = None,
) -> str:
    """An HTML table whose rows become cards on a phone (rolodex.css); cells must already be HTML.

    Each cell carries its column's name for the card's labels (`labels=False`: the stylesheet
    names them, for a table of a thousand rows); column `action` holds what you act on, and a
    card shows it in its top row, next to the first cell. Rows after the first `shown` start
    hidden (rolodex.js shows them on demand; `NOSCRIPT_ROWS` shows them without JavaScript).
    """
    head = "".join(f'<th scope="col">{h(title)}</th>' for title in headers)
    body: list[str] = []
    for row in rows:
        cells = []
        for i, (title, cell) in enumerate(zip(headers, row)):
            extra = ' class="rolodex-cell--action"' if i == action else ""
            if isinstance(cell, tuple):  # (sort key or None, more attributes, HTML): keys on the cell itself
                key, attributes, cell = cell
                extra += (f' data-sort="{h(key)}"' if key is not None else "") + attributes
            label = f' data-label="{h(title)}"' if labels and title and i and i != action else ""
            cells.append(f"<td{extra}{label}>{cell}</td>")
        start = "<tr hidden>" if shown is not None and len(body) >= shown else "<tr>"
        body.append(start + "".join(cells) + "</tr>")
    return (
        f'<table class="rolodex-table rolodex-stack{" " + cls if cls else ""}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


# Without JavaScript, rows a long table starts with hidden show all the same.
NOSCRIPT_ROWS = (
    "<noscript><style>.md-typeset table.rolodex-table tr[hidden] { display: table-row; } "
    "@media screen and (max-width: 600px) { .md-typeset table.rolodex-stack tr[hidden] { display: grid; } }"
    "</style></noscript>"
)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be Markdown-safe (built with `md`/`link`)."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        out.append("| " + " | ".join(cell or " " for cell in row) + " |")
    return "\n".join(out)


def follow_up_table(tasks: Iterable[FollowUpTask]) -> str:
    """A meeting's or a contact's `follow_ups`: task, due day, open or done (an HTML block)."""
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
    return plain_table(["Task", "Due", ""], rows)


def anchor(prefix: str, key: str) -> str:
    """A stable element id for a tag or company section."""
    return f"{prefix}-{safe_name(key)}"


def anchor_div(ident: str) -> str:
    """A raw anchor MkDocs keeps as is (heading ids depend on the user's toc settings)."""
    return f'<div class="rolodex-anchor" id="{ident}"></div>'


def stage_badge(stage: str, step: str | None = None) -> str:
    """The stage in words; while contacted, whose move it is (awaiting reply, to schedule)."""
    return badge(STEP_LABELS[step] if step else STAGE_LABELS.get(stage, stage), f"stage-{stage}")


def health_badge(health: str) -> str:
    return badge(HEALTH_TEXT.get(health, health), f"health-{health}")


def source_link(site: Site, path: str, line: int | None = None) -> str:
    """The file a page comes from, linked to where the KB is browsable when the site knows."""
    text = f"{path}:{line}" if line else path
    if site.inp.edit_base:
        return external_link(file_url(site.inp.edit_base, path) + (f"#L{line}" if line else ""), text)
    return f"<code>{md(text)}</code>"
