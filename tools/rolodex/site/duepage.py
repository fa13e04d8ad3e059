"""The Follow-ups page: one card per person with all their items and one email (pure).

A person's card sits in the section of their most pressing item: due now, this week, the
backlog (overdue by more than a month) or later. Long sections continue on pages of their
own (`due/later-1.md`, …), so that no page grows with the size of the KB.
"""

from __future__ import annotations

import datetime as dt

from rolodex.rules.followups import Due, add_days
from rolodex.rules.priority import BATCH_KINDS, SOON_DAYS, in_backlog, order_key, until
from rolodex.site.blocks import DUE, HUB_SEARCH, css_class
from rolodex.site.context import Site
from rolodex.site.home import BATCH_WORDS
from rolodex.site.items import by_person, card, person_key
from rolodex.site.markup import front_matter, h, html_block, md

SECTIONS = (  # (key, heading)
    ("now", "Due now"),
    ("week", "This week"),
    ("backlog", "Backlog"),
    ("later", "Later"),
)
# Cards on the Follow-ups page itself, and per continuation page: a card with its email is 2–4 KB,
# and no page may pass 400 KB however large the KB.
FIRST = {"now": 30, "week": 20, "backlog": 10, "later": 10}
CHUNK = 60


def section_of(item: Due, today: dt.date) -> str:
    if in_backlog(item, today):
        return "backlog"
    if item.due <= today:
        return "now"
    if item.due <= add_days(today, SOON_DAYS):
        return "week"
    return "later"


def followup_pages(site: Site) -> dict[str, str]:
    """The Follow-ups page and its continuation pages, by docs-relative path."""
    today = site.today
    order = [key for key, _ in SECTIONS]
    groups = by_person(site.inp.items)
    sections: dict[str, list[tuple[str, list[Due]]]] = {key: [] for key in order}
    for key, items in groups.items():
        where = min((section_of(i, today) for i in items), key=order.index)
        sections[where].append((key, items))
    for where, cards in sections.items():
        if where in ("now", "backlog"):
            cards.sort(key=lambda kv: order_key(kv[1][0]))
        else:
            cards.sort(key=lambda kv: (min(i.due for i in kv[1]), order_key(kv[1][0])))

    # Which page each section's cards land on, so that links can reach any card.
    pages: dict[str, list[tuple[str, list[tuple[str, list[Due]]]]]] = {}
    where_card: dict[str, str] = {}
    for key in order:
        cards = sections[key]
        first, rest = cards[: FIRST[key]], cards[FIRST[key] :]
        chunks = [rest[i : i + CHUNK] for i in range(0, len(rest), CHUNK)]
        pages[key] = [(DUE, first)] + [(f"due/{key}-{n}.md", chunk) for n, chunk in enumerate(chunks, 1)]
        for path, chunk in pages[key]:
            for person, _ in chunk:
                where_card[person] = path

    total = len(site.inp.items)
    people = len(groups)
    out = [front_matter("Follow-ups", search=HUB_SEARCH), "# Follow-ups\n"]
    out.append(
        f"{total} open item{'s' if total != 1 else ''} for {people} {'people' if people != 1 else 'person'} on "
        f"{md(f'{today:%a} {today.isoformat()}')}: one card per person, the most pressing first. "
        "**Done** records it in your files when the site runs under `rolodex serve`; opened from disk, it copies "
        "the command to run. The same list is in [your calendar](calendar.ics).\n"
    )
    jump = " · ".join(
        f'<a href="#{key}">{h(title)} ({len(sections[key])})</a>' for key, title in SECTIONS if sections[key]
    )
    out.append(html_block(f'<nav class="rolodex-jump" aria-label="Sections">{jump}</nav>') + "\n")
    batches = _batches(site, where_card)
    if batches:
        out.append(html_block(batches) + "\n")
    extra: dict[str, str] = {}
    for key, title in SECTIONS:
        cards = sections[key]
        if not cards:
            continue
        section = [f'<h2 id="{key}">{h(title)} ({len(cards)} {"people" if len(cards) != 1 else "person"})</h2>']
        first_path, first = pages[key][0]
        section.append(_cards(site, first_path, first))
        more = pages[key][1:]
        if more:
            n = len(cards) - len(first)
            section.append(
                f'<p class="rolodex-more"><a href="{h(site.href(DUE, more[0][0]))}">{n} more '
                f"{'people' if n != 1 else 'person'} in {h(title.lower())}</a> "
                f"({len(more)} page{'s' if len(more) != 1 else ''})</p>"
            )
        out.append(html_block("".join(section)) + "\n")
        if more:
            for i, (path, chunk) in enumerate(more):
                extra[path] = _continuation(site, path, title, chunk, more, i)
    if not groups:
        out.append("Nothing is open. Well done.\n")
    return {DUE: "\n".join(out), **extra}


def _cards(site: Site, src: str, cards: list[tuple[str, list[Due]]]) -> str:
    return '<div class="rolodex-people">' + "".join(card(site, src, key, items) for key, items in cards) + "</div>"


def _continuation(
    site: Site, path: str, title: str, chunk: list[tuple[str, list[Due]]], pages: list[tuple[str, list]], index: int
) -> str:
    n = len(pages)
    heading = f"Follow-ups: {title.lower()}, page {index + 1} of {n}"
    nav = [f'<a href="{h(site.href(path, DUE))}">All follow-ups</a>']
    if index > 0:
        nav.append(f'<a href="{h(site.href(path, pages[index - 1][0]))}" rel="prev">Previous page</a>')
    if index + 1 < n:
        nav.append(f'<a href="{h(site.href(path, pages[index + 1][0]))}" rel="next">Next page</a>')
    links = html_block('<nav class="rolodex-jump" aria-label="Pages">' + " · ".join(nav) + "</nav>") + "\n"
    return "\n".join(
        [
            front_matter(heading, search=HUB_SEARCH),
            f"# {md(heading)}\n",
            links,
            html_block(_cards(site, path, chunk)) + "\n",
            links,
        ]
    )


def _batches(site: Site, where_card: dict[str, str]) -> str:
    """Holiday and keep-in-touch notes due this week, as one line per kind linking to each card."""
    today = site.today
    week = add_days(today, SOON_DAYS)
    lines = []
    for kind in BATCH_KINDS:
        items = sorted(
            (i for i in site.inp.items if i.kind == kind and i.due <= week and not in_backlog(i, today)),
            key=lambda i: (i.name or "").casefold(),
        )
        if not items:
            continue
        one, many = BATCH_WORDS[kind]
        last = max(until(i) for i in items)
        people = ", ".join(f'<a href="{h(_card_href(site, where_card, i))}">{h(i.name or "")}</a>' for i in items)
        lines.append(
            f'<p class="rolodex-batch" id="{kind}"><strong>{len(items)} {h(one if len(items) == 1 else many)} '
            f"by {h(f'{last:%b} {last.day}')}</strong>, best written in one sitting: {people}</p>"
        )
    return "".join(lines)


def _card_href(site: Site, where_card: dict[str, str], item: Due) -> str:
    key = person_key(item)
    page = where_card.get(key, DUE)
    anchor = f"#person-{css_class(key)}"
    return (site.href(DUE, page) if page != DUE else "") + anchor
