"""Parse every source file, through a cache of parsed files, on both cores when it pays.

Parsing is where `load` spends its time. A file's parse depends only on its
path and bytes, so the result is kept in `.rolodex-cache/` keyed by path, size
and modification time, and trusted only when all three match and the cache was
written by the same parser code. A stale, corrupt or foreign cache is rebuilt
silently. The cache is pickled, so it is read with an unpickler that accepts
only the record classes: a cache file planted in a shared repository cannot run code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from rolodex.core import frontmatter, model, parse, values
from rolodex.core.model import Contact, Meeting, Problem, Unplaced
from rolodex.kb.files import SourceFile, read_bytes

CACHE_DIR = ".rolodex-cache"
CACHE_FILE = "parsed-{:02d}.pickle"  # the cache, in shards by path
SHARDS = 32
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 2000

Parsed = tuple[Contact | Meeting | Unplaced, Sequence[Problem]]  # problems: a tuple when cached
T = TypeVar("T")


def _code_key() -> str:
    """Identifies the parser code: a cache from other code is never trusted."""
    digest = hashlib.sha256(sys.version.encode())
    for path in (frontmatter.__file__, model.__file__, parse.__file__, values.__file__, __file__):
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:16]


def parse_sources(
    root: Path, files: list[SourceFile], *, use_cache: bool = True
) -> tuple[list[Contact | Meeting | Unplaced], list[Problem]]:
    """Parse `files` (reusing cached results that are still valid), in file order."""
    key = _code_key() if use_cache else ""
    shards = _read_cache(root, key) if use_cache else [{} for _ in range(SHARDS)]
    results: list[Parsed | None] = []
    todo: list[int] = []
    for index, source in enumerate(files):
        entry = shards[_shard(source.path)].get(source.path)
        if entry is not None and entry[0] == source.size and entry[1] == source.mtime_ns:
            results.append((entry[2], entry[3]))
        else:
            results.append(None)
            todo.append(index)
    for index, parsed in zip(todo, _parse_many([files[i] for i in todo])):
        results[index] = parsed
    if use_cache:
        _update_cache(root, key, shards, files, results, {_shard(files[i].path) for i in todo})
    records = []
    problems: list[Problem] = []
    for result in results:
        assert result is not None
        records.append(result[0])
        if result[1]:
            problems += result[1]
    return records, problems


def _update_cache(
    root: Path, key: str, shards: list[dict], files: list[SourceFile], results: list[Parsed | None], dirty: set[int]
) -> None:
    """Rewrite only the shards whose entries changed: editing one file rewrites a 32nd of the cache."""
    # Flat entries (size, mtime, record, problems), no problems as (): fewer objects to load.
    fresh: list[dict] = [{} for _ in range(SHARDS)]
    for source, parsed in zip(files, results):
        if parsed is not None and source.size >= 0 and not isinstance(parsed[0], Unplaced):
            fresh[_shard(source.path)][source.path] = (source.size, source.mtime_ns, parsed[0], parsed[1] or ())
    for number in range(SHARDS):
        if number in dirty or fresh[number].keys() != shards[number].keys():
            _write_pickle(root, CACHE_FILE.format(number), {"key": key, "files": fresh[number]})


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

_ALLOWED = (
    {("builtins", name) for name in ("dict", "list", "tuple", "set", "frozenset", "str", "int", "bool", "NoneType")}
    | {("datetime", "date"), ("datetime", "time"), ("datetime", "datetime")}
    # every record class of the model, so that a new one cannot silently make its files uncacheable
    | {
        (model.__name__, name)
        for name, obj in vars(model).items()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__
    }
    | {("copyreg", "_reconstructor"), ("builtins", "object"), ("rolodex.rules.followups", "Due")}
)


class _RecordUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a record class")
        return super().find_class(module, name)


def _read_cache(root: Path, key: str) -> list[dict[str, tuple[int, int, Contact | Meeting, tuple[Problem, ...]]]]:
    """Each shard's entries by path; a shard that is missing, stale or foreign is empty."""
    return [_read_shard(root / CACHE_DIR / CACHE_FILE.format(number), key) for number in range(SHARDS)]


def _read_shard(path: Path, key: str) -> dict:
    try:
        with open(path, "rb") as handle:
            data = _RecordUnpickler(io.BufferedReader(handle)).load()
    except Exception:  # missing, truncated, foreign or tampered: start afresh
        return {}
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def _write_pickle(root: Path, name: str, data: object) -> None:
    """Write `.rolodex-cache/<name>` atomically; a KB we cannot write to only goes slower."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Rolodex's parse cache: safe to delete, never commit.\n*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cache-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


# --- remembered results ------------------------------------------------------------------


def remember(root: Path, name: str, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or its value from the previous run when `key` is the same.

    For the pure results of a whole run (what `check` reports, what is due): the
    key holds everything they depend on — the files' snapshot digest, the code,
    the day — so a repeated command with nothing changed answers without
    loading the KB at all.
    """
    path = root / CACHE_DIR / f"{name}.pickle"
    full_key = f"{_package_key()}:{key}"
    try:
        with open(path, "rb") as handle:
            data = _RecordUnpickler(io.BufferedReader(handle)).load()
        if isinstance(data, dict) and data.get("key") == full_key:
            return data["value"]
    except Exception:  # missing, stale format, tampered: compute afresh
        pass
    value = compute()
    _write_pickle(root, path.name, {"key": full_key, "value": value})
    return value


def _package_key() -> str:
    """Identifies all of Rolodex's code, for results that any module may shape."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).parent.parent  # the whole rolodex package
    for path in sorted(package.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
