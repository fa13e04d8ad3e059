"""The site without a browser: escaping helpers, generated Markdown, built HTML, privacy, commands."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, REPO, TODAY, build_site, other_host_loads, write_kb
from rolodex.cli import main
from rolodex.kb.configfile import read_config
from rolodex.rules.privacy import public_view
from rolodex.site import markup
from rolodex.site.builder import nav, prepare
from rolodex.site.context import Site
from rolodex.site.graph import forest, layout
from rolodex.site.pages import generate
from rolodex.site.search import read_index
from rolodex.site.wikilinks import resolve_links

HOSTILE = FIXTURES / "site-hostile"
PRIVATE = FIXTURES / "site-private"


def build(root: Path, dest: Path, *args: str) -> tuple[int, str]:
    """`rolodex --kb root build --today TODAY --site-dir dest args…` → (exit code, output)."""
    return build_site(root, dest, *args)


def pages_of(root: Path, **kwargs) -> dict[str, str | bytes]:
    kwargs.setdefault("cache", False)
    return generate(prepare(root, read_config(root).settings, TODAY, **kwargs).inp)


def site_text(folder: Path) -> dict[str, str]:
    """Every file of a built site as text (binary files decoded leniently, gzip ones unpacked)."""
    import gzip

    return {
        p.relative_to(folder).as_posix(): (
            gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        ).decode("utf-8", "replace")
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("hostile") / "site"
    code, output = build(HOSTILE, dest, "--strict")
    assert code == 0, output
    return dest


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("sample") / "site"
    code, output = build(REPO, dest, "--strict")
    assert code == 0, output
    return dest


# --- escaping helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jane Doe", "Jane Doe"),
        ("<script>alert(1)</script>", "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;"),
        ('"><img src=x onerror=alert(1)>', "&#34;&#62;&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;"),
        ("[x](javascript:alert(1))", "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;"),
        ("*bold* _it_ `code` | ~~s~~", "&#42;bold&#42; &#95;it&#95; &#96;code&#96; &#124; &#126;&#126;s&#126;&#126;"),
        ("O'Brien & Sons", "O&#39;Brien &#38; Sons"),
        ("- not a list", "&#45; not a list"),
        ("1. not a list", "1&#46; not a list"),
        ("> not a quote", "&#62; not a quote"),
        ("two\nlines\t here", "two lines here"),
        ("\x02wzxhzdk:0\x03", "wzxhzdk&#58;0"),  # Python-Markdown's placeholder markers never pass
    ],
)
def test_md_shows_data_as_typed(text, expected):
    assert markup.md(text) == expected


def test_h_escapes_for_raw_html():
    assert markup.h('<a href="x">O\'B & C</a>') == "&lt;a href=&quot;x&quot;&gt;O&#x27;B &amp; C&lt;/a&gt;"


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://example.com/x?a=1", True),
        ("http://example.com", True),
        ("mailto:jane@example.com", True),
        ("tel:+15550100", True),
        ("HTTPS://EXAMPLE.COM", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:msgbox", False),
        ("www.linkedin.com/in/jane", False),
        ("//evil.example/x", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_https_mailto_tel_become_links(url, safe):
    assert (markup.safe_url(url) is not None) is safe


def test_unsafe_link_is_text():
    assert markup.external_link("javascript:alert(1)", "home") == "home"
    assert (
        markup.external_link("https://x.example/?a=1&b=2", "site")
        == '<a href="https&#58;//x.example/?a&#61;1&#38;b&#61;2" rel="noopener noreferrer">site</a>'
    )


def test_mailto_is_percent_encoded():
    assert (
        markup.mailto("jane@example.com", "Hi & thanks", "Line one\nLine two")
        == "mailto:jane@example.com?subject=Hi%20%26%20thanks&body=Line%20one%0D%0ALine%20two"
    )
    assert markup.mailto(None, "Hello") == "mailto:?subject=Hello"
    assert markup.mailto("Jane.Doe+net@example.co.uk") == "mailto:Jane.Doe+net@example.co.uk"


@pytest.mark.parametrize(
    "address",
    [
        "a@b.example?cc=x@y.example",
        "a@b.example,evil@x.example",
        "a@b.example; evil@x.example",
        "Jane <a@b.example>",
        "a@b.example&bcc=evil@x.example",
        "a@b.example%2Cevil@x.example",
        "javascript:alert(1)",
        "a@b@c.example",
        "@b.example",
        "a@",
        '"quo\\"te"@x.example',
        "a @b.example",
    ],
)
def test_mailto_is_addressed_to_one_plain_address_or_no_one(address):
    """A comma, semicolon or header in an address would add recipients once a mail program decodes it."""
    assert markup.mailto(address, "Hi") == "mailto:?subject=Hi"
    assert not markup.plain_address(address)


@pytest.mark.parametrize(
    "phone, url",
    [
        ("+1 555 0126", "tel:+15550126"),
        ("(555) 012-3456", "tel:5550123456"),
        ("javascript:alert(1)", None),
        ("ext. 12", None),
        ("", None),
    ],
)
def test_tel_only_for_phone_numbers(phone, url):
    assert markup.tel(phone) == url


def test_page_names_are_safe_and_unique():
    assert markup.safe_name("jane-doe") == "jane-doe"
    assert markup.safe_name("2026-11-20-Jane-Doe") == "2026-11-20-jane-doe"
    assert re.fullmatch(r"index-[0-9a-f]{8}", markup.safe_name("index"))
    odd = markup.safe_name('"><img src=x>')
    assert re.fullmatch(r"img-src-x-[0-9a-f]{8}", odd)
    assert markup.safe_name("a b") != markup.safe_name("a-b")


def test_raw_html_links_follow_the_url_style():
    flat, folders = markup.href_for(False), markup.href_for(True)
    assert flat("index.md", "contacts/jane.md") == "contacts/jane.html"
    assert flat("contacts/jane.md", "meetings/2026-11-20-jane.md") == "../meetings/2026-11-20-jane.html"
    assert flat("network.md", "contacts/index.md?stage=met") == "contacts/index.html?stage=met"
    assert folders("index.md", "contacts/jane.md") == "contacts/jane/"
    assert folders("network.md", "contacts/index.md") == "../contacts/"
    assert folders("contacts/jane.md", "contacts/bob.md") == "../bob/"


def test_front_matter_title_is_escaped_for_themes_that_print_it_raw():
    assert (
        markup.front_matter('</title><script>x</script> "q"')
        == '---\ntitle: "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &quot;q&quot;"\n---\n'
    )
    assert markup.front_matter("a\x00b\\c") == '---\ntitle: "ab\\\\c"\n---\n'


# --- wiki links -------------------------------------------------------------------------


def _resolver(target):
    people = {"jane-doe": ("contacts/jane-doe.md", "Jane Doe"), "jane doe": ("contacts/jane-doe.md", "Jane Doe")}
    return people.get(target.lower())


def test_wiki_links_by_slug_name_and_alias_but_not_in_code():
    body = "See [[jane-doe]], [[Jane Doe]] and [[jane-doe|my mentor]]; `[[jane-doe]]`.\n```\n[[jane-doe]]\n```\n[[Nobody]]\n"
    assert resolve_links(body, "meetings/m.md", _resolver) == (
        "See [Jane Doe](../contacts/jane-doe.md), [Jane Doe](../contacts/jane-doe.md) and "
        "[my mentor](../contacts/jane-doe.md); `[[jane-doe]]`.\n```\n[[jane-doe]]\n```\n"
        '<span class="rolodex-missing" title="no page for this link">&#91;&#91;Nobody&#93;&#93;</span>\n'
    )


def test_wiki_links_to_people_left_out_become_neutral():
    hidden = frozenset({"sasha", "sasha secret"})
    assert (
        resolve_links("[[sasha]], [[Sasha Secret|her]], [[sasha|Sasha Secret]]", "x.md", _resolver, hidden)
        == "(someone), her, (someone)"
    )


# --- generated Markdown -------------------------------------------------------------------


def test_generate_makes_hubs_records_and_calendar():
    pages = pages_of(HOSTILE)
    assert sorted(pages) == [
        "calendar.ics",
        "companies.md",
        "contacts/alice-able.md",
        "contacts/eve-evil.md",
        "contacts/index.md",
        "due.md",
        "index.md",
        "meet-list.md",
        "meetings/2026-11-30-eve-evil.md",
        "meetings/index.md",
        "network.md",
        "problems.md",
        "stats.md",
        "tags.md",
        "week.md",
    ]
    assert isinstance(pages["calendar.ics"], bytes)


def test_no_generated_page_holds_markup_from_data():
    """Every `<` in generated Markdown opens a tag Rolodex wrote; every link is safe."""
    ours = {
        "span",
        "/span",
        "a",
        "/a",
        "code",
        "/code",
        "div",
        "/div",
        "svg",
        "/svg",
        "title",
        "/title",
        "line",
        "rect",
        "/rect",
        "text",
        "/text",
        "figure",
        "/figure",
        "p",
        "/p",
        "input",
        "select",
        "/select",
        "option",
        "/option",
        "button",
        "/button",
        "circle",
        "path",
        "br",
        "strong",
        "/strong",
        "ul",
        "/ul",
        "li",
        "/li",
        "table",
        "/table",
        "thead",
        "/thead",
        "tbody",
        "/tbody",
        "tr",
        "/tr",
        "th",
        "/th",
        "td",
        "/td",
        "time",
        "/time",
        "section",
        "/section",
        "h2",
        "/h2",
        "h3",
        "/h3",
        "nav",
        "/nav",
        "details",
        "/details",
        "summary",
        "/summary",
        "dl",
        "/dl",
        "dt",
        "/dt",
        "dd",
        "/dd",
        "ol",
        "/ol",
    }
    for path, text in pages_of(HOSTILE).items():
        if isinstance(text, bytes):
            continue
        body = text.split("\n## Notes\n")[0] if path == "contacts/eve-evil.md" else text
        if path == "meetings/2026-11-30-eve-evil.md":
            body = re.sub(r"## Research\n.*?\n\n", "", body, flags=re.S)  # the user's own Markdown
        tags = {m.group(1) for m in re.finditer(r"<(/?[a-zA-Z][a-zA-Z0-9]*)", body)}
        assert tags <= ours, (path, tags - ours)
        for href in re.findall(r'href="([^"]*)"', body):
            plain = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), href)
            assert not re.match(r"(?i)\s*(javascript|data|vbscript):", plain), (path, href)
        markdown = "\n".join(line for line in body.splitlines() if not line.startswith("<"))  # raw HTML blocks aside
        assert "pwned" not in "".join(re.findall(r"\]\(([^)#]*)", markdown)), path


def test_contact_page_exact(monkeypatch):
    pages = pages_of(HOSTILE)
    assert (
        pages["contacts/alice-able.md"]
        == """\
