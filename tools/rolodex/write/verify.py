"""Verify an edit: the new file must read as the old one plus exactly the intended change.

Three independent readings must agree, or the edit is refused before anything is written:
the composed node tree (every key, value and tag, in order), ruamel.yaml's round-trip
reading (values and every comment), and the project's own parser (the typed record and
its problems). The Markdown body, the first line, the BOM and the line endings must be
byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import yaml

from rolodex.core import parse
from rolodex.core.model import Contact, FollowUpTask, Meeting, Problem, Touch
from rolodex.write.document import Document, EditRefused, Intent

MAX_NODES = 100_000  # aliases could make a tiny file an enormous tree; stop verifying there
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_RESOLVER = yaml.resolver.Resolver()


class _Mismatch(Exception):
    pass


def verify(doc: Document, new: bytes, intent: Intent) -> None:
    """Raise EditRefused unless `new` is `doc` plus exactly `intent`."""
    try:
        after = Document.load(doc.path, new)
    except EditRefused as exc:
        _refuse(doc, f"the result would not parse ({exc.problem.message})")
    if (after.bom, after.newline, after.body, after.text[: after.yaml_start]) != (
        doc.bom,
        doc.newline,
        doc.body,
        doc.text[: doc.yaml_start],
    ):
        _refuse(doc, "the edit would change the Markdown body or the file's encoding")
    try:
        at = _new_key_at(doc, after, intent)
        expected = _apply(_node_tree(doc.root), intent, _node_leaf, at)
        if expected != _node_tree(after.root):
            raise _Mismatch("the YAML would not read as the original plus the new entry")
        _check_ruamel(doc.yaml_text, after.yaml_text, intent, at)
        _check_records(doc, after, intent)
    except _Mismatch as exc:
        _refuse(doc, str(exc))
    except RecursionError:  # valid YAML hundreds of levels deep: too deep for the three readings
        raise EditRefused(
            Problem(
                doc.path,
                None,
                "error",
                "edit-refused",
                "the front matter is nested too deeply to check an edit; nothing was written "
                "(flatten the deeply nested key, then try again)",
            )
        ) from None


def _refuse(doc: Document, why: str) -> None:
    raise EditRefused(
        Problem(
            doc.path,
            None,
            "error",
            "edit-refused",
            f"{why}; nothing was written (please report this file's layout as a bug)",
        )
    )


# --- applying the intent to a plain tree ---------------------------------------------------


def _apply(tree: Any, intent: Intent, leaf: Callable[[object], Any], at: int | None = None) -> Any:
    """`tree` (mappings as lists of (key, value) pairs) with the intended change made; a key
    that was missing goes at position `at` (where the edit put it), else last."""
    *parents, last = intent.path
    node = tree
    for step in parents:
        node = _child(node, step, leaf)
    if intent.op in ("append", "extend"):
        items = intent.value if intent.op == "extend" else [intent.value]
        assert isinstance(items, list)  # what is appended is a mapping (a touch), or a list of them
        values = [[(leaf(k), leaf(v)) for k, v in item.items()] for item in items]
        pairs = [p for p in node if p[0] == leaf(last)]
        if not pairs:
            node.append((leaf(last), values))
        elif isinstance(pairs[0][1], list):
            pairs[0][1].extend(values)
        else:  # an empty (null) value becomes the list
            node[node.index(pairs[0])] = (pairs[0][0], values)
        return tree
    for i, (key, _) in enumerate(node):
        if key == leaf(last):
            node[i] = (key, leaf(intent.value))
            return tree
    node.insert(len(node) if at is None else at, (leaf(last), leaf(intent.value)))
    return tree


def _child(node: Any, step: str | int, leaf: Callable[[object], Any]) -> Any:
    if isinstance(step, int):
        return node[step]
    for key, value in node:
        if key == leaf(step):
            return value
    raise _Mismatch(f"'{step}' is missing")


def _new_key_at(doc: Document, after: Document, intent: Intent) -> int | None:
    """Where a root key that a "set" adds sits in the new file (edits put it in the format's order)."""
    if intent.op != "set" or len(intent.path) != 1:
        return None
    key = intent.path[0]
    names = [k.value if isinstance(k, yaml.ScalarNode) else None for k, _ in after.root.value]
    if any(isinstance(k, yaml.ScalarNode) and k.value == key for k, _ in doc.root.value) or key not in names:
        return None
    return names.index(key)


# --- the composed node tree -----------------------------------------------------------------


def _node_tree(root: yaml.Node) -> Any:
    budget = [MAX_NODES]

    def walk(node: yaml.Node) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise _Mismatch("the front matter is too large to verify (aliases?)")
        if isinstance(node, yaml.ScalarNode):
            # The project's composer may leave plain scalars untyped; type them as YAML
            # would, so that `2026-11-26` and `"2026-11-26"` are told apart.
            tag = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False)) if not node.style else node.tag
            return (tag, node.value)
        if isinstance(node, yaml.SequenceNode):
            return [walk(item) for item in node.value]
        return [(walk(k), walk(v)) for k, v in node.value]

    return walk(root)


def _node_leaf(value: object) -> Any:
    if isinstance(value, dt.date):
        return (_TIMESTAMP, value.isoformat())
    return (_STR, str(value))


