"""Records → the site's Markdown pages: one pure function, `generate`.

`generate(SiteInput)` returns `{path: content}` for every generated page (Markdown
text) and file (`calendar.ics`, bytes), paths relative to the docs folder. It reads
nothing but its input: the MkDocs plugin turns the result into in-memory files,
`rolodex export site DIR` writes it to disk for any other Markdown site generator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rolodex.interop.ics import calendar
from rolodex.site.blocks import (
    CALENDAR,
    COMPANIES,
    CONTACTS,
    DUE,
    HOME,
    HUB_SEARCH,
    INSIGHTS,
    MEET_LIST,
    MEETINGS,
    NETWORK,
    PROBLEMS,
    REVIEW,
    TAGS,
    badge,
    source_link,
    table,
)
from rolodex.site.context import Site, SiteInput
from rolodex.site.dashboard import meet_list
from rolodex.site.duepage import followup_pages
from rolodex.site.graph import network
from rolodex.site.home import home
from rolodex.site.insights import insights
from rolodex.site.markup import contact_page, front_matter, link, md, meeting_page
from rolodex.site.meetings import meeting, meetings_hub
from rolodex.site.people import companies, contact, contacts_hub, tags
from rolodex.site.review import weekly_review


def generate(
    inp: SiteInput,
    kept: Mapping[str, str | bytes] | None = None,
    site: Site | None = None,
    hubs: Mapping[str, Mapping[str, str | bytes]] | None = None,
) -> dict[str, str | bytes]:
    """Every generated page and file of the site, by docs-relative path. `kept`: record pages
    known to read as they did, taken as they are; `hubs`: the hubs' pages as `hub_pages` made
    them (`rolodex serve`, site/regenerate.py)."""
    site = site or Site(inp)
    out: dict[str, str | bytes] = {}
    for pages in (hubs if hubs is not None else hub_pages(site)).values():
        out.update(pages)
    out.update(record_pages(inp, [c.slug for c in site.contacts], [m.slug for m in site.meetings], site, kept))
    return out


Hub = Callable[[Site], Mapping[str, "str | bytes"]]


def hub_pages(
    site: Site, kept: Mapping[str, Mapping[str, str | bytes]] | None = None
) -> dict[str, dict[str, str | bytes]]:
    """Each hub's pages, by the path of the hub's page, in the site's order: the page, and for
    the Follow-ups and Meetings pages their continuation pages. `kept`: hubs known to read as
    they did, by the same key, taken as they are."""
    kept = kept or {}
    return {path: dict(kept[path] if path in kept else make(site)) for path, make in hubs(site.inp).items()}


def hubs(inp: SiteInput) -> dict[str, Hub]:
    """What makes each hub of this site, by the path of the hub's page (a hand-written page of
    that path replaces it: `inp.skip`)."""

    def one(path: str, render: Callable[[Site], str]) -> Hub:
        return lambda site: {path: render(site)}

    made: dict[str, Hub] = {
        HOME: one(HOME, home),
        MEET_LIST: one(MEET_LIST, meet_list),
        CONTACTS: one(CONTACTS, contacts_hub),
        COMPANIES: one(COMPANIES, companies),
        TAGS: one(TAGS, tags),
        NETWORK: one(NETWORK, network),
        REVIEW: one(REVIEW, weekly_review),
        INSIGHTS: one(INSIGHTS, insights),
    }
    if not inp.public:
        made[PROBLEMS] = one(PROBLEMS, problems)
    made = {path: make for path, make in made.items() if path not in inp.skip}
    if DUE not in inp.skip:
        made[DUE] = followup_pages
    if MEETINGS not in inp.skip:
        made[MEETINGS] = meetings_hub
    made[CALENDAR] = lambda site: {CALENDAR: calendar(site.kb, site.inp.items, site.today, name=site.inp.site_name)}
    return made


def record_pages(
    inp: SiteInput,
    contacts: list[str],
    meetings: list[str],
    site: Site | None = None,
    kept: Mapping[str, str | bytes] | None = None,
) -> dict[str, str | bytes]:
    """The pages of these contacts and meetings (by slug), as `generate` makes them."""
    site = site or Site(inp)
    kept = kept or {}
    full = inp.full or inp.kb  # a record's own page shows its values whole; every other page, cut
    out: dict[str, str | bytes] = {}
    for slug in contacts:
        path = contact_page(slug)
        page = kept.get(path)
        out[path] = page if page is not None else contact(site, full.contacts[slug], site.resolve)
    for slug in meetings:
        path = meeting_page(slug)
        page = kept.get(path)
        out[path] = page if page is not None else meeting(site, full.meetings[slug], site.resolve)
    return out


def problems(site: Site) -> str:
    """What `rolodex check` reports, each linked to the page its file makes (and the file, when browsable)."""
    found = site.inp.problems
    errors = sum(p.severity == "error" for p in found)
    out = [front_matter("Problems", search=HUB_SEARCH), "# Problems\n"]
    if not found:
        out.append("`rolodex check` finds nothing wrong in your files.\n")
        return "\n".join(out)
    out.append(
        f"`rolodex check` reports {errors} error{'s' if errors != 1 else ''} and "
        f"{len(found) - errors} warning{'s' if len(found) - errors != 1 else ''}. "
        "Fix them in your editor: the site rebuilds as you save. Files with errors still "
        "appear here as far as they could be read.\n"
    )
    pages = {c.path: contact_page(c.slug) for c in site.kb.contacts.values()}
    pages.update({m.path: meeting_page(m.slug) for m in site.kb.meetings.values()})
    rows = []
    for p in found:
        where = source_link(site, p.path, p.line)
        if p.path in pages:
            where += " → " + link(PROBLEMS, pages[p.path], "page")
        rows.append((where, badge(p.severity, p.severity), md(p.message), f"<code>{md(p.code)}</code>"))
    out.append(table(["Where", "", "Problem", "Code"], rows) + "\n")
    return "\n".join(out)
