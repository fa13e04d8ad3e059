"""Due items as HTML: one line per item, one card per person (pure).

Every item element is `<li class="rolodex-item" data-id="<item id>">`, a stable hook for
rolodex.js and for scripts. Its buttons (Done, Snooze…, the id) do their work in
rolodex.js: under `rolodex serve` they write through the same code as `rolodex done`;
opened from disk they copy the command to run instead. The markup is plain HTML, not
Markdown: these lists run to thousands of lines, and Markdown would only read them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

from rolodex.core.model import Contact
from rolodex.rules.followups import Due
from rolodex.rules.priority import order_key, overdue, until
from rolodex.site.blocks import KIND_LABELS, css_class
from rolodex.site.context import Site
from rolodex.site.markup import contact_page, h, meeting_page, one_line

# Items closed by a touch or a `done:` (rules/close.py): Done is offered on these.
CLOSABLE = frozenset({"thank-you", "nudge", "referral", "holiday", "keep-in-touch", "follow-up", "schedule", "record"})


def when(item: Due, today: dt.date) -> str:
    """`today`, `tomorrow`, `in 3 days`, `2 days late`, or `by Dec 31` for an item with a window."""
    last = until(item)
    if last != item.due and item.due <= today <= last:
        return f"by {last:%b} {last.day}"
    n = (item.due - today).days if not overdue(item, today) else (last - today).days
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n > 0:
        return f"in {n} days"
    return "1 day late" if n == -1 else f"{-n} days late"


def time_html(item: Due, today: dt.date) -> str:
    late = overdue(item, today)
    cls = "rolodex-when rolodex-when--late" if late else "rolodex-when"
    return f'<time class="{cls}" datetime="{item.due.isoformat()}" title="due {item.due:%a} {item.due.isoformat()}">{h(when(item, today))}</time>'


def kind_html(kind: str) -> str:
    return f'<span class="rolodex-kind rolodex-kind--{css_class(kind)}">{h(KIND_LABELS.get(kind, kind))}</span>'


def _title(site: Site, src: str, item: Due, who: bool) -> str:
    """The item's sentence; with `who`, the person's name in it links to their page."""
    title, name = one_line(item.title), one_line(item.name)
    if who and item.contact in site.kb.contacts and name and name in title:
        before, _, after = title.partition(name)
        href = site.href(src, contact_page(item.contact))
        return f'{escape(before)}<a href="{h(href)}">{escape(name)}</a>{escape(after)}'
    return h(title)


def actions(site: Site, src: str, item: Due, *, mail: bool) -> str:
    """The buttons of one item: draft, Done, Snooze…, its id (copied on click)."""
    out = []
    if mail:
        link = site.mail_link(item)
        if link is not None:
            out.append(f'<a class="rolodex-action rolodex-mail" href="{h(link)}">✉ Draft</a>')
    if item.kind == "prep" and item.meeting in site.kb.meetings:
        out.append(f'<a class="rolodex-action" href="{h(site.href(src, meeting_page(item.meeting)))}">Open brief</a>')
    if item.kind in CLOSABLE and item.contact is not None:
        out.append('<button type="button" class="rolodex-action" data-rolodex-done>Done</button>')
    if item.contact is not None:
        out.append(
            f'<button type="button" class="rolodex-action" data-rolodex-snooze="{h(item.contact)}">Snooze…</button>'
        )
    out.append(
        f'<button type="button" class="rolodex-action rolodex-id" data-rolodex-copy="{h(item.id)}" '
        f'title="Copy the id {h(item.id)}">Copy id</button>'
    )
    return '<span class="rolodex-actions">' + "".join(out) + "</span>"


def item_li(site: Site, src: str, item: Due, *, who: bool = True, mail: bool = True) -> str:
    """One item: what kind, what to do, when, and its buttons."""
    late = " rolodex-item--late" if overdue(item, site.today) else ""
    return (
        f'<li class="rolodex-item{late}" data-id="{h(item.id)}">'
        f'<span class="rolodex-item__text">{kind_html(item.kind)} {_title(site, src, item, who)} '
        f"{time_html(item, site.today)}</span>{actions(site, src, item, mail=mail)}</li>"
    )


def item_list(site: Site, src: str, items: Iterable[Due], *, who: bool = True, mail: bool = True) -> str:
    lines = [item_li(site, src, item, who=who, mail=mail) for item in items]
    if not lines:
        return ""
    return f'<ul class="rolodex-items" data-today="{site.today.isoformat()}">' + "".join(lines) + "</ul>"


# --- one card per person --------------------------------------------------------------


def person_key(item: Due) -> str:
    """Whom an item is about: a contact's slug, or `name:<Name>` for someone not a contact yet."""
    return item.contact or f"name:{item.name or ''}"


def by_person(items: Iterable[Due]) -> dict[str, list[Due]]:
    """Items grouped per person, each group most costly first."""
    groups: dict[str, list[Due]] = {}
    for item in items:
        groups.setdefault(person_key(item), []).append(item)
    return {key: sorted(group, key=order_key) for key, group in groups.items()}


def card(site: Site, src: str, key: str, items: list[Due], *, level: int = 3) -> str:
    """A person: name, role, every item, and one email that covers all of them."""
    contact = site.kb.contacts.get(key)
    combined = site.combined_mail(items)
    # All a card reads; a record unchanged since the last rebuild is the same object (site/builder.py).
    made = (contact, tuple(items), combined, level, site.today)
    last = site.last_cards.get((src, key))
    if last is not None and last[0] is contact and last[1:-1] == made[1:]:
        html = str(last[-1])
    else:
        html = _card(site, src, key, items, contact, combined, level)
    site.cards[(src, key)] = (*made, html)
    return html


def _card(
    site: Site,
    src: str,
    key: str,
    items: list[Due],
    contact: Contact | None,
    combined: tuple[str, int] | None,
    level: int,
) -> str:
    if contact is not None:
        href = site.href(src, contact_page(contact.slug))
        name = f'<a href="{h(href)}">{h(contact.name)}</a>'
        role = " at ".join(x for x in (contact.title, contact.company) if x)
        ident = f"person-{css_class(contact.slug)}"
    else:
        name = h(items[0].name or "someone")
        role = "not a contact yet"
        ident = f"person-{css_class(key)}"
    head = f'<h{level} class="rolodex-card__name" id="{h(ident)}">{name}</h{level}>'
    if role:
        head += f'<p class="rolodex-card__role">{h(role)}</p>'
    draft = ""
    if combined is not None:
        link, n = combined
        label = "✉ Draft" if n == 1 else f"✉ One email for all {n}"
        draft = (
            f'<p class="rolodex-card__draft"><a class="rolodex-action rolodex-mail" href="{h(link)}">{label}</a></p>'
        )
    return (
        f'<section class="rolodex-person" aria-labelledby="{h(ident)}">'
        + head
        + item_list(site, src, items, who=False, mail=False)
        + draft
        + "</section>"
    )
