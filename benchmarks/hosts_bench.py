"""Build time of each supported path (docs/longevity.md), on the sample KB and a generated one.

    python benchmarks/hosts_bench.py --material-venv .venv --alt-venv /tmp/alt [--contacts 1000]

The alt environment holds `rolodex[materialx]`, ProperDocs (MaterialX brings it) and Zensical,
as .ci/second-host installs them. Each path runs once; wall seconds, printed as a Markdown table.
The helpers that make a MaterialX copy of a KB and a Zensical project are shared with
tests/test_second_host.py.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"
KB_PARTS = ("contacts", "meetings", "docs", "templates", "mkdocs.yml")


def as_materialx(kb: Path, dest: Path) -> Path:
    """A copy of the KB whose mkdocs.yml names MaterialX and says nothing about fonts."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in KB_PARTS:
        source = kb / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        elif source.is_file():
            shutil.copy2(source, dest / part)
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(\s*)name: material\s*$", r"\1name: materialx", config, count=1)
    config = re.sub(r"(?m)^\s*font:.*\n", "", config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


ZENSICAL_TOML = """\
[project]
site_name = {site_name}
docs_dir = "docs"
site_dir = "site"
use_directory_urls = false
extra_css = ["assets/rolodex/rolodex.css"]
extra_javascript = ["assets/rolodex/rolodex.js"]

[project.theme]
font = false
"""


def zensical_project(folder: Path, site_name: str) -> Path:
    """A Zensical project in `folder` for the tree `rolodex export site folder/docs` writes."""
    folder.mkdir(parents=True, exist_ok=True)
    name = '"' + site_name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    (folder / "zensical.toml").write_text(ZENSICAL_TOML.format(site_name=name), encoding="utf-8")
    return folder


def _run(argv: list[str], cwd: Path | None = None) -> float:
    env = dict(os.environ, ROLODEX_TODAY=TODAY, ROLODEX_NO_CACHE="1")
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}")
    return seconds


def measure(kb: Path, work: Path, material: Path, alt: Path) -> dict[str, float]:
    times = {}
    times["MkDocs + Material (rolodex build)"] = _run(
        [str(material / "bin/rolodex"), "--kb", str(kb), "build", "--today", TODAY, "--site-dir", str(work / "m")]
    )
    x = as_materialx(kb, work / "kb-x")
    times["MkDocs + MaterialX (rolodex build)"] = _run(
        [str(alt / "bin/rolodex"), "--kb", str(x), "build", "--today", TODAY, "--site-dir", str(work / "x")]
    )
    times["ProperDocs + MaterialX (properdocs build)"] = _run(
        [str(alt / "bin/properdocs"), "build", "-q", "-f", "mkdocs.yml", "-d", str(work / "p")], cwd=x
    )
    z = zensical_project(work / "z", "Network")
    export = _run([str(alt / "bin/rolodex"), "--kb", str(kb), "export", "site", "--today", TODAY, str(z / "docs")])
    build = _run([str(alt / "bin/zensical"), "build"], cwd=z)
    times["rolodex export site"] = export
    times["Zensical (zensical build of the export)"] = build
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--material-venv", type=Path, default=REPO / ".venv")
    parser.add_argument("--alt-venv", type=Path, required=True)
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=3000)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big = generate(work / "big", args.contacts, args.meetings)
        rows = {
            "sample KB": measure(REPO, work / "sample", args.material_venv, args.alt_venv),
            f"{args.contacts:,} contacts": measure(big, work / "gen", args.material_venv, args.alt_venv),
        }
    names = list(next(iter(rows.values())))
    print("| path | " + " | ".join(rows) + " |")
    print("| --- |" + " ---: |" * len(rows))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{times[name]:.1f} s" for times in rows.values()) + " |")


if __name__ == "__main__":
    main()
