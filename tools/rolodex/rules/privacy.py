"""What a public build may show (pure): `rolodex build --public`.

`public_view(kb, private_fields)` returns a copy of the KB without
- contacts marked `private: true`, and meetings whose people are all private;
- any mention of a private contact elsewhere: `with`, `referred_by`, `referrals`;
- the fields named in the `private_fields` option, on every contact (and `notes`
  on meetings too);
- a private person's full name, slug (when it has a hyphen), email address or phone
  number written anywhere in the text that stays (notes, tasks, questions, places,
  tags…): it becomes "(someone)";
- a private person's slug in the name of a meeting file that stays
  (`2026-11-18-sasha-lee` is a page address, an item id and a calendar UID): the
  copy calls it `2026-11-18-someone`.
Pages, search index, sitemap and calendar are all made from that copy, so nothing
left out can leak into any of them. It also returns the casefolded slugs and names
it removed, so that wiki links to those people in bodies become neutral text.
A first name alone cannot be told from any other word, and stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from rolodex.core import identity
from rolodex.core.config import PRIVATE_FIELD_NAMES
from rolodex.core.model import KB, Contact, Meeting, Problem

# private_fields name -> the Contact attribute(s) it clears
CONTACT_FIELDS: dict[str, dict[str, object]] = {
    "title": {"title": None},
    "company": {"company": None},
    "field": {"field": None},
    "location": {"location": None},
    "email": {"emails": ()},
    "phone": {"phone": None},
    "links": {"links": ()},
    "tags": {"tags": ()},
    "referred_by": {"referred_by": None},
    "source": {"source": None},
    "goal": {"goal": None},
    "priority": {"priority": None},
    "touches": {"touches": ()},
    "follow_ups": {"follow_ups": ()},
    "history": {"history": ()},
    "notes": {"body": ""},  # and each touch's note, below
}
assert set(CONTACT_FIELDS) == set(PRIVATE_FIELD_NAMES), "each private_fields name clears something"


# --- what stops a public build or export ----------------------------------------------------

REFUSED = "a public build or export stops until it is fixed"


def refusals(kb: KB, problems: list[Problem]) -> list[Problem]:
    """The problems that make a public build or export refuse to run (located, as errors).

    A public output can only leave out what it knows to be private. So it stops when
    - `private_fields` names something that is no field (`emails`, `phones`, `note`): the
      field meant to be hidden would be published;
    - a contact's `private` is neither true nor false (`"true"`, `1`, `y`), or is written
      twice: is it private?
    - a contact file could not be parsed (its YAML…) or not even read (a link out of the
      KB, a named pipe, a linked folder): it may say `private: true`, and its slug would
      still be printed wherever others link to it.
    `problems` are those `rolodex check` reports.
    """
    out = [replace(p, severity="error") for p in problems if p.code == "private-fields"]
    errors: dict[str, list[Problem]] = {}
    for p in problems:
        if p.severity == "error":
            errors.setdefault(p.path, []).append(p)
    for u in kb.unplaced:
        if u.kind == "contact":
            found = errors.get(u.path, [])
            why = f" ({found[0].message})" if found else ""
            out.append(
                Problem(
                    u.path,
                    found[0].line if found else None,
                    "error",
                    "maybe-private",
                    f"this contact file could not be read{why}, so whether it is private cannot be told: {REFUSED}",
                )
            )
    # A file (or linked folder) below contacts/ that was never read: it may be someone private.
    folder = kb.settings.contacts_dir.strip("/") + "/"
    read = {u.path for u in kb.unplaced}
    for p in problems:
        if p.code == "unreadable" and f"{p.path}/".startswith(folder) and p.path not in read:
            out.append(
                Problem(
                    p.path,
                    p.line,
                    "error",
                    "maybe-private",
                    f"not read ({p.message.removesuffix('; not read')}): whether it holds a private contact "
                    f"cannot be told; {REFUSED}",
                )
            )
    for c in kb.contacts.values():
        line = c.line_of("private")
        # A wrong value on its line, or `private` written twice: the parser keeps the first,
        # other YAML tools the last, so `false` then `true` may be either.
        wrong = [p for p in errors.get(c.path, []) if line is not None and (p.line == line or _twice(p, "private"))]
        if wrong:
            out.append(
                Problem(
                    c.path,
                    wrong[0].line,
                    "error",
                    "maybe-private",
                    f"{wrong[0].message}: whether this contact is private is not clear; {REFUSED}",
                )
            )
    return sorted(out, key=Problem.sort_key)


def _twice(problem: Problem, key: str) -> bool:
    """Whether `problem` is `values`' report of `key` given twice in one mapping."""
    return problem.code == "duplicate-key" and problem.message.startswith(f"key '{key}' appears twice")


