"""Properties of the escaping helpers, over any text hypothesis can make.

`md(text)` must show exactly `text` (on one line) and never become markup, in every place the
pages put it (paragraph, list item, table cell, heading, link label), with the Markdown
extensions Material sites commonly enable. `safe_url` lets only http, https, mailto and tel
through; `mailto` keeps subject and body exactly and has one plain recipient or none.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

import markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rolodex.site import markup
from rolodex.site.wikilinks import resolve_links

EXTENSIONS = [
    "tables",
    "attr_list",
    "md_in_html",
    "def_list",
    "abbr",
    "footnotes",
    "admonition",
    "toc",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.magiclink",
    "pymdownx.superfences",
    "pymdownx.inlinehilite",
    "pymdownx.smartsymbols",
    "pymdownx.keys",
    "pymdownx.critic",
    "pymdownx.emoji",
]
CONTEXTS = {  # where pages put data -> the elements that context makes by itself
    "paragraph": ("{}", {"p"}),
    "list item": ("- **Company:** {}", {"ul", "li", "strong"}),
    "table cell": ("| A | B |\n|---|---|\n| {} | x |", {"table", "thead", "tbody", "tr", "th", "td"}),
    "heading": ("# {}", {"h1"}),
    "link label": ("[{}](page.md)", {"p", "a"}),
}
# Text with the characters that matter: markup of every kind, controls, and the placeholders.
_PIECES = st.sampled_from(
    list("<>&\"'`*_[](){}#|~^=:+-!$.\\/ \t\n\r\x00\x02\x03\x7fazAZ09é\u202e")
    + ["javascript:", "<script>", "](", "{: ", "<!--", "&#60;", "http://x.io", "==", "^^", "++ctrl++"]
)
hostile = st.lists(_PIECES, max_size=20).map("".join) | st.text(max_size=40)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def _render(source: str) -> _Elements:
    out = _Elements()
    out.feed(markdown.markdown(source, extensions=EXTENSIONS))
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile, st.sampled_from(sorted(CONTEXTS)))
@example("[x](javascript:alert(1))", "paragraph")
@example("<img src=x onerror=alert(1)>", "table cell")
@example('{: onclick="alert(1)" }', "heading")
@example("1. x", "list item")
@example("http://x.io/<script>", "link label")
def test_md_is_text_in_every_context(text: str, where: str) -> None:
    template, own = CONTEXTS[where]
    rendered = _render(template.format(markup.md(text)))
    made = {tag for tag, _ in rendered.tags}
    assert made <= own, (where, text, made - own)
    for _tag, attrs in rendered.tags:
        assert not any(name.startswith("on") or name == "style" for name, _ in attrs), (where, text, attrs)
    shown = " ".join("".join(rendered.text).split())
    expected = markup.one_line(text)
    if where == "list item":
        expected = "Company: " + expected if expected else "Company:"
    if where == "table cell":
        expected = "A B " + expected + " x" if expected else "A B x"
    assert shown == " ".join(expected.split()), (where, text)


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_h_is_inert_in_an_attribute_and_in_text(text: str) -> None:
    rendered = _Elements()
    rendered.feed(f'<span title="{markup.h(text)}">{markup.h(text)}</span>')
    assert [tag for tag, _ in rendered.tags] == ["span"]
    assert rendered.tags[0][1] == [("title", markup.one_line(text))]


schemes = st.sampled_from(
    [
        "javascript",
        "JaVaScRiPt",
        "data",
        "vbscript",
        "file",
        "blob",
        "http",
        "https",
        "mailto",
        "tel",
        "ftp",
        "jav&#x09;ascript",
        "",
    ]
)
noise = st.text(alphabet=st.sampled_from(list(" \t\n\r\x00\x01\x0b\x0c\x1f\x7f\u00a0\u200b")), max_size=3)


@settings(max_examples=400, deadline=None)
@given(noise, schemes, noise, st.text(max_size=20))
def test_safe_url_lets_only_four_schemes_through(before: str, scheme: str, inside: str, rest: str) -> None:
    url = f"{before}{scheme[:2]}{inside}{scheme[2:]}:{rest}"
    safe = markup.safe_url(url)
    if safe is not None:
        assert re.match(r"(?i)^(https?|mailto|tel):", safe)
        assert not re.search(r"[\x00-\x20\x7f]", safe)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.emails(), hostile), hostile, hostile)
@example("a@b.example,evil@x.example", "s", "b")
@example("a@b.example?bcc=evil@x.example", "Hi & bye #1", 'line "one"\nline two')
def test_mailto_keeps_subject_and_body_and_has_one_plain_recipient(address, subject: str, body: str) -> None:
    url = markup.mailto(address, subject, body)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and not re.search(r"[\x00-\x20\x7f\"'<>]", url)
    to = unquote(parts.path)
    assert to == "" or (markup.plain_address(to) and "," not in to and "?" not in to)
    query = parse_qs(parts.query, keep_blank_values=True)
    assert set(query) <= {"subject", "body"} and all(len(v) == 1 for v in query.values())
    assert query.get("subject", [""])[0] == subject
    assert query.get("body", [""])[0] == body.replace("\r\n", "\n").replace("\n", "\r\n")


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_front_matter_title_always_parses_and_is_escaped(title: str) -> None:
    meta = yaml.safe_load(markup.front_matter(title).strip().strip("-"))
    assert meta["title"] == re.sub(
        "[^\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]",
        "",
        html.escape(markup.one_line(title), quote=True),
    )


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_characters="[]|#\n`"), min_size=1, max_size=30),
    st.text(alphabet=st.characters(blacklist_characters="[]\n`"), max_size=30),
    st.booleans(),
)
def test_wiki_links_make_only_a_link_or_a_marked_span(target: str, label: str, known: bool) -> None:
    # (no backticks: `code spans` in a body stay as typed, on purpose)
    body = f"[[{target}|{label}]]" if label.strip() else f"[[{target}]]"
    resolver = (lambda t: ("contacts/jane-doe.md", "Jane <Doe>")) if known else (lambda t: None)
    rendered = _render(resolve_links(body, "meetings/x.md", resolver))
    for tag, attrs in rendered.tags:
        assert tag in {"p", "a", "span"}, (body, tag)
        assert not any(name.startswith("on") for name, _ in attrs), body
        if tag == "a":
            assert dict(attrs)["href"] == "../contacts/jane-doe.md"
