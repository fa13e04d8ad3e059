"""Bringing people in (vCard, LinkedIn) and the network out (vCard, CSV, JSON, iCalendar).

Every reader here is pure: bytes in, `Incoming` records and located problems out.
`merge.plan` decides what an import does to the KB; the CLI writes it through the
project's safe editing. Imported text is data: it is kept as typed (control
characters aside), and written where it can never become YAML or Markdown syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as _field

from rolodex.core.model import Touch

# C0/C1 control characters other than tab and newline: never meaningful in contact data.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Markdown/HTML syntax that imported notes must not carry into a page: raw HTML and
# entities (`<`, `&`), links and images (`[`, `]`), attribute lists (`{`, `}`),
# and headings (`#` at a line start, which would split the body into new sections).
_MARKUP = re.compile(r"[\\<\[\]{}]|&(?=#?\w+;)|^[ \t]*#|^[ \t]*(?=(?:-{3,}|={3,})[ \t]*$)", re.MULTILINE)
_UNMARKUP = re.compile(r"&lt;|&amp;|\\([\\\[\]{}#=-])")
KNOWN_SITES = (
    ("linkedin", re.compile(r"^(?:[a-z0-9-]+\.)?linkedin\.com$")),
    ("github", re.compile(r"^(?:www\.)?github\.com$")),
    ("twitter", re.compile(r"^(?:www\.|mobile\.)?(?:twitter|x)\.com$")),
)


@dataclass(frozen=True)
class Incoming:
    """One person as an import file describes them, with where they were found.

    `line` is the file line the record starts on (a card's BEGIN line, a CSV row);
    `label` names the record for people ("card 3", "row 12").
    """

    name: str
    path: str
    line: int
    label: str
    title: str | None = None
    company: str | None = None
    location: str | None = None
    emails: tuple[str, ...] = ()
    phone: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""  # plain text, for the `## Notes` section of a new contact
    touches: tuple[Touch, ...] = ()
    source: str | None = None  # `source` of a contact this import creates
    extra: tuple[str, ...] = _field(default=())  # what has no field: "Department: Sales"

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def link(self, name: str) -> str | None:
        for key, url in self.links:
            if key == name:
                return url
        return None


def clean(text: str | None) -> str:
    """Imported text: composed Unicode (NFC), `\n` line endings, no control characters, ends stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()


def markdown_text(text: str) -> str:
    """Plain text as Markdown that shows exactly that text and is never markup.

    Only what could turn into HTML, a link, an attribute or a heading is escaped,
    so the note stays readable in an editor: `<` → `&lt;`, the `&` of an entity
    (`&amp;`) → `&amp;amp;`, and a backslash before `\\ [ ] { }`, a leading `#` and a
    `---` or `===` line.
    """

    def escape(m: re.Match[str]) -> str:
        s = m.group(0)
        if s == "<":
            return "&lt;"
        if s == "&":
            return "&amp;"
        if s.endswith("#"):
            return s[:-1] + "\\#"
        if not s.strip():  # before a `---` or `===` line, which would make a rule or a heading
            return s + "\\"
        return "\\" + s

    return _MARKUP.sub(escape, text)


def plain_text(markdown: str) -> str:
    """The inverse of `markdown_text` (for exports): the plain text a note was made from."""
    return _UNMARKUP.sub(lambda m: {"&lt;": "<", "&amp;": "&"}.get(m.group(0)) or m.group(1), markdown)


def site_of(url: str) -> str | None:
    """`linkedin`, `github` or `twitter` when the URL is a profile on that site, else None."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower()).split("/", 1)[0].split(":", 1)[0]
    for name, pattern in KNOWN_SITES:
        if pattern.match(host):
            return name
    return None


def web_url(url: str) -> str | None:
    """An http(s) URL, with `https://` added to a bare `www.example.com`; None for any other scheme.
    A LinkedIn profile loses the tracking query LinkedIn's share button adds."""
    url = url.strip()
    if re.match(r"^https?://\S+$", url, re.IGNORECASE):
        return url.split("?", 1)[0].split("#", 1)[0] if site_of(url) == "linkedin" else url
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) and not re.match(r"^[\w.-]+:\d", url):
        return None  # javascript:, data:, file:, ...
    if re.match(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/\S*)?$", url):
        return "https://" + url
    return None


def tag_of(text: str) -> str:
    """A tag as the KB writes them: lowercase, words joined by hyphens (`Public Affairs` → `public-affairs`)."""
    return "-".join(clean(text).lower().split())


def unique_links(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Links by name, each URL once; a second `website` becomes `website-2`."""
    from rolodex.core.identity import url_key

    out: dict[str, str] = {}
    seen: set[str] = set()
    for name, url in pairs:
        key = url_key(url)
        if key in seen:
            continue
        seen.add(key)
        final, n = name, 2
        while final in out:
            final, n = f"{name}-{n}", n + 1
        out[final] = url
    return tuple(out.items())