---
title: "Alice Able"
search: {exclude: true}
---

# Alice Able

<!--rolodex:html--><p>Engineer at Acme &#60;i&#62;Evil&#60;/i&#62; &#38; Co &#91;x&#93;&#40;javascript&#58;window.&#95;&#95;pwned&#61;&#39;md-link&#39;&#41; &#42;bold&#42; &#124; pipe<br><span class="rolodex-badge rolodex-badge--stage-contacted">to schedule</span> <span class="rolodex-badge rolodex-badge--health-overdue">overdue</span></p><!--/rolodex:html-->

<!--rolodex:html--><dl class="rolodex-header"><div><dt>Next step</dt><dd><span class="rolodex-kind rolodex-kind--schedule">schedule</span> Propose a date to meet Alice Able: they replied on 2026-10-02, <time class="rolodex-when rolodex-when--late" datetime="2026-10-05" title="due Mon 2026-10-05">52 days late</time></dd></div><div><dt>Last contact</dt><dd>Fri 2026-10-02 (55 days ago)</dd></div><div><dt>Drafts go to</dt><dd>nobody yet: there is no <code>email</code>, so drafts open without a recipient</dd></div></dl><!--/rolodex:html-->

<!--rolodex:html--><ul><li><strong>Tags:</strong> <a href="../tags.html#tag-alumni">alumni</a></li><li><strong>Company:</strong> <a href="../companies.html#company-acme-i-evil-i-co-x-javascript-window-pwned-md-link-bold-pipe-972cab42">Acme &#60;i&#62;Evil&#60;/i&#62; &#38; Co &#91;x&#93;&#40;javascript&#58;window.&#95;&#95;pwned&#61;&#39;md-link&#39;&#41; &#42;bold&#42; &#124; pipe</a></li><li><strong>Referred by:</strong> <a href="eve-evil.html">&#60;script&#62;window.&#95;&#95;pwned&#61;&#39;name&#39;&#60;/script&#62;Eve</a></li><li><strong>Stay in touch:</strong> every 90 days</li><li><strong>File:</strong> <code>contacts/alice-able.md</code></li></ul><!--/rolodex:html-->

## Due

<!--rolodex:html--><ul class="rolodex-items" data-today="2026-11-26"><li class="rolodex-item rolodex-item--late" data-id="schedule:alice-able"><span class="rolodex-item__text"><span class="rolodex-kind rolodex-kind--schedule">schedule</span> Propose a date to meet Alice Able: they replied on 2026-10-02 <time class="rolodex-when rolodex-when--late" datetime="2026-10-05" title="due Mon 2026-10-05">52 days late</time></span><span class="rolodex-actions"><a class="rolodex-action rolodex-mail" href="mailto:?subject=Re%3A%2015%20minutes%20to%20hear%20about%20your%20work%20at%20the%20Acme%20%3Ci%3EEvil%3C%2Fi%3E%20%26%20Co%20%5Bx%5D%28javascript%3Awindow.__pwned%3D%27md-link%27%29%20%2Abold%2A%20%7C%20pipe&amp;body=Hi%20Alice%2C%0D%0A%0D%0AThank%20you%20for%20getting%20back%20to%20me%2C%20and%20for%20being%20willing%20to%20talk.%20I%20really%20appreciate%20it.%0D%0A%0D%0AWould%20one%20of%20these%20times%20work%20for%20you%3F%0D%0A%0D%0A-%20Monday%2030%20November%20at%2010%3A00%0D%0A-%20Wednesday%202%20December%20at%2015%3A30%0D%0A%0D%0AI%27m%20happy%20to%20meet%20for%20a%20coffee%20wherever%20is%20most%20convenient%20for%20you%20%5Bname%20a%20place%20close%20to%20them%5D%2C%20or%20to%20talk%20by%20phone%20or%20video%20if%20that%27s%20easier.%20I%27ll%20keep%20it%20to%2015%20minutes.%0D%0A%0D%0AIf%20neither%20time%20suits%20you%2C%20just%20let%20me%20know%20what%20does%20and%20I%27ll%20make%20it%20work.%0D%0A%0D%0ABest%2C%0D%0A%5Byour%20name%5D">✉ Draft</a><button type="button" class="rolodex-action" data-rolodex-done>Done</button><button type="button" class="rolodex-action" data-rolodex-snooze="alice-able">Snooze…</button><button type="button" class="rolodex-action rolodex-id" data-rolodex-copy="schedule:alice-able" title="Copy the id schedule:alice-able">Copy id</button></span></li></ul><!--/rolodex:html-->

## Timeline

