"""`rolodex import vcard|linkedin` and `rolodex export vcard|csv|json|ics`.

A thin layer: `write.importing` reads the files and writes each change `interop.merge`
plans; `interop.export` makes each format and `write.outfile` writes it. Here: print what
happened as `file:line: …` lines and a one-line summary.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator

import click

from rolodex.cli.app import App, main, pass_app, today_option
from rolodex.cli.output import count, echo, problem_line, secho, terminal_data
from rolodex.cli.site import export as site_export
from rolodex.cli.site import refuse_public
from rolodex.interop import export, linkedin, merge, vcard
from rolodex.rules import privacy
from rolodex.write import importing
from rolodex.write.outfile import OutputFailed, write_output

PROGRESS_AT = 50  # a progress bar (on a terminal) from this many files to write


@main.group("import", context_settings={"help_option_names": ["-h", "--help"]})
def import_() -> None:
    """Bring people in from your address book or LinkedIn, without duplicates.

    Each person matches an existing contact by email, LinkedIn URL, phone, then
    exact name; a match only fills empty fields and adds missing emails, links
    and touches. A new company or title is a job change: the old role goes into
    the contact's history, dated today, and the new one takes its place. Anyone
    new becomes contacts/<slug>.md. Importing the same file twice changes
    nothing the second time.

    \b
    Examples:
      rolodex import vcard contacts.vcf --dry-run
      rolodex import linkedin ~/Downloads/Connections.csv
    """


@import_.command("vcard")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False), metavar="FILE...")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@today_option
@pass_app
def import_vcard(app: App, files: tuple[str, ...], dry_run: bool, today: dt.date) -> None:
    """Import .vcf files (vCard 2.1, 3.0, 4.0) from Google, Apple, Outlook or a phone.

    Name, organisation, title, emails, phone (the preferred one; others go to the
    notes), address (the city), web links (a LinkedIn URL becomes links.linkedin),
    categories (tags) and the note (## Notes of a new contact). Photos are skipped.

    \b
    Examples:
      rolodex import vcard ~/Downloads/contacts.vcf --dry-run
      rolodex import vcard google.vcf iphone.vcf
    """
    _import(app, files, vcard.read, dry_run, today)


@import_.command("linkedin")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@today_option
@pass_app
def import_linkedin(app: App, file: str, dry_run: bool, today: dt.date) -> None:
    """Import LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data).

    Name, profile URL (links.linkedin), email where LinkedIn gives one, company,
    position (title), and the day you connected, as a touch of kind `note`
    ("Connected on LinkedIn"), which moves no follow-up.

    \b
    Example:
      rolodex import linkedin ~/Downloads/Connections.csv --dry-run
    """
    _import(app, (file,), linkedin.read, dry_run, today)


def _import(app: App, files: tuple[str, ...], reader: importing.Reader, dry_run: bool, today: dt.date) -> None:
    """Read, plan and write an import, holding the KB's import lock throughout (`write.importing`)."""
    root = app.root  # no knowledge base: a usage error before anything else
    try:
        with importing.locked(root, dry_run=dry_run):
            kb = app.kb  # loaded under the lock: what an import just before this one wrote is in it
            people, problems = importing.read(files, reader)
            for problem in problems:
                echo(problem_line(problem, problem.path), err=True)
            broken = [u.path for u in kb.unplaced if u.kind == "contact"]
            if broken:
                secho(
                    f"warning: {count(len(broken), 'contact file')} could not be read ({', '.join(broken[:3])}"
                    f"{', …' if len(broken) > 3 else ''}); people in them cannot be matched: run 'rolodex check'",
                    err=True,
                    fg="yellow",
                )
            plan = merge.plan(kb, people, taken=[f.slug for f in app.session.files("contact")], seen=today)
            for action in plan.actions:
                _show(app, action, dry_run)
            failures = [] if dry_run else importing.write(root, app.session.settings, plan, _progress)
    except importing.ImportFailed as exc:
        raise click.ClickException(str(exc)) from None
    for failure in failures:
        if failure.problem is not None:
            echo(problem_line(failure.problem, app.rel(failure.problem.path)), err=True)
        else:
            echo(f"{app.rel(failure.path)}: error: {failure.reason}; not written", err=True)
    done = importing.tally(plan, problems, failures)
    summary = f"{done.created} created, {done.updated} updated, {done.unchanged} unchanged, {done.skipped} skipped"
    if dry_run:
        summary = f"Dry run (nothing written): {summary}"
    if done.failed:
        summary += f"; {count(done.failed, 'file')} could not be written"
    echo(summary)
    if done.jobs:
        echo(f"Job changes ({len(done.jobs)}), each a reason to get in touch:")
        for action in done.jobs:
            was, now = action.job  # type: ignore[misc]
            echo(f"  {action.person.name} ({action.slug}): now {now or '?'}; was {was or '?'}")
    if done.failed or any(p.severity == "error" for p in problems):
        raise SystemExit(1)


