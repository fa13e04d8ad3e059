"""vCard 2.1, 3.0 and 4.0 in, vCard 3.0 or 4.0 out (pure).

`read(path, data)` turns a .vcf file from Google Contacts, Apple Contacts, Outlook or
any RFC 6350 writer into `Incoming` people and located problems: `vcardsyntax` reads the
file's cards and values as real files write them; here each card becomes a person.

`dump(contacts, version)` writes contacts with `vobject`, which folds and escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import vobject

from rolodex import __version__
from rolodex.core.frontmatter import section
from rolodex.core.identity import email_key, same_phone
from rolodex.core.model import Contact, Problem
from rolodex.interop import Incoming, plain_text, site_of, tag_of, unique_links, web_url
from rolodex.interop.vcardsyntax import Card, Prop, by_pref, cards_of, components, decode, split, text, unescape

_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
# Google's system group and star, not tags a person chose
SYSTEM_CATEGORIES = frozenset({"mycontacts", "starred"})
PRODID = f"-//Rolodex//rolodex {__version__}//EN"


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
