"""Benchmark `rolodex sync mail` on a large generated mbox, against Python's `mailbox`, and print ratios.

    python benchmarks/mail_bench.py [--messages 100000] [--contacts 300] [--repeat 2] [--dir DIR]

It writes (seeded, into a temporary folder unless --dir; never into the repository) an mbox
of --messages messages as a mail program keeps them: mail from you to contacts and from
them to you, mailing lists and automatic mail, mail with strangers, multipart messages
and the odd attachment. Then it times, as separate processes, best of --repeat:

  baseline  Python's `mailbox.mbox` reading every message's From, To, Cc, Date, Subject
            and Message-ID (the stdlib's way to read an mbox's headers)
  sync      `rolodex sync mail` of the mbox into a fresh copy of a KB of --contacts
            contacts (reading, deciding and writing every touch)
  resync    the same sync again: nothing new, nothing written

and prints each time, its ratio to the baseline (goals: sync <= 1.5x, resync <= 0.2x)
and each process's peak memory (max RSS). With --flat it also syncs a tenth of the
messages, to show that memory does not grow with the size of the mailbox.
The machine is shared and noisy: compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import email.utils
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"sync": 1.5, "resync": 0.2}
ME = "sam.rivera@example.org"
WORDS = [
    "coffee",
    "quick",
    "question",
    "follow",
    "up",
    "intro",
    "thanks",
    "meeting",
    "next",
    "week",
    "agenda",
    "draft",
    "notes",
    "panel",
    "article",
    "policy",
    "council",
    "budget",
    "transit",
    "housing",
    "interview",
    "press",
    "release",
    "schedule",
    "call",
]
LOREM = [
    "Thanks",
    "for",
    "getting",
    "back",
    "to",
    "me.",
    "I",
    "wanted",
    "to",
    "follow",
    "up",
    "on",
    "what",
    "we",
    "discussed",
    "about",
    "the",
    "council's",
    "transit",
    "plan",
    "and",
    "the",
    "people",
    "working",
    "on",
    "it.",
    "Would",
    "you",
    "have",
    "fifteen",
    "minutes",
    "next",
    "week?",
]

BASELINE = r"""
import mailbox, sys
n = 0
for message in mailbox.mbox(sys.argv[1]):
    for name in ("From", "To", "Cc", "Date", "Subject", "Message-ID"):
        message[name]
    n += 1
print(n)
"""

# Runs a command and prints its peak memory: the maximum resident set of its one child.
MEASURED = r"""
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def contacts(n: int) -> list[tuple[str, str, str]]:
    """(slug, name, address) of n contacts."""
    first = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Farah", "Gus", "Hana", "Ivan", "Jun", "Kofi", "Lena"]
    last = ["Adler", "Bauer", "Costa", "Diaz", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen"]
    out = []
    for i in range(n):
        name = f"{first[i % len(first)]} {last[(i // len(first)) % len(last)]} {i}"
        slug = name.lower().replace(" ", "-")
        out.append((slug, name, f"{slug}@org{i % 37}.example"))
    return out


def write_kb(root: Path, people: list[tuple[str, str, str]]) -> None:
    (root / "contacts").mkdir(parents=True)
    (root / "meetings").mkdir()
    (root / "mkdocs.yml").write_text(
        f"site_name: Bench\nplugins:\n  - search\n  - rolodex:\n      me:\n        name: Sam Rivera\n        email: {ME}\n"
    )
    for slug, name, address in people:
        (root / "contacts" / f"{slug}.md").write_text(
            f"---\nname: {name}\nemail: {address}\ntags: [bench]\n---\n## Notes\n\nMet at a panel.\n"
        )


def write_mbox(path: Path, messages: int, people: list[tuple[str, str, str]], seed: int = 1) -> None:
    rng = random.Random(seed)
    start = dt.datetime(2020, 1, 1, 8, tzinfo=dt.UTC)
    step = dt.timedelta(days=6 * 365) / messages
    strangers = [f"person{i}@mail{i % 53}.example" for i in range(5000)]
    lists = [f"list{i}.lists.example" for i in range(40)]
    with open(path, "wb") as out:
        for i in range(messages):
            when = start + step * i
            roll = rng.random()
            extra = ""
            if roll < 0.07:  # from you to a contact (sometimes two, one in Cc)
                _, name, address = rng.choice(people)
                frm, to = f"Sam Rivera <{ME}>", f"{name} <{address}>"
                if rng.random() < 0.2:
                    extra = f"Cc: {rng.choice(people)[2]}\n"
            elif roll < 0.12:  # from a contact to you
                _, name, address = rng.choice(people)
                frm, to = f"{name} <{address}>", f"Sam Rivera <{ME}>"
            elif roll < 0.45:  # mailing lists and newsletters
                frm, to = f"News <news@{rng.choice(lists)}>", ME
                extra = f"List-Id: <{rng.choice(lists)}>\nList-Unsubscribe: <mailto:leave@lists.example>\n"
            elif roll < 0.5:  # automatic mail
                frm, to = "no-reply@shop.example", ME
                extra = "Auto-Submitted: auto-generated\n"
            elif roll < 0.85:  # strangers to you
                frm, to = f"Someone <{rng.choice(strangers)}>", ME
            else:  # you to strangers
                frm, to = f"Sam Rivera <{ME}>", rng.choice(strangers)
            subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9)))
            if rng.random() < 0.1:
                subject = "=?UTF-8?B?" + base64.b64encode(("Café " + subject).encode()).decode() + "?="
            body = " ".join(rng.choice(LOREM) for _ in range(rng.randint(20, 500)))
            body = "\n".join(body[j : j + 76] for j in range(0, len(body), 76))
            header = (
                f"From {frm.split('<')[-1].rstrip('>')} {when.strftime('%a %b %d %H:%M:%S %Y')}\n"
                f"Return-Path: <{frm.split('<')[-1].rstrip('>')}>\n"
                f"Received: from mx{i % 7}.example.net (mx{i % 7}.example.net [192.0.2.{i % 250}])\n"
                f"\tby mail.example.org with ESMTPS id {i:x}; {email.utils.format_datetime(when)}\n"
                f"Message-ID: <{i}.{rng.getrandbits(48):x}@mail.example>\n"
                f"Date: {email.utils.format_datetime(when)}\nFrom: {frm}\nTo: {to}\n{extra}"
                f"Subject: {subject}\nMIME-Version: 1.0\n"
            )
            if rng.random() < 0.01:  # an attachment now and then
                blob = base64.encodebytes(rng.randbytes(rng.randint(20_000, 200_000))).decode()
                message = (
                    header + 'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\n'
                    "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n--b1\n"
                    'Content-Type: application/pdf; name="notes.pdf"\nContent-Transfer-Encoding: base64\n\n'
                    + blob
                    + "--b1--\n"
                )
            else:
                message = header + "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n"
            out.write(message.encode() + b"\n")


