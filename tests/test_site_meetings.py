"""Meeting pages and the Meetings index: thank-you status, the order of brief and notes."""

from __future__ import annotations

from pathlib import Path

from rolodex.config import read_config
from rolodex.site.builder import prepare
from rolodex.site.pages import generate

from conftest import REPO, TODAY


def pages(root: Path) -> dict[str, str]:
    return generate(prepare(root, read_config(root).settings, TODAY, cache=False).inp)


def row(page: str, slug: str) -> str:
    return next(line for line in page.splitlines() if f"]({slug}.md)" in line)


# --- thank-you status --------------------------------------------------------------------


def test_meetings_index_shows_a_thank_you_recorded_as_a_touch():
    site = pages(REPO)
    index = site["meetings/index.md"]
    # `thank_you` is not set on this meeting; Zoë's contact has a thank-you touch of 2026-10-30
    assert row(index, "2026-10-29-zoe-marchetti") == (
        "| Thu 2026-10-29 | [Video call with Zoë Marchetti](2026-10-29-zoe-marchetti.md) | Zoom | 2026-10-30 |")
    assert row(index, "2026-10-21-alisha-grant") == (
        "| Wed 2026-10-21 | [Video call with Alisha Grant](2026-10-21-alisha-grant.md) | Google Meet | 2026-10-22 |")
    assert row(index, "2026-11-24-hector-vargas").endswith(
        '| <span class="rolodex-badge rolodex-badge--overdue">due</span> |')
    assert "- **Thank-you sent:** Fri 2026-10-30\n" in site["meetings/2026-10-29-zoe-marchetti.md"]
    assert "Thank-you sent" not in site["meetings/2026-11-24-hector-vargas.md"]


def test_thank_you_column_needs_everyone_thanked(kb_path):
    root = kb_path({
        "contacts/ann.md": "---\nname: Ann\ntouches:\n  - {date: 2026-11-21, kind: thank-you}\n---\n",
        "contacts/bob.md": "---\nname: Bob\n---\n",
        "meetings/2026-11-20-ann.md": "---\ndate: 2026-11-20\nwith: [ann, bob]\n---\n",
        "meetings/2026-11-10-ann.md": "---\ndate: 2026-11-10\nwith: ann\n---\n",
    })
    site = pages(root)
    index = site["meetings/index.md"]
    assert row(index, "2026-11-20-ann") == ("| Fri 2026-11-20 | [Informational interview with Ann and Bob](2026-11-20-ann.md) "
                                            '|   | <span class="rolodex-badge rolodex-badge--overdue">due</span> |')
    assert row(index, "2026-11-10-ann") == "| Tue 2026-11-10 | [Informational interview with Ann](2026-11-10-ann.md) |   | 2026-11-21 |"
    assert "Thank-you sent" not in site["meetings/2026-11-20-ann.md"]
    assert "- **Thank-you sent:** Sat 2026-11-21\n" in site["meetings/2026-11-10-ann.md"]
