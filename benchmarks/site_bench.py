"""Benchmark `rolodex build` and the site it makes against a plain MkDocs build, and print ratios.

    python benchmarks/site_bench.py [--sizes sample,4000] [--repeat 2] [--browser]

For each size (files: a quarter contacts, three quarters meetings; `sample` is this
repository's sample KB) it generates a KB (seeded), builds it with `rolodex build`, and
builds, in the same run, the baseline (issue 16): a plain MkDocs Material build (search,
offline, a small navigation) of as many simple pages — each a title and a table of one
record's front-matter values. Builds alternate, best of --repeat, as separate processes.

It prints, each beside its baseline:
  build       seconds (goal: <= 1.3x the baseline), ms per page, peak memory; and on one core
              (ROLODEX_JOBS=1: the baseline, plain MkDocs, uses one)
  max page    the heaviest HTML page (goal: <= 400 KB at 1,000 contacts + 3,000 meetings)
  search      the bytes of the search index, every copy (goal: <= 4 MB at 1k+3k)
With --browser, Chromium figures from file:// (browser_bench.py): the contacts table's
ready time, a sort and a filter, and the first search result, each beside the baseline site's.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 (a script: its folder joins the path first)
from sitekit import (  # noqa: E402
    build_baseline,
    build_rolodex,
    heaviest,
    html_pages,
    load,
    make_baseline,
    sample_kb,
    search_bytes,
)

GOALS = {"ratio": 1.3, "page": 400_000, "search": 4_000_000}


def kb_for(size: str, work: Path) -> Path:
    root = work / f"site-{size}"
    if size == "sample":
        return root if (root / "mkdocs.yml").exists() else sample_kb(root)
    if not (root / "mkdocs.yml").exists():
        n = int(size)
        generate(root, contacts=n // 4, meetings=n - n // 4)
    return root


def bench(kb: Path, repeat: int) -> dict:
    site = kb / "site"
    build_rolodex(kb)  # once for the page count (and a warm disk)
    pages = len(html_pages(site))
    project = make_baseline(kb, kb.parent / f"{kb.name}-baseline", pages)
    base: list[tuple[float, int]] = []
    ours: list[tuple[float, int]] = []
    single: list[tuple[float, int]] = []
    for _ in range(repeat):  # alternate, so a busy spell of the machine weighs on all three
        base.append(build_baseline(project))
        ours.append(build_rolodex(kb))
        single.append(build_rolodex(kb, one_core=True))
    b, o = min(base), min(ours)
    return {
        "pages": pages,
        "baseline": b[0],
        "build": o[0],
        "one_core": min(single)[0],
        "peak_mib": o[1] / 1024,
        "heaviest": heaviest(site),
        "base_heaviest": heaviest(project / "site"),
        "search": search_bytes(site),
        "base_search": search_bytes(project / "site"),
        "site": site,
        "base_site": project / "site",
    }


def kb_text(n: int) -> str:
    return f"{n / 1000:.0f} KB" if n < 1_000_000 else f"{n / 1e6:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="sample,4000", help="comma-separated: numbers of files, or 'sample'")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--browser", action="store_true", help="also measure the sites in Chromium")
    parser.add_argument("--keep", type=Path, help="generate the KBs here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="rolodex-site-bench-"))
    rows = []
    try:
        for size in args.sizes.split(","):
            r = bench(kb_for(size, work), args.repeat)
            if args.browser:
                from browser_bench import measure

                r["browser"] = measure(r["site"], r["base_site"])
            rows.append((size, r))
        report(rows)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def report(rows: list[tuple[str, dict]]) -> None:
    print(f"\n{load()}")
    print(
        f"\n{'files':>7} {'pages':>6} {'baseline s':>10} {'build s':>8} {'ratio':>6} {'1 core s':>9} {'ratio':>6} "
        f"{'ms/page':>8} "
        f"{'peak MiB':>9}   {'max page (baseline)':<44} {'search index (baseline)':<22}"
    )
    for size, r in rows:
        ratio = r["build"] / r["baseline"]
        name, weight = r["heaviest"]
        _, base_weight = r["base_heaviest"]
        page = f"{kb_text(weight)} {name} ({kb_text(base_weight)})"
        search = f"{kb_text(r['search'])} ({kb_text(r['base_search'])})"
        print(
            f"{size:>7} {r['pages']:>6} {r['baseline']:>10.2f} {r['build']:>8.2f} {ratio:>5.2f}x "
            f"{r['one_core']:>9.2f} {r['one_core'] / r['baseline']:>5.2f}x "
            f"{1000 * r['build'] / r['pages']:>8.1f} {r['peak_mib']:>9.0f}   {page:<44} {search:<22}"
        )
    for size, r in rows:
        if size != "4000":
            continue
        ratio = r["build"] / r["baseline"]
        print(
            f"\nat 1k+3k: build {ratio:.2f}x the baseline (goal <= {GOALS['ratio']}x: "
            f"{'ok' if ratio <= GOALS['ratio'] else 'MISSED'}; on one core {r['one_core'] / r['baseline']:.2f}x); "
            f"heaviest page {kb_text(r['heaviest'][1])} "
            f"(goal <= 400 KB: {'ok' if r['heaviest'][1] <= GOALS['page'] else 'MISSED'}); search index "
            f"{kb_text(r['search'])} (goal <= 4 MB: {'ok' if r['search'] <= GOALS['search'] else 'MISSED'})"
        )
    for size, r in rows:
        if "browser" in r:
            from browser_bench import report as browser_report

            print(f"\nChromium, from file:// ({size} files):")
            browser_report(r["browser"])


if __name__ == "__main__":
    main()
