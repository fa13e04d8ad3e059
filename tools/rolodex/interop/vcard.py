"""vCard 2.1, 3.0 and 4.0 in, vCard 3.0 or 4.0 out (pure).

`read(path, data)` turns a .vcf file from Google Contacts, Apple Contacts, Outlook or
any RFC 6350 writer into `Incoming` people and located problems. The file is split
into cards and unfolded here, so that one broken card (or a photo that is not valid
base64) costs that card, not the file; each content line is then parsed by
`vobject`'s line grammar (groups, quoted parameters). Values are unescaped leniently,
because real files break the rules: Google escapes the colon of URLs (`https\\://`),
Outlook leaves the commas of titles unescaped, version 2.1 writes quoted-printable
with soft line breaks and a CHARSET per property.

`dump(contacts, version)` writes contacts with `vobject`, which folds and escapes.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterable
from dataclasses import dataclass

import vobject
from vobject.base import ParseError, parseLine

from rolodex import __version__
from rolodex.core.frontmatter import section
from rolodex.core.identity import email_key, same_phone
from rolodex.core.model import Contact, Problem
from rolodex.interop import Incoming, clean, plain_text, site_of, tag_of, unique_links, web_url

BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_QP = re.compile(r";\s*(?:ENCODING\s*=\s*)?QUOTED-PRINTABLE\b", re.IGNORECASE)
_HEAD = re.compile(r"^(?:[\w-]+\.)?([\w-]+)", re.ASCII)
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
# Google's system group and star, not tags a person chose
SYSTEM_CATEGORIES = frozenset({"mycontacts", "starred"})
PRODID = f"-//Rolodex//rolodex {__version__}//EN"


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


# --- reading ---------------------------------------------------------------------------------


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


def read(path: str, data: bytes) -> tuple[list[Incoming], list[Problem]]:
    """Every person in a .vcf file, and what could not be read (`path:line`)."""
    text, problems = decode(path, data)
    cards, found = cards_of(path, text)
    problems += found
    if not cards and not any(p.severity == "error" for p in problems):  # never "0 created" and success
        problems.append(
            Problem(
                path, None, "error", "no-cards", "no vCard in this file (BEGIN:VCARD … END:VCARD): is it a .vcf file?"
            )
        )
    people = []
    for card in cards:
        person, card_problems = incoming(path, card)
        problems += card_problems
        if person is not None:
            people.append(person)
    return people, problems


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


# --- a card → an Incoming person ------------------------------------------------------------


def incoming(path: str, card: Card) -> tuple[Incoming | None, list[Problem]]:
    """The person a card describes; None (with a problem) when it names nobody."""
    problems: list[Problem] = []
    label = f"card {card.number}"

    def warn(prop: Prop, message: str) -> None:
        problems.append(Problem(path, prop.line, "warning", "bad-value", f"{label}: {message}"))

    name = text(card, card.first("FN"))
    if not name:
        n = components(card, card.first("N")) + [""] * 5
        name = " ".join(x for x in (n[3], n[1], n[2], n[0], n[4]) if x)
    if not name:
        return None, [Problem(path, card.line, "warning", "no-name", f"{label} has no name (FN or N); skipped")]

    emails: list[str] = []
    for prop in by_pref(card.all("EMAIL")):
        email = re.sub(r"^mailto:", "", text(card, prop), flags=re.IGNORECASE)
        if "@" not in email:
            if email:
                warn(prop, f"'{email}' is not an email address; left out")
            continue
        if email_key(email) not in {email_key(e) for e in emails}:
            emails.append(email)

    phones: list[tuple[str, str]] = []
    for prop in by_pref(card.all("TEL")):
        phone = _phone(text(card, prop))
        if phone and not any(same_phone(phone, p) for p, _ in phones):
            kind = next((t for t in ("cell", "mobile", "work", "home", "fax") if t in prop.types()), "")
            phones.append((phone, "mobile" if kind == "cell" else kind))

    org = components(card, card.first("ORG"))
    company = org[0] if org else ""
    department = ", ".join(x for x in org[1:] if x)
    title = text(card, card.first("TITLE")) or text(card, card.first("ROLE"))

    links: list[tuple[str, str]] = []
    labels = {p.group: text(card, p) for p in card.all("X-ABLABEL") if p.group}
    for prop in by_pref(card.all("URL")) + card.all("X-SOCIALPROFILE"):
        raw = text(card, prop)
        url = web_url(raw)
        if url is None:
            if raw:
                warn(prop, f"link '{raw}' is not an http(s) address; left out")
            continue
        hint = (
            next(iter(sorted(prop.types() - {"pref", "work", "home", "x-user"})), "")
            if prop.name == "X-SOCIALPROFILE"
            else ""
        )
        links.append(
            (site_of(url) or _label(labels.get(prop.group) if prop.group else None) or tag_of(hint) or "website", url)
        )

    tags: list[str] = []
    for prop in card.all("CATEGORIES"):
        for part in split(prop.value, ","):
            tag = tag_of(unescape(part, card.version))
            if tag and tag not in SYSTEM_CATEGORIES and tag not in tags:
                tags.append(tag)

    notes = "\n\n".join(t for t in (text(card, p) for p in card.all("NOTE")) if t)
    extra = [f"Department: {department}"] if department else []
    extra += [f"Other phone{f' ({kind})' if kind else ''}: {phone}" for phone, kind in phones[1:]]
    return Incoming(
        name=name,
        path=path,
        line=card.line,
        label=label,
        title=title or None,
        company=company or None,
        location=_location(card),
        emails=tuple(emails),
        phone=phones[0][0] if phones else None,
        links=unique_links(links),
        tags=tuple(tags),
        notes=notes,
        extra=tuple(extra),
    ), problems


def _phone(value: str) -> str:
    """`tel:+1-555-010-0156;ext=12` (4.0 URI) → `+1-555-010-0156 ext. 12`."""
    value = re.sub(r"^tel:", "", value.strip(), flags=re.IGNORECASE)
    number, _, params = value.partition(";")
    ext = re.search(r"(?:^|;)ext=([^;]+)", params)
    return number.strip() + (f" ext. {ext.group(1)}" if ext else "")


def _label(label: str | None) -> str:
    """A link name from a label: Apple's `_$!<HomePage>!$_` → `homepage`, `LinkedIn` → `linkedin`."""
    if not label:
        return ""
    m = _APPLE_LABEL.match(label)
    if m:
        return "website" if m.group(1).lower() == "homepage" else tag_of(m.group(1))
    return re.sub(r"[^\w-]+", "", tag_of(label))


