"""Where a draft's template comes from and how it runs: the KB's own template or the built-in
one (`template_source`), a Jinja sandbox that reads includes from the templates folder only
and never follows a link out of it, template values that fail loudly with a suggestion
(`Record`), and `fill`, which renders a template into `(subject, body)`.

User templates are data, not code: every mistake in one is a `TemplateError` reading
`path:line: error: message`, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.utils import missing

from rolodex.core.identity import did_you_mean
from rolodex.core.model import KB
from rolodex.drafts import catalog, limits
from rolodex.drafts.articles import the as _the

# Every name a template can use; the others are an error with a suggestion.
VARIABLES = (
    "me",
    "contact",
    "meeting",
    "last_meeting",
    "referrer",
    "referral",
    "nudge",
    "task",
    "schedule",
    "item",
    "today",
)
SUBJECT = re.compile(r"^Subject:[ \t]*", re.IGNORECASE)
MAX_TEMPLATE_BYTES = 256 * 1024  # a template is a short letter: a bigger one is a mistake


class DraftError(Exception):
    """No draft could be made; the message says why, for people."""


class TemplateError(DraftError):
    """A template that cannot be used: `path:line: error: message`."""

    def __init__(self, path: str, line: int | None, message: str):
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: error: {message}")
        self.path = path
        self.line = line
        self.message = message


# --- templates ------------------------------------------------------------------------


def template_source(kb: KB, kind: str) -> tuple[str, str]:
    """`(path, text)` of the template for `kind`: the KB's own file if it has one, else the default."""
    rel = catalog.own_path(kb.settings, kind)
    if kb.root is not None:
        path = Path(kb.root) / rel
        if path.is_file():
            real = Path(os.path.realpath(path))
            folder = templates_folder(kb)
            if folder is None or not real.is_relative_to(os.path.realpath(folder)):
                # its text would go into drafts and the site's mail links: a link out is not followed,
                # as for includes (another file of the KB, `.git/config`, is no template either)
                where = (
                    "the templates folder" if real.is_relative_to(os.path.realpath(kb.root)) else "the knowledge base"
                )
                raise TemplateError(rel, None, f"a symbolic link to a file outside {where}; not read")
            try:
                if path.stat().st_size > MAX_TEMPLATE_BYTES:
                    raise TemplateError(rel, None, f"larger than {MAX_TEMPLATE_BYTES // 1024} KiB; not read")
                return rel, path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
            except UnicodeDecodeError:
                raise TemplateError(rel, None, "not UTF-8 text; save the template as UTF-8") from None
            except OSError as exc:
                raise TemplateError(rel, None, f"cannot read: {exc.strerror}") from None
    return f"(built-in) {kind}.md", catalog.builtin_text(kind)


def templates_folder(kb: KB) -> Path | None:
    """The folder includes read from: the KB's templates folder, if it is a folder inside the KB."""
    if kb.root is None:
        return None
    folder = Path(kb.root) / kb.settings.templates_dir
    if not folder.is_dir() or not Path(os.path.realpath(folder)).is_relative_to(os.path.realpath(kb.root)):
        return None
    return folder


class Undefined(jinja2.Undefined):
    """Fails loudly when printed or looped over, with a helpful message, but is false in `{% if %}`."""

    __slots__ = ()
    __str__ = __iter__ = __len__ = jinja2.Undefined._fail_with_undefined_error

    @property
    def _undefined_message(self) -> str:
        name, obj = self._undefined_name, self._undefined_obj
        if self._undefined_hint:
            return self._undefined_hint
        if obj is missing:
            return f"unknown variable '{name}'{did_you_mean(str(name), VARIABLES)}"
        if isinstance(obj, Record):
            return f"'{obj.label}' has no field '{name}'{did_you_mean(str(name), obj.fields)}"
        return f"{jinja2.utils.object_type_repr(obj)} has no attribute '{name}'"


class Record:
    """A read-only bag of template values: `contact.name`; prints as its `name`."""

    def __init__(self, label: str, **values: Any):
        self.label = label
        self.fields = tuple(values)
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __str__(self) -> str:
        return str(self._values.get("name", ""))


def absent(what: str, kind: str, guard: str) -> Undefined:
    return Undefined(hint=f"there is no '{what}' for a {kind} item; guard it with {{% if {guard} %}}")


def _finalize(value: Any) -> Any:
    return "" if value is None else value


