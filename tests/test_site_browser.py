"""The built site in a real browser: Debian's Chromium, driven by Playwright.

Each site is built once per session. Every page a test opens must log no console
error, open no dialog, and request nothing outside file:// and localhost (requests
elsewhere are aborted and fail the test). Without /usr/bin/chromium these tests
skip, except in CI (env CI set), where they fail: CI must run them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import FIXTURES, REPO, TODAY, build_site, hostile_all

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


def _build(root: Path, dest: Path, *args: str) -> Path:
    code, output = build_site(root, dest, *args)
    assert code == 0, output
    return dest


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    return _build(REPO, tmp_path_factory.mktemp("browser-sample") / "site", "--strict")


@pytest.fixture(scope="session")
def monday_site(tmp_path_factory) -> Path:
    """The sample KB on Monday 2026-11-30, the day of Ibrahim's video call."""
    return _build(REPO, tmp_path_factory.mktemp("browser-monday") / "site", "--today", "2026-11-30")


@pytest.fixture(scope="session")
def big_kb(tmp_path_factory) -> Path:
    """A generated KB of 1,000 contacts and 3,000 meetings (benchmarks/generate.py), made once."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    return generate(tmp_path_factory.mktemp("browser-1k") / "kb", 1000, 3000)


@pytest.fixture(scope="session")
def big_site(big_kb: Path) -> Path:
    return _build(big_kb, big_kb.parent / "site")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    return _build(FIXTURES / "site-hostile", tmp_path_factory.mktemp("browser-hostile") / "site", "--strict")


@pytest.fixture(scope="session")
def hostile_all_site(tmp_path_factory) -> Path:
    """Every field, and file names, hostile (fixtures/site-hostile-all; see test_site_hostile.py)."""
    tmp = tmp_path_factory.mktemp("browser-hostile-all")
    return _build(hostile_all(tmp / "kb"), tmp / "site")


class Watch:
    """What a page did that it must not: console errors, dialogs, requests to other hosts."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser, watch: Watch):
    yield from _tab(browser, watch, 1280)


