"""Typed values from YAML nodes, each mistake a located problem.

A `NodeReader` turns composed YAML nodes into Python values by the type the
schema expects, so that YAML's implicit typing never decides for the user:
string fields keep the text typed, `2026-02-30` is a `bad-date`, not a crash.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import yaml

from rolodex.core.identity import did_you_mean
from rolodex.core.model import Problem, Ref, Severity

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d*)?)?"
    r"[ \t]*(?:Z|[+-]\d{1,2}(?::?\d{2})?)?$"
)
_INT = re.compile(r"^[+-]?[0-9][0-9_]*$")
# No whole-number field needs more digits than this; a longer number reads as _HUGE (too large).
_MAX_DIGITS = 12
_HUGE = 10**_MAX_DIGITS
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}
_LINK = re.compile(r"^\[\[(.+?)\]\]$")
NULL_TAG = "tag:yaml.org,2002:null"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def describe(node: yaml.Node) -> str:
    """How a value looks to a user, for 'found …' in messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = node.value
    if len(value) > 40:
        value = value[:37] + "..."
    return f"'{value}'"


def is_null(node: yaml.Node) -> bool:
    if not isinstance(node, yaml.ScalarNode):
        return False
    return node.tag == NULL_TAG or (not node.style and node.value in _NULLS)


