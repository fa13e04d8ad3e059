"""vCard's syntax, as real files write it (pure): bytes in any of the encodings address books
use, split into cards and unfolded here, so that one broken card (or a photo that is not
valid base64) costs that card, not the file; each content line parsed by `vobject`'s line
grammar (groups, quoted parameters) into a `Prop`; values unescaped leniently, because real
files break the rules: Google escapes the colon of URLs (`https\\://`), Outlook leaves the
commas of titles unescaped, version 2.1 writes quoted-printable with soft line breaks and a
CHARSET per property. What a card means to Rolodex is `interop/vcard.py`.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterable
from dataclasses import dataclass

from vobject.base import ParseError, parseLine

from rolodex.core.model import Problem
from rolodex.interop import clean

BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_QP = re.compile(r";\s*(?:ENCODING\s*=\s*)?QUOTED-PRINTABLE\b", re.IGNORECASE)
_HEAD = re.compile(r"^(?:[\w-]+\.)?([\w-]+)", re.ASCII)


@dataclass(frozen=True)
class Prop:
    """One content line: NAME, group, parameters (upper-case keys, split values), raw value."""

    name: str
    group: str | None
    params: dict[str, list[str]]
    value: str
    line: int

    def types(self) -> set[str]:
        return {t.lower() for t in self.params.get("TYPE", [])}

    def pref(self) -> int:
        """Lower is preferred: 4.0 `PREF=1`, 3.0 `TYPE=pref`, 2.1 `;PREF`; unmarked last."""
        for value in self.params.get("PREF", []):
            if value.isdigit():
                return int(value)
        return 0 if "pref" in self.types() else 101


@dataclass(frozen=True)
class Card:
    line: int  # of BEGIN:VCARD
    number: int
    version: str
    props: tuple[Prop, ...]

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]

    def first(self, name: str) -> Prop | None:
        found = self.all(name)
        return found[0] if found else None


_BOMS = (  # longest first: UTF-32's little-endian mark starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(path: str, data: bytes) -> tuple[str, list[Problem]]:
    """UTF-8 (a BOM tolerated); UTF-16 or UTF-32 with a byte-order mark, or UTF-16 without
    one (Windows' "Unicode" exports); else Windows-1252, as old Outlook exports are."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and data[:2] in (b"B\x00", b"\x00B"):  # 'BEGIN' in UTF-16, no mark
        encoding = "utf-16-le" if data[:1] == b"B" else "utf-16-be"
    if encoding is not None:
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError as exc:
            return "", [Problem(path, None, "error", "encoding", f"not valid {encoding.upper()} text ({exc.reason})")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [
            Problem(path, None, "warning", "encoding", "not UTF-8; read as Windows-1252 (check accented names)")
        ]


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with their first physical line number.

    A line starting with a space or tab continues the previous one; so does the line
    after a quoted-printable line ending in `=` (a 2.1 soft line break). Blank lines
    (the end of a 2.1 base64 block) are dropped.
    """
    out: list[tuple[int, str]] = []
    soft = False
    for number, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if out and (soft or raw[:1] in (" ", "\t")):
            start, current = out[-1]
            current = current[:-1] + raw if soft else current + raw[1:]
            out[-1] = (start, current)
        elif raw.strip():
            out.append((number, raw))
        else:
            soft = False
            continue
        head = out[-1][1].split(":", 1)[0]
        soft = bool(_QP.search(head)) and out[-1][1].endswith("=")
    return out


def cards_of(path: str, text: str) -> tuple[list[Card], list[Problem]]:
    """Split a file into cards; a card that never ends and text outside cards are reported."""
    cards: list[Card] = []
    problems: list[Problem] = []
    current: list[tuple[int, str]] | None = None
    begin = 0
    stray = None
    for number, line in logical_lines(text):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if current is not None:
                problems.append(
                    Problem(
                        path,
                        begin,
                        "error",
                        "bad-card",
                        f"card {len(cards) + 1} (line {begin}) has no END:VCARD before the next card; skipped",
                    )
                )
            current, begin = [], number
        elif word == "END:VCARD" and current is not None:
            cards.append(_card(path, begin, len(cards) + 1, current, problems))
            current = None
        elif current is not None:
            current.append((number, line))
        elif stray is None:
            stray = number
    if current is not None:
        problems.append(
            Problem(path, begin, "error", "bad-card", f"card {len(cards) + 1} never ends (no END:VCARD); skipped")
        )
    if stray is not None:
        problems.append(Problem(path, stray, "warning", "stray-text", "text outside BEGIN:VCARD … END:VCARD; ignored"))
    if not cards and current is None and stray is None:
        problems.append(Problem(path, None, "warning", "empty", "no cards in this file"))
    return cards, problems


def _card(path: str, begin: int, number: int, lines: list[tuple[int, str]], problems: list[Problem]) -> Card:
    props = []
    for line_no, line in lines:
        m = _HEAD.match(line)
        if m and m.group(1).upper() in BINARY:
            continue  # photos and keys: skipped unread (a broken photo costs nothing)
        try:
            name, params, value, group = parseLine(line, line_no)
        except ParseError:
            problems.append(
                Problem(path, line_no, "warning", "bad-line", f"card {number}: cannot read this line; ignored")
            )
            continue
        props.append(_prop(name.upper(), group, params, value, line_no))
    version = next((p.value.strip() for p in props if p.name == "VERSION"), "3.0")
    return Card(begin, number, version, tuple(props))


def _prop(name: str, group: str | None, params: list[list[str]], value: str, line: int) -> Prop:
    out: dict[str, list[str]] = {}
    for param in params:
        if len(param) == 1:  # 2.1 bare parameters: `TEL;WORK;VOICE`, `;QUOTED-PRINTABLE`, `;PREF`
            word = param[0].upper()
            key = "ENCODING" if word in ("QUOTED-PRINTABLE", "BASE64", "8BIT") else "TYPE"
            out.setdefault(key, []).append(word)
            continue
        key = param[0].upper()
        for item in param[1:]:
            out.setdefault(key, []).extend(v.strip().strip('"') for v in item.split(",") if v.strip())
    if any(v.upper() == "QUOTED-PRINTABLE" for v in out.get("ENCODING", [])):
        charset = (out.get("CHARSET") or ["utf-8"])[0]
        raw = quopri.decodestring(value.encode("utf-8"))
        try:
            value = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            value = raw.decode("cp1252", errors="replace")
    return Prop(name, group.lower() if group else None, out, value, line)


# --- values ----------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def unescape(value: str, version: str) -> str:
    """Text of a value: `\\n` `\\,` `\\;` `\\\\` (and Google's `\\:`) decoded; 2.1 escapes only `;`."""
    if version.startswith("2"):
        return value.replace("\\;", ";")
    table = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}
    return _ESCAPE.sub(lambda m: table.get(m.group(1), m.group(0)), value)


def split(value: str, sep: str) -> list[str]:
    """Split on separators that are not escaped (`\\;` stays inside a component)."""
    parts, current, i = [], "", 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            current += value[i : i + 2]
            i += 2
            continue
        if ch == sep:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    return parts + [current]


def text(card: Card, prop: Prop | None) -> str:
    return clean(unescape(prop.value, card.version)) if prop else ""


def components(card: Card, prop: Prop | None) -> list[str]:
    return [clean(unescape(part, card.version)) for part in split(prop.value, ";")] if prop else []


def by_pref(props: Iterable[Prop]) -> list[Prop]:
    return sorted(props, key=Prop.pref)  # stable: file order among equals
