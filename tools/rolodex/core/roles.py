"""When two companies or two titles are the same, however they are written (pure).

An import that finds a new company or title for a contact records a job change, so a
mere spelling must never look like one: `Bright Line PR` is `Bright Line Public
Relations`, `ACME, Inc.` is `Acme`, `Sr. VP, Comms` is `Senior Vice President
Communications`. Titles compare word for word once abbreviations are spelled out (a
promotion from `Manager` to `Senior Manager` is a change); companies also match when one
name is the other with more words after it (`City of Riverton` and `City of Riverton —
Mayor's Office` are one employer). `rolodex who` groups companies by `company_key`.
"""

from __future__ import annotations

import re
from functools import cache

from rolodex.core.identity import name_key

_WORD = re.compile(r"\w+")
MAX_WORDS = 60
# Words that say nothing about which company or role it is.
_FILLER = frozenset({"and", "the", "of", "at", "for"})
# Legal forms at the end of a company's name: `Acme Inc` is `Acme`.
LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "bv",
        "nv",
        "pty",
        "pc",
        "pllc",
    }
)
# Abbreviations in job titles, spelled out.
_SPELLED = {
    "sr": ("senior",),
    "snr": ("senior",),
    "jr": ("junior",),
    "vp": ("vice", "president"),
    "svp": ("senior", "vice", "president"),
    "evp": ("executive", "vice", "president"),
    "avp": ("assistant", "vice", "president"),
    "dir": ("director",),
    "mgr": ("manager",),
    "asst": ("assistant",),
    "assoc": ("associate",),
    "exec": ("executive",),
    "comms": ("communications",),
    "comm": ("communications",),
    "mktg": ("marketing",),
    "govt": ("government",),
    "dept": ("department",),
    "intl": ("international",),
    "ceo": ("chief", "executive", "officer"),
    "cfo": ("chief", "financial", "officer"),
    "coo": ("chief", "operating", "officer"),
    "cto": ("chief", "technology", "officer"),
    "cmo": ("chief", "marketing", "officer"),
    "cco": ("chief", "communications", "officer"),
    "pio": ("public", "information", "officer"),
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(name_key(text).replace("_", " ")) if w not in _FILLER)


def _spelled(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part for w in words for part in _SPELLED.get(w, (w,)))


def company_words(text: str) -> tuple[str, ...]:
    """A company's name as words: any case, accents as typed, punctuation and legal form gone."""
    words = _words(text)
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words = words[:-1]
    return words


def company_key(text: str) -> str:
    """One key for every way of writing a company's name (`ACME, Inc.` and `Acme` share `acme`)."""
    return " ".join(company_words(text)) or name_key(text)


def search_key(text: str) -> str:
    """Text to search company names in, or to search for: words only, any case, one space between."""
    return " ".join(_words(text))


def same_company(a: str, b: str) -> bool:
    """Whether two company names name one employer (see the module docstring)."""
    x, y = company_words(a), company_words(b)
    if not x or not y:
        return name_key(a) == name_key(b)
    return _align(x, y, prefix=True)


def same_title(a: str, b: str) -> bool:
    """Whether two job titles are the same role, abbreviations spelled out."""
    x, y = _spelled(_words(a)), _spelled(_words(b))
    if not x or not y:
        return name_key(a) == name_key(b)
    return _align(x, y, prefix=False)


def _align(x: tuple[str, ...], y: tuple[str, ...], prefix: bool) -> bool:
    """Word lists that read the same, a word standing for the initials of several (`pr`,
    `public relations`); with `prefix`, one list may stop where the other goes on."""
    if max(len(x), len(y)) > MAX_WORDS:  # no name is that long: compare plainly, never recurse deep
        n = min(len(x), len(y)) if prefix else max(len(x), len(y))
        return x[:n] == y[:n]

    @cache
    def match(i: int, j: int) -> bool:
        if i == len(x) or j == len(y):
            return (i == len(x) and j == len(y)) or (prefix and i > 0 and j > 0)
        if x[i] == y[j] and match(i + 1, j + 1):
            return True
        for k in range(2, min(len(x[i]), len(y) - j) + 1):  # x[i] is the initials of y[j : j + k]
            if "".join(w[0] for w in y[j : j + k]) == x[i] and match(i + 1, j + k):
                return True
        for k in range(2, min(len(y[j]), len(x) - i) + 1):
            if "".join(w[0] for w in x[i : i + k]) == y[j] and match(i + k, j + 1):
                return True
        return False

    return match(0, 0)
