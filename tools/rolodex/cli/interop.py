"""`rolodex import vcard|linkedin` and `rolodex export vcard|csv|json|ics`.

A thin layer: read the files, let `interop.merge` plan, write each planned change
through `safewrite` (new files created exclusively, edits under a lock, atomically),
print what happened as `file:line: …` lines and a one-line summary.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from rolodex.cli.app import App, main, pass_app, today_option
from rolodex.cli.output import count, echo, problem_line, secho, terminal_data
from rolodex.cli.site import export as site_export
from rolodex.cli.site import refuse_public
from rolodex.core.model import Problem
from rolodex.interop import Incoming, export, linkedin, merge, vcard
from rolodex.rules import privacy
from rolodex.write import edit, fill, safewrite

Reader = Callable[[str, bytes], "tuple[list[Incoming], list[Problem]]"]
SKIPPED = frozenset({"no-name", "bad-row", "bad-date", "bad-card"})  # reader problems that drop a record
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


IMPORT_LOCK_WAIT = 120.0  # seconds a second import waits for the first to finish


def _import(app: App, files: tuple[str, ...], reader: Reader, dry_run: bool, today: dt.date) -> None:
    """Read, plan and write an import, holding the KB's import lock throughout.

    Two imports of one file at once would each plan "create jane-doe.md" before either
    wrote it, and the second would then make jane-doe-2.md: the lock makes the second plan
    after the first has written, so that it finds the contacts already there.
    """
    root = str(app.root)  # no knowledge base: a usage error before anything else
    if dry_run:
        _import_locked(app, files, reader, dry_run, today)
        return
    try:
        with safewrite.locked(root, wait=IMPORT_LOCK_WAIT):
            _import_locked(app, files, reader, dry_run, today)
    except safewrite.WriteError as exc:
        if "another rolodex command" not in str(exc):
            raise
        raise click.ClickException(
            f"another import into this knowledge base has been running for {IMPORT_LOCK_WAIT:.0f} seconds; "
            "nothing was imported: try again when it has finished"
        ) from None


def _import_locked(app: App, files: tuple[str, ...], reader: Reader, dry_run: bool, today: dt.date) -> None:
    kb = app.kb  # loaded under the lock: what an import just before this one wrote is in it
    people: list[Incoming] = []
    problems: list[Problem] = []
    for name in files:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise click.ClickException(f"{name}: cannot read ({exc.strerror})") from None
        found, trouble = reader(name, data)
        people += found
        problems += trouble
    for problem in sorted(problems, key=lambda p: (files.index(p.path), p.line or 0)):
        echo(problem_line(problem, problem.path), err=True)
    broken = [u.path for u in kb.unplaced if u.kind == "contact"]
    if broken:
        secho(
            f"warning: {count(len(broken), 'contact file')} could not be read ({', '.join(broken[:3])}"
            f"{', …' if len(broken) > 3 else ''}); people in them cannot be matched: run 'rolodex check'",
            err=True,
            fg="yellow",
        )
    taken = [f.slug for f in app.session.snapshot.files if f.kind == "contact"]
    plan = merge.plan(kb, people, taken=taken, seen=today)
    for action in plan.actions:
        _show(app, action, dry_run)
    failed_paths = set() if dry_run else _write(app, plan)
    failed = len(failed_paths)
    counts = plan.counts()
    for action in plan.actions:  # what was planned but could not be written is not counted as done
        if action.path in failed_paths and action.kind in ("create", "update"):
            counts[action.kind] -= 1
    skipped = counts["skip"] + sum(p.code in SKIPPED for p in problems)
    summary = (
        f"{counts['create']} created, {counts['update']} updated, {counts['unchanged']} unchanged, {skipped} skipped"
    )
    if dry_run:
        summary = f"Dry run (nothing written): {summary}"
    if failed:
        summary += f"; {count(failed, 'file')} could not be written"
    echo(summary)
    jobs = [a for a in plan.actions if a.job is not None and a.path not in failed_paths]
    if jobs:
        echo(f"Job changes ({len(jobs)}), each a reason to get in touch:")
        for action in jobs:
            was, now = action.job  # type: ignore[misc]
            echo(f"  {action.person.name} ({action.slug}): now {now or '?'}; was {was or '?'}")
    if failed or any(p.severity == "error" for p in problems):
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


# --- writing ---------------------------------------------------------------------------------


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


def _write(app: App, plan: merge.Plan) -> set[str]:
    """Write every planned change; the files (KB-relative) that could not be written."""
    settings = app.session.settings
    template_rel = f"{settings.contacts_dir}/_template.md"
    try:
        template: str | None = (app.root / template_rel).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        template = None
    failed: set[str] = set()
    with _progress(plan.targets) as targets:
        for target in targets:
            try:
                if target.new:
                    _create(app, target, template, template_rel)
                else:
                    _update(app, target)
            except (edit.EditRefused, safewrite.WriteError, OSError, ValueError) as exc:
                failed.add(target.path)
                problem = getattr(exc, "problem", None)
                if problem is not None:
                    echo(problem_line(problem, app.rel(problem.path)), err=True)
                else:
                    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                    echo(f"{app.rel(target.path)}: error: {reason}; not written", err=True)
    return failed


def _create(app: App, target: merge.Target, template: str | None, template_rel: str) -> None:
    emails = target.emails
    values = {
        "name": target.name,
        **target.values,
        "email": emails[0] if len(emails) == 1 else list(emails),
        "tags": list(target.tags),
        "source": target.source,
    }
    data = fill.new_contact(
        template, template_rel, target.path, values, target.notes, target.extra, target.links, target.touches
    )
    path = app.root / target.path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        safewrite.create(str(path), data)
    except FileExistsError:
        raise ValueError("a file of that name appeared while importing") from None


def _update(app: App, target: merge.Target) -> None:
    path = safewrite.real(str(app.root / target.path))
    with safewrite.locked(path):
        before = safewrite.snapshot(path)
        data, done = fill.fill(
            target.path,
            before.data,
            target.sets,
            target.add_emails,
            target.add_links,
            target.add_touches,
            job=target.job,
            replaces=target.replaces,
        )
        if done:
            safewrite.replace(before, data)


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
    """Bytes as they are (vCard and iCalendar lines end in CRLF on every system), UTF-8.

    A file is written whole or not at all (a temporary file beside it, then renamed), and
    replacing an existing one is said, not done silently.
    """
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
    path = Path(output)
    if path.is_dir():
        raise click.ClickException(
            f"{output}: is a folder; name a file in it, e.g. {path / 'network'}{_suffix(output)}"
        )
    folder = path.parent
    if not folder.is_dir():
        raise click.ClickException(f"{output}: the folder {folder} does not exist")
    existed = path.exists()
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise click.ClickException(f"{output}: could not write ({exc.strerror}); nothing was changed") from None
    if existed:
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
