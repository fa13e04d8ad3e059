"""Calendars to read: .ics files (or folders of them) and CalDAV calendars, read-only.

A CalDAV source is the calendar's URL (`https://you@dav.example.com/calendars/you/work/`);
the password comes from `ROLODEX_CALDAV_PASSWORD` or the system keyring (`keyring set
rolodex-caldav you@dav.example.com`), never from the URL or mkdocs.yml. Only that URL
is asked: no discovery through DNS, and plain http only to this computer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from rolodex.capture import access
from rolodex.capture.access import SourceError
from rolodex.capture.calplan import CalEvent, events
from rolodex.core.hosts import is_loopback

PASSWORD_ENV = "ROLODEX_CALDAV_PASSWORD"
KEYRING_SERVICE = "rolodex-caldav"
TIMEOUT = 60


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read(sources: tuple[str, ...]) -> tuple[list[CalEvent], list[tuple[str, str]]]:
    """The events of every source (an .ics file, a folder of them, a CalDAV URL) and the
    problems met, as (where, why). A source that cannot be read at all raises SourceError."""
    found: list[CalEvent] = []
    problems: list[tuple[str, str]] = []
    for source in sources:
        got, trouble = read_caldav(source) if is_url(source) else read_files(source)
        found += got
        problems += trouble
    return found, problems


def read_files(path: str, tz: dt.tzinfo | None = None) -> tuple[list[CalEvent], list[tuple[str, str]]]:
    """The events of an .ics file, or of every .ics file in a folder (and its subfolders)."""
    root = Path(path)
    if root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.suffix.lower() == ".ics" and p.is_file())
    elif root.is_file():
        files = [root]
    else:
        raise SourceError(f"{path}: no such file or folder")
    found: list[CalEvent] = []
    problems: list[tuple[str, str]] = []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            problems.append((str(file), f"cannot read ({exc.strerror})"))
            continue
        got, trouble = events(data, str(file), tz)
        found += got
        problems += trouble
    return found, problems


def read_caldav(
    url: str, tz: dt.tzinfo | None = None, environ: Mapping[str, str] | None = None
) -> tuple[list[CalEvent], list[tuple[str, str]]]:
    """The events of one CalDAV calendar (its URL, with the user name in it)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in (parts.netloc.rpartition("@")[0]):
        raise SourceError(f"{parts.scheme}://…: no password in the URL; set {PASSWORD_ENV} or use the system keyring")
    if parts.scheme.lower() == "http" and not is_loopback(host):
        raise SourceError(f"{url}: http:// sends your password unencrypted; use https://")
    user = unquote(parts.username or "")
    netloc = parts.netloc.rpartition("@")[2]
    plain_url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    label = plain_url
    secret = access.password(PASSWORD_ENV, KEYRING_SERVICE, f"{user}@{host}", label, environ) if user else None
    try:
        from caldav.davclient import DAVClient
        from caldav.lib import error as caldav_error
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise SourceError("reading CalDAV needs the 'caldav' package (pip install caldav)") from None
    try:
        with DAVClient(
            url=plain_url,
            username=user or None,
            password=secret,
            timeout=TIMEOUT,
            enable_rfc6764=False,
            require_tls=not is_loopback(host),
        ) as client:
            calendar = client.calendar(url=plain_url)
            objects = calendar.events()
            found: list[CalEvent] = []
            problems: list[tuple[str, str]] = []
            for obj in objects:
                got, trouble = events(obj.data, f"{label} {obj.url}", tz)
                found += got
                problems += trouble
    except caldav_error.AuthorizationError:
        raise SourceError(f"{label}: the server refused the user name or password") from None
    except caldav_error.DAVError as exc:
        raise SourceError(
            f"{label}: the server did not give the calendar ({' '.join(str(exc).split())[:200]})"
        ) from None
    except (OSError, ValueError) as exc:
        raise SourceError(f"{label}: cannot connect ({' '.join(str(exc).split())[:200]})") from None
    except Exception as exc:  # the HTTP library's own errors (connection refused, TLS)
        raise SourceError(
            f"{label}: cannot read the calendar ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})"
        ) from None
    return found, problems