def measured(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(seconds, peak resident memory in MiB) of one run of argv."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *argv], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    seconds = time.perf_counter() - start
    if done[0] != "0":
        raise SystemExit(f"failed: {' '.join(argv)}")
    return seconds, int(done[1]) // 1024


def bench(work: Path, messages: int, n_contacts: int, repeat: int) -> dict[str, tuple[float, int]]:
    people = contacts(n_contacts)
    mbox = work / f"mail-{messages}.mbox"
    if not mbox.exists():
        print(f"generating {messages:,} messages…", file=sys.stderr)
        write_mbox(mbox, messages, people)
    template = work / "kb-template"
    if not template.exists():
        write_kb(template, people)
    env = dict(os.environ, ROLODEX_TODAY="2026-11-26", TZ="UTC")
    env.pop("ROLODEX_NO_CACHE", None)
    py = sys.executable
    results: dict[str, tuple[float, int]] = {}

    def best(name: str, run) -> None:
        times = [run() for _ in range(repeat)]
        results[name] = min(times)

    best("baseline", lambda: measured([py, "-c", BASELINE, str(mbox)], env))
    kb = work / "kb"

    def first() -> tuple[float, int]:
        shutil.rmtree(kb, ignore_errors=True)
        shutil.copytree(template, kb)
        return measured([py, "-m", "rolodex", "--kb", str(kb), "sync", "mail", str(mbox)], env)

    best("sync", first)
    best("resync", lambda: measured([py, "-m", "rolodex", "--kb", str(kb), "sync", "mail", str(mbox)], env))
    touches = sum(p.read_text().count("\n  - date: ") for p in (kb / "contacts").glob("*.md"))
    print(f"{messages:,} messages ({mbox.stat().st_size / 2**20:,.0f} MiB), {n_contacts} contacts, {touches:,} touches")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--flat", action="store_true", help="also sync a tenth of the messages, to compare memory")
    parser.add_argument("--dir", type=Path, help="keep the generated data here (default: a temporary folder)")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="rolodex-mail-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        sizes = [args.messages // 10, args.messages] if args.flat else [args.messages]
        for size in sizes:
            results = bench(work, size, args.contacts, args.repeat)
            base = results["baseline"][0]
            for name, (seconds, rss) in results.items():
                ratio = "" if name == "baseline" else f"  {seconds / base:.2f}x (goal <= {GOALS[name]}x)"
                print(f"  {name:<9} {seconds:7.2f} s  {rss:5d} MiB max RSS{ratio}")
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