def _tab(browser, watch: Watch, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})

    def route(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "blob", "about") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            watch.outside.append(url)
            route.abort()

    context.route("**/*", route)
    context.set_default_timeout(15000)
    tab = context.new_page()
    tab.on(
        "console",
        lambda msg: (
            watch.errors.append(f"{msg.text} ({msg.location.get('url')})")
            if msg.type == "error" and "/livereload/" not in (msg.location.get("url") or "")
            else None
        ),
    )
    tab.on("pageerror", lambda exc: watch.errors.append(f"uncaught: {exc}"))
    tab.on("dialog", lambda dialog: (watch.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    # A missing file is an error; a load cancelled because the test navigated on is not.
    tab.on(
        "requestfailed",
        lambda req: (
            watch.errors.append(f"failed: {req.url} ({req.failure})")
            if urlsplit(req.url).scheme == "file" and "ERR_ABORTED" not in (req.failure or "")
            else None
        ),
    )
    yield tab
    context.close()
    assert watch.outside == [], f"requests left the computer: {watch.outside}"
    assert watch.errors == [], f"console errors: {watch.errors}"


@pytest.fixture
def phone(browser, watch: Watch):
    """A tab 390 px wide, as on a phone (same watch as `page`)."""
    yield from _tab(browser, watch, 390)


def url(site: Path, path: str = "index.html") -> str:
    return (site / path).as_uri()


def _search(tab, query: str):
    box = tab.locator("input[data-md-component='search-query']")
    box.click()
    box.press_sequentially(query, delay=30)  # Material searches on key events, not on `input`
    results = tab.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    return results


# --- file:// ---------------------------------------------------------------------------------


def test_home_opens_from_file(page, sample_site):
    page.goto(url(sample_site))
    assert page.title() == "Sam Rivera's network"
    assert page.locator("h1").first.inner_text() == "Sam Rivera's network"
    # Today comes first: the first heading after the title, and above the fold on a laptop
    assert page.locator("article h2").first.inner_text() == "Today"
    actions = page.locator("h2#today ~ ul.rolodex-items").first.locator("li.rolodex-item")
    assert actions.count() == 6  # with v1.1's schedule (Rachel) and record (Declan)
    first = actions.first
    assert first.get_attribute("data-id") == "thank-you:2026-11-24-hector-vargas:hector-vargas"
    assert "Send Hector Vargas a thank-you note" in first.inner_text()
    box = first.bounding_box()
    assert box and box["y"] + box["height"] < 900
    batches = page.locator("ul.rolodex-batches li")
    assert batches.count() == 2 and batches.first.inner_text().startswith("7 holiday notes by Dec")
    assert page.locator(".rolodex-card").count() == 4
    assert page.locator("svg.rolodex-chart rect").count() > 5
    assert page.locator(".rolodex-funnel__row").count() == 4


def test_dashboard_to_contact_to_meeting(page, sample_site):
    page.goto(url(sample_site))
    page.locator("li.rolodex-item").filter(has_text="Send Hector Vargas a thank-you").get_by_role(
        "link", name="Hector Vargas"
    ).click()
    page.wait_for_url("**/contacts/hector-vargas.html")
    assert page.locator("h1").inner_text() == "Hector Vargas"
    assert "Northside Community Foundation" in page.locator("article").inner_text()
    page.locator("table").get_by_role("link", name="Informational interview with Hector Vargas").first.click()
    page.wait_for_url("**/meetings/2026-11-24-hector-vargas.html")
    assert page.locator("h1").inner_text() == "Informational interview with Hector Vargas"
    # held: what you talked about first, the brief after, without a print button
    headings = page.locator("article h2").all_inner_texts()
    assert headings[:3] == ["Notes", "Takeaways", "Referrals"]
    assert headings.index("Pre-meeting brief") < headings.index("Research")
    assert page.get_by_text("Suggested Lucia Ferreira at the Food Bank").is_visible()
    assert page.get_by_role("button", name="Print this brief").count() == 0


def test_search_finds_a_contact_by_company_from_file(page, sample_site):
    page.goto(url(sample_site))
    results = _search(page, "Lumen")
    titles = results.locator("h1").all_inner_texts()
    assert "Alisha Grant" in titles and "Tobias Reed" in titles
    results.filter(has=page.locator("h1", has_text="Tobias Reed")).locator("a").first.click()
    page.wait_for_url("**/contacts/tobias-reed.html*")
    assert page.locator("h1").inner_text() == "Tobias Reed"


def test_contacts_table_sorts_and_filters(page, sample_site):
    page.goto(url(sample_site, "contacts/index.html"))
    rows = page.locator("table tbody tr")
    visible = page.locator("table tbody tr:not([hidden])")
    assert rows.count() == 19 and page.locator(".rolodex-count").inner_text() == "19 shown"

    name = page.locator("th", has_text="Name")
    name.click()
    assert name.get_attribute("aria-sort") == "ascending"
    assert rows.first.locator("td").first.inner_text() == "Alisha Grant"
    name.click()
    assert rows.first.locator("td").first.inner_text() == "Zoë Marchetti"

    page.locator("th", has_text="Last contact").click()
    first_dates = [rows.nth(i).locator("td").nth(4).inner_text() for i in range(3)]
    assert first_dates == sorted(first_dates) and first_dates[0] == "2025-08-19"
    assert rows.last.locator("td").nth(4).inner_text() == ""  # never contacted: last, whichever the order

    page.fill(".rolodex-filter", "lumen")
    assert sorted(visible.locator("td:first-child").all_inner_texts()) == ["Alisha Grant", "Tobias Reed"]
    assert page.locator(".rolodex-count").inner_text() == "2 of 19 shown"
    page.fill(".rolodex-filter", "")
    page.select_option(".rolodex-stage", "prospect")
    assert sorted(visible.locator("td:first-child").all_inner_texts()) == [
        "Danielle Brooks",
        "Kenji Watanabe",
        "Lucia Ferreira",  # (Rachel Stein has said yes: no longer a prospect)
    ]
    page.select_option(".rolodex-stage", "")
    page.select_option(".rolodex-tag", "mentor")
    assert visible.count() >= 1
    assert all("mentor" in t for t in visible.locator("td:last-child").all_inner_texts())


def test_funnel_links_to_the_filtered_table(page, sample_site):
    page.goto(url(sample_site))
    page.locator(".rolodex-funnel__row", has_text="Scheduled").click()
    page.wait_for_url("**/contacts/index.html?stage=scheduled")
    names = page.locator("table tbody tr:not([hidden]) td:first-child").all_inner_texts()
    assert sorted(names) == ["Ibrahim Saleh", "Naomi Fischer"]


def test_network_graph_renders(page, sample_site):
    page.goto(url(sample_site, "network.html"))
    graph = page.locator("svg.rolodex-graph")
    box = graph.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 100
    assert graph.locator("circle").count() == 10
    labels = graph.locator("text").all_text_contents()
    assert {"Maria Okafor", "Declan O'Brien", "Ibrahim Saleh"} <= set(labels)
    assert graph.locator("path").count() >= 6
    graph.locator("a", has_text="Declan O'Brien").click()
    page.wait_for_url("**/contacts/declan-obrien.html")


def test_the_brief_prints_without_the_rest(page, sample_site):
    page.goto(url(sample_site, "meetings/2026-11-30-ibrahim-saleh.html"))  # a planned meeting
    due = page.locator("h2#due")
    assert due.is_visible()
    page.emulate_media(media="print")
    assert not due.is_visible()
    assert page.locator("h2#pre-meeting-brief").is_visible()
    assert page.get_by_text("Never ask for a job.").is_visible()
    assert not page.get_by_role("button", name="Print this brief").is_visible()


# --- hostile fields ------------------------------------------------------------------------


def test_hostile_fields_run_nothing(page, hostile_site):
    """Names, titles, links and notes holding script, handlers and javascript: URLs stay text."""
    # (404.html uses absolute paths, for a web server; it is not opened from file://)
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html") if p.name != "404.html")
    assert "contacts/eve-evil.html" in pages and "network.html" in pages
    for path in pages:
        page.goto(url(hostile_site, path))
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        # (the search runs in an iframe without src from file://: Rolodex's own shim)
        assert (
            page.evaluate("""() => [...document.querySelectorAll('a[href], area[href], iframe[src], embed, object')]
            .filter(e => /^\\s*(javascript|data|vbscript):/i.test(e.getAttribute('href') || e.getAttribute('src') || '')
                         || !['A', 'AREA'].includes(e.tagName.toUpperCase())).length""")
            == 0
        ), path
        assert (
            page.evaluate(
                "[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                ".some(a => /^on/i.test(a.name))).length"
            )
            == 0
        ), path
    page.goto(url(hostile_site, "contacts/eve-evil.html"))
    assert page.locator("h1").inner_text() == "<script>window.__pwned='name'</script>Eve"
    assert page.title() == "<script>window.__pwned='name'</script>Eve - Hostile fields"
    article = page.locator("article").inner_text()
    assert '"><img src=x onerror="window.__pwned=\'title\'">' in article
    assert "home: javascript:window.__pwned='link'" in article
    page.get_by_role("link", name="site").wait_for()
    assert page.get_by_role("link", name="site").get_attribute("href") == 'https://example.com/?a=1&b="2"'


# Events a payload's handler would wait for; a click is left out: on a link it would navigate.
_PROVOKE = """() => {
    for (const e of document.querySelectorAll('body *')) {
        for (const type of ['mouseover', 'mouseenter', 'mousemove', 'focus', 'focusin', 'pointerover', 'animationstart'])
            e.dispatchEvent(new Event(type, {bubbles: true}));
    }
}"""


def test_every_hostile_field_runs_nothing(page, hostile_all_site):
    """A payload in every field and file name: no page runs any of it, even when hovered and focused,
    and no dialog opens (the page fixture fails on one). Payloads set window.__pwned or call alert()."""
    pages = sorted(
        p.relative_to(hostile_all_site).as_posix() for p in hostile_all_site.rglob("*.html") if p.name != "404.html"
    )
    assert len(pages) >= 15 and "network.html" in pages and "problems.html" in pages
    for path in pages:
        page.goto(url(hostile_all_site, path))
        page.wait_for_load_state("load")
        page.evaluate(_PROVOKE)
        page.wait_for_timeout(20)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        # (the search runs in an iframe without src from file://: Rolodex's own shim)
        assert (
            page.evaluate(
                "document.querySelectorAll('body img, body iframe:not([title=search]:not([src])), "
                "body object, body embed, body svg [onload]').length"
            )
            == 0
        ), path
        assert (
            page.evaluate(
                "[...document.querySelectorAll('a[href]')].map(a => new URL(a.getAttribute('href'), document.baseURI).protocol)"
                ".filter(p => !['http:', 'https:', 'mailto:', 'tel:', 'file:'].includes(p)).length"
            )
            == 0
        ), path
    page.goto(url(hostile_all_site, "contacts/eve-evil.html"))
    assert page.locator("h1").inner_text().startswith("Eve \"'><img src=x onerror=alert('name')>")
    _search(page, "Eve")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".md-search-result img, .md-search-result script, .md-search-result iframe").count() == 0


