"""Generate again only the pages an edit can change, while `rolodex serve` runs (pure).

Generating every page takes seconds at thousands of records (drafts for every mail link,
the calendar, every table), yet an edit while serving is to a record or two. The usual one
is to a record's notes: its Markdown body. A contact's body shows on its own page and
nowhere else; a meeting's shows on its own page and in the drafts of mail links (its Notes
and Takeaways sections). So each rebuild compares everything else with the last rebuild's
input — every record without its body, the due items, the problems, today, the settings, the
draft templates and the site's options — and, when all of it is the same, generates again
only the pages of the records whose body changed, once the drafts that could read a changed
meeting are found unchanged.

Any other edit generates the hub pages again (they list everyone) and, of the record pages,
those whose inputs changed (`stale_records`): a page reads its own record, its person's or
its meeting's neighbours (the meetings of a contact and the people of a meeting, who
introduced whom), the due items and their mail links, and the titles its wiki links show.
Of the hubs, those that show a few of the records' values (`READS`) are kept while none of
those changed. What cannot be narrowed safely — a new or deleted file, a name (on every page
that links the person), the settings, today, the site's options, a template — generates every
page, as a build does. Either way the pages are exactly what `pages.generate` makes of this input.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from rolodex.site.blocks import DUE, HOME, INSIGHTS, MEETINGS
from rolodex.site.context import Site, SiteInput
from rolodex.site.graph import LARGE
from rolodex.site.markup import contact_page, meeting_page
from rolodex.site.pages import generate, hub_pages, record_pages

# What each of these hubs shows (by the path of its page): records' values (`contact.touches`)
# and what the site computes from them: `items` (the due items), `mail` (their mail links:
# drafts, addresses), `status` (each contact's stage, last contact, next item, health),
# `problems`. Every other hub is made again after any edit but a body's. Names are on every
# hub, and a changed name generates every page. (tests/test_site_regenerate.py edits each
# value of a contact and of a meeting in turn.)
_MEETING_LINE = {"meeting.date", "meeting.time", "meeting.kind", "meeting.with_", "meeting.location"}
_STATE = {"meeting.status_set", "meeting.status_invalid"}
READS: dict[str, frozenset[str]] = {
    HOME: frozenset({"contact.touches", *_MEETING_LINE, *_STATE, "items", "mail", "status", "problems"}),
    INSIGHTS: frozenset(
        {"contact.archived", "contact.touches", "contact.source", "meeting.date", "meeting.with_"}
        | {"meeting.referrals", "meeting.thank_you", *_STATE}
    ),
    DUE: frozenset({"contact.title", "contact.company", "items", "mail"}),
    MEETINGS: frozenset({"contact.touches", *_MEETING_LINE, *_STATE, "meeting.thank_you", "items"}),
}


@dataclass(frozen=True)
class Generated:
    """One rebuild's pages, and what decides whether the next one may reuse them."""

    inp: SiteInput
    templates: bytes  # the digest of the KB's draft templates
    pages: dict[str, str | bytes]
    hubs: dict[str, dict[str, str | bytes]]  # the hubs' pages among them (`pages.hub_pages`)
    site: Site  # what the pages were made with (its lookups, its mail links)
    fresh: frozenset[str] | None = None  # the pages generated again; None: every page


@dataclass(frozen=True)
class Stale:
    """What an edit changed (see `READS`), and the record pages that may read otherwise (slugs)."""

    contacts: set[str]
    meetings: set[str]
    changed: frozenset[str]


