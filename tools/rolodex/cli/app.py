"""What every command shares: the `main` group, the `App` (where the KB is, and its session),
`--today` and `--date`. The clock is read only here, behind `--today`.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cached_property
from pathlib import Path

import click

from rolodex import __version__
from rolodex.core.model import KB
from rolodex.kb.configfile import KBNotFound, find_root
from rolodex.rules.followups import today_problem
from rolodex.session import Session

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class KBError(click.ClickException):
    """No knowledge base where one is needed: a usage error (exit 2)."""

    exit_code = 2


class App:
    """What every command shares: where the KB is, and the session over it."""

    def __init__(self, kb_path: str | None):
        self.kb_path = kb_path

    @cached_property
    def root(self) -> Path:
        try:
            return find_root(Path.cwd(), self.kb_path)
        except KBNotFound as exc:
            raise KBError(str(exc)) from None

    @cached_property
    def session(self) -> Session:
        """Load, check, compute and remember: everything a command shows comes from here."""
        return Session(self.root)

    @property
    def kb(self) -> KB:
        return self.session.kb

    def rel(self, path: str) -> str:
        """A KB-relative path as the user can open it from where they stand."""
        full = self.root / path
        try:
            return os.path.relpath(full, Path.cwd()) if not os.path.isabs(path) else path
        except ValueError:  # another drive on Windows
            return str(full)


pass_app = click.make_pass_decorator(App)


def parse_today(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> dt.date:
    """`--today`: a date YYYY-MM-DD, else $ROLODEX_TODAY, else the real date."""
    if value is None:
        value = os.environ.get("ROLODEX_TODAY")
    if value is None:
        return dt.date.today()
    try:
        today = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}") from None
    problem = today_problem(today)
    if problem:
        raise click.BadParameter(problem)
    return today


def today_option(f):
    return click.option(
        "--today",
        "today",
        metavar="YYYY-MM-DD",
        callback=parse_today,
        expose_value=True,
        is_eager=True,  # before --date, whose `yesterday` counts from it
        help="Pretend today is this date (default: the real date, or $ROLODEX_TODAY).",
    )(f)


def date_type(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> dt.date | None:
    """A --date style option: YYYY-MM-DD, or today/yesterday/tomorrow counted from the command's
    --today (already parsed: it is eager), else from $ROLODEX_TODAY or the real date."""
    if value is None:
        return None
    words = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if value in words:
        today = ctx.params.get("today") if ctx is not None else None
        if not isinstance(today, dt.date):  # a command without --today
            today = parse_today(ctx, param, None)
        return today + dt.timedelta(days=words[value])
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}") from None


class _Group(click.Group):
    """The command group: error messages, which may quote a contact's name, reach the terminal
    through `output.terminal_text` like all other text for people."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            from rolodex.cli.output import terminal_text

            # click declares `message` final, but prints it only later, in `show()`: this is
            # the one place every command's error passes before it reaches the terminal.
            exc.message = terminal_text(exc.message)  # type: ignore[misc]
            raise


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--kb",
    "kb_path",
    metavar="PATH",
    envvar="ROLODEX_KB",
    help="The knowledge base folder (default: the nearest folder upwards holding mkdocs.yml; env ROLODEX_KB).",
)
@click.version_option(__version__, "-V", "--version", prog_name="rolodex")
@click.pass_context
def main(ctx: click.Context, kb_path: str | None) -> None:
    """Rolodex: your networking knowledge base in plain text.

    Contacts and meetings are Markdown files with YAML front matter in
    contacts/ and meetings/. Rolodex checks them, tells you which follow-ups
    are due, and builds a browsable site.

    \b
    Examples (start here):
      rolodex check        find mistakes in your files
      rolodex due          what to do this week
      rolodex list         your contacts and where each stands
      rolodex serve        browse the site on http://127.0.0.1:8000
    """
    ctx.obj = App(kb_path)
    if os.environ.get("NO_COLOR"):  # https://no-color.org
        ctx.color = False
