"""Pages about people: the contacts table, one page per contact, companies and tags (pure)."""

from __future__ import annotations

import datetime as dt

from rolodex.core.identity import name_key
from rolodex.core.model import Contact
from rolodex.rules.followups import cadence
from rolodex.rules.priority import order_key
from rolodex.rules.review import news
from rolodex.rules.status import STEP_LABELS
from rolodex.site import sections
from rolodex.site.blocks import (
    COMPANIES,
    CONTACTS,
    HUB_SEARCH,
    KIND_LABELS,
    NOSCRIPT_ROWS,
    RECORD_SEARCH,
    TAGS,
    anchor,
    anchor_div,
    badge,
    day,
    fields,
    follow_up_table,
    health_badge,
    html_table,
    meeting_a,
    person_a,
    plain_table,
    relative,
    source_link,
    stage_badge,
)
from rolodex.site.context import HEALTH_ORDER, HEALTH_TEXT, STAGE_LABELS, STAGE_ORDER, Site
from rolodex.site.graph import LARGE, neighbourhood
from rolodex.site.items import item_list, kind_html, time_html
from rolodex.site.markup import (
    a,
    contact_page,
    external_link,
    front_matter,
    h,
    html_block,
    mailto,
    md,
    meeting_page,
    notes_text,
    plain_address,
    rel,
    safe_url,
    tel,
)
from rolodex.site.review import job_news
from rolodex.site.wikilinks import Resolver, resolve_links

# Rows of the contacts table shown at first (rolodex.js's LIMIT: the rest on demand).
SHOWN = 200


def contacts_hub(site: Site) -> str:
    """Every contact in one sortable, filterable table (sorting and filtering by rolodex.js).

    The filter ignores case and accents ("zoe" finds Zoë, "obrien" O'Brien); what it holds is
    kept in the address, so a reload or a shared link shows the same rows.
    """
    src = CONTACTS
    tags = sorted({t for c in site.contacts for t in c.tags}, key=str.casefold)
    out = [front_matter("Contacts", hide=["toc"], search=HUB_SEARCH), "# Contacts\n"]
    out.append(
        f"{len(site.contacts)} people. Click a column to sort; type to filter. "
        f"See also [companies]({rel(src, COMPANIES)}) and [tags]({rel(src, TAGS)}).\n"
    )
    tools = [
        '<div class="rolodex-table-tools rolodex-sticky-tools" data-rolodex-table data-search-exclude>',
        '<input type="search" class="rolodex-filter" placeholder="Filter: name, company, tag…" aria-label="Filter contacts">',
        '<select class="rolodex-stage" aria-label="Stage"><option value="">every stage</option>',
    ]
    tools += [f'<option value="{s}">{STAGE_LABELS[s]}</option>' for s in STAGE_ORDER]
    tools.append("</select>")
    tools.append('<select class="rolodex-tag" aria-label="Tag"><option value="">every tag</option>')
    tools += [f'<option value="{h(t)}">{h(t)}</option>' for t in tags]
    tools.append(
        '</select> <span class="rolodex-count" role="status"></span>'
        '<span class="rolodex-empty" hidden>No contact matches. '
        '<button type="button" class="rolodex-action" data-rolodex-reset>Show everyone</button></span></div>'
    )
    out.append(html_block("".join(tools)) + "\n")
    rows = []
    for c in site.contacts:
        stage = site.stages[c.slug]
        last = site.last_contact(c.slug)
        nxt = site.next_due(c.slug)
        health = site.health(c.slug)
        rows.append(
            (
                f'<a href="{h(site.href(src, contact_page(c.slug)))}">{h(c.name)}</a>',
                h(c.company or ""),
                h(c.field or ""),
                (f"{STAGE_ORDER.index(stage)}", f' data-stage="{stage}"', h(_stage_words(site, c.slug))),
                h(last.isoformat() if last else ""),
                h(f"{nxt.due.isoformat()} {KIND_LABELS.get(nxt.kind, nxt.kind)}" if nxt else ""),
                (f"{HEALTH_ORDER.index(health)}", f' data-health="{health}"', h(HEALTH_TEXT.get(health, health))),
                (None, f' data-tags="{h("|".join(c.tags))}"', h(", ".join(c.tags))),
            )
        )
    out.append(
        html_block(
            html_table(
                ["Name", "Company", "Field", "Stage", "Last contact", "Next due", "Health", "Tags"],
                rows,
                cls="rolodex-sticky rolodex-contacts",
                labels=False,  # named by rolodex.css: 8 labels × 1,000 rows would weigh 200 KB
                shown=SHOWN,  # the browser lays out 200 rows, not 1,000, as the page opens
            )
        )
        + "\n"
    )
    if len(rows) > SHOWN:
        out.append(html_block(NOSCRIPT_ROWS) + "\n")
    return "\n".join(out)


