"""Follow-ups: `rolodex due` (what to do, as text, JSON or iCalendar) and `rolodex draft`."""

from __future__ import annotations

import datetime as dt

import click

from rolodex.cli.app import App, main, pass_app, today_option
from rolodex.cli.output import contact_hint, count, echo, one_line, print_json, secho, width
from rolodex.core.model import KB, Contact
from rolodex.rules.followups import KINDS, Due, left_out, select, within

DEFAULT_WITHIN = 7
GROUP_COLOURS = {"Overdue": "red", "Today": "yellow"}


@main.command()
@click.option(
    "--within",
    "days",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help=f"Show what is due up to N days ahead, overdue included (default {DEFAULT_WITHIN}; "
    "with --format ics, everything open).",
)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only items of this kind (repeatable).")
@click.option("--contact", "who", metavar="SLUG", help="Only items about this contact (slug or exact name).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "ics"]),
    default="text",
    show_default=True,
    help="text for people; json for scripts (a list of items); ics for calendar apps.",
)
@today_option
@pass_app
def due(app: App, days: int | None, kinds: tuple[str, ...], who: str | None, fmt: str, today: dt.date) -> None:
    """List the follow-ups that are due: overdue, today, and the next 7 days.

    Every item is computed from your files by the rules in docs/follow-ups.md:
    thank-you, referral, nudge, prep, holiday, keep-in-touch, follow-up,
    schedule (they said yes: set a date) and record (did a meeting still marked
    planned happen?). An item is overdue once its last day on time has passed:
    its due date, or for holiday items the end of the holiday window.
    Each has an id: `rolodex draft ID` writes the message, `rolodex done ID`
    records that you did it.

    --format ics prints an iCalendar file of the open items (all-day events on
    their due dates) and of your planned meetings, to import into any calendar.

    \b
    Examples:
      rolodex due
      rolodex due --within 30 --kind thank-you --kind referral
      rolodex due --contact jane-doe --today 2026-12-24
      rolodex due --format json > due.json
      rolodex due --format ics > rolodex.ics
    """
    # Only what needs the records loads them: a repeated plain `rolodex due` is answered
    # from the remembered results (see Session.remember).
    problems = app.session.problems(today)
    if problems:
        secho(f"{count(len(problems), 'problem')} in your files: run 'rolodex check'", err=True, fg="yellow")
        for path, names in left_out(app.kb):
            about = f" about {_and(names)}" if names else ""
            secho(
                f"{app.rel(path)} is left out until it is fixed: follow-ups{about} that depend on it are missing",
                err=True,
                fg="yellow",
            )
    contact = _contact(app.kb, who) if who else None
    every = app.session.items(today)
    items = every
    if days is not None or fmt != "ics":
        items = within(items, today, DEFAULT_WITHIN if days is None else days)
    shown = select(items, kinds, contact.slug if contact else None)
    if fmt == "json":
        print_json([item.as_json() for item in shown])
    elif fmt == "ics":
        from rolodex.interop.ics import calendar, planned_meetings  # icalendar is slow to import: only when asked

        kb = app.kb
        meetings = planned_meetings(kb, today)
        if contact is not None:
            meetings = [m for m in meetings if contact.slug in m.contacts]
        echo(calendar(kb, shown, today, meetings), nl=False)
    elif shown:
        horizon = DEFAULT_WITHIN if days is None else days
        echo(_text(shown, today, horizon))
    else:
        horizon = DEFAULT_WITHIN if days is None else days
        echo(_nothing(app.kb, every, today, horizon, kinds, contact))


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _contact(kb: KB, who: str) -> Contact:
    found = kb.find_contact(who)
    if found is None:
        raise click.BadParameter(f"no contact '{who}'{contact_hint(kb, who)}", param_hint="'--contact'")
    return found


