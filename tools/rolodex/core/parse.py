"""One file's bytes → a typed record and its problems (the per-file checks).

Pure: no filesystem, no clock. A record is returned whenever the file says
enough to be useful (a contact with a bad key still takes part in follow-ups);
`None` only when it cannot be placed at all.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable

import yaml

from rolodex.core import frontmatter, identity
from rolodex.core.jobask import asks_for_job
from rolodex.core.model import (
    MEETING_KINDS,
    MEETING_STATUSES,
    PRIORITIES,
    TOUCH_KINDS,
    Contact,
    FollowUpTask,
    Meeting,
    PastRole,
    Problem,
    Referral,
    Touch,
    Unplaced,
)
from rolodex.core.values import NodeReader, describe, is_null

CONTACT_KEYS = (
    "name",
    "title",
    "company",
    "field",
    "location",
    "email",
    "phone",
    "links",
    "tags",
    "referred_by",
    "source",
    "goal",
    "priority",
    "cadence",
    "snooze_until",
    "archived",
    "private",
    "touches",
    "follow_ups",
    "history",
)
MEETING_KEYS = (
    "date",
    "with",
    "kind",
    "location",
    "duration",
    "status",
    "uid",
    "thank_you",
    "referrals",
    "follow_ups",
    "questions",
    "tags",
)
# Keys other tools put in front matter (Obsidian, MkDocs): known, so no warning.
FOREIGN_KEYS = (
    "aliases",
    "cssclasses",
    "cssclass",
    "publish",
    "created",
    "updated",
    "modified",
    "title_page",
    "hide",
    "search",
    "template",
    "status_note",
    "description",
    "icon",
)
TOUCH_KEYS = ("date", "kind", "note", "ref")
REFERRAL_KEYS = ("name", "contact", "note")
FOLLOW_UP_KEYS = ("task", "due", "done")
HISTORY_KEYS = ("date", "company", "title")
_TOUCH_NEEDS = {"date": "the day it happened, YYYY-MM-DD", "kind": "one of " + ", ".join(TOUCH_KINDS)}
_FOLLOW_UP_NEEDS = {"task": "what you promised", "due": "when it is due, YYYY-MM-DD"}
MEETING_NAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
# Beyond these a value is a typo, not a plan (and date arithmetic would leave the calendar).
MAX_CADENCE_DAYS = 36_500  # a hundred years
MAX_DURATION_MINUTES = 10_080  # a week


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 with an optional BOM; any other encoding is a located `encoding` error."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None, [Problem(path, 1, "error", "encoding", "saved as UTF-16, not UTF-8; save the file as UTF-8")]
        msg = f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        return None, [Problem(path, line, "error", "encoding", msg)]


def read_front_matter(
    path: str, text: str, *, typed: bool = True
) -> tuple[yaml.MappingNode | None, frontmatter.Split | None, list[Problem]]:
    """Split and compose; the front matter must be a mapping."""
    try:
        parts = frontmatter.split(text)
        node = frontmatter.compose(parts.yaml_text, parts.yaml_line, typed=typed)
    except frontmatter.FrontMatterError as exc:
        return None, None, [Problem(path, exc.line, "error", exc.code, exc.message)]
    if node is None or is_null(node):
        return (
            None,
            parts,
            [Problem(path, 1, "error", "not-a-mapping", "front matter is empty; expected 'key: value' lines")],
        )
    if not isinstance(node, yaml.MappingNode):
        line = parts.yaml_line + node.start_mark.line
        msg = f"front matter should be 'key: value' lines (a mapping), found {describe(node)}"
        return None, parts, [Problem(path, line, "error", "not-a-mapping", msg)]
    return node, parts, []


Record = Contact | Meeting | Unplaced


def parse_file(kind: str, path: str, slug: str, data: bytes) -> tuple[Record, list[Problem]]:
    """Parse a contact (`kind='contact'`) or meeting file's bytes.

    Always returns a record: an `Unplaced` one when the file says too little to
    be used (its problems say why), so the loader still knows the slug exists.
    """
    text, problems = decode(path, data)
    if text is None:
        return Unplaced(kind, path, slug), problems
    parser: Callable = parse_contact if kind == "contact" else parse_meeting
    record, problems = parser(path, slug, text)
    return (record if record is not None else Unplaced(kind, path, slug)), problems


# --- contacts -------------------------------------------------------------------------


def parse_contact(path: str, slug: str, text: str) -> tuple[Contact | None, list[Problem]]:
    node, parts, problems = read_front_matter(path, text, typed=False)
    if node is None or parts is None:
        return None, problems
    r = NodeReader(path, parts.yaml_line)
    keys = r.mapping(node, "a contact", CONTACT_KEYS + FOREIGN_KEYS)
    lines = {sys.intern(k): r.line(kn) for k, (kn, _) in keys.items()}  # interned: one copy of each key
    fields: dict = {}

    name = r.required_text("name", keys["name"][1]) if "name" in keys else None
    if "name" not in keys:
        r.problems.append(
            Problem(
                path,
                parts.yaml_line,
                "error",
                "missing-key",
                "required key 'name' is missing: the person's display name",
            )
        )
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
        fields["follow_ups"] = tuple(_follow_ups(r, keys["follow_ups"][1], task_hint="what to do"))
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
    return contact, problems + r.problems


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
                r.error(item, "missing-key", f"a touch needs '{required}': {_TOUCH_NEEDS[required]}")
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


# --- meetings -------------------------------------------------------------------------


def parse_meeting(path: str, slug: str, text: str) -> tuple[Meeting | Unplaced | None, list[Problem]]:
    node, parts, problems = read_front_matter(path, text, typed=False)
    if node is None or parts is None:
        return None, problems
    r = NodeReader(path, parts.yaml_line)
    keys = r.mapping(node, "a meeting", MEETING_KEYS + FOREIGN_KEYS)
    lines = {sys.intern(k): r.line(kn) for k, (kn, _) in keys.items()}  # interned: one copy of each key
    fields: dict = {}

    when = r.date_or_time("date", keys["date"][1]) if "date" in keys else None
    if "date" not in keys:
        r.problems.append(
            Problem(
                path,
                parts.yaml_line,
                "error",
                "missing-key",
                "required key 'date' is missing: when the meeting is, YYYY-MM-DD",
            )
        )
    if "with" in keys:
        fields["with_"] = tuple(_with(r, keys["with"][1]))
    else:
        r.problems.append(
            Problem(path, parts.yaml_line, "error", "missing-key", "required key 'with' is missing: who did you meet?")
        )
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
        fields["follow_ups"] = tuple(_follow_ups(r, keys["follow_ups"][1]))
    if "questions" in keys:
        fields["questions"] = r.text_list("questions", keys["questions"][1])
        if not is_null(keys["questions"][1]):
            _job_asks(r, keys["questions"][1])
    if "tags" in keys:
        fields["tags"] = tuple(map(sys.intern, r.text_list("tags", keys["tags"][1])))

    if when is None:
        refs = [("with", ref) for ref in fields.get("with_", ())]
        refs += [("referrals", ref.contact) for ref in fields.get("referrals", ()) if ref.contact]
        return Unplaced("meeting", path, slug, tuple(refs)), problems + r.problems
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
    return meeting, problems + r.problems


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


def _follow_ups(r: NodeReader, node: yaml.Node, task_hint: str = "") -> list[FollowUpTask]:
    """A meeting's promises, or a contact's reminders (`task_hint` says what a task is there)."""
    needs = {**_FOLLOW_UP_NEEDS, "task": task_hint} if task_hint else _FOLLOW_UP_NEEDS
    out = []
    for index, item in enumerate(r.items("follow_ups", node)):
        if not isinstance(item, yaml.MappingNode):
            r.error(item, "wrong-type", f"a follow-up should be {{task: …, due: YYYY-MM-DD}}, found {describe(item)}")
            continue
        keys = r.mapping(item, "a follow-up", FOLLOW_UP_KEYS)
        task = r.required_text("task", keys["task"][1]) if "task" in keys else None
        due = r.date("due", keys["due"][1], required=True) if "due" in keys else None
        for required in ("task", "due"):
            if required not in keys:
                r.error(item, "missing-key", f"a follow-up needs '{required}': {needs[required]}")
        done: dt.date | bool = False
        if "done" in keys:
            done_node = keys["done"][1]
            if isinstance(done_node, yaml.ScalarNode) and done_node.value.lower() in (
                "true",
                "false",
                "yes",
                "no",
                "on",
                "off",
            ):
                done = bool(r.boolean("done", done_node))
            elif is_null(done_node):
                done = False
            elif isinstance(done_node, yaml.ScalarNode) and not _looks_like_date(done_node.value):
                r.error(
                    done_node,
                    "wrong-type",
                    f"'done' should be a date YYYY-MM-DD, true or false, found {describe(done_node)}",
                )
            else:
                done = r.date("done", done_node) or False
        if task and due:
            out.append(FollowUpTask(task=task, due=due, done=done, index=index, line=r.line(item)))
    return out


def _looks_like_date(text: str) -> bool:
    return bool(re.match(r"^\s*\d{4}-\d{1,2}-\d{1,2}", text))


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


__all__ = ["decode", "parse_contact", "parse_file", "parse_meeting", "read_front_matter"]
