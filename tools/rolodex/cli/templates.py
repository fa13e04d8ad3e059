"""`rolodex templates`: which draft templates are in use, and copies to edit (FORMAT §7 drafts).

A thin layer over `drafts.catalog`: list each kind and the file its drafts use; copy
built-in templates into the KB's templates folder (`write.creating.copy_in`), never over
an existing file.
"""

from __future__ import annotations

import click

from rolodex.cli.app import App, main, pass_app
from rolodex.cli.output import echo, table
from rolodex.core.identity import did_you_mean
from rolodex.drafts import catalog
from rolodex.write import creating
from rolodex.write.apply import WriteFailed


def _kinds() -> tuple[str, ...]:
    from rolodex.drafts.compose import TEMPLATE_KINDS  # Jinja2 is slow to import: only here

    return TEMPLATE_KINDS


@main.group("templates", invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def templates(ctx: click.Context) -> None:
    """List the draft templates and which file each kind's drafts use.

    Every kind of draft (outreach, nudge, thank-you…) has a built-in template.
    A file named after the kind in your KB's templates/ folder (the
    `templates_dir` option) replaces it: that file wins whenever it exists.
    `rolodex templates copy` puts a built-in one there for you to edit.

    \b
    Examples:
      rolodex templates
      rolodex templates copy outreach
      rolodex templates copy --all
    """
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.find_object(App)
    assert app is not None  # main() made it
    settings = app.session.settings
    kinds = _kinds()
    rows = catalog.templates(app.root, settings, kinds)
    echo(
        table(
            ("KIND", "DRAFTS USE"),
            [(t.kind, f"{app.rel(t.own)} (yours)" if t.overridden else "built-in") for t in rows],
        )
    )
    others = catalog.other_files(app.root, settings, kinds)
    for rel, meant in others:
        if meant:
            echo(
                f"warning: {app.rel(rel)} replaces no template: drafts ignore it; "
                f"did you mean {catalog.own_path(settings, meant)}?",
                err=True,
            )
    pieces = [rel for rel, meant in others if not meant]
    if pieces:
        echo(
            f"\nOther files in {settings.templates_dir}/ (for {{% include %}}): {', '.join(app.rel(p) for p in pieces)}"
        )
    if not all(t.overridden for t in rows):
        echo("\nTo change a built-in one: rolodex templates copy KIND (or --all), then edit the copy.")


@templates.command("copy")
@click.argument("kind", required=False, metavar="KIND")
@click.option("--all", "every", is_flag=True, help="Copy every built-in template the KB does not have yet.")
@pass_app
def copy(app: App, kind: str | None, every: bool) -> None:
    """Copy the built-in template of KIND (or --all) into the KB's templates/ folder.

    The copy wins from then on: edit it, and drafts of that kind follow. A file
    that is already there is never overwritten: KIND refuses, changing nothing;
    --all keeps it and copies the others.

    \b
    Examples:
      rolodex templates copy thank-you
      rolodex templates copy --all
    """
    kinds = _kinds()
    if (kind is None) == (not every):
        raise click.UsageError("name one KIND to copy, or --all (not both)")
    if kind is not None and kind not in kinds:
        raise click.BadParameter(
            f"no template kind '{kind}'{did_you_mean(kind, kinds)} (kinds: {', '.join(kinds)})", param_hint="KIND"
        )
    settings = app.session.settings
    failed = False
    chosen = kinds if kind is None else (kind,)
    for template in catalog.templates(app.root, settings, chosen):
        rel = app.rel(template.own)
        if template.overridden:
            if not every:
                raise click.ClickException(
                    f"{rel} already exists, and drafts use it; nothing was copied (to start again from the "
                    "built-in one, rename or delete it first)"
                )
            echo(f"{rel}: already there, kept; drafts use it")
            continue
        try:
            creating.copy_in(app.root, template.own, catalog.builtin_bytes(template.kind))
        except WriteFailed as exc:
            echo(f"{rel}: error: {exc}", err=True)
            failed = True
            continue
        echo(f"{rel}: copied the built-in {template.kind} template; drafts of this kind now use this file")
    if failed:
        raise SystemExit(1)
