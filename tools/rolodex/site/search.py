"""The site's search index: one short entry per person and per meeting (pure, but for `write_index`).

Material's search plugin splits every page into its sections and indexes all their text, and
the browser builds its index from all of it on every page it opens: at 1,000 contacts and
3,000 meetings that was 22,000 entries, 8.8 MB (twice: the offline plugin adds a .js copy)
and seconds before the first result. Record pages are therefore left out of Material's index
(`search: {exclude: true}`) and stand in it as one short entry each, made here from the records:

- every person: their name (the title), role, company, field, place, tags and email
  addresses; boosted, so that for a name or a company people come first;
- the meetings you prepare for or follow up on: every planned one and those of the last
  30 days, each with its title (the people met), day, place and tags. Older meetings are a
  click away on the person's page and on the Meetings page's months.

Notes are not indexed: the browser builds its index on every page it opens, and at 1,000
contacts their notes alone cost it about a second (benchmarks/browser_bench.py).

Hand-written pages keep Material's entries; hub pages are not indexed at all (they list
everyone). With the offline plugin, the index is written once, as the script it loads from
file://; our search shim (assets/iframe-worker.js) hands the same file to Material over http.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from collections.abc import Mapping
from pathlib import Path

from rolodex.core.model import Contact, Meeting
from rolodex.site.context import Site
from rolodex.site.markup import contact_page, meeting_page

BOOST = 10  # a person's entry against a meeting's or a hand-written page's
RECENT_DAYS = 30  # meetings this many days back stay in the index (planned ones always)
INDEX = "search/search_index.json"
SCRIPT = "search/search_index.js"
PREFIX = "var __index = "  # the offline plugin's script form, which Material reads from file://


def h(text: str) -> str:
    """Text for the index, which Material shows as HTML: escaped as its own indexer does (quotes
    stay, so that a search for O'Brien finds the word)."""
    return html.escape(text, quote=False)


def entries(site: Site, url: Mapping[str, str]) -> list[dict[str, object]]:
    """Index entries of every person, then every meeting; `url` maps a docs path to its page's URL."""
    out: list[dict[str, object]] = []
    for c in site.contacts:
        location = url.get(contact_page(c.slug))
        if location is not None:
            out.append({"location": location, "title": h(c.name), "text": _person(c), "boost": BOOST})
    since = site.today - dt.timedelta(days=RECENT_DAYS)
    for m in site.meetings:
        if m.date < since and site.state(m) != "planned":
            continue
        location = url.get(meeting_page(m.slug))
        if location is not None:
            out.append({"location": location, "title": h(site.meeting_title(m)), "text": _meeting(site, m)})
    return out


def _person(c: Contact) -> str:
    role = " at ".join(x for x in (c.title, c.company) if x)
    fields = [role, c.field, c.location, " ".join(c.tags), " ".join(c.emails)]
    return h(" · ".join(x for x in fields if x))


def _meeting(site: Site, m: Meeting) -> str:
    fields = [m.date.isoformat(), m.location, " ".join(m.tags), "" if site.state(m) != "cancelled" else "cancelled"]
    return h(" · ".join(x for x in fields if x))


# --- the file ---------------------------------------------------------------------------


def merged(index: Mapping[str, object], records: list[dict[str, object]]) -> dict[str, object]:
    """Material's index (config, entries of the pages it indexed) with the records' entries first."""
    docs = index.get("docs")
    return {"config": index.get("config", {}), "docs": records + (list(docs) if isinstance(docs, list) else [])}


def write_index(site_dir: Path, records: list[dict[str, object]], *, one_copy: bool) -> None:
    """Add the records to the index MkDocs wrote. `one_copy`: the index is kept only as the
    offline script (when there is one), which our shim also serves in place of the JSON."""
    path = site_dir / INDEX
    if not path.is_file():  # no search plugin
        return
    index = merged(json.loads(path.read_text(encoding="utf-8")), records)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    script = site_dir / SCRIPT
    if script.is_file():
        _write(script, PREFIX + data)
        if one_copy:
            path.unlink()
            return
    _write(path, data)


def read_index(site_dir: Path) -> dict:
    """The search index of a built site, from whichever file holds it."""
    path = site_dir / INDEX
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    text = (site_dir / SCRIPT).read_text(encoding="utf-8")
    return json.loads(text.removeprefix(PREFIX))


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
