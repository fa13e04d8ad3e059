"""The `##` sections of a contact's or meeting's Markdown body, for the pages (pure).

`drop_empty(body)` leaves out headings with nothing under them but blank lines and
HTML comments (the `<!-- … -->` hints of `_template.md`), so a fresh file's
`## Notes` does not show as an empty heading. `split(body)` cuts a body into the text
before its first `##` heading and one `Section` per `##` heading, so a page can show
them in another order. Headings inside fenced code blocks and HTML comments are text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Section:
    title: str  # the heading's text, trailing #s removed
    text: str  # the heading line and everything under it


def _scan(lines: list[str]) -> list[tuple[int, bool]]:
    """Per line: (heading level or 0, whether it shows anything besides comments and blanks)."""
    out: list[tuple[int, bool]] = []
    fence: str | None = None
    in_comment = False
    for line in lines:
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            out.append((0, True))
            continue
        if not in_comment:
            opened = _FENCE.match(line)
            if opened:
                fence = opened.group(1)
                out.append((0, True))
                continue
            heading = _HEADING.match(line)
            if heading:
                out.append((len(heading.group(1)), True))
                continue
        visible, in_comment = _outside_comments(line, in_comment)
        out.append((0, bool(visible.strip())))
    return out


def _outside_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The part of a line outside HTML comments, and whether a comment is still open at its end."""
    visible: list[str] = []
    rest = line
    while rest:
        if in_comment:
            end = rest.find("-->")
            if end < 0:
                return "".join(visible), True
            rest = rest[end + 3 :]
            in_comment = False
        else:
            start = rest.find("<!--")
            if start < 0:
                visible.append(rest)
                break
            visible.append(rest[:start])
            rest = rest[start + 4 :]
            in_comment = True
    return "".join(visible), in_comment


def drop_empty(body: str) -> str:
    """The body without headings that have nothing but blank lines and comments under them.

    A heading's part runs to the next heading of the same or a higher level; it is empty
    when no line in it shows anything (its sub-headings being empty too).
    """
    lines = body.split("\n")
    scan = _scan(lines)
    keep = [True] * len(lines)
    for i, (level, _) in enumerate(scan):
        if not level:
            continue
        end = i + 1
        while end < len(lines) and not (scan[end][0] and scan[end][0] <= level):
            end += 1
        if not any(shows for lvl, shows in scan[i + 1 : end] if not lvl):
            for j in range(i, end):
                keep[j] = False
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line for line, k in zip(lines, keep) if k)).strip("\n")


def split(body: str) -> tuple[str, list[Section]]:
    """(text before the first `##` heading, the `##` sections in order)."""
    lines = body.split("\n")
    scan = _scan(lines)
    starts = [i for i, (level, _) in enumerate(scan) if level == 2]
    head = "\n".join(lines[: starts[0]] if starts else lines).strip("\n")
    sections = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        heading = _HEADING.match(lines[start])
        assert heading is not None  # `_scan` found this line to be a heading
        title = re.sub(r"[ \t]+#+$", "", heading.group(2) or "").strip()
        sections.append(Section(title, "\n".join(lines[start:end]).strip("\n")))
    return head, sections