def _location(card: Card) -> str | None:
    """The city of the preferred address (with region): `Riverton, OR`."""
    for prop in by_pref(card.all("ADR")):
        parts = components(card, prop) + [""] * 7
        locality, region, country = parts[3], parts[4], parts[6]
        place = ", ".join(x for x in (locality, region) if x) or country
        if place:
            return place
    return None


# --- writing ---------------------------------------------------------------------------------


def notes_of(contact: Contact) -> str:
    """The plain text of a contact's `## Notes` (the whole body when it has no headings)."""
    body = section(contact.body, "Notes")
    if not body and not re.search(r"^#{1,6}[ \t]", contact.body, re.MULTILINE):
        body = re.sub(r"<!--.*?-->", "", contact.body, flags=re.DOTALL).strip()
    return plain_text(body)


def dump(contacts: Iterable[Contact], version: str = "4.0") -> str:
    """Contacts as one .vcf text: FN, N, ORG, TITLE, EMAIL (the first preferred), TEL, ADR
    (the location as its city), URL + X-ABLabel per link, CATEGORIES (tags), NOTE."""
    out = []
    for contact in contacts:
        out.append(_vcard(contact, version))
    return "".join(out)


def _vcard(contact: Contact, version: str) -> str:
    card = vobject.vCard()
    card.add("prodid").value = PRODID
    card.add("fn").value = contact.name
    words = contact.name.split()
    card.add("n").value = vobject.vcard.Name(
        family=words[-1] if len(words) > 1 else "", given=" ".join(words[:-1]) if len(words) > 1 else contact.name
    )
    if contact.company:
        card.add("org").value = [contact.company]
    if contact.title:
        card.add("title").value = contact.title
    for i, email in enumerate(contact.emails):
        prop = card.add("email")
        prop.value = email
        if version.startswith("4"):
            if i == 0:
                prop.params["PREF"] = ["1"]
        else:
            prop.type_param = ["INTERNET", "pref"] if i == 0 else ["INTERNET"]
    if contact.phone:
        card.add("tel").value = contact.phone
    if contact.location:
        card.add("adr").value = vobject.vcard.Address(city=contact.location)
    for i, (name, url) in enumerate(contact.links, start=1):
        card.add("url", group=f"item{i}").value = url
        card.add("x-ablabel", group=f"item{i}").value = name
    if contact.tags:
        card.add("categories").value = list(contact.tags)
    notes = notes_of(contact)
    if notes:
        card.add("note").value = notes
    serialized = card.serialize()
    return serialized.replace("VERSION:3.0", f"VERSION:{version}", 1)
