"""Commands that write: `new contact`, `new meeting`, `log`, `edit` (FORMAT §7; `done` and
`remind` are in cli/close.py).

A thin layer: find the file through the session, let `write/` make and write the change
(`creating` for new files, `edit` through `apply.edit_file` for edits, `closing` for
snooze), and print `path:line: what changed` (or, with --dry-run, the diff instead).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NoReturn

import click

from rolodex.cli.app import App, date_type, main, pass_app, today_option
from rolodex.cli.output import count, echo, problem_line
from rolodex.core import identity
from rolodex.core.identity import did_you_mean
from rolodex.core.model import MEETING_KINDS, PRIORITIES, TOUCH_KINDS, Touch
from rolodex.kb.files import SourceFile
from rolodex.write import closing, creating, edit
from rolodex.write.apply import Created, WriteFailed

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def dry_run_option(f):
    return click.option("--dry-run", is_flag=True, help="Print the change as a diff instead of writing it.")(f)


def fail_write(app: App, exc: WriteFailed) -> NoReturn:
    """Say why nothing was written, as every write command says it, and exit 1."""
    for problem in exc.problems:
        echo(problem_line(problem, app.rel(problem.path)), err=True)
    if exc.problem is not None:
        _fail(problem_line(exc.problem, app.rel(exc.problem.path)))
    if exc.path is not None:
        _fail(f"{app.rel(exc.path)}: error: {exc.reason}")
    raise click.ClickException(exc.said(app.rel))


def _fail(message: str) -> NoReturn:
    echo(message, err=True)
    raise SystemExit(1)


def edited(app: App, change: edit.Change, dry_run: bool, summary: str | None = None) -> None:
    """Print an edit: its diff with --dry-run, else `path:line: what changed` (`summary`, or the change's)."""
    if dry_run:
        echo(change.diff(), nl=False)
    else:
        echo(f"{app.rel(change.path)}:{change.line}: {change.summary if summary is None else summary}")


def find_file(app: App, slug: str, *kinds: str) -> SourceFile:
    """The file of `slug` among these kinds, or a usage error with a did-you-mean."""
    source = app.session.file(slug, *kinds)
    if source is None:
        hint = did_you_mean(slug, [s.slug for s in app.session.files(*kinds)])
        raise click.ClickException(f"no {' or '.join(kinds)} '{slug}'{hint}")
    return source


def _created(app: App, created: Created, dry_run: bool) -> None:
    echo(created.diff() if dry_run else app.rel(created.path), nl=not dry_run)


@main.group("new", context_settings={"help_option_names": ["-h", "--help"]})
def new() -> None:
    """Create a contact or a meeting file, from the KB's _template.md when it has one.

    \b
    Examples:
      rolodex new contact "Zoë O'Brien" --company Acme --tag mentor
      rolodex new meeting zoe-obrien --date 2026-12-03 --time 09:30
    """


def _links(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """`--link NAME=URL`, repeatable, as the contact's `links` mapping."""
    links: dict[str, str] = {}
    for value in values:
        name, sep, url = value.partition("=")
        name, url = name.strip(), url.strip()
        if not sep or not name or re.search(r"[:/\s]", name) or not url:
            if "://" in value or value.lower().startswith("www."):
                bare = value.strip().lstrip("=")
                hint = f"; did you mean --link {_link_name(bare)}={bare}?"
            else:
                hint = ", e.g. --link linkedin=https://www.linkedin.com/in/jane-doe"
            raise click.BadParameter(f"expected NAME=URL, got {value!r}{hint}")
        if name in links:
            raise click.BadParameter(f"'{name}' is given twice; give each link once")
        links[name] = url
    return links


def _link_name(url: str) -> str:
    """A name for a link, from its site: `https://www.linkedin.com/in/x` → `linkedin`."""
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/", 1)[0]
    parts = [p for p in host.split(".") if p not in ("www", "m", "mobile")]
    return parts[-2] if len(parts) >= 2 else "website"


def _slug_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None or identity.is_slug(value):
        return value
    fixed = identity.slug(value)
    hint = f"; did you mean --slug {fixed}?" if fixed else ", e.g. --slug jane-doe"
    raise click.BadParameter(f"{value!r} is not a slug: lowercase a-z, 0-9 and single hyphens{hint}")


@new.command("contact")
@click.argument("name")
@click.option(
    "--slug", metavar="SLUG", callback=_slug_option, help="File name to use instead of the one made from NAME."
)
@click.option("--title", metavar="TEXT", help="Role or job title.")
@click.option("--company", metavar="TEXT", help="Employer.")
@click.option("--field", metavar="TEXT", help="Field or industry (drafts say 'how you got into …').")
@click.option("--location", metavar="TEXT", help="City.")
@click.option("--email", "emails", multiple=True, metavar="ADDRESS", help="Email address (repeatable).")
@click.option("--phone", metavar="TEXT", help="Phone number, kept exactly as typed.")
@click.option(
    "--link",
    "links",
    multiple=True,
    callback=_links,
    metavar="NAME=URL",
    help="A link, e.g. linkedin=URL (repeatable).",
)
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeatable).")
@click.option("--referred-by", metavar="SLUG", help="Slug of the contact who introduced you.")
@click.option("--source", metavar="TEXT", help="How you found them (drafts open with it): 'alumni directory'.")
@click.option("--goal", metavar="TEXT", help="Why you want to meet them (shown on the meet list).")
@click.option("--priority", type=click.Choice(PRIORITIES), help="How soon to reach out, for the meet list.")
@dry_run_option
@pass_app
def new_contact(
    app: App,
    name: str,
    slug: str | None,
    title: str | None,
    company: str | None,
    field: str | None,
    location: str | None,
    emails: tuple[str, ...],
    phone: str | None,
    links: dict[str, str],
    tags: tuple[str, ...],
    referred_by: str | None,
    source: str | None,
    goal: str | None,
    priority: str | None,
    dry_run: bool,
) -> None:
    """Create contacts/<slug>.md for NAME and print its path.

    The slug comes from the name (Zoë O'Brien → zoe-obrien). Nothing is changed
    when a contact with that slug exists anywhere under contacts/. Keys of your
    contacts/_template.md that you don't give stay in the file as comments
    (`# goal: …`), to fill in later.

    \b
    Examples:
      rolodex new contact "Zoë O'Brien" --company "Harborview PR" --tag agency
      rolodex new contact "Ann Lee" --title "Press Secretary" --company "City of Riverton" \\
          --field "Public affairs" --location Riverton --email ann@example.org \\
          --link linkedin=https://www.linkedin.com/in/ann-lee --source "alumni directory" \\
          --goal "Learn how she moved into public affairs" --priority high
      $EDITOR "$(rolodex new contact 'Jane Doe' --referred-by hector-vargas)"
    """
    if not name.strip():
        raise click.BadParameter("the name is empty", param_hint="NAME")
    texts = {"title": title, "company": company, "field": field, "location": location, "phone": phone}
    texts |= {"source": source, "goal": goal}
    try:
        created = creating.new_contact(
            app.root,
            app.session.settings,
            app.session.files("contact"),
            name,
            slug=slug,
            texts=texts,
            emails=emails,
            links=links,
            tags=tags,
            referred_by=referred_by,
            priority=priority,
            dry_run=dry_run,
        )
    except WriteFailed as exc:
        fail_write(app, exc)
    _created(app, created, dry_run)


def _time(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    m = _TIME.match(value)
    if not m:
        raise click.BadParameter(f"expected a time HH:MM (24-hour), got {value!r}")
    return f"{int(m[1]):02d}:{m[2]}"


@new.command("meeting")
@click.argument("slugs", nargs=-1, required=True, metavar="SLUG...")
@click.option("--date", "day", required=True, callback=date_type, metavar="YYYY-MM-DD", help="The meeting's date.")
@click.option("--time", callback=_time, metavar="HH:MM", help="The time it starts.")
@click.option("--location", metavar="TEXT", help="Where.")
@click.option("--kind", type=click.Choice(MEETING_KINDS), help="What kind of meeting (default: informational).")
@dry_run_option
@pass_app
def new_meeting(
    app: App,
    slugs: tuple[str, ...],
    day: dt.date,
    time: str | None,
    location: str | None,
    kind: str | None,
    dry_run: bool,
) -> None:
    """Create meetings/<date>-<first slug>.md with the contacts SLUG... and print its path.

    The file gets empty '## Research', '## Questions' and '## Notes' sections; a -2,
    -3 suffix is added when the name is taken. Keys of your meetings/_template.md
    that you don't give (questions, referrals, follow_ups, thank_you…) stay in the
    file as comments, showing where they go.

    \b
    Examples:
      rolodex new meeting jane-doe --date 2026-12-03 --time 09:30 --location "City Hall cafe"
      rolodex new meeting jane-doe john-smith --date 2026-12-10 --kind coffee
    """
    session = app.session
    try:
        created = creating.new_meeting(
            app.root,
            session.settings,
            session.files("contact"),
            session.files("meeting"),
            slugs,
            day,
            time=time,
            location=location,
            kind=kind,
            dry_run=dry_run,
        )
    except WriteFailed as exc:
        fail_write(app, exc)
    _created(app, created, dry_run)


# --- log and done ----------------------------------------------------------------------------


@main.command("log")
@click.argument("slug")
@click.argument("kind", type=click.Choice(TOUCH_KINDS), metavar="KIND")
@click.option("--date", "day", callback=date_type, metavar="YYYY-MM-DD", help="When (default: today; not after today).")
@click.option("--note", metavar="TEXT", help="A short note about it.")
@click.option("--force", is_flag=True, help="Record it even with a --date after today.")
@dry_run_option
@today_option
@pass_app
def log(
    app: App, slug: str, kind: str, day: dt.date | None, note: str | None, force: bool, dry_run: bool, today: dt.date
) -> None:
    """Record a touch (an outreach, a reply, a call…) on a contact.

    KIND is one of: outreach, reply, thank-you, check-in, call, message, note.

    Appends {date, kind, note} to the contact's `touches`, changing nothing else.
    A touch records what already happened: a --date after today is refused
    unless --force (plan ahead with `rolodex new meeting` instead).

    \b
    Examples:
      rolodex log kenji-watanabe outreach --note "Cold email asking for 15 minutes"
      rolodex log tobias-reed reply --date 2026-11-24
    """
    source = find_file(app, slug, "contact")
    touch = Touch(day or today, kind, note)
    try:
        written = closing.log(app.root, source.path, touch, today, force=force, dry_run=dry_run)
    except WriteFailed as exc:
        fail_write(app, exc)
    for warning in written.warnings:
        echo(warning, err=True)
    edited(app, written.change, dry_run)


@main.command("snooze")
@click.argument("slug")
@click.option(
    "--until", "until", required=True, callback=date_type, metavar="YYYY-MM-DD", help="The day follow-ups resume."
)
@dry_run_option
@today_option
@pass_app
def snooze(app: App, slug: str, until: dt.date, dry_run: bool, today: dt.date) -> None:
    """Pause every follow-up for a contact until a day: writes `snooze_until`.

    Nothing about them is due before that day (FORMAT §2); on that day their items
    come back as they would have been. The site's Snooze… button does the same
    under `rolodex serve`.

    \b
    Examples:
      rolodex snooze andre-thompson --until 2027-01-12
    """
    try:
        written = closing.snooze(app.root, app.kb, slug, until, today, dry_run=dry_run)
    except WriteFailed as exc:
        fail_write(app, exc)
    edited(app, written.change, dry_run, written.summary)


# --- edit -------------------------------------------------------------------------------------


@main.command("edit")
@click.argument("slug")
@today_option
@pass_app
def edit_(app: App, slug: str, today: dt.date) -> None:
    """Open a contact (or a meeting, by its slug) in $VISUAL / $EDITOR, then check it.

    When the editor closes, the file's problems are printed as `rolodex check`
    would; the exit status is 1 when there is an error.

    \b
    Examples:
      rolodex edit jane-doe
      EDITOR=code\\ --wait rolodex edit 2026-12-03-jane-doe
    """
    source = find_file(app, slug, "contact", "meeting")
    click.edit(filename=source.abspath)
    mine = [p for p in app.session.fresh().problems(today) if p.path == source.path]
    for problem in mine:
        echo(problem_line(problem, app.rel(problem.path)))
    errors = sum(p.severity == "error" for p in mine)
    if mine:
        echo(f"{count(errors, 'error')}, {count(len(mine) - errors, 'warning')} in {app.rel(source.path)}")
    else:
        echo(f"✓ {app.rel(source.path)}: no problems")
    if errors:
        raise SystemExit(1)
