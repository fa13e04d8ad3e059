"""The site in Chromium from file://: how soon the contacts table and search answer.

    python benchmarks/browser_bench.py SITE BASELINE_SITE

(site_bench.py --browser calls `measure` on the sites it builds.) Each figure is taken
in the same browser beside a baseline from the same run:

  contacts table ready   from navigation start until the table sorts and filters
                         (rolodex.js marks it `data-rolodex-ready`); baseline: a simple
                         page of the plain MkDocs site, until its `load` event
  sort, filter           a click on the Name header, and a word typed into the filter,
                         until the next frame (median of 5); baseline: a click on a cell
                         that does nothing, until the next frame
  first search result    from navigation start of the home page, the query typed at once,
                         until the first result shows; baseline: the same on the plain site

Needs /usr/bin/chromium and the playwright package (the test extra). Requests that would
leave the machine are aborted.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
QUERY = "Okafor"  # a surname in the sample KB and in every generated one
TIMEOUT = 180_000

NEXT_FRAME = "new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"


def _tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("file", "data", "blob", "about"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    context.set_default_timeout(TIMEOUT)
    return context, context.new_page()


def _now(tab) -> float:
    return tab.evaluate("performance.now()") / 1000


def _ready(tab, url: str, selector: str) -> float:
    tab.goto(url, wait_until="commit")
    tab.wait_for_function(f"document.querySelector({selector!r})", polling="raf", timeout=TIMEOUT)
    return _now(tab)


def _loaded(tab, url: str) -> float:
    tab.goto(url, wait_until="load")
    return tab.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000


def _click_ms(tab, selector: str) -> float:
    script = f"""async () => {{
        const el = document.querySelector({selector!r});
        const t = performance.now();
        el.click();
        document.body.offsetHeight;
        await {NEXT_FRAME};
        return performance.now() - t;
    }}"""
    return statistics.median(tab.evaluate(script) for _ in range(5))


def _filter_ms(tab, word: str) -> float:
    script = f"""async (word) => {{
        const box = document.querySelector('.rolodex-filter');
        const t = performance.now();
        box.value = word;
        box.dispatchEvent(new Event('input', {{bubbles: true}}));
        document.body.offsetHeight;
        await {NEXT_FRAME};
        const ms = performance.now() - t;
        box.value = '';
        box.dispatchEvent(new Event('input', {{bubbles: true}}));
        await {NEXT_FRAME};
        return ms;
    }}"""
    return statistics.median(tab.evaluate(script, word) for _ in range(5))


def _first_result(tab, url: str) -> float:
    tab.goto(url, wait_until="commit")
    box = tab.locator("input[data-md-component='search-query']")
    box.wait_for(state="attached")
    box.focus()
    box.press_sequentially(QUERY)
    tab.wait_for_function("document.querySelector('.md-search-result__item')", polling="raf", timeout=TIMEOUT)
    return _now(tab)


def measure(site: Path, base: Path) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context, tab = _tab(browser)
            first_contact = sorted((base / "contacts").glob("*.html"))[-1]
            _loaded(tab, first_contact.as_uri())  # the theme's files once into the cache, for both
            out["base_ready"] = _loaded(tab, first_contact.as_uri())
            contacts = (site / "contacts" / "index.html").as_uri()
            _ready(tab, contacts, "table[data-rolodex-ready]")
            out["ready"] = _ready(tab, contacts, "table[data-rolodex-ready]")
            out["rows"] = tab.evaluate("document.querySelectorAll('table[data-rolodex-ready] tbody tr').length")
            out["sort_ms"] = _click_ms(tab, "table[data-rolodex-ready] thead th")
            out["filter_ms"] = _filter_ms(tab, "an")
            out["noop_ms"] = _click_ms(tab, "table[data-rolodex-ready] tbody td:last-child")
            context.close()
            for key, folder in (("search", site), ("base_search", base)):
                context, tab = _tab(browser)  # a fresh tab: nothing kept from another page
                out[key] = _first_result(tab, (folder / "index.html").as_uri())
                context.close()
        finally:
            browser.close()
    return out


def report(r: dict) -> None:
    print(
        f"  contacts table ready  {r['ready']:6.2f} s  ({r['rows']} rows; a plain page loads in "
        f"{r['base_ready']:.2f} s; goal <= 1 s: {'ok' if r['ready'] <= 1 else 'MISSED'})"
    )
    print(
        f"  sort                  {r['sort_ms']:6.0f} ms (a click that does nothing: {r['noop_ms']:.0f} ms; "
        f"goal <= 100 ms: {'ok' if r['sort_ms'] <= 100 else 'MISSED'})"
    )
    print(
        f"  filter                {r['filter_ms']:6.0f} ms (goal <= 100 ms: {'ok' if r['filter_ms'] <= 100 else 'MISSED'})"
    )
    print(
        f"  first search result   {r['search']:6.2f} s  (plain site: {r['base_search']:.2f} s; "
        f"goal <= 1 s: {'ok' if r['search'] <= 1 else 'MISSED'})"
    )


if __name__ == "__main__":
    report(measure(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()))
