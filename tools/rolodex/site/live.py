"""Rebuild only the pages that changed while `rolodex serve` runs.

`rolodex serve` asks MkDocs for *dirty* rebuilds: a page whose file says it is not
modified is neither rendered nor written, and its HTML from the previous rebuild stays in
the site folder. MkDocs' own test (is the source newer than the output?) knows nothing of
generated pages, nor of what else a page depends on, so this module decides instead: a
page is kept when its key is the one it was last built with. The key holds everything its
HTML is made from: its Markdown as it reaches MkDocs, its place and edit link, and the
site key (mkdocs.yml, the navigation, the set of files). Every other page is built as
usual.

The search plugin indexes only the pages it sees, so each page's search entries are kept
as well, and the index is put back together in the site's page order before it is
written: after any rebuild it equals the index of a fresh build.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

import jinja2
import jinja2.bccache
import mkdocs
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from rolodex.site.builder import Remembered
from rolodex.site.regenerate import Generated


@dataclass
class Kept:
    """A page as the last rebuild built it."""

    key: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    entries: list[dict[str, Any]] | None = None  # its search entries (None: no search plugin)


class Live:
    """What one `rolodex serve` process keeps between rebuilds."""

    def __init__(self) -> None:
        self.pages: dict[str, Kept] = {}  # src_uri -> as last built
        self.outputs: set[str] = set()  # every file the last rebuild's site holds
        self.templates = Compiled()
        self.keys: dict[str, tuple[str, tuple[str, str, str], str]] = {}  # src -> (Markdown, inputs, key)
        self.generated: Generated | None = None  # the last rebuild's pages (site/regenerate.py)
        self.remembered = Remembered()  # the last rebuild's records, cut copies, drafts (site/builder.py)
        self.page_objects = PageObjects()
        self.file_objects = FileObjects()
        self.listed: dict[str, frozenset[str]] = {}  # the site folder's files, by folder, in this rebuild
        self.sitemap: tuple[object, ...] | None = None  # what the site's sitemap was last rendered from

    def page_key(self, site: str, src: str, url: str, markdown: str, extra: str = "") -> str:
        """`page_key`, remembered for Markdown that is the very string of the last rebuild (a
        page not generated again): hashing every page's Markdown would cost more than the rest."""
        inputs = (site, url, extra)
        kept = self.keys.get(src)
        if kept is not None and kept[0] is markdown and kept[1] == inputs:
            return kept[2]
        key = page_key(site, src, url, markdown, extra)
        self.keys[src] = (markdown, inputs, key)
        return key

    def keeps(self, src: str, key: str, dest: str) -> bool:
        """Whether the page can stay as the last rebuild wrote it (and it is still there)."""
        kept = self.pages.get(src)
        return kept is not None and kept.key == key and self.written(dest)

    def start(self) -> None:
        """A rebuild starts: the site folder is looked at anew."""
        self.listed = {}

    def written(self, path: str) -> bool:
        """`os.path.isfile(path)`, from one listing of its folder per rebuild (a folder of 3,000
        meeting pages is listed faster than its pages are looked at one by one)."""
        folder, name = os.path.split(path)
        if name == "index.html":  # (directory URLs: a folder per page)
            return os.path.isfile(path)
        names = self.listed.get(folder)
        if names is None:
            try:
                with os.scandir(folder) as entries:
                    names = frozenset(entry.name for entry in entries if entry.is_file())
            except OSError:
                names = frozenset()
            self.listed[folder] = names
        return name in names

    def commit(self, pages: dict[str, Kept], outputs: set[str], site_dir: str) -> list[str]:
        """Take a finished rebuild's pages; returns the files of the previous one to delete
        (pages and files that are gone: a deleted contact's page must not stay served)."""
        self.pages = pages
        stale = sorted(self.outputs - outputs)
        self.outputs = outputs
        root = os.path.realpath(site_dir)
        return [path for path in stale if os.path.realpath(path).startswith(root + os.sep)]


