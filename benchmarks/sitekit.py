"""What the site benchmarks share: timing a child process, the plain-MkDocs baseline, page weights.

The baseline of issue 16 is a plain MkDocs Material build (search, offline, a small
navigation) of as many *simple* pages as `rolodex build` makes: each a title and a table
of one record's front-matter values, written from the KB's own files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"

BASELINE_MKDOCS = """\
site_name: Plain baseline
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
  - offline
extra:
  polyfills: [assets/iframe-worker.js]  # Rolodex's copy of the file:// search shim (not unpkg.com's)
nav:
  - Home: index.md
  - Contacts: contacts/index.md
  - Meetings: meetings/index.md
"""


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds and peak memory (KiB, max RSS) of one command in a child process."""
    env = dict(os.environ, ROLODEX_TODAY=TODAY, ROLODEX_NO_CACHE="1", **(env or {}))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{output.decode(errors='replace')}")
    return seconds, usage.ru_maxrss


def _cell(value: object) -> str:
    text = " ".join(str(value).split())
    return text.replace("|", "\\|")[:300] or " "


def simple_page(title: str, front: dict) -> str:
    rows = "\n".join(f"| {_cell(k)} | {_cell(v)} |" for k, v in front.items())
    return f"# {title}\n\n| Field | Value |\n|---|---|\n{rows}\n"


def make_baseline(kb: Path, dest: Path, pages: int) -> Path:
    """A plain MkDocs project of `pages` simple pages from the KB's records (padded with more
    simple pages if the KB makes extra pages). Returns the project folder."""
    shutil.rmtree(dest, ignore_errors=True)
    docs = dest / "docs"
    written = 0
    for folder in ("contacts", "meetings"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
        (docs / folder / "index.md").write_text(f"# {folder.title()}\n", encoding="utf-8")
        written += 1
        for path in sorted((kb / folder).rglob("*.md")):
            if path.name.startswith("_"):
                continue
            text = path.read_text(encoding="utf-8")
            front = yaml.safe_load(text.split("\n---", 1)[0][4:]) if text.startswith("---") else {}
            front = front if isinstance(front, dict) else {}
            title = str(front.get("name") or front.get("date") or path.stem)
            (docs / folder / f"{path.stem}.md").write_text(simple_page(title, front), encoding="utf-8")
            written += 1
    (docs / "index.md").write_text("# Plain baseline\n", encoding="utf-8")
    written += 1
    n = 0
    while written < pages:
        (docs / f"extra-{n}.md").write_text(simple_page(f"Extra {n}", {"n": n}), encoding="utf-8")
        n, written = n + 1, written + 1
    (docs / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "tools" / "rolodex" / "site" / "assets" / "iframe-worker.js", docs / "assets")
    (dest / "mkdocs.yml").write_text(BASELINE_MKDOCS, encoding="utf-8")
    return dest


def build_baseline(project: Path) -> tuple[float, int]:
    return run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")], project)


def build_rolodex(kb: Path, site: Path | None = None, *, one_core: bool = False) -> tuple[float, int]:
    """`rolodex build`; `one_core`: with ROLODEX_JOBS=1 (no second process), as the baseline runs."""
    argv = [sys.executable, "-m", "rolodex", "--kb", str(kb), "build"]
    if site is not None:
        argv += ["--site-dir", str(site)]
    return run(argv, kb, {"ROLODEX_JOBS": "1"} if one_core else None)


def html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.name != "404.html"]


def heaviest(site: Path) -> tuple[str, int]:
    """The largest HTML page: (site-relative path, bytes)."""
    path = max(html_pages(site), key=lambda p: p.stat().st_size)
    return path.relative_to(site).as_posix(), path.stat().st_size


def search_bytes(site: Path) -> int:
    """Everything the search ships: the index and its copies (search/search_index.json, .js)."""
    folder = site / "search"
    return sum(p.stat().st_size for p in folder.glob("search_index.*")) if folder.is_dir() else 0


def sample_kb(dest: Path) -> Path:
    """A copy of the repository's sample KB (contacts, meetings, mkdocs.yml, docs) to edit freely."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ("contacts", "meetings", "docs"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def load() -> str:
    """The machine's load average: the seconds of a shared machine mean little without it."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"
