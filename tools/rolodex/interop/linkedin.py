"""LinkedIn's Connections.csv in (pure).

The file comes from Settings → Data privacy → Get a copy of your data → Connections.
It starts with a few `Notes:` lines (why emails are missing), then the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`, then one row per
connection; most emails are empty. Columns are found by name, so older exports (no URL
column) and reordered ones read too. The connection date becomes a touch of kind
`note` ("Connected on LinkedIn"): history, not an interaction, so it moves no follow-up.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from rolodex.core.model import Problem, Severity, Touch
from rolodex.interop import Incoming, clean, site_of, web_url

CONNECTED_NOTE = "Connected on LinkedIn"
SOURCE = "LinkedIn"
COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "email": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected",
}
MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}


def parse_date(text: str) -> dt.date | None:
    """`21 Nov 2026` (today's exports), `21-Nov-26`, `11/21/26`, `2026-11-21`; None if unreadable."""
    text = text.strip()
    try:
        if m := re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]{3})[a-z]*\.?[ -](\d{2}|\d{4})", text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            month = MONTHS.get(m[2].lower())
            return dt.date(year, month, int(m[1])) if month else None
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def read(path: str, data: bytes) -> tuple[list[Incoming], list[Problem]]:
    """Every connection in the file, and a located problem for each row left out."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return [], [Problem(path, line, "error", "encoding", "not UTF-8 text; is this LinkedIn's Connections.csv?")]
    people: list[Incoming] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header: dict[str, int] | None = None
    width = 0
    last_line = 0
    try:
        for row in reader:
            start, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                found = {COLUMNS[c.strip().casefold()]: i for i, c in enumerate(row) if c.strip().casefold() in COLUMNS}
                if "first" in found and "last" in found:
                    header, width = found, len(row)
                continue
            person, problem = _row(path, start, row, header, width)
            if problem:
                problems.append(problem)
            if person:
                people.append(person)
    except csv.Error as exc:
        problems.append(Problem(path, reader.line_num, "error", "bad-row", f"cannot read the rest of the file ({exc})"))
    if header is None:
        problems.append(
            Problem(
                path,
                None,
                "error",
                "no-header",
                "no header row with 'First Name' and 'Last Name': is this LinkedIn's Connections.csv?",
            )
        )
    return people, problems


def _row(
    path: str, line: int, row: list[str], header: dict[str, int], width: int
) -> tuple[Incoming | None, Problem | None]:
    label = f"row {line}"

    def bad(code: str, message: str, severity: Severity = "error") -> tuple[None, Problem]:
        return None, Problem(path, line, severity, code, f"{message}; skipped")

    if len(row) > width and any(cell.strip() for cell in row[width:]):
        return bad("bad-row", f"{len(row)} values but the header has {width} (a comma outside quotes?)")
    row = row + [""] * (width - len(row))

    def cell(key: str) -> str:
        return clean(row[header[key]]) if key in header else ""

    name = " ".join(x for x in (cell("first"), cell("last")) if x)
    if not name:
        return bad("no-name", "no name (LinkedIn leaves out members who hide their data)", "warning")
    touches: tuple[Touch, ...] = ()
    connected = cell("connected")
    if connected:
        day = parse_date(connected)
        if day is None:
            return bad("bad-date", f"'Connected On' is '{connected}', not a date like '21 Nov 2026'")
        touches = (Touch(day, "note", CONNECTED_NOTE),)
    problem = None
    links: tuple[tuple[str, str], ...] = ()
    raw_url = cell("url")
    if raw_url:
        url = web_url(raw_url)
        if url is None:
            problem = Problem(
                path, line, "warning", "bad-value", f"URL '{raw_url}' is not an http(s) address; left out"
            )
        else:
            links = ((site_of(url) or "website", url),)
    email = cell("email")
    return Incoming(
        name=name,
        path=path,
        line=line,
        label=label,
        title=cell("position") or None,
        company=cell("company") or None,
        emails=(email,) if "@" in email else (),
        links=links,
        touches=touches,
        source=SOURCE,
    ), problem