def page_refusals(pages: list[tuple[str, str]], config_text: str, kb: KB, docs_dir: str = "docs") -> list[Problem]:
    """Hand-written pages (path in `docs_dir`, text) and a mkdocs.yml that would put a private
    person's name or slug where a public build cannot take it out: a page's file name is its
    address, its navigation entry, the 404 page's and the search index's; its front matter
    `title:` and mkdocs.yml (site name, `nav:` titles) are printed on every page."""
    people = [c for c in kb.contacts.values() if c.private]
    if not people:
        return []
    hidden = hidden_keys(people)
    words = mentions(kb).words
    out = []
    for page, text in pages:
        rel = f"{docs_dir.rstrip('/')}/{page}"
        parts = page.split("/")
        named = [part for part in parts if names_hidden(part, hidden) or (words and words.search(part))]
        if named:
            out.append(
                Problem(
                    rel,
                    1,
                    "error",
                    "private-page-name",
                    f"the page's file name ('{named[0]}') names a private contact: it would be the page's "
                    "address and show in the navigation, every page and the search index of the public "
                    f"site; rename the page ({REFUSED})",
                )
            )
            continue
        for number, line in enumerate(_front_matter_lines(text), start=2):
            key, _, value = line.partition(":")
            if key.strip() == "title" and (
                names_hidden(value.strip().strip("'\""), hidden) or (words and words.search(value))
            ):
                out.append(
                    Problem(
                        rel,
                        number,
                        "error",
                        "private-page-name",
                        f"the page's title names a private contact: it would show in the navigation and "
                        f"on every page of the public site; change it ({REFUSED})",
                    )
                )
    if words is not None:
        for number, line in enumerate(config_text.splitlines(), start=1):
            if words.search(line) or any(
                names_hidden(w.strip(" -:'\""), hidden) for w in re.findall(r"[^\s:]+\.md", line)
            ):
                out.append(
                    Problem(
                        "mkdocs.yml",
                        number,
                        "error",
                        "private-page-name",
                        f"mkdocs.yml names a private contact here (the site name, a navigation entry…): it "
                        f"would show on every page of the public site; change it ({REFUSED})",
                    )
                )
    return out


def _front_matter_lines(text: str) -> list[str]:
    """The lines between a page's opening `---` and the next, if it starts with one."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return []
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return lines[1:index]
    return []


SOMEONE = "(someone)"


def public_view(kb: KB, private_fields: tuple[str, ...] | list[str] = ()) -> tuple[KB, frozenset[str]]:
    """The KB as a public build may show it, and the casefolded slugs/names it removed."""
    fields = set(private_fields)
    private = {slug for slug, c in kb.contacts.items() if c.private}
    hidden = hidden_keys([kb.contacts[s] for s in private])
    redact = mentions(kb)
    out = KB(settings=kb.settings, root=kb.root)
    for slug, contact in kb.contacts.items():
        if slug not in private:
            out.contacts[slug] = redact.contact(_contact(contact, fields, private, hidden))
    kept = []
    for slug, meeting in kb.meetings.items():
        people = [r for r in meeting.with_ if r.slug]
        if people and all(r.slug in private for r in people):
            continue
        kept.append((slug, redact.meeting(_meeting(meeting, fields, private, hidden))))
    for meeting in _unique_slugs(kept):
        out.meetings[meeting.slug] = meeting
    return out, hidden


def hidden_keys(people: list[Contact]) -> frozenset[str]:
    """The keys (`identity.link_keys`) that name these people: their slugs and name keys, and
    the slugs their names and file names make (a file `Sasha_Lee.md` is `sasha-lee` too)."""
    keys = {key for c in people for key in (c.slug, identity.name_key(c.name), identity.slug(c.name))}
    return frozenset((keys | {identity.slug(c.slug) for c in people}) - {""})


def names_hidden(target: str | None, hidden: frozenset[str]) -> bool:
    """Whether a link target or a name names someone hidden, in any form the format accepts:
    a slug, a path to their file (`contacts/team/jane-doe.md`, `team/jane-doe`, `jane-doe.md`)
    or their name in any case, spacing or Unicode form."""
    return bool(target) and any(key in hidden for key in identity.link_keys(target or ""))


def _mentions(ref, private: set[str], hidden: frozenset[str]) -> bool:
    """A reference that resolves to a private contact, or spells one's slug or name."""
    return ref is not None and (ref.slug in private or names_hidden(ref.target, hidden))


