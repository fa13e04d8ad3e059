"""What the user typed, as sentences a draft can say: `source`, `goal` and `me.pitch` (pure).

People write these fields as notes to themselves: `source: Jenna (ex-colleague) suggested her`,
`source: via Jenna`, `goal: Learn how she moved into public affairs`, `pitch: Metro reporter
at the Ledger, exploring comms`. A draft needs them as sentences addressed to the contact:
"Jenna suggested I reach out to you.", "In particular, I'd like to learn how you moved into
public affairs.", "I'm a metro reporter at the Ledger, exploring comms." Each function turns
one field into such a sentence, or into "" when it cannot say it naturally: a draft then
leaves the sentence out rather than say something odd. Heuristics, written down in
docs/drafts.md; a template can always use the raw field instead.
"""

from __future__ import annotations

import re

from rolodex.drafts.articles import the

# --- shared clean-up ------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    """One line, no notes in parentheses or brackets, no surrounding quotes or end punctuation."""
    text = " ".join(str(text or "").split())
    text = re.sub(r"\s*[(\[][^()\[\]]*[)\]]", "", text)
    text = text.strip().strip("\"'“”‘’").strip()
    return re.sub(r"[\s.;,:!-]+$", "", text)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """`Metro reporter` → `metro reporter`, but `MBA student` and `LinkedIn` stay."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:] == first[1:].lower():
        return text[:1].lower() + text[1:]
    return text


# "she's built" is "she has built"; "she's running" is "she is running".
_PARTICIPLE = (
    r"(?:\w+(?:ed|en)|built|made|done|led|run|got|grown|taught|had|been|kept|found|left|won|spent|come|gone|brought)\b"
)


def _to_you(text: str) -> str:
    """The contact, written about in the third person, addressed in the second: `her post` →
    `your post`, `suggested her` → `suggested you`, `she looks for` → `you look for`."""
    text = re.sub(rf"\b(?:she|he)['’]s (?={_PARTICIPLE})", "you've ", text)
    text = re.sub(r"\b(?:she|he)['’]s\b", "you're", text)
    text = re.sub(r"\b(?:she|he) ((?:\w+ly )?)(\w+)\b", lambda m: f"you {m[1]}{_unagree(m[2])}", text)
    text = re.sub(r"\b(?:her|his|their)\b(?= [\w-])", "your", text)
    text = re.sub(r"\b(?:her|him|them)\b", "you", text)
    return re.sub(r"\b(?:herself|himself|themselves)\b", "yourself", text)


def _unagree(verb: str) -> str:
    """The verb after `you` that followed `she`: `looks` → `look`, `does` → `do`, `watches` →
    `watch`, `carries` → `carry`, `is` → `are`; a past tense (`moved`) stays."""
    irregular = {"is": "are", "was": "were", "has": "have", "does": "do", "goes": "go", "says": "say"}
    if verb in irregular:
        return irregular[verb]
    if not verb.endswith("s") or verb.endswith(("ss", "us", "is")):
        return verb
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if re.search(r"(?:ch|sh|x|z)es$", verb):
        return verb[:-2]
    return verb[:-1]


# --- source: how you found them -------------------------------------------------------------

_REFERRED = r"(?:referred|introduced|recommended|suggested|sent|pointed|connected)"
_REFERRAL = r"(?:referral|introduction|intro|recommendation|suggestion|tip|rec)"
_SUGGESTS = (
    r"(?:suggested|recommended|referred|introduced|mentioned|pointed me to|put me in touch with|told me about"
    r"|connected me with|connected us|gave me|passed on|passed along|sent me|thinks|thought|said)"
)
# Whoever suggested them: "Jenna", "Jenna Park", "my old editor", "a friend at Acme".
_PERSON = r"((?:(?:my|a|an|our|the) )?[\w'’.-]+(?: [\w'’.-]+){0,4}?)"
# Words that say who the contact *is* to you, not where you found them: a draft says nothing.
_RELATIONS = frozenset(
    {
        "colleague",
        "ex-colleague",
        "coworker",
        "co-worker",
        "classmate",
        "friend",
        "neighbour",
        "neighbor",
        "cousin",
        "relative",
        "boss",
        "manager",
        "mentor",
        "teammate",
        "roommate",
        "flatmate",
        "acquaintance",
        "contact",
    }
)
# Things you attend: "I came across your name at the PRSA luncheon".
_EVENTS = frozenset(
    {
        "mixer",
        "luncheon",
        "lunch",
        "breakfast",
        "dinner",
        "conference",
        "panel",
        "talk",
        "meetup",
        "meeting",
        "meetings",
        "event",
        "workshop",
        "fair",
        "gala",
        "reception",
        "summit",
        "seminar",
        "festival",
        "forum",
        "hearing",
        "hearings",
        "session",
        "lecture",
        "party",
        "expo",
        "convention",
        "symposium",
        "hour",
        "night",
        "networking",
        "launch",
        "screening",
    }
)
_SAW = r"(?:saw|heard|read|found|came across|noticed|watched|listened to|follow|followed|know|knew)"


def source_sentence(source: str | None) -> str:
    """How you found them, as the sentence an outreach email opens with, or "".

    `alumni directory` → "I found your name through the alumni directory."; `LinkedIn` →
    "I found your name through LinkedIn."; `on LinkedIn` → "I found your name on LinkedIn.";
    `met at the Press Club mixer` → "We met at the Press Club mixer."; `Jenna suggested her`,
    `Jenna (ex-colleague) suggested her`, `referred by Jenna`, `referral from Jenna` →
    "Jenna suggested I reach out to you."; `via Jenna` → "I found your name through Jenna.";
    `PRSA luncheon` → "I came across your name at the PRSA luncheon."; `LinkedIn: her post
    about the bond` → "I came across your post about the bond on LinkedIn."; `saw her talk at
    SXSW` → "I saw your talk at SXSW."; `former Ledger colleague` → "" (who they are to you
    is not how you found them).
    """
    text = _clean(source)
    if not text:
        return ""
    low = text.lower()
    # someone suggested them
    for pattern in (
        rf"^(?:was |were )?{_REFERRED} (?:to me |me )?(?:by|via|through) {_PERSON}$",
        rf"^(?:a |an )?{_REFERRAL} (?:from|by|via|through) {_PERSON}$",
        rf"^{_PERSON}(?:'s|’s|') {_REFERRAL}$",
    ):
        if m := re.match(pattern, text, re.IGNORECASE):
            return _suggested_by(m[1])
    if m := re.match(rf"^{_PERSON} {_SUGGESTS}\b", text, re.IGNORECASE):
        return _suggested_by(m[1])
    # we met
    if m := re.match(r"^(?:we |i )?met (?:her |him |them )?(?:(at|in|on|through|during|via) )?(.+)$", text, re.I):
        prep, place = (m[1] or "").lower(), _to_you(m[2])
        if prep in ("at", "through", "via", "during"):
            place = the(place)
        prep = {"via": "through"}.get(prep, prep)
        return f"We met {prep} {place}." if prep else f"We met {place}."
    # I saw / heard / read something of theirs
    if m := re.match(rf"^(?:i )?({_SAW}) (.+)$", text, re.IGNORECASE):
        return f"I {m[1].lower()} {_to_you(m[2])}."
    # "LinkedIn: her post about the bond campaign"
    if m := re.match(r"^([^:]+):\s*(.+)$", text):
        where, what = m[1].strip(), m[2].strip()
        if re.match(r"^(?:her|his|their)\b", what, re.IGNORECASE):
            return f"I came across {_to_you(what)} on {where}."
        text, low = where, where.lower()  # the rest is a note: "LinkedIn: search for comms leads"
    # "from the alumni directory", "on LinkedIn", "at the PRSA luncheon"
    if m := re.match(r"^(from|through|via|on|in|at|thanks to) (.+)$", text, re.IGNORECASE):
        prep = m[1].lower()
        rest = _to_you(m[2])
        if prep == "at":
            return f"I came across your name at {the(rest)}."
        return f"I found your name {'through' if prep in ('from', 'via', 'thanks to') else prep} {the(rest)}."
    words = re.findall(r"[\w'-]+", low)
    if words and words[-1] in _RELATIONS:
        return ""
    if words and words[-1] in _EVENTS:
        return f"I came across your name at {the(_to_you(text))}."
    return f"I found your name through {the(_to_you(text))}."


def _suggested_by(person: str) -> str:
    person = person.strip()
    return f"{_cap(person)} suggested I reach out to you."


# --- goal: why you want to meet them --------------------------------------------------------

# A goal that starts with one of these reads after "I'd like to": learn how…, understand…
_GOAL_VERBS = (
    "learn",
    "understand",
    "hear",
    "find out",
    "know",
    "see",
    "discuss",
    "talk about",
    "explore",
    "compare",
    "get a sense of",
    "get advice on",
    "get your advice on",
    "ask about",
)
_ASK = re.compile(r"^ask (?=how|what|why|when|where|who|which|whether|if)")


def goal_clause(goal: str | None) -> str:
    """Why you want to meet them, as what follows "I'd like to", or "".

    `Learn how she moved into public affairs` → "learn how you moved into public affairs";
    `To understand housing comms (not just press).` → "understand housing comms";
    `Ask how a newsroom works and what she looks for` → "hear how a newsroom works and what
    you look for"; `How she moved into policy` → "hear how you moved into policy";
    `her move to policy` → "hear about your move to policy"; anything else (`potential
    mentor`, `grant writing`) → "", and the draft leaves the sentence out.
    """
    text = _clean(goal)
    text = re.sub(r"^(?:goal\s*[:-]\s*|to )", "", text, flags=re.IGNORECASE)
    if not text:
        return ""
    low = text.lower()
    if _ASK.match(low):
        return "hear " + _to_you(text[4:])
    for verb in _GOAL_VERBS:
        if low == verb or low.startswith(verb + " "):
            return _to_you(_lower_first(text))
    if re.match(r"^(?:how|what|why|when|where|who|which|whether)\b", low):
        return "hear " + _to_you(_lower_first(text))
    if re.match(r"^(?:about|her|his|their)\b", low):
        return "hear " + ("" if low.startswith("about") else "about ") + _to_you(_lower_first(text))
    return ""


# --- pitch: who you are ---------------------------------------------------------------------

# A pitch starting with one of these is already a sentence: "I'm…", "My background…".
_SENTENCE_START = re.compile(
    r"^(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|my|as|after|having|since|for|currently i|over|with)\b", re.IGNORECASE
)
# After "I'm", these need no article: "I'm currently…", "I'm exploring…", "I'm a…".
_NO_ARTICLE = frozenset(
    {
        "a",
        "an",
        "the",
        "one",
        "currently",
        "now",
        "still",
        "also",
        "recently",
        "just",
        "newly",
        "about",
        "based",
        "new",
        "from",
        "in",
        "at",
        "on",
        "with",
        "between",
        "part",
        "someone",
        "somebody",
        "trained",
        "originally",
        "here",
        "moving",
    }
)


def pitch_sentence(pitch: str | None, name: str = "") -> str:
    """Who you are, as the sentence a draft says after hello, or "" when there is no pitch.

    `I'm a metro reporter exploring public affairs.` stays; `a metro reporter exploring public
    affairs` and `Metro reporter at the Ledger, exploring comms` → "I'm a metro reporter …";
    `currently studying policy` → "I'm currently studying policy."; `Sam Rivera, metro
    reporter` (your own name first) → "I'm Sam Rivera, metro reporter."; `am a reporter` →
    "I am a reporter.".
    """
    text = " ".join(str(pitch or "").split()).strip()
    text = re.sub(r"[\s.;,:-]+$", "", text)
    if not text:
        return ""
    end = "" if text[-1] in "!?" else "."
    if _SENTENCE_START.match(text):
        return _cap(text) + end
    if re.match(r"^am\b", text, re.IGNORECASE):
        return "I " + text[:1].lower() + text[1:] + end
    first = text.split(" ", 1)[0]
    words = [w for w in re.split(r"[\s,]+", name) if w]
    if words and re.match(rf"{re.escape(words[0])}\b", text, re.IGNORECASE):
        return f"I'm {text}{end}"
    lowered = _lower_first(text)
    word = first.lower().strip(",")
    if word in _NO_ARTICLE or word.endswith("ing"):
        return f"I'm {lowered}{end}"
    return f"I'm {_article(first)} {lowered}{end}"


def _article(word: str) -> str:
    """`a` or `an` before a word, by its sound: an editor, a university, an MBA, a one-person…"""
    if len(word) > 1 and word.isupper():  # an acronym, said letter by letter
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    low = word.lower()
    if re.match(r"^(?:uni|use|usu|eu|one|once|ur)", low):
        return "a"
    if re.match(r"^(?:hour|honest|honou?r|heir)", low):
        return "an"
    return "an" if low[:1] in "aeiou" else "a"


__all__ = ["goal_clause", "pitch_sentence", "source_sentence"]
