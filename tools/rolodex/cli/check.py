"""`rolodex check`: validate every file like a compiler."""

from __future__ import annotations

import datetime as dt

import click

from rolodex.cli.app import App, main, pass_app, today_option
from rolodex.cli.output import count, echo, print_json, problem_line


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts (a list of problems).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@today_option
@pass_app
def check(app: App, fmt: str, strict: bool, today: dt.date) -> None:
    """Check every contact and meeting file and report all problems at once.

    Each problem is printed as `path:line: severity: message [code]`, the form
    editors and CI jump to. Exit status: 0 when clean (warnings allowed), 1 when
    any error (or any warning with --strict), 2 on a usage error.

    \b
    Examples:
      rolodex check
      rolodex check --strict --format json > problems.json
    """
    checked = app.session.checked(today)
    problems = checked.problems
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if fmt == "json":
        print_json([p.as_json() for p in problems])
    else:
        for problem in problems:
            echo(problem_line(problem, app.rel(problem.path)))
        summary = f"{count(errors, 'error')}, {count(warnings, 'warning')} in {count(checked.contacts, 'contact')} and {count(checked.meetings, 'meeting')}"
        if checked.unread:
            summary += f" ({checked.unread} of them left out: see the errors above)"
        colour = "red" if errors else "yellow" if warnings else "green"
        mark = "✗" if errors else "!" if warnings else "✓"
        echo(click.style(f"{mark} {summary}", fg=colour, bold=True))
    if errors or (strict and warnings):
        raise SystemExit(1)
