"""How long `rolodex serve` takes to show an edited contact, and a full build for comparison.

    python benchmarks/serve_bench.py [--size 4000] [--edits 3]

Generates a KB (seeded; a quarter contacts), starts `rolodex serve` on a free
port of 127.0.0.1, waits for the first build, then edits one contact's body
--edits times and measures, for each, the seconds from the write until the
served contact page shows the new text. Prints the first build's time and
each edit's latency. (Ratios, not seconds, are what compare across machines.)
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 (a script: its folder joins the path first)


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
    parser.add_argument("--size", type=int, default=4000, help="contacts + meetings")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the KB here and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="rolodex-serve-bench-"))
    root = work / f"serve-{args.size}"
    if not (root / "mkdocs.yml").exists():
        generate(root, contacts=args.size // 4, meetings=args.size - args.size // 4)
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
        contact = root / "contacts" / "person-00007.md"
        url = f"http://127.0.0.1:{port}/contacts/person-00007.html"  # the offline plugin: .html pages
        first = wait_for(url, "person-00007", 600)
        print(f"{args.size} files: first build served after {first:.1f} s")
        original = contact.read_text(encoding="utf-8")
        for n in range(1, args.edits + 1):
            marker = f"Edited note number {n} {time.time_ns()}"
            contact.write_text(original + f"\n{marker}\n", encoding="utf-8")
            seconds = wait_for(url, marker, 600)
            print(f"  edit {n}: the page showed the change after {seconds:.1f} s")
            time.sleep(1)
        contact.write_text(original, encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
