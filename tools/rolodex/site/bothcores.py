"""Record pages generated, rendered and written on a second core during a build.

Generating every page's Markdown takes seconds at thousands of records (the drafts behind mail
links most of all): a forked process makes the record pages at the end of the order while this
one makes the hubs and the rest (`generate`).

Once every page's Markdown is converted, MkDocs renders each page's theme template and writes
it, one page after another: a third of a build at thousands of pages. Contact and meeting
pages are in neither the navigation nor the search, and no page's rendering reads another's,
so a forked copy of the build renders and writes every other one of them while this process
renders the rest. Here those pages get an empty template, which MkDocs does not write. What
the copy logs (warnings, errors) is logged here, so `--strict` counts it; if the copy fails,
this process builds its pages after all. Used only by a plain build (not `serve`), with two
cores or more, at `MIN_PAGES` record pages or more, on Linux (where forking a process is
safe; macOS's system libraries are not); set `ROLODEX_JOBS=1` to keep to one core.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import select
import signal
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from mkdocs.commands import build as mkdocs_build

from rolodex.site import pages
from rolodex.site.context import Site, SiteInput
from rolodex.site.markup import contact_page, meeting_page
from rolodex.site.navonce import SKIP as SKIP_TEMPLATE

MIN_PAGES = 1000
TIMEOUT = 600.0  # seconds without a word from the copy before this process builds its pages
_SKIPPED_LOG = "Page skipped: '"


def wanted(records: int) -> bool:
    """Whether a build of this many record pages shares them with a second process."""
    return (
        records >= MIN_PAGES
        # (macOS's system libraries are not safe to use in a forked copy: one process there)
        and sys.platform.startswith("linux")
        and (os.cpu_count() or 1) >= 2
        and os.environ.get("ROLODEX_JOBS") != "1"
    )


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class _Quiet(logging.Filter):
    """MkDocs' note for each page this process leaves to the copy."""

    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno == logging.INFO and message.startswith(_SKIPPED_LOG):
            return message[len(_SKIPPED_LOG) :].split("'", 1)[0] not in self.names
        return True


