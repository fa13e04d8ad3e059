"""Meeting pages and the Meetings index: thank-you status, the order of brief and notes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import REPO, TODAY
from rolodex.kb.configfile import read_config
from rolodex.site import sections
from rolodex.site.builder import prepare
from rolodex.site.pages import generate


def pages(root: Path) -> dict[str, str]:
    return generate(prepare(root, read_config(root).settings, TODAY, cache=False).inp)


def row(page: str, slug: str) -> str:
    """The table row (its cells) that links to this meeting's page."""
    return next(tr for tr in re.findall(r"<tr>(.*?)</tr>", page) if f'href="{slug}.html"' in tr)


# --- thank-you status --------------------------------------------------------------------


def test_meetings_index_shows_a_thank_you_recorded_as_a_touch():
    site = pages(REPO)
    index = site["meetings/index.md"]
    # `thank_you` is not set on this meeting; Zoë's contact has a thank-you touch of 2026-10-30
    assert row(index, "2026-10-29-zoe-marchetti") == (
        '<td>Thu 2026-10-29</td><td><a href="2026-10-29-zoe-marchetti.html">Video call with Zoë Marchetti</a></td>'
        "<td>Zoom</td><td>2026-10-30</td>"
    )
    assert row(index, "2026-10-21-alisha-grant") == (
        '<td>Wed 2026-10-21</td><td><a href="2026-10-21-alisha-grant.html">Video call with Alisha Grant</a></td>'
        "<td>Google Meet</td><td>2026-10-22</td>"
    )
    assert row(index, "2026-11-24-hector-vargas").endswith(
        '<td><span class="rolodex-badge rolodex-badge--overdue">due</span></td>'
    )
    assert "<li><strong>Thank-you sent:</strong> Fri 2026-10-30</li>" in site["meetings/2026-10-29-zoe-marchetti.md"]
    assert "Thank-you sent" not in site["meetings/2026-11-24-hector-vargas.md"]


def test_thank_you_column_needs_everyone_thanked(kb_path):
    root = kb_path(
        {
            "contacts/ann.md": "---\nname: Ann\ntouches:\n  - {date: 2026-11-21, kind: thank-you}\n---\n",
            "contacts/bob.md": "---\nname: Bob\n---\n",
            "meetings/2026-11-20-ann.md": "---\ndate: 2026-11-20\nwith: [ann, bob]\n---\n",
            "meetings/2026-11-10-ann.md": "---\ndate: 2026-11-10\nwith: ann\n---\n",
        }
    )
    site = pages(root)
    index = site["meetings/index.md"]
    assert row(index, "2026-11-20-ann") == (
        '<td>Fri 2026-11-20</td><td><a href="2026-11-20-ann.html">Informational interview with Ann and Bob</a></td>'
        '<td></td><td><span class="rolodex-badge rolodex-badge--overdue">due</span></td>'
    )
    assert (
        row(index, "2026-11-10-ann")
        == '<td>Tue 2026-11-10</td><td><a href="2026-11-10-ann.html">Informational interview with Ann</a></td>'
        "<td></td><td>2026-11-21</td>"
    )
    assert "Thank-you sent" not in site["meetings/2026-11-20-ann.md"]
    assert "<li><strong>Thank-you sent:</strong> Sat 2026-11-21</li>" in site["meetings/2026-11-10-ann.md"]


# --- held: notes first; planned: the brief first ------------------------------------------


def headings(page: str) -> list[str]:
    return re.findall(r"^## (.*)$", page, re.M)


def test_held_meeting_shows_notes_then_outcomes_then_the_brief():
    page = pages(REPO)["meetings/2025-09-23-maria-okafor.md"]
    assert headings(page) == ["Notes", "Takeaways", "Referrals", "Follow-ups promised", "Pre-meeting brief", "Research"]
    assert page.split(
        "<strong>File:</strong> <code>meetings/2025-09-23-maria-okafor.md</code></li></ul><!--/rolodex:html-->\n\n"
    )[1].startswith("## Notes\n- The press office drafts talking points for every council budget hearing.\n")
    assert "Print this brief" not in page and "rolodex-print-stop" not in page
    assert page.endswith("## Research\n- Read the city's FY26 budget communications plan (public on the city site).\n")


def test_planned_meeting_keeps_the_brief_first_and_drops_empty_sections():
    page = pages(REPO)["meetings/2026-11-30-ibrahim-saleh.md"]
    # its Research, Notes and Takeaways headings have nothing under them
    assert headings(page) == ["Pre-meeting brief", "Questions", "Due"]
    assert "Print this brief" in page
    assert (
        "## Questions\n- Open with Declan's introduction and the transit-oriented housing plan.\n\n"
        '<!--rolodex:html--><div class="rolodex-print-stop"></div><!--/rolodex:html-->\n'
    ) in page


TEMPLATE_BODY = """\
## Research
<!-- Preparation: their path, recent work, news about their organisation. -->

## Questions
<!-- Anything beyond the `questions` list:
     what to open with, what to avoid. -->

## Notes
- She said [[ann]] knows everyone. <!-- check -->

## Takeaways
<!-- What you will do differently, who to contact next. -->
"""


