"""A hostile value in every field, and in file names: nothing in any output executes or links
where it should not.

The KB is fixtures/site-hostile-all plus hostile file names (conftest.hostile_all). Every built
page is parsed as HTML; the search index, sitemap, calendar and the exports are read as what
they are. Only http, https, mailto and tel may become links; a mail draft is addressed to one
plain address or no one and carries only a subject and a body. test_site_browser.py proves in
Chromium that nothing runs.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from conftest import TODAY, hostile_all
from rolodex.cli import main
from rolodex.site.search import read_index

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "srcset",
    "srcdoc",
}
SAFE_SCHEME = re.compile(r"(?i)^(https?|mailto|tel):")
# Elements a payload would create: they carry its marks (the theme's own have none).
FORBIDDEN = {
    "iframe",
    "object",
    "embed",
    "base",
    "form",
    "math",
    "img",
    "svg",
    "script",
    "a",
    "link",
    "meta",
    "b",
    "input",
    "button",
    "video",
    "audio",
    "source",
    "style",
    "details",
    "marquee",
}
MARK = re.compile(r"alert\(|window\.__pwned|^x$")


class _Scan(HTMLParser):
    """Everything in a page that could run or link: handlers, schemes, elements, script text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES:
                plain = re.sub(r"[\x00-\x20\x7f]", "", value)  # as a browser reads a scheme
                scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", plain)
                if (scheme and not SAFE_SCHEME.match(plain)) or plain.startswith(("//", "\\\\", "/\\")):
                    self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"(?i)url\(|expression\(", value):
                self.found.append(f"<{tag} style={value!r}>")
        # (an href is checked by its scheme above: a safe link may well hold such text; an item's id
        # in data-* and title is text that rolodex.js only ever reads as text)
        if tag in FORBIDDEN and any(
            MARK.search(value or "")
            for name, value in attrs
            if name != "href" and not name.startswith("data-") and name != "title"
        ):
            self.found.append(f"<{tag} {attrs!r}>")

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] in ("script", "style") and re.search(r"pwned|alert\(", data):
            self.found.append(f"<{self.open[-1]}>{data[:80]!r}")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("hostile-all")
    root = hostile_all(tmp / "kb")
    runner = CliRunner()
    env = {"ROLODEX_NO_CACHE": "1"}
    result = runner.invoke(
        main, ["--kb", str(root), "build", "--today", TODAY.isoformat(), "--site-dir", str(tmp / "site")], env=env
    )
    assert result.exit_code == 0, result.output
    return root, tmp / "site"


def test_the_fixture_puts_a_payload_in_every_field(built):
    """The generated pages carry each field's payload (as text), so the scans below test something."""
    root, site = built
    text = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    plain = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), text).replace("&lt;", "<").replace("&gt;", ">")
    plain = plain.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    for field in (
        "name",
        "title",
        "company",
        "field",
        "location",
        "linkkey",
        "tag",
        "source",
        "goal",
        "touch",
        "reply",
        "bobtouch",
        "meetinglocation",
        "referralname",
        "referralnote",
        "referralnote2",
        "task",
        "question",
        "meetingtag",
        "planned",
        "slug",
        "slugjs",
        "meetingslug",
        "wiki1",
        "wiki3",
        "wiki5",
        "docwiki",
        "priority",
        "kind",
        "status",
        "referred_by",
        "touchref",
        "contacttask",
        "historycompany",
        "historytitle",
        "uid",
    ):  # (duration, thank_you, done: messages cut)
        assert f"alert('{field}')" in plain, field


def test_no_page_holds_a_handler_a_script_or_an_unsafe_link(built):
    _, site = built
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 15
    found = {}
    for path in pages:
        scan = _Scan()
        scan.feed(path.read_text(encoding="utf-8"))
        if scan.found:
            found[path.relative_to(site).as_posix()] = scan.found
    assert found == {}


