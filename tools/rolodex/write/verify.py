"""One verifier for every write: nothing reaches the disk unless it reads as intended.

An edit of an existing file (`log`, `done`, `snooze`, `sync`, an import's fills) must read as the
original plus exactly its `Intent`; a new file (`new`, an import's new contact, a synced
meeting) must read back as the values it was made from, without an error. Otherwise the
write is refused with an `edit-refused` problem and nothing is written.

The checks of an edit, each the only one that catches its kind of mistake (found by
breaking each on purpose and by feeding the edits odd layouts; tests/test_verify.py):

- the result parses: a splice can break the YAML (a new `touches:` indented under an
  explicit `? key` first in the file);
- bytes: the BOM, every line ending, the opening `---` line and the Markdown body are
  unchanged (no reading of the YAML sees them);
- the node tree: every key, value and YAML 1.1 type (PyYAML's) is the original's plus the
  intent, in order (a value written unquoted as `Yes` would become a boolean; a splice
  landing inside another entry changes it);
- ruamel.yaml, a YAML 1.2 reader: the same values (`0o17` written unquoted is a number
  there, text to PyYAML), and every comment kept (no tree holds comments).

Checking the typed record with the project's parser as well caught nothing the node tree
did not: when every node is the original's plus the intent, so is what the parser reads.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from rolodex.core import parse
from rolodex.core.model import Problem, Ref
from rolodex.write.document import Change, Document, EditRefused, Splice

MAX_NODES = 100_000  # aliases could make a tiny file an enormous tree; stop verifying there
_TAG = "tag:yaml.org,2002:"
_RESOLVER = yaml.resolver.Resolver()


@dataclass(frozen=True)
class Intent:
    """What an edit means: append `value` (for "extend", each item of `value`; for "prepend",
    before the first item) to the list at `path`, or set the key `path[-1]` of the mapping at `path[:-1]` to `value` (a key that was
    missing may be added anywhere among its siblings). Values are plain Python: a mapping,
    a list, text, a date, a number, a boolean."""

    op: str  # "append" | "extend" | "prepend" | "set"
    path: tuple[str | int, ...]
    value: object


class _Mismatch(Exception):
    pass


def finish(doc: Document, splices: list[Splice], intent: Intent, summary: str) -> Change:
    """Apply the splices, verify the result means exactly `intent`, and describe the change.

    By convention the splice holding the new text comes last; its line is the change's."""
    text = doc.text
    for splice in sorted(splices, key=lambda s: s.start, reverse=True):
        text = text[: splice.start] + splice.text + text[splice.end :]
    new = (b"\xef\xbb\xbf" if doc.bom else b"") + text.encode("utf-8")
    verify(doc, new, intent)
    content = splices[-1]
    lead = content.text[: len(content.text) - len(content.text.lstrip(",\r\n \t"))]
    line = doc.line_at(content.start) + lead.count("\n")
    return Change(doc.path, doc.data, new, line, summary)


def verify(doc: Document, new: bytes, intent: Intent) -> None:
    """Raise EditRefused unless `new` is `doc` plus exactly `intent`."""
    try:
        after = Document.load(doc.path, new)
    except EditRefused as exc:
        _refuse(doc.path, f"the result would not parse ({exc.problem.message})")
    if (after.bom, after.body, after.text[: after.yaml_start]) != (doc.bom, doc.body, doc.text[: doc.yaml_start]):
        _refuse(doc.path, "the edit would change the Markdown body or the file's encoding")
    if _endings(after.text, doc.newline) != _endings(doc.text, doc.newline):
        _refuse(doc.path, "the edit would mix line endings")
    try:
        at = _new_key_at(doc, after, intent)
        expected = _apply(_node_tree(doc.root), intent, _node_leaf, at)
        if expected != _node_tree(after.root):
            raise _Mismatch("the YAML would not read as the original plus the new entry")
        _check_ruamel(doc.yaml_text, after.yaml_text, intent, at)
    except _Mismatch as exc:
        _refuse(doc.path, str(exc))
    except RecursionError:  # valid YAML hundreds of levels deep: too deep for the readings
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


def new_file(kind: str, path: str, data: bytes, values: Mapping[str, Any]) -> list[Problem]:
    """The errors of a new contact or meeting file (only a KB template can cause them: the
    caller says so); EditRefused if a value it was made from (`values`, as given to
    `newfile`) would not read back as given."""
    record, problems = parse.parse_file(kind, path, path.rsplit("/", 1)[-1].removesuffix(".md"), data)
    given = _fields(values)
    wrong = [key for key, value in given.items() if _plain_field(getattr(record, key, None)) != value]
    if wrong:
        raise EditRefused(
            Problem(
                path,
                None,
                "error",
                "edit-refused",
                f"the new file would not read back as given ({', '.join(wrong)}); nothing was written "
                "(please report this as a bug)",
            )
        )
    return [p for p in problems if p.severity == "error"]


