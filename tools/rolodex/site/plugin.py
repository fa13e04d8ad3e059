"""The `rolodex` MkDocs plugin: a thin adapter. Each hook hands off to `builder`.

- `on_config`: today, public or not, the small navigation, our CSS/JS, no remote fonts
  or scripts with Material or MaterialX (site/themes.py; the offline plugin's search shim
  is served from the site itself);
- `on_files`: load the KB and add every generated page as an in-memory file;
- `on_page_markdown`/`on_page_content`: `[[wiki links]]` in hand-written pages; the HTML
  blocks of generated pages set aside from Markdown and put back (site/markup.py, `stash_html`);
- `on_page_context`: edit links of generated pages point at the contact or meeting file;
- `on_env`: the theme's navigation rendered once per folder for pages not in it (site/navonce.py);
- `on_serve`: rebuild when contacts/, meetings/ or the draft templates change, as soon as
  the file system says so; answer the Done and Snooze buttons (site/actions.py);
- `on_nav`/`on_page_context`/`on_post_build`, in a dirty rebuild (`rolodex serve`): keep the
  pages whose inputs did not change, and their search entries (see site/live.py).
- `on_post_build`, last: one short search entry per contact and meeting (site/search.py).

With `enabled: false` (MkDocs' usual switch, often `!ENV [NAME, true]`) every hook does nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from rolodex.core.config import (
    PRIVATE_FIELD_NAMES,
    RolodexOptions,
    Settings,
    settings_from_validated,
    unknown_private_fields,
)
from rolodex.core.hosts import is_loopback
from rolodex.site import actions, bothcores, builder, live, navonce, search, themes
from rolodex.site.blocks import HOME, HUBS
from rolodex.site.context import Site
from rolodex.site.markup import stash_html, unstash_html
from rolodex.site.regenerate import regenerate

log = logging.getLogger("mkdocs.plugins.rolodex")


def builder_today() -> dt.date:
    """Today for a write from the browser: as for the pages (`rolodex serve --today`, else the clock)."""
    return builder.current_run()[0]


# What outlives one rebuild of a dirty `serve` (`rolodex serve`, `mkdocs serve --dirty`).
_LIVE: live.Live | None = None


def _kept() -> bool:
    return False


def _changed() -> bool:
    return True


class RolodexPlugin(BasePlugin[RolodexOptions]):
    """Turns contacts/ and meetings/ into the site's pages at build time."""

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings()
        self.root = Path(".")
        self.today: dt.date | None = None  # set by on_config
        self.public = False
        self.site: Site | None = None
        self.ours: set[str] = set()
        self.keys: dict[str, str] = {}  # page -> its key in this dirty rebuild (site/live.py)
        self.built: dict[str, live.Kept] = {}  # pages of this dirty rebuild, kept or built
        self.index: Any = None  # the search plugin's index in this rebuild
        self.entries_before = 0
        self.files: Files | None = None
        self.urls: dict[str, str] = {}  # generated page -> its URL, for the search entries
        self.one_index = False  # our shim serves the offline script in place of search_index.json
        self.nav: Any = None
        self.command = "build"  # as MkDocs says in on_startup
        self.helper = bothcores.Helper()  # record pages on a second core (a build only)
        # Generated HTML blocks skip Python-Markdown: a paragraph of this token stands in for each.
        self.token = "rolodexhtml" + secrets.token_hex(8)
        self.stashed: dict[str, list[str]] = {}  # page -> its HTML blocks, between markdown and content
        self.sitemap: tuple[object, ...] | None = None  # what this rebuild's sitemap is made of (site/live.py)
        self.sitemap_skipped: Any = None  # the theme whose sitemap this rebuild does not render again

    # Before the other plugins' on_config: the search plugin renders the theme's templates there.
    @event_priority(100)
    def _share_templates(self, config: Any) -> Any:
        if _LIVE is not None and self.config.enabled:
            _LIVE.templates.share(config.theme)
        return config

    # Run after the other plugins' on_config (the offline plugin adds a remote script there).
    @event_priority(-50)
    def _configure(self, config: Any) -> Any:
        if not self.config.enabled:
            return config
        try:
            self.today, self.public = builder.current_run()
        except builder.SiteConfigError as exc:
            raise PluginError(str(exc)) from None
        self.settings = settings_from_validated(self.config)
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        for name in unknown_private_fields(self.settings.private_fields):
            log.warning(
                "rolodex: private_fields names '%s', which is not a contact field; known: %s",
                name,
                ", ".join(PRIVATE_FIELD_NAMES),
            )
        self._offline_assets(config)
        if config.nav is None:
            config.nav = builder.nav(self._docs_pages(config), self.public)
        return config

    on_config = CombinedEvent(_share_templates, _configure)

    def on_files(self, files: Files, *, config: Any) -> Files:
        if not self.config.enabled:
            return files
        home = files.get_file_from_path(HOME)
        home_text = None
        if home is not None and not home.generated_by:
            home_text = home.content_string
            files.remove(home)
        skip = frozenset(path for _, path in HUBS if path != HOME and files.get_file_from_path(path))
        docs_rel = (
            Path(config.docs_dir).resolve().relative_to(self.root).as_posix()
            if Path(config.docs_dir).resolve().is_relative_to(self.root)
            else "docs"
        )
        assert self.today is not None  # on_config ran
        pages = []
        if self.public:  # their names and titles are checked for private people
            pages = [(f.src_uri, f.content_string) for f in files.documentation_pages() if not f.generated_by]
            if home_text is not None:
                pages.append((HOME, home_text))
        try:
            prepared = builder.prepare(
                self.root,
                self.settings,
                self.today,
                public=self.public,
                site_name=config.site_name,
                home_text=home_text,
                directory_urls=config.use_directory_urls,
                skip=skip,
                edit_base=builder.edit_base(config.repo_url, config.edit_uri, docs_rel),
                pages=pages,
                docs_dir=docs_rel,
                config_text=_text_of(config.config_file_path) if self.public else "",
                remembered=_LIVE.remembered if _LIVE is not None else None,
            )
        except builder.PublicRefused as exc:
            raise PluginError(f"not building a public site:\n{exc}") from None
        self.site = Site(prepared.inp)
        if prepared.problems:
            line, errors = builder.summary(prepared.problems)
            (log.warning if errors else log.info)(line)
        hubs = {path for _, path in HUBS}
        self.ours = set()
        self.urls = {}
        if _LIVE is not None:  # serving: only the pages an edit can change are generated again
            templates = builder.templates_digest(self.root, self.settings)
            _LIVE.generated = regenerate(prepared.inp, templates, _LIVE.generated, self.site)
            generated = _LIVE.generated.pages
        elif self.command == "build":
            generated = bothcores.generate(prepared.inp, self.site)
        else:  # (`mkdocs serve` runs threads: no fork there)
            generated = builder.generate(prepared.inp, site=self.site)
        taken = files.src_uris  # (generated paths are in their normal form already: no get_file_from_path)
        made_of = _LIVE.file_objects.common(config) if _LIVE is not None else ()
        for path, content in generated.items():
            if path in taken:
                log.warning("rolodex: docs/%s hides the page Rolodex would generate there", path)
                continue
            inclusion = (
                # (INCLUDED, not UNDEFINED: the docs folder's exclude_docs patterns are not about these pages)
                InclusionLevel.INCLUDED if path in hubs and config.nav is not None else InclusionLevel.NOT_IN_NAV
            )
            file = (
                _LIVE.file_objects.file(config, path, content, inclusion, made_of)
                if _LIVE is not None
                else File.generated(config, path, content=content, inclusion=inclusion)
            )
            files.append(file)
            self.ours.add(path)
            self.urls[path] = file.url
        for path, resource in builder.asset_files():
            files.append(File.generated(config, path, content=resource.read_bytes()))
        if _LIVE is not None:
            self._plan(files, config)
        return files

    def on_startup(self, *, command: str, dirty: bool) -> None:
        global _LIVE
        self.command = command
        _LIVE = live.Live() if command == "serve" and dirty else None

    def on_shutdown(self) -> None:
        global _LIVE
        _LIVE = None

    def _install_nav(self, env: Any, *, config: Any, files: Files) -> Any:
        if self.config.enabled:
            navonce.NavOnce().install(env)  # a new one each build: the navigation may have changed
        return env

    # Last: the other plugins' changes to the environment are in place before the fork.
    @event_priority(-100)
    def _second_core(self, env: Any, *, config: Any, files: Files) -> Any:
        # (`mkdocs serve` runs threads: no fork there)
        if self.config.enabled and self.command == "build" and self.site is not None and self.nav is not None:
            records = [
                f.page
                for f in files.documentation_pages()
                if f.page is not None and f.src_uri in self.site.record_paths
            ]
            if bothcores.wanted(len(records)):
                self.helper.start(records, config, files, self.nav, env)
        return env

    def _sitemap_kept(self, env: Any, *, config: Any, files: Files) -> Any:
        """While serving, sitemap.xml (and its .gz) stays as the last rebuild wrote it while what it
        is made of is the same (live.sitemap_inputs): MkDocs renders it only when it is not."""
        self.sitemap = None
        if _LIVE is None or not self.config.enabled:
            return env
        self.sitemap = live.sitemap_inputs(config, env, files)
        site = Path(config.site_dir)
        if (
            self.sitemap is not None
            and self.sitemap == _LIVE.sitemap
            and (site / live.SITEMAP).is_file()
            and (site / f"{live.SITEMAP}.gz").is_file()
            and live.SITEMAP in config.theme.static_templates
        ):
            config.theme.static_templates.discard(live.SITEMAP)  # (for this build: put back after it)
            self.sitemap_skipped = config.theme
        return env

    on_env = CombinedEvent(_install_nav, _second_core, _sitemap_kept)

    def _sitemap_done(self, *, failed: bool = False) -> None:
        if self.sitemap_skipped is not None:
            self.sitemap_skipped.static_templates.add(live.SITEMAP)
            self.sitemap_skipped = None
        elif _LIVE is not None:
            _LIVE.sitemap = None if failed else self.sitemap

    def on_build_error(self, *, error: Exception) -> None:
        self.helper.stop()
        self._sitemap_done(failed=True)

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self.nav = nav
        # A kept page is not read again, yet the navigation of the pages that are built shows it.
        if _LIVE is not None and self.config.enabled:
            for page in nav.pages:
                kept = _LIVE.pages.get(page.file.src_uri)
                if not page.file.is_modified() and kept is not None:
                    page.meta = dict(kept.meta)
                    if page.title is None:
                        page.title = kept.title
        return nav

    # Last, so that other plugins' changes to the Markdown are in place.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        if not self.config.enabled:
            return markdown
        src = page.file.src_uri
        if src in self.ours:
            markdown, self.stashed[src] = stash_html(markdown, self.token)
        elif self.site is not None:
            markdown = builder.link_docs_page(markdown, src, self.site)
        return markdown

    # First, so that other plugins (search) see the whole page.
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        blocks = self.stashed.pop(page.file.src_uri, None)
        return unstash_html(html, self.token, blocks) if blocks else html

    def _edit_links(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if not self.config.enabled:
            return context
        if page.file.src_uri in self.ours:
            page.edit_url = builder.record_edit_url(self.site, page.file.src_uri)
        elif page.edit_url:  # MkDocs joins a hand-written page's file name in as it is
            page.edit_url = builder.attribute_safe(page.edit_url)
        return context

    # Around the search plugin's own on_page_context: which entries it added for this page.
    @event_priority(100)
    def _before_search(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if _LIVE is not None and self.index is not None:
            self.entries_before = len(self.index.entries)
        return context

    @event_priority(-100)
    def _after_search(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        src = page.file.src_uri
        if _LIVE is not None and src in self.keys:
            entries = self.index.entries[self.entries_before :] if self.index is not None else None
            self.built[src] = live.Kept(self.keys[src], page.title, dict(page.meta), entries)
        return context

    on_page_context = CombinedEvent(_edit_links, _before_search, _after_search)

    # First: the second process's pages are written before anything reads the site.
    @event_priority(200)
    def _join_second_core(self, *, config: Any) -> None:
        self.helper.finish()

    # Before the search plugin writes its index.
    @event_priority(100)
    def _keep_pages(self, *, config: Any) -> None:
        if _LIVE is None or not self.config.enabled or self.files is None:
            return
        pages: dict[str, live.Kept] = {}
        for file in self.files.documentation_pages(inclusion=lambda _: True):
            src = file.src_uri
            page = self.built.get(src) or (_LIVE.pages.get(src) if not file.is_modified() else None)
            if page is not None:
                pages[src] = page
        if self.index is not None:  # in the site's page order, as a fresh build adds them
            self.index.entries[:] = [entry for page in pages.values() for entry in page.entries or []]
            live.forget_previous_index(config)
        outputs = {file.abs_dest_path for file in self.files}
        for path in _LIVE.commit(pages, outputs, config.site_dir):
            with contextlib.suppress(OSError):
                os.remove(path)

    # After the search plugin wrote its index and the offline plugin its script copy (-100).
    @event_priority(-150)
    def _search_entries(self, *, config: Any) -> None:
        if not self.config.enabled or self.site is None:
            return
        search.write_index(Path(config.site_dir), search.entries(self.site, self.urls), one_copy=self.one_index)

    def _sitemap_written(self, *, config: Any) -> None:
        self._sitemap_done()

    on_post_build = CombinedEvent(_join_second_core, _keep_pages, _search_entries, _sitemap_written)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        for folder in (self.settings.contacts_dir, self.settings.meetings_dir, self.settings.templates_dir):
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        live.notified_at_once(server)
        # Done and Snooze from the browser: on this computer only, never for a public site.
        host, port = server.server_address[:2]
        if not self.public and is_loopback(str(host)):
            writes = actions.Actions(int(port), actions.handlers(self.root, builder_today))
            server.set_app(writes.wrap(server.get_app()))
        return server

    # --- helpers ----------------------------------------------------------------------

    def _plan(self, files: Files, config: Any) -> None:
        """Decide, for a dirty rebuild, which pages to build: those whose key changed."""
        assert _LIVE is not None
        self.files = files
        self.index = live.search_index(config)
        site = live.site_key(_bytes_of(config.config_file_path), config.nav, [(f.src_uri, f.dest_uri) for f in files])
        self.keys, self.built = {}, {}
        _LIVE.start()
        named = _nav_paths(config.nav)  # a page the navigation names gets its title there
        made_of = _LIVE.page_objects.common(config)
        for file in files.documentation_pages(inclusion=lambda _: True):
            src = file.src_uri
            try:
                markdown = file.content_string
            except (OSError, UnicodeDecodeError):  # MkDocs reports it when it reads the page
                markdown = None
            if markdown is None:
                file.is_modified = _changed  # type: ignore[method-assign]
                continue
            if self.site is not None and src not in self.ours:
                markdown = builder.link_docs_page(markdown, src, self.site)
            record = self.site.record_paths.get(src, "") if self.site is not None else ""
            key = self.keys[src] = _LIVE.page_key(site, src, file.url, markdown, record)
            # (an attribute, not a subclass: the files of docs/ are MkDocs' own)
            file.is_modified = _kept if _LIVE.keeps(src, key, file.abs_dest_path) else _changed  # type: ignore[method-assign]
            if src in self.ours and file.inclusion.is_not_in_nav() and src not in named:
                _LIVE.page_objects.page(file, config, made_of)  # (what MkDocs' navigation would make)

    def _offline_assets(self, config: Any) -> None:
        config.extra_css.append(f"{builder.ASSETS}/rolodex.css")
        config.extra_javascript.append(ExtraScriptValue(f"{builder.ASSETS}/rolodex.js"))
        # Material and MaterialX load Google Fonts unless told not to; the site must not reach other hosts.
        if hasattr(config.theme, "__setitem__"):
            for key, value in themes.offline_options(config.theme.name).items():
                config.theme[key] = value
        # The offline plugin's search shim for file:// comes from unpkg.com; serve our own.
        polyfills = config.extra.get("polyfills") or []
        if polyfills:
            config.extra["polyfills"] = themes.offline_polyfills(polyfills, builder.SHIM)
            self.one_index = builder.SHIM in config.extra["polyfills"]

    def _docs_pages(self, config: Any) -> list[str]:
        docs = Path(config.docs_dir)
        excluded = config.get("exclude_docs")  # the pages it names are not built, so not in the navigation
        pages = []
        for path in docs.rglob("*.md"):
            rel = path.relative_to(docs).as_posix()
            hidden = any(part.startswith((".", "_")) for part in rel.split("/"))
            if rel != HOME and not hidden and (excluded is None or not excluded.match_file(rel)):
                pages.append(rel)
        return sorted(pages)


def _nav_paths(nav: Any) -> set[str]:
    """Every path a `nav` setting names (MkDocs looks a leading / up in the docs folder too)."""
    if isinstance(nav, str):
        return {nav, nav.lstrip("/")}
    values = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return {path for value in values for path in _nav_paths(value)}


def _bytes_of(path: str | None) -> bytes:
    try:
        return Path(path).read_bytes() if path else b""
    except OSError:
        return b""


def _text_of(path: str | None) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig") if path else ""
    except (OSError, UnicodeDecodeError):
        return ""
