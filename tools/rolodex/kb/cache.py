"""Parse every source file, through a cache of parsed files, on both cores when it pays.

Parsing is where `load` spends its time. A file's parse depends only on its path and
bytes, so the result is kept in `.rolodex-cache/` and reused while the file stands as it
did, the way git's index decides a file is unchanged without reading it:

- the key is the file's size, modification time, change time and inode (a same-size
  edit that puts the modification time back still moves the change time, and a copy,
  rename or restore gets a new inode), and the cache must come from the same parser code;
- an entry is "racy" when the file's modification time is not older than the moment the
  cache read it (measured by the file system's own clock): the file may have changed again
  within the same clock tick, so it is read again;
- the cache is plain JSON rebuilt into records by our own code (`plain`), checked field
  by field: a cache file planted in a shared repository cannot run code or change a class,
  and one that is truncated, foreign or malformed is ignored and rewritten, never trusted.

A stale, corrupt or foreign cache is rebuilt silently; a KB where the cache cannot be
written only goes slower.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from rolodex.core import model, parse
from rolodex.core.model import Contact, Meeting, Problem, Unplaced
from rolodex.kb import plain
from rolodex.kb.files import SourceFile, read_bytes

CACHE_DIR = ".rolodex-cache"
CACHE_FILE = "parsed-{:02d}.json"  # the cache, in shards by path
FORMAT = "rolodex-cache-2"  # written into every cache file: another layout is never read as this one
SHARDS = 32
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 2000

Parsed = tuple[Contact | Meeting | Unplaced, Sequence[Problem]]  # problems: a tuple when cached
T = TypeVar("T")
# A cached file: its stamp (size, mtime, ctime, inode), its record and its problems.
Entry = tuple[tuple[int, int, int, int], Contact | Meeting, tuple[Problem, ...]]


def code_files() -> list[Path]:
    """The code a cached parse depends on: every module of core/ (the parser and all it imports —
    identity, jobask, … — rather than a list to keep up), the cache's codec and this module."""
    core = Path(model.__file__).parent
    return [
        *sorted(core.rglob("*.py"), key=lambda p: p.relative_to(core).as_posix()),
        Path(plain.__file__),
        Path(__file__),
    ]