def _fields(values: Mapping[str, Any]) -> dict[str, object]:
    """The record fields `values` (keys as written in a file) should read back as."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if value is None or (isinstance(value, (list, tuple, Mapping)) and not value):
            continue  # not written: the template's line stays
        if key in ("email", "with"):
            out["emails" if key == "email" else "with_"] = (value,) if isinstance(value, str) else tuple(value)
        elif key == "links":
            out["links"] = tuple((str(k), str(v)) for k, v in value.items())
        elif key in ("tags", "touches"):
            out[key] = tuple(value)
        elif key == "date" and isinstance(value, str):  # `2026-12-03 09:30`
            when = dt.datetime.strptime(value, "%Y-%m-%d %H:%M")
            out |= {"date": when.date(), "time": when.time()}
        else:
            out[key] = value
    return out


def _plain_field(value: object) -> object:
    """A record's field as `values` give it: a reference by what was typed."""
    if isinstance(value, Ref):
        return value.target
    if isinstance(value, tuple):
        return tuple(_plain_field(v) for v in value)
    return value


def _refuse(path: str, why: str) -> None:
    raise EditRefused(
        Problem(
            path,
            None,
            "error",
            "edit-refused",
            f"{why}; nothing was written (please report this file's layout as a bug)",
        )
    )


def _endings(text: str, newline: str) -> int:
    """How many line endings are not the file's own (`\n` in a CRLF file, `\r\n` in an LF file)."""
    crlf = text.count("\r\n")
    return text.count("\n") - crlf if newline == "\r\n" else crlf


# --- applying the intent to a plain tree ---------------------------------------------------


def _apply(tree: Any, intent: Intent, leaf: Callable[[object], Any], at: int | None = None) -> Any:
    """`tree` (mappings as lists of (key, value) pairs) with the intended change made; a key
    that was missing goes at position `at` (where the edit put it), else last."""
    *parents, last = intent.path
    node = tree
    for step in parents:
        node = _child(node, step, leaf)
    if intent.op in ("append", "extend", "prepend"):
        items = intent.value if intent.op == "extend" else [intent.value]
        assert isinstance(items, list)  # what is appended is one value, or a list of them
        values = [_value(item, leaf) for item in items]
        pairs = [p for p in node if p[0] == leaf(last)]
        if not pairs:
            node.insert(len(node) if at is None else at, (leaf(last), values))
        elif isinstance(pairs[0][1], list):
            if intent.op == "prepend":
                pairs[0][1][:0] = values
            else:
                pairs[0][1].extend(values)
        else:  # an empty (null) value becomes the list
            node[node.index(pairs[0])] = (pairs[0][0], values)
        return tree
    for i, (key, _) in enumerate(node):
        if key == leaf(last):
            node[i] = (key, _value(intent.value, leaf))
            return tree
    node.insert(len(node) if at is None else at, (leaf(last), _value(intent.value, leaf)))
    return tree


def _value(value: object, leaf: Callable[[object], Any]) -> Any:
    """A plain value as a tree: mappings as lists of (key, value) pairs, lists as lists."""
    if isinstance(value, Mapping):
        return [(leaf(k), _value(v, leaf)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [_value(v, leaf) for v in value]
    return leaf(value)


def _child(node: Any, step: str | int, leaf: Callable[[object], Any]) -> Any:
    if isinstance(step, int):
        return node[step]
    for key, value in node:
        if key == leaf(step):
            return value
    raise _Mismatch(f"'{step}' is missing")


def _new_key_at(doc: Document, after: Document, intent: Intent) -> int | None:
    """Where a root key that an edit adds sits in the new file (edits put it in the format's order)."""
    if len(intent.path) != 1:
        return None
    key = intent.path[0]
    names = [k.value if isinstance(k, yaml.ScalarNode) else None for k, _ in after.root.value]
    if any(isinstance(k, yaml.ScalarNode) and k.value == key for k, _ in doc.root.value) or key not in names:
        return None
    return names.index(key)


# --- the composed node tree (PyYAML, YAML 1.1) -------------------------------------------------


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
    """A value as `document.scalar` writes it, as the node tree holds it."""
    if isinstance(value, bool):
        return (_TAG + "bool", "true" if value else "false")
    if isinstance(value, dt.date):
        return (_TAG + "timestamp", value.isoformat())
    if isinstance(value, int):
        return (_TAG + "int", str(value))
    return (_TAG + "str", str(value))


# --- ruamel.yaml (YAML 1.2): values and comments ------------------------------------------------


def _check_ruamel(old: str, new: str, intent: Intent, at: int | None) -> None:
    try:
        before = _ruamel_load(old)
    except Exception:
        return  # a file ruamel cannot read (PyYAML could): nothing to compare with
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
