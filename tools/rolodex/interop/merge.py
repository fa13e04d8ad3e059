"""What an import does to the KB: match each incoming person, never duplicate (pure).

`plan(kb, people)` decides, for every incoming person in file order, one action:

- **update** an existing contact it matches: fill the fields that are empty there,
  add the emails, links and touches it lacks; a different non-empty value is a
  *conflict*, reported and left as it is — except a new company or title, which is a
  *job change* when the import is dated (`seen`): the old company and title go first
  in the contact's `history`, dated `seen`, and the new ones take their place. Names
  that differ only in spelling (`Bright Line PR`, `Bright Line Public Relations`) are
  no change (`core.roles`); a new role that is already in `history` is an old file, so
  it stays a conflict;
- **unchanged** when a match has nothing to add;
- **create** a new contact (its slug from the name as `rolodex new contact` makes
  it, with `-2`, `-3` when taken);
- **skip** when the person matches several contacts and it cannot tell which.

A person matches a contact by email, then LinkedIn URL, then phone, then exact name
(any case, spacing or Unicode form) — the keys `rolodex check` uses to spot possible
duplicates. A name alone does not match a contact whose LinkedIn URL differs from the
incoming one: two profiles are two people. People created earlier in the same import
are matched too, so a file that lists someone twice makes one contact. Because a
second run finds everything already there, importing a file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rolodex.core import identity
from rolodex.core.identity import email_key, name_key, person_keys, phone_key, same_phone, url_key
from rolodex.core.model import KB, Contact, PastRole, Touch
from rolodex.core.roles import same_company, same_title
from rolodex.interop import Incoming

SCALARS = ("title", "company", "location", "phone")
ROLE = ("company", "title")  # what a job change changes
KINDS = ("create", "update", "unchanged", "skip")
MAX_SLUG = 80


@dataclass
class Target:
    """A contact an import writes to: an existing file, or one it creates.

    `values`, `emails`, `links`, `tags`, `touches` are the contact as it will be after
    the import, for matching the people that follow; `sets`, `add_*` are what to write.
    """

    slug: str
    path: str
    name: str
    new: bool
    values: dict[str, str] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    notes: str = ""
    extra: list[str] = field(default_factory=list)
    source: str | None = None
    sets: dict[str, object] = field(default_factory=dict)
    add_emails: list[str] = field(default_factory=list)
    add_links: list[tuple[str, str]] = field(default_factory=list)
    add_touches: list[Touch] = field(default_factory=list)
    history: list[PastRole] = field(default_factory=list)
    job: PastRole | None = None  # the old role, to go first in `history`
    replaces: dict[str, str] = field(default_factory=dict)  # company / title: the new role

    @property
    def linkedin(self) -> str | None:
        return next((u for k, u in self.links if k == "linkedin"), None)

    @property
    def changed(self) -> bool:
        return self.new or bool(
            self.sets or self.add_emails or self.add_links or self.add_touches or self.job or self.replaces
        )

    def keys(self) -> Iterable[tuple[str, str]]:
        return person_keys(self.emails, self.linkedin, self.values.get("phone"), self.name)


@dataclass(frozen=True)
class Action:
    kind: str  # create | update | unchanged | skip
    person: Incoming
    slug: str | None = None
    path: str | None = None
    matched_by: str | None = None  # "email", "LinkedIn URL", "phone", "name"; None for a new contact
    changes: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    reason: str | None = None
    job: tuple[str, str] | None = None  # a job change: (the old role, the new role), as people read them


@dataclass
class Plan:
    actions: list[Action]
    targets: list[Target]  # every target with something to write, new ones first

    def counts(self) -> Counter:
        return Counter(a.kind for a in self.actions)


def _existing(contact: Contact) -> Target:
    values = {k: getattr(contact, k) for k in SCALARS if getattr(contact, k)}
    return Target(
        slug=contact.slug,
        path=contact.path,
        name=contact.name,
        new=False,
        values=values,
        emails=list(contact.emails),
        links=list(contact.links),
        tags=list(contact.tags),
        touches=list(contact.touches),
        source=contact.source,
        history=list(contact.history),
    )


class _Index:
    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], list[Target]] = {}

    def add(self, target: Target) -> None:
        for key in target.keys():  # noqa: SIM118 (a Target is not a mapping)
            if key[1]:
                bucket = self.by_key.setdefault(key, [])
                if target not in bucket:
                    bucket.append(target)

    def find(self, person: Incoming) -> tuple[str, list[Target]] | None:
        linkedin = person.link("linkedin")
        tries = [
            ("email", [email_key(e) for e in person.emails]),
            ("LinkedIn URL", [url_key(linkedin)] if linkedin else []),
            ("phone", [phone_key(person.phone)] if person.phone else []),
            ("name", [name_key(person.name)]),
        ]
        for what, keys in tries:
            found: list[Target] = []
            for key in keys:
                for target in self.by_key.get((what, key), []) if key else []:
                    if target not in found:
                        found.append(target)
            if what == "name" and linkedin:  # a different profile is a different person
                found = [t for t in found if not t.linkedin or url_key(t.linkedin) == url_key(linkedin)]
            if found:
                return what, found
        return None


def plan(kb: KB, people: Iterable[Incoming], taken: Iterable[str] = (), seen: dt.date | None = None) -> Plan:
    """The actions importing `people` takes on `kb`; `taken` adds slugs in use on disk;
    `seen` is the import's date, which a job change is recorded with (none without it)."""
    index = _Index()
    for contact in kb.contacts.values():
        index.add(_existing(contact))
    used = {s.lower() for s in kb.contacts} | {u.slug.lower() for u in kb.unplaced if u.kind == "contact"}
    used |= {s.lower() for s in taken}
    targets: list[Target] = []
    actions: list[Action] = []
    for person in people:
        hit = index.find(person)
        if hit is None:
            target = _create(person, used, kb.settings.contacts_dir)
            used.add(target.slug)
            index.add(target)
            targets.append(target)
            actions.append(Action("create", person, target.slug, target.path, None, _described(target)))
            continue
        what, found = hit
        if len(found) > 1:
            listed = ", ".join(t.slug for t in found)
            actions.append(
                Action(
                    "skip",
                    person,
                    reason=f"matches {len(found)} contacts by {what} ({listed}); merge them, then import again",
                )
            )
            continue
        target = found[0]
        had_job = target.job
        changes, conflicts = _merge(target, person, seen)
        index.add(target)
        if changes and target not in targets:
            targets.append(target)
        kind = "update" if changes else "unchanged"
        job = None
        if target.job is not None and had_job is None:
            job = (
                _role(target.job.title, target.job.company),
                _role(target.values.get("title"), target.values.get("company")),
            )
        actions.append(Action(kind, person, target.slug, target.path, what, tuple(changes), tuple(conflicts), job=job))
    targets.sort(key=lambda t: not t.new)
    return Plan(actions, targets)


