"""The site: `rolodex build`, `rolodex serve` and `rolodex export site`.

`build` and `serve` run MkDocs in-process on the KB's mkdocs.yml; the `rolodex`
plugin does the work, so `mkdocs build` and `mkdocs serve` give the same site.
Today and `--public` reach the plugin directly, through `builder.running`.
`export` is a group: `export site` here, other formats register beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from rolodex.cli.app import App, main, pass_app, today_option
from rolodex.cli.output import count, echo, problem_line
from rolodex.core.hosts import host_of, is_loopback
from rolodex.kb.configfile import ConfigFile, read_config
from rolodex.site import folders

_LEVEL_COLOURS = {"WARNING": "yellow", "ERROR": "red", "CRITICAL": "red"}
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _EchoHandler(logging.Handler):
    """MkDocs' log lines on stderr, as `mkdocs` prints them."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(_DIRTY_WARNING):
            return  # `serve` rebuilds dirty on purpose; the plugin keeps the rest exact
        level = record.levelname
        text = record.getMessage()
        prefix = click.style(f"{level:<8}", fg=_LEVEL_COLOURS.get(level))
        echo(f"{prefix} -  {text}", err=True)


def _builder():
    """The site builder, imported when a site command runs: it pulls in MkDocs and Material."""
    from rolodex.site import builder

    return builder


@contextlib.contextmanager
def _mkdocs_run(today: dt.date | None, public: bool, verbose: bool) -> Iterator[None]:
    """The plugin's day and audience, and logging, for one in-process MkDocs run.

    `today` None leaves the date to the plugin (the real date at each rebuild).
    """
    builder = _builder()
    logger = logging.getLogger("mkdocs")
    handler = _EchoHandler(logging.INFO if verbose else logging.WARNING)
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    try:
        with builder.running(builder.Run(today, public)):
            yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


def _mkdocs_config(app: App, **overrides):
    """The KB's mkdocs.yml as MkDocs reads it; mistakes in it become a clean error."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    _ensure_docs(app)
    _check_theme(app)
    try:
        config = load_config(config_file=str(app.root / "mkdocs.yml"), **overrides)
    except exceptions.MkDocsException as exc:
        raise click.ClickException(f"mkdocs.yml: {exc}") from None
    _check_plugins(config.plugins)
    return config


def _check_theme(app: App) -> None:
    """Material or MaterialX named but not installed: say which extra to install, not MkDocs' theme list."""
    from rolodex.site import themes

    why = themes.missing(themes.theme_name(_site_config(app).site), themes.installed())
    if why:
        raise click.ClickException(why)


def _check_plugins(plugins) -> None:
    """Without the rolodex plugin there are no contact pages; without offline, no file:// browsing."""
    if "rolodex" not in plugins:
        raise click.ClickException("mkdocs.yml does not list the rolodex plugin: add '- rolodex' under 'plugins:'")
    # `- offline` is registered under the theme's name: material/offline, materialx/offline
    if not any(name == "offline" or name.endswith("/offline") for name in plugins):
        echo(
            "note: mkdocs.yml has no 'offline' plugin: browse the site with 'rolodex serve' "
            "(opened from disk, its links and search do not work)",
            err=True,
        )


def _ensure_docs(app: App) -> None:
    made = folders.ensure_docs(app.root, _site_config(app).docs_dir)
    if made is not None:
        echo(f"created {app.rel(os.path.relpath(made, app.root))}/ (your own pages go there)", err=True)


def _site_config(app: App) -> ConfigFile:
    return read_config(app.root)


def _guard_output(app: App, target: Path, what: str, *, replace_site: bool) -> None:
    """Refuse to write generated files over the user's own (`site.folders`)."""
    try:
        folders.check_target(
            app.root, app.session.settings, _site_config(app).docs_dir, target, what, replace_site=replace_site
        )
    except folders.Refused as exc:
        raise click.ClickException(str(exc)) from None


def refuse_public(app: App, problems: list, what: str) -> NoReturn:
    """Print why a public build or export cannot run, located, and stop (nothing written)."""
    for problem in problems:
        echo(problem_line(problem, app.rel(problem.path)), err=True)
    raise click.ClickException(
        f"{count(len(problems), 'problem')} that could let a private person into {what}: nothing was "
        "written. Fix them (rolodex check lists the files), then run it again."
    )


def _public_gate(app: App, today: dt.date) -> None:
    from rolodex.site.export import public_refusals

    problems = public_refusals(app.session, today)
    if problems:
        refuse_public(app, problems, "the public site")


def _strict_gate(app: App, today: dt.date) -> None:
    problems = app.session.problems(today)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for problem in errors:
            echo(problem_line(problem, app.rel(problem.path)), err=True)
        raise click.ClickException(
            f"{count(len(errors), 'error')} in your files: not building (--strict). "
            "Fix them, or build without --strict."
        )