def test_hostile_fields_in_search_results_stay_text(page, hostile_site):
    page.goto(url(hostile_site))
    results = _search(page, "Eve")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert any("<script>window.__pwned='name'</script>Eve" in t for t in results.locator("h1").all_inner_texts())
    assert page.locator(".md-search-result script, .md-search-result img, .md-search-result iframe").count() == 0


# --- over rolodex serve ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path, browser):
    """A copy of the sample KB served by `rolodex serve` on a free localhost port."""
    kb = tmp_path / "kb"
    shutil.copytree(
        REPO,
        kb,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "site",
            ".rolodex-cache",
            "__pycache__",
            "*.egg-info",
            "tests",
            "tools",
            ".pytest_cache",
            ".hypothesis",
        ),
    )
    port = _free_port()
    env = dict(os.environ, ROLODEX_NO_CACHE="1")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rolodex",
            "--kb",
            str(kb),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--today",
            TODAY.isoformat(),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                output = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"rolodex serve did not start: {output}")
            time.sleep(0.2)
        yield base, kb
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve_shows_the_site_and_reloads_on_edit(served, page):
    # `served` first, so that the page (and its last requests) closes before the server stops
    base, kb = served
    page.goto(base)
    assert page.title() == "Sam Rivera's network"
    assert page.locator(".rolodex-card").count() == 4
    results = _search(page, "Lumen")  # a real Web Worker over http
    assert "Alisha Grant" in results.locator("h1").all_inner_texts()

    page.goto(base + "contacts/nina-patel.html")
    assert page.locator("h1").inner_text() == "Nina Patel"
    contact = kb / "contacts" / "nina-patel.md"
    contact.write_text(
        contact.read_text(encoding="utf-8").replace("name: Nina Patel", "name: Nina Patel-Okoro"), encoding="utf-8"
    )
    # livereload rebuilds and reloads the open page
    page.locator("h1", has_text="Nina Patel-Okoro").wait_for(timeout=30000)