<!--rolodex:html--><table><thead><tr><th>Date</th><th>What</th><th></th></tr></thead><tbody><tr><td>Fri 2026-10-02</td><td><span class="rolodex-badge rolodex-badge--reply">reply</span></td><td></td></tr><tr><td>Thu 2026-10-01</td><td><span class="rolodex-badge rolodex-badge--outreach">outreach</span></td><td></td></tr></tbody></table><!--/rolodex:html-->

## Introductions

<!--rolodex:html--><ul><li>Introduced by <a href="eve-evil.html">&#60;script&#62;window.&#95;&#95;pwned&#61;&#39;name&#39;&#60;/script&#62;Eve</a></li></ul><!--/rolodex:html-->
"""
    )


def test_hostile_contact_profile_lines():
    page = pages_of(HOSTILE)["contacts/eve-evil.md"]
    assert page.startswith(
        '---\ntitle: "&lt;script&gt;window.__pwned=&#x27;name&#x27;&lt;/script&gt;Eve"\nsearch: {exclude: true}\n---\n\n'
        "# &#60;script&#62;window.&#95;&#95;pwned&#61;&#39;name&#39;&#60;/script&#62;Eve\n"
    )
    assert "<li><strong>Phone:</strong> javascript&#58;window.&#95;&#95;pwned&#61;&#39;phone&#39;</li>" in page
    assert (
        "<li><strong>Links:</strong> home&#58; javascript&#58;window.&#95;&#95;pwned&#61;&#39;link&#39; · "
        "data&#58; data&#58;text/html,&#60;script&#62;window.&#95;&#95;pwned&#61;&#39;data&#39;&#60;/script&#62; · "
        "tabbed&#58; java script&#58;window.&#95;&#95;pwned&#61;&#39;tab&#39; · "
        '<a href="https&#58;//example.com/?a&#61;1&#38;b&#61;&#34;2&#34;" rel="noopener noreferrer">site</a></li>'
    ) in page
    assert (
        '<li><strong>Email:</strong> <a href="mailto&#58;eve@example.com" rel="noopener noreferrer">eve@example.com</a></li>'
        in page
    )
    # the body keeps the user's Markdown; its wiki links point at pages
    assert (
        "Hello [Alice Able](alice-able.md) and [my friend](alice-able.md), not `[[alice-able]]`, and "
        '<span class="rolodex-missing" title="no page for this link">&#91;&#91;nobody&#93;&#93;</span>.'
    ) in page


def test_due_items_carry_a_prefilled_email_from_the_draft():
    from rolodex.drafts import compose as drafts
    from rolodex.kb.loader import load
    from rolodex.rules.followups import compute

    pages = pages_of(REPO)
    kb, _ = load(REPO, cache=False)
    items = compute(kb, TODAY)
    item = next(i for i in items if i.id == "thank-you:2026-11-24-hector-vargas:hector-vargas")
    subject, body = drafts.render(kb, item.id, TODAY, items)
    url = markup.mailto(kb.contacts["hector-vargas"].email, subject, body)
    # one item, one draft: on the person's page and on Home
    assert f'<a class="rolodex-action rolodex-mail" href="{markup.h(url)}"' in pages["contacts/hector-vargas.md"]
    assert f'<a class="rolodex-action rolodex-mail" href="{markup.h(url)}"' in pages["index.md"]


def test_a_card_has_one_email_for_all_of_a_persons_items():
    """Hector's card: the thank-you (most costly) is the letter; his other items are lines to fill in."""
    from rolodex.drafts import compose as drafts
    from rolodex.kb.loader import load
    from rolodex.rules.followups import compute

    page = pages_of(REPO)["due.md"]
    kb, _ = load(REPO, cache=False)
    items = compute(kb, TODAY)
    hectors = [i for i in items if i.contact == "hector-vargas"]
    assert len(hectors) == 4
    card = page.split('id="person-hector-vargas"')[1].split("</section>")[0]
    assert card.count("<li ") == 4 and all(f'data-id="{markup.h(i.id)}"' in card for i in hectors)
    subject, body = drafts.render(kb, "thank-you:2026-11-24-hector-vargas:hector-vargas", TODAY, items)
    assert "\n\n[Also: Send Hector the Ledger" in combine_body(card)
    assert combine_body(card).startswith(body.rsplit("\n\n", 1)[0])
    assert combine_body(card).endswith("\n\n" + body.rsplit("\n\n", 1)[1])
    assert f"subject={quote(subject, safe='')}" in card
    assert "✉ One email for all 4" in card


def combine_body(card: str) -> str:
    """The body of the one mail link in a card, decoded."""
    from html import unescape
    from urllib.parse import unquote

    href = unescape(re.search(r'class="rolodex-action rolodex-mail" href="([^"]*)"', card)[1])
    return unquote(href.split("body=", 1)[1]).replace("\r\n", "\n")


def test_follow_ups_one_card_per_person_in_sections():
    page = pages_of(REPO)["due.md"]
    headings = re.findall(r'<h2 id="([a-z]+)">([^<]*)</h2>', page)
    assert [(key, text.split(" (")[0]) for key, text in headings] == [("now", "Due now"), ("week", "This week")]
    now = page.split('<h2 id="now">')[1].split('<h2 id="week">')[0]
    # 5, and v1.1's: Rachel said yes (set a date), Declan's coffee still says planned
    assert now.count('<section class="rolodex-person"') == 7
    # James: the keep-in-touch 16 days late and his holiday note, on one card
    james = now.split('id="person-james-whitfield"')[1].split("</section>")[0]
    assert 'data-id="keep-in-touch:james-whitfield"' in james and 'data-id="holiday:2026:james-whitfield"' in james
    week = page.split('<h2 id="week">')[1]
    assert 'data-id="prep:2026-11-30-ibrahim-saleh"' in week
    # the id is behind a copy button, not printed
    assert (
        '<button type="button" class="rolodex-action rolodex-id" data-rolodex-copy="prep:2026-11-30-ibrahim-saleh"'
        in week
    )
    assert "<code" not in page.split("</nav>", 1)[1]
    # someone not a contact yet gets a card too, with no Done (nothing to record it on)
    priya = week.split('id="person-name-priya-desai"')[1].split("</section>")[0]
    assert "not a contact yet" in priya and "data-rolodex-done" not in priya


def test_home_today_block_ranks_what_costs_most_if_missed():
    page = pages_of(REPO, site_name="Sam's network")["index.md"]
    assert list(re.findall(r"^## (.*)$", page, re.M)) == [
        "Today",
        "This week",
        "Upcoming meetings",
        "Pipeline",
        "Meetings per month",
        "Recent activity",
    ]
    today = page.split("## Today\n")[1].split("## This week\n")[0]
    ids = re.findall(r'<li class="rolodex-item[^"]*" data-id="([^"]+)"', today)
    # thank-you, set a date, did it happen, a promise, then nudges; within a kind the newest first
    assert ids == [
        "thank-you:2026-11-24-hector-vargas:hector-vargas",
        "schedule:rachel-stein",
        "record:2026-11-19-declan-obrien",
        "follow-up:2026-10-29-zoe-marchetti:send-zoe-the-portfolio",
        "nudge:tobias-reed",
        "nudge:grace-liu",
    ]
    assert "No meeting today or tomorrow." in today
    # holiday and keep-in-touch notes: one line per batch, not one item each
    assert re.search(r">7 holiday notes by Dec \d+</a>", today)
    assert re.search(r">2 keep-in-touch notes by \w+ \d+</a>", today)
    assert page.startswith("---\nsearch: {exclude: true}\n---\n\n# Sam&#39;s network\n")  # a hub: out of search
    assert '<span class="rolodex-funnel__label">Met</span>' in page
    assert '<svg class="rolodex-chart"' in page