def regenerate(inp: SiteInput, templates: bytes, previous: Generated | None, site: Site | None = None) -> Generated:
    """The site's generated pages for `inp`, from `previous` where the edit cannot reach.
    `site`: `inp`'s lookups, when the caller has them already."""
    site = site or Site(inp)
    if previous is not None and previous.templates == templates:
        changed = only_bodies(previous.inp, inp)
        if changed is not None and same_drafts(previous.inp, inp, changed[1]):
            pages = dict(previous.pages)  # the same paths in the same order: only bodies changed
            made = record_pages(inp, *changed, site)
            pages.update(made)
            site.cards = previous.site.cards  # the hubs' cards, for the next rebuild
            return Generated(inp, templates, pages, previous.hubs, site, frozenset(made))
        stale = stale_records(previous.site, site)
        if stale is not None:
            site.last_cards = previous.site.cards  # most Follow-ups cards read the same
            old = previous.pages
            paths = [contact_page(s) for s in inp.kb.contacts if s not in stale.contacts]
            paths += [meeting_page(s) for s in inp.kb.meetings if s not in stale.meetings]
            kept = {path: old[path] for path in paths if path in old}
            same = {
                hub: pages for hub, pages in previous.hubs.items() if hub in READS and not READS[hub] & stale.changed
            }
            hubs = hub_pages(site, same)
            if DUE in same:
                site.cards = previous.site.cards
            pages = generate(inp, kept, site, hubs)
            fresh = frozenset(pages).difference(kept, *(hubs[hub] for hub in same))
            return Generated(inp, templates, pages, hubs, site, fresh)
    hubs = hub_pages(site)
    return Generated(inp, templates, generate(inp, site=site, hubs=hubs), hubs, site)


def stale_records(before: Site, after: Site) -> Stale | None:
    """What changed, and the contacts and the meetings whose pages may read otherwise after this
    change; None when any page may (see the module's docstring). Every other record page reads
    as before: each rule below names what a page reads that the change can reach."""
    if _options(before.inp) != _options(after.inp):
        return None
    b, a = before.inp.full or before.kb, after.inp.full or after.kb  # whole: cut ones are made of these
    if b.settings != a.settings or b.unplaced != a.unplaced:
        return None
    if list(b.contacts) != list(a.contacts) or list(b.meetings) != list(a.meetings):
        return None  # a new or deleted file: links, names and titles everywhere
    contacts = {s for s, c in a.contacts.items() if c is not b.contacts[s] and c != b.contacts[s]}
    if any(a.contacts[s].name != b.contacts[s].name for s in contacts):
        return None  # names are on every page that links the person, in meeting titles, referrals
    meetings = {s for s, m in a.meetings.items() if m is not b.meetings[s] and m != b.meetings[s]}
    changed = {f"contact.{n}" for s in contacts for n in _differ(b.contacts[s], a.contacts[s])}
    changed |= {f"meeting.{n}" for s in meetings for n in _differ(b.meetings[s], a.meetings[s])}
    if after.inp.items != before.inp.items:
        changed.add("items")
    if after.inp.problems != before.inp.problems:
        changed.add("problems")
    pages_c, pages_m = set(contacts), set(meetings)
    for kb, site in ((b, before), (a, after)):
        for slug in contacts:  # a meeting's brief shows who you meet; its thank-you, their touches
            pages_m.update(m.slug for m in kb.meetings_with(slug))
        for slug in meetings:  # the people's timelines; the brief's "met before" on their other meetings
            m = kb.meetings[slug]
            pages_c.update(m.contacts)
            pages_c.update(s for r in m.referrals if (s := site.referral_slug(r)))
            for person in m.contacts:
                pages_m.update(x.slug for x in kb.meetings_with(person))
    # Due items and stages: a contact's page shows theirs, a meeting's page its items.
    staged = {s for s, st in after.status.items() if before.status.get(s) != st}
    if staged:
        changed.add("status")
    pages_c |= staged
    for slug in before.items_by_meeting.keys() | after.items_by_meeting.keys():
        if before.items_by_meeting.get(slug) != after.items_by_meeting.get(slug):
            pages_m.add(slug)
    for item in after.inp.items:  # each item's mail link: its draft, its recipient
        if after.mail_link(item) != before.mail_link(item):
            changed.add("mail")
            pages_c.add(item.contact or "")
            pages_m.add(item.meeting or "")
    # Introductions: a contact's page lists theirs (with the neighbourhood of a large network:
    # who introduced the person who introduced them); a meeting's brief, its people's introducers.
    nb, na = before.network, after.network
    introduced = {
        s
        for s in nb.introduced_by.keys() | na.introduced_by.keys()
        if nb.introduced_by.get(s) != na.introduced_by.get(s)
    }
    introduced |= {
        s for s in nb.introduced.keys() | na.introduced.keys() if nb.introduced.get(s) != na.introduced.get(s)
    }
    if introduced:
        large = before.network_size > LARGE
        if large != (after.network_size > LARGE):
            return None  # every contact page gains or loses its neighbourhood
        pages_c |= introduced
        for kb, net in ((b, nb), (a, na)):
            for slug in introduced:
                pages_m.update(m.slug for m in kb.meetings_with(slug))
                if large:
                    pages_c.update(s for s, _ in net.introduced.get(slug, []))
    # Wiki links show a meeting's title and date: a changed one, on every page with a link.
    if any(
        (before.meeting_title(b.meetings[s]), b.meetings[s].date)
        != (after.meeting_title(a.meetings[s]), a.meetings[s].date)
        for s in meetings
    ):
        for kb in (b, a):
            pages_c.update(c.slug for c in kb.contacts.values() if "[[" in c.body)
            pages_m.update(m.slug for m in kb.meetings.values() if "[[" in m.body)
    return Stale(pages_c & a.contacts.keys(), pages_m & a.meetings.keys(), frozenset(changed))


