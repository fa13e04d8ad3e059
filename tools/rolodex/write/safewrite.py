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
import signal
import stat
import threading
import time
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
    ctime_ns: int = 0
    links: int = 1  # hard links: names the file has


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
    return Snapshot(
        path,
        data,
        st.st_mtime_ns,
        st.st_size,
        stat.S_IMODE(st.st_mode),
        st.st_uid,
        st.st_gid,
        st.st_ctime_ns,
        st.st_nlink,
    )


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
    if before.links > 1:  # a replace gives the name a new file: the other names would keep the old one
        raise WriteError(
            f"the file has {before.links - 1} other name{'s' if before.links > 2 else ''} (hard links), which an "
            "edit would split from it; nothing was written (to edit it, make it a file of its own: "
            "cp FILE FILE.tmp && mv FILE.tmp FILE)"
        )
    tmp = _write_temp(folder, name, data, before.mode, "the original is unchanged")
    try:
        with contextlib.suppress(OSError):  # keep the group (and owner, if we may)
            if (before.uid, before.gid) != (os.getuid(), os.getgid()):
                os.chown(tmp, before.uid, before.gid)
        _unchanged(before)
        _settled(before, os.stat(tmp).st_mtime_ns)
        os.replace(tmp, before.path)
    except OSError as exc:
        _discard(tmp)
        raise WriteError(f"could not write the file ({_reason(exc)}); the original is unchanged") from None
    except BaseException:
        _discard(tmp)
        raise
    _sync_folder(folder)


def _unchanged(before: Snapshot, changed: str = "") -> None:
    """The file is still the one read: same bytes, size, modification and change times."""
    try:
        st = os.stat(before.path)
        with open(before.path, "rb") as handle:
            now = handle.read()
    except OSError as exc:
        raise WriteError(
            f"the file disappeared or became unreadable while rolodex was editing it "
            f"({exc.strerror}); nothing was written"
        ) from None
    moved = (st.st_size, st.st_mtime_ns) != (before.size, before.mtime_ns) or (
        before.ctime_ns and st.st_ctime_ns != before.ctime_ns
    )
    if now != before.data or moved:
        raise WriteError(
            changed
            or "the file changed on disk while rolodex was editing it (was it saved in an editor?); "
            "nothing was written: run the command again"
        )


# How long a file must have been left alone before it is replaced. An editor that saves in
# place truncates the file and writes it in pieces: read between two pieces, the file is cut
# short, and replacing it would lose the rest of the save for good.
SETTLE_SECONDS = 0.5
BEING_WRITTEN = (
    "the file is being written by another program (an editor saving it?); nothing was written: "
    "run the command again once it is saved"
)


def _settled(before: Snapshot, now_ns: int) -> None:
    """Refuse a file another program has open for writing, or changes within a short settle window.

    `now_ns` is the time by the file system's own clock (the new file's mtime): an age
    measured on one clock, even where the file system's runs ahead of or behind this one.
    """
    if _open_for_writing(before.path):
        raise WriteError(BEING_WRITTEN)
    age = (now_ns - max(before.mtime_ns, before.ctime_ns)) / 1e9
    if age < SETTLE_SECONDS:  # written moments ago: is it still being written?
        time.sleep(SETTLE_SECONDS - max(age, 0.0))
        _unchanged(before, BEING_WRITTEN)
        if _open_for_writing(before.path):
            raise WriteError(BEING_WRITTEN)


def _open_for_writing(path: str) -> bool:
    """Whether any process has the file open for writing (Linux: a read lease is refused then).

    Unknown (False) where leases are not available: not Linux, another owner's file, a file
    system without leases, or a thread that cannot set aside the lease-break signal.
    """
    setlease = getattr(fcntl, "F_SETLEASE", None)
    if setlease is None or threading.current_thread() is not threading.main_thread():
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    # Were a writer to open the file while the lease is held, the kernel would signal us
    # (SIGIO, which ends a process by default): ignore it for the microseconds it is held.
    saved = signal.signal(signal.SIGIO, signal.SIG_IGN)
    try:
        fcntl.fcntl(fd, setlease, fcntl.F_RDLCK)
    except OSError as exc:
        return exc.errno == errno.EAGAIN
    else:
        fcntl.fcntl(fd, setlease, fcntl.F_UNLCK)
        return False
    finally:
        signal.signal(signal.SIGIO, saved)
        os.close(fd)


def create(path: str, data: bytes) -> None:
    """Create a new file holding `data`, never overwriting one (FileExistsError if it exists).

    The content is written to a temporary file first and linked into place, so the new
    name never shows a half-written file; where hard links are not supported it falls
    back to an exclusive create.
    """
    folder, name = os.path.split(path)
    tmp = _write_temp(folder, name, data, None, "nothing was created")
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


def _write_temp(folder: str, name: str, data: bytes, mode: int | None, outcome: str) -> str:
    """A fully written, fsynced temporary file beside `name`; mode `None` follows the umask.

    `outcome` ends a failure's message: what became of the file meant (unchanged, or not created).
    """
    # The start of the name only: a file named at the system's limit must still be editable.
    tmp = os.path.join(folder, f".{name[:40]}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else 0o600)
    except OSError as exc:
        raise WriteError(f"could not write in {folder or '.'} ({_reason(exc)}); {outcome}") from None
    try:
        _write_all(fd, data)
        os.fsync(fd)
        if mode is not None:
            os.fchmod(fd, mode)
    except BaseException as exc:
        os.close(fd)
        _discard(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"could not write the file ({_reason(exc)}); {outcome}") from None
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
