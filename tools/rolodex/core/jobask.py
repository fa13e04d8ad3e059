"""Does a question ask for a job? The `job-ask` check of `rolodex check` and of drafts (pure).

An informational interview asks to learn, never for a job. The line drawn here: a question
is an ask when it requests something for *me* now — a job, an opening, a role, a position,
a referral or recommendation for one, passing on my résumé, keeping me in mind, a good
word — or asks whether *they* have openings or are hiring now. Questions about their path
("how did you land your role?"), their field, their team's challenges, what they look for
and how hiring is changing are not asks, even when they say "job", "role" or "hiring".

Rules, not a model: each pattern below is one way people ask, over a normalised text
(lowercase, plain apostrophes, `résumé`/`CV` → `resume`, `u`/`ur` → `you`/`your`).
tests/test_jobask.py holds the labelled phrasings and measures recall and false positives.
"""

from __future__ import annotations

import re
import unicodedata

# The things one asks for. `role`, `position` and `job` alone are too common in questions
# about a career ("what do you like about your role?"): they count only in an asking frame.
_JOB = r"(?:jobs?|openings?|roles?|positions?|vacanc(?:y|ies)|internships?)"
_OPENING = r"(?:openings?|vacanc(?:y|ies))"  # these mean "a job free now" on their own
_OPEN = r"(?:open|available|going|free|vacant|coming up|opening up)"
# Whom "are … hiring" is about: you, your team, the agency, Voltline (one or two words;
# not "it", "there" or a verb: "what trends are shaping hiring").
_WHO = (
    r"(?:you|you guys|y'all|they|anyone|anybody|your \w+(?: \w+)?|the \w+(?: \w+)?"
    r"|(?!(?:it|there|hiring|the|a|an|this|that|my|your)\b|[\w&.-]*ing\b)[a-z][\w&.-]*(?: [a-z][\w&.-]*)?)"
)
_HIRING = r"(?:hiring|recruiting|taking on|taking people on|looking for (?:people|anyone|anybody|staff|someone|new))\b"
_NOT_A_TREND = r"(?!.*\b(?:more|fewer|less)\b.*\bthan\b)"  # "…hiring more data people than before?"
_SOMETHING = r"(?:a|an|any|the|one|anything|something)"
# "any <word> roles" is an ask, "any advice on roles" is not.
_FILLER = r"(?:(?!advice|tips?|thoughts?|ideas?|suggestions?|insights?|examples?|questions?|books?|resources?)\w+ )"
# Where a job would be: at your team, on the press desk, at Voltline, for me (not "in your field").
_WHERE = (
    r"(?:at|on|with|within|in(?! (?:your|this|the|my|that) (?:field|industry|sector|area|line|profession|world))"
    r"|for me|for someone like me|(?:that )?i could|i'd|i would|i might"
    r"|for (?:junior|senior|entry|new|graduates?|grads|\w+ (?:analysts?|staff|people|graduates?|grads)))"
)
_TEAM = r"(?:team|company|firm|organi[sz]ation|agency|office|department|staff|unit|practice|lab|newsroom|desk|group)"
# Questions about their own past ("did you take any roles in…") are about their path.
_THEIR_PAST = re.compile(r"\b(?:did you|had you|were you|have you (?!got\b))")