def _differ(old: object, new: object) -> list[str]:
    """The names of the values (dataclass fields) in which two records differ."""
    return [n for n in _names(new) if getattr(old, n) != getattr(new, n)] if type(old) is type(new) else _names(new)


def only_bodies(before: SiteInput, after: SiteInput) -> tuple[list[str], list[str]] | None:
    """The contacts and the meetings (slugs) whose body alone changed, when nothing but bodies
    did; None when anything else changed (a value, a record, an item, a problem, an option)."""
    if _options(before) != _options(after) or before.problems != after.problems or before.items != after.items:
        return None
    b, a = before.full or before.kb, after.full or after.kb  # whole (`kb` holds them cut, made from these)
    if b.settings != a.settings or b.unplaced != a.unplaced:
        return None
    out: tuple[list[str], list[str]] = ([], [])
    for changed, old, new in ((out[0], b.contacts, a.contacts), (out[1], b.meetings, a.meetings)):
        if list(old) != list(new):
            return None
        for slug, record in new.items():
            kept = old[slug]
            if kept is record:
                continue
            names = [n for n in _names(record) if n != "body"]
            if type(kept) is not type(record) or any(getattr(kept, n) != getattr(record, n) for n in names):
                return None
            if kept.body != record.body:
                changed.append(slug)
    return out


_FIELDS: dict[type, list[str]] = {}


def _names(record: object) -> list[str]:
    """A record's compared values (`lines`, the places in its file, are not)."""
    names = _FIELDS.get(type(record))
    if names is None:
        names = _FIELDS[type(record)] = [f.name for f in fields(record) if f.compare]  # type: ignore[arg-type]
    return names


def _options(inp: SiteInput) -> tuple[object, ...]:
    return (
        inp.today,
        inp.site_name,
        inp.home_text,
        inp.public,
        inp.hidden,
        inp.directory_urls,
        inp.skip,
        inp.edit_base,
        inp.redact is None,
        inp.draft is None,
    )


def same_drafts(before: SiteInput, after: SiteInput, meetings: list[str]) -> bool:
    """Whether every draft that could read these meetings' bodies reads the same as before:
    those of the items about the meetings or the people met or suggested there, and the
    people's first messages."""
    if not meetings or (before.draft is None and after.draft is None):
        return True
    if before.draft is None or after.draft is None:
        return False
    full = after.full or after.kb
    people: set[str] = set()
    for slug in meetings:
        m = full.meetings[slug]
        people.update(m.contacts)
        people.update(r.contact.slug for r in m.referrals if r.contact is not None and r.contact.slug)
    ids = [i.id for i in after.items if i.meeting in meetings or i.contact in people]
    ids += [f"outreach:{slug}" for slug in sorted(people)]
    return all(before.draft(i) == after.draft(i) for i in ids)
