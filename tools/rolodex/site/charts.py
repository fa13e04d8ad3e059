"""The dashboard's pictures as plain HTML and inline SVG: no chart library, nothing to load (pure)."""

from __future__ import annotations

import datetime as dt

from rolodex.site.blocks import CONTACTS
from rolodex.site.context import Site

MONTHS_BACK = 12
MONTHS_AHEAD = 2
FUNNEL = (  # (label, stages that have reached at least this step, current stage)
    ("Meet list", ("prospect", "contacted", "scheduled", "met"), "prospect"),
    ("Contacted", ("contacted", "scheduled", "met"), "contacted"),
    ("Scheduled", ("scheduled", "met"), "scheduled"),
    ("Met", ("met",), "met"),
)


def funnel(site: Site, src: str) -> str:
    """meet list → contacted → scheduled → met: how many reached each step, and who is there now.

    Bars are cumulative (everyone you met was once on your list), so the shape is a
    funnel; each row links to the contacts table filtered to the people at that stage now.
    """
    counts: dict[str, int] = {}
    for stage in site.stages.values():
        counts[stage] = counts.get(stage, 0) + 1
    total = sum(n for s, n in counts.items() if s != "archived")
    rows = ['<div class="rolodex-funnel" role="list" data-search-exclude>']
    for label, reached, now in FUNNEL:
        n = sum(counts.get(s, 0) for s in reached)
        width = 100 if total == 0 else max(2, round(100 * n / total))
        href = site.href(src, f"{CONTACTS}?stage={now}")
        rows.append(
            f'<a class="rolodex-funnel__row" role="listitem" href="{href}">'
            f'<span class="rolodex-funnel__label">{label}</span>'
            f'<span class="rolodex-funnel__bar" style="width:{width}%"><strong>{n}</strong></span>'
            f'<span class="rolodex-funnel__now">{counts.get(now, 0)} here now</span></a>'
        )
    archived = counts.get("archived", 0)
    rows.append("</div>")
    note = f"\n\n{archived} archived contact{'s' if archived != 1 else ''} not counted." if archived else ""
    return "\n".join(rows) + note


def _months(today: dt.date) -> list[tuple[int, int]]:
    first = (today.year * 12 + today.month - 1) - (MONTHS_BACK - 1)
    return [divmod(i, 12) for i in range(first, first + MONTHS_BACK + MONTHS_AHEAD)]


def meetings_per_month(site: Site) -> str:
    """Held and planned meetings per month, the last year and the next two months, as an SVG bar chart."""
    months = _months(site.today)
    held = dict.fromkeys(months, 0)
    planned = dict.fromkeys(months, 0)
    for meeting in site.meetings:
        key = (meeting.date.year, meeting.date.month - 1)
        if key not in held:
            continue
        status = site.state(meeting)
        if status == "held":
            held[key] += 1
        elif status == "planned":
            planned[key] += 1
    peak = max([held[m] + planned[m] for m in months] + [1])
    width, height, top, bottom, left = 700, 220, 20, 40, 10
    slot = (width - 2 * left) / len(months)
    bar = slot * 0.62
    scale = (height - top - bottom) / peak
    parts = [
        f'<svg class="rolodex-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="rolodex-chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="rolodex-chart-title">Meetings per month: held and planned</title>',
        f'<line class="rolodex-chart__axis" x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}"/>',
    ]
    for i, key in enumerate(months):
        year, month0 = key
        x = left + i * slot + (slot - bar) / 2
        base: float = height - bottom
        label = dt.date(year, month0 + 1, 1).strftime("%b")
        for count, cls in ((held[key], "held"), (planned[key], "planned")):
            if count:
                h = count * scale
                base -= h
                parts.append(
                    f'<rect class="rolodex-chart__{cls}" x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                    f"<title>{label} {year}: {count} {cls}</title></rect>"
                )
        total = held[key] + planned[key]
        if total:
            parts.append(f'<text class="rolodex-chart__value" x="{x + bar / 2:.1f}" y="{base - 4:.1f}">{total}</text>')
        parts.append(
            f'<text class="rolodex-chart__month" x="{x + bar / 2:.1f}" y="{height - bottom + 16}">{label}</text>'
        )
        if month0 == 0 or i == 0:
            parts.append(
                f'<text class="rolodex-chart__year" x="{x + bar / 2:.1f}" y="{height - bottom + 32}">{year}</text>'
            )
    parts.append("</svg>")
    legend = (
        '<p class="rolodex-chart__legend"><span class="rolodex-key rolodex-key--held"></span> held '
        '<span class="rolodex-key rolodex-key--planned"></span> planned</p>'
    )
    return '<figure class="rolodex-figure" data-search-exclude>\n' + "".join(parts) + "\n" + legend + "\n</figure>"
