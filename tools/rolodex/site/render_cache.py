"""Reuse the HTML of unchanged pages between the rebuilds of `rolodex serve`.

MkDocs rebuilds the whole site on every change, and turning Markdown into HTML
is most of that time. A page's HTML depends only on its Markdown, its place,
the set of pages it may link to and the Markdown settings, so while serving we
keep each page's rendering under a key made of exactly those, and hand it back
when a rebuild asks for the same thing again. Everything else (templates,
search index, navigation) is still built by MkDocs as usual.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

# Pages kept at the most; a KB larger than this renders the rest each time.
MAX_PAGES = 50_000


@dataclass(frozen=True)
class Rendering:
    content: str
    toc: Any
    title: str | None
    anchors: Any


class RenderCache:
    """Renderings by key; lives as long as the `rolodex serve` process."""

    def __init__(self) -> None:
        self._pages: dict[str, Rendering] = {}

    def key(self, page: Any, markdown: str, site_key: str) -> str:
        digest = hashlib.sha256(markdown.encode("utf-8", "surrogatepass"))
        digest.update(f"\0{page.file.src_uri}\0{page.url}\0{site_key}".encode())
        return digest.hexdigest()

    def get(self, key: str) -> Rendering | None:
        return self._pages.get(key)

    def put(self, key: str, page: Any, content: str) -> None:
        if len(self._pages) >= MAX_PAGES:
            self._pages.clear()  # a crude bound: start over rather than grow without end
        self._pages[key] = Rendering(
            content, page.toc, getattr(page, "_title_from_render", None), page.present_anchor_ids
        )

    def restore(self, page: Any, rendering: Rendering) -> str:
        """Put a kept rendering back on the page; returns its HTML."""
        page.toc = rendering.toc
        page._title_from_render = rendering.title
        page.present_anchor_ids = rendering.anchors
        page.links_to_anchors = None  # its links were checked when it was first rendered
        return rendering.content

    def clear(self) -> None:
        self._pages.clear()


def site_key(config: Any, files: Any) -> str:
    """What every page's HTML depends on besides its own Markdown: settings and the pages there are."""
    digest = hashlib.sha256(
        repr(
            (config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"], config["site_url"])
        ).encode()
    )
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(f"{file.src_uri}\0".encode())
    return digest.hexdigest()
