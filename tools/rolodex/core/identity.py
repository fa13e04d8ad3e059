"""Is this the same person? The keys two records of one person share (pure).

Used by `rolodex check` (possible duplicates) and by imports (matching an incoming
person to an existing contact), so that both agree on when two emails, LinkedIn
URLs, phone numbers or names are "the same".
"""

from __future__ import annotations

import re
import unicodedata


def email_key(value: str) -> str:
    """`Jane@Example.com ` and `jane@example.com` are one address."""
    return value.strip().casefold()


def url_key(value: str) -> str:
    """A URL without scheme, `www.`/country prefix of linkedin.com, query and trailing slash."""
    value = re.sub(r"^[a-z]+://", "", value.strip().casefold())
    value = re.sub(r"^(www\.|[a-z]{2}\.)(?=linkedin\.com)", "", value)
    return value.split("?", 1)[0].rstrip("/")


def phone_key(value: str) -> str:
    """The digits of a phone number; '' when too few to identify anyone (an extension, a typo)."""
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) >= 7 else ""


def name_key(value: str) -> str:
    """A display name in any case and spacing (as `rolodex check` compares names)."""
    return " ".join(value.casefold().split())


def loose_name_key(value: str) -> str:
    """`name_key`, also ignoring how an accented letter is encoded (composed `ë` or `e` + `¨`)."""
    return name_key(unicodedata.normalize("NFC", value))


def same_phone(a: str, b: str) -> bool:
    """Two ways of writing one number: equal digits, or one ends with the other
    (`+1 555 0100` and `555-0100`), at least seven digits either way."""
    x, y = phone_key(a), phone_key(b)
    if not x or not y:
        return a.strip() == b.strip()
    return x == y or x.endswith(y) or y.endswith(x)
