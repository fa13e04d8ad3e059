"""Done and Snooze from the browser, under `rolodex serve` only.

`Actions.wrap(app)` wraps the serve command's WSGI application. It answers
`POST /_rolodex/done` and `POST /_rolodex/snooze` by calling the same library code as
`rolodex done` and `rolodex snooze` (a minimal, atomic edit of one file); the file
watcher then rebuilds the site and the page reloads with the result. It also writes a
per-run token into every HTML page it serves, which the buttons send back.

A write is refused unless all of these hold, so that no other web page or program can
make one: the server listens on a loopback address; the request is a POST (no GET
writes); its Host is this server by a loopback name (no DNS rebinding); its Origin is
that same address (no other site's form or script); it carries the token, which only a
page of this site can read; and its body is a small JSON object.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PREFIX = "/_rolodex/"
MAX_BODY = 4096
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


class ActionError(Exception):
    """An action that could not be done; the message says why, for people."""


@dataclass(frozen=True)
class Result:
    message: str  # `path:line: what changed`, as the command prints it


# name -> function(data) -> Result; raises ActionError
Handler = Callable[[dict[str, Any]], Result]


class Actions:
    """The write endpoints of one `rolodex serve` run and its token."""

    def __init__(self, port: int, handlers: dict[str, Handler]):
        self.port = port
        self.handlers = handlers
        self.token = secrets.token_urlsafe(32)
        self._lock = threading.Lock()  # one edit at a time
        self.hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}

    # --- WSGI -------------------------------------------------------------------------

    def wrap(self, app: Callable) -> Callable:
        def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "")
            if path.startswith(PREFIX):
                status, body = self.answer(environ, path[len(PREFIX) :])
                data = json.dumps(body).encode("utf-8")
                start_response(
                    status,
                    [
                        ("Content-Type", "application/json"),
                        ("Content-Length", str(len(data))),
                        ("Cache-Control", "no-store"),
                    ],
                )
                return [data]
            return self._with_token(app, environ, start_response)

        return application

    def _with_token(self, app: Callable, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """The page as the server sends it, with this run's token in its <head> (HTML asked for by our name)."""
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            captured[:] = [status, headers, exc_info]
            return lambda data: None  # nothing in MkDocs' server writes this way

        result = app(environ, capture)
        status, headers, exc_info = captured
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not (status.startswith("200") and kind.startswith("text/html") and self._our_host(environ)):
            start_response(status, headers, exc_info)
            return result
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        meta = f'<meta name="rolodex-serve" content="{self.token}" data-endpoint="{PREFIX}">'.encode()
        at = content.find(b"</head>")
        if at >= 0:
            content = content[:at] + meta + content[at:]
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(content))))
        start_response(status, headers, exc_info)
        return [content]

    def _our_host(self, environ: dict) -> bool:
        return environ.get("HTTP_HOST", "").lower() in self.hosts

    # --- one request ------------------------------------------------------------------

    def answer(self, environ: dict, name: str) -> tuple[str, dict[str, Any]]:
        """(HTTP status, JSON body) for a request to an action."""
        if environ.get("REQUEST_METHOD") != "POST":
            return "405 Method Not Allowed", {"ok": False, "message": "only POST changes anything"}
        refused = self.refusal(environ)
        if refused:
            return "403 Forbidden", {"ok": False, "message": refused}
        handler = self.handlers.get(name)
        if handler is None:
            return "404 Not Found", {"ok": False, "message": f"no action '{name}'"}
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            return "400 Bad Request", {"ok": False, "message": "expected a small JSON body"}
        try:
            data = json.loads(environ["wsgi.input"].read(length))
        except (ValueError, UnicodeDecodeError):
            return "400 Bad Request", {"ok": False, "message": "expected a JSON object"}
        if not isinstance(data, dict):
            return "400 Bad Request", {"ok": False, "message": "expected a JSON object"}
        try:
            with self._lock:
                result = handler(data)
        except ActionError as exc:
            return "409 Conflict", {"ok": False, "message": str(exc)}
        return "200 OK", {"ok": True, "message": result.message}

    def refusal(self, environ: dict) -> str | None:
        """Why a request may not write, or None when it may."""
        host = environ.get("HTTP_HOST", "").lower()
        if host not in self.hosts:
            return "writes are accepted only at this computer's own address"
        origin = environ.get("HTTP_ORIGIN", "").lower()
        if origin != f"http://{host}":
            return "writes are accepted only from this site's own pages"
        if environ.get("HTTP_SEC_FETCH_SITE", "same-origin") != "same-origin":
            return "writes are accepted only from this site's own pages"
        if (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower() != "application/json":
            return "expected a JSON body"
        token = environ.get("HTTP_X_ROLODEX_TOKEN", "")
        if not hmac.compare_digest(token.encode(), self.token.encode()):
            return "this page is from another run of rolodex serve: reload it"
        return None


def handlers(root: Path, today: Callable[[], dt.date]) -> dict[str, Handler]:
    """`done` and `snooze` on the KB at `root`, through the library code of `rolodex done` and
    `rolodex snooze` (write/closing.py); `today` is asked at each request (serve may run past midnight)."""
    from rolodex.session import Session
    from rolodex.write import closing
    from rolodex.write.apply import WriteFailed, failure_text

    def fresh_kb():
        return Session(root).kb  # the files as they are now: an edit made since the last rebuild counts

    def done(data: dict[str, Any]) -> Result:
        item_id = data.get("id")
        if not isinstance(item_id, str) or not item_id:
            raise ActionError("which item? (expected its id)")
        try:
            return Result(closing.close_item(root, fresh_kb(), item_id, today()).message)
        except WriteFailed as exc:
            raise ActionError(failure_text(exc)) from None

    def snooze(data: dict[str, Any]) -> Result:
        slug, until = data.get("contact"), data.get("until")
        if not isinstance(slug, str) or not isinstance(until, str):
            raise ActionError("whom, and until when? (expected a contact and a date)")
        try:
            day = dt.date.fromisoformat(until)
        except ValueError:
            raise ActionError(f"expected a date YYYY-MM-DD, got {until!r}") from None
        try:
            return Result(closing.snooze(root, fresh_kb(), slug, day, today()).message)
        except WriteFailed as exc:
            raise ActionError(failure_text(exc)) from None

    return {"done": done, "snooze": snooze}
