"""New contact and meeting files: slugs from names, and templates filled in (pure).

A knowledge base may keep its own templates, `contacts/_template.md` and
`meetings/_template.md`. A new file is the template with:

- the values given on the command line filled in (each keeps the comment the
  template wrote beside it); a given key the template lacks is added where the
  format lists it;
- every other key whose template value is an example (`company: Example Agency`)
  commented out, its lines kept with their comments (`# company: Example Agency  # employer`):
  it describes the template's imaginary person, not yours, yet shows where the key goes;
- the template's commented-out keys (`# referred_by: john-smith`) kept, unless a value is
  given for that key: then its line becomes the value's;
- keys left blank in the template (`company:`, `tags: []`, `archived: false`) kept
  as they are, ready to fill in, unless a blank would be an error (`cadence:`): commented out;
- the comment lines at the top of the template (its instructions) left out;
- the template's Markdown body as it is; a meeting also gets any of the `## Research`,
  `## Questions` and `## Notes` sections its template lacks.

Without a template, a minimal built-in one is used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from rolodex.core import frontmatter, parse
from rolodex.core.model import Problem
from rolodex.write.document import newline_of, scalar

MEETING_SECTIONS = ("Research", "Questions", "Notes")

BUILTIN_CONTACT = "---\nname: \n---\n## Research\n\n## Notes\n"
BUILTIN_MEETING = "---\ndate: \nwith: \n---\n## Research\n\n## Questions\n\n## Notes\n"


class Raw(str):
    """Text written as it is, unquoted (a meeting's `2026-12-03 09:30`)."""


class TemplateError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def contact_text(template: str | None, template_path: str, values: Mapping[str, Any]) -> str:
    """A new contact file: `values` (name, company, title, email, tags, referred_by) in the template."""
    return _fill(template or BUILTIN_CONTACT, template_path, values, parse.CONTACT_KEYS, "contact")


def meeting_text(template: str | None, template_path: str, values: Mapping[str, Any]) -> str:
    """A new meeting file: `values` (date, with, kind, location) in the template."""
    text = _fill(template or BUILTIN_MEETING, template_path, values, parse.MEETING_KEYS, "meeting")
    return _with_sections(text, MEETING_SECTIONS)


def meeting_names(day: dt.date, first: str) -> Iterator[str]:
    """File names (slugs) for a meeting on `day` with `first`, in the order to try them:
    `2026-12-03-jane-doe`, then `-2`, `-3`…"""
    base = f"{day.isoformat()}-{first}"
    yield base
    for n in range(2, 1000):
        yield f"{base}-{n}"


# --- filling a template ----------------------------------------------------------------------

# `# key: …` at the start of a line: a key the template shows commented out.
_COMMENTED_KEY = r"^#[ ]?({keys})[ \t]*:"
# The code of a line and its inline comment, when two or more spaces come before the `#`.
_INLINE = re.compile(r"^(.*?\S)([ \t]{2,})(#.*)$")


@dataclass
class _Block:
    """A key of the template and the lines it owns (its value, then comment and blank lines)."""

    key: str
    active: bool  # False: a commented-out `# key: …` line
    lines: list[str]
    value_lines: int = 1  # how many of `lines` hold the key and its value
    value: yaml.Node | None = None
    key_end: int = 0  # the column where an inline comment may start on the key line


def _fill(template: str, template_path: str, values: Mapping[str, Any], order: Sequence[str], kind: str) -> str:
    template = template.lstrip("\ufeff")
    newline = newline_of(template)
    template = template.replace("\r\n", "\n")
    root, parts, problems = parse.read_front_matter(template_path, template)
    if root is None or parts is None:
        problem = problems[0]
        raise TemplateError(
            Problem(
                problem.path,
                problem.line,
                "error",
                problem.code,
                f"{problem.message}; fix the template or delete it to use the built-in one",
            )
        )
    blocks = _blocks(root, parts.yaml_text, order)
    given = {k: v for k, v in values.items() if v not in (None, (), [])}
    text = _render(blocks, given, order, parts.body, frozenset())
    # a blank the parser rejects (`cadence:`, `snooze_until:`) is commented out like an example
    parser = parse.parse_contact if kind == "contact" else parse.parse_meeting
    record, problems = parser("new.md", "new", text)
    lines = getattr(record, "lines", {})
    bad = {p.line for p in problems if p.severity == "error"}
    broken = frozenset(b.key for b in blocks if b.active and b.key not in given and lines.get(b.key) in bad)
    if broken:
        text = _render(blocks, given, order, parts.body, broken)
    return text.replace("\n", newline)


def _blocks(root: yaml.MappingNode, yaml_text: str, order: Sequence[str]) -> list[_Block]:
    """The template's front matter as blocks, one per key or commented-out key, in order.

    Comment lines before the first key are the template's instructions: left out.
    """
    lines = yaml_text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    commented = re.compile(_COMMENTED_KEY.format(keys="|".join(re.escape(k) for k in order)))
    starts = {k.start_mark.line: (k, v) for k, v in root.value}
    blocks: list[_Block] = []
    inside = -1  # the last line of the current key's value
    for i, line in enumerate(lines):
        if i in starts:
            key, value = starts[i]
            last = max(value.end_mark.line - (value.end_mark.column == 0), i)
            while last > i and (not lines[last].strip() or lines[last].lstrip().startswith("#")):
                last -= 1  # trailing comments belong to the block, not to its value
            same_line = value.start_mark.line == i and value.end_mark.line == i
            blocks.append(
                _Block(
                    str(key.value),
                    True,
                    [line],
                    last - i + 1,
                    value,
                    value.end_mark.column if same_line else key.end_mark.column + 1,
                )
            )
            inside = last
        elif i > inside and (match := commented.match(line)):
            blocks.append(_Block(match.group(1), False, [line]))
        elif blocks:
            blocks[-1].lines.append(line)
    return blocks


def _render(
    blocks: list[_Block], given: Mapping[str, Any], order: Sequence[str], body: str, comment_out: frozenset[str]
) -> str:
    """The new file: given values in, examples commented out, blanks kept, missing given keys added."""
    active = {b.key for b in blocks if b.active}
    placed: set[str] = set()
    out: list[list[str]] = []
    for b in blocks:
        if b.key in given and b.key not in placed and (b.active or b.key not in active):
            if b.active:
                col, comment = _comment_at(b.lines[0], b.key_end)
            else:
                col, comment = _comment_of(b.lines[0])
            out.append(_value_lines(b.key, given[b.key], b.value, col, comment) + b.lines[b.value_lines :])
            placed.add(b.key)
        elif b.active and (b.key in given or b.key in comment_out or not _blank(b.value)):
            out.append([_commented(line) for line in b.lines])  # an example, not this person's data
        else:
            out.append(list(b.lines))
    keys = [b.key for b in blocks]
    for key, value in given.items():
        if key not in placed:
            at = _position(keys, key, order)
            keys.insert(at, key)
            out.insert(at, _value_lines(key, value, None, None, None))
    return "---\n" + "".join(line + "\n" for lines in out for line in lines) + "---\n" + body


def _commented(line: str) -> str:
    """A template line as a comment, its inline comment kept in its column where there is room."""
    if not line.strip() or line.lstrip().startswith("#"):
        return line
    match = _INLINE.match(line)
    if match and len(match.group(2)) >= 3:
        return f"# {match.group(1)}{match.group(2)[2:]}{match.group(3)}"
    return f"# {line}"


def _comment_at(line: str, start: int) -> tuple[int | None, str | None]:
    """The column and text of an inline comment at or after `start` (where the value ends).

    The column counts only when the template aligned the comment (three or more spaces
    before it); otherwise the comment just follows the value, and will again.
    """
    for match in re.finditer(r"[ \t]#", line[max(start - 1, 0) :]):
        col = max(start - 1, 0) + match.start() + 1
        aligned = len(line[:col]) - len(line[:col].rstrip()) >= 3
        return (col if aligned else None), line[col:]
    return None, None


def _comment_of(line: str) -> tuple[int | None, str | None]:
    match = _INLINE.match(line)
    if not match:
        return None, None
    aligned = len(match.group(2)) >= 3
    return (len(match.group(1)) + len(match.group(2)) if aligned else None), match.group(3)


def _value_lines(key: str, value: Any, like: yaml.Node | None, col: int | None, comment: str | None) -> list[str]:
    """`key: value` as YAML lines that read back as `value`, with the template's inline comment.

    Strings are quoted where YAML would mistype them (`"Yes"`, `"12:30"`); lists are written
    in the template's style (flow unless it wrote a block list); mappings as a block.
    """
    first = f"{key}:"
    rest: list[str] = []
    if isinstance(value, Mapping):
        indent = " " * (like.value[0][0].start_mark.column if isinstance(like, yaml.MappingNode) and like.value else 2)
        rest = [f"{indent}{scalar(k)}: {scalar(v)}" for k, v in value.items()]
    elif isinstance(value, (list, tuple)):
        if isinstance(like, yaml.SequenceNode) and not like.flow_style and like.value:
            dash = " " * max(like.value[0].start_mark.column - 2, 0)
            rest = [f"{dash}- {scalar(v)}" for v in value]
        else:
            first += " [" + ", ".join(scalar(v) for v in value) + "]"
    else:
        first += " " + (str(value) if isinstance(value, Raw) else scalar(value))
    if comment:
        first = (first.ljust(col) if col and len(first) < col else first + "  ") + comment
    return [first] + rest


def _blank(node: yaml.Node | None) -> bool:
    """An empty value (`company:`, `tags: []`, `archived: false`): kept, ready to fill in."""
    if isinstance(node, yaml.ScalarNode):
        return node.value == "" or (
            node.tag.endswith((":null", ":bool")) and node.value.lower() in ("", "~", "null", "false", "no", "off")
        )
    return isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.value


def _position(keys: list[str], key: str, order: Sequence[str]) -> int:
    """Where a key the template lacks goes: after the keys the format lists before it."""
    rank = {k: i for i, k in enumerate(order)}
    after = [i for i, k in enumerate(keys) if rank.get(k, len(order)) < rank.get(key, len(order))]
    return after[-1] + 1 if after else 0


def _with_sections(text: str, titles: Sequence[str]) -> str:
    """Append the `## title` sections the body lacks (empty, in order)."""
    parts = frontmatter.split(text)
    body = parts.body
    missing = [t for t in titles if not re.search(rf"^##[ \t]+{re.escape(t)}[ \t]*#*[ \t]*$", body, re.M | re.I)]
    if not missing:
        return text
    if body and not body.endswith("\n"):
        body += "\n"
    if body.strip():
        body += "\n"
    body += "\n".join(f"## {title}\n" for title in missing)
    return text[: len(text) - len(parts.body)] + body
