"""Mail on disk: mbox files, Maildir folders, .eml and Apple Mail .emlx files (headers only).

`read(path)` yields one `RawMail` per message: its wanted header fields, raw, and where
it is (`path:line` in an mbox, the file otherwise). A folder is searched for what mail
programs keep: a Maildir (`cur/`, `new/`), Maildir++ subfolders, Thunderbird's
mbox files (`Inbox`, `Sent`, beside their `.msf` index), Apple Mail's `.mbox` exports
(a folder holding a file `mbox`) and its `.emlx` message files, and `.eml` files.

An mbox is read in large blocks and split where Python's `mailbox` splits it (every
line starting with `From `); only each message's header is looked at, the rest is
skipped without being copied, so memory stays flat however large the file and however
large one message (attachments) is. Files are opened read-only and never changed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from rolodex.capture.access import SourceError
from rolodex.capture.headers import RawMail, header_block, raw_fields

CHUNK = 8 << 20  # bytes read from an mbox at a time
HEADER_MAX = 4 << 20  # a header block longer than this is cut there (a hostile 1 MB subject fits)
_FIRST = 64 << 10  # bytes of a message file read first; most headers fit
_HEADER_END = re.compile(rb"\n\r?\n")
_MAILDIR_TIME = re.compile(r"^(\d{9,11})\.")
_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+[ \t]*:")

Progress = Callable[[int], None]


def size(path: str) -> int:
    """Bytes a progress bar will count for a source (the mbox files in it)."""
    total = 0
    for kind, file in _files(Path(path)):
        if kind == "mbox":
            total += file.stat().st_size
    return total


def read(path: str, progress: Progress | None = None) -> Iterator[RawMail]:
    """Every message of a mail file or folder, in file order. Raises SourceError for a path
    that is not mail (nothing read); an unreadable file inside a folder is skipped."""
    root = Path(path)
    if not root.exists():
        raise SourceError(f"{path}: no such file or folder")
    files = list(_files(root))
    if root.is_file() and not files:
        raise SourceError(f"{path}: not a mail file (expected an mbox, a Maildir, .eml or .emlx files)")
    for kind, file in files:
        try:
            if kind == "mbox":
                yield from _mbox(str(file), progress)
            else:
                mail = _message_file(file, kind)
                if mail is not None:
                    yield mail
        except OSError as exc:
            if root.is_file():
                raise SourceError(f"{file}: cannot read ({exc.strerror})") from None
            # A folder is read as far as it goes; an unreadable file inside is left out.
            continue


# --- what to read in a file or folder ----------------------------------------------------------


def _files(root: Path) -> Iterator[tuple[str, Path]]:
    """(kind, path) of every mail file under `root`, in a stable order: kind is
    "mbox", "maildir" (one message of a Maildir), "emlx" or "eml"."""
    if root.is_file():
        kind = _sniff(root, explicit=True)
        if kind:
            yield kind, root
        return
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        names = {e.name for e in entries}
        if "cur" in names or "new" in names:  # a Maildir: its messages, then its ++ subfolders
            for sub in ("new", "cur"):
                if sub in names:
                    try:
                        messages = sorted(os.scandir(folder / sub), key=lambda e: e.name)
                    except OSError:
                        continue
                    for entry in messages:
                        if entry.is_file() and not entry.name.startswith("."):
                            yield "maildir", Path(entry.path)
        subfolders = []
        for entry in entries:
            if entry.name in ("cur", "new", "tmp"):
                continue
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(Path(entry.path))
            elif entry.is_file():
                kind = _sniff(Path(entry.path), explicit=False)
                if kind:
                    yield kind, Path(entry.path)
        stack.extend(reversed(subfolders))


def _sniff(path: Path, explicit: bool) -> str | None:
    """What a file is: an mbox starts with `From `; .emlx and .eml go by their suffix; a file
    named on the command line that starts like a header is one message."""
    suffix = path.suffix.lower()
    if suffix in (".msf", ".dat", ".plist", ".json", ".sqlite", ".db"):
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError:
        return None
    if head.startswith(b"From "):
        return "mbox"
    if suffix == ".emlx":
        return "emlx"
    if suffix == ".eml" or (explicit and _HEADER_LINE.match(head)):
        return "eml"
    return None


# --- one message per file ----------------------------------------------------------------------


def _message_file(path: Path, kind: str) -> RawMail | None:
    with open(path, "rb") as handle:
        data = handle.read(_FIRST)
        if kind == "emlx":  # Apple Mail: the message's length in bytes on the first line
            first, _, data = data.partition(b"\n")
        while not _HEADER_END.search(data) and len(data) < HEADER_MAX:
            more = handle.read(_FIRST)
            if not more:
                break
            data += more
    fields = raw_fields(header_block(data[:HEADER_MAX]))
    if not fields:
        return None
    fallback = None
    if kind == "maildir" and (m := _MAILDIR_TIME.match(path.name)):
        fallback = dt.datetime.fromtimestamp(int(m.group(1)), dt.UTC)
    return RawMail(fields, str(path), fallback)


# --- mbox ----------------------------------------------------------------------------------------


def _mbox(path: str, progress: Progress | None) -> Iterator[RawMail]:
    """The messages of an mbox file: each message's header fields and its first line's number."""
    with open(path, "rb") as handle:
        buf = handle.read(CHUNK)
        eof = len(buf) < CHUNK
        line = 1  # the line number of buf[counted]
        counted = 0
        start = 0  # the current message (the file starts with `From `: see _sniff)
        nxt = -1  # where the next message's `\nFrom ` is, once found

        def refill(keep: int) -> None:
            """Drop buf[:keep] (counting its lines) and read the next block."""
            nonlocal buf, eof, line, counted, start, nxt
            line += buf.count(b"\n", counted, keep)
            if progress:
                progress(keep)
            chunk = handle.read(CHUNK)
            eof = len(chunk) < CHUNK
            buf = buf[keep:] + chunk
            counted, start, nxt = 0, start - keep, nxt - keep if nxt >= 0 else -1

        while True:
            # 1. the header: up to the first empty line, or the next message, or the end
            while True:
                nxt = buf.find(b"\nFrom ", start)
                stop = nxt if nxt >= 0 else len(buf)
                end = _HEADER_END.search(buf, start, stop)
                if end is not None:
                    header_end = end.start() + 1
                    break
                if nxt >= 0 or eof or stop - start >= HEADER_MAX:
                    header_end = min(stop + 1, len(buf), start + HEADER_MAX)
                    break
                refill(start)
            line += buf.count(b"\n", counted, start)
            counted = start
            eol = buf.find(b"\n", start, header_end)
            from_line = buf[start + 5 : eol if eol >= 0 else header_end]
            yield RawMail(raw_fields(buf, start, header_end), f"{path}:{line}", from_line)
            # 2. skip the body: the next message starts after the next `\nFrom `
            pos = header_end - 1
            while nxt < 0:
                nxt = buf.find(b"\nFrom ", pos)
                if nxt >= 0:
                    break
                if eof:
                    if progress:
                        progress(len(buf))
                    return
                keep = max(len(buf) - 5, pos)  # a `\nFrom ` may be split across two blocks
                start = keep
                refill(keep)
                pos = 0
            start = nxt + 1
