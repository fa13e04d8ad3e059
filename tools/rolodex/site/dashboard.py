"""The meet list: whom to ask for a meeting next, and who has not answered yet (pure)."""

from __future__ import annotations

import datetime as dt

from rolodex.core.model import Contact
from rolodex.site.blocks import HUB_SEARCH, MEET_LIST, day, html_table, relative
from rolodex.site.context import Site
from rolodex.site.markup import contact_page, front_matter, h


def meet_list(site: Site) -> str:
    """Prospects by priority with why you want to meet them; outreach waiting for a reply."""
    prospects = [c for c in site.contacts if site.stages[c.slug] == "prospect"]
    out = [front_matter("Meet list", search=HUB_SEARCH), "# Meet list\n"]
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
                _person(site, c.slug),
                h(_role(c)),
                h(c.goal or ""),
                _introduced(site, c),
                f'<a class="rolodex-action rolodex-mail" href="{h(site.outreach_link(c))}">✉ Draft</a>',
            )
            for c in group
        ]
        out.append(html_table(["Name", "Role", "Why meet them", "Via", "Email"], rows, action=4) + "\n")
    waiting = _waiting(site)
    out.append(f"## Waiting for a reply ({len(waiting)})\n")
    if waiting:
        rows = []
        for contact, asked, count in waiting:
            nudge = next((i for i in site.items_by_contact.get(contact.slug, []) if i.kind == "nudge"), None)
            mail = site.mail_link(nudge) if nudge else None
            nxt = h(day(nudge.due)) if nudge else h(f"stopped after {count} messages")
            action = f'<a class="rolodex-action rolodex-mail" href="{h(mail)}">✉ Nudge</a>' if mail else ""
            rows.append(
                (
                    _person(site, contact.slug),
                    h(_role(contact)),
                    h(f"{day(asked)} ({relative(asked, site.today)})"),
                    nxt,
                    action,
                )
            )
        out.append(html_table(["Name", "Role", "Asked", "Next nudge", "Email"], rows, action=4) + "\n")
    else:
        out.append("Nobody: every message you sent has an answer.\n")
    return "\n".join(out)


def _role(contact: Contact) -> str:
    if contact.title and contact.company:
        return f"{contact.title}, {contact.company}"
    return contact.title or contact.company or ""


def _person(site: Site, slug: str) -> str:
    """A link to a contact's page (raw HTML)."""
    return f'<a href="{h(site.href(MEET_LIST, contact_page(slug)))}">{h(site.name(slug))}</a>'


def _introduced(site: Site, contact: Contact) -> str:
    by = site.introduced_by.get(contact.slug)
    if by:
        return ", ".join(_person(site, slug) for slug, _ in by)
    return h(contact.source or "")


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
