"""Apply an edit to a file on disk: read it under a lock, compute, verify, replace atomically.

The one path every command that edits an existing contact or meeting takes (`log`, `done`,
`sync`), so that locking, change detection and the atomic replace are never re-assembled.
"""

from __future__ import annotations

from collections.abc import Callable

from rolodex.write import safewrite
from rolodex.write.document import Change, Document


def edit_file(path: str, rel: str, make: Callable[[Document], Change], dry_run: bool = False) -> Change:
    """The change `make` computes for the file at `path` (`rel`: its KB-relative name), written
    unless `dry_run`. Raises document.EditRefused (the edit is unsafe), safewrite.WriteError
    (the write failed; the file is as it was) or OSError (the file cannot be opened)."""
    path = safewrite.real(path)
    if dry_run:
        return make(Document.load(rel, safewrite.snapshot(path).data))
    with safewrite.locked(path):
        before = safewrite.snapshot(path)
        change = make(Document.load(rel, before.data))
        if change.new != before.data:
            safewrite.replace(before, change.new)
    return change
