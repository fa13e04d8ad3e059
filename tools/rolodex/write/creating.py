"""New files: contacts and meetings (`rolodex new contact`, `rolodex new meeting` and the
meetings `rolodex sync calendar` makes, one code path for all), and the copies of built-in
draft templates `rolodex templates copy` puts in the KB.

Each contact or meeting is checked against the files there are (a slug taken, a person who
is not a contact), filled from the KB's template (write/newfile.py) and created through
`apply.create_file`: verified, never over another file. A failure is a `WriteFailed`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from rolodex.core import identity
from rolodex.core.config import Settings
from rolodex.core.identity import did_you_mean
from rolodex.write import newfile, safewrite
from rolodex.write.apply import Created, WriteFailed, create_file

Template = tuple[str | None, str]  # a KB's template (None: the built-in one), and its path


class Named(Protocol):
    """A contact or meeting file as the loader found it (kb.files.SourceFile)."""

    @property
    def slug(self) -> str: ...

    @property
    def path(self) -> str: ...


def read_template(root: Path, folder: str) -> Template:
    """`folder/_template.md` as text (line endings kept: new files follow the template), or None."""
    rel = f"{folder}/_template.md"
    try:
        return (root / rel).read_bytes().decode("utf-8-sig"), rel
    except FileNotFoundError:
        return None, rel
    except (OSError, UnicodeDecodeError) as exc:
        raise WriteFailed(f"{rel}: cannot read the template ({exc}); fix or delete it") from None


def new_contact(
    root: Path,
    settings: Settings,
    contacts: Sequence[Named],
    name: str,
    *,
    slug: str | None = None,
    texts: Mapping[str, str | None],
    emails: Sequence[str] = (),
    links: Mapping[str, str] | None = None,
    tags: Sequence[str] = (),
    referred_by: str | None = None,
    priority: str | None = None,
    dry_run: bool = False,
) -> Created:
    """contacts/<slug>.md for `name`, the slug made from the name unless given; `texts` are the
    one-line fields (title, company, …), blank ones left out. `contacts`: every contact file."""
    if slug is None:
        slug = identity.slug(name)
        if not slug:
            raise WriteFailed(
                f"cannot make a file name from '{name}': use --slug with lowercase "
                "a-z, 0-9 and single hyphens, e.g. --slug jane-doe"
            )
    taken = {s.slug.lower(): s for s in contacts}
    if slug in taken:
        raise WriteFailed(
            f"already exists: a contact with the slug '{slug}'; "
            f"nothing was created (another person with this name? add --slug {slug}-2)",
            subject=taken[slug].path,
        )
    if referred_by:
        if referred_by.lower() not in taken:
            raise WriteFailed(f"--referred-by: no contact '{referred_by}'{did_you_mean(referred_by, list(taken))}")
        referred_by = taken[referred_by.lower()].slug
    template, template_rel = read_template(root, settings.contacts_dir)
    values = {
        "name": name.strip(),
        **{key: value.strip() for key, value in texts.items() if value and value.strip()},
        "email": emails[0] if len(emails) == 1 else list(emails),
        "links": links or None,
        "tags": list(tags),
        "referred_by": referred_by,
        "priority": priority,
    }
    try:
        text = newfile.contact_text(template, template_rel, values)
    except newfile.TemplateError as exc:
        raise WriteFailed(exc.problem.format(), problem=exc.problem) from None
    rel = f"{settings.contacts_dir}/{slug}.md"
    created = create_file(root, rel, "contact", text, values, dry_run=dry_run)
    if created is None:
        raise WriteFailed(f"{rel} already exists; nothing was created")
    return created


def contact_slugs(contacts: Sequence[Named], slugs: Sequence[str]) -> list[str]:
    """Each of `slugs` as its contact's own slug (in any case); WriteFailed names one that is none."""
    known = {s.slug.lower(): s.slug for s in contacts}
    people = []
    for slug in slugs:
        if slug.lower() not in known:
            raise WriteFailed(
                f"no contact '{slug}'{did_you_mean(slug, list(known.values()))} "
                f'(add them first: rolodex new contact "NAME")'
            )
        people.append(known[slug.lower()])
    return people


def new_meeting(
    root: Path,
    settings: Settings,
    contacts: Sequence[Named],
    meetings: Sequence[Named],
    slugs: Sequence[str],
    day: dt.date,
    *,
    time: str | None = None,
    location: str | None = None,
    kind: str | None = None,
    dry_run: bool = False,
) -> Created:
    """meetings/<day>-<first slug>.md with the contacts `slugs` (`-2`, `-3`… when taken)."""
    people = contact_slugs(contacts, slugs)
    template = read_template(root, settings.meetings_dir)
    values = meeting_values(day, f"{day.isoformat()} {time}" if time else None, people, kind=kind, location=location)
    taken = {s.slug.lower() for s in meetings}
    return meeting(root, settings.meetings_dir, template, values, day, people[0], taken, dry_run=dry_run)


def meeting_values(
    day: dt.date,
    date_text: str | None,
    people: Sequence[str],
    *,
    kind: str | None = None,
    location: str | None = None,
    duration: int | None = None,
    uid: str | None = None,
) -> dict[str, Any]:
    """A new meeting's values; `date_text` is its date with a time (`2026-12-03 09:30`), if any."""
    return {
        "date": newfile.Raw(date_text) if date_text else day,
        "with": people[0] if len(people) == 1 else list(people),
        "kind": kind,
        "location": location,
        "duration": duration,
        "uid": uid,
    }


def meeting(
    root: Path,
    folder: str,
    template: Template,
    values: Mapping[str, Any],
    day: dt.date,
    first: str,
    taken: set[str],
    *,
    dry_run: bool = False,
) -> Created:
    """A new meeting file made from `values`, named for `day` and its `first` person under the
    first name not in `taken` (lowercase slugs; the new one is added to it)."""
    try:
        text = newfile.meeting_text(template[0], template[1], values)
    except newfile.TemplateError as exc:
        raise WriteFailed(exc.problem.format(), problem=exc.problem) from None
    for name in newfile.meeting_names(day, first):
        if name.lower() in taken:
            continue
        created = create_file(root, f"{folder}/{name}.md", "meeting", text, values, dry_run=dry_run)
        if created is not None:
            taken.add(name.lower())
            return created
    raise WriteFailed(f"too many meetings named {day.isoformat()}-{first}; nothing was created")


def copy_in(root: Path, rel: str, data: bytes) -> None:
    """Create the file `rel` holding `data` (a built-in template's copy), never over anything,
    and never through a folder that leads out of the KB. WriteFailed says why not."""
    path = root / rel
    folder = path.parent
    while not folder.exists() and folder != folder.parent:  # its nearest existing folder
        folder = folder.parent
    if not Path(os.path.realpath(folder)).is_relative_to(os.path.realpath(root)):
        raise WriteFailed("the templates folder leads out of the knowledge base; nothing was copied")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        safewrite.create(str(path), data)
    except FileExistsError:  # not a file (a folder, a broken link): never replaced
        raise WriteFailed("something that is not a file is in the way; nothing was copied") from None
    except safewrite.WriteError as exc:
        raise WriteFailed(str(exc)) from None
    except OSError as exc:
        raise WriteFailed(f"could not create the file ({exc.strerror})") from None
