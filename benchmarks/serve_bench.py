"""How long `rolodex serve` takes to show an edited contact, beside the first (full) build.

    python benchmarks/serve_bench.py [--size 4000|sample] [--edits 5]

Generates a KB (seeded; a quarter contacts; `sample` copies this repository's sample KB),
starts `rolodex serve` on a free port of 127.0.0.1, waits for the first build, then edits
one contact --edits times, each edit on top of the last, and measures, for each, the
seconds from the write until the served contact page shows the new text: a line added to
its notes (the body) on odd edits, its company (front matter, which hub pages, drafts and
the calendar show too) on even ones. Prints each latency, the medians (all, notes,
company), and the first build of the same run as the baseline (goals, issue 16: a median
of <= 1.0 s at 1,000 contacts + 3,000 meetings, <= 0.3 s on the sample KB).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 (a script: its folder joins the path first)
from sitekit import load, sample_kb  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def wait_for(url: str, text: str, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {limit:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="4000", help="contacts + meetings, or 'sample'")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate the KB here and keep it")
    args = parser.parse_args()
    if args.edits < 2:
        parser.error("--edits: at least 2 (one of each kind)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="rolodex-serve-bench-"))
    root = work / f"serve-{args.size}"
    if args.size == "sample":
        sample_kb(root)
        slug = "grace-liu"
    else:
        size = int(args.size)
        if not (root / "mkdocs.yml").exists():
            generate(root, contacts=size // 4, meetings=size - size // 4)
        slug = "person-00007"
    port = free_port()
    env = dict(os.environ, ROLODEX_TODAY="2026-11-26")
    server = subprocess.Popen(
        [sys.executable, "-m", "rolodex", "--kb", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        contact = root / "contacts" / f"{slug}.md"
        url = f"http://127.0.0.1:{port}/contacts/{slug}.html"  # the offline plugin: .html pages
        first = wait_for(url, "<h1", 600)
        print(f"{args.size} files ({load()}): first build served after {first:.2f} s")
        original = text = contact.read_text(encoding="utf-8")
        if not re.search(r"(?m)^company: ", original):
            raise SystemExit(f"{contact} has no company line to edit")
        seconds: dict[str, list[float]] = {"notes": [], "company": []}
        for n in range(1, args.edits + 1):
            marker = f"Edited{n}x{time.time_ns()}"
            what = "notes" if n % 2 else "company"
            if what == "notes":  # a line more in the body, each edit on top of the last
                text = text + f"\n{marker}\n"
            else:
                text = re.sub(r"(?m)^company: .*$", f"company: {marker}", text, count=1)
            contact.write_text(text, encoding="utf-8")
            seconds[what].append(wait_for(url, marker, 600))
            print(f"  edit {n} ({what}): the page showed the change after {seconds[what][-1]:.2f} s")
            time.sleep(1.5)
        contact.write_text(original, encoding="utf-8")
        every = seconds["notes"] + seconds["company"]
        print(
            f"median {statistics.median(every):.2f} s after an edit ({statistics.median(every) / first:.2f}x the "
            f"first build, {first:.2f} s, of the same run); notes {statistics.median(seconds['notes']):.2f} s, "
            f"company {statistics.median(seconds['company']):.2f} s"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
