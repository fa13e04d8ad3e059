"""Who is who: the one place that says when two names, emails, phones or URLs are the same,
what slug a name gets, and which known word a typo meant (pure).

Used by `rolodex check` (possible duplicates, suggested file names, "did you mean"), the
loader (links by name), follow-ups and the site (referrals by name), `rolodex new` (slugs)
and imports (matching an incoming person to a contact), so that all of them agree.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

from slugify import slugify

# --- names ------------------------------------------------------------------------------


# Pure functions of their text, asked the same again and again (every run checks every contact,
# `serve` after every edit): remembered by value, as many as a large KB has.
_REMEMBERED = 1 << 15


@functools.lru_cache(maxsize=_REMEMBERED)
def name_key(value: str) -> str:
    """A name for matching: any case, any spacing, any Unicode form.

    NFKC makes `ë` typed as one character or as `e` + combining `¨` (and compatibility twins
    such as the `ﬁ` ligature or full-width letters) one text; casefold makes `Straße`
    and `STRASSE` one; whitespace runs count as one space.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return " ".join(folded.split())


def exact_name_key(value: str) -> str:
    """A name exactly as typed (FORMAT §5.2 "exactly that name"): only the spaces around it and
    the invisible difference between a composed and a decomposed `ë` (NFC) are ignored."""
    return unicodedata.normalize("NFC", value.strip())


def unaccented(value: str) -> str:
    """`Zoë` → `Zoe`: the letters without their accents, as a slug or a keyboard without
    them spells a name."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", value) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


def name_pattern(value: str) -> str | None:
    """A regular expression (source) finding the name in free text however it is typed: any
    case (compile with IGNORECASE), any run of spaces between its words, its accented letters
    composed, decomposed or left out. None for a one-word name, which cannot be told from a word."""
    parts = value.split()
    if len(parts) < 2:
        return None
    forms = {unicodedata.normalize(form, value) for form in ("NFC", "NFD")} | {unaccented(value)}
    return "|".join(r"\s+".join(re.escape(p) for p in form.split()) for form in sorted(forms))


# --- links ------------------------------------------------------------------------------------


def link_slug(target: str) -> str:
    """The slug a link target spells, by path or not: `contacts/team/jane-doe.md`,
    `team/jane-doe`, `jane-doe.md` and `Jane-Doe` all spell `jane-doe`."""
    last = target.strip().replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].strip()
    if last.lower().endswith(".md"):
        last = last[:-3]
    return last.lower()


def link_keys(target: str) -> tuple[str, str, str]:
    """The keys a link target (`[[…]]`, `with:`, a page's file name) may name a person by: the
    slug it spells, by path or not; its name key (any case, spacing or Unicode form); and the
    slug `new contact` would give it (`Zoe Quentin`, `Zoë_Quentin` → `zoe-quentin`).
    A heading after `#` (`[[jane-doe#Notes]]`) is not part of whom it names."""
    who = target.split("#", 1)[0]
    spelled = link_slug(who)
    return spelled, name_key(who), slug(spelled)


# --- contact details ------------------------------------------------------------------------


def email_key(value: str) -> str:
    """`Jane@Example.com ` and `jane@example.com` are one address."""
    return value.strip().casefold()


@functools.lru_cache(maxsize=_REMEMBERED)
def url_key(value: str) -> str:
    """A URL without scheme, `www.`/country prefix of linkedin.com, query and trailing slash."""
    value = re.sub(r"^[a-z]+://", "", value.strip().casefold())
    value = re.sub(r"^(www\.|[a-z]{2}\.)(?=linkedin\.com)", "", value)
    return value.split("?", 1)[0].rstrip("/")


@functools.lru_cache(maxsize=_REMEMBERED)
def phone_key(value: str) -> str:
    """The digits of a phone number; '' when too few to identify anyone (an extension, a typo)."""
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) >= 7 else ""


def phone_pattern(value: str) -> str | None:
    """A regular expression (source) finding the number in free text however it is written:
    by its digits, with any spaces, dots, dashes, slashes or brackets between them, with or
    without the country code (`+44 20 7946 0321`, `(+44) 20-7946-0321`, `442079460321`,
    `020 7946 0321`, `7946 0321`). None when it has too few digits to identify anyone."""
    digits = phone_key(value)
    if not digits:
        return None
    sep = r"[\s().\-/]{0,3}"
    # Every ending of the digits down to the last seven, longest first: `+44 20 …` and `20 …`.
    endings = [digits[i:] for i in range(len(digits) - 6)]
    body = "|".join(sep.join(ending) for ending in endings)
    return rf"(?<![\d])(?:\+{sep}|\({sep}\+?{sep})?(?:0{sep})?(?:{body})(?![\d])"


def same_phone(a: str, b: str) -> bool:
    """Two ways of writing one number: equal digits, or one ends with the other
    (`+1 555 0100` and `555-0100`), at least seven digits either way."""
    x, y = phone_key(a), phone_key(b)
    if not x or not y:
        return a.strip() == b.strip()
    return x == y or x.endswith(y) or y.endswith(x)


def person_keys(emails: Iterable[str], linkedin: str | None, phone: str | None, name: str) -> Iterator[tuple[str, str]]:
    """(what, key) pairs two records of one person share, strongest first; empty keys left out.

    `what` is how a message names it: "email", "LinkedIn URL", "phone", "name".
    """
    for email in emails:
        yield "email", email_key(email)
    if linkedin:
        yield "LinkedIn URL", url_key(linkedin)
    if phone:
        yield "phone", phone_key(phone)
    yield "name", name_key(name)


# --- slugs ----------------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # a contact slug (FORMAT §1)
# python-slugify turns an apostrophe into a hyphen (o-brien); a name reads better without.
_APOSTROPHES = [["'", ""], ["\u2019", ""], ["\u2018", ""], ["\u02bc", ""], ["`", ""]]


@functools.lru_cache(maxsize=_REMEMBERED)  # (python-slugify transliterates: 50 µs a name)
def slug(text: str, *, max_length: int = 0, word_boundary: bool = False) -> str:
    """The slug `rolodex new contact` gives a name: `Zoë O'Brien` → `zoe-obrien` ('' when
    nothing is left). Letters lose their accents (transliterated), apostrophes vanish, every
    other run of characters becomes one hyphen. `max_length` cuts it (at a word with
    `word_boundary`)."""
    return slugify(text, replacements=_APOSTROPHES, max_length=max_length, word_boundary=word_boundary)


def is_slug(text: str) -> bool:
    """A valid contact slug: lowercase a-z, 0-9 and single hyphens."""
    return SLUG.match(text) is not None


# --- did you mean ---------------------------------------------------------------------------


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like `word` (difflib's ratio of at least `cutoff`), or None."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str], *, prefix: str = "", cutoff: float = 0.6) -> str:
    """A "; did you mean 'X'?" suffix for a message (X after `prefix`), or ''."""
    match = closest(word, choices, cutoff)
    return f"; did you mean '{prefix}{match}'?" if match is not None else ""