def _show(app: App, action: merge.Action, dry_run: bool) -> None:
    person = action.person
    where = person.where
    if action.kind == "skip":
        echo(f"{where}: skip: {person.name}: {action.reason}")
        return
    rel = app.rel(action.path or "")
    if action.kind == "create":
        verb = "would create" if dry_run else "create"
        echo(f"{where}: {verb} {rel} ({person.name})")
    elif action.kind == "update":
        verb = "would update" if dry_run else "update"
        echo(f"{where}: {verb} {rel} (matched by {action.matched_by or 'this import'}): {'; '.join(action.changes)}")
    elif dry_run:
        echo(f"{where}: unchanged {rel} (matched by {action.matched_by})")
    if dry_run and action.kind == "create":
        for change in action.changes:
            echo(f"    {change}")
    for conflict in action.conflicts:
        echo(f"{where}: conflict: {rel}: {conflict}")


# --- progress on a terminal -----------------------------------------------------------------


def _terminal() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def _progress(targets: list[merge.Target]) -> Iterator:
    """A progress bar on standard error, for a terminal and a long import only."""
    if len(targets) >= PROGRESS_AT and _terminal():
        with click.progressbar(targets, label="Writing contacts", file=sys.stderr) as bar:
            yield bar
    else:
        yield targets


# --- export ----------------------------------------------------------------------------------

export_group = site_export  # one `export` group: `export site` and the formats below


def output_option(f):
    return click.option(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        show_default="standard output",
        help="Write to FILE (replaced atomically) instead of standard output.",
    )(f)


def public_option(f):
    return click.option(
        "--public",
        is_flag=True,
        help="Leave out private contacts and the config's private_fields (as `build --public`).",
    )(f)


def _emit(output: str, data: str | bytes) -> None:
    """Bytes as they are (vCard and iCalendar lines end in CRLF on every system), UTF-8; to a
    file, whole or not at all (`write.outfile`), saying when it replaced one."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if output == "-" and sys.stdout.isatty():  # a person reads it: a name's ESC must not drive the terminal
        sys.stdout.write(terminal_data(payload.decode("utf-8", "replace")))
        sys.stdout.flush()
        return
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    try:
        replaced = write_output(output, payload, _suffix(output))
    except OutputFailed as exc:
        raise click.ClickException(str(exc)) from None
    if replaced:
        echo(f"replaced {output}", err=True)


def _suffix(output: str) -> str:
    command = click.get_current_context().info_name or ""
    return {"vcard": ".vcf", "csv": ".csv", "json": ".json", "ics": ".ics"}.get(command, "")


def _view(app: App, public: bool, today: dt.date):
    problems = app.session.problems(today)
    if public:  # one that cannot be told private, or a private_fields typo: nothing goes out
        refused = privacy.refusals(app.session.kb, problems)
        if refused:
            refuse_public(app, refused, "the export")
    if problems:
        secho(f"{count(len(problems), 'problem')} in your files: run 'rolodex check'", err=True, fg="yellow")
    return app.session.view(public)


@export_group.command("vcard")
@click.option(
    "--vcard-version",
    "version",
    type=click.Choice(["4.0", "3.0"]),
    default="4.0",
    show_default=True,
    help="3.0 for older address books.",
)
@output_option
@public_option
@today_option
@pass_app
def export_vcard(app: App, version: str, output: str, public: bool, today: dt.date) -> None:
    """Every contact as a vCard, for any address book (or `rolodex import vcard`).

    \b
    Examples:
      rolodex export vcard -o network.vcf
      rolodex export vcard --vcard-version 3.0 --public -o public.vcf
    """
    _emit(output, export.to_vcard(_view(app, public, today), version))


@export_group.command("csv")
@output_option
@public_option
@today_option
@pass_app
def export_csv(app: App, output: str, public: bool, today: dt.date) -> None:
    """One row per contact, for spreadsheets (columns: see docs/import-export.md).

    \b
    Example:
      rolodex export csv -o network.csv
    """
    _emit(output, export.to_csv(_view(app, public, today), today))


@export_group.command("json")
@output_option
@public_option
@today_option
@pass_app
def export_json(app: App, output: str, public: bool, today: dt.date) -> None:
    """The whole KB for scripts: contacts, meetings and every open follow-up.

    \b
    Examples:
      rolodex export json | jq '.contacts[] | select(.status.stage == "prospect") | .name'
      rolodex export json --public -o network.json
    """
    _emit(output, export.to_json(_view(app, public, today), today, public))


@export_group.command("ics")
@output_option
@public_option
@today_option
@pass_app
def export_ics(app: App, output: str, public: bool, today: dt.date) -> None:
    """Meetings (all but cancelled ones) and open follow-ups as an iCalendar file.

    \b
    Example:
      rolodex export ics -o network.ics
    """
    _emit(output, export.to_ics(_view(app, public, today), today))