class _FolderLoader(jinja2.BaseLoader):
    """`{% include %}`, `{% import %}` and `{% extends %}` read from the templates folder only.

    Jinja's own FileSystemLoader refuses '..' and absolute names but follows symbolic links:
    `sign.md -> /etc/passwd`, or a linked folder, would put any readable file into drafts and
    the site's mail links. Here every name is resolved to its real path first, and refused
    unless that path is a regular file inside the (real) templates folder.
    """

    def __init__(self, folder: Path):
        self.folder = os.path.realpath(folder)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = jinja2.loaders.split_template_path(template)  # TemplateNotFound for '..'
        path = os.path.join(self.folder, *pieces)
        real = os.path.realpath(path)
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        if os.path.commonpath([real, self.folder]) != self.folder:
            raise jinja2.TemplateError(f"'{template}' is a symbolic link leading out of the templates folder; not read")
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with open(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise jinja2.TemplateError(f"'{template}' is not a regular file; not read")
                data = handle.read(MAX_TEMPLATE_BYTES + 1)
        except OSError as exc:
            raise jinja2.TemplateError(f"cannot read '{template}': {exc.strerror}") from None
        if len(data) > MAX_TEMPLATE_BYTES:
            raise jinja2.TemplateError(f"'{template}' is larger than {MAX_TEMPLATE_BYTES // 1024} KiB; not read")
        try:
            source = data.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise jinja2.TemplateError(f"'{template}' is not UTF-8 text; save it as UTF-8") from None
        mtime = os.path.getmtime(real)
        return source, real, lambda: os.path.exists(real) and os.path.getmtime(real) == mtime


def _environment(today: dt.date, folder: Path | None) -> limits.LimitedSandbox:
    loader = _FolderLoader(folder) if folder is not None else None
    env = limits.LimitedSandbox(
        autoescape=False,
        undefined=Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_finalize,
        loader=loader,
    )
    env.filters["longdate"] = lambda d: _longdate(d, today)
    env.filters["month"] = lambda d: _month(d, today)
    env.filters["the"] = _the
    env.guard_filters()
    return env


def _longdate(value: Any, today: dt.date) -> str:
    """Tuesday 24 November (the year only when it isn't this year's)."""
    if not isinstance(value, dt.date):
        return str(value)
    text = f"{value:%A} {value.day} {value:%B}"
    return text if value.year == today.year else f"{text} {value.year}"


def _month(value: Any, today: dt.date) -> str:
    if not isinstance(value, dt.date):
        return str(value)
    return f"{value:%B}" if value.year == today.year else f"{value:%B} {value.year}"


_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}")


def _keep_inline_breaks(source: str) -> str:
    """A line holding only `{% %}` tags vanishes (trim_blocks); any other line keeps its break.

    Plain `trim_blocks` would also eat the line break after `…{% endif %}` at the end of a
    line of text, which surprises anyone writing an email; `+%}` turns that off per tag.
    The line count is unchanged, so errors keep their line numbers.
    """
    out = []
    for line in source.split("\n"):
        stripped = line.rstrip()
        if stripped.endswith("%}") and not stripped.endswith(("-%}", "+%}")) and _TAG.sub("", line).strip():
            line = stripped[:-2] + "+%}" + line[len(stripped) :]
        out.append(line)
    return "\n".join(out)


def _error_line(exc: BaseException, path: str) -> int | None:
    """The template line a rendering error happened on (Jinja rewrites tracebacks to template lines)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == path:
            return frame.lineno
    return None


@functools.lru_cache(maxsize=64)
def _compiled(path: str, source: str, today: dt.date, folder: Path | None) -> jinja2.Template:
    """A template compiled once per text and day: the site drafts thousands of messages per build."""
    env = _environment(today, folder)
    code = env.compile(_keep_inline_breaks(source), name=path, filename=path)
    return env.template_class.from_code(env, code, env.make_globals(None))


def fill(
    path: str, source: str, context: dict[str, Any], today: dt.date, folder: Path | None = None
) -> tuple[str, str]:
    """Render one template (`path` only names it in errors) into `(subject, body)`.

    `{% include "name.md" %}` reads from `folder` (the KB's templates folder), if given.
    """
    first = source.split("\n", 1)[0]
    if not SUBJECT.match(first):
        raise TemplateError(path, 1, "a template starts with a line 'Subject: …', then a blank line, then the body")
    try:
        with limits.budget():
            text = limits.output(_compiled(path, source, today, folder).generate(context))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(path, exc.lineno, exc.message or "syntax error") from None
    except jinja2.TemplateNotFound as exc:
        where = "the templates folder" if folder is not None else "the built-in templates"
        raise TemplateError(path, _error_line(exc, path), f"no template '{exc.name}' to include in {where}") from None
    except jinja2.TemplateError as exc:  # undefined values, sandbox refusals
        raise TemplateError(path, _error_line(exc, path), str(exc.message or exc)) from None
    except Exception as exc:
        raise TemplateError(path, _error_line(exc, path), f"{type(exc).__name__}: {exc}") from None
    head, _, body = text.partition("\n")
    if not SUBJECT.match(head):
        raise TemplateError(path, 1, "the first line of the result must be 'Subject: …'")
    subject = " ".join(SUBJECT.sub("", head).split())
    return subject, _tidy(body)


def _tidy(body: str) -> str:
    lines = [line.rstrip() for line in body.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n")