class Helper:
    """The forked copy of one build and the pages it renders."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.fd: int | None = None
        self.pages: list[Any] = []
        self.templates: list[Any] = []
        self.quiet: _Quiet | None = None
        self.build: tuple[Any, Any, Any, Any] | None = None  # config, files, nav, env

    def start(self, pages: Iterable[Any], config: Any, files: Any, nav: Any, env: Any) -> None:
        """Fork; the copy builds every other page of `pages`, this process gives them an empty template."""
        share = list(pages)[1::2]
        if not share:
            return
        doc_files = files.documentation_pages()
        forked = _fork()
        if forked is None:  # no second process here: build them all in this one
            return
        pid, fd = forked
        if pid == 0:  # the copy: build its share, report what it logged, and leave at once
            _child(share, config, doc_files, nav, env, fd)
        self.pid, self.fd, self.pages = pid, fd, share
        self.build = (config, files, nav, env)
        self.templates = [page.meta.get("template") for page in share]
        for page in share:
            page.meta["template"] = SKIP_TEMPLATE
        self.quiet = _Quiet({page.file.src_uri for page in share})
        logging.getLogger("mkdocs.commands.build").addFilter(self.quiet)

    def finish(self) -> None:
        """Wait for the copy and log what it logged; build its pages here if it failed."""
        if self.pid is None or self.fd is None or self.build is None:
            return
        config, files, nav, env = self.build
        self.build = None
        chunks, code = _read_all(self.fd), 1
        if chunks is None:  # stuck (it never should be): this process builds its pages
            self.stop_child()
        else:
            code = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        os.close(self.fd)
        self.pid = self.fd = None
        self._restore()
        try:
            records = json.loads(b"".join(chunks or []) or b"null")
        except ValueError:
            records = None
        if code == 0 and isinstance(records, list):
            for name, level, message in records:
                logging.getLogger(str(name)).log(int(level), "%s", message)
            return
        logging.getLogger("mkdocs.plugins.rolodex").info("rolodex: the second process failed; building its pages here")
        doc_files = files.documentation_pages()
        for page in self.pages:
            mkdocs_build._build_page(page, config, doc_files, nav, env)

    def stop_child(self) -> None:
        if self.pid is not None:
            _end(self.pid)
            self.pid = None

    def stop(self) -> None:
        """The build failed: end the copy, if any."""
        self.stop_child()
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None
        self.build = None
        self._restore()

    def _restore(self) -> None:
        for page, template in zip(self.pages, self.templates):
            if template is None:
                page.meta.pop("template", None)
            else:
                page.meta["template"] = template
        self.templates = []
        if self.quiet is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self.quiet)
            self.quiet = None


def _fork() -> tuple[int, int] | None:
    """A forked copy with a pipe from it to this process: (0, the pipe's write end) in the copy,
    (its pid, the read end) here; None when no process can be made."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    os.close(read if pid == 0 else write)
    return pid, write if pid == 0 else read


def _end(pid: int) -> None:
    """End a copy (done by now, unless the build failed first) and reap it."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _read_all(fd: int, timeout: float = TIMEOUT) -> list[bytes] | None:
    """Everything the copy writes until it closes the pipe; None after `timeout` seconds of silence."""
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return chunks
        chunks.append(chunk)


def _child(pages: list[Any], config: Any, doc_files: Any, nav: Any, env: Any, fd: int) -> None:
    """The copy's whole life: it never returns into the build."""
    code = 1
    try:
        capture = _Capture()
        for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
            if isinstance(logger, logging.Logger):
                logger.handlers = []
                logger.propagate = True
        logging.getLogger().addHandler(capture)
        try:
            for page in pages:
                mkdocs_build._build_page(page, config, doc_files, nav, env)
            code = 0
        finally:
            with os.fdopen(fd, "wb") as pipe:
                pipe.write(json.dumps(capture.records if code == 0 else None).encode("utf-8"))
    except BaseException:  # the parent builds these pages itself
        code = 1
    finally:
        os._exit(code)


# --- generation -------------------------------------------------------------------------


def generate(inp: SiteInput, site: Site | None = None) -> dict[str, str | bytes]:
    """`pages.generate`, with the record pages at the end of its order made meanwhile by a forked
    process (at `MIN_PAGES` records or more, when `wanted`): the same pages either way."""
    site = site or Site(inp)
    contacts = [c.slug for c in site.contacts]
    meetings = [m.slug for m in site.meetings]
    if not wanted(len(contacts) + len(meetings)):
        return pages.generate(inp, site=site)
    # Measured at 1k + 3k: a contact's page costs about six times a meeting's (its drafts), and
    # the hubs and the calendar, which this process makes, about 1.15 meeting pages per record.
    # The copy takes the records at the end of the order worth half of it all.
    budget = (6 * len(contacts) + len(meetings) + (len(contacts) + len(meetings)) * 115 // 100) // 2
    theirs_m = meetings[max(0, len(meetings) - budget) :]
    budget -= len(theirs_m)
    theirs_c = contacts[max(0, len(contacts) - budget // 6) :] if budget >= 6 else []
    later = _Later(inp, site, theirs_c, theirs_m)
    try:
        return pages.generate(inp, kept=later, site=site)
    finally:
        later.close()


class _Later(Mapping[str, "str | bytes"]):
    """Record pages a forked copy is making: read from it when first asked for. If the copy
    fails, they are missing here, and `pages.generate` makes them itself."""

    def __init__(self, inp: SiteInput, site: Site, contacts: list[str], meetings: list[str]) -> None:
        self.paths = {contact_page(s) for s in contacts} | {meeting_page(s) for s in meetings}
        self.pages: dict[str, str | bytes] | None = None
        self.pid: int | None = None
        self.fd: int | None = None
        forked = _fork()
        if forked is None:
            self.pages = {}
            return
        pid, fd = forked
        if pid == 0:
            code = 1
            try:
                made = pages.record_pages(inp, contacts, meetings, site)
                with os.fdopen(fd, "wb") as pipe:
                    pickle.dump(made, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        self.pid, self.fd = pid, fd

    def _load(self) -> dict[str, str | bytes]:
        if self.pages is None:
            chunks = _read_all(self.fd) if self.fd is not None else None
            self.close()
            try:
                made = pickle.loads(b"".join(chunks)) if chunks else {}  # our own child's, never a file's
            except (pickle.UnpicklingError, EOFError, ValueError):
                made = {}
            self.pages = made if isinstance(made, dict) else {}
        return self.pages

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            _end(self.pid)
            self.pid = None

    def get(self, key: str, default: Any = None) -> Any:
        return self._load().get(key, default) if key in self.paths else default

    def __getitem__(self, key: str) -> str | bytes:
        page = self.get(key)
        if page is None:
            raise KeyError(key)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)