def test_links_are_only_the_safe_ones(built):
    """Every link's scheme is http, https, mailto or tel; every other URL shows as text."""
    _, site = built
    page = (site / "contacts" / "eve-evil.html").read_text(encoding="utf-8")
    hrefs = {html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)}
    external = {h for h in hrefs if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", h)}
    assert {h.split(":", 1)[0].lower() for h in external} == {"https", "mailto", "tel"}
    assert {"https://example.com/ok", "https://example.com/\"><script>alert('quote')</script>"} <= external
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for key, url in (
        ("lower", "javascript:alert('lower')"),
        ("mixed", "JaVaScRiPt:alert('mixed')"),
        ("data", "data:text/html;base64,"),
        ("vbscript", "vbscript:msgbox('vb')"),
        ("space", "javascript:alert('space')"),
        ("tab", "javascript:alert('tab')"),
        ("control", "javascript:alert('control')"),
        ("split", "java script:alert('split')"),
        ("entity", "javascript&#58;alert('entity')"),
        ("percent", "javascript%3Aalert('percent')"),
        ("protocol-relative", "//evil.example/x"),
    ):
        assert not any(h.startswith(url) or h.lstrip().lower().startswith(url.lower()) for h in hrefs), key
        assert f"{key}: {url}" in text, key


def _mail_links(site: Path) -> list[str]:
    links = []
    for path in site.rglob("*.html"):
        links += [html.unescape(h) for h in re.findall(r'href="(mailto:[^"]*)"', path.read_text(encoding="utf-8"))]
    return links


def test_mail_drafts_go_to_one_address_and_carry_only_a_subject_and_a_body(built):
    _, site = built
    links = _mail_links(site)
    assert len(links) > 5
    for link in links:
        parts = urlsplit(link)
        to = unquote(parts.path)
        assert to == "" or re.fullmatch(r"[^\s,;<>?&=%]+@[^\s,;<>?&=%@]+", to), link
        assert set(parse_qs(parts.query, keep_blank_values=True)) <= {"subject", "body"}, link
        assert all(len(v) == 1 for v in parse_qs(parts.query).values()), link
    bodies = [parse_qs(urlsplit(link).query).get("body", [""])[0] for link in links]
    promise = next(b for b in bodies if "ampersands" in b)
    assert '"quotes" & ampersands #hash' in promise and "\r\n" in promise  # typed text survives, as typed
    assert not any(link.startswith("mailto:eve@example.com%3F") for link in links)  # no header smuggled in the address


def test_search_index_sitemap_and_calendar(built):
    _, site = built
    index = read_index(site)
    for doc in index["docs"]:
        for key in ("title", "text"):
            assert not re.search(r"<(script|img|svg|iframe|a|object|embed)\b", doc[key], re.IGNORECASE), (
                doc["location"],
                doc[key][:200],
            )
        assert not re.match(r"(?i)\s*(javascript|data|vbscript):", doc["location"])
    locations = [
        loc.text
        for loc in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert all(loc is None or not re.match(r"(?i)\s*(javascript|data|vbscript):", loc) for loc in locations)
    data = (site / "calendar.ics").read_bytes()
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data)
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert events and all(str(e["UID"]).endswith("@rolodex") and "\n" not in str(e["UID"]) for e in events)


def test_edit_links_are_percent_encoded(built):
    """The theme prints edit links into href="" unescaped: a file name holding a quote must not
    close the attribute (it added an onmouseover handler before)."""
    _, site = built
    page = next(p for p in (site / "meetings").glob("2026-12-02-*.html")).read_text(encoding="utf-8")
    edit = re.search(r'<a href="([^"]*)" title="Edit this page"', page)
    assert edit and edit[1] == (
        "https://example.com/network/edit/main/meetings/"
        "2026-12-02-x%22%20onmouseover%3D%22alert%28%27editlink%27%29%22%20y%3D%22.md"
    )


def test_network_graph_is_inert(built):
    _, site = built
    page = (site / "network.html").read_text(encoding="utf-8")
    start = page.index('<svg class="rolodex-graph"')
    graph = page[start : page.index("</svg>", start) + 6]
    scan = _Scan()
    scan.feed(graph)
    assert scan.found == []
    tags = set(re.findall(r"<([a-z]+)", graph))
    assert tags == {"svg", "title", "path", "a", "circle", "text"}
    assert all(h.endswith(".html") for h in re.findall(r'href="([^"]*)"', graph))
    assert "Eve &quot;&#x27;&gt;&lt;img src=x onerror=a…" in graph  # the name, cut and escaped


def test_exports_are_inert(built, tmp_path):
    root, _ = built
    runner = CliRunner()
    outputs = {}
    for fmt in ("csv", "json", "vcard", "ics"):
        result = runner.invoke(
            main,
            ["--kb", str(root), "export", fmt, "--today", TODAY.isoformat(), "-o", str(tmp_path / fmt)],
            env={"ROLODEX_NO_CACHE": "1"},
        )
        assert result.exit_code == 0, result.output
        outputs[fmt] = (tmp_path / fmt).read_bytes()
    for row in csv.reader(io.StringIO(outputs["csv"].decode("utf-8"), newline="")):
        for cell in row:
            assert not re.match(r"^\s*[=@]|^[\t\r\n\x00]", cell), cell
            assert not re.match(r"^\s*[+-](?![\d\s().\-/]*$)", cell), cell
    people = json.loads(outputs["json"])["contacts"]
    assert any(p["name"].startswith("Eve \"'><img") for p in people)  # JSON keeps values exactly
    import vobject

    cards = list(vobject.readComponents(outputs["vcard"].decode("utf-8")))
    assert len(cards) == len(people)
    Calendar.from_ical(outputs["ics"])
