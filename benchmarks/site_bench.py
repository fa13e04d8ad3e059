"""Benchmark `rolodex build` against a plain MkDocs build of the same pages, and print ratios.

    python benchmarks/site_bench.py [--sizes 400,1000,4000] [--repeat 2]

For each size (pages ≈ contacts + meetings; a quarter contacts) it generates a
KB (seeded) and times, as separate processes, best of --repeat:

  baseline  `mkdocs build` (Material theme, search, a small nav) of the very pages
            Rolodex generates, exported as static Markdown by `rolodex export site`
  build     `rolodex build` of the KB (loading, follow-ups, page generation, MkDocs)

It prints the ratio (goal: build <= 1.3x baseline), the time per page (goal:
flat within 20% from 400 to 4,000 pages), peak memory (max RSS) and site size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 (a script: its folder joins the path first)

STATIC_MKDOCS = """\
site_name: Static baseline
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
  - offline
nav:
  - Home: index.md
  - Follow-ups: due.md
  - Contacts: contacts.md
  - Meetings: meetings.md
"""


def run(argv: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak memory (KiB, max RSS) of one command in a child process."""
    env = dict(os.environ, ROLODEX_TODAY="2026-11-26", ROLODEX_NO_CACHE="1")
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{output.decode(errors='replace')}")
    return seconds, usage.ru_maxrss


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench(root: Path, repeat: int) -> dict:
    py = sys.executable
    static = root.parent / f"{root.name}-static"
    if not static.exists():
        subprocess.run(
            [py, "-m", "rolodex", "--kb", str(root), "export", "site", str(static / "docs")],
            check=True,
            capture_output=True,
            env=dict(os.environ, ROLODEX_TODAY="2026-11-26"),
        )
        (static / "mkdocs.yml").write_text(STATIC_MKDOCS, encoding="utf-8")
    pages = sum(1 for _ in (static / "docs").rglob("*.md"))
    base = min(run([py, "-m", "mkdocs", "build", "-q", "-d", str(static / "site")], static) for _ in range(repeat))
    build = min(run([py, "-m", "rolodex", "--kb", str(root), "build"], root) for _ in range(repeat))
    return {
        "pages": pages,
        "baseline": base[0],
        "build": build[0],
        "peak_mib": build[1] / 1024,
        "site_mib": size_of(root / "site") / 2**20,
        "baseline_site_mib": size_of(static / "site") / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="400,1000,4000", help="comma-separated numbers of contacts + meetings")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="generate the KBs here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="rolodex-site-bench-"))
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            root = work / f"site-{size}"
            if not (root / "mkdocs.yml").exists():
                generate(root, contacts=size // 4, meetings=size - size // 4)
            rows.append((size, bench(root, args.repeat)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"\n{'files':>6} {'pages':>6} {'baseline s':>10} {'build s':>8} {'ratio':>6} {'ms/page':>8} "
        f"{'base ms/page':>12} {'peak MiB':>9} {'site MiB':>9}"
    )
    for size, r in rows:
        ratio = r["build"] / r["baseline"]
        print(
            f"{size:>6} {r['pages']:>6} {r['baseline']:>10.2f} {r['build']:>8.2f} {ratio:>5.2f}x "
            f"{1000 * r['build'] / r['pages']:>8.1f} {1000 * r['baseline'] / r['pages']:>12.1f} "
            f"{r['peak_mib']:>9.0f} {r['site_mib']:>9.1f}"
        )
    per_page = [r["build"] / r["pages"] for _, r in rows]
    spread = max(per_page) / min(per_page) - 1
    worst = max(r["build"] / r["baseline"] for _, r in rows)
    print(
        f"\nworst ratio {worst:.2f}x (goal <= 1.3x: {'ok' if worst <= 1.3 else 'MISSED'}); "
        f"time per page varies {spread:.0%} across sizes (goal <= 20%: {'ok' if spread <= 0.2 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
