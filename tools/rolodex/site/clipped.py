"""The knowledge base as hubs and other pages show it: every short value cut to `LABEL_CHARS` (pure).

A page lists many records, and a record appears on many pages (every tag, every
meeting, the hubs). One value of 100,000 characters under 1,000 tags made a 210 MB tags
page and a build that never ended. So pages are made from a copy of the KB whose names,
titles, tags and other one-line values are cut (`markup.clip`), and each record's own page
from the full record: a value is shown whole exactly once. Bodies are not one-line values
and appear only on their own page; addresses and URLs are never cut (a cut one would be
wrong), and a record that has nothing too long is not copied at all.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rolodex.core.model import KB, FollowUpTask, Ref, Referral, Touch
from rolodex.rules.followups import Due
from rolodex.site.markup import LABEL_CHARS, clip

# Never cut: text that is not one line, file names, keys, addresses and URLs.
_WHOLE = frozenset({"body", "research", "slug", "path", "target", "emails", "links", "lines"})
_NESTED = (Ref, Touch, Referral, FollowUpTask)


def clipped(kb: KB, known: dict[int, tuple[Any, Any]] | None = None) -> KB:
    """A KB whose records' one-line values are cut for listing (the same KB if none is long).

    `known`: records cut by the last call, by identity, taken as they were cut (`rolodex serve`
    keeps unchanged records' objects from one rebuild to the next); left holding this call's.
    """
    cut = _clip_record
    if known is not None:
        last, fresh = dict(known), known
        fresh.clear()

        def cut(record: Any) -> Any:
            hit = last.get(id(record))
            copy = hit[1] if hit is not None and hit[0] is record else _clip_record(record)
            fresh[id(record)] = (record, copy)  # the record itself is held: its id stays its own
            return copy

    contacts = {slug: cut(c) for slug, c in kb.contacts.items()}
    meetings = {slug: cut(m) for slug, m in kb.meetings.items()}
    changed = any(a is not b for a, b in zip(contacts.values(), kb.contacts.values())) or any(
        a is not b for a, b in zip(meetings.values(), kb.meetings.values())
    )
    if not changed:
        return kb
    return KB(settings=kb.settings, contacts=contacts, meetings=meetings, root=kb.root, unplaced=kb.unplaced)


def clipped_items(items: list[Due]) -> list[Due]:
    """Follow-up items with their titles and names cut likewise (ids and slugs stay whole)."""
    return [
        dataclasses.replace(item, title=clip(item.title), name=item.name and clip(item.name))
        if len(item.title) > LABEL_CHARS or len(item.name or "") > LABEL_CHARS
        else item
        for item in items
    ]


def _clip_record(record: Any) -> Any:
    changes = {}
    for name in _cut_fields(type(record)):
        value = getattr(record, name)
        cut = _clip_value(value)
        if cut is not value:
            changes[name] = cut
    return dataclasses.replace(record, **changes) if changes else record


_FIELDS: dict[type, tuple[str, ...]] = {}


def _cut_fields(kind: type) -> tuple[str, ...]:
    """The fields of a record type that may be cut (looked up once per type, not per record)."""
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.name not in _WHOLE)
    return names


def _clip_value(value: Any) -> Any:
    if isinstance(value, str):
        return clip(value) if len(value) > LABEL_CHARS else value
    if isinstance(value, tuple):
        items = tuple(_clip_value(v) for v in value)
        return items if any(a is not b for a, b in zip(items, value)) else value
    if isinstance(value, _NESTED):
        return _clip_record(value)
    return value
