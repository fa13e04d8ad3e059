"""Printing for people: aligned tables, problem lines, colour only on a terminal."""

from __future__ import annotations

import json
import unicodedata
from typing import Any, Iterable, Sequence

import click

from ..model import Problem

SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def width(text: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], styles: dict[int, Any] | None = None) -> str:
    """An aligned plain-text table; `styles` maps a column to a function value -> click.style kwargs."""
    rows = [[_one_line(cell) for cell in row] for row in rows]
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


def _one_line(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split())


def problem_line(problem: Problem, path: str) -> str:
    where = path if problem.line is None else f"{path}:{problem.line}"
    severity = click.style(problem.severity, fg=SEVERITY_COLOURS[problem.severity], bold=True)
    return f"{where}: {severity}: {problem.message} [{problem.code}]"


def count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))