def test_home_folds_a_month_old_backlog_and_shows_todays_meetings():
    """Three weeks later: today's meeting first, old items folded into a counted backlog."""
    day = dt.date(2026, 12, 15)
    page = generate(prepare(REPO, read_config(REPO).settings, day, cache=False).inp)["index.md"]
    today = page.split("## Today\n")[1].split("## This week\n")[0]
    meetings = today.split('<ul class="rolodex-meetings-soon"')[1].split("</ul>")[0]
    assert "Today" in meetings and "Coffee with Maria Okafor" in meetings
    assert 'href="meetings/2026-12-15-maria-okafor.html#pre-meeting-brief">Open brief</a>' in meetings
    assert 'href="meetings/2026-12-15-maria-okafor.html?print=1">Print</a>' in meetings
    backlog = today.split('<details class="rolodex-backlog">')[1].split("</details>")[0]
    n = int(re.search(r"Backlog: (\d+) items? overdue by more than a month", backlog)[1])
    assert n >= 1 and backlog.count("<li ") == min(n, 5)
    actions = today.split('<details class="rolodex-backlog">')[0]
    assert "keep-in-touch:james-whitfield" not in actions  # 35 days late: in the backlog
    assert "keep-in-touch:james-whitfield" in backlog
    assert "nudge:grace-liu" not in backlog  # 22 days late: still today's work


def test_home_keeps_the_users_own_index_page():
    text = "---\nhide: [toc]\n---\n# Welcome\n\nMy mentor is [[maria-okafor]].\n"
    page = pages_of(REPO, home_text=text)["index.md"]
    assert page.startswith(
        "---\nhide: [toc]\n---\n\n# Welcome\n\nMy mentor is [Maria Okafor](contacts/maria-okafor.md).\n"
    )


def test_meeting_page_has_a_printable_brief_with_the_reminders():
    page = pages_of(REPO)["meetings/2026-11-30-ibrahim-saleh.md"]
    brief = page.split("## Pre-meeting brief\n")[1].split('<div class="rolodex-print-stop">')[0]
    for words in (
        "about 15 minutes",
        "Be professional",
        "resume and business cards",
        "Ask for referrals",
        "Never ask for a job",
        "Thank them within a day",
    ):
        assert words in brief
    assert "<ol><li>How did you make the move into housing-authority communications?</li>" in brief
    assert 'Introduced by <a href="../contacts/declan-obrien.html">Declan O&#39;Brien</a>' in brief


def test_meeting_page_after_the_brief():
    page = pages_of(REPO)["meetings/2026-11-30-ibrahim-saleh.md"]  # planned: the brief first, printing stops after it
    after = page.split('<div class="rolodex-print-stop"></div><!--/rolodex:html-->\n')[1].lstrip()
    assert after.startswith(
        '## Due\n\n<!--rolodex:html--><ul class="rolodex-items" data-today="2026-11-26"><li class="rolodex-item" data-id="prep:2026-11-30-ibrahim-saleh">'
    )
    assert '<time class="rolodex-when" datetime="2026-11-28" title="due Sat 2026-11-28">in 2 days</time>' in after


def test_companies_group_spellings_together(kb_path):
    root = kb_path(
        {
            "contacts/a.md": "---\nname: A\ncompany: Acme Corp\n---\n",
            "contacts/b.md": "---\nname: B\ncompany: ACME  corp\ntitle: CTO\n---\n",
            "contacts/c.md": "---\nname: C\ncompany: Initech\n---\n",
        }
    )
    (root / "docs").mkdir()
    page = pages_of(root)["companies.md"]
    assert "Who you know where: 3 people at 2 organisations." in page
    assert page.count("## ") == 2
    assert '## Acme Corp\n\n<!--rolodex:html--><ul><li><a href="contacts/a.html">A</a> <span' in page
    assert '<li><a href="contacts/b.html">B</a> — CTO <span' in page


def test_meet_list_by_priority_and_waiting(kb_path):
    root = kb_path(
        {
            "contacts/hi.md": "---\nname: Hi Person\npriority: high\ngoal: Learn <things>\n---\n",
            "contacts/lo.md": "---\nname: Lo Person\npriority: low\n---\n",
            "contacts/wait.md": "---\nname: Wait Person\ntouches:\n  - {date: 2026-11-20, kind: outreach}\n---\n",
        }
    )
    page = pages_of(root)["meet-list.md"]
    assert page.index("## High priority (1)") < page.index("## Low priority (1)")
    assert (
        '<tr><td><a href="contacts/hi.html">Hi Person</a></td><td data-label="Role"></td>'
        '<td data-label="Why meet them">Learn &lt;things&gt;</td><td data-label="Via"></td>'
        '<td class="rolodex-cell--action"><a class="rolodex-action rolodex-mail" href="mailto:?subject='
    ) in page
    assert "## Waiting for a reply (1)" in page
    assert (
        '<tr><td><a href="contacts/wait.html">Wait Person</a></td><td data-label="Role"></td>'
        '<td data-label="Asked">Fri 2026-11-20 (6 days ago)</td><td data-label="Next nudge">Fri 2026-11-27</td>'
        '<td class="rolodex-cell--action"><a class="rolodex-action rolodex-mail" href="mailto:?subject='
    ) in page


def test_network_forest_breaks_cycles(kb_path):
    root = kb_path(
        {
            "contacts/a.md": "---\nname: A\nreferred_by: c\n---\n",
            "contacts/b.md": "---\nname: B\nreferred_by: a\n---\n",
            "contacts/c.md": "---\nname: C\nreferred_by: b\n---\n",
            "contacts/d.md": "---\nname: D\nreferred_by: a\n---\n",
            "contacts/e.md": "---\nname: E\n---\n",
        }
    )
    prepared = prepare(root, read_config(root).settings, TODAY, cache=False)
    f = forest(Site(prepared.inp))
    assert f.roots == ["a"]
    assert f.children == {"a": ["b", "d"], "b": ["c"]}
    assert f.extra == [("c", "a")]
    pos, cols, rows = layout(f)
    assert (cols, rows) == (3, 3)
    assert pos["a"] == (0, 0.5) and pos["c"] == (2, 0)
    page = generate(prepared.inp)["network.md"]
    assert page.count("<circle") == 4 and "E" not in re.findall(r">([A-E])</text>", page)


def test_network_is_readable_at_200_people(kb_path):
    files = {f"contacts/p{i}.md": f"---\nname: Person {i}\nreferred_by: p{i // 3}\n---\n" for i in range(1, 200)}
    files["contacts/p0.md"] = "---\nname: Person 0\n---\n"
    root = kb_path(files)
    prepared = prepare(root, read_config(root).settings, TODAY, cache=False)
    f = forest(Site(prepared.inp))
    pos, cols, rows = layout(f)
    assert len(pos) == 200 and cols == 6
    ys = sorted(y for _, y in pos.values() if True)
    # no two people of one generation share a row, and rows are 26 px apart: labels never overlap
    by_col: dict[float, list[float]] = {}
    for x, y in pos.values():
        by_col.setdefault(x, []).append(y)
    assert all(len(v) == len(set(v)) for v in by_col.values())
    assert ys[0] == 0


def test_problems_page_lists_each_problem_at_its_place(kb_path):
    root = kb_path(
        {
            "contacts/jane.md": "---\nname: Jane\nreferred_by: nobody-here\n---\n",
            "meetings/2026-11-20-jane.md": "---\ndate: 2026-11-20\nwith: jane\nthank_you: 2026-11-01\n---\n",
        }
    )
    page = pages_of(root)["problems.md"]
    assert "reports 2 errors and 0 warnings" in page
    assert "| <code>contacts/jane.md&#58;3</code> → [page](contacts/jane.md) | " in page
    assert "| <code>meetings/2026-11-20-jane.md&#58;4</code> → [page](meetings/2026-11-20-jane.md) | " in page


