"""Split a file into its `---` front matter and Markdown body; compose YAML with lines.

We compose nodes rather than load values: nodes keep each key's line, never run
YAML's implicit typing (`name: Yes` stays the text `Yes`), and never expand
aliases, so an alias bomb costs nothing until someone walks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

try:  # the C loader is an order of magnitude faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Base  # type: ignore[assignment]  # the same interface, slower

_DEFAULT_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _UntypedLoader(_Base):
    """Composes without YAML's implicit typing: `values.NodeReader` types each value by the
    schema, so running the resolver's regexes on every scalar would be wasted work."""

    def resolve(self, kind, value, implicit):
        return _DEFAULT_TAGS[kind]


_OPEN = re.compile(r"---[ \t]*\r?$")
_CLOSE = re.compile(r"(---|\.\.\.)[ \t]*\r?$")
# Deeper than this is no contact file; it protects the recursive composer.
MAX_FLOW_DEPTH = 64


class FrontMatterError(Exception):
    """A located reason the front matter cannot be read."""

    def __init__(self, code: str, message: str, line: int | None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Split:
    yaml_text: str
    body: str
    yaml_line: int  # 1-based file line of the first YAML line
    body_line: int  # 1-based file line where the body starts


def split(text: str) -> Split:
    """Split `text` into front matter and body (a leading BOM is tolerated here too).

    Raises FrontMatterError when the file does not start with a `---` line or the
    block never closes.
    """
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if not _OPEN.match(first.lstrip("\ufeff")):
        raise FrontMatterError(
            "no-front-matter",
            "no front matter: the file must start with a line '---', then YAML keys, then '---'",
            1,
        )
    pos = first_end + 1 if first_end >= 0 else len(text)
    line = 2
    while pos < len(text):
        end = text.find("\n", pos)
        stop = len(text) if end < 0 else end
        if _CLOSE.match(text, pos, stop):
            body_start = len(text) if end < 0 else end + 1
            return Split(text[first_end + 1 : pos], text[body_start:], 2, line + 1)
        pos = stop + 1
        line += 1
    raise FrontMatterError("no-front-matter", "front matter opened with '---' on line 1 is never closed with '---'", 1)


def compose(yaml_text: str, first_line: int, *, typed: bool = True) -> yaml.Node | None:
    """Compose YAML into a node tree; errors carry the file line (first_line = line 1 of yaml_text).

    `typed=False` skips YAML's implicit typing (every plain scalar is tagged str): the
    parser types values by the schema itself, and skipping it makes loading faster.
    """
    _check_depth(yaml_text, first_line)
    try:
        return yaml.compose(yaml_text, Loader=_Base if typed else _UntypedLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark and exc.context_mark.line != getattr(mark, "line", None):
            # The parser notices late (often at the end); say where the broken construct began.
            what += f" ({exc.context} on line {first_line + exc.context_mark.line})"
            if mark is not None and mark.index >= len(yaml_text.rstrip()):
                mark = exc.context_mark  # the end of the front matter is the closing '---': point at the cause
        line = first_line + mark.line if mark else None
        raise FrontMatterError("yaml-syntax", f"YAML syntax error: {what}", line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError("yaml-syntax", f"YAML error: {exc}", first_line) from None
    except RecursionError:
        raise FrontMatterError("yaml-syntax", "YAML nested too deeply", first_line) from None


def _check_depth(yaml_text: str, first_line: int) -> None:
    """Refuse absurd flow nesting (`[[[[…`) before the recursive composer sees it."""
    if yaml_text.count("[") + yaml_text.count("{") < MAX_FLOW_DEPTH:
        return
    depth = 0
    line = first_line
    for ch in yaml_text:
        if ch in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                raise FrontMatterError("yaml-syntax", f"YAML nested more than {MAX_FLOW_DEPTH} levels deep", line)
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == "\n":
            line += 1


def section(body: str, title: str) -> str:
    """The text under the `## title` heading of a Markdown body (stripped, comments removed)."""
    lines = body.splitlines()
    heading = re.compile(rf"^##[ \t]+{re.escape(title)}[ \t]*#*[ \t]*$", re.IGNORECASE)
    for i, line in enumerate(lines):
        if heading.match(line.rstrip()):
            out = []
            for nxt in lines[i + 1 :]:
                if re.match(r"^#{1,2}[ \t]", nxt):
                    break
                out.append(nxt)
            text = "\n".join(out)
            return re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).strip()
    return ""