# --- ruamel.yaml: values and comments --------------------------------------------------------


def _check_ruamel(old: str, new: str, intent: Intent, at: int | None) -> None:
    try:
        before = _ruamel_load(old)
    except Exception:
        return
    try:
        after = _ruamel_load(new)
    except Exception as exc:
        raise _Mismatch(f"ruamel.yaml cannot read the result ({exc.__class__.__name__})") from None
    if _apply(_plain(before), intent, _ruamel_leaf, at) != _plain(after):
        raise _Mismatch("ruamel.yaml reads different values after the edit")
    if Counter(_comments(before)) != Counter(_comments(after)):
        raise _Mismatch("a comment would be lost or changed")


def _ruamel_load(text: str) -> Any:
    from ruamel.yaml import YAML

    reader = YAML(typ="rt", pure=True)
    reader.allow_duplicate_keys = True
    return reader.load(io.StringIO(text))


def _plain(data: Any) -> Any:
    budget = [MAX_NODES]

    def walk(value: Any) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise _Mismatch("the front matter is too large to verify (aliases?)")
        if isinstance(value, dict):
            return [(walk(k), walk(v)) for k, v in value.items()]
        if isinstance(value, list):
            return [walk(v) for v in value]
        return _ruamel_leaf(value)

    return walk(data)


def _ruamel_leaf(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    if isinstance(value, (int, float)):
        return (type(value).__mro__[-2].__name__, repr(value))
    return (type(value).__name__, repr(getattr(value, "value", value)))


def _comments(data: Any) -> list[str]:
    """Every comment line ruamel.yaml attached anywhere in the data, stripped."""
    from ruamel.yaml.comments import CommentedBase
    from ruamel.yaml.tokens import CommentToken

    out: list[str] = []
    seen: set[int] = set()

    def tokens(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                tokens(item)
        elif isinstance(value, CommentToken) and id(value) not in seen:
            seen.add(id(value))
            out.extend(line.strip() for line in value.value.split("\n") if line.strip())

    def walk(node: Any) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, CommentedBase):
            ca = node.ca
            tokens(ca.comment)
            for item in ca.items.values():
                tokens(item)
            tokens(ca.end)
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return out


# --- the project's parser --------------------------------------------------------------------


# The record fields a meeting key feeds: setting the key may change these and nothing else.
_MEETING_FIELDS = {
    "date": ("date", "time"),
    "location": ("location",),
    "duration": ("duration",),
    "status": ("status_set", "status_invalid"),
    "uid": ("uid",),
}
# Likewise for a contact (`rolodex snooze`).
_CONTACT_FIELDS = {
    "snooze_until": ("snooze_until",),
}


def _check_records(doc: Document, after: Document, intent: Intent) -> None:
    key = intent.path[0]
    is_contact = intent.record == "contact" if intent.record else key == "touches"
    parser = parse.parse_contact if is_contact else parse.parse_meeting
    old, old_problems = parser(doc.path, "x", doc.text)
    new, new_problems = parser(doc.path, "x", after.text)
    expected: Contact | Meeting
    if isinstance(old, Contact) and key == "touches":
        items = intent.value if intent.op == "extend" else [intent.value]
        assert isinstance(items, list)  # what is appended is a mapping (a touch), or a list of them
        touches = tuple(Touch(date=v["date"], kind=v["kind"], note=v.get("note"), ref=v.get("ref")) for v in items)
        expected = replace(old, touches=old.touches + touches)
    elif isinstance(old, (Contact, Meeting)) and key == "follow_ups" and intent.op == "extend":
        items = intent.value
        assert isinstance(items, list)  # entries {task, due}
        start = len(old.follow_ups)
        tasks = tuple(FollowUpTask(v["task"], v["due"], index=start + i) for i, v in enumerate(items))
        expected = replace(old, follow_ups=old.follow_ups + tasks)
    elif isinstance(old, (Contact, Meeting)) and key == "follow_ups":
        index, done = intent.path[1], intent.value
        assert isinstance(done, (dt.date, bool))
        expected = replace(
            old, follow_ups=tuple(replace(t, done=done) if t.index == index else t for t in old.follow_ups)
        )
    elif isinstance(old, Meeting) and isinstance(new, Meeting) and key in _MEETING_FIELDS and len(intent.path) == 1:
        # the node tree already holds the written value; here nothing else may change
        expected = replace(old, **{f: getattr(new, f) for f in _MEETING_FIELDS[key]})
    elif isinstance(old, Contact) and isinstance(new, Contact) and key in _CONTACT_FIELDS and len(intent.path) == 1:
        expected = replace(old, **{f: getattr(new, f) for f in _CONTACT_FIELDS[key]})
    elif not isinstance(old, (Contact, Meeting)):
        return  # nothing typed to compare (a meeting without a date): the trees agreed
    else:
        raise _Mismatch(f"no way to check an edit of '{key}'")
    if new is None:
        return
    if new != expected:
        raise _Mismatch("rolodex would read the file differently after the edit")
    added = Counter((p.severity, p.code) for p in new_problems) - Counter((p.severity, p.code) for p in old_problems)
    if added:
        raise _Mismatch(f"the edit would add a problem ({', '.join(code for _, code in added)})")