def _create(person: Incoming, used: set[str], folder: str) -> Target:
    base = identity.slug(person.name, max_length=MAX_SLUG) or "contact"  # a file name has its limits
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    values = {k: getattr(person, k) for k in SCALARS if getattr(person, k)}
    return Target(
        slug=slug,
        path=f"{folder}/{slug}.md",
        name=person.name,
        new=True,
        values=values,
        emails=list(person.emails),
        links=list(person.links),
        tags=list(person.tags),
        touches=list(person.touches),
        notes=person.notes,
        extra=list(person.extra),
        source=person.source,
    )


def _described(target: Target) -> tuple[str, ...]:
    out = [f"{k}: {target.values[k]}" for k in SCALARS if k in target.values]
    out += [f"email: {e}" for e in target.emails]
    out += [f"links.{k}: {u}" for k, u in target.links]
    if target.tags:
        out.append("tags: " + ", ".join(target.tags))
    out += [_touch(t) for t in target.touches]
    if target.notes or target.extra:
        out.append("notes")
    return tuple(out)


def _touch(touch: Touch) -> str:
    return f"{touch.kind} touch {touch.date.isoformat()}" + (f": {touch.note}" if touch.note else "")


def _role(title: str | None, company: str | None) -> str:
    return " at ".join(x for x in (title, company) if x)


