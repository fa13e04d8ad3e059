"""Printing for people: aligned tables, problem lines, colour only on a terminal.

Names, notes and file names are data, and a terminal obeys control characters: an
escape sequence in a contact's name could retitle the window, clear the screen, move
the cursor over an error line, or (OSC 52) fill the clipboard with a command. So all
text for people goes out through `echo`/`secho`, which show every control character
as a visible escape (`\x1b`, `\r`, `\u202e`) and let through only the colour codes
(SGR: `ESC [ … m`) that `click.style` makes. JSON keeps every value exactly, in the
escaped form JSON allows; machine formats written as bytes pass untouched.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import click

from rolodex.core.identity import did_you_mean
from rolodex.core.model import KB, Problem

SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def width(text: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], styles: dict[int, Any] | None = None) -> str:
    """An aligned plain-text table; `styles` maps a column to a function value -> click.style kwargs."""
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(cell))
    lines = [click.style("  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip(), bold=True)]
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            padded = cell + " " * (widths[i] - width(cell))
            if styles and i in styles and cell:
                padded = click.style(padded, **styles[i](cell))
            cells.append(padded)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def one_line(value: Any) -> str:
    """A value on one line: a name or note typed over several lines must not break a table or a list."""
    text = "" if value is None else str(value)
    return " ".join(text.split())


def problem_line(problem: Problem, path: str) -> str:
    """`path:line: severity: message [code]` on one line, as editors and CI read it."""
    path = terminal_text(path)
    where = path if problem.line is None else f"{path}:{problem.line}"
    severity = click.style(problem.severity, fg=SEVERITY_COLOURS[problem.severity], bold=True)
    message = " ".join(problem.message.split())  # one line per problem, whatever a YAML error says
    return f"{where}: {severity}: {message} [{problem.code}]"


def contact_hint(kb: KB, who: str) -> str:
    """The "; did you mean …?" for a contact argument that names no one (slugs and names alike)."""
    return did_you_mean(who, list(kb.contacts) + [c.name for c in kb.contacts.values()])


def count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# C0 and C1 controls but tab and newline, DEL, and the bidirectional overrides that reorder a line.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"(\x1b\\[[0-9;]*m)|([{_CONTROLS}])")
_JSON_UNSAFE = re.compile(f"[{_CONTROLS}]")


def terminal_text(text: str) -> str:
    """`text` safe for a terminal: colour codes kept, every other control character shown escaped."""
    return _UNSAFE.sub(lambda m: m[1] or repr(m[2])[1:-1], text)


_DATA_UNSAFE = re.compile(f"[{_CONTROLS}]")


def terminal_data(text: str) -> str:
    """A machine format (CSV, vCard, JSON) shown on a terminal: every control character escaped,
    colour codes too (they are data here, never ours), lines ending in plain new lines."""
    return _DATA_UNSAFE.sub(lambda m: repr(m[0])[1:-1], text.replace("\r\n", "\n"))


def echo(message: Any = "", *, err: bool = False, nl: bool = True) -> None:
    """`click.echo` for text meant for people (bytes, a machine format, go out as they are)."""
    if isinstance(message, str):
        message = terminal_text(message)
    click.echo(message, err=err, nl=nl)


def secho(message: str = "", *, err: bool = False, nl: bool = True, **style: Any) -> None:
    echo(click.style(terminal_text(message), **style) if style else message, err=err, nl=nl)


def print_json(value: Any) -> None:
    # json.dumps escapes C0 controls itself; C1 and the others only occur inside strings, where \uXXXX is the same value.
    text = json.dumps(value, indent=2, ensure_ascii=False)
    click.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text))
