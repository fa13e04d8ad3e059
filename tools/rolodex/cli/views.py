"""Read-only views: `rolodex list`, `rolodex show` and `rolodex agenda`."""

from __future__ import annotations

import datetime as dt

import click

from rolodex.cli.app import App, main, pass_app, today_option
from rolodex.cli.output import contact_hint, echo, one_line, print_json, table
from rolodex.core.titles import meeting_title
from rolodex.rules.agenda import agenda as upcoming
from rolodex.rules.followups import add_days
from rolodex.rules.status import (
    HEALTHS,
    STAGES,
    STEPS,
    ContactStatus,
    contact_status,
    listing_json,
    select,
    status_index,
)

STAGE_COLOURS = {
    "prospect": "blue",
    "contacted": "cyan",
    "scheduled": "magenta",
    "met": "green",
    "archived": "bright_black",
}
HEALTH_COLOURS = {"overdue": "red", "due soon": "yellow", "up to date": "green", "never contacted": "blue"}


@main.command("list")
@click.option(
    "--stage",
    "stages",
    multiple=True,
    type=click.Choice(STAGES + STEPS),
    help="Only contacts at this stage (repeatable); awaiting-reply and to-schedule narrow contacted.",
)
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Only contacts with this tag (repeatable: all must match)."
)
@click.option("--company", metavar="TEXT", help="Only contacts whose company contains TEXT (any case).")
@click.option(
    "--health",
    "healths",
    multiple=True,
    type=click.Choice(HEALTHS),
    help="Only contacts with this health mark (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@today_option
@pass_app
def list_(
    app: App,
    stages: tuple[str, ...],
    tags: tuple[str, ...],
    company: str | None,
    healths: tuple[str, ...],
    fmt: str,
    today: dt.date,
) -> None:
    """List contacts with company, field, pipeline stage and follow-up health.

    Stages: prospect (on the meet list, not contacted yet), contacted, scheduled
    (a planned meeting), met, archived. A contacted person shows as awaiting
    reply (your outreach is unanswered) or to schedule (they replied: propose a
    date) when one applies. LAST is the last interaction (a held
    meeting or a touch), NEXT DUE the soonest open follow-up, and HEALTH one of:
    overdue (a follow-up is late), due soon (one is due within 7 days), never
    contacted, up to date.

    \b
    Examples:
      rolodex list --stage prospect
      rolodex list --health overdue
      rolodex list --company acme --format json
    """
    kb = app.kb
    statuses = status_index(kb, today, app.session.items(today))
    rows = select(kb, statuses, stages=stages, tags=tags, company=company, healths=healths)
    if fmt == "json":
        print_json([listing_json(c, s) for c, s in rows])
        return
    if not rows:
        echo("No contacts match." if kb.contacts else "No contacts yet: add one with 'rolodex new contact \"Name\"'.")
        return
    echo(
        table(
            ["NAME", "COMPANY", "FIELD", "STAGE", "LAST", "NEXT DUE", "HEALTH", "SLUG"],
            [
                (
                    c.name,
                    c.company or "",
                    c.field or "",
                    s.stage_label,
                    s.last.isoformat() if s.last else "",
                    _next(s),
                    s.health_label,
                    c.slug,
                )
                for c, s in rows
            ],
            styles={3: lambda s: {"fg": STAGE_COLOURS.get(s, "cyan")}, 6: lambda h: {"fg": HEALTH_COLOURS.get(h)}},
        )
    )


def _next(status: ContactStatus) -> str:
    item = status.next_due
    return f"{item.due.isoformat()} {item.kind}" if item else ""


@main.command()
@click.argument("slug")
@today_option
@pass_app
def show(app: App, slug: str, today: dt.date) -> None:
    """Show a contact's profile, where they stand, open follow-ups and a timeline.

    \b
    Example:
      rolodex show jane-doe
    """
    kb = app.kb
    contact = kb.find_contact(slug)
    if contact is None:
        raise click.ClickException(f"no contact '{slug}'{contact_hint(kb, slug)}")
    status = contact_status(kb, contact, today, app.session.items(today))
    echo(
        click.style(one_line(contact.name), bold=True)
        + click.style(f"  ({contact.slug}, {status.stage_label})", dim=True)
    )
    role = ", ".join(x for x in (contact.title, contact.company) if x)
    details = [
        ("Role", role),
        ("Field", contact.field),
        ("Location", contact.location),
        ("Email", ", ".join(contact.emails)),
        ("Phone", contact.phone),
        ("Links", "  ".join(f"{k}: {v}" for k, v in contact.links)),
        ("Tags", ", ".join(contact.tags)),
        ("Source", contact.source),
        ("Goal", contact.goal),
        ("Priority", contact.priority),
        ("Referred by", _person(kb, contact.referred_by.slug) if contact.referred_by else None),
        ("Cadence", f"{contact.cadence} days" if isinstance(contact.cadence, int) else contact.cadence),
        ("Snoozed until", contact.snooze_until.isoformat() if contact.snooze_until else None),
        ("File", app.rel(contact.path)),
        ("Last contact", _ago(status.last, today) if status.last else "never"),
        ("Health", click.style(status.health_label, fg=HEALTH_COLOURS.get(status.health_label))),
        ("Next due", f"{status.next_due.due.isoformat()}  {status.next_due.title}" if status.next_due else None),
    ]
    for label, value in details:
        if value:
            echo(f"  {label + ':':<14} {one_line(value)}")
    if status.items:
        echo("\n" + click.style("Follow-ups", bold=True))
        for item in status.items:
            colour = "red" if item.overdue(today) else "yellow" if item.due <= today else None
            echo(
                f"  {click.style(item.due.isoformat(), fg=colour)}  {item.kind:<13}  {one_line(item.title)}  "
                + click.style(item.id, dim=True)
            )
    if status.health == "never-contacted" and not contact.archived:
        echo(
            "\n" + click.style(f"A first email to ask for 15 minutes: rolodex draft outreach:{contact.slug}", dim=True)
        )
    events = [(t.date, t.kind, one_line(t.note)) for t in contact.touches]
    for m in kb.meetings_with(contact.slug):
        held = m.status(today)
        what = (
            f"{m.kind} meeting"
            + (f" {m.time.strftime('%H:%M')}" if m.time else "")
            + (f" at {one_line(m.location)}" if m.location else "")
            + ("" if held == "held" else f" ({held})")
        )
        events.append((m.date, "meeting", f"{what}  [{m.slug}]"))
    if events:
        echo("\n" + click.style("Timeline", bold=True))
        for day, kind, note in sorted(events, key=lambda e: (e[0], e[1])):
            echo(f"  {day.isoformat()}  {kind:<10} {note}".rstrip())
    referred = [c for c in kb.contacts.values() if c.referred_by and c.referred_by.slug == contact.slug]
    if referred:
        echo("\n" + click.style("Introduced you to", bold=True))
        for other in referred:
            echo(f"  {one_line(other.name)} ({other.slug})")


def _ago(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    if days == 0:
        return f"{day.isoformat()} (today)"
    if days < 0:
        return f"{day.isoformat()} (in {-days} day{'s' if days != -1 else ''})"
    return f"{day.isoformat()} ({days} day{'s' if days != 1 else ''} ago)"


def _person(kb, slug: str | None) -> str | None:
    if not slug or slug not in kb.contacts:
        return slug
    return f"{kb.contacts[slug].name} ({slug})"


@main.command("agenda")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=14,
    show_default=True,
    metavar="N",
    help="How many days ahead, today included.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@today_option
@pass_app
def agenda(app: App, days: int, fmt: str, today: dt.date) -> None:
    """List your upcoming meetings: day, time, place, who, and whether the research is done.

    Meetings dated today to N days ahead, soonest first, unless cancelled or
    already marked held. "research to do" means the meeting file's
    '## Research' section is still empty (see `rolodex draft prep:<meeting>`).

    \b
    Examples:
      rolodex agenda
      rolodex agenda --days 3
      rolodex agenda --format json
    """
    kb = app.kb
    entries = upcoming(kb, today, days)
    if fmt == "json":
        print_json([e.as_json() for e in entries])
        return
    if not entries:
        span = "today" if days == 0 else f"in the next {days} days"
        later = upcoming(kb, today, 3650)
        message = f"No meetings {span}."
        if later:
            first = later[0].meeting
            message += f" Next: {meeting_title(kb, first)} on {first.date.isoformat()}."
        echo(message)
        return
    day = None
    width = max(5 if e.meeting.time else 7 for e in entries)
    for entry in entries:
        m = entry.meeting
        if m.date != day:
            day = m.date
            when = (
                "today"
                if day == today
                else "tomorrow"
                if day == add_days(today, 1)
                else f"in {(day - today).days} days"
            )
            echo(click.style(f"{day:%a} {day.isoformat()}", bold=True) + click.style(f" ({when})", dim=True))
        time = m.time.strftime("%H:%M") if m.time else "all day"
        parts = [one_line(meeting_title(kb, m)), f"{entry.minutes} min"]
        if m.location:
            parts.append(one_line(m.location))
        research = (
            click.style("research done", fg="green") if entry.researched else click.style("research to do", fg="yellow")
        )
        echo(f"  {time:<{width}}  " + " · ".join(parts) + f" · {research}  " + click.style(m.slug, dim=True))
