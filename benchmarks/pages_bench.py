"""Page weights, the search index and the browser figures of built sites, side by side.

    python benchmarks/pages_bench.py SITE BASELINE_SITE [--before OLD_SITE] [--no-browser]

SITE is a `rolodex build` (say of `benchmarks/generate.py DIR` at 1,000 contacts + 3,000
meetings); BASELINE_SITE the plain MkDocs build of as many simple pages that site_bench.py
makes (`--keep` keeps it); OLD_SITE, optionally, the same KB built by an earlier Rolodex, to
print before and after. Nothing is built here: every figure is taken in this run, each
beside the baseline's (the browser ones in one Chromium, one site after the other).

Printed: the weight of each hub page and of the heaviest continuation and record page
(goal: none over 400 KB), the search index (every copy; goal <= 4 MB at 1k+3k), and from
browser_bench.py the contacts table's ready, sort and filter times and the first search
result (goals: 1 s, 100 ms, 100 ms, 1 s).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sitekit import heaviest, html_pages, load, search_bytes  # noqa: E402

HUBS = (
    ("Home", "index.html"),
    ("Follow-ups", "due.html"),
    ("Weekly review", "week.html"),
    ("Meet list", "meet-list.html"),
    ("Contacts", "contacts/index.html"),
    ("Meetings", "meetings/index.html"),
    ("Companies", "companies.html"),
    ("Tags", "tags.html"),
    ("Network", "network.html"),
    ("Insights", "stats.html"),
    ("Problems", "problems.html"),
)
GROUPS = (  # (label, folder, pattern): the heaviest page of each
    ("Follow-ups, continued", "due", "*.html"),
    ("Meetings, a month", "meetings/past", "*.html"),
    ("a contact", "contacts", "*.html"),
    ("a meeting", "meetings", "*.html"),
)
LIMIT = 400_000


def weights(site: Path) -> dict[str, tuple[str, int]]:
    """Label → (page, bytes): each hub page and the heaviest page of each group."""
    out = {}
    for label, path in HUBS:
        file = site / path
        if file.is_file():
            out[label] = (path, file.stat().st_size)
    for label, folder, pattern in GROUPS:
        files = [p for p in (site / folder).glob(pattern) if p.name != "index.html"]
        if files:
            file = max(files, key=lambda p: p.stat().st_size)
            out[label] = (file.relative_to(site).as_posix(), file.stat().st_size)
    return out


def kb(n: int | None) -> str:
    if n is None:
        return "-"
    return f"{n / 1000:.0f} KB" if n < 1_000_000 else f"{n / 1e6:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--before", type=Path, help="the same KB built by an earlier Rolodex")
    parser.add_argument("--no-browser", action="store_true", help="weights only")
    args = parser.parse_args()
    site, base, before = args.site.resolve(), args.baseline.resolve(), args.before
    print(load())
    after_w = weights(site)
    before_w = weights(before.resolve()) if before else {}
    base_name, base_weight = heaviest(base)
    print(f"\npage weights (the baseline's heaviest page: {kb(base_weight)}, {base_name})")
    print(f"{'page':<24} {'before':>9} {'after':>9}  file")
    for label in dict.fromkeys([*before_w, *after_w]):
        old = before_w.get(label, (None, None))[1]
        path, new = after_w.get(label, ("(none)", None))
        print(f"{label:<24} {kb(old):>9} {kb(new):>9}  {path}")
    over = [p for p in html_pages(site) if p.stat().st_size > LIMIT]
    name, weight = heaviest(site)
    print(
        f"heaviest page {kb(weight)} ({name}); pages over 400 KB: {len(over)} "
        f"(goal 0: {'ok' if not over else 'MISSED'})"
    )
    if before:
        old_name, old_weight = heaviest(before.resolve())
        print(f"before: heaviest page {kb(old_weight)} ({old_name})")
    files = sorted(p.name for p in (site / "search").glob("search_index.*"))
    ours = search_bytes(site)
    print(
        f"\nsearch index {kb(ours)} in {len(files)} file{'s' if len(files) != 1 else ''} ({', '.join(files)})"
        + (f"; before {kb(search_bytes(before.resolve()))}" if before else "")
        + f"; baseline {kb(search_bytes(base))} (goal <= 4 MB: {'ok' if ours <= 4_000_000 else 'MISSED'})"
    )
    if args.no_browser:
        return
    from browser_bench import measure, report

    runs = [("before", before.resolve())] if before else []
    for label, folder in [*runs, ("after", site)]:
        print(f"\nChromium, from file:// ({label}: {folder}):")
        report(measure(folder, base))


if __name__ == "__main__":
    main()
