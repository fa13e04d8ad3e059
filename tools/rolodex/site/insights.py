"""The Insights page: the funnel with rates, activity per month, reply rate by source and the
days between steps, drawn as plain HTML and inline SVG like the dashboard's charts (pure).

The figures are `rules.insight.stats` (by month and by source, in one pass: `stats_each`), the
same as `rolodex stats`; every value from the files (a source's text) goes through `h` into the
HTML. Each chart has its numbers in a table as well, for screen readers and for reading exact values.
"""

from __future__ import annotations

import datetime as dt

from rolodex.rules.insight import MEDIANS, RATE_OF, STEPS, Figures, days, percent, stats_each
from rolodex.site.blocks import HUB_SEARCH, INSIGHTS, table
from rolodex.site.context import Site
from rolodex.site.markup import front_matter, h, md

MONTHS = 12  # the activity chart: this month and the eleven before
SOURCES_MAX = 15  # rows of the reply-rate chart; the table below it has them all
STEP_LABELS = {
    "listed": "Listed",
    "contacted": "Contacted",
    "replied": "Replied",
    "met": "Met",
    "referred": "Referred",
}
MEDIAN_LABELS = {
    "outreach_to_reply": ("Outreach → reply", "replies"),
    "reply_to_meeting": ("Reply → meeting", "meetings"),
    "meeting_to_thank_you": ("Meeting → thank-you", "thank-yous"),
}
SERIES = (("contacted", "contacted"), ("replied", "replied"), ("met", "met"))


def insights(site: Site) -> str:
    """The page (see the module docstring)."""
    months, per_source = stats_each(site.kb, site.today, ("month", "source"))
    sources = per_source.rows
    f = months.overall
    out = [front_matter("Insights", search=HUB_SEARCH), "# Insights\n"]
    out.append(
        f"How your networking is going on {md(f'{site.today:%a} {site.today.isoformat()}')}, over your "
        f"{f.funnel['listed']} contacts that are not archived. `rolodex stats` prints the same in the "
        "terminal, and `rolodex stats --by source` or `--by tag` splits it.\n"
    )
    out.append("## Funnel\n")
    out.append(funnel(f) + "\n")
    out.append("## Activity per month\n")
    out.append(activity(months.rows, site.today) + "\n")
    out.append("## Reply rate by source\n")
    out.append(by_source(sources) + "\n")
    out.append("## Days between steps\n")
    out.append(medians(f) + "\n")
    return "\n".join(out)


def funnel(f: Figures) -> str:
    """listed → contacted → replied → met → referred: bars as wide as the count, each with its rate."""
    listed = f.funnel["listed"]
    rows = ['<div class="rolodex-funnel rolodex-funnel--rates" role="list" data-search-exclude>']
    for step in STEPS:
        n = f.funnel[step]
        width = 100 if listed == 0 else max(2, round(100 * n / listed))
        rate = "" if step == "listed" else f"{percent(f.rates[step])} of {RATE_OF[step]}"
        rows.append(
            f'<div class="rolodex-funnel__row" role="listitem">'
            f'<span class="rolodex-funnel__label">{STEP_LABELS[step]}</span>'
            f'<span class="rolodex-funnel__bar" style="width:{width}%"><strong>{n}</strong></span>'
            f'<span class="rolodex-funnel__now">{h(rate)}</span></div>'
        )
    rows.append("</div>")
    return "\n".join(rows)


def _last_months(rows: tuple[Figures, ...], today: dt.date) -> list[tuple[str, Figures | None]]:
    """(YYYY-MM, that month's figures or None) for this month and the ones before it."""
    by_key = {row.key: row for row in rows}
    index = today.year * 12 + today.month - 1
    keys = [divmod(i, 12) for i in range(index - MONTHS + 1, index + 1)]
    return [(f"{y:04d}-{m + 1:02d}", by_key.get(f"{y:04d}-{m + 1:02d}")) for y, m in keys]


