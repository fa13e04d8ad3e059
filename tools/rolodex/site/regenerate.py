"""Generate again only the pages an edit can change, while `rolodex serve` runs (pure).

Generating every page takes seconds at thousands of records (drafts for every mail link,
the calendar, every table), yet the usual edit while serving is to a record's notes: its
Markdown body. A contact's body shows on its own page and nowhere else; a meeting's shows on
its own page and in the drafts of mail links (its Notes and Takeaways sections). So each
rebuild compares everything else with the last rebuild's input — every record without its
body, the due items, the problems, today, the settings, the draft templates and the site's
options — and, when all of it is the same, generates again only the pages of the records
whose body changed, once the drafts that could read a changed meeting are found unchanged. Any
other change (a name, a date, a touch, a new file, a template) generates every page, as a
build does. Either way the pages are exactly what `pages.generate` makes of this input.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from rolodex.site.context import SiteInput
from rolodex.site.pages import generate, record_pages


@dataclass(frozen=True)
class Generated:
    """One rebuild's pages, and what decides whether the next one may reuse them."""

    inp: SiteInput
    templates: bytes  # the digest of the KB's draft templates
    pages: dict[str, str | bytes]


def regenerate(inp: SiteInput, templates: bytes, previous: Generated | None) -> Generated:
    """The site's generated pages for `inp`, from `previous` where the edit cannot reach."""
    if previous is not None and previous.templates == templates:
        changed = only_bodies(previous.inp, inp)
        if changed is not None and same_drafts(previous.inp, inp, changed[1]):
            pages = dict(previous.pages)  # the same paths in the same order: only bodies changed
            pages.update(record_pages(inp, *changed))
            return Generated(inp, templates, pages)
    return Generated(inp, templates, generate(inp))


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
            names = _FIELDS.get(type(record))
            if names is None:
                names = _FIELDS[type(record)] = tuple(f.name for f in fields(record) if f.name != "body")
            if type(kept) is not type(record) or any(getattr(kept, n) != getattr(record, n) for n in names):
                return None
            if kept.body != record.body:
                changed.append(slug)
    return out


_FIELDS: dict[type, tuple[str, ...]] = {}


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