_PATTERNS: tuple[tuple[str, str], ...] = (
    # "Are you hiring?", "Is Voltline hiring for ops roles?", "Which roles are you hiring for?",
    # "Is the agency taking on new staff?", "…if you're hiring" (not "Is hiring slower…",
    # where hiring is the subject, nor a trend)
    (
        "hiring-now",
        r"(?:^|^(?:which|what|when|where) (?:\w+ ){0,2}|\b(?:if|whether|and|so|also|but)\b ,?)"
        rf"(?:are|is|r) {_WHO} (?:\w+ )?{_HIRING}{_NOT_A_TREND}",
    ),
    ("hiring-now", rf"\b(?:if|whether) {_WHO} (?:is|are) (?:\w+ )?{_HIRING}{_NOT_A_TREND}"),
    # "Do you have any openings?", "Any jobs going in your organisation", "Are there any open
    # ops roles at Voltline?", "Is there a vacancy on the press team?", "What openings do you have?"
    ("openings", rf"\b(?:any|some|an?) (?:job |open |current )?{_OPENING}\b"),
    ("openings", rf"^(?:what|which) (?:\w+ )?{_OPENING}\b"),
    ("openings", rf"\bany (?:open |available )?{_FILLER}{{0,2}}?{_JOB} (?:{_OPEN}|{_WHERE})\b"),
    ("openings", rf"\bany (?:open |available )?{_FILLER}{{0,2}}?{_JOB}$"),
    ("openings", rf"\b(?:is|are) there (?:any|an?) (?:open |available )?(?:\w+ )?{_JOB} (?:{_OPEN}|{_WHERE})\b"),
    ("openings", rf"\b(?:is|are) there anything (?:{_OPEN})\b"),
    ("openings", rf"\b(?:open|available) (?:\w+ )?{_JOB} (?:at|on|with|in your {_TEAM})\b"),
    ("openings", rf"\b{_JOB} (?:{_OPEN})\b"),
    ("openings", rf"\bopportunit(?:y|ies) (?:at|on|with|in) (?:your|the) {_TEAM}\b"),
    # "Would you keep me in mind if a role opens up?", "Could you let me know when a job opens up?"
    ("keep-in-mind", r"\b(?:keep|have|bear) me in mind\b"),
    ("keep-in-mind", r"\bthink of me\b"),
    ("keep-in-mind", r"\bkeep (?:an eye|your eyes?|an ear) (?:open |out )?for me\b"),
    (
        "keep-in-mind",
        rf"\blet me know (?:if|when|whenever) (?:{_SOMETHING} )?(?:\w+ )?(?:{_JOB} |thing )?"
        r"(?:opens? up|comes? up|becomes? available|is open)",
    ),
    # "Could you refer me for the position?", "refer me internally", "recommend me for the role",
    # "put in a good word" (not "refer me to anyone else I should meet")
    (
        "refer-me",
        rf"\b(?:refer|recommend|nominate|put) me (?:forward )?(?:for|to) (?:{_SOMETHING} |your |their )?"
        rf"(?:\w+ ){{0,3}}?{_JOB}\b",
    ),
    ("refer-me", r"\b(?:refer|recommend|put) me (?:forward )?(?:internally|to (?:the |your )?(?:hiring|hr|recruit))"),
    ("refer-me", r"\b(?:put|say|drop) in a (?:good |kind )?word\b"),
    ("refer-me", r"\b(?:consider|hire) me\b"),
    ("refer-me", r"\btake me on\b(?! a\b)"),
    # "Can I send you my resume?", "pass my résumé on to your manager", "leave a copy of my CV"
    # (not "how would you review my resume?")
    (
        "resume",
        r"\b(?:pass|send|forward|give|share|email|e-mail|hand|leave|drop off|submit|circulate|show)"
        r"(?: you| along| on| over)? (?:a copy of )?my resume\b",
    ),
    ("resume", r"\bmy resume (?:along|on|over|in) to\b"),
    # "Can you help me get a job?", "Can you get me an interview?", "Could I work for you?"
    ("for-me", rf"\b(?:get|find|land|give|offer) me (?:a|an|the|any) (?:\w+ )?(?:{_JOB}|interview)\b"),
    ("for-me", rf"\bhelp me (?:to )?(?:get|find|land|secure) (?:a|an|the|any) (?:\w+ )?(?:{_JOB}|interview)\b"),
    ("for-me", r"\b(?:i|me) (?:could |can |might |to )?(?:come )?(?:work|start) (?:for|with|at) (?:you|your)\b"),
    ("for-me", rf"\b(?:me|i) (?:to |could |can |might )?join (?:you\b|your {_TEAM}\b)"),
    (
        "for-me",
        r"\b(?:can|could|may|might|should) i apply (?:for|to) (?:(?:a|an|the|any|your) )?(?:\w+ )?"
        rf"(?:{_JOB}|work|you|your)\b",
    ),
    ("for-me", r"\b(?:room|space|a place|a spot) (?:on|in|at) your \w+ for (?:me|someone like me)\b"),
    ("for-me", r"\bopportunit(?:y|ies) for me\b"),
)
_COMPILED = tuple((code, re.compile(pattern)) for code, pattern in _PATTERNS)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


def normalise(text: str) -> str:
    """Lowercase, one space, plain apostrophes; `résumé`, `resumé` and `CV` read `resume`;
    `u`, `ur`, `atm` read `you`, `your`, `at the moment` (as people text); `you're`, `there's`…
    read `you are`, `there is`."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[’‘ʼ`´]", "'", text)
    text = re.sub(r"\br[ée]sum[ée]s?\b|\bcvs?\b|\bc\.v\.", "resume", text)
    text = re.sub(r"\bur\b", "your", re.sub(r"\bu\b", "you", text))
    text = re.sub(r"\batm\b", "at the moment", text)
    text = re.sub(r"\b(you|they|we)'re\b", r"\1 are", text)
    text = re.sub(r"\b(there|it|what|who|that)'s\b", r"\1 is", text)
    text = re.sub(r"[^\w'&.,;:!?-]+", " ", text)
    return " ".join(text.split()).strip(" ?!.")


def reasons(text: str) -> list[str]:
    """The codes of the patterns `text` (one question) matches; empty when it asks for no job."""
    plain = normalise(text)
    past = _THEIR_PAST.search(plain)
    return [code for code, pattern in _COMPILED if not (past and code == "openings") and pattern.search(plain)]


def asks_for_job(text: str) -> bool:
    """Whether a question asks for a job (see the module's docstring for where the line is)."""
    return any(reasons(part) for part in _SENTENCE.split(text) if part.strip())


def job_asks(text: str) -> list[str]:
    """The sentences of a longer text (a draft) that ask for a job, as written."""
    return [part.strip() for part in _SENTENCE.split(text) if part.strip() and reasons(part)]


__all__ = ["asks_for_job", "job_asks", "normalise", "reasons"]