def test_template_comment_sections_do_not_show(kb_path):
    root = kb_path(
        {
            "contacts/ann.md": "---\nname: Ann\n---\n## Research\n<!-- Background before you reach out. -->\n\n## Notes\n<!-- hint -->\n",
            "meetings/2026-11-20-ann.md": "---\ndate: 2026-11-20\nwith: ann\nthank_you: 2026-11-21\n---\n"
            + TEMPLATE_BODY,
            "meetings/2026-12-01-ann.md": "---\ndate: 2026-12-01\nwith: ann\n---\n" + TEMPLATE_BODY,
        }
    )
    site = pages(root)
    assert headings(site["meetings/2026-11-20-ann.md"]) == ["Notes", "Pre-meeting brief"]
    assert (
        "## Notes\n- She said [Ann](../contacts/ann.md) knows everyone. <!-- check -->\n"
        in site["meetings/2026-11-20-ann.md"]
    )
    assert headings(site["meetings/2026-12-01-ann.md"]) == ["Pre-meeting brief", "Notes", "Due"]
    assert headings(site["contacts/ann.md"]) == ["Due", "Timeline"]
    assert "<!--" not in site["contacts/ann.md"].replace("<!--rolodex:html-->", "").replace("<!--/rolodex:html-->", "")


# --- the sections helper -------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("## A\n<!-- hint -->\n\n## B\ntext\n", "## B\ntext"),
        ("## A\n\n## B\n", ""),
        ("intro\n\n## A\n<!-- one\n## not a heading\n-->\n", "intro"),
        ("## A\n### A1\n<!-- x -->\n### A2\nkept\n", "## A\n### A2\nkept"),  # a sub-heading with text keeps its parent
        ("## A\n### A1\n<!-- x -->\n## B\nb\n", "## B\nb"),
        (
            "## A\n```\n<!-- shown as code -->\n## also code\n```\n",
            "## A\n```\n<!-- shown as code -->\n## also code\n```",
        ),
        ("## A\ntext <!-- c -->\n", "## A\ntext <!-- c -->"),
        ("#hashtag\n## A\n", "#hashtag"),
    ],
)
def test_drop_empty(body, expected):
    assert sections.drop_empty(body) == expected


def test_split_by_level_two_headings():
    head, parts = sections.split("intro\n\n## Notes ##\n- a\n### Sub\nb\n\n## Research\n```\n## code\n```\n")
    assert head == "intro"
    assert parts == [
        sections.Section("Notes", "## Notes ##\n- a\n### Sub\nb"),
        sections.Section("Research", "## Research\n```\n## code\n```"),
    ]
    assert sections.split("just text") == ("just text", [])


# --- a long history: the Meetings page folds into pages per month ---------------------------


def test_meetings_page_keeps_the_latest_and_moves_every_past_meeting_to_its_month(kb_path):
    files = {"contacts/ann.md": "---\nname: Ann\n---\n"}
    for i in range(130):  # 130 held meetings, every third day from 2026-11-20 back to 2025-10-29
        d = TODAY - dt.timedelta(days=6 + 3 * i)
        files[f"meetings/{d.isoformat()}-ann.md"] = f"---\ndate: {d.isoformat()}\nwith: ann\n---\n"
    files["meetings/2026-03-03-ann-off.md"] = "---\ndate: 2026-03-03\nwith: ann\nstatus: cancelled\n---\n"
    site = pages(kb_path(files))
    index = site["meetings/index.md"]
    rows = [tr for tr in re.findall(r"<tr>(.*?)</tr>", index) if '-ann.html">' in tr]
    assert len(rows) == 100  # the latest 100 held
    assert '<td>Fri 2026-11-20</td><td><a href="2026-11-20-ann.html">Informational interview with Ann</a></td>' in index
    assert "2025-10-29-ann" not in index  # the oldest are on their month's page only
    assert "The latest 100; the rest [month by month](#by-month)." in index
    months = sorted(p for p in site if p.startswith("meetings/past/"))
    assert months[0] == "meetings/past/2025-10.md" and months[-1] == "meetings/past/2026-11.md"
    assert len(months) == 14
    # every past meeting is on exactly one month page, linked from the Meetings page's index
    listed = [m for p in months for m in re.findall(r'href="\.\./([^"/]+)\.html"', site[p])]
    assert sorted(listed) == sorted(p[len("meetings/") : -3] for p in files if p.startswith("meetings/"))
    assert '<a href="past/2025-10.html" title="1 past meeting in October 2025">Oct (1)</a>' in index
    march = site["meetings/past/2026-03.md"]
    assert "# Meetings in March 2026\n" in march and "## Cancelled (1)\n" in march
    assert (
        '<li>Tue 2026-03-03 · <a href="../2026-03-03-ann-off.html">Informational interview with Ann</a></li>' in march
    )
    assert '<a href="../index.html#by-month">All months</a> · <a href="2026-04.html">April 2026</a> · ' in march
    assert "search: {exclude: true}" in march


def test_a_short_history_stays_on_the_meetings_page(kb_path):
    site = pages(kb_path({"meetings/2026-11-20-ann.md": "---\ndate: 2026-11-20\nwith: Ann\n---\n"}))
    assert not [p for p in site if p.startswith("meetings/past/")]
    assert "by-month" not in site["meetings/index.md"]