class PageObjects:
    """MkDocs makes every page's `Page` anew at each rebuild, kept pages too, joining each page's
    URL with the site's (`Page.__init__`: 70 ms at 4,000 pages). A page made for the same URL,
    settings and day holds the same values, its file aside: those are copied instead."""

    def __init__(self) -> None:
        # src -> (inputs, values, which values are lists or dicts): values of plain types only
        self.made: dict[str, tuple[tuple[object, ...], dict[str, Any], tuple[str, ...]]] = {}

    @staticmethod
    def common(config: Any) -> tuple[object, ...]:
        """What every page's values are made of besides its file: the settings and the day (once
        per rebuild: reading a setting of MkDocs' config costs more than copying the values)."""
        return (config.site_url, config.repo_url, config.edit_uri, config.edit_uri_template, get_build_date())

    def page(self, file: File, config: Any, common: tuple[object, ...] | None = None) -> Page:
        """`Page(None, file, config)`, from the values of the last one made for `file`'s place when
        its inputs are the same. `common`: `common(config)`, found once per rebuild."""
        inputs = (file.url, file.edit_uri, *(common or self.common(config)))
        known = self.made.get(file.src_uri)
        if known is not None and known[0] == inputs:
            values, containers = known[1], known[2]
            page = Page.__new__(Page)
            state = page.__dict__
            state.update(values)
            for name in containers:  # (each page its own empty `toc` and `meta`)
                state[name] = values[name].copy()
            page.file = file
            file.page = page
            return page
        page = Page(None, file, config)
        values = {name: value for name, value in vars(page).items() if name != "file"}
        if all(type(value) in _PLAIN or type(value) in _CONTAINERS for value in values.values()):
            containers = tuple(name for name, value in values.items() if type(value) in _CONTAINERS)
            values = {name: copy.copy(value) for name, value in values.items()}
            self.made[file.src_uri] = ((*inputs[:-1], page.update_date), values, containers)
        return page


class FileObjects:
    """MkDocs' `File` of each generated page, kept from one rebuild to the next while it is made of
    the same content, place and settings: making 4,000 anew (`File.generated`, then each one's URL
    and paths) cost 50 ms a rebuild."""

    # A generated page's File holds these, the URL and paths it works out, and what a build gives it:
    # its `page` and (site/plugin.py) `is_modified`. A File holding anything else is made anew.
    KNOWN = frozenset(
        {"src_uri", "src_dir", "dest_dir", "use_directory_urls", "inclusion", "generated_by", "abs_src_path"}
        | {"_content", "name", "dest_uri", "url", "abs_dest_path", "page", "is_modified"}
    )

    def __init__(self) -> None:
        self.made: dict[str, tuple[tuple[object, ...], File]] = {}  # src -> (inputs, its File)

    @staticmethod
    def common(config: Any) -> tuple[object, ...]:
        """The settings every generated File is made of (once per rebuild, as for pages)."""
        return (config.site_dir, config.use_directory_urls, config.plugins._current_plugin)

    def file(
        self, config: Any, path: str, content: str | bytes, inclusion: Any, common: tuple[object, ...] | None = None
    ) -> File:
        """`File.generated(config, path, content=content, inclusion=inclusion)`: the last rebuild's
        when it was made of the same, emptied of what that build gave it. `common`: `common(config)`."""
        inputs = (inclusion, *(common or self.common(config)))
        known = self.made.get(path)
        if known is not None and known[0] == inputs:
            file = known[1]
            state = vars(file)
            if (
                state.keys() <= self.KNOWN
                and file.inclusion == inclusion
                and file.src_dir is None
                and file.abs_src_path is None
                and (file._content is content or file._content == content)
            ):
                state.pop("page", None)
                state.pop("is_modified", None)
                return file
        file = File.generated(config, path, content=content, inclusion=inclusion)
        self.made[path] = (inputs, file)
        return file


_PLAIN = (str, int, float, bool, type(None))
_CONTAINERS = (list, dict)


SITEMAP = "sitemap.xml"


def sitemap_inputs(config: Any, env: jinja2.Environment, files: Files) -> tuple[object, ...] | None:
    """What MkDocs renders sitemap.xml and sitemap.xml.gz from at every rebuild (30 ms at 4,000
    pages): each page's address and day, in order. None when that is not all: a theme of its own
    sitemap template, or a plugin or hook that takes part in rendering templates."""
    if any(config.plugins.events[event] for event in ("pre_template", "template_context", "post_template")):
        return None
    try:
        source = env.loader.get_source(env, SITEMAP)[0] if env.loader is not None else None
    except jinja2.TemplateNotFound:
        return None
    if source != _mkdocs_sitemap():
        return None
    pages = []
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            return None
        pages.append((page.is_link, page.abs_url, page.canonical_url, page.update_date))
    return (config.site_dir, *pages)


