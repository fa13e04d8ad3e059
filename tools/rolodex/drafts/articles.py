"""The article "the" before a name or a phrase, where an English sentence needs one (pure).

The draft templates write `through {{ contact.source | the }}` and `at {{ contact.company | the }}`:
`the alumni directory`, `the Office of Councilmember Whitaker`, `the Riverton Housing Authority`,
but `Acme Corp`, `LinkedIn` and `The Riverton Ledger` as they are. A heuristic, written down in
docs/drafts.md; a template can always write its own words instead.
"""

from __future__ import annotations

import re
from typing import Any

# Words that already determine a noun phrase: `the` leaves text starting with one alone.
_DETERMINERS = frozenset({"the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "its"})
# Small words a proper name may hold in lowercase: "Office of the Mayor", "Arts and Letters".
_NAME_WORDS = frozenset({"of", "and", "for", "the", "in", "at", "on", "de", "du", "la", "le", "&", "-", "—", "–"})
# A name starting "<word> of" takes "the": the Office of Councilmember Whitaker, the City of Riverton.
_LEADING = frozenset(
    {
        "office",
        "city",
        "county",
        "state",
        "town",
        "village",
        "district",
        "port",
        "university",
        "college",
        "department",
        "ministry",
        "bureau",
        "board",
        "council",
        "commission",
        "institute",
        "museum",
        "library",
        "society",
        "federation",
        "government",
        "embassy",
        "school",
    }
)
# A name ending in one of these takes "the": the Riverton Housing Authority, the Riverton Ledger.
_TRAILING = frozenset(
    {
        "authority",
        "foundation",
        "bank",
        "orchestra",
        "symphony",
        "opera",
        "ballet",
        "council",
        "commission",
        "agency",
        "department",
        "library",
        "museum",
        "institute",
        "society",
        "association",
        "club",
        "committee",
        "board",
        "administration",
        "fund",
        "trust",
        "center",
        "centre",
        "coalition",
        "alliance",
        "office",
        "bureau",
        "hospital",
        "ledger",
        "courier",
        "post",
        "times",
        "herald",
        "tribune",
        "gazette",
        "journal",
        "chronicle",
        "observer",
    }
)


def the(text: Any) -> str:
    """The text with "the" in front where a sentence needs one (`through the …`, `at the …`).

    `alumni directory` → `the alumni directory`; `Riverton Press Club member list` → `the
    Riverton Press Club member list` (a common noun in it); `Office of Councilmember Dana
    Whitaker` → `the Office of …` and `Riverton Housing Authority` → `the Riverton Housing
    Authority` (institutions); `Acme Corp`, `LinkedIn`, `Maria Okafor`, `The Riverton Ledger`
    and `my old editor` unchanged.
    """
    text = str(text or "").strip()
    words = text.split()
    if not words or words[0].lower() in _DETERMINERS:
        return text
    if any(w[:1].islower() and w.lower() not in _NAME_WORDS for w in words):
        return f"the {text}"
    name = re.split(r"\s+[—–-]\s+|,", text, maxsplit=1)[0].split()  # "City of Riverton — Mayor's Office"
    leading = len(name) > 2 and name[0].lower() in _LEADING and name[1] == "of"
    trailing = len(name) > 1 and name[-1].lower().strip(".") in _TRAILING
    return f"the {text}" if leading or trailing else text
