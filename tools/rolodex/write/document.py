"""A contact or meeting file as an edit sees it, and the tools edits are made with (pure).

An edit never re-serialises the front matter. It finds the place to change from the
positions of the composed YAML nodes (`find_key`, `after`, `block_style`) and splices in a
few characters written in the style of their neighbours (`scalar`, `flow_mapping`,
`flow_append`, `add_key`), so comments, key order, quoting, flow or block style,
indentation, line endings, a BOM and the Markdown body all stay exactly as they were.
The edits themselves are in `edit` (log, done, snooze, sync) and `fill` (imports); each
hands its splices to `verify.finish`, which refuses any result that is not the original
plus exactly the intended change. The file system is `safewrite`'s business.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from rolodex.core import parse
from rolodex.core.model import Problem


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


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def next_line(text: str, offset: int) -> int:
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
            line_start(doc.text, end)
            if doc.text[line_start(doc.text, end) : end].strip() == ""
            else next_line(doc.text, end)
        )
        header = doc.text[doc.pos(leaf.start_mark) :].split(None, 1)[0]
        if "+" not in header:
            start = doc.pos(leaf.start_mark)
            while end > start:
                prev = line_start(doc.text, end - 1)
                if doc.text[prev:end].strip():
                    break
                end = prev
        return end
    return next_line(doc.text, end)


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
    closing_line = line_start(text, close_at)
    if text[closing_line:close_at].strip() == "" and "\n" in between:
        if comma >= 0:  # trailing-comma style: each entry on its line, then a comma
            return [Splice(closing_line, closing_line, f"{indent}{entry},{doc.newline}")]
        return [Splice(last_end, last_end, ","), Splice(closing_line, closing_line, f"{indent}{entry}{doc.newline}")]
    at = last_end + comma + 1 if comma >= 0 else last_end
    return [Splice(at, at, ("" if comma >= 0 else ",") + f"{doc.newline}{indent}{entry}")]


# --- adding a key -----------------------------------------------------------------------------


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
