"""Writing files without fear: locks, atomic replaces and exclusive creates.

Everything that changes a file on disk goes through here. A replace writes a temporary
file in the same folder (named with a leading dot, so `rolodex` never reads a leftover),
fsyncs it, gives it the original's permissions, checks the original is still what was
read, and renames it over the original: a reader sees the old file or the new one, never
half of either. A failure (disk full, permission denied, a kill) leaves the original as it
was. Two `rolodex` commands editing the same file take turns through an advisory lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]  # `locked` uses a lock file instead

LOCK_WAIT_SECONDS = 10.0


class WriteError(Exception):
    """A write that did not happen; the message says why and that the original is intact."""


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes and identity as read, to detect a change before replacing it."""

    path: str  # the real path (symbolic links resolved)
    data: bytes
    mtime_ns: int
    size: int
    mode: int
    uid: int
    gid: int


def real(path: str) -> str:
    """Edits go to the file a symbolic link points to; the link itself stays."""
    return os.path.realpath(path)


@contextlib.contextmanager
def locked(path: str, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an exclusive advisory lock on `path` for the duration of an edit.

    The lock is taken on the file itself, so no lock files are left in the knowledge
    base. Because a replace swaps the file for a new one, a waiter that wakes up on the
    old file sees it is no longer the one at `path` and locks the new one instead.
    Where `fcntl` is missing, a `.<name>.lock` file created exclusively stands in.
    """
    if fcntl is None:  # pragma: no cover - Windows
        with _lock_file(path):
            yield
        return
    import time

    deadline = time.monotonic() + wait
    while True:
        fd = os.open(path, os.O_RDONLY)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise WriteError(
                            f"another rolodex command has been editing this file for "
                            f"{wait:.0f} seconds; nothing was written, try again"
                        ) from None
                    time.sleep(0.02)
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)  # the file was replaced while we waited: lock the new one
    try:
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def _lock_file(path: str) -> Iterator[None]:  # pragma: no cover - Windows
    folder, name = os.path.split(path)
    lock = os.path.join(folder, f".{name}.lock")
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise WriteError(
            f"another rolodex command is editing this file (or one was killed: delete {lock}); nothing was written"
        ) from None
    os.close(fd)
    try:
        yield
    finally:
        os.unlink(lock)


def snapshot(path: str) -> Snapshot:
    """Read a file to edit it later with `replace`."""
    path = real(path)
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as exc:
        raise WriteError(f"cannot read the file ({exc.strerror})") from None
    return Snapshot(path, data, st.st_mtime_ns, st.st_size, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)


def replace(before: Snapshot, data: bytes) -> None:
    """Atomically replace the file read as `before` with `data`, or raise WriteError.

    Refuses when the file changed on disk since it was read (another program saved it), and
    when it is read-only: a rename would replace it anyway, so the mark is honoured here.
    """
    folder, name = os.path.split(before.path)
    if not before.mode & 0o222 or not os.access(before.path, os.W_OK):
        raise WriteError(
            "the file is read-only (no write permission); nothing was written "
            "(make it writable, e.g. chmod u+w, to let rolodex edit it)"
        )
    tmp = _write_temp(folder, name, data, before.mode)
    try:
        with contextlib.suppress(OSError):  # keep the group (and owner, if we may)
            if (before.uid, before.gid) != (os.getuid(), os.getgid()):
                os.chown(tmp, before.uid, before.gid)
        _unchanged(before)
        os.replace(tmp, before.path)
    except OSError as exc:
        _discard(tmp)
        raise WriteError(f"could not write the file ({_reason(exc)}); the original is unchanged") from None
    except BaseException:
        _discard(tmp)
        raise
    _sync_folder(folder)


def _unchanged(before: Snapshot) -> None:
    try:
        st = os.stat(before.path)
        with open(before.path, "rb") as handle:
            now = handle.read()
    except OSError as exc:
        raise WriteError(
            f"the file disappeared or became unreadable while rolodex was editing it "
            f"({exc.strerror}); nothing was written"
        ) from None
    if now != before.data or st.st_mtime_ns != before.mtime_ns:
        raise WriteError(
            "the file changed on disk while rolodex was editing it (was it saved in an editor?); "
            "nothing was written: run the command again"
        )


def create(path: str, data: bytes) -> None:
    """Create a new file holding `data`, never overwriting one (FileExistsError if it exists).

    The content is written to a temporary file first and linked into place, so the new
    name never shows a half-written file; where hard links are not supported it falls
    back to an exclusive create.
    """
    folder, name = os.path.split(path)
    tmp = _write_temp(folder, name, data, None)
    try:
        os.link(tmp, path)
    except FileExistsError:
        _discard(tmp)
        raise
    except OSError as exc:
        _discard(tmp)
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise WriteError(f"could not create the file ({_reason(exc)})") from None
        _create_exclusive(path, data)
    else:
        _discard(tmp)
    _sync_folder(folder)


def move(src: str, dst: str) -> None:
    """Rename a file, never over an existing one (FileExistsError if `dst` exists)."""
    folder = os.path.dirname(dst)
    try:
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise WriteError(f"could not rename the file ({_reason(exc)})") from None
        if os.path.lexists(dst):  # no hard links here: check, then rename (a small race, no loss)
            raise FileExistsError(dst) from None
        os.rename(src, dst)
    else:
        os.unlink(src)
    _sync_folder(folder)


def _create_exclusive(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        _discard(path)
        raise WriteError(f"could not create the file ({_reason(exc)}); nothing was left behind") from None
    os.close(fd)


def _write_temp(folder: str, name: str, data: bytes, mode: int | None) -> str:
    """A fully written, fsynced temporary file beside `name`; mode `None` follows the umask."""
    # The start of the name only: a file named at the system's limit must still be editable.
    tmp = os.path.join(folder, f".{name[:40]}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else 0o600)
    except OSError as exc:
        raise WriteError(f"could not write in {folder or '.'} ({_reason(exc)}); the original is unchanged") from None
    try:
        _write_all(fd, data)
        os.fsync(fd)
        if mode is not None:
            os.fchmod(fd, mode)
    except BaseException as exc:
        os.close(fd)
        _discard(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"could not write the file ({_reason(exc)}); the original is unchanged") from None
        raise
    os.close(fd)
    return tmp


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _discard(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (best effort: not every system can fsync a folder)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder or ".", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__
