"""Ready-to-send messages for follow-up items, from Jinja2 templates (no clock, no output).

`render(kb, item_id, today)` finds the open item (an id from `rolodex due`, or
`outreach:<contact>` for a cold email), fills the template of its kind and returns
`(subject, body)`. Templates ship with the package (`rolodex/templates/<kind>.md`);
a KB overrides any of them with `<templates_dir>/<kind>.md` at its root.

A template is plain text: a first line `Subject: …`, a blank line, the body. User
templates are data, not code: they run in Jinja's sandbox, and every mistake in
one is a `TemplateError` reading `path:line: error: message`, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.utils import missing

from rolodex.core import frontmatter
from rolodex.core.identity import closest, did_you_mean
from rolodex.core.model import KB, Contact, Meeting
from rolodex.drafts import catalog, limits
from rolodex.drafts.articles import the as _the
from rolodex.drafts.phrasing import goal_clause, pitch_sentence, source_sentence
from rolodex.rules.followups import Due, compute, follow_up_id, last_interaction

TEMPLATE_KINDS = (
    "outreach",
    "nudge",
    "thank-you",
    "referral",
    "holiday",
    "keep-in-touch",
    "follow-up",
    "prep",
    "schedule",
    "record",
)
# Every name a template can use; the others are an error with a suggestion.
VARIABLES = (
    "me",
    "contact",
    "meeting",
    "last_meeting",
    "referrer",
    "referral",
    "nudge",
    "task",
    "schedule",
    "item",
    "today",
)
# What the built-in templates say where `me.pitch` would go, when it is not set.
PITCH_PLACEHOLDER = "[one sentence: who you are"
SUBJECT = re.compile(r"^Subject:[ \t]*", re.IGNORECASE)
MAX_TEMPLATE_BYTES = 256 * 1024  # a template is a short letter: a bigger one is a mistake
MEETING_WORDS = {
    "informational": "conversation",
    "coffee": "coffee",
    "call": "call",
    "video": "video call",
    "event": "meeting",
    "other": "meeting",
}


class DraftError(Exception):
    """No draft could be made; the message says why, for people."""


class UnknownItem(DraftError):
    """No open item has this id (it may be done already, or mistyped)."""

    def __init__(self, item_id: str, message: str, suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.item_id = item_id
        self.suggestions = suggestions


class TemplateError(DraftError):
    """A template that cannot be used: `path:line: error: message`."""

    def __init__(self, path: str, line: int | None, message: str):
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: error: {message}")
        self.path = path
        self.line = line
        self.message = message


# --- finding the item -----------------------------------------------------------------


def outreach_item(contact: Contact, today: dt.date) -> Due:
    """The pseudo-item `outreach:<slug>`: a cold email to someone on the meet list."""
    return Due(
        "outreach",
        today,
        contact.slug,
        contact.name,
        None,
        f"Ask {contact.name} for 15 minutes to learn about their work",
        f"outreach:{contact.slug}",
    )


def find_item(kb: KB, item_id: str, today: dt.date, items: Iterable[Due] | None = None) -> Due:
    """The open item with this id (or `outreach:<slug>`); `UnknownItem` with a suggestion if none."""
    items = list(compute(kb, today) if items is None else items)
    wanted = item_id.strip()
    for item in items:
        if item.id == wanted:
            return item
    if wanted.lower().startswith("outreach:"):
        slug = wanted.split(":", 1)[1].strip()
        contact = kb.contacts.get(slug) or kb.contacts.get(slug.lower()) or kb.contact_named(slug)
        if contact is not None:
            return outreach_item(contact, today)
        close = closest(slug, kb.contacts)
        hint = f"; did you mean 'outreach:{close}'?" if close else ""
        raise UnknownItem(item_id, f"no contact '{slug}' to write to{hint}", (f"outreach:{close}",) if close else ())
    for item in items:
        if item.id.casefold() == wanted.casefold():
            return item
    close = closest(wanted, [i.id for i in items])
    if close:
        raise UnknownItem(item_id, f"no open item '{wanted}'; did you mean '{close}'?", (close,))
    if wanted.split(":", 1)[0] in TEMPLATE_KINDS:
        raise UnknownItem(
            item_id, f"no open item '{wanted}': it may be done already; 'rolodex due --within 365' lists the open ones"
        )
    raise UnknownItem(
        item_id,
        f"no item '{wanted}': ids look like 'thank-you:2026-11-24-jane-doe:jane-doe' "
        "or 'outreach:jane-doe'; 'rolodex due' lists them",
    )


# --- templates ------------------------------------------------------------------------


def template_source(kb: KB, kind: str) -> tuple[str, str]:
    """`(path, text)` of the template for `kind`: the KB's own file if it has one, else the default."""
    rel = catalog.own_path(kb.settings, kind)
    if kb.root is not None:
        path = Path(kb.root) / rel
        if path.is_file():
            if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(kb.root)):
                # its text would go into drafts and the site's mail links: a link out is not followed
                raise TemplateError(rel, None, "a symbolic link to a file outside the knowledge base; not read")
            try:
                if path.stat().st_size > MAX_TEMPLATE_BYTES:
                    raise TemplateError(rel, None, f"larger than {MAX_TEMPLATE_BYTES // 1024} KiB; not read")
                return rel, path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
            except UnicodeDecodeError:
                raise TemplateError(rel, None, "not UTF-8 text; save the template as UTF-8") from None
            except OSError as exc:
                raise TemplateError(rel, None, f"cannot read: {exc.strerror}") from None
    return f"(built-in) {kind}.md", catalog.builtin_text(kind)