@functools.lru_cache(maxsize=1)  # (the installed MkDocs' own: read once, not at every rebuild)
def _mkdocs_sitemap() -> str | None:
    try:
        with open(os.path.join(os.path.dirname(mkdocs.__file__), "templates", SITEMAP), encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def site_key(config_text: bytes, nav: object, files: list[tuple[str, str]]) -> str:
    """What every page's HTML depends on besides its own Markdown: mkdocs.yml as written, the
    navigation, and the files there are (links, and the pages a navigation shows)."""
    digest = hashlib.sha256(config_text)
    digest.update(repr(nav).encode("utf-8", "surrogatepass"))
    for src, dest in sorted(files):
        digest.update(f"\0{src}\0{dest}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def page_key(site: str, src: str, url: str, markdown: str, extra: str = "") -> str:
    """A page's key: its Markdown, its place, `extra` (its edit link), and the site key."""
    digest = hashlib.sha256(markdown.encode("utf-8", "surrogatepass"))
    digest.update(f"\0{src}\0{url}\0{extra}\0{site}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def search_index(config: Any) -> Any:
    """The search plugin's index of this build (Material's, or MaterialX's), or None."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


def forget_previous_index(config: Any) -> None:
    """Material's search plugin merges a dirty rebuild's entries into the previous index by
    guessing from the first entry's address which page they belong to; this module merges
    them exactly instead, so that guess must find nothing to merge with."""
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None


def notified_at_once(server: Any) -> None:
    """Hear of a saved file at once: MkDocs' server polls the watched folders every half second
    (a stat of every file each time); the system's own notifications (inotify, FSEvents, …)
    cost nothing while idle. Where they cannot watch these folders, polling stays."""
    watched, refs = getattr(server, "_watched_paths", None), getattr(server, "_watch_refs", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watched, dict) or not isinstance(refs, dict) or observer is None or observer.is_alive():
        return
    try:
        from watchdog import events
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:
        return
    native: Any = Observer
    if not isinstance(observer, PollingObserver) or issubclass(native, PollingObserver):
        return  # not MkDocs' polling, or nothing better on this system
    # Changes only: a build reads every watched file, and MkDocs rebuilds on any event it hears.
    changes = [
        events.FileCreatedEvent,
        events.FileModifiedEvent,
        events.FileClosedEvent,  # closed after writing
        events.FileDeletedEvent,
        events.FileMovedEvent,
        events.FileAttribEvent,  # chmod, touch
    ]

    class ChangesOnly(native):
        def schedule(self, handler: Any, path: Any, **options: Any) -> Any:
            options["event_filter"] = options.get("event_filter") or changes
            return super().schedule(handler, path, **options)

    probe = ChangesOnly()
    try:  # an observer starts only once, so a throwaway one finds out whether it can watch them
        for path in watched:
            probe.schedule(events.FileSystemEventHandler(), path, recursive=True)
        probe.start()
    except (OSError, RuntimeError):
        return
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    paths = dict(watched)
    watched.clear()
    refs.clear()
    server.observer = ChangesOnly()
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)


class Compiled(jinja2.BytecodeCache):
    """The theme's templates, compiled once per `serve`: MkDocs makes new Jinja environments for
    every rebuild (and the search plugin three more), each of which would compile them again."""

    def __init__(self) -> None:
        self.codes: dict[str, tuple[str | None, Any]] = {}
        self.listed: dict[tuple[Any, ...], list[str]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self.codes.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:  # the checksum of the template's source
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = (bucket.checksum, bucket.code)

    def share(self, theme: Any) -> None:
        """Make every environment `theme` makes use these compiled templates, and list the theme's
        static files once (some 15,000 names with Material, matched against patterns)."""
        make = theme.get_env
        if getattr(make, "compiled", None) is self:
            return

        def get_env() -> jinja2.Environment:
            env = make()
            env.bytecode_cache = self
            list_templates = env.list_templates

            def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
                # MkDocs' static-file filter: its patterns are fixed but for the static templates
                name = getattr(filter_func, "__qualname__", "")
                if filter_func is not None and "add_files_from_theme" not in name:
                    return list_templates(extensions, filter_func)
                key = (tuple(theme.dirs), extensions, name, tuple(theme.static_templates))
                if key not in self.listed:
                    self.listed[key] = list_templates(extensions, filter_func)
                return list(self.listed[key])

            env.list_templates = listed
            return env

        get_env.compiled = self  # type: ignore[attr-defined]
        theme.get_env = get_env