def _contact(c: Contact, fields: set[str], private: set[str], hidden: frozenset[str]) -> Contact:
    changes: dict[str, Any] = {}
    for name in fields:
        changes.update(CONTACT_FIELDS.get(name, {}))
    if "referred_by" not in changes and _mentions(c.referred_by, private, hidden):
        changes["referred_by"] = None
    if "notes" in fields and "touches" not in fields:
        changes["touches"] = tuple(replace(t, note=None) for t in c.touches)
    # An earlier role is a company and a title too: hiding those hides them in `history`.
    past: dict[str, Any] = {key: None for key in ("company", "title") if key in fields}
    if past and "history" not in fields:
        kept = (replace(r, **past) for r in c.history)
        changes["history"] = tuple(r for r in kept if r.company or r.title)
    return replace(c, **changes) if changes else c


def _meeting(m: Meeting, fields: set[str], private: set[str], hidden: frozenset[str]) -> Meeting:
    with_ = tuple(r for r in m.with_ if not _mentions(r, private, hidden))
    referrals = tuple(
        r for r in m.referrals if not _mentions(r.contact, private, hidden) and not names_hidden(r.name, hidden)
    )
    changes: dict[str, Any] = {"with_": with_, "referrals": referrals}
    if "notes" in fields:
        changes.update(body="", research="", referrals=tuple(replace(r, note=None) for r in referrals))
    if "location" in fields:
        changes["location"] = None
    return replace(m, **changes)


# --- private people mentioned in the text that stays ------------------------------------------


def mentions(kb: KB) -> Redactor:
    """What finds the KB's private people in text (for hand-written pages of a public build)."""
    return Redactor.of([kb.contacts[s] for s in sorted(kb.contacts) if kb.contacts[s].private])


_WIKILINK = re.compile(r"(\[\[[^\[\]|\n]+)(\|[^\[\]\n]+)?(\]\])")