def _earlier(history: list[PastRole], moved: dict[str, str]) -> bool:
    """Whether the new role is one the contact's history already has (the import file is older)."""
    for role in history:
        if "company" in moved:
            if role.company and same_company(role.company, moved["company"]):
                return True
        elif role.title and same_title(role.title, moved["title"]):
            return True
    return False


def _same(key: str, a: str, b: str) -> bool:
    if key == "company":
        return same_company(a, b)
    if key == "title":
        return same_title(a, b)
    if key == "phone":
        return same_phone(a, b)
    if key == "location":  # `Riverton` and `Riverton, OR` name one city
        a, b = a.split(",", 1)[0], b.split(",", 1)[0]
    return name_key(a) == name_key(b)


def _merge(target: Target, person: Incoming, seen: dt.date | None = None) -> tuple[list[str], list[str]]:
    """Fill `target` from `person`; the changes and the conflicts, as people read them."""
    changes: list[str] = []
    conflicts: list[str] = []
    if name_key(person.name) != name_key(target.name):
        conflicts.append(f"name: keeps '{target.name}' ({person.label} says '{person.name}')")
    before = PastRole(seen or dt.date.min, target.values.get("company"), target.values.get("title"))
    moved: dict[str, str] = {}
    for key in SCALARS:
        value = getattr(person, key)
        if not value:
            continue
        have = target.values.get(key)
        if not have:
            target.values[key] = value
            if not target.new:
                target.sets[key] = value
            changes.append(f"{key}: {value}")
        elif not _same(key, have, value):
            if key in ROLE and seen is not None and not target.new:
                moved[key] = value
            else:
                conflicts.append(f"{key}: keeps '{have}' ({person.label} says '{value}')")
    if moved:
        stale = _earlier(target.history, moved)
        if stale or target.job is not None:
            why = "; an earlier role in their history" if stale else "; a second new role in one import"
            for key, value in moved.items():
                conflicts.append(f"{key}: keeps '{target.values[key]}' ({person.label} says '{value}'{why})")
        else:
            target.job = before
            target.history.insert(0, before)
            for key, value in moved.items():
                target.values[key] = value
                target.replaces[key] = value
            now = _role(target.values.get("title"), target.values.get("company"))
            was = _role(before.title, before.company)
            changes.append(f"job change: now {now}, was {was} (kept in history, {before.date.isoformat()})")
    for email in person.emails:
        if email_key(email) not in {email_key(e) for e in target.emails}:
            target.emails.append(email)
            if not target.new:
                target.add_emails.append(email)
            changes.append(f"email: + {email}")
    for name, url in person.links:
        if url_key(url) in {url_key(u) for _, u in target.links}:
            continue
        have = next((u for k, u in target.links if k == name), None)
        if have:
            conflicts.append(f"links.{name}: keeps '{have}' ({person.label} says '{url}')")
            continue
        target.links.append((name, url))
        if not target.new:
            target.add_links.append((name, url))
        changes.append(f"links.{name}: {url}")
    if person.tags and not target.tags:
        target.tags = list(person.tags)
        if not target.new:
            target.sets["tags"] = list(person.tags)
        changes.append("tags: " + ", ".join(person.tags))
    for touch in person.touches:
        if not any(has_touch_like(t, touch) for t in target.touches):
            target.touches.append(touch)
            if not target.new:
                target.add_touches.append(touch)
            changes.append(_touch(touch))
    if target.new:
        if person.notes and not target.notes:
            target.notes = person.notes
            changes.append("notes")
        for line in person.extra:
            if line not in target.extra:
                target.extra.append(line)
    return changes, conflicts


def has_touch_like(have: Touch, touch: Touch) -> bool:
    return (
        have.date == touch.date
        and have.kind == touch.kind
        and (have.note or "").casefold() == (touch.note or "").casefold()
    )
