"""The Insights and Weekly review pages, and a job change on a contact's page (generated Markdown)."""

from __future__ import annotations

import re

from conftest import REPO, TODAY
from rolodex.kb.configfile import read_config
from rolodex.site.builder import prepare
from rolodex.site.pages import generate

PAYLOAD = "\"'><img src=x onerror=alert(1)><script>window.__pwned=1</script>[md](javascript:alert(2))*b*|"
QUOTED = PAYLOAD.replace('"', '\\"')

KB = {
    "contacts/ann.md": f"""\
        ---
        name: Ann
        title: Director
        company: Newco
        source: "{QUOTED}"
        history:
          - {{date: 2026-11-20, company: "<b>Oldco</b>", title: Manager}}
        touches:
          - {{date: 2026-10-01, kind: outreach}}
          - {{date: 2026-10-03, kind: reply}}
          - {{date: 2026-11-19, kind: message}}
        ---
        """,
    "contacts/bob.md": """\
        ---
        name: "Bob <i>Jr</i>"
        source: alumni directory
        touches:
          - {date: 2026-11-02, kind: outreach}
        ---
        """,
    "meetings/2026-10-10-ann.md": """\
        ---
        date: 2026-10-10
        with: ann
        kind: coffee
        thank_you: 2026-10-11
        ---
        """,
}


def pages(kb_path):
    root = kb_path(KB)
    return generate(prepare(root, read_config(root).settings, TODAY, cache=False).inp)


def test_insights_page(kb_path):
    page = pages(kb_path)["stats.md"]
    assert page.startswith('---\ntitle: "Insights"\nsearch: {exclude: true}\n---\n\n# Insights\n')
    # the funnel: ann and bob listed and contacted; ann replied and met
    rows = re.findall(
        r'<span class="rolodex-funnel__label">(\w+)</span><span class="rolodex-funnel__bar" style="width:(\d+)%">'
        r'<strong>(\d+)</strong></span><span class="rolodex-funnel__now">([^<]*)</span>',
        page,
    )
    assert rows == [
        ("Listed", "100", "2", ""),
        ("Contacted", "100", "2", "100% of listed"),
        ("Replied", "50", "1", "50% of contacted"),
        ("Met", "50", "1", "100% of replied"),
        ("Referred", "2", "0", "0% of met"),
    ]
    # activity: Dec 2025 … Nov 2026, one group of bars per month; October holds ann's outreach,
    # reply and meeting, November bob's outreach
    assert page.count('class="rolodex-chart__month"') == 12
    assert "<title>Oct 2026: 1 contacted</title>" in page and "<title>Oct 2026: 1 met</title>" in page
    assert "<title>Nov 2026: 1 contacted</title>" in page
    assert "<tr><td>2026-11</td><td>1</td><td>0</td><td>0</td><td>0</td></tr>" in page
    # reply rate by source: the source is text, whatever it holds
    assert '<span class="rolodex-rates__label">alumni directory</span>' in page
    assert (
        '<span class="rolodex-rates__label">&quot;&#x27;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;'
        "window.__pwned=1&lt;/script&gt;[md](javascript:alert(2))*b*|</span>"
    ) in page
    assert "<img" not in page and "<script" not in page
    # days between steps: ann 10-01 → 10-03, 10-03 → 10-10, 10-10 → 10-11
    assert "| Outreach → reply | 2 days | 1 replies |" in page
    assert "| Reply → meeting | 7 days | 1 meetings |" in page
    assert "| Meeting → thank-you | 1 day | 1 thank-yous |" in page


def test_weekly_review_page(kb_path):
    page = pages(kb_path)["week.md"]
    assert page.startswith('---\ntitle: "Weekly review"\nsearch: {exclude: true}\n---\n\n# Weekly review\n')
    assert "From Fri 2026-11-20 to Thu 2026-11-26&#58; 0 touches, 0 meetings held, 0 thank-yous sent." in page
    # due items as on the Follow-ups page: the person linked (their name as text), a draft, the id
    overdue = page.split("## Overdue (1)\n\n", 1)[1].split("\n", 1)[0]
    assert overdue.startswith('<ul class="rolodex-items" data-today="2026-11-26"><li class="rolodex-item')
    assert 'data-id="nudge:bob"' in overdue and '<a href="contacts/bob.html">Bob &lt;i&gt;Jr&lt;/i&gt;</a>' in overdue
    assert 'class="rolodex-action rolodex-mail" href="mailto:' in overdue
    # ann's change was seen after her last message: a reason to get in touch, the company as text
    assert (
        "## Job changes (1)\n\n- [Ann](contacts/ann.md): now Director at Newco "
        "(was Manager at &#60;b&#62;Oldco&#60;/b&#62;), seen Fri 2026-11-20: a reason to get in touch\n"
    ) in page


def test_contact_page_shows_a_new_role_until_you_are_in_touch(kb_path):
    page = pages(kb_path)["contacts/ann.md"]
    assert (
        '<span class="rolodex-badge rolodex-badge--job-change">new role</span> Now Director at Newco, '
        "was Manager at &#60;b&#62;Oldco&#60;/b&#62; (seen Fri 2026-11-20): a reason to get in touch."
    ) in page
    assert "new role" not in pages(kb_path)["contacts/bob.md"]


def test_sample_kb_pages(tmp_path):
    out = generate(prepare(REPO, read_config(REPO).settings, TODAY, cache=False).inp)
    stats = out["stats.md"]
    assert "<strong>18</strong>" in stats and "83% of listed" in stats and "56% of met" in stats
    week = out["week.md"]
    assert "## Going cold (1)\n\n- [James Whitfield](contacts/james-whitfield.md)" in week
