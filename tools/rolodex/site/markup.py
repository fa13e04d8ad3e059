"""Writing data safely into generated Markdown and HTML (pure).

Names, titles, companies and notes come from front matter: they are data, never
markup. Three helpers keep them inert wherever they land:

- `md(text)` for Markdown context (headings, table cells, list items, and the text
  inside inline HTML): every character Markdown or HTML could read as syntax
  becomes a character reference, so `*`, `[`, `<script>` or `|` show as typed
  whatever Markdown extensions a user enables.
- `h(text)` for raw HTML blocks, which Markdown leaves alone.
- `safe_url(url)` lets only http, https, mailto and tel links through.

Page paths and the links between pages live here too, so every module links alike.
"""

from __future__ import annotations

import functools
import hashlib
import html
import posixpath
import re
from collections.abc import Callable
from typing import TypeGuard
from urllib.parse import quote

# Characters that are syntax somewhere in Markdown, its common extensions or HTML.
_MD_SPECIAL = "\\`*_{}[]()<>#+!|~^=:&\"'$"
_MD_TABLE = {ord(ch): f"&#{ord(ch)};" for ch in _MD_SPECIAL}
_BLOCK_START = re.compile(r"^(?:[-+.>]|\d+[.)])")
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_RESERVED = frozenset({"index"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_PHONE = re.compile(r"^\+?[0-9 ().\-/]+$")


# Control characters, and the bidirectional embeddings, overrides and isolates: in a name
# or a cell, "\u202e" flips the text that follows it, the rest of the row or title included.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: object) -> str:
    """Text on one line: whitespace runs become one space; control characters go.

    (Python-Markdown marks its placeholders with \\x02 and \\x03: data must never hold them.)
    """
    if text is None:
        return ""
    return " ".join(_CONTROL.sub("", str(text)).split())


LABEL_CHARS = 100  # one value in a list, a table, a link or a title elsewhere than its own page
TITLE_CHARS = 200  # a page's title (the browser tab, search results), a mail link's subject
MAIL_BODY_CHARS = 10_000  # the text of a mail link's draft


def clip(text: object, limit: int = LABEL_CHARS) -> str:
    """Text on one line, cut to `limit` characters with "…" when longer.

    A value's full text is shown on its record's own page; everywhere else (hubs, tables,
    tags, links, other pages' lists) it is cut, so that a 100,000-character name listed
    under 1,000 tags cannot make a page of 100 MB. Only the start is looked at: cutting a
    huge value costs no more than a short one.
    """
    raw = "" if text is None else str(text)
    head = one_line(raw[: limit * 4])
    if len(head) <= limit and len(raw) <= limit * 4:
        return head
    return head[: limit - 1].rstrip() + "…"


def md(text: object) -> str:
    """Data as inert Markdown text: it shows exactly as typed and never becomes markup."""
    line = one_line(text)
    out = line.translate(_MD_TABLE)
    m = _BLOCK_START.match(out)
    if m:  # "- x", "1. x", "> x" would start a list or a quote inside a list item
        end = m.end()
        out = out[: end - 1] + f"&#{ord(out[end - 1])};" + out[end:]
    return out


def h(text: object) -> str:
    """Data as HTML text or attribute value (for raw HTML blocks)."""
    return html.escape(one_line(text), quote=True)


def safe_url(url: object) -> str | None:
    """The URL if it may become a link (http, https, mailto, tel), else None.

    Browsers ignore whitespace and control characters inside a scheme
    (`java\\tscript:`), so a URL holding any is refused rather than cleaned.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or re.search(r"[\x00-\x20\x7f]", url):
        return None
    m = _SCHEME.match(url)
    if not m or m[1].lower() not in SAFE_SCHEMES:
        return None
    return url


def external_link(url: object, label: object | None = None) -> str:
    """Inline HTML for a link to `url` if its scheme is safe, else the text itself (Markdown context)."""
    safe = safe_url(url)
    text = md(label if label is not None else url)
    if safe is None:
        return text
    return f'<a href="{md(safe)}" rel="noopener noreferrer">{text}</a>'


# One plain address: a comma or semicolon would add recipients once a mail program decodes
# the URL, and `?`, `&`, `=` or `%` in it could smuggle in a `cc=` or `bcc=` header.
_ADDRESS = re.compile(r'^[^\s,;:<>()\[\]"\\@?%]+@[^\s,;:<>()\[\]"\\@?&#=/%]+$')


def plain_address(address: str | None) -> TypeGuard[str]:
    """Whether `address` is one email address a mailto: link may be addressed to."""
    if not address:
        return False
    return _ADDRESS.match(address.strip()) is not None


@functools.lru_cache(maxsize=10_000)  # `serve` asks again for thousands of links a rebuild, most the same
def mailto(address: str | None, subject: str = "", body: str = "") -> str:
    """A mailto: URL, percent-encoded (RFC 6068), to an address or to no one.

    Everything but letters, digits, `@+_.-~` is percent-encoded, so the URL holds no
    Markdown syntax and `h()` is enough to put it in an attribute. An address that is
    not one plain address is left out: the draft opens with no recipient.
    """
    to = quote(address.strip(), safe="@+") if plain_address(address) else ""
    subject = clip(subject, TITLE_CHARS) if len(subject) > TITLE_CHARS else subject
    if len(body) > MAIL_BODY_CHARS:  # a link too long for mail programs; 'rolodex draft' has it all
        body = body[:MAIL_BODY_CHARS] + "\n[…]"
    params = []
    if subject:
        params.append("subject=" + quote(subject, safe=""))
    if body:
        params.append("body=" + quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe=""))
    return "mailto:" + to + ("?" + "&".join(params) if params else "")


def file_url(base: str, path: str) -> str:
    """`base` + a KB file's path as a URL: the path percent-encoded, since a file name may hold
    `"`, `<`, `#` or `?` (and themes print edit links into attributes without escaping)."""
    return base + quote(path, safe="/")


def tel(phone: str | None) -> str | None:
    """A tel: URL for a phone number as typed (`+1 555 0126`, `(555) 012-6`), else None."""
    if not phone or not _PHONE.match(phone.strip()) or len(re.findall(r"\d", phone)) < 3:
        return None
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


# --- generated HTML blocks ------------------------------------------------------------

# A record page's data (profile, timeline, tables, lists) is written as HTML, marked so that
# the MkDocs plugin hands it to the page as it is instead of having Python-Markdown parse
# it back, which was half of a build (site/plugin.py); only headings and the user's notes are
# Markdown. In an exported site a marked block is a plain raw HTML line, which Markdown
# processors pass through.
_HTML_OPEN = "<!--rolodex:html-->"
_HTML_CLOSE = "<!--/rolodex:html-->"
_LOOKALIKE = re.compile(r"<!--(?=/?rolodex:html-->)")
_MARKED = re.compile(re.escape(_HTML_OPEN) + "(.*?)" + re.escape(_HTML_CLOSE), re.S)


def html_block(html_text: str) -> str:
    """Generated HTML as a block of a page, on one line (a raw HTML block ends at a line break
    in CommonMark), marked for `stash_html`. Its data must already be escaped with `md`, which
    is HTML too and keeps it inert should a Markdown processor read the block after all."""
    return _HTML_OPEN + html_text.replace("\n", " ") + _HTML_CLOSE


def notes_text(body: str) -> str:
    """A record's notes (its Markdown body) as a page may hold them: without the characters
    Python-Markdown marks its placeholders with (\\x02, \\x03), nor anything that would pass
    for our HTML markers."""
    text = body.replace("\x02", "").replace("\x03", "")
    # A space after `<!--` breaks a marker, and cannot make a new one (neither holds a space).
    return _LOOKALIKE.sub("<!-- ", text) if "rolodex:html" in text else text


def stash_html(markdown: str, token: str) -> tuple[str, list[str]]:
    """The page's Markdown with each marked HTML block swapped for a paragraph `<token>N.`,
    and the blocks. `token` must be letters and digits no text of the page can hold."""
    blocks: list[str] = []

    def put(m: re.Match[str]) -> str:
        blocks.append(m[1])
        return f"\n\n{token}{len(blocks) - 1}x\n\n"

    return _MARKED.sub(put, markdown), blocks


def unstash_html(html_text: str, token: str, blocks: list[str]) -> str:
    """The page's HTML with each `stash_html` paragraph replaced by its block."""
    if not blocks:
        return html_text
    found = re.compile(rf"<p>{token}(\d+)x</p>|{token}(\d+)x")
    return found.sub(lambda m: blocks[int(m[1] or m[2])], html_text)


def a(href: str, label: object) -> str:
    """An HTML link to `href` (a page of the site, from `Site.href`); the label is data, written
    inert for Markdown as well (`md`), should a Markdown processor read the block after all."""
    return f'<a href="{h(href)}">{md(label)}</a>'


# --- page paths -------------------------------------------------------------------


def safe_name(slug: str) -> str:
    """A file name for a record's page: the slug when it is plain, else a readable, unique stand-in."""
    low = slug.lower()
    if _SAFE_NAME.match(low) and low not in _RESERVED and ".." not in low:
        return low
    readable = re.sub(r"[^a-z0-9]+", "-", low).strip("-")[:60] or "page"
    return f"{readable}-{hashlib.sha1(slug.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def contact_page(slug: str) -> str:
    return f"contacts/{safe_name(slug)}.md"


def meeting_page(slug: str) -> str:
    return f"meetings/{safe_name(slug)}.md"


def rel(src: str, dest: str) -> str:
    """The relative Markdown link from page `src` to page or file `dest` (both docs-relative)."""
    return _rel(posixpath.dirname(src), dest)


@functools.lru_cache(maxsize=4096)
def _rel(here: str, dest: str) -> str:
    # Both paths are docs-relative and plain: no need for os.path.relpath's filesystem walk.
    up = here.split("/") if here else []
    down = dest.split("/")
    common = 0
    while common < len(up) and common < len(down) - 1 and up[common] == down[common]:
        common += 1
    parts = [".."] * (len(up) - common) + down[common:]
    return quote("/".join(parts), safe="/#?=&.-_~")


def link(src: str, dest: str, label: object) -> str:
    """A Markdown link from page `src` to page `dest`; the label is data."""
    return f"[{md(label)}]({rel(src, dest)})"


HrefFn = Callable[[str, str], str]


@functools.lru_cache(maxsize=2)  # one per setting: their links are remembered across rebuilds
def href_for(directory_urls: bool) -> HrefFn:
    """How raw HTML links to a page, which Markdown never rewrites: as the built site names it.

    `.md` pages become `.html` files, or folders with `use_directory_urls`.
    """

    def page_url(path: str) -> str:
        if not path.endswith(".md"):
            return path
        base = path[:-3]
        if not directory_urls:
            return base + ".html"
        if base == "index" or base.endswith("/index"):
            return base[:-5]
        return base + "/"

    @functools.lru_cache(maxsize=100_000)  # pages link the same pages, rebuild after rebuild
    def href(src: str, dest: str) -> str:
        src_url = page_url(src)
        here = src_url if src_url.endswith("/") or src_url == "" else posixpath.dirname(src_url)
        dest_url, _, extra = dest.partition("?")
        target = page_url(dest_url)
        out = posixpath.relpath(target or ".", here or ".")
        if target.endswith("/") and not out.endswith("/"):
            out += "/"
        return quote(out, safe="/.-_~") + ("?" + extra if extra else "")

    return href


# --- front matter -----------------------------------------------------------------


def front_matter(title: str, **extra: object) -> str:
    """The YAML block a generated page starts with; `title` is HTML-escaped (themes print it raw)."""
    lines = ["---", f"title: {_yaml_str(html.escape(clip(title, TITLE_CHARS), quote=True))}"]
    for key, value in extra.items():
        if isinstance(value, (list, tuple)):
            lines.append(f"{key}: [{', '.join(_yaml_str(str(v)) for v in value)}]")
        elif isinstance(value, dict):  # our own settings (search: {boost: 3}), never data
            lines.append(f"{key}: {{{', '.join(f'{k}: {str(v).lower()}' for k, v in value.items())}}}")
        else:
            lines.append(f"{key}: {_yaml_str(str(value))}")
    lines.append("---")
    return "\n".join(lines) + "\n"


_NOT_YAML = re.compile("[^\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar; characters YAML refuses are dropped (a title must never fail to parse)."""
    text = _NOT_YAML.sub("", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
