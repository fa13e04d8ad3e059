"""The edits behind `rolodex sync`: mail's touches appended, a calendar event's changes written
to its meeting, and the meeting's file renamed when the event moved to another day.

`capture/` plans (pure); these carry the plans out through `apply.edit_file` (verified, under
the file's lock, atomic), one file at a time, so that one file that cannot be written does
not stop the others. New meetings are made by `creating.meeting`. A failure is a `WriteFailed`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rolodex.core import parse
from rolodex.core.model import Touch
from rolodex.write import edit, safewrite
from rolodex.write.apply import edit_file
from rolodex.write.document import Change, Document


class _Nothing(Exception):
    """The file already has every touch (written meanwhile by another run)."""


def record_touches(
    root: Path, rel: str, slug: str, touches: Sequence[Touch], *, dry_run: bool = False
) -> tuple[Change, list[Touch]] | None:
    """Append those of `touches` the contact's file lacks (by `ref`, read under the lock) in one
    edit: the change and the touches written, or None when it has them all already."""
    fresh: list[Touch] = []

    def make(doc: Document) -> Change:
        current, _ = parse.parse_contact(doc.path, slug, doc.text)
        have = {t.ref for t in current.touches if t.ref} if current else set()
        fresh[:] = [t for t in touches if t.ref not in have]
        if not fresh:
            raise _Nothing
        return edit.append_touches(doc, fresh)

    try:
        change, _ = edit_file(root, rel, make, dry_run=dry_run)
    except _Nothing:
        return None
    return change, list(fresh)


def update_meeting(
    root: Path, rel: str, sets: Sequence[tuple[str, object]], date_text: str | None, *, dry_run: bool = False
) -> Change:
    """Set each key of `sets` in turn (one verified edit each, written at once); `date_text` is
    how a new `date` is written (`2026-12-03 09:30`)."""

    def make(doc: Document) -> Change:
        first: Change | None = None
        for key, value in sets:
            change = edit.set_meeting_key(doc, key, value, date_text if key == "date" else None)
            first = first or change
            doc = Document.load(rel, change.new)
        assert first is not None
        summary = "; ".join(f"{k}: {date_text if k == 'date' else v}" for k, v in sets)
        return Change(rel, first.old, doc.data, first.line, summary)

    return edit_file(root, rel, make, dry_run=dry_run)[0]


@dataclass(frozen=True)
class Renamed:
    """What became of a moved meeting's file name: `path` its new one, or `kept` (why not)."""

    path: str | None = None
    kept: str | None = None  # "taken": a meeting has the new name; "failed": the move failed
    new_path: str = ""  # the name it would have had
    new_slug: str = ""


def rename_meeting(root: Path, rel: str, slug: str, day: dt.date, taken: set[str]) -> Renamed:
    """A meeting that moved to `day` gets that day's file name when free (`taken`: slugs in
    use, lowercase, kept up to date); nothing happens to a file not named by its date."""
    named = parse.MEETING_NAME_DATE.match(slug)
    if not named or named[1] == day.isoformat():
        return Renamed()
    new_slug = day.isoformat() + slug[len(named[1]) :]
    new_rel = f"{Path(rel).parent}/{new_slug}.md"
    if new_slug.lower() in taken:
        return Renamed(kept="taken", new_path=new_rel, new_slug=new_slug)
    try:
        safewrite.move(str(root / rel), str(root / new_rel))
    except (FileExistsError, safewrite.WriteError, OSError):
        return Renamed(kept="failed", new_path=new_rel, new_slug=new_slug)
    taken.discard(slug.lower())
    taken.add(new_slug.lower())
    return Renamed(path=new_rel)
