"""The theme's navigation rendered once per place in the site, not once per page.

MkDocs renders the whole navigation into every page, and a theme's navigation template
(Material's `partials/nav.html`) is one of the costliest parts of a page: at thousands of
contact and meeting pages it was a seventh of a build. Yet a page that is not in the
navigation — every record page — gets the same navigation as every other such page whose
links to the navigation's pages read the same (relative links differ only by folder): no
item is active and no table of contents is folded in. So the template is wrapped: for such
a page the navigation is rendered the first time, and reused; a page in the navigation is
rendered as usual. One `NavOnce` lives for one build.
"""

from __future__ import annotations

from typing import Any

import jinja2
from mkdocs.utils import normalize_url

NAV = "partials/nav.html"
SKIP = "rolodex/skip.html"  # renders nothing: a page another process writes (site/bothcores.py)
_ORIGINAL = "rolodex/theme/" + NAV  # the theme's own (or the user's override of it)
_WRAPPER = (
    "{%- set rolodex_key = rolodex_nav_key(page, nav, config) -%}"
    "{%- if rolodex_key is none -%}{% include '" + _ORIGINAL + "' %}"
    "{%- elif rolodex_nav_has(rolodex_key) -%}{{ rolodex_nav_get(rolodex_key) }}"
    "{%- else -%}{%- set rolodex_html -%}{% include '" + _ORIGINAL + "' %}{%- endset -%}"
    "{{ rolodex_nav_put(rolodex_key, rolodex_html) }}{%- endif -%}"
)


class _Loader(jinja2.BaseLoader):
    """The theme's loader, with its navigation template behind the caching wrapper."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        if template == NAV:
            self.inner.get_source(environment, NAV)  # TemplateNotFound for a theme without one
            return _WRAPPER, None, lambda: True
        if template == SKIP:
            return "", None, lambda: True
        if template == _ORIGINAL:
            return self.inner.get_source(environment, NAV)
        return self.inner.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


class NavOnce:
    """The navigations of one build, by what they depend on."""

    def __init__(self) -> None:
        self.rendered: dict[tuple[str, ...], str] = {}
        self._urls: tuple[str, ...] | None = None
        self._in_nav: set[int] = set()

    def install(self, env: jinja2.Environment) -> None:
        if env.loader is None or isinstance(env.loader, _Loader):
            return
        env.loader = _Loader(env.loader)
        env.globals.update(
            rolodex_nav_key=self.key,
            rolodex_nav_has=self.rendered.__contains__,
            rolodex_nav_get=self.rendered.__getitem__,
            rolodex_nav_put=self.put,
        )

    def put(self, key: tuple[str, ...], html: str) -> str:
        self.rendered[key] = html
        return html

    def key(self, page: Any, nav: Any, config: Any) -> tuple[str, ...] | None:
        """What the navigation of `page` depends on — every URL it links to, as the page's `url`
        filter writes them —, or None to render it as usual: the page is in the navigation (an
        item is active, its table of contents folds in)."""
        if page is None or nav is None or not isinstance(getattr(page, "url", None), str):
            return None
        if self._urls is None:
            home = getattr(nav, "homepage", None)
            extra = config.extra.get("homepage") if config is not None and hasattr(config, "extra") else None
            firsts = [u for u in ("", getattr(home, "url", None), extra) if isinstance(u, str)]
            self._urls = tuple(firsts + _urls(nav.items))
            self._in_nav = {id(p) for p in nav.pages}
        # (MkDocs marks the page being built active, and its parents; not in the navigation, it has none)
        if id(page) in self._in_nav or getattr(page, "parent", None) is not None:
            return None
        return tuple(normalize_url(url, page) for url in self._urls)


def _urls(items: Any) -> list[str]:
    """Every URL the navigation links to."""
    out: list[str] = []
    for item in items:
        url = getattr(item, "url", None)
        if isinstance(url, str):
            out.append(url)
        children = getattr(item, "children", None)
        if children:
            out += _urls(children)
    return out