class NodeReader:
    """Reads values for one file, collecting problems with file lines."""

    def __init__(self, path: str, first_line: int):
        self.path = path
        self.first_line = first_line
        self.problems: list[Problem] = []

    # -- places and problems -------------------------------------------------------

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def error(self, node: yaml.Node | None, code: str, message: str) -> None:
        self._add(node, "error", code, message)

    def warn(self, node: yaml.Node | None, code: str, message: str) -> None:
        self._add(node, "warning", code, message)

    def missing(self, key: str, hint: str) -> None:
        """A required key of the record is absent: reported at the front matter's first line."""
        self.problems.append(
            Problem(self.path, self.first_line, "error", "missing-key", f"required key '{key}' is missing: {hint}")
        )

    def _add(self, node: yaml.Node | None, severity: Severity, code: str, message: str) -> None:
        line = self.line(node) if node is not None else None
        self.problems.append(Problem(self.path, line, severity, code, message))

    # -- structure -----------------------------------------------------------------

    def mapping(self, node: yaml.Node, where: str, known: Sequence[str]) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Keys of a mapping node → (key node, value node); duplicate and unknown keys reported."""
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "wrong-type", f"{where}: a key must be plain text, found {describe(key_node)}")
                continue
            key = key_node.value
            if key in out:
                first = self.line(out[key][0])
                self.error(
                    key_node,
                    "duplicate-key",
                    f"key '{key}' appears twice (first on line {first}); keep one (other YAML tools silently use the last)",
                )
                continue
            out[key] = (key_node, value_node)
            if key not in known:
                self.warn(key_node, "unknown-key", f"unknown key '{key}' in {where}{did_you_mean(key, known)}")
        return out

    # -- scalars -------------------------------------------------------------------

    def text(self, key: str, node: yaml.Node) -> str | None:
        """A string field: exactly the text typed, whatever it looks like."""
        if is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, "wrong-type", f"'{key}' should be text, found {describe(node)}")
            return None
        return node.value

    def required_text(self, key: str, node: yaml.Node) -> str | None:
        """A string field that must hold some text (`name:` alone is reported as empty)."""
        if is_null(node):
            self.error(node, "missing-key", f"'{key}' is empty; it is required")
            return None
        value = self.text(key, node)
        if value is not None and not value.strip():
            self.error(node, "missing-key", f"'{key}' is empty; it is required")
            return None
        return value

    def date(self, key: str, node: yaml.Node, *, required: bool = False) -> dt.date | None:
        """A date; a date-time counts by its date. An optional date left empty is absent."""
        value = self.date_or_time(key, node, required=required)
        return value.date() if isinstance(value, dt.datetime) else value

    def date_or_time(self, key: str, node: yaml.Node, *, required: bool = True) -> dt.date | dt.datetime | None:
        """A YAML date `YYYY-MM-DD`, or a date-time; impossible or unreadable dates are `bad-date`."""
        if is_null(node):
            if required:
                self.error(node, "missing-key", f"'{key}' is empty; it is required: a date YYYY-MM-DD")
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, "wrong-type", f"'{key}' should be a date YYYY-MM-DD, found {describe(node)}")
            return None
        raw = node.value.strip()
        try:
            if m := _DATE.match(raw):
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            if m := _DATETIME.match(raw):
                return dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
        except ValueError as exc:
            self.error(node, "bad-date", f"'{key}': {raw} is not a real date ({exc})")
            return None
        self.error(node, "bad-date", f"'{key}' should be a date YYYY-MM-DD, found {describe(node)}")
        return None

    def boolean(self, key: str, node: yaml.Node) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and not node.style:
            word = node.value.lower()
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
        quoted = (
            " (without quotes)"
            if isinstance(node, yaml.ScalarNode) and node.style and node.value.lower() in _TRUE | _FALSE
            else ""
        )
        self.error(node, "wrong-type", f"'{key}' should be true or false{quoted}, found {describe(node)}")
        return None

    def integer(self, key: str, node: yaml.Node) -> int | None:
        if isinstance(node, yaml.ScalarNode) and not node.style and _INT.match(node.value):
            digits = node.value.replace("_", "")
            if len(digits.lstrip("+-0")) > _MAX_DIGITS:  # Python's int() refuses 4,301 digits
                return -_HUGE if digits.startswith("-") else _HUGE
            return int(digits)
        return None

    def positive_int(
        self, key: str, node: yaml.Node, unit: str, alternative: str = "", maximum: int = _HUGE
    ) -> int | None:
        """A whole number above 0 and at most `maximum`: text is `wrong-type`, anything else `bad-value`."""
        value = self.integer(key, node)
        if value is None:
            self.error(
                node, "wrong-type", f"'{key}' should be a whole number of {unit}{alternative}, found {describe(node)}"
            )
            return None
        if value <= 0:
            self.error(
                node, "bad-value", f"'{key}' should be a positive number of {unit}{alternative}, found {describe(node)}"
            )
            return None
        if value > maximum:
            self.error(
                node, "bad-value", f"'{key}' should be at most {maximum:,} {unit}{alternative}, found {describe(node)}"
            )
            return None
        return value

    def choice(self, key: str, node: yaml.Node, allowed: Sequence[str]) -> str | None:
        value = self.text(key, node)
        if value is None:
            return None
        if value not in allowed:
            options = ", ".join(allowed)
            self.error(
                node, "bad-value", f"'{key}' must be one of {options}; found '{value}'{did_you_mean(value, allowed)}"
            )
            return None
        return allowed[allowed.index(value)]  # the shared constant: one object in the cache, not one per file

    # -- lists ---------------------------------------------------------------------

    def items(self, key: str, node: yaml.Node) -> list[yaml.Node]:
        """The entries of a list field; a single value is reported, then read as a list of one."""
        if is_null(node):
            return []
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        self.error(
            node,
            "wrong-type",
            f"'{key}' should be a list, found {describe(node)}; write it as '- item' lines or [a, b]",
        )
        return [node] if isinstance(node, yaml.ScalarNode) else []

    def text_list(self, key: str, node: yaml.Node, *, single_ok: bool = False) -> tuple[str, ...]:
        """A list of text; with `single_ok`, one text alone is a list of one (`email: a@b.example`)."""
        if single_ok and isinstance(node, yaml.ScalarNode) and not is_null(node):
            return (node.value,)
        if single_ok and isinstance(node, yaml.MappingNode):
            self.error(node, "wrong-type", f"'{key}' should be one value or a list of values, found {describe(node)}")
            return ()
        out = []
        for item in self.items(key, node):
            value = self.text(key, item)
            if value is not None:
                out.append(value)
        return tuple(out)

    # -- references ----------------------------------------------------------------

    def unquoted_link(self, node: yaml.Node) -> str | None:
        """The text of `[[text]]` written without quotes, which YAML reads as a list in a list."""
        if (
            isinstance(node, yaml.SequenceNode)
            and node.flow_style
            and len(node.value) == 1
            and isinstance(inner := node.value[0], yaml.SequenceNode)
            and inner.flow_style
            and inner.start_mark.index == node.start_mark.index + 1
            and len(inner.value) == 1
            and isinstance(inner.value[0], yaml.ScalarNode)
        ):
            return inner.value[0].value
        return None

    def ref(self, key: str, node: yaml.Node) -> Ref | None:
        """A contact reference: a slug or an Obsidian link `[[slug]]` / `[[Name]]`."""
        link = self.unquoted_link(node)
        if link is not None:
            # Understood, so nothing else cascades, but other tools read it as a nested list.
            self.error(
                node,
                "wrong-type",
                f"'{key}': an Obsidian link needs quotes in YAML; write \"[[{link}]]\" "
                "(without them, [[…]] is a list inside a list)",
            )
            raw = f"[[{link}]]"
            return Ref(raw=raw, target=parse_link_target(raw), line=self.line(node))
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            self.error(
                node, "wrong-type", f"'{key}' should name one contact (a slug or \"[[Name]]\"), found {describe(node)}"
            )
            return None
        text = self.text(key, node)
        if text is None:
            return None
        raw = text.strip()
        target = parse_link_target(raw)
        if not target:
            self.error(node, "wrong-type", f"'{key}' names no contact")
            return None
        return Ref(raw=raw, target=target, line=self.line(node))


def parse_link_target(raw: str) -> str:
    """The target of `[[folder/target.md#heading|alias]]` (here `target`), or the text itself."""
    raw = raw.strip()
    m = _LINK.match(raw)
    if not m:
        return raw
    target = m[1].split("|", 1)[0].split("#", 1)[0].strip().rsplit("/", 1)[-1]
    return target[:-3] if target.lower().endswith(".md") else target
