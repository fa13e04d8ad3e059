"""Commands that write: `new contact`, `new meeting`, `log`, `edit` (FORMAT §7; `done` and
`remind` are in cli/close.py).

A thin layer: find the file, let `edit` / `newfile` / `close` compute the change, let
`safewrite` put it on disk, and print `path:line: what changed` (or, with --dry-run,
the diff instead).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import click

from rolodex.cli.app import App, date_type, main, pass_app, today_option
from rolodex.cli.output import count, echo, problem_line
from rolodex.core import identity
from rolodex.core.identity import did_you_mean
from rolodex.core.model import MEETING_KINDS, PRIORITIES, TOUCH_KINDS, Problem, Touch
from rolodex.kb.files import SourceFile
from rolodex.rules import close
from rolodex.write import apply, edit, newfile, safewrite, verify

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def dry_run_option(f):
    return click.option("--dry-run", is_flag=True, help="Print the change as a diff instead of writing it.")(f)


# --- finding files ---------------------------------------------------------------------------


def _sources(app: App, kind: str) -> list[SourceFile]:
    return [f for f in app.session.snapshot.files if f.kind == kind]


def _contact_file(app: App, slug: str) -> SourceFile:
    """The contact file of a slug (case-insensitive), even one that does not parse."""
    sources = _sources(app, "contact")
    for source in sources:
        if source.slug.lower() == slug.lower():
            return source
    raise click.ClickException(f"no contact '{slug}'{did_you_mean(slug, [s.slug for s in sources])}")


def _fail(message: str) -> None:
    echo(message, err=True)
    raise SystemExit(1)


def _problem(app: App, problem: Problem) -> None:
    _fail(problem_line(problem, app.rel(problem.path)))


# --- editing an existing file ----------------------------------------------------------------


def _apply(
    app: App,
    rel: str,
    make: Callable[[edit.Document], edit.Change],
    dry_run: bool,
    check: Callable[[edit.Change], str] | None = None,
) -> None:
    """Read `rel` under a lock, compute the change, check it, and write it atomically.

    `check` may refuse (raise) or return a suffix for the printed line.
    """
    suffix = ""

    def made(doc: edit.Document) -> edit.Change:
        nonlocal suffix
        change = make(doc)
        suffix = check(change) if check else ""
        return change

    try:
        change = apply.edit_file(str(app.root / rel), rel, made, dry_run)
    except edit.EditRefused as exc:
        _problem(app, exc.problem)
    except safewrite.WriteError as exc:
        _fail(f"{app.rel(rel)}: error: {exc}")
    except OSError as exc:
        _fail(f"{app.rel(rel)}: error: cannot open the file ({exc.strerror}); nothing was written")
    if dry_run:
        echo(change.diff(), nl=False)
        return
    echo(f"{app.rel(rel)}:{change.line}: {change.summary}{suffix}")


# --- new ------------------------------------------------------------------------------------


@main.group("new", context_settings={"help_option_names": ["-h", "--help"]})
def new() -> None:
    """Create a contact or a meeting file, from the KB's _template.md when it has one.

    \b
    Examples:
      rolodex new contact "Zoë O'Brien" --company Acme --tag mentor
      rolodex new meeting zoe-obrien --date 2026-12-03 --time 09:30
    """


def read_template(app: App, folder: str) -> tuple[str | None, str]:
    rel = f"{folder}/_template.md"
    try:
        return (app.root / rel).read_bytes().decode("utf-8-sig"), rel  # CRLF kept: new files follow the template
    except FileNotFoundError:
        return None, rel
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{rel}: cannot read the template ({exc}); fix or delete it") from None


def _create(app: App, rel: str, text: str, kind: str, values: Mapping[str, Any], dry_run: bool) -> bool:
    """Write a new file made from `values` (never over an existing one); False when the name is taken."""
    data = text.encode("utf-8")
    try:
        errors = verify.new_file(kind, rel, data, values)
    except edit.EditRefused as exc:
        _problem(app, exc.problem)
    if errors:  # only a KB template can do this: say where
        for problem in errors:
            echo(problem_line(problem, rel), err=True)
        _fail(f"Error: the new {kind} would not pass 'rolodex check'; fix {kind}s' _template.md. Nothing was created.")
    if dry_run:
        echo(edit.unified_diff(rel, None, data), nl=False)
        return True
    path = app.root / rel
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        safewrite.create(str(path), data)
    except FileExistsError:
        return False
    except safewrite.WriteError as exc:
        _fail(f"{app.rel(rel)}: error: {exc}")
    except OSError as exc:
        _fail(f"{app.rel(rel)}: error: could not create the file ({exc.strerror})")
    echo(app.rel(rel))
    return True


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
    if slug is None:
        slug = identity.slug(name)
        if not slug:
            raise click.ClickException(
                f"cannot make a file name from '{name}': use --slug with lowercase "
                "a-z, 0-9 and single hyphens, e.g. --slug jane-doe"
            )
    existing = _sources(app, "contact")
    taken = {s.slug.lower(): s for s in existing}
    if slug in taken:
        raise click.ClickException(
            f"{app.rel(taken[slug].path)} already exists: a contact with the slug '{slug}'; "
            f"nothing was created (another person with this name? add --slug {slug}-2)"
        )
    if referred_by:
        matches = [s.slug for s in existing if s.slug.lower() == referred_by.lower()]
        if not matches:
            raise click.ClickException(
                f"--referred-by: no contact '{referred_by}'{did_you_mean(referred_by, list(taken))}"
            )
        referred_by = matches[0]
    settings = app.session.settings
    template, template_rel = read_template(app, settings.contacts_dir)
    texts = {"title": title, "company": company, "field": field, "location": location, "phone": phone}
    texts |= {"source": source, "goal": goal}
    values = {
        "name": name.strip(),
        **{key: value.strip() for key, value in texts.items() if value and value.strip()},
        "email": emails[0] if len(emails) == 1 else list(emails),
        "links": links or None,
        "tags": list(tags),
        "referred_by": referred_by,
        "priority": priority,
    }
    try:
        text = newfile.contact_text(template, template_rel, values)
    except newfile.TemplateError as exc:
        _problem(app, exc.problem)
    if not _create(app, f"{settings.contacts_dir}/{slug}.md", text, "contact", values, dry_run):
        raise click.ClickException(f"{settings.contacts_dir}/{slug}.md already exists; nothing was created")


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
    known = {s.slug.lower(): s.slug for s in _sources(app, "contact")}
    people = []
    for slug in slugs:
        if slug.lower() not in known:
            raise click.ClickException(
                f"no contact '{slug}'{did_you_mean(slug, list(known.values()))} "
                f'(add them first: rolodex new contact "NAME")'
            )
        people.append(known[slug.lower()])
    settings = app.session.settings
    template, template_rel = read_template(app, settings.meetings_dir)
    when = newfile.Raw(f"{day.isoformat()} {time}") if time else day
    values = {"date": when, "with": people[0] if len(people) == 1 else people, "kind": kind, "location": location}
    try:
        text = newfile.meeting_text(template, template_rel, values)
    except newfile.TemplateError as exc:
        _problem(app, exc.problem)
    taken = {s.slug.lower() for s in _sources(app, "meeting")}
    for name in newfile.meeting_names(day, people[0]):
        if name.lower() in taken:
            continue
        if _create(app, f"{settings.meetings_dir}/{name}.md", text, "meeting", values, dry_run):
            return
    raise click.ClickException(f"too many meetings named {day.isoformat()}-{people[0]}; nothing was created")


# --- log and done ----------------------------------------------------------------------------


def _refuse_future(day: dt.date, today: dt.date, force: bool) -> None:
    """A --date after today is refused unless --force: what you record has already happened."""
    why = close.future_date(day, today)
    if why is None:
        return
    if not force:
        raise click.ClickException(
            f"{why}: record what you did once you have done it; nothing was written. Add --force to record it anyway."
        )
    echo(f"warning: {why}; recorded anyway (--force), and 'rolodex check' warns about it until then", err=True)


@main.command("log")
@click.argument("slug")
@click.argument("kind", type=click.Choice(TOUCH_KINDS))
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

    Appends {date, kind, note} to the contact's `touches`, changing nothing else.
    A touch records what already happened: a --date after today is refused
    unless --force (plan ahead with `rolodex new meeting` instead).

    \b
    Examples:
      rolodex log kenji-watanabe outreach --note "Cold email asking for 15 minutes"
      rolodex log tobias-reed reply --date 2026-11-24
    """
    source = _contact_file(app, slug)
    _refuse_future(day or today, today, force)
    touch = Touch(day or today, kind, note)
    _apply(app, source.path, lambda doc: edit.append_touch(doc, touch), dry_run)


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
    from rolodex.write import closing

    try:
        written = closing.snooze(app.root, app.kb, slug, until, today, dry_run=dry_run)
    except closing.WriteFailed as exc:
        _failed(app, exc)
    if dry_run:
        echo(written.change.diff(), nl=False)
    else:
        echo(f"{app.rel(written.path)}:{written.line}: {written.summary}")


def _failed(app: App, exc) -> None:
    """A write that failed, said as the other write commands say it."""
    if exc.problem is not None:
        _problem(app, exc.problem)
    if exc.path is not None:
        _fail(f"{app.rel(exc.path)}: error: {exc.reason}")
    raise click.ClickException(str(exc))


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
    sources = _sources(app, "contact") + _sources(app, "meeting")
    source = next((s for s in sources if s.slug == slug), None) or next(
        (s for s in sources if s.slug.lower() == slug.lower()), None
    )
    if source is None:
        raise click.ClickException(f"no contact or meeting '{slug}'{did_you_mean(slug, [s.slug for s in sources])}")
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
