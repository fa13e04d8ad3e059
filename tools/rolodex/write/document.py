"""Safe, minimal edits of existing contact and meeting files (pure: bytes in, bytes out).

An edit never re-serialises the front matter. It finds the place to change from the
positions of the composed YAML nodes and splices in a few characters written in the
style of their neighbours (a new touch in a block list copies the previous touch's
dash and indentation; in a flow list it becomes one more `{...}`), so comments,
key order, quoting, flow or block style, indentation, line endings, a BOM and the
Markdown body all stay exactly as they were. The result is then verified
(`editcheck.verify`) by three independent readings (the project's parser, the
composed node tree and ruamel.yaml, comments included): it must equal the original
plus exactly the intended change, or the edit is refused.

The file system is `safewrite`'s business; this module only computes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from rolodex.core import parse
from rolodex.core.model import Problem, Touch
from rolodex.core.values import is_null

TOUCH_KEY_ORDER = parse.TOUCH_KEYS  # date, kind, note, ref
FOLLOW_UP_KEY_ORDER = parse.FOLLOW_UP_KEYS  # task, due, done


def newline_of(text: str) -> str:
    """The line ending new lines get: the one most of the file's lines have (the first line's
    on a tie). A file whose first line ends in LF and every other in CRLF is a CRLF file."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    if crlf != lf:
        return "\r\n" if crlf > lf else "\n"
    first_end = text.find("\n")
    return "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"


class EditRefused(Exception):
    """The edit cannot be made safely; `problem` says where and why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


@dataclass(frozen=True)
class Document:
    """A file's bytes, decoded and split, with its front matter composed (node marks kept)."""

    path: str  # relative to the KB root, for messages
    data: bytes
    text: str  # decoded, BOM removed
    bom: bool
    newline: str  # "\r\n" when most of the file's lines end so, else "\n"
    yaml_start: int  # offset in `text` of the first front-matter character
    yaml_text: str
    body: str
    root: yaml.MappingNode

    @classmethod
    def load(cls, path: str, data: bytes) -> Document:
        """Read `data`; a file whose front matter does not parse is refused with its place."""
        text, problems = parse.decode(path, data)
        if text is None:
            raise EditRefused(_not_editable(problems[0]))
        root, parts, problems = parse.read_front_matter(path, text)
        if root is None or parts is None:
            raise EditRefused(_not_editable(problems[0]))
        first_end = text.find("\n")
        newline = newline_of(text)
        return cls(
            path,
            data,
            text,
            data.startswith(b"\xef\xbb\xbf"),
            newline,
            first_end + 1,
            parts.yaml_text,
            parts.body,
            root,
        )

    def line_at(self, offset: int) -> int:
        """The 1-based file line of a character offset in `text`."""
        return self.text.count("\n", 0, offset) + 1

    def pos(self, mark: yaml.Mark) -> int:
        """A node mark as an offset in `text`."""
        return self.yaml_start + mark.index

    def problem(self, node: yaml.Node | None, code: str, message: str) -> Problem:
        line = self.line_at(self.pos(node.start_mark)) if node is not None else None
        return Problem(self.path, line, "error", code, message)


def _not_editable(problem: Problem) -> Problem:
    return Problem(
        problem.path, problem.line, "error", problem.code, f"{problem.message}; fix the file before rolodex edits it"
    )


@dataclass(frozen=True)
class Splice:
    start: int  # offsets in Document.text
    end: int
    text: str


@dataclass(frozen=True)
class Intent:
    """What an edit means, for verification: append `value` (or, for "extend", each item of
    `value`) to the list at `path`, or set the key `path[-1]` of the mapping at `path[:-1]`
    to `value` (a key that was missing may be added anywhere among its siblings)."""

    op: str  # "append" | "extend" (append each of a list) | "set"
    path: tuple[str | int, ...]
    value: object  # plain Python: dict / list of dicts / str / date
    record: str | None = None  # "contact" | "meeting"; None: a contact when the path starts at touches


@dataclass(frozen=True)
class Change:
    """An edit ready to write: the new bytes and where and what it changed."""

    path: str
    old: bytes
    new: bytes
    line: int  # first changed line, 1-based
    summary: str  # "added outreach touch 2026-11-26"

    def diff(self) -> str:
        """A unified diff (git style, without line-ending noise) of the change."""
        return unified_diff(self.path, self.old, self.new)


