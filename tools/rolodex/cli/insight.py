"""Insight: `rolodex stats` (the funnel with rates), `rolodex review` (the week) and `rolodex who`."""

from __future__ import annotations

import datetime as dt

import click

from rolodex.cli.app import App, date_type, main, pass_app, today_option
from rolodex.cli.output import echo, one_line, print_json, table
from rolodex.core.model import KB
from rolodex.core.titles import meeting_title
from rolodex.drafts.review import LIST_MAX, day, markdown, role, summary
from rolodex.rules.insight import BY, MEDIANS, RATE_OF, STEPS, Figures, Stats, days, percent, stats
from rolodex.rules.network import Company, Network, who
from rolodex.rules.review import Review, review

MEDIAN_WORDS = {
    "outreach_to_reply": ("outreach → reply", "reply", "replies"),
    "reply_to_meeting": ("reply → meeting", "meeting", "meetings"),
    "meeting_to_thank_you": ("meeting → thank-you", "thank-you", "thank-yous"),
}
BAR = 24


# --- stats ---------------------------------------------------------------------------------


@main.command("stats")
@click.option(
    "--since",
    metavar="YYYY-MM-DD",
    callback=date_type,
    help="Count only touches, meetings and waits dated on or after this day.",
)
@click.option("--by", type=click.Choice(BY), help="Also split the figures by month, source or tag.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@today_option
@pass_app
def stats_(app: App, since: dt.date | None, by: str | None, fmt: str, today: dt.date) -> None:
    """Does your networking work? The funnel with rates, and the days between steps.

    Over your contacts that are not archived: listed (all of them), contacted (an
    outreach touch or a meeting), replied (a reply touch or a meeting), met (a held
    meeting), referred (in a held meeting that gave referrals). Each rate is the
    share of the previous step's people who reached the next. Median days: from
    outreach to reply, from reply to meeting, from meeting to thank-you.
    docs/insights.md explains every figure.

    \b
    Examples:
      rolodex stats
      rolodex stats --since 2026-01-01 --by source
      rolodex stats --by month --format json
    """
    result = stats(app.kb, today, since, by)
    if fmt == "json":
        print_json(result.as_json())
        return
    echo(_stats_text(result))


def _stats_text(s: Stats) -> str:
    f = s.overall
    listed = f.funnel["listed"]
    heading = f"Your networking funnel on {day(s.today)}"
    if s.since:
        heading += f", events since {day(s.since)}"
    lines = [click.style(heading, bold=True), ""]
    for step in STEPS:
        n = f.funnel[step]
        bar = "█" * (round(BAR * n / listed) if listed else 0)
        rate = "" if step == "listed" else f"{percent(f.rates[step]):>5} of {RATE_OF[step]}"
        lines.append(f"  {step:<10} {n:>5}  {click.style(bar.ljust(BAR), fg='cyan')}  {rate}".rstrip())
    if not listed:
        lines.append("\nNo contacts yet (archived ones aside): add one with 'rolodex new contact \"Name\"'.")
    lines += ["", click.style("Median days", bold=True)]
    for name in MEDIANS:
        label, one, many = MEDIAN_WORDS[name]
        n = f.samples[name]
        lines.append(f"  {label:<20} {days(f.median_days[name]):>10}   over {n} {one if n == 1 else many}")
    if s.by:
        lines += ["", click.style(f"By {s.by}", bold=True)]
        if s.rows:
            lines.append(_by_table(s.by, s.rows))
        else:
            lines.append("Nothing to count.")
    return "\n".join(lines)


def _by_table(by: str, rows: tuple[Figures, ...]) -> str:
    headers = [by.upper(), *[s.upper() for s in STEPS], "REPLIED %", "MET %", "REPLY DAYS"]
    body = [
        (
            row.key or "",
            *[str(row.funnel[s]) for s in STEPS],
            percent(row.rates["replied"]),
            percent(row.rates["met"]),
            "" if row.median_days["outreach_to_reply"] is None else f"{row.median_days['outreach_to_reply']:g}",
        )
        for row in rows
    ]
    return table(headers, body)


# --- review --------------------------------------------------------------------------------


@main.command("review")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="text for the terminal; md (Markdown) to paste into a mail or a notes app; json for scripts.",
)
@today_option
@pass_app
def review_(app: App, fmt: str, today: dt.date) -> None:
    """Your weekly review: the last seven days, the next seven, who needs a word.

    What you did (touches, meetings held, thank-yous sent), what is overdue and due
    in the next seven days, the meetings coming up, who is going cold (past their
    cadence), referrals you have not contacted yet, and job changes seen in the
    last 30 days that you have not been in touch about. The site's Weekly review
    page shows the same.

    \b
    Examples:
      rolodex review
      rolodex review --format md | pbcopy
      rolodex review --today 2026-11-27 --format md > week.md
    """
    kb = app.kb
    result = review(kb, today, app.session.items(today))
    if fmt == "json":
        print_json(result.as_json())
    elif fmt == "md":
        echo(markdown(result, kb), nl=False)
    else:
        echo(_review_text(result, kb))