def test_problems_link_to_the_file_when_the_repository_is_known(kb_path):
    root = kb_path({"contacts/jane.md": "---\nname: Jane\nreferred_by: nobody-here\n---\n"})
    page = pages_of(root, edit_base="https://github.com/sam/network/edit/main/")["problems.md"]
    assert (
        '<a href="https&#58;//github.com/sam/network/edit/main/contacts/jane.md&#35;L3" rel="noopener noreferrer">'
        "contacts/jane.md&#58;3</a> → [page](contacts/jane.md)"
    ) in page


def test_navigation_is_small():
    assert nav(["format.md", "guides/questions.md", "workflow.md"], public=False) == [
        {"Home": "index.md"},
        {"Follow-ups": "due.md"},
        {"Weekly review": "week.md"},
        {"Meet list": "meet-list.md"},
        {"Contacts": "contacts/index.md"},
        {"Meetings": "meetings/index.md"},
        {"Companies": "companies.md"},
        {"Tags": "tags.md"},
        {"Network": "network.md"},
        {"Insights": "stats.md"},
        {"Problems": "problems.md"},
        {"Guides": ["format.md", "workflow.md", {"Guides": ["guides/questions.md"]}]},
    ]
    assert {"Problems": "problems.md"} not in nav([], public=True)


# --- privacy ------------------------------------------------------------------------------

PRIVATE_VALUES = [
    # the private contact, everywhere it could appear
    "Sasha",
    "Secretperson",
    "secret-sasha",
    "Hushhush",
    "sasha@hushhush.example",
    "555 0199",
    "15550199",
    "Zanzibar",
    "Undercover",
    "classified",
    # private_fields of a public contact: email, phone, notes (body and touch notes)
    "paula.private-email@example.org",
    "555 0142",
    "15550142",
    "hazelnuts",
    "confidential salary",
    "40k",
    # a meeting with only the private contact
    "2026-11-12",
    "Hushhush tower",
]


def test_public_view_leaves_out_private_people_and_fields():
    kb, _ = __import__("rolodex.kb.loader", fromlist=["load"]).load(PRIVATE, cache=False)
    public, hidden = public_view(kb, ("email", "phone", "notes"))
    assert sorted(public.contacts) == ["olga-open", "paula-public"]
    assert sorted(public.meetings) == [
        "2026-11-18-someone",
        "2026-11-20-paula-public",
        "2026-11-25-paula-public",
        "2026-12-02-paula-public",
    ]
    assert public.meetings["2026-11-18-someone"].path == "meetings/2026-11-18-someone.md"
    paula = public.contacts["paula-public"]
    assert (paula.emails, paula.phone, paula.body, [t.note for t in paula.touches]) == ((), None, "", [None, None])
    assert public.meetings["2026-11-20-paula-public"].referrals == ()
    assert [r.slug for r in public.meetings["2026-11-25-paula-public"].with_] == ["paula-public"]
    assert hidden == {"secret-sasha", "sasha secretperson", "sasha-secretperson"}  # slug, name, slug of the name


def test_public_view_says_someone_where_text_names_a_private_person(kb_path):
    """Full name (any case or spacing), hyphenated slug, email and phone, in every text that stays;
    a wiki link to them (by slug, path or name) becomes its label or "(someone)", in the KB
    itself, so that exports are as neutral as pages; a first name alone stays."""
    root = kb_path(
        {
            "contacts/sasha-lee.md": "---\nname: Sasha Lee\nemail: s@lee.example\nphone: +1 555 0177\nprivate: true\n---\n",
            "contacts/may.md": "---\nname: May\nprivate: true\n---\n",
            "contacts/olga.md": """\
            ---
            name: Olga
            title: friend of sasha lee
            company: Sasha-Lee Fans
            field: S@LEE.EXAMPLE
            location: near SASHA  LEE
            source: +1 555 0177
            goal: meet sasha-lee
            tags: [sasha-lee-circle]
            links: {sasha-lee: "https://example.org/sasha-lee"}
            touches: [{date: 2026-11-01, kind: call, note: "Sasha Lee says hi; Sasha may call"}]
            ---
            [[sasha-lee|Sasha Lee's friend]] and [[Sasha Lee]]; Sasha Leeds is someone else.
            """,
            "meetings/2026-11-18-sasha-lee.md": """\
            ---
            date: 2026-11-18
            with: [sasha-lee, olga]
            location: Sasha Lee's office
            questions: [Ask Sasha Lee?]
            follow_ups: [{task: Thank Sasha Lee, due: 2026-11-30}]
            referrals: [{name: Bo Bright, note: via Sasha Lee}]
            tags: [sasha-lee]
            ---
            ## Research
            Sasha Lee wrote it.
            """,
            "meetings/2026-11-18-someone.md": "---\ndate: 2026-11-18\nwith: olga\n---\n",
            "meetings/may/2026-11-19-may.md": "---\ndate: 2026-11-19\nwith: [may, olga]\n---\nMay we meet?\n",
        }
    )
    kb, _ = __import__("rolodex.kb.loader", fromlist=["load"]).load(root, cache=False)
    public, _ = public_view(kb)
    olga = public.contacts["olga"]
    assert (olga.title, olga.company, olga.field, olga.location, olga.source, olga.goal) == (
        "friend of (someone)",
        "(someone) Fans",
        "(someone)",
        "near (someone)",
        "(someone)",
        "meet (someone)",
    )
    assert olga.tags == ("(someone)-circle",) and olga.links == (("(someone)", "https://example.org/(someone)"),)
    assert olga.touches[0].note == "(someone) says hi; Sasha may call"
    assert olga.body == "(someone)'s friend and (someone); Sasha Leeds is someone else.\n"
    assert sorted(public.meetings) == ["2026-11-18-someone", "2026-11-18-someone-2", "2026-11-19-someone"]
    m = public.meetings["2026-11-18-someone-2"]
    assert (m.path, m.location, m.questions, m.follow_ups[0].task, m.referrals[0].note, m.tags, m.research) == (
        "meetings/2026-11-18-someone-2.md",
        "(someone)'s office",
        ("Ask (someone)?",),
        "Thank (someone)",
        "via (someone)",
        ("(someone)",),
        "(someone) wrote it.",
    )
    assert public.meetings["2026-11-19-someone"].path == "meetings/someone/2026-11-19-someone.md"
    assert public.meetings["2026-11-19-someone"].body == "May we meet?\n"  # a one-word name is also a word


def test_public_build_holds_no_private_value(tmp_path):
    code, output = build(PRIVATE, tmp_path / "site", "--public", "--strict")
    assert code == 0, output
    files = site_text(tmp_path / "site")
    assert {"index.html", "search/search_index.js", "sitemap.xml", "calendar.ics"} <= set(files)
    assert "problems.html" not in files
    for value in PRIVATE_VALUES:
        found = [path for path, text in files.items() if value.lower() in text.lower()]
        assert not found, f"{value!r} published in {found}"
    assert "Paula Public" in files["contacts/paula-public.html"]
    assert "Open Org" in files["search/search_index.js"]


def test_private_build_keeps_everything(tmp_path):
    code, output = build(PRIVATE, tmp_path / "site")
    assert code == 0, output
    files = site_text(tmp_path / "site")
    assert "Sasha Secretperson" in files["contacts/secret-sasha.html"]
    assert "hazelnuts" in files["contacts/paula-public.html"]


# --- built HTML -----------------------------------------------------------------------------