def contact(site: Site, c: Contact, resolver: Resolver) -> str:
    """One person: profile, links, tags, what is due, their notes, the timeline, introductions.

    Everything but the headings and the notes is HTML (`html_block`): Markdown reads only those.
    """
    src = contact_page(c.slug)
    stage = site.stages[c.slug]
    # Search has one short entry per person instead of the whole page (site/search.py).
    out = [front_matter(c.name, search=RECORD_SEARCH), f"# {md(c.name)}\n"]
    role = " · ".join(md(x) for x in (" at ".join(y for y in (c.title, c.company) if y), c.field, c.location) if x)
    badges = [stage_badge(stage, site.status[c.slug].step), health_badge(site.health(c.slug))]
    if until := c.snoozed_until(site.today):
        badges.append(badge(f"snoozed until {until.isoformat()}", "snoozed"))
    if c.private:
        badges.append(badge("private", "private"))
    out.append(html_block("<p>" + (role + "<br>" if role else "") + " ".join(badges) + "</p>") + "\n")
    out.append(html_block(_header(site, c, src)) + "\n")
    change = news(c, site.today)
    if change is not None:
        out.append(html_block(f"<p>{job_news(change)}</p>") + "\n")
    out.append(_profile(site, c, src) + "\n")
    items = site.items_by_contact.get(c.slug, [])
    if items:
        out.append("## Due\n")
        out.append(html_block(item_list(site, src, items, who=False)) + "\n")
    if c.follow_ups:
        out.append("## Follow-ups\n")
        out.append(follow_up_table(c.follow_ups) + "\n")
    body = sections.drop_empty(notes_text(c.body)).strip()  # no empty template headings
    if body:
        out.append(resolve_links(body, src, resolver, site.inp.hidden) + "\n")
    if c.history:
        out.append("## Earlier roles\n")
        rows = [(md(day(r.date)), md(" at ".join(x for x in (r.title, r.company) if x))) for r in c.history]
        out.append(plain_table(["Seen", "Role"], rows) + "\n")
    out.append("## Timeline\n")
    out.append(_timeline(site, c, src) + "\n")
    intro = _introductions(site, c, src)
    hood = neighbourhood(site, c.slug, src) if site.network_size > LARGE else ""
    if intro or hood:
        out.append("## Introductions\n")
        if hood:
            out.append(html_block(hood) + "\n")
        if intro:
            out.append(intro + "\n")
    return "\n".join(out)