def activity(rows: tuple[Figures, ...], today: dt.date) -> str:
    """People contacted, who replied and met, per month: grouped SVG bars, then the numbers."""
    months = _last_months(rows, today)
    values = [[(row.funnel[s] if row else 0) for s, _ in SERIES] for _, row in months]
    peak = max([v for group in values for v in group] + [1])
    width, height, top, bottom, left = 700, 220, 20, 40, 10
    slot = (width - 2 * left) / len(months)
    bar = slot * 0.8 / len(SERIES)
    scale = (height - top - bottom) / peak
    parts = [
        f'<svg class="rolodex-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="rolodex-activity-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="rolodex-activity-title">People contacted, who replied and met, per month</title>',
        f'<line class="rolodex-chart__axis" x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}"/>',
    ]
    for i, ((key, _), group) in enumerate(zip(months, values)):
        year, month = int(key[:4]), int(key[5:])
        label = dt.date(year, month, 1).strftime("%b")
        x0 = left + i * slot + slot * 0.1
        for j, ((_, cls), n) in enumerate(zip(SERIES, group)):
            if n:
                bh = n * scale
                parts.append(
                    f'<rect class="rolodex-chart__{cls}" x="{x0 + j * bar:.1f}" y="{height - bottom - bh:.1f}" '
                    f'width="{bar:.1f}" height="{bh:.1f}"><title>{label} {year}: {n} {cls}</title></rect>'
                )
        centre = x0 + bar * len(SERIES) / 2
        parts.append(f'<text class="rolodex-chart__month" x="{centre:.1f}" y="{height - bottom + 16}">{label}</text>')
        if month == 1 or i == 0:
            parts.append(f'<text class="rolodex-chart__year" x="{centre:.1f}" y="{height - bottom + 32}">{year}</text>')
    parts.append("</svg>")
    legend = (
        '<p class="rolodex-chart__legend">'
        + " ".join(f'<span class="rolodex-key rolodex-key--{cls}"></span> {cls}' for _, cls in SERIES)
        + "</p>"
    )
    figure = '<figure class="rolodex-figure" data-search-exclude>\n' + "".join(parts) + "\n" + legend + "\n</figure>"
    numbers = _table(
        ["Month", "Contacted", "Replied", "Met", "Referred"],
        [
            (h(key), *(str(row.funnel[s]) if row else "0" for s in ("contacted", "replied", "met", "referred")))
            for key, row in reversed(months)
        ],
    )
    return figure + "\n\n" + _details("The numbers, newest month first", numbers)


def by_source(rows: tuple[Figures, ...]) -> str:
    """Of the people contacted from each source, the share who replied: bars, then every source's numbers."""
    asked = [row for row in rows if row.funnel["contacted"]]
    if not asked:
        return "Nobody contacted yet: once you log an `outreach` touch, each source's reply rate shows here."
    asked.sort(key=lambda r: (-r.funnel["contacted"], -(r.rates["replied"] or 0), (r.key or "").casefold()))
    html = ['<div class="rolodex-rates" role="list" data-search-exclude>']
    for row in asked[:SOURCES_MAX]:
        rate = row.rates["replied"] or 0
        answered = round(rate * row.funnel["contacted"])
        html.append(
            f'<div class="rolodex-rates__row" role="listitem">'
            f'<span class="rolodex-rates__label">{h(row.key)}</span>'
            f'<span class="rolodex-rates__track"><span class="rolodex-rates__bar" style="width:{round(rate * 100)}%">'
            f"</span></span>"
            f'<span class="rolodex-rates__value">{percent(row.rates["replied"])} '
            f"({answered} of {row.funnel['contacted']})</span></div>"
        )
    html.append("</div>")
    more = len(asked) - SOURCES_MAX
    note = f"\n\n{more} more source{'s' if more != 1 else ''} in the table." if more > 0 else ""
    numbers = _table(
        ["Source", "Listed", "Contacted", "Replied", "Reply rate", "Met"],
        [
            (
                h(row.key),
                str(row.funnel["listed"]),
                str(row.funnel["contacted"]),
                str(row.funnel["replied"]),
                percent(row.rates["replied"]),
                str(row.funnel["met"]),
            )
            for row in rows
        ],
    )
    return "\n".join(html) + note + "\n\n" + _details("Every source", numbers)


def medians(f: Figures) -> str:
    rows = []
    for name in MEDIANS:
        label, many = MEDIAN_LABELS[name]
        rows.append((label, days(f.median_days[name]), f"{f.samples[name]} {many}"))
    return (
        table(["Step", "Median", "Over"], rows)
        + "\n\nThe middle value: half the waits were shorter, half longer, so one slow answer does not swing it."
    )


def _table(headers: list[str], rows: list[tuple[str, ...]]) -> str:
    """An HTML table (Markdown is not read inside raw HTML); cells must already be escaped."""
    head = "".join(f'<th scope="col">{h(x)}</th>' for x in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _details(summary: str, body: str) -> str:
    """Numbers folded away under a summary line: there for exact values and screen readers."""
    return f'<details class="rolodex-numbers" data-search-exclude>\n<summary>{h(summary)}</summary>\n{body}\n</details>'


__all__ = ["INSIGHTS", "insights"]
