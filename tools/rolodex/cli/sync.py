"""`rolodex sync mail|calendar`: mail becomes touches, calendar events become meetings.

A thin layer: read every source (`capture.mailfiles`, `capture.imap`, `capture.calendars`;
mail with a progress bar on a terminal), let the pure planners decide (`capture.mailplan`,
`capture.calplan`), let `write/syncing.py` carry the plan out (the same verified, atomic
edits and new files as `rolodex log` and `rolodex new meeting`), and print what changed
and a summary. A source that cannot be read stops the sync before anything is written.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from rolodex.capture import calendars, calplan, imap, mailfiles
from rolodex.capture.access import SourceError
from rolodex.capture.headers import RawMail
from rolodex.capture.mailplan import SKIP_REASONS, MailPlan, MailPlanner, my_addresses
from rolodex.cli.app import App, date_type, main, pass_app, today_option
from rolodex.cli.output import count, echo, problem_line, table
from rolodex.cli.write import dry_run_option, edited, fail_write
from rolodex.core.model import Touch
from rolodex.write import syncing
from rolodex.write.apply import WriteFailed

PROGRESS_BYTES = 32 << 20  # a progress bar for mbox files from this size…
PROGRESS_MESSAGES = 2000  # …and for IMAP folders from this many messages


@main.group("sync", context_settings={"help_option_names": ["-h", "--help"]})
def sync() -> None:
    """Record your mail as touches and your calendar as meetings (sources are only read).

    Sources are never changed: files are opened read-only, IMAP folders are
    opened with EXAMINE and only a few header fields are fetched. Running a sync
    again changes nothing unless there is something new. See docs/capture.md.

    \b
    Examples:
      rolodex sync mail ~/Mail/Sent ~/Mail/INBOX --dry-run
      rolodex sync mail imaps://me%40example.com@imap.example.com/INBOX --since 2026-09-01
      rolodex sync calendar ~/Downloads/calendar.ics
    """


# --- progress on a terminal --------------------------------------------------------------------


def _terminal() -> bool:
    return sys.stderr.isatty()


class _Bar:
    """A progress bar on standard error, made once the amount of work is known, only when that
    is a terminal and the work long."""

    def __init__(self, label: str, at_least: int):
        self.label = label
        self.at_least = at_least
        self.bar: Any = None  # click's ProgressBar, once made

    def total(self, amount: int) -> None:
        if self.bar is None and amount >= self.at_least and _terminal():
            self.bar = click.progressbar(length=amount, label=self.label, file=sys.stderr)
            self.bar.__enter__()

    def step(self, amount: int) -> None:
        if self.bar is not None:
            self.bar.update(amount)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _messages(source: str, since: dt.date | None) -> Iterator[RawMail]:
    """The messages of one source, with a progress bar when long. Raises SourceError."""
    if imap.is_url(source):
        folder = imap.parse_url(source)
        secret = imap.password(folder)
        bar = _Bar(f"Reading {folder.name}", PROGRESS_MESSAGES)
        try:
            yield from imap.read(folder, secret, since, progress=bar.step, total=bar.total)
        finally:
            bar.close()
        return
    bar = _Bar(f"Reading {Path(source).name}", PROGRESS_BYTES)
    try:
        bar.total(mailfiles.size(source) if _terminal() else 0)
        yield from mailfiles.read(source, progress=bar.step)
    finally:
        bar.close()


# --- sync mail ---------------------------------------------------------------------------------


@sync.command("mail")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--since", callback=date_type, metavar="YYYY-MM-DD", help="Only mail sent on or after this day.")
@click.option(
    "--unknown", "list_unknown", is_flag=True, help="List the people you wrote with who are not contacts yet."
)
@dry_run_option
@today_option
@pass_app
def sync_mail(
    app: App,
    sources: tuple[str, ...],
    since: dt.date | None,
    list_unknown: bool,
    dry_run: bool,
    today: dt.date,
) -> None:
    """Record mail between you and your contacts as touches.

    SOURCE is an mbox file (Thunderbird's Inbox, a Gmail Takeout .mbox), a
    Maildir or mail folder, .eml/.emlx files, or an IMAP folder URL
    (imaps://USER@HOST/FOLDER; password from $ROLODEX_IMAP_PASSWORD or the
    system keyring). Mail from you (me.email, me.emails in mkdocs.yml) to a
    contact becomes `outreach` until they reply or meet you, `thank-you` when
    the subject thanks them after a meeting, else `message`; mail from a
    contact becomes `reply`. The subject is the note and the Message-ID the
    touch's `ref`, so nothing is recorded twice. Mailing lists, automatic mail
    and people who are not contacts are left out and counted.

    \b
    Examples:
      rolodex sync mail ~/.thunderbird/*/Mail/Local\\ Folders/Sent --dry-run
      rolodex sync mail ~/Downloads/Takeout/Mail/All\\ mail\\ Including\\ Spam\\ and\\ Trash.mbox
      ROLODEX_IMAP_PASSWORD=… rolodex sync mail imaps://me@imap.example.com/Sent --since 2026-11-01 --unknown
    """
    kb = app.kb
    if not my_addresses(kb.settings):
        raise click.ClickException(
            "set your address in mkdocs.yml (plugins → rolodex → me → email, and me → emails for "
            "others) so that sync can tell your mail from theirs; nothing was read"
        )
    _warn_unreadable(app)
    planner = MailPlanner(kb, today, since)
    for source in sources:
        try:
            for mail in _messages(source, since):
                planner.feed(mail)
        except SourceError as exc:
            raise click.ClickException(f"{exc}; nothing was written") from None
    plan = planner.plan()
    for where, why in plan.problems:
        echo(f"{where}: warning: {why}", err=True)
    written, failed = _write_touches(app, plan, dry_run)
    _mail_summary(plan, written, failed, dry_run, list_unknown)
    if failed:
        raise SystemExit(1)


def _warn_unreadable(app: App) -> None:
    broken = [u.path for u in app.kb.unplaced if u.kind == "contact"]
    if broken:
        echo(
            f"warning: {count(len(broken), 'contact file')} could not be read ({', '.join(broken[:3])}"
            f"{', …' if len(broken) > 3 else ''}); mail with them is not recorded: run 'rolodex check'",
            err=True,
        )


def _not_written(app: App, exc: WriteFailed) -> None:
    """One file sync could not write (it goes on with the others)."""
    if exc.problem is not None:
        echo(problem_line(exc.problem, app.rel(exc.problem.path)), err=True)
    elif exc.problems:
        for problem in exc.problems:
            echo(problem_line(problem, app.rel(problem.path)), err=True)
    elif exc.path is not None:
        echo(f"{app.rel(exc.path)}: error: {exc.detail}; not written", err=True)
    else:
        echo(f"error: {exc.reason}; not written", err=True)


def _write_touches(app: App, plan: MailPlan, dry_run: bool) -> tuple[dict[str, list[Touch]], int]:
    """Append each contact's new touches in one edit; the touches written, and the files that failed."""
    written: dict[str, list[Touch]] = {}
    failed = 0
    for done in syncing.record_mail(app.root, app.kb, plan, dry_run=dry_run):
        if isinstance(done, WriteFailed):
            _not_written(app, done)
            failed += 1
            continue
        written[done.slug] = done.touches
        edited(app, done.change, dry_run, f"{done.change.summary} ({_kinds(done.touches)})")
    return written, failed


def _kinds(touches: list[Touch]) -> str:
    counts = Counter(t.kind for t in touches)
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))


def _mail_summary(
    plan: MailPlan, written: dict[str, list[Touch]], failed: int, dry_run: bool, list_unknown: bool
) -> None:
    touches = [t for ts in written.values() for t in ts]
    verb = "would record" if dry_run else "recorded"
    head = f"{count(plan.messages, 'message')} read: {verb} {len(touches)} touch{'' if len(touches) == 1 else 'es'}"
    if touches:
        head += f" for {count(len(written), 'contact')} ({_kinds(touches)})"
    echo(head + ("" if not dry_run else "; dry run, nothing written"))
    if written:
        rows = [[slug, _kinds(ts)] for slug, ts in sorted(written.items())]
        echo(table(["contact", "touches"], rows))
    skipped = [(SKIP_REASONS[k], n) for k, n in plan.skipped.items() if n]
    if skipped:
        parts = [f"{n} {why}" for why, n in sorted(skipped, key=lambda x: -x[1])]
        hint = " (--unknown lists who)" if plan.unknown and not list_unknown else ""
        echo(f"left out: {', '.join(parts)}{hint}")
    if failed:
        echo(f"{count(failed, 'file')} could not be written (see above)")
    if list_unknown and plan.unknown:
        echo("Not contacts yet (messages, address, name); add one with: rolodex new contact NAME --email ADDRESS")
        rows = [
            [str(n), address, plan.names.get(address, "")]
            for address, n in sorted(plan.unknown.items(), key=lambda x: (-x[1], x[0]))
        ]
        echo(table(["messages", "address", "name"], rows))


# --- sync calendar -----------------------------------------------------------------------------


@sync.command("calendar")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@dry_run_option
@today_option
@pass_app
def sync_calendar(app: App, sources: tuple[str, ...], dry_run: bool, today: dt.date) -> None:
    """Record calendar events with your contacts as meetings.

    SOURCE is an .ics file (or a folder of them) or a CalDAV calendar URL
    (https://USER@HOST/PATH/; password from $ROLODEX_CALDAV_PASSWORD or the
    system keyring). An event with at least one contact among its attendees
    becomes meetings/<date>-<slug>.md with its date, time, duration, location,
    `with` and `uid`. A later sync moves the meeting when the event moves, and
    writes `status: cancelled` when it is cancelled. Recurring events and
    events without a contact are left out.

    \b
    Examples:
      rolodex sync calendar ~/Downloads/work.ics --dry-run
      rolodex sync calendar https://me@dav.example.com/calendars/me/work/
    """
    try:
        found, problems = calendars.read(sources)
    except SourceError as exc:
        raise click.ClickException(f"{exc}; nothing was written") from None
    plan = calplan.plan(app.kb, found, today)
    plan_paths = {where for where, _ in plan.problems}  # meeting files, shown from where you stand
    for where, why in problems + plan.problems:
        echo(f"{app.rel(where) if where in plan_paths else where}: warning: {why}", err=True)
    done: Counter[str] = Counter()
    # every slug in use (meetings and contacts share no names, but a slug is unique across folders)
    taken = {f.slug.lower() for f in app.session.snapshot.files}
    try:
        for result in syncing.follow_calendar(app.root, app.session.settings, plan, taken, dry_run=dry_run):
            if isinstance(result, WriteFailed):
                _not_written(app, result)
                done["failed"] += 1
            elif isinstance(result, syncing.MeetingMade):
                _created(app, result, dry_run)
                done["created"] += 1
            else:
                _changed(app, result, dry_run)
                done[result.what] += 1
    except WriteFailed as exc:  # the meetings template
        fail_write(app, exc)
    failed = done.pop("failed", 0)
    verb = "would be " if dry_run else ""
    parts = [f"{n} {verb}{what}" for what, n in done.items() if n] or ["nothing to change"]
    echo(f"{count(plan.events, 'event')} read: {', '.join(parts)}" + ("; dry run, nothing written" if dry_run else ""))
    skipped = [f"{n} {calplan.SKIP_REASONS[k]}" for k, n in plan.skipped.items() if n]
    if skipped:
        echo(f"left out: {', '.join(skipped)}")
    if failed:
        echo(f"{count(failed, 'meeting')} could not be written (see above)")
        raise SystemExit(1)


def _created(app: App, made: syncing.MeetingMade, dry_run: bool) -> None:
    if dry_run:
        echo(made.created.diff(), nl=False)
    else:
        people = ", ".join(made.new.contacts)
        echo(f"{app.rel(made.created.path)}: created ({people}, uid {made.new.event.uid})")


def _changed(app: App, changed: syncing.MeetingChanged, dry_run: bool) -> None:
    if dry_run or changed.renamed is None:
        echo(changed.edit.diff(), nl=False)
        return
    rel, renamed = app.rel(changed.change.meeting.path), changed.renamed
    if renamed.kept == "taken":
        echo(f"warning: {rel}: kept its name (a meeting named {renamed.new_slug} exists)", err=True)
    elif renamed.kept == "failed":
        echo(f"warning: {rel}: kept its name ({app.rel(renamed.new_path)} exists or cannot be made)", err=True)
    line = f"{rel}:{changed.edit.line}: {changed.edit.summary}"
    echo(line + (f"; renamed to {app.rel(renamed.path)}" if renamed.path else ""))
