"""The Insights and Weekly review pages in Chromium: offline, no errors, readable at 390 px.

The browser, the page watcher (no console error, no dialog, no request leaving the
computer) and the sample site come from test_site_browser.
"""

from __future__ import annotations

import pytest

from test_site_browser import browser, page, sample_site, url, watch  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("path", ["stats.html", "week.html"])
def test_pages_fit_a_phone(page, sample_site, path):  # noqa: F811
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


def test_insights_shows_the_funnel_the_chart_and_the_numbers(page, sample_site):  # noqa: F811
    page.goto(url(sample_site, "stats.html"))
    assert page.locator("h1").inner_text() == "Insights"
    rows = page.locator(".rolodex-funnel--rates .rolodex-funnel__row")
    assert rows.count() == 5
    assert rows.nth(2).inner_text().split() == ["Replied", "11", "79%", "of", "contacted"]
    chart = page.get_by_role("img", name="People contacted, who replied and met, per month")
    assert chart.is_visible() and chart.bounding_box()["height"] > 100
    numbers = page.locator("details.rolodex-numbers").first
    assert not numbers.locator("table").is_visible()
    numbers.locator("summary").click()
    assert numbers.locator("tbody tr").first.inner_text().split() == ["2026-11", "6", "3", "1", "1"]
    assert page.locator(".rolodex-rates__row").count() >= 10


def test_weekly_review_links_to_people_and_drafts(page, sample_site):  # noqa: F811
    page.goto(url(sample_site, "week.html"))
    assert page.locator("h2").all_inner_texts()[:3] == [
        "Done in the last seven days",
        "Overdue (4)",
        "Due in the next seven days (12)",
    ]
    assert page.locator("a.rolodex-mail").count() >= 10
    page.get_by_role("link", name="James Whitfield").first.click()
    assert page.locator("h1").inner_text() == "James Whitfield"