def _digest(paths: Iterable[Path]) -> str:
    """A short key for the code in `paths` and the Python that runs it."""
    digest = hashlib.sha256(sys.version.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache  # once per process: the code that runs is the code loaded at its start
def _code_key() -> str:
    """Identifies the parser code: a cache from other code is never trusted."""
    return _digest(code_files())


class _Shard:
    """One cache file's entries by path, and when (by the file system's clock) its files were read."""

    def __init__(self, entries: dict[str, Entry] | None = None, read_at: int = 0, sound: bool = True):
        self.entries = entries or {}
        self.read_at = read_at
        self.sound = sound  # False: the file was foreign or malformed, and must be rewritten


def parse_sources(
    root: Path, files: list[SourceFile], *, use_cache: bool = True
) -> tuple[list[Contact | Meeting | Unplaced], list[Problem]]:
    """Parse `files` (reusing cached results that are still valid), in file order."""
    key = _code_key() if use_cache else ""
    shards = _read_cache(root, key) if use_cache else [_Shard() for _ in range(SHARDS)]
    results: list[Parsed | None] = []
    todo: list[int] = []
    for index, source in enumerate(files):
        shard = shards[_shard(source.path)]
        entry = shard.entries.get(source.path)
        if (
            entry is not None
            and entry[0] == (source.size, source.mtime_ns, source.ctime_ns, source.ino)
            and source.mtime_ns < shard.read_at  # else racy: it may have changed since, in the same tick
            and entry[1].slug == source.slug
            and _KIND[type(entry[1])] == source.kind
        ):
            results.append((entry[1], entry[2]))
        else:
            results.append(None)
            todo.append(index)
    dirty = {_shard(files[i].path) for i in todo} | {n for n, shard in enumerate(shards) if not shard.sound}
    read_at = _clock(root) if use_cache and dirty else None  # taken before any file is read
    for index, parsed in zip(todo, _parse_many([files[i] for i in todo])):
        results[index] = parsed
    if read_at is not None:
        _update_cache(root, key, read_at, shards, files, results, dirty)
    records = []
    problems: list[Problem] = []
    for result in results:
        assert result is not None
        records.append(result[0])
        if result[1]:
            problems += result[1]
    return records, problems


_KIND = {Contact: "contact", Meeting: "meeting"}


def _update_cache(
    root: Path,
    key: str,
    read_at: int,
    shards: list[_Shard],
    files: list[SourceFile],
    results: list[Parsed | None],
    dirty: set[int],
) -> None:
    """Rewrite only the shards whose entries changed: editing one file rewrites a 32nd of the cache,
    and only that 32nd of the records is encoded again."""
    kept: list[list[tuple[SourceFile, Contact | Meeting, Sequence[Problem]]]] = [[] for _ in range(SHARDS)]
    for source, parsed in zip(files, results):
        if parsed is None or source.size < 0:
            continue
        record, problems = parsed
        if not isinstance(record, Unplaced):
            kept[_shard(source.path)].append((source, record, problems))
    for number in range(SHARDS):
        paths = {source.path for source, _, _ in kept[number]}
        if number not in dirty and paths == shards[number].entries.keys():
            continue
        fresh = {
            source.path: [
                *source.stamp,
                source.kind,
                _RECORD_CODECS[type(record)].encode(record),
                _PROBLEMS.encode(problems) if problems else [],
            ]
            for source, record, problems in kept[number]
        }
        data = {"format": FORMAT, "key": key, "read_at": read_at, "files": fresh}
        path = root / CACHE_DIR / CACHE_FILE.format(number)
        if _write_json(root, path.name, data):
            # The next load (`serve`, after the next edit) takes this shard as written, not decoded:
            # its records stay the very objects of this load. Each entry is still checked against
            # its file's stamp, as a decoded one would be.
            entries: dict[str, Entry] = {
                source.path: (source.stamp, record, tuple(problems)) for source, record, problems in kept[number]
            }
            stamp = _stamp(path)
            if stamp is not None:
                _READ[path] = (stamp, key, _Shard(entries, read_at))


@functools.lru_cache(maxsize=1 << 16)  # (asked twice per file per load: `serve` loads after every edit)
def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % SHARDS


def parse_one(source: SourceFile) -> Parsed:
    """Read and parse one file; a file that cannot be read is `Unplaced` with its problem."""
    data = read_bytes(source)
    if isinstance(data, Problem):
        return Unplaced(source.kind, source.path, source.slug), [data]
    record, found = parse.parse_file(source.kind, source.path, source.slug, data)
    return record, found


def _parse_many(files: list[SourceFile]) -> list[Parsed]:
    """Parse on every core: worker processes take a share, and this process parses its own
    share meanwhile rather than wait (receiving records costs, so it keeps the larger part)."""
    cores = min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_MIN_FILES or cores < 2 or os.environ.get("ROLODEX_JOBS") == "1":
        return [parse_one(source) for source in files]
    helpers = cores - 1
    share = len(files) * helpers // (cores + 1)  # each helper gets a little less than this process
    theirs, mine = files[:share], files[share:]
    chunks = [theirs[i::helpers] for i in range(helpers)]
    try:
        with ProcessPoolExecutor(max_workers=helpers) as pool:
            futures = [pool.submit(_parse_chunk, chunk) for chunk in chunks]
            own = [parse_one(source) for source in mine]
            done = [future.result() for future in futures]
    except (OSError, RuntimeError):  # no processes here (sandbox, frozen app): do it in this one
        return [parse_one(source) for source in files]
    # Put the helpers' results back in file order (chunk i holds files i, i+helpers, …).
    return [done[j % helpers][j // helpers] for j in range(share)] + own


def _parse_chunk(chunk: list[SourceFile]) -> list[Parsed]:
    return [parse_one(source) for source in chunk]


# --- the cache file --------------------------------------------------------------------

_RECORD_CODECS = {Contact: plain.Codec(Contact), Meeting: plain.Codec(Meeting)}
_BY_KIND = {"contact": _RECORD_CODECS[Contact], "meeting": _RECORD_CODECS[Meeting]}
_PROBLEMS = plain.Codec(tuple[Problem, ...])


def _read_cache(root: Path, key: str) -> list[_Shard]:
    """Each shard's entries by path; a shard that is missing, stale, foreign or malformed is empty."""
    return [_read_shard(root / CACHE_DIR / CACHE_FILE.format(number), key) for number in range(SHARDS)]


# Shards this process read or wrote, by path: (the file's stamp, the code key, the shard). `rolodex
# serve` loads the KB after every edit, which rewrites one shard of 32: none is decoded again while
# its file is as this process left it, and their records stay the same objects (cheap to compare
# with the last rebuild's).
_READ: dict[Path, tuple[tuple[int, int, int, int], str, _Shard]] = {}


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    """What tells a shard file written again from the same (as `SourceFile.stamp`); None if absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _read_shard(path: Path, key: str) -> _Shard:
    stamp = _stamp(path)
    known = _READ.get(path)
    if stamp is not None and known is not None and known[0] == stamp and known[1] == key:
        return known[2]
    shard = _decode_shard(path, key)
    if stamp is not None and shard.sound and shard.entries:
        _READ[path] = (stamp, key, shard)  # (replaced after the stat: a new stamp next time)
    return shard


def _decode_shard(path: Path, key: str) -> _Shard:
    data = _read_json(path)
    if data is None:
        return _Shard(sound=not path.exists())
    try:
        if data.get("format") != FORMAT or data.get("key") != key:
            raise plain.Malformed
        read_at, files = data["read_at"], data["files"]
        if type(read_at) is not int or type(files) is not dict:
            raise plain.Malformed
        entries: dict[str, Entry] = {}
        for rel, entry in files.items():
            if type(entry) is not list or len(entry) != 7:
                raise plain.Malformed
            size, mtime, ctime, ino, kind, record, problems = entry
            if type(size) is not int or type(mtime) is not int or type(ctime) is not int or type(ino) is not int:
                raise plain.Malformed
            decoded = _BY_KIND[kind].decode(record)  # KeyError for any other kind
            if decoded.path != rel:
                raise plain.Malformed
            entries[rel] = ((size, mtime, ctime, ino), decoded, _PROBLEMS.decode(problems) if problems != [] else ())
    except (ValueError, KeyError, TypeError, AttributeError):  # plain.Malformed is a ValueError
        return _Shard(sound=False)
    return _Shard(entries, read_at)


def _read_json(path: Path) -> Any:
    """A cache file's JSON, or None when it is missing or not JSON at all."""
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read())  # bytes: read as UTF-8, lone surrogates passed through
    except (OSError, ValueError, RecursionError):  # missing, truncated, not text, nested too deep
        return None
    return data if isinstance(data, dict) else None


def _folder(root: Path) -> Path:
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Rolodex's parse cache: safe to delete, never commit.\n*\n", encoding="utf-8")
    return folder


def _clock(root: Path) -> int | None:
    """Now, by the clock and granularity of the file system the KB is on (None: cache not writable).

    A file whose modification time is not older than this may still change within the
    same tick without its stamp changing; it is read again on the next run (see racy git).
    """
    try:
        path = _folder(root) / "clock"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            os.utime(fd if os.utime in os.supports_fd else path)
            return os.fstat(fd).st_mtime_ns
        finally:
            os.close(fd)
    except OSError:
        return None


def _write_json(root: Path, name: str, data: object) -> bool:
    """Write `.rolodex-cache/<name>` atomically; a KB we cannot write to only goes slower.
    Whether it was written."""
    try:
        folder = _folder(root)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cache-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8", "surrogatepass"))
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
        for old in folder.glob("*.pickle"):  # the cache of versions before 2: never read again
            with contextlib.suppress(OSError):
                old.unlink()
    except OSError:
        return False
    return True


# --- remembered results ------------------------------------------------------------------


def remember(root: Path, name: str, key: str, compute: Callable[[], T], shape: Any, newest_mtime_ns: int) -> T:
    """`compute()`, or its value from the previous run when `key` is the same.

    For the pure results of a whole run (what `check` reports, what is due): the key
    holds everything they depend on — the files' snapshot digest, the code, the day —
    so a repeated command with nothing changed answers without loading the KB at all.
    `shape` is the value's type (e.g. `list[Due]`), which it is stored as and checked
    against when read back. As for parsed files, a result is racy, and computed again,
    when a file was modified at or after the moment it was computed (`newest_mtime_ns`).
    """
    path = root / CACHE_DIR / f"{name}.json"
    codec = _codec(shape)
    full_key = f"{_package_key()}:{key}"
    data = _read_json(path)
    if (
        data is not None
        and data.get("format") == FORMAT
        and data.get("key") == full_key
        and type(data.get("computed_at")) is int
        and newest_mtime_ns < data["computed_at"]
    ):
        with contextlib.suppress(ValueError, KeyError, TypeError):  # plain.Malformed is a ValueError
            return codec.decode(data["value"])
    computed_at = _clock(root)  # before anything is read
    value = compute()
    if computed_at is not None:
        _write_json(
            root,
            path.name,
            {"format": FORMAT, "key": full_key, "computed_at": computed_at, "value": codec.encode(value)},
        )
    return value


@functools.cache
def _codec(shape: Any) -> plain.Codec:
    return plain.Codec(shape)


@functools.cache
def _package_key() -> str:
    """Identifies all of Rolodex's code, for results that any module may shape."""
    return _digest(sorted(Path(__file__).parent.parent.rglob("*.py")))  # the whole rolodex package
