"""Read-only views: `rolodex list` and `rolodex show`."""

from __future__ import annotations

import datetime as dt

import click

from rolodex.cli.app import App, main, pass_app, today_option
from rolodex.cli.output import echo, one_line, print_json, table
from rolodex.core.identity import did_you_mean
from rolodex.rules.status import HEALTHS, STAGES, ContactStatus, contact_status, status_index

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
    "--stage", "stages", multiple=True, type=click.Choice(STAGES), help="Only contacts at this stage (repeatable)."
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
    (a planned meeting), met, archived. LAST is the last interaction (a held
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
    rows: list[tuple] = []
    for contact in sorted(kb.contacts.values(), key=lambda c: (c.name.casefold(), c.slug)):
        status = statuses[contact.slug]
        where = status.stage
        if stages and where not in stages:
            continue
        if healths and status.health not in healths:
            continue
        if tags and not set(tags) <= set(contact.tags):
            continue
        if company and company.casefold() not in (contact.company or "").casefold():
            continue
        rows.append((contact, status))
    if fmt == "json":
        print_json(
            [
                {
                    "slug": c.slug,
                    "name": c.name,
                    "company": c.company,
                    "title": c.title,
                    "field": c.field,
                    "tags": list(c.tags),
                    "stage": s.stage,
                    "path": c.path,
                    "last": s.last.isoformat() if s.last else None,
                    "next_due": s.next_due.as_json() if s.next_due else None,
                    "health": s.health,
                }
                for c, s in rows
            ]
        )
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
                    s.stage,
                    s.last.isoformat() if s.last else "",
                    _next(s),
                    s.health_label,
                    c.slug,
                )
                for c, s in rows
            ],
            styles={3: lambda s: {"fg": STAGE_COLOURS.get(s)}, 6: lambda h: {"fg": HEALTH_COLOURS.get(h)}},
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
    contact = kb.contacts.get(slug) or kb.contacts.get(slug.lower())
    if contact is None:
        named = kb.contact_named(slug)
        if named is None:
            hint = did_you_mean(slug, list(kb.contacts) + [c.name for c in kb.contacts.values()])
            raise click.ClickException(f"no contact '{slug}'{hint}")
        contact = named
    status = contact_status(kb, contact, today, app.session.items(today))
    echo(click.style(one_line(contact.name), bold=True) + click.style(f"  ({contact.slug}, {status.stage})", dim=True))
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
