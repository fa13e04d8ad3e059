"""A contact file's front matter → a `Contact` and its problems (FORMAT §2)."""

from __future__ import annotations

import sys

import yaml

from rolodex.core.model import PRIORITIES, TOUCH_KINDS, Contact, PastRole, Problem, Touch
from rolodex.core.parse.common import (
    CONTACT_KEYS,
    FOREIGN_KEYS,
    HISTORY_KEYS,
    MAX_CADENCE_DAYS,
    TOUCH_KEYS,
    TOUCH_NEEDS,
    follow_ups,
    open_record,
)
from rolodex.core.values import NodeReader, describe, is_null


def parse_contact(path: str, slug: str, text: str) -> tuple[Contact | None, list[Problem]]:
    opened = open_record(path, text, "a contact", CONTACT_KEYS + FOREIGN_KEYS)
    if isinstance(opened, list):
        return None, opened
    r, parts, keys, lines = opened
    fields: dict = {}

    name = r.required_text("name", keys["name"][1]) if "name" in keys else None
    if "name" not in keys:
        r.missing("name", "the person's display name")
    for key in ("title", "company", "field", "location", "phone", "source", "goal"):
        if key in keys:
            fields[key] = r.text(key, keys[key][1])
    if "email" in keys:
        fields["emails"] = r.text_list("email", keys["email"][1], single_ok=True)
    if "links" in keys:
        fields["links"] = _links(r, keys["links"][1])
    if "tags" in keys:
        fields["tags"] = tuple(map(sys.intern, r.text_list("tags", keys["tags"][1])))
    if "referred_by" in keys:
        fields["referred_by"] = r.ref("referred_by", keys["referred_by"][1])
    if "priority" in keys:
        fields["priority"] = r.choice("priority", keys["priority"][1], PRIORITIES)
    if "cadence" in keys:
        fields["cadence"] = _cadence(r, keys["cadence"][1])
    if "snooze_until" in keys:
        fields["snooze_until"] = r.date("snooze_until", keys["snooze_until"][1])
    for key in ("archived", "private"):
        if key in keys:
            fields[key] = bool(r.boolean(key, keys[key][1]))
    if "touches" in keys:
        fields["touches"] = tuple(_touches(r, keys["touches"][1]))
    if "follow_ups" in keys:
        fields["follow_ups"] = tuple(follow_ups(r, keys["follow_ups"][1], task_hint="what to do"))
    if "history" in keys:
        fields["history"] = tuple(_history(r, keys["history"][1]))

    contact = Contact(
        slug=slug,
        path=path,
        name=name or slug,
        body=parts.body,
        lines=lines,
        **{k: v for k, v in fields.items() if v is not None},
    )
    return contact, r.problems


def _links(r: NodeReader, node: yaml.Node) -> tuple[tuple[str, str], ...]:
    if is_null(node):
        return ()
    if not isinstance(node, yaml.MappingNode):
        r.error(node, "wrong-type", f"'links' should map a name to a URL (linkedin: https://…), found {describe(node)}")
        return ()
    out = []
    for key_node, value_node in node.value:
        name = r.text("links", key_node)
        url = r.text(f"links.{name}", value_node)
        if name and url:
            out.append((name, url.strip()))
    return tuple(out)


def _cadence(r: NodeReader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode) and node.value == "never":
        return "never"
    return r.positive_int("cadence", node, "days", alternative=" or 'never'", maximum=MAX_CADENCE_DAYS)


def _touches(r: NodeReader, node: yaml.Node) -> list[Touch]:
    out = []
    refs: dict[str, int] = {}  # ref → line of the touch that has it
    for item in r.items("touches", node):
        if not isinstance(item, yaml.MappingNode):
            r.error(
                item,
                "wrong-type",
                f"a touch should be a mapping like {{date: 2026-11-20, kind: outreach}}, found {describe(item)}",
            )
            continue
        keys = r.mapping(item, "a touch", TOUCH_KEYS)
        date = r.date("date", keys["date"][1], required=True) if "date" in keys else None
        kind = r.choice("kind", keys["kind"][1], TOUCH_KINDS) if "kind" in keys else None
        for required in ("date", "kind"):
            if required not in keys:
                r.error(item, "missing-key", f"a touch needs '{required}': {TOUCH_NEEDS[required]}")
        note = r.text("note", keys["note"][1]) if "note" in keys else None
        ref = r.text("ref", keys["ref"][1]) if "ref" in keys else None
        if ref is not None:
            ref = ref.strip() or None
            if ref is not None and ref in refs:
                r.warn(
                    keys["ref"][1],
                    "duplicate-ref",
                    f"touch 'ref' {describe(keys['ref'][1])} is also on the touch on line {refs[ref]}; "
                    "one message or event is one touch: remove one of them",
                )
            elif ref is not None:
                refs[ref] = r.line(item)
        if date and kind:
            out.append(Touch(date=date, kind=kind, note=note, ref=ref, line=r.line(item)))
    return out


def _history(r: NodeReader, node: yaml.Node) -> list[PastRole]:
    out = []
    for item in r.items("history", node):
        if not isinstance(item, yaml.MappingNode):
            r.error(
                item,
                "wrong-type",
                "an earlier role should be a mapping like {date: 2025-06-01, company: Acme, title: Analyst}, "
                f"found {describe(item)}",
            )
            continue
        keys = r.mapping(item, "a history entry", HISTORY_KEYS)
        date = r.date("date", keys["date"][1], required=True) if "date" in keys else None
        if "date" not in keys:
            r.error(item, "missing-key", "a history entry needs 'date': when you saw the change, YYYY-MM-DD")
        company = r.text("company", keys["company"][1]) if "company" in keys else None
        title = r.text("title", keys["title"][1]) if "title" in keys else None
        if company is None and title is None:
            r.error(item, "missing-key", "a history entry needs 'company' or 'title' (or both): the earlier role")
            continue
        if date:
            out.append(PastRole(date=date, company=company, title=title, line=r.line(item)))
    return out