def unified_diff(path: str, old: bytes | None, new: bytes) -> str:
    def lines(data: bytes | None) -> list[str]:
        return [] if data is None else data.decode("utf-8-sig").splitlines()

    before = "/dev/null" if old is None else f"a/{path}"
    return "\n".join(difflib.unified_diff(lines(old), lines(new), before, f"b/{path}", lineterm="")) + "\n"


# --- rendering values in the file's own style --------------------------------------------

# `?` is left out: PyYAML ends a plain scalar at it inside `{...}`
_PLAIN = re.compile(r"[^\W\d_][\w .\-'’()/;+=$&@!%~^<>|*]*")
_STR_TAG = "tag:yaml.org,2002:str"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def scalar(value: object) -> str:
    """A YAML scalar reading back as `value` in any YAML 1.1 or 1.2 reader, in flow or block
    context: plain when unambiguous, else double-quoted. Strings stay strings (`"Yes"`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and _resolves_to_str(text):
        return text
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.match(ch):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _resolves_to_str(text: str) -> bool:
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG


def flow_mapping(items: Sequence[tuple[str, object]], spaced: bool = False) -> str:
    inner = ", ".join(f"{k}: {scalar(v)}" for k, v in items)
    return "{ " + inner + " }" if spaced else "{" + inner + "}"


# --- finding places ------------------------------------------------------------------------


def find_key(doc: Document, mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of `key`; a key written twice is too ambiguous to edit."""
    found = [(k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key]
    if len(found) > 1:
        raise EditRefused(
            doc.problem(
                found[1][0], "duplicate-key", f"key '{key}' appears twice; remove one before rolodex edits this file"
            )
        )
    return found[0] if found else None


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _next_line(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def _last_leaf(node: yaml.Node) -> yaml.Node:
    """The node whose end is the end of `node`'s content (block collections end past comments)."""
    while not getattr(node, "flow_style", True) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node


def after(doc: Document, node: yaml.Node) -> int:
    """The offset where the line after `node`'s last content line starts."""
    leaf = _last_leaf(node)
    end = doc.pos(leaf.end_mark)
    if isinstance(leaf, yaml.ScalarNode) and leaf.style in ("|", ">"):
        # The scanner ends a block scalar at the next content line; step back over the
        # blank lines it swallowed (they are not part of a clipped or stripped scalar).
        end = (
            _line_start(doc.text, end)
            if doc.text[_line_start(doc.text, end) : end].strip() == ""
            else _next_line(doc.text, end)
        )
        header = doc.text[doc.pos(leaf.start_mark) :].split(None, 1)[0]
        if "+" not in header:
            start = doc.pos(leaf.start_mark)
            while end > start:
                prev = _line_start(doc.text, end - 1)
                if doc.text[prev:end].strip():
                    break
                end = prev
        return end
    return _next_line(doc.text, end)


def block_style(doc: Document) -> tuple[int, int, int]:
    """(root key column, dash indent under a key, gap after the dash) as this file writes lists."""
    root_col = doc.root.value[0][0].start_mark.column if doc.root.value else 0
    candidates = [
        (k, v) for k, v in doc.root.value if isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value
    ]
    # lists of mappings (touches, referrals, follow_ups) show the layout a new touch should have
    candidates.sort(key=lambda kv: not isinstance(kv[1].value[0], yaml.MappingNode))
    for key, seq in candidates:
        dash = seq.start_mark.column
        gap = seq.value[0].start_mark.column - dash
        if seq.value[0].start_mark.line == seq.start_mark.line and gap >= 2:
            return root_col, dash - key.start_mark.column, gap
    return root_col, 2, 2


# --- flow collections -----------------------------------------------------------------------


def flow_append(doc: Document, node: yaml.Node, entry: str) -> list[Splice]:
    """Splices adding `entry` as the last entry of a flow list or mapping, in its layout."""
    text = doc.text
    open_at = doc.pos(node.start_mark)
    close_at = doc.pos(node.end_mark) - 1
    if text[open_at] not in "[{" or text[close_at] not in "]}":
        raise EditRefused(doc.problem(node, "cannot-edit", "cannot find the brackets of this list; edit it by hand"))
    if not node.value:
        return [Splice(open_at + 1, open_at + 1, entry)]
    entries = [v for _, v in node.value] if isinstance(node, yaml.MappingNode) else node.value
    firsts = [k for k, _ in node.value] if isinstance(node, yaml.MappingNode) else node.value
    last_end = doc.pos(entries[-1].end_mark)
    between = text[last_end:close_at]
    comma = between.find(",")
    multiline = doc.line_at(open_at) != doc.line_at(last_end)
    indent = " " * firsts[-1].start_mark.column
    if not multiline:
        sep = ", "
        if len(firsts) > 1:  # copy the separator the other entries use: `, ` or `,`
            gap = text[doc.pos(entries[-2].end_mark) : doc.pos(firsts[-1].start_mark)].lstrip(" ")
            if re.fullmatch(r",[ \t]*", gap):
                sep = gap
        return [Splice(last_end, last_end, f"{sep}{entry}")]
    closing_line = _line_start(text, close_at)
    if text[closing_line:close_at].strip() == "" and "\n" in between:
        if comma >= 0:  # trailing-comma style: each entry on its line, then a comma
            return [Splice(closing_line, closing_line, f"{indent}{entry},{doc.newline}")]
        return [Splice(last_end, last_end, ","), Splice(closing_line, closing_line, f"{indent}{entry}{doc.newline}")]
    at = last_end + comma + 1 if comma >= 0 else last_end
    return [Splice(at, at, ("" if comma >= 0 else ",") + f"{doc.newline}{indent}{entry}")]


# --- edits -----------------------------------------------------------------------------------


def append_touch(doc: Document, touch: Touch) -> Change:
    """Add a touch at the end of the contact's `touches` (the key is added when missing)."""
    return append_touches(doc, [touch])


def append_touches(doc: Document, touches: Sequence[Touch]) -> Change:
    """Add touches, in order, at the end of the contact's `touches`, in one verified edit
    (the key is added when missing). Each is written like the list's last item."""
    if not touches:
        raise ValueError("no touch to add")
    all_values = [{"date": t.date, "kind": t.kind, "note": t.note, "ref": t.ref} for t in touches]
    if len(touches) == 1:
        summary = f"added {touches[0].kind} touch {touches[0].date.isoformat()}"
    else:
        summary = f"added {len(touches)} touches"
    return _extend(doc, "touches", all_values, TOUCH_KEY_ORDER, None, summary)


def append_follow_up(doc: Document, record: str, task: str, due: dt.date) -> Change:
    """Add an open entry `{task, due}` at the end of a contact's or a meeting's (`record`)
    `follow_ups`, written like the entries already there (the key is added when missing)."""
    summary = f"added follow-up due {due.isoformat()}"
    return _extend(doc, "follow_ups", [{"task": task, "due": due}], FOLLOW_UP_KEY_ORDER, record, summary)


def _extend(
    doc: Document, name: str, all_values: list[dict], key_order: Sequence[str], record: str | None, summary: str
) -> Change:
    """Add mappings, in order, at the end of the root's list `name`, in one verified edit."""
    found = find_key(doc, doc.root, name)
    splices: list[Splice]
    order = list(key_order)
    if found is None:
        root_col, dash, gap = block_style(doc)
        if doc.root.flow_style:
            items = ", ".join(flow_mapping(_ordered(v, order)) for v in all_values)
            splices = flow_append(doc, doc.root, f"{name}: [{items}]")
        else:
            at = doc.yaml_start + len(doc.yaml_text)
            prefix = " " * (root_col + dash) + "-" + " " * (gap - 1)
            lines = [" " * root_col + f"{name}:"]
            for values in all_values:
                lines += _block_item(values, order, prefix, root_col + dash + gap)
            splices = [Splice(at, at, "".join(line + doc.newline for line in lines))]
    else:
        key, seq = found
        if is_null(seq):
            if doc.pos(seq.end_mark) > doc.pos(seq.start_mark):  # `touches: ~` or `null`
                items = ", ".join(flow_mapping(_ordered(v, order)) for v in all_values)
                splices = [Splice(doc.pos(seq.start_mark), doc.pos(seq.end_mark), f"[{items}]")]
            else:
                root_col, dash, gap = block_style(doc)
                col = key.start_mark.column
                at = _next_line(doc.text, doc.pos(key.end_mark))
                prefix = " " * (col + dash) + "-" + " " * (gap - 1)
                lines = [line for v in all_values for line in _block_item(v, order, prefix, col + dash + gap)]
                splices = [Splice(at, at, "".join(line + doc.newline for line in lines))]
        elif not isinstance(seq, yaml.SequenceNode):
            what = "touches" if name == "touches" else "follow-ups"
            raise EditRefused(
                doc.problem(seq, "wrong-type", f"'{name}' should be a list of {what}; fix it before rolodex adds one")
            )
        elif seq.flow_style:
            sibling = seq.value[-1] if seq.value else None
            order = _sibling_order(sibling, order)
            spaced = sibling is not None and doc.text[doc.pos(sibling.start_mark) :].startswith("{ ")
            items = ", ".join(flow_mapping(_ordered(v, order), spaced) for v in all_values)
            splices = flow_append(doc, seq, items)
        else:
            order = _sibling_order(seq.value[-1], order)
            splices = [_block_sibling(doc, seq, all_values, order)]
    intent = Intent("extend", (name,), [dict(_ordered(v, order)) for v in all_values], record)
    return finish(doc, splices, intent, summary)


def _ordered(values: dict, order: Sequence[str]) -> list[tuple[str, object]]:
    return [(k, values[k]) for k in order if values.get(k) is not None]


def _sibling_order(sibling: yaml.Node | None, default: Sequence[str]) -> list[str]:
    if not isinstance(sibling, yaml.MappingNode):
        return list(default)
    seen = [k.value for k, _ in sibling.value if isinstance(k, yaml.ScalarNode) and k.value in default]
    return seen + [k for k in default if k not in seen]


def _block_item(values: dict, order: Sequence[str], prefix: str, key_col: int) -> list[str]:
    pairs = _ordered(values, order)
    return [(prefix if i == 0 else " " * key_col) + f"{k}: {scalar(v)}" for i, (k, v) in enumerate(pairs)]


def _block_sibling(doc: Document, seq: yaml.SequenceNode, all_values: Sequence[dict], order: list[str]) -> Splice:
    """New last items written like the current last item (same dash, gap and key column)."""
    last = seq.value[-1]
    start = doc.pos(last.start_mark)
    prefix = doc.text[_line_start(doc.text, start) : start]
    if not re.fullmatch(r" *-[ \t]+", prefix):
        raise EditRefused(
            doc.problem(
                last,
                "cannot-edit",
                "cannot tell how this list is indented (its items do not start with '- '); add the touch by hand",
            )
        )
    lines = []
    for values in all_values:
        if isinstance(last, yaml.MappingNode) and last.flow_style:
            spaced = doc.text[start:].startswith("{ ")
            lines.append(prefix + flow_mapping(_ordered(values, order), spaced))
        else:
            lines += _block_item(values, order, prefix, last.start_mark.column)
    at = _past_comments(doc, after(doc, seq), len(prefix) - len(prefix.lstrip(" ")))
    return Splice(at, at, "".join(line + doc.newline for line in lines))


def _past_comments(doc: Document, at: int, dash_col: int) -> int:
    """Skip comment lines indented deeper than the dash: they belong to the last item."""
    end = doc.yaml_start + len(doc.yaml_text)
    while at < end:
        line = doc.text[at : _next_line(doc.text, at)]
        body = line.lstrip(" ")
        if not body.startswith("#") or len(line) - len(body) <= dash_col:
            break
        at = _next_line(doc.text, at)
    return at


def add_key(doc: Document, key: str, lines: list[str], flow: str, order: Sequence[str]) -> list[Splice]:
    """Splices adding `key` to the root: `lines` (already indented under it) in block style,
    after the keys `order` lists before it; `key: flow` in a flow mapping."""
    if doc.root.flow_style:
        return flow_append(doc, doc.root, f"{key}: {flow}")
    rank = {k: i for i, k in enumerate(order)}
    before = [
        (k, v)
        for k, v in doc.root.value
        if isinstance(k, yaml.ScalarNode) and rank.get(k.value, len(order)) < rank[key]
    ]
    col = doc.root.value[0][0].start_mark.column if doc.root.value else 0
    text = "".join(" " * col + line + doc.newline for line in lines)
    if before:
        at = after(doc, before[-1][1])
        while re.match(r"[ \t]*#", doc.text[at : at + 200]) and doc.text.find("\n", at) >= 0:
            at = doc.text.find("\n", at) + 1  # comments under the previous key stay with it
    elif doc.root.value:
        first = doc.pos(doc.root.value[0][0].start_mark)
        at = doc.text.rfind("\n", 0, first) + 1
    else:
        at = doc.yaml_start + len(doc.yaml_text)
    return [Splice(at, at, text)]


def set_meeting_key(doc: Document, key: str, value: object, literal: str | None = None) -> Change:
    """Set a meeting's `key` (date, location, duration, status, uid) to a scalar: the value is
    replaced where it stands, or the key added after the keys the format lists before it.
    `literal` is the YAML text to write when it is not `scalar(value)` (`2026-12-03 09:30`)."""
    return _set_key(doc, key, value, literal, "meeting", parse.MEETING_KEYS)


def set_contact_key(doc: Document, key: str, value: object) -> Change:
    """Set a contact's `key` (`snooze_until`, …) to a scalar, as `set_meeting_key` does for meetings."""
    return _set_key(doc, key, value, None, "contact", parse.CONTACT_KEYS)


def _set_key(doc: Document, key: str, value: object, literal: str | None, record: str, order: Sequence[str]) -> Change:
    text = scalar(value) if literal is None else literal
    found = find_key(doc, doc.root, key)
    if found is None:
        splices = add_key(doc, key, [f"{key}: {text}"], text, order)
    else:
        node = found[1]
        if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
            raise EditRefused(doc.problem(node, "wrong-type", f"'{key}' should be a single value; fix it first"))
        start, end = doc.pos(node.start_mark), doc.pos(node.end_mark)
        splices = [Splice(start, end, text if end > start or doc.text[start - 1] != ":" else " " + text)]
    return finish(doc, splices, Intent("set", (key,), value, record=record), f"{key}: {text}")


def set_follow_up_done(doc: Document, index: int, day: dt.date, record: str = "meeting") -> Change:
    """Set `done: day` on entry `index` (its position in `follow_ups`) of a meeting or (`record`)
    a contact."""
    found = find_key(doc, doc.root, "follow_ups")
    if found is None or not isinstance(found[1], yaml.SequenceNode) or index >= len(found[1].value):
        raise EditRefused(
            Problem(doc.path, None, "error", "cannot-edit", f"no follow-up number {index + 1} in 'follow_ups'")
        )
    entry = found[1].value[index]
    if not isinstance(entry, yaml.MappingNode):
        raise EditRefused(
            doc.problem(entry, "wrong-type", "this follow-up is not a mapping {task: …, due: …}; fix it first")
        )
    value = scalar(day)
    done = find_key(doc, entry, "done")
    if done is not None:
        node = done[1]
        if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
            raise EditRefused(doc.problem(node, "wrong-type", "'done' should be a date or true/false; fix it first"))
        start, end = doc.pos(node.start_mark), doc.pos(node.end_mark)
        splices = [Splice(start, end, value if end > start or doc.text[start - 1] != ":" else " " + value)]
    elif entry.flow_style:
        splices = flow_append(doc, entry, f"done: {value}")
    else:
        at = after(doc, entry)
        splices = [Splice(at, at, " " * entry.start_mark.column + f"done: {value}{doc.newline}")]
    return finish(doc, splices, Intent("set", ("follow_ups", index, "done"), day, record), f"set done: {value}")


def finish(doc: Document, splices: list[Splice], intent: Intent, summary: str) -> Change:
    """Apply the splices, verify the result means exactly `intent`, and describe the change."""
    from rolodex.write.verify import verify  # the checker reads the model and ruamel; keep import light

    text = doc.text
    for splice in sorted(splices, key=lambda s: s.start, reverse=True):
        text = text[: splice.start] + splice.text + text[splice.end :]
    new = (b"\xef\xbb\xbf" if doc.bom else b"") + text.encode("utf-8")
    verify(doc, new, intent)
    content = splices[-1]  # by convention the splice holding the new text comes last
    lead = content.text[: len(content.text) - len(content.text.lstrip(",\r\n \t"))]
    line = doc.line_at(content.start) + lead.count("\n")
    return Change(doc.path, doc.data, new, line, summary)
