"""New contact and meeting files: slugs from names, and templates filled in (pure).

A knowledge base may keep its own templates, `contacts/_template.md` and
`meetings/_template.md`. A new file is the template with:

- the values given on the command line filled in (each keeps the comment the
  template wrote beside it); a given key the template lacks is added where the
  format lists it;
- every other key whose template value is an example (`company: Example Agency`)
  left out: it describes the template's imaginary person, not yours;
- keys left blank in the template (`company:`, `tags: []`, `archived: false`) kept
  as they are, ready to fill in, unless a blank would be an error (`cadence:`);
- the comment lines at the top of the template (its instructions) left out;
- the template's Markdown body as it is; a meeting also gets any of the `## Research`,
  `## Questions` and `## Notes` sections its template lacks.

Without a template, a minimal built-in one is used.
"""

from __future__ import annotations

import io
import re
from typing import Any, Mapping, Sequence

from slugify import slugify

from . import frontmatter, parse
from .edit import scalar
from .model import Problem

# python-slugify turns an apostrophe into a hyphen (o-brien); a name reads better without.
_APOSTROPHES = [["'", ""], ["’", ""], ["‘", ""], ["ʼ", ""], ["`", ""]]
MEETING_SECTIONS = ("Research", "Questions", "Notes")

BUILTIN_CONTACT = "---\nname: \n---\n## Research\n\n## Notes\n"
BUILTIN_MEETING = "---\ndate: \nwith: \n---\n## Research\n\n## Questions\n\n## Notes\n"


class Raw(str):
    """Text written as it is, unquoted (a meeting's `2026-12-03 09:30`)."""


class TemplateError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def slug_for(name: str) -> str:
    """The contact slug of a name: `Zoë O'Brien` → `zoe-obrien` ('' when nothing is left)."""
    return slugify(name, replacements=_APOSTROPHES)


def contact_text(template: str | None, template_path: str, values: Mapping[str, Any]) -> str:
    """A new contact file: `values` (name, company, title, email, tags, referred_by) in the template."""
    return _fill(template or BUILTIN_CONTACT, template_path, values, parse.CONTACT_KEYS, "contact")


def meeting_text(template: str | None, template_path: str, values: Mapping[str, Any]) -> str:
    """A new meeting file: `values` (date, with, kind, location) in the template."""
    text = _fill(template or BUILTIN_MEETING, template_path, values, parse.MEETING_KEYS, "meeting")
    return _with_sections(text, MEETING_SECTIONS)


# --- filling a template ----------------------------------------------------------------------


def _fill(template: str, template_path: str, values: Mapping[str, Any], order: Sequence[str], kind: str) -> str:
    template = template.lstrip("\ufeff")
    newline = "\r\n" if "\r\n" in template.split("\n", 1)[0] + "\n" else "\n"
    template = template.replace("\r\n", "\n")
    root, parts, problems = parse.read_front_matter(template_path, template)
    if root is None or parts is None:
        problem = problems[0]
        raise TemplateError(Problem(problem.path, problem.line, "error", problem.code,
                                    f"{problem.message}; fix the template or delete it to use the built-in one"))
    data = _ruamel().load(parts.yaml_text)
    data.ca.comment = None  # the template's own instructions
    given = {k: v for k, v in values.items() if v not in (None, (), [])}
    blanks = []
    for key in list(data.keys()):
        if key in given:
            data[key] = _value(given[key], data[key])
        elif _blank(data[key]):
            blanks.append(key)
        else:
            del data[key]
    for key, value in given.items():
        if key not in data:
            data.insert(_position(data, key, order), key, _value(value, None))
    text = _render(data, parts.body)
    # a blank the parser rejects (`cadence:`, `snooze_until:`) is dropped, not written
    parser = parse.parse_contact if kind == "contact" else parse.parse_meeting
    record, problems = parser("new.md", "new", text)
    lines = getattr(record, "lines", {})
    bad = {p.line for p in problems if p.severity == "error"}
    broken = [key for key in blanks if lines.get(key) in bad]
    if broken:
        for key in broken:
            del data[key]
        text = _render(data, parts.body)
    return text.replace("\n", newline)


def _ruamel():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _render(data: Any, body: str) -> str:
    out = io.StringIO()
    _ruamel().dump(data, out)
    return f"---\n{out.getvalue()}---\n{body}"


def _blank(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, (str, list, dict)) and len(value) == 0)


def _position(data: Any, key: str, order: Sequence[str]) -> int:
    """Where a key the template lacks goes: after the keys the format lists before it."""
    rank = {k: i for i, k in enumerate(order)}
    keys = list(data.keys())
    after = [i for i, k in enumerate(keys) if rank.get(k, len(order)) < rank.get(key, len(order))]
    return after[-1] + 1 if after else 0


def _value(value: Any, like: Any) -> Any:
    """A value ruamel writes the way it reads back: strings quoted where YAML would mistype them;
    lists in the template's style (flow unless the template wrote a block list)."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString

    if isinstance(value, (list, tuple)):
        seq = CommentedSeq([_value(v, None) for v in value])
        if not (isinstance(like, CommentedSeq) and not like.fa.flow_style()):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, Raw):
        return PlainScalarString(value)
    if isinstance(value, str):
        return DoubleQuotedScalarString(value) if scalar(value).startswith('"') else PlainScalarString(value)
    return value


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
