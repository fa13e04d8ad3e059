"""An export's output file (`rolodex export … -o FILE`): written whole or not at all.

The bytes go to a temporary file beside it, then replace it in one rename; replacing an
existing file is reported to the caller, which says so (never silently).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class OutputFailed(Exception):
    """Nothing was written; the message says why, for people."""


def write_output(output: str, payload: bytes, suffix: str = "") -> bool:
    """Write `payload` to the file `output`, atomically; whether it replaced an existing file.

    `suffix` (".vcf") makes the example file name when `output` is a folder."""
    path = Path(output)
    if path.is_dir():
        raise OutputFailed(f"{output}: is a folder; name a file in it, e.g. {path / 'network'}{suffix}")
    folder = path.parent
    if not folder.is_dir():
        raise OutputFailed(f"{output}: the folder {folder} does not exist")
    existed = path.exists()
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputFailed(f"{output}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputFailed(f"{output}: could not write ({exc.strerror}); nothing was changed") from None
    return existed