@main.command()
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on any error `rolodex check` reports, and on any MkDocs warning (a broken link).",
)
@click.option(
    "--public", is_flag=True, help="Leave out private contacts and the config's private_fields, for publishing."
)
@click.option(
    "--site-dir",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Where to write the site (default: site/ in the KB, or mkdocs.yml's site_dir).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages too.")
@today_option
@pass_app
def build(app: App, strict: bool, public: bool, site_dir: Path | None, verbose: bool, today: dt.date) -> None:
    """Build the browsable site of your network into site/.

    Contacts and meetings become pages; Home shows what is due, upcoming
    meetings and your pipeline. The site works offline: open site/index.html
    in a browser, or run `rolodex serve`. Problems in your files never stop the
    build (they are listed on the Problems page) unless you pass --strict.

    \b
    Examples:
      rolodex build
      rolodex build --strict
      rolodex build --public --site-dir public/
    """
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build

    if strict:
        _strict_gate(app, today)
    if public:  # before MkDocs runs: the same check stops the plugin, but here it reads best
        _public_gate(app, today)
    overrides: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    start = time.perf_counter()
    with _mkdocs_run(today, public, verbose):
        config = _mkdocs_config(app, **overrides)
        _guard_output(app, Path(config.site_dir), "the site", replace_site=True)
        try:
            folders.mark_site(Path(config.site_dir))
        except folders.Refused as exc:
            raise click.ClickException(str(exc)) from None
        # As `mkdocs build` does: plugins learn it is a build, not a rebuild under `serve`.
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        except exceptions.Abort as exc:
            raise click.ClickException(f"build failed: {exc}") from None
        except exceptions.MkDocsException as exc:
            raise click.ClickException(f"build failed: {exc}") from None
        except OSError as exc:
            where = folders.failed_file(exc, Path(config.site_dir))
            raise click.ClickException(f"build failed: cannot write {where} ({exc.strerror})") from None
        finally:
            config.plugins.on_shutdown()
    seconds = time.perf_counter() - start
    out = Path(config.site_dir)
    pages = sum(1 for _ in out.rglob("*.html"))
    where = app.rel(os.path.relpath(out, app.root)) if out.is_relative_to(app.root) else str(out)
    kind = "public site" if public else "site"
    echo(
        f"Built the {kind}: {pages} pages in {where}/ ({seconds:.1f} s). "
        f"Open {where}/index.html, or run 'rolodex serve'."
    )


@main.command()
@click.option(
    "-a",
    "--dev-addr",
    "dev_addr",
    metavar="IP:PORT",
    default=None,
    help="Address to serve on (default 127.0.0.1:8000: this computer only).",
)
@click.option("--public", is_flag=True, help="Serve what `rolodex build --public` would publish.")
@click.option(
    "--no-livereload", "livereload", flag_value=False, default=True, help="Do not rebuild and reload when files change."
)
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages too.")
@today_option
@pass_app
def serve(app: App, dev_addr: str | None, public: bool, livereload: bool, verbose: bool, today: dt.date) -> None:
    """Browse the site on http://127.0.0.1:8000 while you edit.

    The site rebuilds and your browser reloads whenever a file in contacts/,
    meetings/, docs/, your draft templates or mkdocs.yml changes. It listens
    on this computer only unless you pass --dev-addr. Stop it with Ctrl+C.

    \b
    Examples:
      rolodex serve
      rolodex serve --dev-addr 127.0.0.1:8765
    """
    from mkdocs import exceptions
    from mkdocs.commands.serve import serve as mkdocs_serve

    _mkdocs_config(app)  # a clear error now rather than from inside the server
    kwargs: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}
    # Unless --today was given, each rebuild takes the real date: serve may run past midnight.
    explicit = click.get_current_context().get_parameter_source("today") == click.core.ParameterSource.COMMANDLINE
    with _mkdocs_run(today if explicit else None, public, verbose=True):
        logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
        addr = dev_addr or _site_config(app).dev_addr or "127.0.0.1:8000"
        echo(f"Serving your network on http://{addr}/ (Ctrl+C to stop)", err=True)
        if not public and not is_loopback(host_of(addr)):
            echo(
                f"warning: other computers can reach {addr}, and this site shows every contact and note; "
                "serve on 127.0.0.1, or pass --public to show only what a public build would",
                err=True,
            )
        try:
            # Dirty rebuilds: only the pages whose inputs changed are built again (site/live.py).
            mkdocs_serve(config_file=str(app.root / "mkdocs.yml"), livereload=livereload, build_type="dirty", **kwargs)
        except (exceptions.Abort, exceptions.MkDocsException) as exc:
            raise click.ClickException(str(exc)) from None
        except (OSError, OverflowError) as exc:  # the address is taken, not ours, or no port
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise click.ClickException(
                f"cannot serve on {addr}: {reason}; try another --dev-addr, e.g. 127.0.0.1:8001"
            ) from None


@main.group(context_settings={"help_option_names": ["-h", "--help"]})
def export() -> None:
    """Write your network in other formats: each subcommand is one format.

    `--public` on any of them leaves out what `rolodex build --public` does.

    \b
    Examples:
      rolodex export vcard -o network.vcf
      rolodex export site out/
    """


@export.command("site")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--public", is_flag=True, help="Leave out private contacts and the config's private_fields.")
@click.option("--force", is_flag=True, help="Write into DIRECTORY even if it is not empty (files are replaced).")
@today_option
@pass_app
def export_site(app: App, directory: Path, public: bool, force: bool, today: dt.date) -> None:
    """Write the site as plain Markdown files into DIRECTORY.

    The generated pages (home, follow-ups, contacts, meetings, …) and your own
    pages from docs/, plus calendar.ics and the site's CSS and JavaScript: a
    docs folder any Markdown site generator can build. Links between pages are
    ordinary relative `.md` links.

    \b
    Example:
      rolodex export site exported/ && ls exported/contacts
    """
    from rolodex.site.export import PublicRefused, export

    try:
        written = export(app.session, directory, today, public=public, force=force)
    except PublicRefused as exc:
        refuse_public(app, exc.problems, "the public site")
    except folders.Refused as exc:
        raise click.ClickException(str(exc)) from None
    echo(f"Wrote {count(written, 'file')} to {directory}/")
