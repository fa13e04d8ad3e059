"""Read-only views: `rolodex list` and `rolodex show`."""

from __future__ import annotations

import datetime as dt

import click

from ..status import STAGES, stage
from ..values import suggest
from . import App, main, pass_app, today_option
from .output import print_json, table

STAGE_COLOURS = {"prospect": "blue", "contacted": "cyan", "scheduled": "magenta", "met": "green", "archived": "bright_black"}


@main.command("list")
@click.option("--stage", "stages", multiple=True, type=click.Choice(STAGES), help="Only contacts at this stage (repeatable).")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Only contacts with this tag (repeatable: all must match).")
@click.option("--company", metavar="TEXT", help="Only contacts whose company contains TEXT (any case).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@today_option
@pass_app
def list_(app: App, stages: tuple[str, ...], tags: tuple[str, ...], company: str | None, fmt: str, today: dt.date) -> None:
    """List contacts with company, field and pipeline stage.

    Stages: prospect (on the meet list, not contacted yet), contacted, scheduled
    (a planned meeting), met, archived.

    \b
    Examples:
      rolodex list --stage prospect
      rolodex list --company acme --format json
    """
    kb = app.kb
    rows = []
    for contact in sorted(kb.contacts.values(), key=lambda c: (c.name.casefold(), c.slug)):
        where = stage(kb, contact, today)
        if stages and where not in stages:
            continue
        if tags and not set(tags) <= set(contact.tags):
            continue
        if company and company.casefold() not in (contact.company or "").casefold():
            continue
        rows.append((contact, where))
    if fmt == "json":
        print_json([
            {"slug": c.slug, "name": c.name, "company": c.company, "title": c.title, "field": c.field,
             "tags": list(c.tags), "stage": s, "path": c.path}
            for c, s in rows
        ])
        return
    if not rows:
        click.echo("No contacts match." if kb.contacts else "No contacts yet: add one with 'rolodex new contact \"Name\"'.")
        return
    click.echo(table(
        ["NAME", "COMPANY", "FIELD", "STAGE", "SLUG"],
        [(c.name, c.company or "", c.field or "", s, c.slug) for c, s in rows],
        styles={3: lambda s: {"fg": STAGE_COLOURS.get(s)}},
    ))


@main.command()
@click.argument("slug")
@today_option
@pass_app
def show(app: App, slug: str, today: dt.date) -> None:
    """Show a contact's profile and a timeline of touches and meetings.

    \b
    Example:
      rolodex show jane-doe
    """
    kb = app.kb
    contact = kb.contacts.get(slug) or kb.contacts.get(slug.lower())
    if contact is None:
        named = kb.contact_named(slug)
        if named is None:
            hint = suggest(slug, list(kb.contacts) + [c.name for c in kb.contacts.values()])
            raise click.ClickException(f"no contact '{slug}'{hint}")
        contact = named
    click.echo(click.style(contact.name, bold=True) + click.style(f"  ({contact.slug}, {stage(kb, contact, today)})", dim=True))
    role = ", ".join(x for x in (contact.title, contact.company) if x)
    details = [
        ("Role", role), ("Field", contact.field), ("Location", contact.location),
        ("Email", ", ".join(contact.emails)), ("Phone", contact.phone),
        ("Links", "  ".join(f"{k}: {v}" for k, v in contact.links)),
        ("Tags", ", ".join(contact.tags)), ("Source", contact.source), ("Goal", contact.goal),
        ("Priority", contact.priority),
        ("Referred by", _person(kb, contact.referred_by.slug) if contact.referred_by else None),
        ("Cadence", f"{contact.cadence} days" if isinstance(contact.cadence, int) else contact.cadence),
        ("Snoozed until", contact.snooze_until.isoformat() if contact.snooze_until else None),
        ("File", app.rel(contact.path)),
    ]
    for label, value in details:
        if value:
            click.echo(f"  {label + ':':<14} {value}")
    events = [(t.date, t.kind, t.note or "") for t in contact.touches]
    for m in kb.meetings_with(contact.slug):
        status = m.status(today)
        what = f"{m.kind} meeting" + (f" at {m.location}" if m.location else "") + ("" if status == "held" else f" ({status})")
        events.append((m.date, "meeting", f"{what}  [{m.slug}]"))
    if events:
        click.echo("\n" + click.style("Timeline", bold=True))
        for day, kind, note in sorted(events, key=lambda e: (e[0], e[1])):
            click.echo(f"  {day.isoformat()}  {kind:<10} {note}".rstrip())
    referred = [c for c in kb.contacts.values() if c.referred_by and c.referred_by.slug == contact.slug]
    if referred:
        click.echo("\n" + click.style("Introduced you to", bold=True))
        for other in referred:
            click.echo(f"  {other.name} ({other.slug})")


def _person(kb, slug: str | None) -> str | None:
    if not slug or slug not in kb.contacts:
        return slug
    return f"{kb.contacts[slug].name} ({slug})"