@dataclass(frozen=True)
class Redactor:
    """Replaces private people's names, slugs, emails and phones in text with "(someone)"."""

    words: re.Pattern[str] | None  # in free text
    slugs: re.Pattern[str] | None  # in file names and folders
    hidden: frozenset[str] = frozenset()  # their keys: a wiki link to them, however spelled

    @classmethod
    def of(cls, people: list[Contact]) -> Redactor:
        words: set[str] = set()
        slugs: set[str] = set()
        phones: set[str] = set()
        for c in people:
            slugs.add(c.slug)
            name = identity.name_pattern(c.name)  # a one-word name is also a word ("Will", "May")
            if name:
                words.add(name)
            for spelled in {c.slug, identity.slug(c.slug)}:  # a file named `Sasha_Lee.md` too
                if "-" in spelled:
                    words.add(re.escape(spelled))
            words.update(re.escape(e.strip()) for e in c.emails if e.strip())
            number = identity.phone_pattern(c.phone) if c.phone else None
            if number:  # by its digits, however it is written
                phones.add(number)
            elif c.phone and sum(ch.isdigit() for ch in c.phone) >= 5:
                words.add(re.escape(c.phone.strip()))
        found = _alternation(words, r"(?<!\w)", r"(?!\w)")
        if phones:
            either = "|".join(sorted(phones)) + (f"|{found.pattern}" if found else "")
            found = re.compile(either, re.IGNORECASE)
        return cls(found, _alternation(slugs, r"(?<![a-z0-9])", r"(?![a-z0-9])"), hidden_keys(people))

    def text(self, value: str | None) -> str | None:
        if not value or self.words is None:
            return value
        return self.words.sub(SOMEONE, value)

    def body(self, text: str) -> str:
        """Free text. A wiki link to a private person (by slug, path or name, however typed)
        becomes neutral text, its label if that names no one private, else "(someone)"; any
        other link keeps its target (rewritten, it would show as a broken link)."""
        if not text or (self.words is None and not self.hidden):
            return text
        sub = self.words.sub if self.words is not None else (lambda _, value: value)
        out, last = [], 0
        for m in _WIKILINK.finditer(text):
            out.append(sub(SOMEONE, text[last : m.start()]))
            label = m[2][1:].strip() if m[2] else ""
            if names_hidden(m[1][2:], self.hidden):
                out.append(SOMEONE if not label or names_hidden(label, self.hidden) else sub(SOMEONE, label))
            else:
                out.append(m[1] + (sub(SOMEONE, m[2]) if m[2] else "") + m[3])
            last = m.end()
        out.append(sub(SOMEONE, text[last:]))
        return "".join(out)

    def path(self, path: str) -> str:
        if self.slugs is None:
            return path
        return self.slugs.sub("someone", path)

    def contact(self, c: Contact) -> Contact:
        if self.words is None and self.slugs is None and not self.hidden:
            return c
        t = self.text
        return replace(
            c,
            title=t(c.title),
            company=t(c.company),
            field=t(c.field),
            location=t(c.location),
            source=t(c.source),
            goal=t(c.goal),
            tags=tuple(t(x) or "" for x in c.tags),
            body=self.body(c.body),
            links=tuple((t(k) or "", t(u) or "") for k, u in c.links),
            touches=tuple(replace(x, note=t(x.note), ref=t(x.ref)) for x in c.touches),
            follow_ups=tuple(replace(f, task=t(f.task) or "") for f in c.follow_ups),
            history=tuple(replace(r, company=t(r.company), title=t(r.title)) for r in c.history),
            path=self._folders(c.path),
        )

    def meeting(self, m: Meeting) -> Meeting:
        if self.words is None and self.slugs is None and not self.hidden:
            return m
        t = self.text
        return replace(
            m,
            slug=self.path(m.slug),
            path=self.path(m.path),
            location=t(m.location),
            uid=t(m.uid),
            questions=tuple(t(q) or "" for q in m.questions),
            tags=tuple(t(x) or "" for x in m.tags),
            follow_ups=tuple(replace(f, task=t(f.task) or "") for f in m.follow_ups),
            referrals=tuple(replace(r, name=t(r.name), note=t(r.note)) for r in m.referrals),
            body=self.body(m.body),
            research=self.body(m.research),
            with_=tuple(replace(r, raw=t(r.raw) or "", target=t(r.target) or "") if not r.slug else r for r in m.with_),
        )

    def _folders(self, path: str) -> str:
        folder, _, name = path.rpartition("/")
        return f"{self.path(folder)}/{name}" if folder else path


def _alternation(items: set[str], before: str, after: str) -> re.Pattern[str] | None:
    if not items:
        return None
    ordered = sorted(items, key=lambda x: (-len(x), x))  # the longest first: a full name before a part
    return re.compile(before + "(?:" + "|".join(ordered) + ")" + after, re.IGNORECASE)


def _unique_slugs(pairs: list[tuple[str, Meeting]]) -> list[Meeting]:
    """(original slug, public copy) → the copies, a rewritten slug taking `-2`, `-3`… when in use."""
    used = {m.slug for slug, m in pairs if m.slug == slug}
    out = []
    for slug, m in sorted(pairs, key=lambda pair: pair[0]):
        if m.slug != slug:
            new, n = m.slug, 2
            while new in used:
                new, n = f"{m.slug}-{n}", n + 1
            used.add(new)
            if new != m.slug:
                folder = m.path.rpartition("/")[0]
                m = replace(m, slug=new, path=f"{folder}/{new}.md" if folder else f"{new}.md")
        out.append(m)
    return out