class _Undefined(jinja2.Undefined):
    """Fails loudly when printed or looped over, with a helpful message, but is false in `{% if %}`."""

    __slots__ = ()
    __str__ = __iter__ = __len__ = jinja2.Undefined._fail_with_undefined_error

    @property
    def _undefined_message(self) -> str:
        name, obj = self._undefined_name, self._undefined_obj
        if self._undefined_hint:
            return self._undefined_hint
        if obj is missing:
            return f"unknown variable '{name}'{did_you_mean(str(name), VARIABLES)}"
        if isinstance(obj, Record):
            return f"'{obj.label}' has no field '{name}'{did_you_mean(str(name), obj.fields)}"
        return f"{jinja2.utils.object_type_repr(obj)} has no attribute '{name}'"


class Record:
    """A read-only bag of template values: `contact.name`; prints as its `name`."""

    def __init__(self, label: str, **values: Any):
        self.label = label
        self.fields = tuple(values)
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __str__(self) -> str:
        return str(self._values.get("name", ""))


def _absent(what: str, kind: str, guard: str) -> _Undefined:
    return _Undefined(hint=f"there is no '{what}' for a {kind} item; guard it with {{% if {guard} %}}")


def _finalize(value: Any) -> Any:
    return "" if value is None else value


class _FolderLoader(jinja2.BaseLoader):
    """`{% include %}`, `{% import %}` and `{% extends %}` read from the templates folder only.

    Jinja's own FileSystemLoader refuses '..' and absolute names but follows symbolic links:
    `sign.md -> /etc/passwd`, or a linked folder, would put any readable file into drafts and
    the site's mail links. Here every name is resolved to its real path first, and refused
    unless that path is a regular file inside the (real) templates folder.
    """

    def __init__(self, folder: Path):
        self.folder = os.path.realpath(folder)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = jinja2.loaders.split_template_path(template)  # TemplateNotFound for '..'
        path = os.path.join(self.folder, *pieces)
        real = os.path.realpath(path)
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        if os.path.commonpath([real, self.folder]) != self.folder:
            raise jinja2.TemplateError(f"'{template}' is a symbolic link leading out of the templates folder; not read")
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with open(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise jinja2.TemplateError(f"'{template}' is not a regular file; not read")
                data = handle.read(MAX_TEMPLATE_BYTES + 1)
        except OSError as exc:
            raise jinja2.TemplateError(f"cannot read '{template}': {exc.strerror}") from None
        if len(data) > MAX_TEMPLATE_BYTES:
            raise jinja2.TemplateError(f"'{template}' is larger than {MAX_TEMPLATE_BYTES // 1024} KiB; not read")
        try:
            source = data.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise jinja2.TemplateError(f"'{template}' is not UTF-8 text; save it as UTF-8") from None
        mtime = os.path.getmtime(real)
        return source, real, lambda: os.path.exists(real) and os.path.getmtime(real) == mtime


def _environment(today: dt.date, folder: Path | None) -> limits.LimitedSandbox:
    loader = _FolderLoader(folder) if folder is not None else None
    env = limits.LimitedSandbox(
        autoescape=False,
        undefined=_Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_finalize,
        loader=loader,
    )
    env.filters["longdate"] = lambda d: _longdate(d, today)
    env.filters["month"] = lambda d: _month(d, today)
    env.filters["the"] = _the
    env.guard_filters()
    return env


def _longdate(value: Any, today: dt.date) -> str:
    """Tuesday 24 November (the year only when it isn't this year's)."""
    if not isinstance(value, dt.date):
        return str(value)
    text = f"{value:%A} {value.day} {value:%B}"
    return text if value.year == today.year else f"{text} {value.year}"


def _month(value: Any, today: dt.date) -> str:
    if not isinstance(value, dt.date):
        return str(value)
    return f"{value:%B}" if value.year == today.year else f"{value:%B} {value.year}"


_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}")


