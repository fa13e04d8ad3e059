"""A meeting file's front matter → a `Meeting` (or, when it cannot be placed, an `Unplaced`
record) and its problems (FORMAT §3)."""

from __future__ import annotations

import datetime as dt
import sys

import yaml

from rolodex.core import frontmatter, identity
from rolodex.core.jobask import asks_for_job
from rolodex.core.model import (
    MEETING_KINDS,
    MEETING_STATUSES,
    Meeting,
    Problem,
    Referral,
    Unplaced,
)
from rolodex.core.parse.common import (
    FOREIGN_KEYS,
    MAX_DURATION_MINUTES,
    MEETING_KEYS,
    MEETING_NAME_DATE,
    REFERRAL_KEYS,
    follow_ups,
    open_record,
)
from rolodex.core.values import NodeReader, describe, is_null


def parse_meeting(path: str, slug: str, text: str) -> tuple[Meeting | Unplaced | None, list[Problem]]:
    opened = open_record(path, text, "a meeting", MEETING_KEYS + FOREIGN_KEYS)
    if isinstance(opened, list):
        return None, opened
    r, parts, keys, lines = opened
    fields: dict = {}

    when = r.date_or_time("date", keys["date"][1]) if "date" in keys else None
    if "date" not in keys:
        r.missing("date", "when the meeting is, YYYY-MM-DD")
    if "with" in keys:
        fields["with_"] = tuple(_with(r, keys["with"][1]))
    else:
        r.missing("with", "who did you meet?")
    if "kind" in keys:
        fields["kind"] = r.choice("kind", keys["kind"][1], MEETING_KINDS)
    if "location" in keys:
        fields["location"] = r.text("location", keys["location"][1])
    if "duration" in keys:
        fields["duration"] = r.positive_int("duration", keys["duration"][1], "minutes", maximum=MAX_DURATION_MINUTES)
    if "status" in keys:
        fields["status_set"] = _status(r, keys["status"][1])
        fields["status_invalid"] = fields["status_set"] is None and not is_null(keys["status"][1])
    if "uid" in keys:
        uid = r.text("uid", keys["uid"][1])
        fields["uid"] = uid.strip() or None if uid is not None else None
    if "thank_you" in keys:
        fields["thank_you"] = r.date("thank_you", keys["thank_you"][1])
    if "referrals" in keys:
        fields["referrals"] = tuple(_referrals(r, keys["referrals"][1]))
    if "follow_ups" in keys:
        fields["follow_ups"] = tuple(follow_ups(r, keys["follow_ups"][1]))
    if "questions" in keys:
        fields["questions"] = r.text_list("questions", keys["questions"][1])
        if not is_null(keys["questions"][1]):
            _job_asks(r, keys["questions"][1])
    if "tags" in keys:
        fields["tags"] = tuple(map(sys.intern, r.text_list("tags", keys["tags"][1])))

    if when is None:
        refs = [("with", ref) for ref in fields.get("with_", ())]
        refs += [("referrals", ref.contact) for ref in fields.get("referrals", ()) if ref.contact]
        return Unplaced("meeting", path, slug, tuple(refs)), r.problems
    day = when.date() if isinstance(when, dt.datetime) else when
    time = when.time() if isinstance(when, dt.datetime) else None
    named = MEETING_NAME_DATE.match(slug)
    if not named:
        who = (identity.slug(fields["with_"][0].target) or "name") if fields.get("with_") else slug
        r.warn(
            keys["date"][0],
            "filename-date",
            f"file name should start with the meeting's date, e.g. '{day.isoformat()}-{who}.md'",
        )
    elif named[1] != day.isoformat():
        r.warn(keys["date"][1], "filename-date", f"file name says {named[1]} but 'date' is {day.isoformat()}")
    meeting = Meeting(
        slug=slug,
        path=path,
        date=day,
        time=time,
        body=parts.body,
        research=frontmatter.section(parts.body, "Research"),
        lines=lines,
        **{k: v for k, v in fields.items() if v is not None},
    )
    return meeting, r.problems


def _status(r: NodeReader, node: yaml.Node) -> str | None:
    """`planned`, `held` or `cancelled` (None: by date); anything else is an error that says
    what it costs: a meeting whose status is unknown (`canceled`) may not have happened, so
    no rule uses it."""
    if is_null(node):
        return None
    scalar = isinstance(node, yaml.ScalarNode)
    if scalar and node.value in MEETING_STATUSES:
        return MEETING_STATUSES[MEETING_STATUSES.index(node.value)]  # the shared constant
    found = f"'{node.value}'{identity.did_you_mean(node.value, MEETING_STATUSES)}" if scalar else describe(node)
    r.error(
        node,
        "bad-value",
        f"'status' must be one of {', '.join(MEETING_STATUSES)}; found {found}; "
        "until it is fixed, this meeting is left out of every follow-up",
    )
    return None


def _with(r: NodeReader, node: yaml.Node):
    if r.unquoted_link(node) is not None:  # `with: [[jane-doe]]`: one link, not a list of lists
        return [r.ref("with", node)]
    items = list(node.value) if isinstance(node, yaml.SequenceNode) else [node]
    if not items or is_null(node):
        r.error(node, "missing-key", "'with' is empty: name the contact slug(s) you met")
        return []
    refs = [r.ref("with", item) for item in items]
    return [ref for ref in refs if ref]


def _referrals(r: NodeReader, node: yaml.Node) -> list[Referral]:
    out = []
    items = [node] if r.unquoted_link(node) is not None else r.items("referrals", node)
    for item in items:
        if isinstance(item, yaml.ScalarNode) or r.unquoted_link(item) is not None:
            ref = r.ref("referrals", item)
            if ref:
                out.append(Referral(contact=ref, line=r.line(item)))
            continue
        if not isinstance(item, yaml.MappingNode):
            r.error(
                item,
                "wrong-type",
                f"a referral should be a contact slug or {{name: …, contact: …}}, found {describe(item)}",
            )
            continue
        keys = r.mapping(item, "a referral", REFERRAL_KEYS)
        name = r.required_text("name", keys["name"][1]) if "name" in keys else None
        contact = r.ref("contact", keys["contact"][1]) if "contact" in keys else None
        note = r.text("note", keys["note"][1]) if "note" in keys else None
        if not name and not contact:
            r.error(item, "missing-key", "a referral needs 'name' (who they suggested) or 'contact' (a contact slug)")
            continue
        out.append(Referral(name=name, contact=contact, note=note, line=r.line(item)))
    return out


def _job_asks(r: NodeReader, node: yaml.Node) -> None:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for item in items:
        if isinstance(item, yaml.ScalarNode) and asks_for_job(item.value):
            question = " ".join(item.value.split())
            r.warn(
                item,
                "job-ask",
                f"'questions': '{question}' asks for a job; an informational interview asks to "
                "learn about their work and who else to talk to, never for a job (it puts them on the spot)",
            )
