"""Commands about follow-up items that write: `done` (close an item) and `remind` (add one).

Thin, like cli/write.py: `write/closing.py` closes an item (planned by `rules/close.py`)
and appends a reminder; both print `path:line: what changed`.
"""

from __future__ import annotations

import datetime as dt

import click

from rolodex.cli.app import App, date_type, main, pass_app, today_option
from rolodex.cli.output import echo
from rolodex.cli.write import dry_run_option, edited, fail_write, find_file
from rolodex.write import closing
from rolodex.write.apply import WriteFailed


@main.command("done")
@click.argument("item_id", metavar="ID")
@click.option(
    "--date", "day", callback=date_type, metavar="YYYY-MM-DD", help="When you did it (default: today; not after today)."
)
@click.option("--note", metavar="TEXT", help="The touch's note (default: a short description).")
@click.option("--cancelled", is_flag=True, help="For a record item: the meeting did not happen (status: cancelled).")
@click.option(
    "--force", is_flag=True, help="Record it even when it would not close the item, or with a --date after today."
)
@dry_run_option
@today_option
@pass_app
def done(
    app: App,
    item_id: str,
    day: dt.date | None,
    note: str | None,
    cancelled: bool,
    force: bool,
    dry_run: bool,
    today: dt.date,
) -> None:
    """Close a due item by its ID (see `rolodex due`).

    thank-you → a thank-you touch on the contact; nudge, referral → an outreach
    touch; holiday, keep-in-touch → a check-in touch; schedule → a message
    touch (you proposed a date); follow-up → `done: DATE` on that entry of the
    meeting or contact; record → `status: held` on the meeting, or with
    --cancelled `status: cancelled`. Prep items close when you write the
    meeting's '## Research'. A --date after today is refused unless --force:
    close an item once you have done it. Holiday wishes count from shortly
    before the holiday window (holiday_early_days), so close a holiday item
    from then on.

    \b
    Examples:
      rolodex done thank-you:2026-11-24-hector-vargas:hector-vargas
      rolodex done nudge:grace-liu --date 2026-11-25
      rolodex done record:2026-11-19-declan-obrien --cancelled
    """
    try:
        written = closing.close_item(
            app.root,
            app.kb,
            item_id,
            today,
            day=day,
            note=note,
            cancelled=cancelled,
            force=force,
            dry_run=dry_run,
            items=app.session.items(today),
        )
    except WriteFailed as exc:
        fail_write(app, exc)
    for warning in written.warnings:
        echo(warning, err=True)
    edited(app, written.change, dry_run, written.summary)


@main.command("remind")
@click.argument("slug")
@click.argument("task")
@click.option("--due", "due", callback=date_type, required=True, metavar="YYYY-MM-DD", help="When it is due.")
@dry_run_option
@pass_app
def remind(app: App, slug: str, task: str, due: dt.date, dry_run: bool) -> None:
    """Add a dated follow-up to a contact or a meeting (SLUG is either).

    On a contact it is a reminder about that person which belongs to no
    meeting ("ask her about coffee in December"); on a meeting, a promise
    made there. It is appended to the file's `follow_ups` as {task, due},
    changing nothing else, and shows in `rolodex due` from then on;
    `rolodex done ID` closes it.

    \b
    Examples:
      rolodex remind andre-thompson "Write again once the contract talks are over" --due 2027-01-12
      rolodex remind 2026-11-24-hector-vargas "Send Hector the grantee showcase photos" --due 2026-12-02
    """
    text = " ".join(task.split())
    if not text:
        raise click.BadParameter("say what to do", param_hint="'TASK'")
    source = find_file(app, slug, "contact", "meeting")
    try:
        written = closing.remind(app.root, source.kind, source.path, source.slug, text, due, dry_run=dry_run)
    except WriteFailed as exc:
        fail_write(app, exc)
    edited(app, written.change, dry_run, written.summary)