def _keep_inline_breaks(source: str) -> str:
    """A line holding only `{% %}` tags vanishes (trim_blocks); any other line keeps its break.

    Plain `trim_blocks` would also eat the line break after `…{% endif %}` at the end of a
    line of text, which surprises anyone writing an email; `+%}` turns that off per tag.
    The line count is unchanged, so errors keep their line numbers.
    """
    out = []
    for line in source.split("\n"):
        stripped = line.rstrip()
        if stripped.endswith("%}") and not stripped.endswith(("-%}", "+%}")) and _TAG.sub("", line).strip():
            line = stripped[:-2] + "+%}" + line[len(stripped) :]
        out.append(line)
    return "\n".join(out)


def _error_line(exc: BaseException, path: str) -> int | None:
    """The template line a rendering error happened on (Jinja rewrites tracebacks to template lines)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == path:
            return frame.lineno
    return None


@functools.lru_cache(maxsize=64)
def _compiled(path: str, source: str, today: dt.date, folder: Path | None) -> jinja2.Template:
    """A template compiled once per text and day: the site drafts thousands of messages per build."""
    env = _environment(today, folder)
    code = env.compile(_keep_inline_breaks(source), name=path, filename=path)
    return env.template_class.from_code(env, code, env.make_globals(None))


def fill(
    path: str, source: str, context: dict[str, Any], today: dt.date, folder: Path | None = None
) -> tuple[str, str]:
    """Render one template (`path` only names it in errors) into `(subject, body)`.

    `{% include "name.md" %}` reads from `folder` (the KB's templates folder), if given.
    """
    first = source.split("\n", 1)[0]
    if not SUBJECT.match(first):
        raise TemplateError(path, 1, "a template starts with a line 'Subject: …', then a blank line, then the body")
    try:
        with limits.budget():
            text = limits.output(_compiled(path, source, today, folder).generate(context))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(path, exc.lineno, exc.message or "syntax error") from None
    except jinja2.TemplateNotFound as exc:
        where = "the templates folder" if folder is not None else "the built-in templates"
        raise TemplateError(path, _error_line(exc, path), f"no template '{exc.name}' to include in {where}") from None
    except jinja2.TemplateError as exc:  # undefined values, sandbox refusals
        raise TemplateError(path, _error_line(exc, path), str(exc.message or exc)) from None
    except Exception as exc:
        raise TemplateError(path, _error_line(exc, path), f"{type(exc).__name__}: {exc}") from None
    head, _, body = text.partition("\n")
    if not SUBJECT.match(head):
        raise TemplateError(path, 1, "the first line of the result must be 'Subject: …'")
    subject = " ".join(SUBJECT.sub("", head).split())
    return subject, _tidy(body)


def _tidy(body: str) -> str:
    lines = [line.rstrip() for line in body.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n")


# --- the values a template sees -------------------------------------------------------


def _person(kb: KB, contact: Contact, today: dt.date, label: str = "contact") -> Record:
    role = " at ".join(x for x in (contact.title, _the(contact.company)) if x)
    return Record(
        label,
        slug=contact.slug,
        name=contact.name,
        first_name=_first(contact.name),
        title=contact.title or "",
        company=contact.company or "",
        field=contact.field or "",
        location=contact.location or "",
        email=contact.email or "",
        emails=list(contact.emails),
        phone=contact.phone or "",
        links=Record(f"{label}.links", **dict(contact.links)),
        tags=list(contact.tags),
        source=contact.source or "",
        goal=contact.goal or "",
        source_sentence=source_sentence(contact.source),
        goal_clause=goal_clause(contact.goal),
        priority=contact.priority or "",
        role=role,
        topic=_topic(contact),
        last_contact=last_interaction(kb, contact, today),
    )


def _named(name: str, label: str = "contact") -> Record:
    """Someone known only by name (a referral not yet a contact)."""
    return Record(
        label,
        slug="",
        name=name,
        first_name=_first(name),
        title="",
        company="",
        field="",
        location="",
        email="",
        emails=[],
        phone="",
        links=Record(f"{label}.links"),
        tags=[],
        source="",
        goal="",
        source_sentence="",
        goal_clause="",
        priority="",
        role="",
        topic="your work",
        last_contact=None,
    )


def _first(name: str) -> str:
    words = name.split()
    return words[0] if words else name


def _topic(contact: Contact) -> str:
    """What you talked about, from the contact's field: `Nonprofit / philanthropy` → `nonprofit and philanthropy`."""
    if contact.field:
        text = " and ".join(part.strip() for part in contact.field.split("/") if part.strip())
        if len(text) > 1 and text[1].islower():
            text = text[0].lower() + text[1:]
        return text
    return f"your work at {_the(contact.company)}" if contact.company else "your work"


def _meeting(kb: KB, m: Meeting, today: dt.date, label: str = "meeting") -> Record:
    people = [kb.contacts[s] for s in m.contacts]
    names = [c.name for c in people]
    first = people[0] if people else None
    referrals = []
    for r in m.referrals:
        slug = r.contact.slug if r.contact else None
        referrals.append(
            kb.contacts[slug].name if slug in kb.contacts else (r.name or (r.contact.target if r.contact else ""))
        )
    return Record(
        label,
        slug=m.slug,
        path=m.path,
        date=m.date,
        time=m.time.strftime("%H:%M") if m.time else "",
        kind=m.kind,
        word=MEETING_WORDS.get(m.kind, "meeting"),
        location=m.location or "",
        duration=m.duration or kb.settings.meeting_minutes,
        status=m.status(today),
        people=names,
        names=_and(names),
        topic=_topic(first) if first else "your work",
        questions=list(m.questions),
        tags=list(m.tags),
        referrals=[r for r in referrals if r],
        research=m.research,
        notes=frontmatter.section(m.body, "Notes"),
        takeaways=frontmatter.section(m.body, "Takeaways"),
        thank_you=m.thank_you,
    )


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def context(kb: KB, item: Due, today: dt.date) -> dict[str, Any]:
    """The variables of a template for `item` (see docs/drafts.md)."""
    me = kb.settings.me
    signature = me.signature.strip() or me.name.strip() or "[your name]"
    meeting = kb.meetings.get(item.meeting) if item.meeting else None
    contact = kb.contacts.get(item.contact) if item.contact else None
    values: dict[str, Any] = {
        "me": Record(
            "me",
            name=me.name,
            first_name=_first(me.name),
            email=me.email,
            emails=list(me.addresses),
            pitch=pitch_sentence(me.pitch, me.name),
            signature=signature,
        ),
        "item": Record(
            "item",
            kind=item.kind,
            due=item.due,
            id=item.id,
            title=item.title,
            contact=item.contact or "",
            name=item.name or "",
            meeting=item.meeting or "",
        ),
        "today": today,
        "contact": _person(kb, contact, today) if contact else _named(item.name or "there"),
        "meeting": _meeting(kb, meeting, today) if meeting else _absent("meeting", item.kind, "meeting"),
        "referrer": _absent("referrer", item.kind, "referrer"),
        "referral": _absent("referral", item.kind, "referral"),
        "nudge": _absent("nudge", item.kind, "nudge"),
        "task": _absent("task", item.kind, "task"),
        "schedule": _absent("schedule", item.kind, "schedule"),
        "last_meeting": _absent("last_meeting", item.kind, "last_meeting"),
    }
    if contact is not None:
        held = [m for m in kb.meetings_with(contact.slug) if m.status(today) == "held"]
        if held:
            values["last_meeting"] = _meeting(kb, held[-1], today, "last_meeting")
        if contact.referred_by and contact.referred_by.slug in kb.contacts:
            values["referrer"] = _person(kb, kb.contacts[contact.referred_by.slug], today, "referrer")
        if item.kind in ("nudge", "outreach"):
            values["nudge"] = _nudge(kb, contact)
    if item.kind == "referral" and meeting is not None:
        values.update(_referral(kb, item, meeting, today))
    owner = meeting if meeting is not None else contact  # a contact's own reminder has no meeting
    if item.kind == "follow-up" and owner is not None:
        for index, task in enumerate(owner.follow_ups):
            if follow_up_id(owner, index) == item.id:
                values["task"] = Record("task", task=task.task, due=task.due)
    if item.kind == "schedule":
        values["schedule"] = Record("schedule", slots=_slots(today), minutes=kb.settings.meeting_minutes)
    return values


def _slots(today: dt.date) -> list[Record]:
    """Two concrete times to propose: mid-morning on the second working day from today, and
    mid-afternoon two working days later (the user edits them to fit their week)."""
    days: list[dt.date] = []
    day = today
    while len(days) < 4:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return [Record("slot", date=days[1], time="10:00"), Record("slot", date=days[3], time="15:30")]


def _nudge(kb: KB, contact: Contact) -> Record | _Undefined:
    outreach = [t for t in contact.touches if t.kind == "outreach"]
    if not outreach:
        return _absent("nudge", "outreach", "nudge")
    last = max(outreach, key=lambda t: t.date)
    replied = max((t.date for t in contact.touches if t.kind == "reply"), default=None)
    number = sum(1 for t in outreach if replied is None or t.date > replied)
    return Record("nudge", number=number, of=kb.settings.max_nudges, last_outreach=last.date, note=last.note or "")


def _referral(kb: KB, item: Due, meeting: Meeting, today: dt.date) -> dict[str, Any]:
    values: dict[str, Any] = {}
    by = meeting.first_contact  # who made the referral, as the item's title names them
    if by is not None:
        values["referrer"] = _person(kb, kb.contacts[by], today, "referrer")
    for r in meeting.referrals:
        slug = r.contact.slug if r.contact else None
        if (item.contact and (slug == item.contact or (slug is None and r.name and r.name.strip() == item.name))) or (
            not item.contact and slug is None and r.name and r.name.strip() == (item.name or "").strip()
        ):
            values["referral"] = Record("referral", name=item.name or r.name or "", note=r.note or "")
            break
    return values


# --- the one entry point --------------------------------------------------------------


def render(kb: KB, item_id: str, today: dt.date, items: Iterable[Due] | None = None) -> tuple[str, str]:
    """`(subject, body)` of the draft for an open item id, or `outreach:<slug>`.

    Raises `UnknownItem` (with a did-you-mean among the current ids) or `TemplateError`.
    Pass `items` (from `followups.compute`) to avoid computing them again.
    """
    item = find_item(kb, item_id, today, items)
    path, source = template_source(kb, item.kind)
    return fill(path, source, context(kb, item, today), today, templates_folder(kb))


def templates_folder(kb: KB) -> Path | None:
    """The folder includes read from: the KB's templates folder, if it is a folder inside the KB."""
    if kb.root is None:
        return None
    folder = Path(kb.root) / kb.settings.templates_dir
    if not folder.is_dir() or not Path(os.path.realpath(folder)).is_relative_to(os.path.realpath(kb.root)):
        return None
    return folder


def advice(kb: KB, item: Due, today: dt.date, body: str) -> list[str]:
    """One-line warnings and hints (for stderr) about a draft that may not be what you meant.

    An outreach to someone you have already met reads as a first email to a stranger;
    a draft signed `[your name]` means mkdocs.yml has no `me:` yet.
    """
    notes = []
    if item.kind == "outreach" and item.contact:
        held = [m for m in kb.meetings_with(item.contact) if m.status(today) == "held"]
        if held:
            notes.append(
                f"warning: you have already met {item.name} (last on {held[-1].date.isoformat()}); this "
                f"draft is a first email to a stranger ('rolodex show {item.contact}' lists what is due)"
            )
    me = kb.settings.me
    if "[your name]" in body and not me.name.strip() and not me.signature.strip():
        notes.append(
            "hint: drafts are signed '[your name]'; set 'me:' (name, email, signature) under the "
            "rolodex plugin in mkdocs.yml (see docs/drafts.md)"
        )
    if PITCH_PLACEHOLDER in body and not me.pitch.strip():
        notes.append(
            "hint: set 'me.pitch' under the rolodex plugin in mkdocs.yml (one sentence: who you are and "
            "what you are exploring) and every draft says it for you (see docs/drafts.md)"
        )
    return notes


def draftable_ids(kb: KB, today: dt.date, items: Iterable[Due] | None = None) -> list[str]:
    """Every id `render` accepts today: the open items, and `outreach:<slug>` of each current contact."""
    items = compute(kb, today) if items is None else items
    return [i.id for i in items] + [f"outreach:{s}" for s, c in kb.contacts.items() if not c.archived]


__all__ = [
    "TEMPLATE_KINDS",
    "VARIABLES",
    "DraftError",
    "TemplateError",
    "UnknownItem",
    "advice",
    "context",
    "draftable_ids",
    "fill",
    "find_item",
    "render",
    "template_source",
]