def _review_text(r: Review, kb: KB) -> str:
    def heading(text: str, n: int | None = None, colour: str | None = None) -> list[str]:
        return ["", click.style(text + ("" if n is None else f" ({n})"), bold=True, fg=colour)]

    def capped(rows: list[str], empty: str, hint: str = "") -> list[str]:
        if not rows:
            return [f"  {empty}"]
        more = len(rows) - LIST_MAX
        return rows[:LIST_MAX] + ([f"  …and {more} more{hint}"] if more > 0 else [])

    lines = [click.style(f"Weekly review, {day(r.today)}", bold=True), summary(r)]
    lines += heading("Done in the last seven days")
    done = [(d.date, f"{d.name}: {d.kind}" + (f" — {one_line(d.note)}" if d.note else "")) for d in r.touches]
    done += [(m.date, f"{meeting_title(kb, m)} (held)") for m in r.meetings]
    done += [(d.date, f"{d.name}: thank-you sent") for d in r.thank_yous if d.meeting]
    lines += capped(
        [f"  {d.isoformat()}  {one_line(text)}" for d, text in sorted(done, key=lambda e: e[0])], "Nothing."
    )
    if r.overdue or r.backlog:
        lines += heading("Overdue", len(r.overdue), "red")
        lines += capped([_item(i) for i in r.overdue], "Nothing this month.", ": rolodex due lists them all")
        if r.backlog:
            lines.append(f"  And {len(r.backlog)} overdue by more than a month (the backlog): rolodex due lists them.")
    lines += heading("Due in the next seven days", len(r.due))
    lines += capped([_item(i) for i in r.due], "Nothing.", ": rolodex due lists them all")
    if r.upcoming:
        lines += heading("Meetings coming up", len(r.upcoming))
        lines += [
            f"  {m.date.isoformat()}{m.time.strftime(' %H:%M') if m.time else ''}  {one_line(meeting_title(kb, m))}"
            for m in r.upcoming
        ]
    lines += heading("Going cold", len(r.cold))
    lines += capped(
        [
            f"  {one_line(c.name)}: last contact {c.last.isoformat()}, every {c.cadence} days; {c.days_over} days past"
            for c in r.cold
        ],
        "Nobody.",
    )
    lines += heading("Referrals not yet contacted", len(r.referrals))
    lines += capped(
        [
            f"  {one_line(x.name)}"
            + ("" if x.slug else " (not a contact yet)")
            + (f", suggested by {', '.join(one_line(n) for _, n in x.by)}" if x.by else "")
            + (f" on {x.since.isoformat()}" if x.since else "")
            for x in r.referrals
        ],
        "None.",
    )
    lines += heading("Job changes", len(r.job_changes))
    lines += capped(
        [
            f"  {one_line(j.name)}: now {one_line(role(j.now_title, j.now_company)) or 'no company or title'}"
            + (f" (was {one_line(role(j.was_title, j.was_company))})" if role(j.was_title, j.was_company) else "")
            + f", seen {j.date.isoformat()}"
            for j in r.job_changes
        ],
        "None seen in the last 30 days.",
    )
    return "\n".join(lines)


def _item(i) -> str:
    return f"  {i.due.isoformat()}  {i.kind:<13}  {one_line(i.title)}  " + click.style(i.id, dim=True)


# --- who -----------------------------------------------------------------------------------


@main.command("who")
@click.argument("text")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@today_option
@pass_app
def who_(app: App, text: str, fmt: str, today: dt.date) -> None:
    """Who do you know at a company? People there now or before, and paths to them.

    TEXT matches any part of a company's name, in any case: the contacts' current
    companies and the earlier ones in their `history`. For each person: their role,
    who introduced them, and how warm they are (meetings held, last contact). Then
    two-step paths to the people there you have not met: through whoever
    introduced them, or through a colleague of theirs you have met.

    \b
    Examples:
      rolodex who greenway
      rolodex who "city of riverton" --format json
    """
    if not text.strip():
        raise click.BadParameter("give part of a company's name", param_hint="'TEXT'")
    kb = app.kb
    network = Network(kb)
    found = who(kb, today, text, network)
    if fmt == "json":
        print_json([c.as_json() for c in found])
        return
    if not found:
        echo(f"Nobody at a company matching '{one_line(text)}' (now or before).")
        return
    echo("\n\n".join(_company_text(app, c, today) for c in found))


def _company_text(app: App, company: Company, today: dt.date) -> str:
    kb = app.kb
    now = sum(p.current for p in company.people)
    lines = [
        click.style(one_line(company.name), bold=True)
        + click.style(f"  {now} now, {len(company.people) - now} before", dim=True)
    ]
    for p in company.people:
        status = "met " + (f"{p.warmth.met}×" if p.warmth.met > 1 else "once") if p.warmth.met else "not met"
        last = f"last contact {_ago(p.warmth.last, today)}" if p.warmth.last else "never in touch"
        role_text = one_line(p.title) if p.title else ""
        if not p.current:
            role_text = (role_text + " " if role_text else "") + (
                f"(left; seen {p.seen.isoformat()})" if p.seen else "(left)"
            )
        lines.append(
            f"  {one_line(p.name)}"
            + (f", {role_text}" if role_text else "")
            + click.style(f"  [{status}; {last}" + ("; archived" if p.warmth.archived else "") + "]", dim=True)
        )
        if p.introduced_by:
            lines.append("    introduced by " + ", ".join(one_line(kb.contacts[s].name) for s in p.introduced_by))
    if company.paths:
        lines.append(click.style("  Paths", bold=True))
        for path in company.paths:
            via, to = kb.contacts[path.via], kb.contacts[path.to]
            why = "who introduced them" if path.why == "introduced" else "a colleague there"
            lines.append(f"    you → {one_line(via.name)} ({why}) → {one_line(to.name)}")
    return "\n".join(lines)


def _ago(d: dt.date, today: dt.date) -> str:
    n = (today - d).days
    if n == 0:
        return f"{d.isoformat()} (today)"
    if n < 0:
        return f"{d.isoformat()} (in {-n} days)"
    return f"{d.isoformat()} ({n} day{'s' if n != 1 else ''} ago)"