def _header(site: Site, c: Contact, src: str) -> str:
    """The three things to know first: the next step, the last contact, where drafts go."""
    today = site.today
    planned = [m for m in site.kb.meetings_with(c.slug) if m.date >= today and site.state(m) not in ("cancelled",)]
    planned = [m for m in planned if site.state(m) == "planned" or m.date == today]
    items = site.items_by_contact.get(c.slug, [])
    if planned:
        m = min(planned, key=lambda m: (m.date, m.time or dt.time(0, 0)))
        when = day(m.date) + (f" {m.time:%H:%M}" if m.time else "") + f" ({relative(m.date, today)})"
        href = site.href(src, meeting_page(m.slug))
        nxt = f'<a href="{h(href)}">{h(site.meeting_title(m))}</a>, {h(when)}'
    elif items:
        first = min(items, key=order_key if any(i.due <= today for i in items) else (lambda i: (i.due, order_key(i))))
        nxt = f"{kind_html(first.kind)} {h(first.title)}, {time_html(first, today)}"
    else:
        nxt = h("nothing planned or due")
    last = site.last_contact(c.slug)
    last_text = h(f"{day(last)} ({relative(last, today)})") if last else h("never")
    if c.archived:
        mail = "no drafts: archived"
    elif c.email and plain_address(c.email):
        why = (
            f"the first of the {len(c.emails)} addresses in <code>email</code>"
            if len(c.emails) > 1
            else "the address in <code>email</code>"
        )
        mail = f"<strong>{h(c.email)}</strong>, {why}"
    elif c.email:
        mail = f"nobody: <code>email</code> is not one plain address ({h(c.email)}), so drafts open without a recipient"
    else:
        mail = "nobody yet: there is no <code>email</code>, so drafts open without a recipient"
    rows = [("Next step", nxt), ("Last contact", last_text), ("Drafts go to", mail)]
    return (
        '<dl class="rolodex-header">'
        + "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in rows)
        + "</dl>"
    )


def _profile(site: Site, c: Contact, src: str) -> str:
    rows: list[tuple[str, str]] = []
    if c.emails:
        rows.append(("Email", ", ".join(external_link(mailto(e), e) if plain_address(e) else md(e) for e in c.emails)))
    if c.phone:
        number = tel(c.phone)
        rows.append(("Phone", external_link(number, c.phone) if number else md(c.phone)))
    if c.links:
        rows.append(
            (
                "Links",
                " · ".join(
                    external_link(url, name) if safe_url(url) else md(f"{name}: {url}") for name, url in c.links
                ),
            )
        )
    if c.tags:
        tags_href = site.href(src, TAGS)
        rows.append(("Tags", " · ".join(a(f"{tags_href}#{anchor('tag', t)}", t) for t in c.tags)))
    if c.company:
        companies_href = site.href(src, COMPANIES)
        rows.append(("Company", a(f"{companies_href}#{anchor('company', name_key(c.company))}", c.company)))
    if c.referred_by:
        slug = c.referred_by.slug
        rows.append(("Referred by", person_a(site, src, slug, c.referred_by.target)))
    for label, value in (("How you found them", c.source), ("Why meet them", c.goal), ("Priority", c.priority)):
        if value:
            rows.append((label, md(value)))
    every = cadence(site.kb.settings, c)
    rows.append(("Stay in touch", md("never" if every == "never" else f"every {every} days")))
    if c.archived:
        rows.append(("Archived", md("yes: out of the pipeline and every follow-up")))
    rows.append(("File", source_link(site, c.path)))
    return fields(rows)


def _timeline(site: Site, c: Contact, src: str) -> str:
    events = [(t.date, 1, badge(t.kind), md(t.note or "") + _ref(t.ref)) for t in c.touches]
    for m in site.kb.meetings_with(c.slug):
        status = site.state(m)
        what = badge("meeting" if status == "held" else status, "meeting" if status == "held" else status)
        events.append(
            (
                m.date,
                0,
                what,
                meeting_a(site, src, m.slug, site.meeting_title(m)) + (f" · {md(m.location)}" if m.location else ""),
            )
        )
    if not events:
        return "No touches or meetings yet."
    events.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return plain_table(["Date", "What", ""], [(md(day(d)), what, text) for d, _, what, text in events])


def _ref(ref: str | None) -> str:
    """Where a touch came from (a Message-ID, a calendar UID), quietly after its note."""
    return f' <span class="rolodex-ref">{md("from " + ref)}</span>' if ref else ""