def test_built_pages_escape_every_field(hostile_site):
    html = (hostile_site / "contacts" / "eve-evil.html").read_text(encoding="utf-8")
    assert "<title>&lt;script&gt;window.__pwned=&#x27;name&#x27;&lt;/script&gt;Eve - Hostile fields</title>" in html
    assert ">&#60;script&#62;window.&#95;&#95;pwned&#61;&#39;name&#39;&#60;/script&#62;Eve</h1>" in html
    for path in hostile_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>window" not in text and "<img src=x" not in text and "<iframe" not in text, path
        assert not re.search(r"<svg onload", text), path
        for href in re.findall(r'(?:href|src)="([^"]*)"', text):
            plain = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), href)
            assert not re.match(r"(?i)\s*(javascript|data|vbscript):", plain), (path, href)


def test_search_index_titles_are_escaped(hostile_site):
    index = read_index(hostile_site)
    titles = [doc["title"] for doc in index["docs"] if doc["location"] == "contacts/eve-evil.html"]
    assert titles == ["&lt;script&gt;window.__pwned='name'&lt;/script&gt;Eve"]
    assert "<script" not in json.dumps(index)


def test_site_needs_no_other_host(sample_site):
    """No script, style, font or image from another host; the offline search shim is our own."""
    assert other_host_loads(sample_site) == []
    assert (sample_site / "assets" / "rolodex" / "iframe-worker.js").is_file()
    assert (sample_site / "search" / "search_index.js").is_file()


def test_contacts_and_meetings_stay_out_of_the_navigation(sample_site):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    primary = home.split("md-nav--primary")[1].split("md-sidebar--secondary")[0]
    assert "contacts/index.html" in primary and "meetings/index.html" in primary
    assert not re.search(r'href="contacts/(?!index)', primary)
    assert not re.search(r'href="meetings/(?!index)', primary)
    page = (sample_site / "contacts" / "alisha-grant.html").read_text(encoding="utf-8")
    assert len(page) < 60_000


def test_sample_site_pages(sample_site):
    names = {p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*.html")}
    assert {
        "index.html",
        "due.html",
        "meet-list.html",
        "contacts/index.html",
        "meetings/index.html",
        "companies.html",
        "tags.html",
        "network.html",
        "problems.html",
        "contacts/alisha-grant.html",
        "meetings/2026-11-30-ibrahim-saleh.html",
    } <= names
    assert "workflow.html" not in names  # the product's guides stay out of Sam's site (exclude_docs)
    ics = (sample_site / "calendar.ics").read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and "UID:thank-you:2026-11-24-hector-vargas:hector-vargas@" in ics
    assert "Video call with Ibrahim Saleh" in ics


# --- commands -------------------------------------------------------------------------------


def test_strict_build_fails_on_check_errors_plain_build_does_not(kb_path, tmp_path):
    root = kb_path({"contacts/jane.md": "---\nname: Jane\nreferred_by: nobody-here\n---\n"})
    (root / "docs").mkdir()
    code, output = build(root, tmp_path / "strict", "--strict")
    assert code == 1
    assert "contacts/jane.md:3: error: 'referred_by' names 'nobody-here'" in output
    assert "Error: 1 error in your files: not building (--strict)." in output
    assert not (tmp_path / "strict").exists()
    code, output = build(root, tmp_path / "plain")
    assert code == 0, output
    assert "rolodex: 1 error and 0 warnings in your files" in output
    # no offline plugin in this mkdocs.yml: MkDocs' folder URLs, problems/index.html
    problems = (tmp_path / "plain" / "problems" / "index.html").read_text(encoding="utf-8")
    assert "contacts/jane.md&#58;3" in problems


def test_broken_files_never_break_the_build(kb_path, tmp_path):
    root = kb_path(
        {
            "contacts/ok.md": "---\nname: Ok\n---\n",
            "contacts/bad.md": "---\nname: [unclosed\n---\n",
            "contacts/Bad Name.md": "---\nname: Odd\n---\n",
            "meetings/2026-13-01-x.md": "---\ndate: 2026-13-01\nwith: ok\n---\n",
            "meetings/notes.md": "\x00\xff binary",
        }
    )
    code, output = build(root, tmp_path / "site")
    assert code == 0, output
    assert (tmp_path / "site" / "contacts" / "ok" / "index.html").is_file()
    assert "kb/docs/ (your own pages go there)" in output


def test_build_without_docs_folder_creates_it(kb_path, tmp_path):
    root = kb_path({"contacts/ok.md": "---\nname: Ok\n---\n"})
    code, output = build(root, tmp_path / "site")
    assert code == 0 and (root / "docs").is_dir()


def test_bad_today_is_a_clear_error(kb_path, tmp_path, monkeypatch):
    root = kb_path({})
    (root / "docs").mkdir()
    result = CliRunner().invoke(main, ["--kb", str(root), "build", "--today", "2026-02-30"])
    assert result.exit_code == 2 and "expected a date YYYY-MM-DD" in result.output


def test_mkdocs_build_works_directly(tmp_path, monkeypatch, caplog):
    """`mkdocs build` on the KB's mkdocs.yml gives the site, the plugin reading $ROLODEX_TODAY."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("ROLODEX_TODAY", "2026-11-26")
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    config = load_config(config_file=str(HOSTILE / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    mkdocs_build(config)
    assert (tmp_path / "site" / "contacts" / "alice-able.html").is_file()
    monkeypatch.setenv("ROLODEX_TODAY", "tomorrow")
    from mkdocs.exceptions import Abort

    config = load_config(config_file=str(HOSTILE / "mkdocs.yml"), site_dir=str(tmp_path / "site2"))
    with pytest.raises(Abort):
        mkdocs_build(config)
    assert "ROLODEX_TODAY='tomorrow': expected a date YYYY-MM-DD" in caplog.text


def test_a_disabled_plugin_adds_nothing_to_the_site(kb_path, tmp_path):
    """`enabled: false` (MkDocs' usual switch): the site is built from docs/ alone."""
    config = "site_name: T\nplugins:\n  - search\n  - rolodex:\n      enabled: false\n"
    root = kb_path({"contacts/ok.md": "---\nname: Ok\n---\n", "docs/index.md": "# My own home\n"}, config)
    code, output = build(root, tmp_path / "site")
    assert code == 0, output
    built = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.html")}
    assert built == {"index.html", "404.html"}
    assert "My own home" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "site" / "assets" / "rolodex").exists()


def test_serve_watches_contacts_meetings_and_templates(tmp_path, monkeypatch):
    from mkdocs.config import load_config

    root = REPO
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    assert config.dev_addr.host == "127.0.0.1"  # serve listens on this computer only by default
    plugin = config.plugins["rolodex"]
    monkeypatch.setenv("ROLODEX_TODAY", "2026-11-26")
    config = config.plugins.on_config(config)

    class Server:  # what on_serve uses of MkDocs' LiveReloadServer
        def __init__(self, host: str):
            self.watched: list[str] = []
            self.server_address = (host, 8000)
            self.app = object()

        def watch(self, path):
            self.watched.append(path)

        def get_app(self):
            return self.app

        def set_app(self, app):
            self.app = app

    server = plugin.on_serve(Server("127.0.0.1"), config=config, builder=None)
    assert str(root / "contacts") in server.watched and str(root / "meetings") in server.watched
    assert callable(server.app)  # Done and Snooze answered: this computer only
    elsewhere = plugin.on_serve(Server("0.0.0.0"), config=config, builder=None)
    assert not callable(elsewhere.app)  # listening for other computers: the site cannot write


def test_export_site_writes_the_markdown_tree(tmp_path, monkeypatch):
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--kb", str(REPO), "export", "site", str(out), "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote ") and result.output.rstrip().endswith(f"files to {out}/")
    pages = pages_of(
        REPO,
        home_text=(REPO / "docs" / "index.md").read_text(encoding="utf-8")
        if (REPO / "docs" / "index.md").exists()
        else None,
        site_name="Sam Rivera's network",
    )
    for path, content in pages.items():
        written = (out / path).read_bytes()
        assert written == (content if isinstance(content, bytes) else content.encode("utf-8")), path
    # the product's guides in docs/ are left out, as mkdocs.yml's exclude_docs leaves them out of the site
    assert not (out / "workflow.md").exists() and (REPO / "docs" / "workflow.md").exists()
    assert (out / "assets" / "rolodex" / "rolodex.js").is_file()
    again = CliRunner().invoke(main, ["--kb", str(REPO), "export", "site", str(out), "--today", "2026-11-26"])
    assert again.exit_code == 1 and "is not empty" in again.output


def test_dates_in_pages_are_today_relative():
    later = generate(prepare(REPO, read_config(REPO).settings, dt.date(2026, 12, 2), cache=False).inp)
    assert later["index.md"].count("\n") > 10
    assert '<p class="rolodex-date">Wednesday 2 December 2026</p>' in later["index.md"]


def test_build_needs_the_rolodex_plugin(kb_path, tmp_path):
    root = kb_path({}, config="site_name: x\ntheme:\n  name: material\nplugins:\n  - search\n")
    (root / "docs").mkdir()
    code, output = build(root, tmp_path / "site")
    assert code == 1
    assert "Error: mkdocs.yml does not list the rolodex plugin: add '- rolodex' under 'plugins:'" in output


def test_build_without_offline_plugin_says_how_to_browse(kb_path, tmp_path):
    root = kb_path({"contacts/ok.md": "---\nname: Ok\n---\n"})
    (root / "docs").mkdir()
    code, output = build(root, tmp_path / "site")
    assert code == 0
    assert "note: mkdocs.yml has no 'offline' plugin: browse the site with 'rolodex serve'" in output


def test_public_export_holds_no_private_value(tmp_path, monkeypatch):
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["--kb", str(PRIVATE), "export", "site", str(out), "--public", "--today", TODAY.isoformat()]
    )
    assert result.exit_code == 0, result.output
    files = site_text(out)
    assert "contacts/paula-public.md" in files and "contacts/secret-sasha.md" not in files
    for value in PRIVATE_VALUES:
        found = [path for path, text in files.items() if value.lower() in text.lower()]
        assert not found, f"{value!r} exported in {found}"