def _groups(items: list[Due], today: dt.date, horizon: int) -> list[tuple[str, list[Due]]]:
    ahead = "Tomorrow" if horizon == 1 else f"Next {horizon} days"
    groups: dict[str, list[Due]] = {"Overdue": [], "Today": [], ahead: []}
    for item in items:
        # A holiday item is on time until its window ends: "Today" (due now), not overdue.
        key = "Overdue" if item.overdue(today) else "Today" if item.due <= today else ahead
        groups[key].append(item)
    return [(name, group) for name, group in groups.items() if group]


def _text(items: list[Due], today: dt.date, horizon: int) -> str:
    kind_width = max(width(i.kind) for i in items)
    who_width = max(width(one_line(i.name)) for i in items)
    lines: list[str] = []
    for name, group in _groups(items, today, horizon):
        if lines:
            lines.append("")
        lines.append(click.style(f"{name} ({len(group)})", fg=GROUP_COLOURS.get(name), bold=True))
        for item in group:
            when = click.style(item.due.isoformat(), fg=GROUP_COLOURS.get(name))
            who = one_line(item.name) + " " * (who_width - width(one_line(item.name)))
            lines.append(
                f"  {when}  {item.kind.ljust(kind_width)}  {who}  {one_line(item.title)}  "
                + click.style(item.id, dim=True)
            )
    lines += ["", click.style("Write the message: rolodex draft ID.  When it's done: rolodex done ID.", dim=True)]
    return "\n".join(lines)


def _nothing(
    kb: KB, every: list[Due], today: dt.date, horizon: int, kinds: tuple[str, ...], contact: Contact | None
) -> str:
    if not kb.contacts:
        return "Nothing due: no contacts yet. Add one with 'rolodex new contact \"Name\"'."
    span = "today" if horizon == 0 else "by tomorrow" if horizon == 1 else f"in the next {horizon} days"
    whom = f" for {contact.name}" if contact else ""
    message = (
        f"No {' or '.join(kinds)} items due{whom} {span}."
        if kinds
        else f"Nothing due{whom} {span}: you're all caught up."
    )
    if contact is not None and (until := contact.snoozed_until(today)):
        # Snoozed items are not computed at all: say why, or "caught up" would mislead.
        message += f"\n{contact.name} is snoozed until {until.isoformat()}: their follow-ups come back then."
    later = select(every, kinds, contact.slug if contact else None)
    if later:
        nxt = later[0]
        message += f"\nNext up, on {nxt.due.isoformat()} (in {count((nxt.due - today).days, 'day')}): {nxt.title}."
    return message


@main.command()
@click.argument("item_id", metavar="ID")
@today_option
@pass_app
def draft(app: App, item_id: str, today: dt.date) -> None:
    """Print a ready-to-send message for a follow-up item: subject line, blank line, body.

    ID is an id from `rolodex due`, or `outreach:SLUG` for a first, cold email to
    someone on your meet list. Fill in the [bracketed] parts, then send it.
    Prep items give a research checklist instead of a message.

    The text comes from templates you can change: `rolodex templates copy KIND`
    puts a copy in the KB's templates/ folder to edit (see docs/drafts.md). Set
    `me.pitch` in mkdocs.yml to say who you are in every first email.

    \b
    Examples:
      rolodex draft outreach:jane-doe
      rolodex draft thank-you:2026-11-20-jane-doe:jane-doe
    """
    from rolodex.drafts import compose as drafts  # Jinja2 is slow to import: only for drafts

    items = app.session.items(today)
    try:
        subject, body = drafts.render(app.kb, item_id, today, items)
    except drafts.TemplateError as exc:
        path = exc.path if exc.path.startswith("(") else app.rel(exc.path)
        where = path if exc.line is None else f"{path}:{exc.line}"
        echo(f"{where}: {click.style('error', fg='red', bold=True)}: {exc.message}", err=True)
        raise SystemExit(1) from None
    except drafts.UnknownItem as exc:
        raise click.ClickException(str(exc)) from None
    echo(f"Subject: {subject}\n\n{body}")
    for note in drafts.advice(app.kb, drafts.find_item(app.kb, item_id, today, items), today, body, subject):
        secho(note, err=True, fg="yellow" if note.startswith("warning") else None)