def _introductions(site: Site, c: Contact, src: str) -> str:
    lines = []
    for by, how in site.introduced_by.get(c.slug, []):
        where = "" if how == "referred_by" else f" (in {meeting_a(site, src, how, 'a meeting')})"
        lines.append(f"Introduced by {person_a(site, src, by)}{where}")
    for to, how in site.introduced.get(c.slug, []):
        where = "" if how == "referred_by" else f" (in {meeting_a(site, src, how, 'a meeting')})"
        lines.append(f"Introduced you to {person_a(site, src, to)}{where}")
    for m in site.kb.meetings_with(c.slug):
        for r in m.referrals:
            if site.referral_slug(r) is None and r.name:
                note = f": {md(r.note)}" if r.note else ""
                lines.append(
                    f"Suggested you meet {md(r.name)}{note} "
                    f"({meeting_a(site, src, m.slug, m.date.isoformat())}; not a contact yet)"
                )
    return html_block("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>") if lines else ""


# --- companies and tags -----------------------------------------------------------------


def companies(site: Site) -> str:
    """Who you know where: one section per company (spelling-insensitive), people listed."""
    groups: dict[str, list[Contact]] = {}
    for c in site.contacts:
        if c.company and c.company.strip():
            groups.setdefault(name_key(c.company), []).append(c)
    out = [front_matter("Companies", search=HUB_SEARCH), "# Companies\n"]
    known = sum(len(v) for v in groups.values())
    out.append(f"Who you know where: {known} people at {len(groups)} organisations.\n")
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    jump = ", ".join(
        a(f"#{anchor('company', key)}", people[0].company) + f" ({len(people)})" for key, people in ordered
    )
    out.append(html_block(f"<p>{jump}</p>") + "\n")
    for key, people in sorted(groups.items()):
        out.append(html_block(anchor_div(anchor("company", key))) + "\n")
        out.append(f"## {md(people[0].company)}\n")
        items = "".join(
            f"<li>{person_a(site, COMPANIES, c.slug)}"
            + (f" — {md(c.title)}" if c.title else "")
            + f" {stage_badge(site.stages[c.slug], site.status[c.slug].step)}</li>"
            for c in people
        )
        out.append(html_block(f"<ul>{items}</ul>") + "\n")
    return "\n".join(out)


def tags(site: Site) -> str:
    """Every tag with the contacts and meetings that carry it."""
    contacts_by: dict[str, list[Contact]] = {}
    meetings_by: dict[str, list] = {}
    for c in site.contacts:
        for t in dict.fromkeys(c.tags):
            contacts_by.setdefault(t, []).append(c)
    for m in site.meetings:
        for t in dict.fromkeys(m.tags):
            meetings_by.setdefault(t, []).append(m)
    names = sorted(set(contacts_by) | set(meetings_by), key=lambda t: (t.casefold(), t))
    out = [front_matter("Tags", search=HUB_SEARCH), "# Tags\n"]
    if names:
        jump = " · ".join(
            a(f"#{anchor('tag', t)}", t) + f" ({len(contacts_by.get(t, [])) + len(meetings_by.get(t, []))})"
            for t in names
        )
        out.append(html_block(f"<p>{jump}</p>") + "\n")
    else:
        out.append("No tags yet: add `tags: [mentor]` to a contact.\n")
    for t in names:
        out.append(html_block(anchor_div(anchor("tag", t))) + "\n")
        out.append(f"## {md(t)}\n")
        lines = [
            person_a(site, TAGS, c.slug) + (f" — {md(c.company)}" if c.company else "") for c in contacts_by.get(t, [])
        ]
        lines += [meeting_a(site, TAGS, m.slug) for m in reversed(meetings_by.get(t, []))]
        out.append(html_block("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>") + "\n")
    return "\n".join(out)


def _stage_words(site: Site, slug: str) -> str:
    """The stage as the contacts table shows it: while contacted, whose move it is."""
    status = site.status[slug]
    return STEP_LABELS[status.step] if status.step else STAGE_LABELS[status.stage]