@pytest.mark.parametrize("fmt", ["vcard", "csv", "json", "ics"])
def test_public_exports_hold_no_private_value(fmt, tmp_path, monkeypatch):
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    result = CliRunner().invoke(
        main,
        ["--kb", str(PRIVATE), "export", fmt, "--public", "--today", TODAY.isoformat(), "-o", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out").read_text(encoding="utf-8")
    assert "Paula Public" in text
    for value in PRIVATE_VALUES:
        assert value.lower() not in text.lower(), f"{value!r} exported in {fmt}"


def test_public_export_refuses_a_folder_holding_an_earlier_full_export(tmp_path, monkeypatch):
    """`--force` replaces files, but the pages of people a public export leaves out would stay."""
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    out = tmp_path / "out"
    full = CliRunner().invoke(main, ["--kb", str(PRIVATE), "export", "site", str(out), "--today", TODAY.isoformat()])
    assert full.exit_code == 0, full.output
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    public = CliRunner().invoke(
        main, ["--kb", str(PRIVATE), "export", "site", str(out), "--public", "--force", "--today", TODAY.isoformat()]
    )
    assert public.exit_code == 1
    assert (
        "holds 4 files this public export would not replace (contacts/secret-sasha.md, "
        "meetings/2026-11-12-secret-sasha.md, meetings/2026-11-18-secret-sasha.md, problems.md)"
    ) in public.output
    assert "Nothing was written" in public.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    again = CliRunner().invoke(
        main, ["--kb", str(PRIVATE), "export", "site", str(tmp_path / "pub"), "--public", "--today", TODAY.isoformat()]
    )
    assert again.exit_code == 0
    again = CliRunner().invoke(
        main,
        [
            "--kb",
            str(PRIVATE),
            "export",
            "site",
            str(tmp_path / "pub"),
            "--public",
            "--force",
            "--today",
            TODAY.isoformat(),
        ],
    )
    assert again.exit_code == 0, again.output  # the same public export again: nothing left over


def test_serve_listens_on_this_computer_only_unless_told(kb_path, run, monkeypatch):
    """No --dev-addr: MkDocs' default, 127.0.0.1:8000. Another address is served, with a warning."""
    root = kb_path({"contacts/ok.md": "---\nname: Ok\n---\n"})
    (root / "docs").mkdir()
    served = []

    def fake_serve(config_file, livereload, **kwargs):
        from mkdocs.config import load_config

        served.append(str(kwargs.get("dev_addr") or load_config(config_file=config_file).dev_addr))

    monkeypatch.setattr("mkdocs.commands.serve.serve", fake_serve)
    result = run(root, "serve", "--no-livereload")
    assert result.exit_code == 0 and served == ["127.0.0.1:8000"]
    assert "Serving your network on http://127.0.0.1:8000/" in result.output and "warning" not in result.output
    for addr in ("localhost:8123", "[::1]:8123", "127.0.0.2:8123"):
        assert "warning" not in run(root, "serve", "--dev-addr", addr, "--no-livereload").output, addr
    wide = run(root, "serve", "--dev-addr", "0.0.0.0:8123", "--no-livereload")
    assert served[-1] == "0.0.0.0:8123"
    assert (
        "warning: other computers can reach 0.0.0.0:8123, and this site shows every contact and note; "
        "serve on 127.0.0.1, or pass --public to show only what a public build would"
    ) in wide.output
    assert "warning" not in run(root, "serve", "--dev-addr", "0.0.0.0:8123", "--public", "--no-livereload").output


def test_contact_page_says_next_step_last_contact_and_where_drafts_go():
    pages = pages_of(REPO)
    maria = pages["contacts/maria-okafor.md"]
    header = maria.split('<dl class="rolodex-header">')[1].split("</dl>")[0]
    assert (
        '<dt>Next step</dt><dd><a href="../meetings/2026-12-15-maria-okafor.html">Coffee with Maria Okafor</a>, '
        "Tue 2026-12-15 (in 19 days)</dd>"
    ) in header
    assert "<dt>Last contact</dt><dd>Thu 2026-11-05 (21 days ago)</dd>" in header
    assert (
        "<dt>Drafts go to</dt><dd><strong>maria.okafor@example.org</strong>, the first of the 2 addresses in "
        "<code>email</code></dd>"
    ) in header
    # the header comes before everything else on the page
    assert maria.index('<dl class="rolodex-header">') < maria.index("<strong>Email:</strong>")
    # no meeting planned: the next due item is the next step
    grace = pages["contacts/grace-liu.md"].split('<dl class="rolodex-header">')[1].split("</dl>")[0]
    assert "Nudge Grace Liu: no reply to your message of 2026-11-16" in grace and "3 days late" in grace


def test_contact_page_without_an_address_says_drafts_have_no_recipient(kb_path):
    root = kb_path({"contacts/ann.md": "---\nname: Ann Lee\n---\n"})
    header = pages_of(root)["contacts/ann.md"].split('<dl class="rolodex-header">')[1].split("</dl>")[0]
    assert "<dt>Next step</dt><dd>nothing planned or due</dd>" in header
    assert "<dt>Last contact</dt><dd>never</dd>" in header
    assert "nobody yet: there is no <code>email</code>, so drafts open without a recipient" in header


def test_one_huge_value_is_cut_on_every_page_but_its_own(tmp_path):
    """A 100,000-character name with 1,000 tags made a 210 MB tags page (the name under every
    tag, and the meeting's title too) and a build that ran out of time. It is whole on its
    own page and cut, with "…", everywhere else."""
    from conftest import write_kb

    name = ("Quentin Zarkov " * 7000)[:100_000]
    tags = ", ".join(f"tag-{i:04d}" for i in range(1000))
    root = write_kb(
        tmp_path / "kb",
        {
            "contacts/big.md": f"---\nname: {name}\ncompany: {'Acme ' * 2000}\ntags: [{tags}]\n---\nNotes.\n",
            "meetings/2026-11-20-big.md": f"---\ndate: 2026-11-20\nwith: big\ntags: [{tags}]\n---\n",
        },
    )
    pages = pages_of(root, cache=False)
    for path in ("tags.md", "contacts/index.md", "companies.md", "meetings/2026-11-20-big.md", "due.md", "index.md"):
        assert markup.md(name[:1000]) not in pages[path], path
    assert len(pages["tags.md"]) < 1_000_000  # 2,000 entries of a few hundred characters
    assert sum(len(page) for page in pages.values()) < 2_000_000
    own = pages["contacts/big.md"]
    assert markup.md(name) in own and own.count(markup.md(name)) == 1  # the heading
    assert markup.md("Acme " * 1999 + "Acme") in own
    cut = markup.md(markup.clip(name))
    assert cut.endswith("…") and len(markup.clip(name)) == markup.LABEL_CHARS
    for path in ("tags.md", "contacts/index.md", "meetings/2026-11-20-big.md", "due.md", "index.md"):
        assert cut in pages[path], path


def test_a_build_that_fails_on_a_full_disk_says_where_and_is_rebuilt_next_time(tmp_path, monkeypatch):
    """A full disk stopped a build halfway: the message named a theme file inside the virtual
    environment (shutil names a copy's source), and the half-written site/ then made every
    later build refuse ('not empty and holds no previous site'). Now the message names the
    site, and the folder is known as a site rolodex builds."""
    import errno

    from conftest import write_kb

    root = write_kb(tmp_path / "kb", {"contacts/jane-doe.md": "---\nname: Jane Doe\n---\n"})
    dest = tmp_path / "out" / "site"
    real_sendfile = os.sendfile
    copies = []

    def full_disk(out_fd, in_fd, offset, count):
        copies.append(1)
        if len(copies) > 5:  # a few files are copied, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_sendfile(out_fd, in_fd, offset, count)

    import os as os_module

    monkeypatch.setattr(os_module, "sendfile", full_disk)
    code, output = build(root, dest)
    assert code == 1
    assert f"build failed: cannot write {dest}" in output and "No space left on device" in output
    assert ".venv" not in output and "site-packages" not in output
    assert any(dest.rglob("*")) and not (dest / "sitemap.xml").exists()  # a partial site was left
    monkeypatch.setattr(os_module, "sendfile", real_sendfile)
    code, output = build(root, dest)
    assert code == 0, output
    assert (dest / "sitemap.xml").is_file() and list(dest.glob("contacts/jane-doe*"))


def test_bidi_overrides_do_not_reach_titles_cells_or_lists(tmp_path):
    """U+202E in a name flipped the rest of a title or a table row ("Jane ‮eoD" shows as "Jane Doe"
    but sorts and searches otherwise; after it a whole row reads backwards)."""
    from conftest import write_kb

    root = write_kb(
        tmp_path / "kb",
        {
            "contacts/jane-doe.md": '---\nname: "Jane \\u202eeoD"\ncompany: "\\u2066Acme\\u2069 \\u202dLtd"\n'
            'tags: ["\\u202bmentor"]\n---\n',
            "meetings/2026-11-20-jane-doe.md": '---\ndate: 2026-11-20\nwith: jane-doe\nlocation: "\\u202eCafe"\n---\n',
        },
    )
    pages = pages_of(root)
    for path, text in pages.items():
        if isinstance(text, str):
            assert not re.search("[\u202a-\u202e\u2066-\u2069]", text), path
    assert 'title: "Jane eoD"' in pages["contacts/jane-doe.md"]
    assert "Acme Ltd" in pages["contacts/index.md"]


# --- the search index -----------------------------------------------------------------------


def test_search_index_is_people_first_then_recent_and_planned_meetings_and_no_hub(sample_site):
    # one copy: the offline plugin's script, which our shim also serves over http
    assert not (sample_site / "search" / "search_index.json").exists()
    docs = read_index(sample_site)["docs"]
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations))  # no page in sections: one entry each
    contacts = sorted(p.relative_to(sample_site).as_posix() for p in (sample_site / "contacts").glob("*.html"))
    people = [d for d in docs if d["location"].startswith("contacts/")]
    assert docs[: len(people)] == people and {d["boost"] for d in people} == {10}
    assert sorted(d["location"] for d in people) == [p for p in contacts if p != "contacts/index.html"]
    # meetings of the last 30 days (today is 2026-11-26) and planned ones; no hub (here, where
    # docs/ is excluded from the site, nothing else)
    assert locations[len(people) :] == [
        "meetings/2026-10-29-zoe-marchetti.html",
        "meetings/2026-11-19-declan-obrien.html",
        "meetings/2026-11-24-hector-vargas.html",
        "meetings/2026-11-30-ibrahim-saleh.html",
        "meetings/2026-12-03-naomi-fischer.html",
        "meetings/2026-12-15-maria-okafor.html",
        "meetings/2027-01-19-marcus-bell.html",
    ]
    hector = next(d for d in docs if d["location"] == "contacts/hector-vargas.html")
    assert hector == {
        "location": "contacts/hector-vargas.html",
        "title": "Hector Vargas",
        "text": "Director of Community Engagement at Northside Community Foundation · Nonprofit / philanthropy · "
        "Riverton (Northside) · nonprofit · hector.vargas@example.org",
        "boost": 10,
    }
    assert docs[-5] == {
        "location": "meetings/2026-11-24-hector-vargas.html",
        "title": "Informational interview with Hector Vargas",
        "text": "2026-11-24 · Northside Community Foundation, 1120 Elm St. · nonprofit",
    }


