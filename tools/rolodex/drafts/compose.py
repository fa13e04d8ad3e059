"""Ready-to-send messages for follow-up items, from Jinja2 templates (no clock, no output).

`render(kb, item_id, today)` finds the open item (an id from `rolodex due`, or
`outreach:<contact>` for a cold email), fills the template of its kind and returns
`(subject, body)`. Templates ship with the package (`rolodex/templates/<kind>.md`);
a KB overrides any of them with `<templates_dir>/<kind>.md` at its root.

A template is plain text: a first line `Subject: …`, a blank line, the body. User
templates are data, not code: they run in Jinja's sandbox (`drafts.sandbox`), and every
mistake in one is a `TemplateError` reading `path:line: error: message`, never a
traceback. `drafts.context` makes the values a template sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rolodex.core.identity import closest
from rolodex.core.jobask import job_asks
from rolodex.core.model import KB, Contact
from rolodex.drafts.context import context, reads
from rolodex.drafts.sandbox import (
    VARIABLES,
    DraftError,
    TemplateError,
    fill,
    template_source,
    templates_folder,
)
from rolodex.rules.followups import Due, compute

TEMPLATE_KINDS = (
    "outreach",
    "nudge",
    "thank-you",
    "referral",
    "holiday",
    "keep-in-touch",
    "follow-up",
    "prep",
    "schedule",
    "record",
)
# What the built-in templates say where `me.pitch` would go, when it is not set.
PITCH_PLACEHOLDER = "[one sentence: who you are"


class UnknownItem(DraftError):
    """No open item has this id (it may be done already, or mistyped)."""

    def __init__(self, item_id: str, message: str, suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.item_id = item_id
        self.suggestions = suggestions


# --- finding the item -----------------------------------------------------------------


def outreach_item(contact: Contact, today: dt.date) -> Due:
    """The pseudo-item `outreach:<slug>`: a cold email to someone on the meet list."""
    return Due(
        "outreach",
        today,
        contact.slug,
        contact.name,
        None,
        f"Ask {contact.name} for 15 minutes to learn about their work",
        f"outreach:{contact.slug}",
    )


def find_item(kb: KB, item_id: str, today: dt.date, items: Iterable[Due] | None = None) -> Due:
    """The open item with this id (or `outreach:<slug>`); `UnknownItem` with a suggestion if none."""
    items = list(compute(kb, today) if items is None else items)
    wanted = item_id.strip()
    for item in items:
        if item.id == wanted:
            return item
    if wanted.lower().startswith("outreach:"):
        slug = wanted.split(":", 1)[1].strip()
        contact = kb.find_contact(slug)
        if contact is not None:
            return outreach_item(contact, today)
        close = closest(slug, kb.contacts)
        hint = f"; did you mean 'outreach:{close}'?" if close else ""
        raise UnknownItem(item_id, f"no contact '{slug}' to write to{hint}", (f"outreach:{close}",) if close else ())
    for item in items:
        if item.id.casefold() == wanted.casefold():
            return item
    close = closest(wanted, [i.id for i in items])
    if close:
        raise UnknownItem(item_id, f"no open item '{wanted}'; did you mean '{close}'?", (close,))
    if wanted.split(":", 1)[0] in TEMPLATE_KINDS:
        raise UnknownItem(
            item_id, f"no open item '{wanted}': it may be done already; 'rolodex due --within 365' lists the open ones"
        )
    raise UnknownItem(
        item_id,
        f"no item '{wanted}': ids look like 'thank-you:2026-11-24-jane-doe:jane-doe' "
        "or 'outreach:jane-doe'; 'rolodex due' lists them",
    )


# --- the one entry point --------------------------------------------------------------


def render(kb: KB, item_id: str, today: dt.date, items: Iterable[Due] | None = None) -> tuple[str, str]:
    """`(subject, body)` of the draft for an open item id, or `outreach:<slug>`.

    Raises `UnknownItem` (with a did-you-mean among the current ids) or `TemplateError`.
    Pass `items` (from `followups.compute`) to avoid computing them again.
    """
    item = find_item(kb, item_id, today, items)
    path, source = template_source(kb, item.kind)
    return fill(path, source, context(kb, item, today), today, templates_folder(kb))


def inputs(kb: KB, item_id: str, today: dt.date, items: Iterable[Due] | None = None) -> tuple[object, ...]:
    """What `render` reads besides the settings, the templates and today: the item and the
    records its template sees (`context.reads`). Equal inputs make the same draft."""
    try:
        item = find_item(kb, item_id, today, items)
    except UnknownItem:
        return (item_id,)  # no draft, whatever else there is
    return (item, *reads(kb, item))


def advice(kb: KB, item: Due, today: dt.date, body: str, subject: str = "") -> list[str]:
    """One-line warnings and hints (for stderr) about a draft that may not be what you meant.

    An outreach to someone you have already met reads as a first email to a stranger;
    a draft signed `[your name]` means mkdocs.yml has no `me:` yet; a draft that asks for
    a job (a template's wording) puts people off.
    """
    notes = []
    if item.kind == "outreach" and item.contact:
        held = [m for m in kb.meetings_with(item.contact) if m.status(today) == "held"]
        if held:
            notes.append(
                f"warning: you have already met {item.name} (last on {held[-1].date.isoformat()}); this "
                f"draft is a first email to a stranger ('rolodex show {item.contact}' lists what is due)"
            )
    me = kb.settings.me
    if "[your name]" in body and not me.name.strip() and not me.signature.strip():
        notes.append(
            "hint: drafts are signed '[your name]'; set 'me:' (name, email, signature) under the "
            "rolodex plugin in mkdocs.yml (see docs/drafts.md)"
        )
    if PITCH_PLACEHOLDER in body and not me.pitch.strip():
        notes.append(
            "hint: set 'me.pitch' under the rolodex plugin in mkdocs.yml (one sentence: who you are and "
            "what you are exploring) and every draft says it for you (see docs/drafts.md)"
        )
    asks = job_asks(f"{subject}\n{body}")
    if asks:
        notes.append(
            f"warning: this draft asks for a job ('{asks[0]}'); ask to learn about their work instead "
            "(check your template)"
        )
    return notes


def draftable_ids(kb: KB, today: dt.date, items: Iterable[Due] | None = None) -> list[str]:
    """Every id `render` accepts today: the open items, and `outreach:<slug>` of each current contact."""
    items = compute(kb, today) if items is None else items
    return [i.id for i in items] + [f"outreach:{s}" for s, c in kb.contacts.items() if not c.archived]


__all__ = [
    "TEMPLATE_KINDS",
    "VARIABLES",
    "DraftError",
    "TemplateError",
    "UnknownItem",
    "advice",
    "context",
    "draftable_ids",
    "fill",
    "find_item",
    "inputs",
    "render",
    "template_source",
    "templates_folder",
]