# --- the morning cockpit ------------------------------------------------------------------

AXE = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# Material's own header (with the search box) and footer; everything else is ours and is checked.
AXE_EXCLUDE = [".md-header", ".md-search", ".md-footer"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SAMPLE_PAGES = (  # one page of each type
    "index.html",
    "due.html",
    "meet-list.html",
    "contacts/index.html",
    "contacts/hector-vargas.html",
    "meetings/index.html",
    "meetings/2026-11-30-ibrahim-saleh.html",  # planned
    "meetings/2026-11-24-hector-vargas.html",  # held
    "companies.html",
    "tags.html",
    "network.html",
    "week.html",
    "stats.html",
    "problems.html",
)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        _unavailable(f"{AXE} is missing (npm ci --prefix tests/axe, as .ci/run does)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(tab, axe_source: str) -> list[str]:
    """WCAG 2 A/AA violations in our markup on the open page, one line per element."""
    tab.add_script_tag(content=axe_source)
    found = tab.evaluate(
        """([exclude, tags]) => axe.run({include: [document], exclude: exclude.map(s => [s])},
               {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload: false})
           .then(r => r.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' '))))""",
        [AXE_EXCLUDE, AXE_TAGS],
    )
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_passes_axe(browser, watch, axe_source, sample_site, width):
    for tab in _tab(browser, watch, width):
        found = {}
        for path in SAMPLE_PAGES:
            tab.goto(url(sample_site, path))
            tab.wait_for_load_state("load")
            violations = axe_violations(tab, axe_source)
            if violations:
                found[path] = violations
        assert found == {}


def test_todays_meeting_opens_its_brief_and_prints_it(page, monday_site):
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(url(monday_site))
    meeting = page.locator("ul.rolodex-meetings-soon li")
    assert meeting.count() == 1
    assert meeting.inner_text().split("\n")[:3] == [
        "Today 16:00",
        "Video call with Ibrahim Saleh",
        "Microsoft Teams (link in his email)",
    ]
    meeting.get_by_role("link", name="Open brief").click()
    page.wait_for_url("**/meetings/2026-11-30-ibrahim-saleh.html#pre-meeting-brief")
    assert page.locator("h2#pre-meeting-brief").is_visible()
    assert page.evaluate("window.__printed") == 0
    page.go_back()
    page.locator("ul.rolodex-meetings-soon li").get_by_role("link", name="Print").click()
    page.wait_for_url("**/meetings/2026-11-30-ibrahim-saleh.html?print=1")
    page.wait_for_function("window.__printed === 1")
    assert page.get_by_role("button", name="Print this brief").count() == 1


def test_follow_ups_one_card_per_person_and_buttons_copy_the_command(page, sample_site):
    page.goto(url(sample_site, "due.html"))
    cards = page.locator("section.rolodex-person")
    assert cards.count() == 14  # with Rachel (schedule) and Nina (a reminder about her)
    hector = cards.filter(has=page.locator("h3", has_text="Hector Vargas"))
    items = hector.locator("li[data-id]")
    assert items.count() == 4
    assert items.first.get_attribute("data-id") == "thank-you:2026-11-24-hector-vargas:hector-vargas"
    assert hector.get_by_role("link", name="✉ One email for all 4").count() == 1
    # every item element carries its id; none prints it
    ids = page.locator("li.rolodex-item").evaluate_all("els => els.map(e => e.dataset.id)")
    # v1.1 adds Rachel's schedule, Declan's record and Nina's reminder; Declan's planned
    # coffee puts his keep-in-touch on hold
    assert len(ids) == 24 and all(":" in i for i in ids)
    assert "thank-you:2026-11-24-hector-vargas:hector-vargas" not in page.locator("article").inner_text()
    # from disk, Done and the id copy what to run
    items.first.get_by_role("button", name="Done").click()
    status = page.locator(".rolodex-status")
    assert status.inner_text() == (
        "Copied “rolodex done thank-you:2026-11-24-hector-vargas:hector-vargas”: run it in a terminal in your "
        "knowledge base."
    )
    items.first.get_by_role("button", name="Copy id").click()
    assert status.inner_text() == "Copied the id thank-you:2026-11-24-hector-vargas:hector-vargas."
    items.first.get_by_role("button", name="Snooze…").click()
    date = items.first.locator("input[type=date]")
    assert date.input_value() == "2026-12-03"  # a week after the site's today
    assert date.evaluate("e => e === document.activeElement")
    date.fill("2026-12-10")
    items.first.get_by_role("button", name="Snooze", exact=True).click()
    assert status.inner_text() == (
        "Copied “rolodex snooze hector-vargas --until 2026-12-10”: run it in a terminal in your knowledge base."
    )


def test_phone_pages_fit_and_tables_become_cards(phone, sample_site):
    for path in SAMPLE_PAGES:
        phone.goto(url(sample_site, path))
        phone.wait_for_load_state("load")
        wide = phone.evaluate(
            """() => [...document.querySelectorAll('article a, article button, article input, article select')]
                .filter(e => e.getClientRects().length && !e.closest('.rolodex-network'))
                .filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 1 || r.left < -1; })
                .map(e => e.outerHTML.slice(0, 80))"""
        )
        assert wide == [], path  # nothing you act on lies off-screen
    phone.goto(url(sample_site))
    labels = phone.locator("svg.rolodex-chart text.rolodex-chart__month")
    assert min(labels.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")) >= 11
    funnel = phone.locator(".rolodex-funnel__row").first.bounding_box()
    assert funnel["x"] >= 0 and funnel["x"] + funnel["width"] <= 390
    phone.goto(url(sample_site, "meet-list.html"))
    row = phone.locator("table.rolodex-stack tbody tr").first
    name, action = row.locator("td").first, row.locator("td.rolodex-cell--action")
    assert name.bounding_box()["y"] == pytest.approx(action.bounding_box()["y"], abs=8)  # the action is on top
    assert phone.locator("table.rolodex-stack thead").first.bounding_box()["height"] <= 1


def test_contacts_filter_ignores_accents_keeps_its_state_and_offers_a_reset(page, sample_site):
    page.goto(url(sample_site, "contacts/index.html"))
    visible = page.locator("table tbody tr:not([hidden]) td:first-child")
    page.fill(".rolodex-filter", "zoe")
    assert visible.all_inner_texts() == ["Zoë Marchetti"]
    page.fill(".rolodex-filter", "OBRIEN")
    assert visible.all_inner_texts() == ["Declan O'Brien"]
    page.select_option(".rolodex-stage", "met")
    assert page.url.endswith("contacts/index.html?filter=OBRIEN&stage=met")
    page.reload()
    assert page.locator(".rolodex-filter").input_value() == "OBRIEN"
    assert visible.all_inner_texts() == ["Declan O'Brien"]
    page.fill(".rolodex-filter", "nobody by that name")
    assert visible.count() == 0
    reset = page.get_by_role("button", name="Show everyone")
    assert reset.is_visible()
    reset.click()
    assert visible.count() == 19 and page.url.endswith("contacts/index.html")
    assert page.locator(".rolodex-filter").evaluate("e => e === document.activeElement")
    # the header and the filter stay in view while the table scrolls
    page.mouse.wheel(0, 900)
    page.wait_for_timeout(200)
    head = page.locator("table.rolodex-contacts thead th").first.bounding_box()
    tools = page.locator(".rolodex-table-tools").bounding_box()
    assert 0 < tools["y"] < head["y"] < 200


def test_every_control_shows_focus(page, sample_site):
    """Tabbing to any of our controls draws a visible outline."""
    for path in ("index.html", "due.html", "contacts/index.html", "meet-list.html"):
        page.goto(url(sample_site, path))
        controls = page.locator(
            "article a, article button, article input, article select, article summary, article th[tabindex]"
        )
        n = min(controls.count(), 25)
        for i in range(n):
            control = controls.nth(i)
            if not control.is_visible():
                continue
            control.focus()
            outline = control.evaluate(
                "e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
            )
            assert outline[0] != "none" and outline[1] >= 1, (path, control.evaluate("e => e.outerHTML.slice(0, 80)"))


def test_badges_are_at_least_12px(page, sample_site):
    for path in ("index.html", "contacts/index.html", "contacts/hector-vargas.html", "meetings/index.html"):
        page.goto(url(sample_site, path))
        sizes = page.locator(".rolodex-badge, .rolodex-kind, .rolodex-action").evaluate_all(
            "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert sizes and min(sizes) >= 12, path


# --- at scale: 1,000 contacts and 3,000 meetings ----------------------------------------------

BIG_PAGES = (
    "index.html",
    "due.html",
    "meet-list.html",
    "contacts/index.html",
    "contacts/person-00001.html",
    "meetings/2024-06-11-person-00654.html",
    "meetings/index.html",
    "meetings/past/2025-11.html",
    "network.html",
    "week.html",
    "stats.html",
)


def test_big_kb_pages_stay_light(big_site):
    """No page passes 400 KB at 1,000 contacts and 3,000 meetings (long lists continue on pages)."""
    heavy = {
        p.relative_to(big_site).as_posix(): p.stat().st_size
        for p in big_site.rglob("*.html")
        if p.stat().st_size > 400_000
    }
    assert heavy == {}
    assert len(list((big_site / "due").glob("*.html"))) >= 3
    assert len(list((big_site / "meetings" / "past").glob("*.html"))) >= 24  # two years and more, by month


def test_big_kb_contacts_table_shows_200_rows_and_the_rest_on_demand(page, big_site):
    page.goto(url(big_site, "contacts/index.html"))
    shown = page.locator("table.rolodex-contacts tbody tr:not([hidden])")
    more = page.get_by_role("button", name="Show all 1000")
    assert shown.count() == 200 and page.locator(".rolodex-count").inner_text() == "200 of 1000 shown"
    page.locator("table.rolodex-contacts thead th").nth(1).click()  # by company: the first 200 of the new order
    companies = shown.evaluate_all("rows => rows.map(r => r.cells[1].textContent)")
    assert len(companies) == 200 and companies == sorted(companies, key=str.casefold)
    page.fill(".rolodex-filter", "okafor")
    n = shown.count()
    assert 0 < n < 200 and not more.is_visible() and page.locator(".rolodex-count").inner_text() == f"{n} of 1000 shown"
    page.fill(".rolodex-filter", "")
    more.click()
    assert shown.count() == 1000 and page.locator(".rolodex-count").inner_text() == "1000 shown"
    assert not more.is_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_big_kb_contacts_table_shows_every_row_without_javascript(browser, big_site, width):
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(url(big_site, "contacts/index.html"))
        rows = tab.locator("table.rolodex-contacts tbody tr")
        assert rows.count() == 1000
        assert rows.evaluate_all("rows => rows.filter(r => r.offsetHeight > 0).length") == 1000
    finally:
        context.close()


def test_big_kb_search_is_one_small_index_and_finds_people_first(page, big_site):
    files = sorted(p.name for p in (big_site / "search").iterdir())
    assert files == ["search_index.js"] and (big_site / "search" / "search_index.js").stat().st_size < 4_000_000
    page.goto(url(big_site))
    results = _search(page, "Okafor")
    assert all("Okafor" in t for t in results.locator("h1").all_inner_texts()[:3])
    first = results.first.locator("a").first.get_attribute("href")
    assert "contacts/person-" in first  # a person, not a meeting with them


def test_big_kb_home_and_network(page, big_site):
    page.goto(url(big_site))
    today = page.locator("h2#today ~ ul.rolodex-items").first.locator("li.rolodex-item")
    assert 1 <= today.count() <= 7
    kinds = today.evaluate_all("els => els.map(e => e.dataset.id.split(':')[0])")
    order = ["thank-you", "prep", "schedule", "record", "follow-up", "referral", "nudge"]
    assert [order.index(k) for k in kinds] == sorted(order.index(k) for k in kinds)
    summary = page.locator("details.rolodex-backlog summary").inner_text()
    assert int(summary.split()[1]) > 100  # old items wait folded, out of today's way

    page.goto(url(big_site, "network.html"))
    assert page.locator("svg.rolodex-graph").count() == 0
    connectors = page.locator("table.rolodex-connectors tbody tr")
    assert connectors.count() == 25
    people = page.locator("ul.rolodex-everyone > li:not([hidden])")
    total = people.count()
    assert total > 150
    name = connectors.first.locator("td").first.inner_text()
    page.fill("[data-rolodex-find]", name.split()[0].lower())
    assert 0 < people.count() < total
    assert all(name.split()[0] in t for t in people.locator("a:first-child").all_inner_texts())
    connectors.first.get_by_role("link").first.click()
    hood = page.locator(".rolodex-hood")
    assert hood.locator(".rolodex-hood__me").inner_text() == name
    assert hood.locator(".rolodex-hood__col").nth(1).locator("li a").count() >= 1


@pytest.mark.parametrize("width", [1280, 390])
def test_big_kb_page_types_pass_axe(browser, watch, axe_source, big_site, width):
    for tab in _tab(browser, watch, width):
        found = {}
        for path in BIG_PAGES:
            tab.goto(url(big_site, path))
            tab.wait_for_load_state("load")
            violations = axe_violations(tab, axe_source)
            if violations:
                found[path] = violations[:5]
        assert found == {}


def test_people_rank_first_in_search_and_guides_stay_out(page, sample_site):
    page.goto(url(sample_site))
    nav = page.locator("nav.md-nav--primary").inner_text()
    assert "Guides" not in nav and "File format" not in nav
    assert not (sample_site / "format.html").exists()  # the product's own guides are not Sam's pages
    titles = _search(page, "Okafor").locator("h1").all_inner_texts()
    assert titles[0] == "Maria Okafor"
    page.locator("input[data-md-component='search-query']").fill("")
    titles = _search(page, "Lumen").locator("h1").all_inner_texts()
    assert sorted(titles[:2]) == ["Alisha Grant", "Tobias Reed"]


# --- the second host: MaterialX, through rolodex build and properdocs build -------------------

SECOND_HOST_ENV = "ROLODEX_SECOND_HOST_SITES"  # set by .ci/second-host: the sites it built, os.pathsep-separated


def _second_host_sites() -> list[str]:
    return [p for p in os.environ.get(SECOND_HOST_ENV, "").split(os.pathsep) if p] or ["(none)"]


@pytest.mark.parametrize("second_host", _second_host_sites())
def test_second_host_site_renders_home_and_a_contact_offline(page, second_host):
    """The `page` fixture fails on any request that leaves the machine and on any console error."""
    if second_host == "(none)":
        pytest.skip(f"${SECOND_HOST_ENV} is not set: .ci/second-host builds those sites and runs this test")
    site = Path(second_host)
    page.goto(url(site))
    assert page.title() == "Sam Rivera's network"
    assert page.locator("article h2").first.inner_text() == "Today"
    assert page.locator("li.rolodex-item").first.get_attribute("data-id") == (
        "thank-you:2026-11-24-hector-vargas:hector-vargas"
    )
    page.locator("li.rolodex-item").filter(has_text="Send Hector Vargas a thank-you").get_by_role(
        "link", name="Hector Vargas"
    ).first.click()
    page.wait_for_url("**/contacts/hector-vargas.html")
    assert page.locator("h1").inner_text() == "Hector Vargas"
    assert "Northside Community Foundation" in page.locator("article").inner_text()


# --- Done and Snooze under rolodex serve ---------------------------------------------------


def test_done_in_serve_writes_the_touch_to_the_file(served, page):  # the page closes before the server stops
    base, kb = served
    contact = kb / "contacts" / "hector-vargas.md"
    before = contact.read_text(encoding="utf-8")
    page.goto(base + "due.html")
    item = page.locator('li[data-id="thank-you:2026-11-24-hector-vargas:hector-vargas"]')
    item.get_by_role("button", name="Done").click()
    status = page.locator(".rolodex-status")
    status.filter(has_text="Done: contacts/hector-vargas.md:").wait_for(timeout=30000)
    assert "added thank-you touch 2026-11-26 (closes thank-you:2026-11-24-hector-vargas:hector-vargas)" in (
        status.inner_text()
    )
    after = contact.read_text(encoding="utf-8")
    assert after.startswith(before.split("touches:")[0])  # nothing before the touches moved
    assert "kind: thank-you" in after.split("touches:")[1] and "2026-11-26" in after.split("touches:")[1]
    # the site rebuilds and the page reloads without the item, still saying what was written
    page.wait_for_function(
        "!document.querySelector('li[data-id=\"thank-you:2026-11-24-hector-vargas:hector-vargas\"]')", timeout=60000
    )
    page.locator(".rolodex-status").filter(has_text="Done: contacts/hector-vargas.md:").wait_for(timeout=30000)


def test_snooze_in_serve_writes_snooze_until(served, page):
    base, kb = served
    page.goto(base + "contacts/grace-liu.html")
    item = page.locator('li[data-id="nudge:grace-liu"]')
    item.get_by_role("button", name="Snooze…").click()
    item.locator("input[type=date]").fill("2026-12-10")
    item.get_by_role("button", name="Snooze", exact=True).click()
    page.locator(".rolodex-status").filter(has_text="Snoozed: contacts/grace-liu.md:").wait_for(timeout=30000)
    assert "snooze_until: 2026-12-10" in (kb / "contacts" / "grace-liu.md").read_text(encoding="utf-8")


def _post(base: str, action: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(base + "_rolodex/" + action, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_serve_refuses_writes_from_anywhere_but_its_own_pages(served):
    base, kb = served
    before = {p: p.read_bytes() for p in (kb / "contacts").rglob("*.md")}
    with urllib.request.urlopen(base + "due.html", timeout=10) as response:
        page = response.read().decode()
    token = page.split('<meta name="rolodex-serve" content="')[1].split('"')[0]
    host = base.split("//")[1].rstrip("/")
    body = b'{"id": "thank-you:2026-11-24-hector-vargas:hector-vargas"}'
    good = {"Content-Type": "application/json", "Origin": f"http://{host}", "X-Rolodex-Token": token}
    # a GET never writes
    with pytest.raises(urllib.error.HTTPError) as got:
        urllib.request.urlopen(base + "_rolodex/done?id=nudge%3Agrace-liu", timeout=10)
    assert got.value.code == 405
    for headers in (
        {**good, "X-Rolodex-Token": "guessed"},  # no token: not one of the site's pages
        {k: v for k, v in good.items() if k != "X-Rolodex-Token"},
        {**good, "Origin": "http://evil.example"},  # another site's script or form
        {k: v for k, v in good.items() if k != "Origin"},
        {**good, "Host": "evil.example"},  # a DNS name rebound to 127.0.0.1
        {**good, "Content-Type": "text/plain"},  # a plain form post
    ):
        code, answer = _post(base, "done", body, headers)
        assert code == 403, (headers, answer)
    # a page served under another name gets no token
    request = urllib.request.Request(base + "due.html", headers={"Host": "evil.example"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert "rolodex-serve" not in response.read().decode()
    assert {p: p.read_bytes() for p in (kb / "contacts").rglob("*.md")} == before
    # the site's own page, as the browser sends it: written
    code, answer = _post(base, "done", body, good)
    assert code == 200 and json.loads(answer)["message"].startswith("contacts/hector-vargas.md:"), answer
    code, answer = _post(base, "done", body, good)  # done already: said, not written twice
    assert code == 409 and "no open item 'thank-you:2026-11-24-hector-vargas:hector-vargas'" in answer


# --- Insights and Weekly review ----------------------------------------------------------------

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("path", ["stats.html", "week.html"])
def test_pages_fit_a_phone(page, sample_site, path):
    page.set_viewport_size(PHONE)
    page.goto(url(sample_site, path))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # nothing of the page's own content spills out of the column
    assert (
        page.evaluate(
            """() => [...document.querySelectorAll('.md-content *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                             && !e.closest('.md-typeset__scrollwrap'))
                .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
        )
        == []
    )


def test_insights_shows_the_funnel_the_chart_and_the_numbers(page, sample_site):
    page.goto(url(sample_site, "stats.html"))
    assert page.locator("h1").inner_text() == "Insights"
    rows = page.locator(".rolodex-funnel--rates .rolodex-funnel__row")
    assert rows.count() == 5
    assert rows.nth(2).inner_text().split() == ["Replied", "12", "80%", "of", "contacted"]
    chart = page.get_by_role("img", name="People contacted, who replied and met, per month")
    assert chart.is_visible() and chart.bounding_box()["height"] > 100
    numbers = page.locator("details.rolodex-numbers").first
    assert not numbers.locator("table").is_visible()
    numbers.locator("summary").click()
    assert numbers.locator("tbody tr").first.inner_text().split() == ["2026-11", "8", "5", "1", "1"]
    assert page.locator(".rolodex-rates__row").count() >= 10


def test_weekly_review_links_to_people_and_drafts(page, sample_site):
    page.goto(url(sample_site, "week.html"))
    assert page.locator("h2").all_inner_texts()[:3] == [
        "Done in the last seven days",
        "Overdue (5)",
        "Due in the next seven days (14)",
    ]
    assert page.locator("a.rolodex-mail").count() >= 10
    page.get_by_role("link", name="James Whitfield").first.click()
    assert page.locator("h1").inner_text() == "James Whitfield"
