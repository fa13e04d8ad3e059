"""The edits `log`, `done`, `snooze` and `sync` make to existing files (pure: bytes in, bytes out).

Each finds its place in the file (`document`), splices in text written in the file's own
style, and hands the splices with what they mean (an `Intent`) to `verify.finish`: the
result is checked to be the original plus exactly that change, or the edit is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import yaml

from rolodex.core import parse
from rolodex.core.model import Problem, Touch
from rolodex.core.values import is_null
from rolodex.write import document
from rolodex.write.document import (
    Change,
    Document,
    EditRefused,
    Splice,
    add_key,
    after,
    block_style,
    find_key,
    flow_append,
    flow_mapping,
    scalar,
    unified_diff,
)
from rolodex.write.verify import Intent, finish

# What callers of the edits use with them: the file, the change, the refusal, the diff.
__all__ = [
    "Change",
    "Document",
    "EditRefused",
    "append_follow_up",
    "append_touch",
    "append_touches",
    "set_contact_key",
    "set_follow_up_done",
    "set_meeting_key",
    "unified_diff",
]

TOUCH_KEY_ORDER = parse.TOUCH_KEYS  # date, kind, note, ref
FOLLOW_UP_KEY_ORDER = parse.FOLLOW_UP_KEYS  # task, due, done


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
    return _extend(doc, "touches", all_values, TOUCH_KEY_ORDER, summary)


def append_follow_up(doc: Document, task: str, due: dt.date) -> Change:
    """Add an open entry `{task, due}` at the end of a contact's or a meeting's
    `follow_ups`, written like the entries already there (the key is added when missing)."""
    summary = f"added follow-up due {due.isoformat()}"
    return _extend(doc, "follow_ups", [{"task": task, "due": due}], FOLLOW_UP_KEY_ORDER, summary)


def _extend(doc: Document, name: str, all_values: list[dict], key_order: Sequence[str], summary: str) -> Change:
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
                at = document.next_line(doc.text, doc.pos(key.end_mark))
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
    intent = Intent("extend", (name,), [dict(_ordered(v, order)) for v in all_values])
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
    prefix = doc.text[document.line_start(doc.text, start) : start]
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
        line = doc.text[at : document.next_line(doc.text, at)]
        body = line.lstrip(" ")
        if not body.startswith("#") or len(line) - len(body) <= dash_col:
            break
        at = document.next_line(doc.text, at)
    return at


def set_meeting_key(doc: Document, key: str, value: object, literal: str | None = None) -> Change:
    """Set a meeting's `key` (date, location, duration, status, uid) to a scalar: the value is
    replaced where it stands, or the key added after the keys the format lists before it.
    `literal` is the YAML text to write when it is not `scalar(value)` (`2026-12-03 09:30`)."""
    return _set_key(doc, key, value, literal, parse.MEETING_KEYS)


def set_contact_key(doc: Document, key: str, value: object) -> Change:
    """Set a contact's `key` (`snooze_until`, …) to a scalar, as `set_meeting_key` does for meetings."""
    return _set_key(doc, key, value, None, parse.CONTACT_KEYS)


def _set_key(doc: Document, key: str, value: object, literal: str | None, order: Sequence[str]) -> Change:
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
    return finish(doc, splices, Intent("set", (key,), value), f"{key}: {text}")


def set_follow_up_done(doc: Document, index: int, day: dt.date) -> Change:
    """Set `done: day` on entry `index` (its position in `follow_ups`) of a meeting or a contact."""
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
    return finish(doc, splices, Intent("set", ("follow_ups", index, "done"), day), f"set done: {value}")