def test_search_index_without_the_offline_plugin_stays_json(kb_path, tmp_path):
    root = kb_path(
        {"contacts/ann.md": "---\nname: Ann <b>Lee</b>\ncompany: O'Brien & Co\n---\nNotes stay out.\n"},
        config="site_name: x\ntheme:\n  name: material\nplugins:\n  - search\n  - rolodex\n",
    )
    code, output = build(root, tmp_path / "site")
    assert code == 0, output
    assert not (tmp_path / "site" / "search" / "search_index.js").exists()
    docs = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert docs == [
        {"location": "contacts/ann/", "title": "Ann &lt;b&gt;Lee&lt;/b&gt;", "text": "O'Brien &amp; Co", "boost": 10}
    ]


def test_a_long_contacts_table_starts_with_200_rows_and_shows_all_without_javascript(kb_path, tmp_path):
    many = {f"contacts/p{i:03d}.md": f"---\nname: Person {i:03d}\n---\n" for i in range(201)}
    page = pages_of(kb_path(many))["contacts/index.md"]
    assert page.count("<tr hidden>") == 1 and '<tr hidden><td><a href="p200.html">Person 200</a>' in page
    assert "<noscript><style>.md-typeset table.rolodex-table tr[hidden] { display: table-row; }" in page
    few = pages_of(write_kb(tmp_path / "few", {"contacts/ann.md": "---\nname: Ann\n---\n"}))["contacts/index.md"]
    assert "<tr hidden>" not in few and "<noscript>" not in few
