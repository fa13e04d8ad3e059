"""Benchmark the CLI against a baseline measured in the same run, and print ratios.

    python benchmarks/run.py [--sizes 1000,10000,40000] [--repeat 3] [--site]

For each size (number of files: a quarter contacts, three quarters meetings) it
generates a KB (seeded), then times, as separate processes, best of --repeat:

  baseline   read every file and parse its front matter with PyYAML's C loader
  check/due cold   no parse cache (first run after a clone)
  check/due warm   with the parse cache filled by a previous run (answered from the
                   remembered whole-run result: nothing is parsed or loaded)
  load warm        the parse cache alone: every record read back from .rolodex-cache/
                   (what `list`, `build` and a `check` after an edit elsewhere pay)
  stats, review, who   the insight commands (issue #15), parse cache filled; no goal yet

and prints each time with its ratio to the baseline. Goals (issue #7): cold
<= 1.5x, warm <= 0.25x. With --site it also times `rolodex build` against a
plain `mkdocs build` of as many static pages (goal <= 1.3x; see site_bench.py).
The machine is shared and noisy: compare ratios, not seconds.
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

BASELINE = r"""
import os, sys, yaml
loader = yaml.CSafeLoader
root = sys.argv[1]
n = 0
for folder in ("contacts", "meetings"):
    for dirpath, dirs, files in os.walk(os.path.join(root, folder)):
        for name in files:
            if name.endswith(".md"):
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    text = f.read()
                front = text.split("\n---", 1)[0][4:]
                yaml.load(front, Loader=loader)
                n += 1
print(n)
"""

GOALS = {"cold": 1.5, "warm": 0.25}


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def best(fn, repeat: int) -> float:
    return min(fn() for _ in range(repeat))


def bench_cli(root: Path, repeat: int) -> list[tuple[str, float]]:
    env = dict(os.environ, ROLODEX_TODAY="2026-11-26")
    env.pop("ROLODEX_NO_CACHE", None)
    py = sys.executable
    rolodex = [py, "-m", "rolodex", "--kb", str(root)]
    cache = root / ".rolodex-cache"
    results = [
        ("baseline (read + PyYAML C load)", best(lambda: timed([py, "-c", BASELINE, str(root)], root, env), repeat))
    ]
    for command in ("check", "due"):

        def cold() -> float:
            shutil.rmtree(cache, ignore_errors=True)
            return timed(rolodex + [command], root, env)

        results.append((f"{command} cold", best(cold, repeat)))
        timed(rolodex + [command], root, env)  # fill the cache
        results.append((f"{command} warm", best(lambda: timed(rolodex + [command], root, env), repeat)))
    load = [
        py,
        "-c",
        "import sys; from pathlib import Path; from rolodex.kb.loader import load; load(Path(sys.argv[1]))",
    ]
    shutil.rmtree(cache, ignore_errors=True)
    timed(load + [str(root)], root, env)  # fill the parse cache
    results.append(("load from parse cache", best(lambda: timed(load + [str(root)], root, env), repeat)))
    for argv in (["stats", "--by", "month"], ["stats", "--by", "tag"], ["review"], ["who", "a"]):
        results.append(
            (" ".join(argv) + " (parse cache filled)", best(lambda: timed(rolodex + argv, root, env), repeat))
        )
    return results


GOAL_SIZE = 40_000  # the goals are set for 10,000 contacts + 30,000 meetings


def report(size: int, results: list[tuple[str, float]]) -> None:
    base = results[0][1]
    print(f"\n{size:,} files ({size // 4:,} contacts, {size - size // 4:,} meetings)")
    print(f"  {'what':<34} {'seconds':>8} {'ratio':>7}  goal")
    for name, seconds in results:
        ratio = seconds / base
        kind = name.rsplit(" ", 1)[-1]
        goal = GOALS.get(kind)
        if goal is None:
            verdict = ""
        elif size < GOAL_SIZE:
            verdict = f"({goal}x applies at {GOAL_SIZE:,} files; here start-up time weighs more)"
        else:
            verdict = f"<= {goal:<5} {'ok' if ratio <= goal else 'MISSED'}"
        print(f"  {name:<34} {seconds:8.2f} {ratio:6.2f}x  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,40000", help="comma-separated numbers of files")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the KBs here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="rolodex-bench-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            root = work / f"kb-{size}"
            if not (root / "mkdocs.yml").exists():
                generate(root, contacts=size // 4, meetings=size - size // 4)
            report(size, bench_cli(root, args.repeat))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
