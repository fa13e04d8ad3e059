"""What a contact's and a meeting's checks share: the keys each may have, reading the bytes and
the front matter, and the `follow_ups` list both kinds of file hold."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Sequence

import yaml

from rolodex.core import frontmatter
from rolodex.core.model import TOUCH_KINDS, FollowUpTask, Problem
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
TOUCH_NEEDS = {"date": "the day it happened, YYYY-MM-DD", "kind": "one of " + ", ".join(TOUCH_KINDS)}
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


def open_record(
    path: str, text: str, where: str, known: Sequence[str]
) -> tuple[NodeReader, frontmatter.Split, dict[str, tuple[yaml.Node, yaml.Node]], dict[str, int]] | list[Problem]:
    """A record's front matter, ready to read: its reader, parts, keys (unknown and doubled ones
    reported) and each key's line; or the problems that stop it being read at all."""
    node, parts, problems = read_front_matter(path, text, typed=False)
    if node is None or parts is None:
        return problems
    r = NodeReader(path, parts.yaml_line)
    keys = r.mapping(node, where, known)
    lines = {sys.intern(k): r.line(kn) for k, (kn, _) in keys.items()}  # interned: one copy of each key
    return r, parts, keys, lines


def follow_ups(r: NodeReader, node: yaml.Node, task_hint: str = "") -> list[FollowUpTask]:
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
            elif isinstance(done_node, yaml.ScalarNode) and not looks_like_date(done_node.value):
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


def looks_like_date(text: str) -> bool:
    return bool(re.match(r"^\s*\d{4}-\d{1,2}-\d{1,2}", text))
