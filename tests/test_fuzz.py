"""Broken input never crashes: mutated files and random front matter.

Every command that reads the KB must end with exit 0 or 1 and located
problems, never a traceback. The corpus is built from the sample KB's own
files, mutated in the ways hand-edited files and other apps break them.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, write_kb
from rolodex.core.model import Problem
from rolodex.core.parse import parse_file

SAMPLES = sorted((REPO / "contacts").rglob("[!_]*.md"))[:4] + sorted((REPO / "meetings").glob("[!_]*.md"))[:4]
COMMANDS = (["check"], ["check", "--format", "json"], ["due"], ["due", "--format", "json"], ["list"])


def mutations(data: bytes, rng: random.Random) -> list[tuple[str, bytes]]:
    """The ways a file breaks: cut short, bytes flipped, NULs, other encodings, tabs, huge values."""
    text = data.decode("utf-8")
    out = []
    for cut in sorted(rng.sample(range(1, len(data)), 6)):
        out.append((f"truncated@{cut}", data[:cut]))
    for n in range(4):
        buf = bytearray(data)
        for _ in range(1 + n * 3):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        out.append((f"flipped{n}", bytes(buf)))
    out.append(("nul", data[:40] + b"\x00" + data[40:]))
    out.append(("latin1", text.replace("e", "é").encode("latin-1", errors="replace")))
    out.append(("utf16", text.encode("utf-16")))
    out.append(("tabs", text.replace("  ", "\t").encode()))
    out.append(("crlf-mixed", text.replace("\n", "\r\n", 3).encode()))
    out.append(("cr-only", text.replace("\n", "\r").encode()))
    out.append(("no-close", text.replace("\n---\n", "\n", 1).encode()))
    out.append(("huge-value", text.replace("---\n", "---\nnote_big: " + "x" * 10_000_000 + "\n", 1).encode()))
    out.append(("deep-flow", ("---\nname: " + "[" * 5000 + "]" * 5000 + "\n---\n").encode()))
    out.append(("deep-block", ("---\n" + "".join(" " * i + f"k{i}:\n" for i in range(300)) + "---\n").encode()))
    out.append(("alias-bomb", _alias_bomb().encode()))
    out.append(("dup-keys", text.replace("---\n", "---\nname: A\nname: B\n", 1).encode()))
    out.append(("list-root", b"---\n- a\n- b\n---\n"))
    out.append(("scalar-root", b"---\njust text\n---\n"))
    out.append(("empty", b""))
    out.append(("only-dashes", b"---\n---\n"))
    out.append(("bom-only", b"\xef\xbb\xbf"))
    return out


def wrong_types(text: str) -> list[tuple[str, bytes]]:
    """Every top-level value replaced by a list, a mapping, a number, null, and a date."""
    out = []
    lines = text.split("\n")
    for replacement in ("[1, 2]", "{a: b}", "12", "~", "2026-02-30", "!!binary aGVsbG8=", "&x [*x]"):
        new = [
            (line.split(":", 1)[0] + ": " + replacement) if line and line[0].isalpha() and ":" in line else line
            for line in lines
        ]
        out.append((f"all-{replacement}", "\n".join(new).encode()))
    return out


def _alias_bomb() -> str:
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    lines += ["name: *a9", "touches: *a9", "tags: *a9", "with: *a9", "referrals: *a9", "follow_ups: *a9", "---", ""]
    return "\n".join(lines)


def _assert_clean(result, label: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{label}: {type(result.exception).__name__}: {result.exception}\n{result.output}"
    )
    assert result.exit_code in (0, 1), f"{label}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output, label


def test_mutated_corpus_never_crashes(tmp_path: Path, run) -> None:
    """Each mutated file, dropped into a KB beside good ones, gives exit 0/1 and no traceback."""
    from click.testing import CliRunner

    from rolodex.cli import main

    rng = random.Random(20261126)
    corpus = []
    for sample in SAMPLES:
        data = sample.read_bytes()
        folder = sample.parent.name if sample.parent.name in ("contacts", "meetings") else "contacts"
        corpus += [
            (folder, sample.stem, name, blob) for name, blob in mutations(data, rng) + wrong_types(data.decode())
        ]
    assert len(corpus) > 200
    root = write_kb(tmp_path / "kb", {})
    tried = 0
    for folder, stem, name, blob in corpus:
        target = root / folder / f"{stem}.md"
        target.write_bytes(blob)
        for argv in COMMANDS:
            result = CliRunner().invoke(main, ["--kb", str(root), *argv, "--today", "2026-11-26"])
            _assert_clean(result, f"{folder}/{stem} {name} {' '.join(argv)}")
            tried += 1
        target.unlink()
    assert tried == len(corpus) * len(COMMANDS)


def test_problems_are_located_for_every_mutation(tmp_path: Path) -> None:
    """Parsing a mutated file returns problems whose path is the file and whose line is in range."""
    rng = random.Random(7)
    for sample in SAMPLES:
        data = sample.read_bytes()
        kind = "meeting" if sample.parent.name == "meetings" else "contact"
        for name, blob in mutations(data, rng):
            record, problems = parse_file(kind, f"{kind}s/x.md", "x", blob)
            lines = blob.count(b"\n") + 1
            for problem in problems:
                assert isinstance(problem, Problem)
                assert problem.path == f"{kind}s/x.md"
                assert problem.line is None or 1 <= problem.line <= lines, (name, problem)


def test_odd_files_in_folders(tmp_path: Path, run) -> None:
    """A dangling symlink and a symlink out of the KB are reported, not followed; a folder named x.md is a folder."""
    outside = tmp_path / "outside.md"
    outside.write_text("---\nname: Secret Person\n---\n", encoding="utf-8")
    root = write_kb(tmp_path / "kb", {"contacts/good.md": "---\nname: Good\n---\n"})
    (root / "contacts" / "folder.md").mkdir()
    (root / "contacts" / "folder.md" / "inside.md").write_text("---\nname: Inside\n---\n", encoding="utf-8")
    os.symlink(root / "contacts" / "missing-target.md", root / "contacts" / "dangling.md")
    os.symlink(outside, root / "contacts" / "escape.md")
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 1
    import json

    problems = {(p["path"], p["code"]) for p in json.loads(result.output)}
    assert ("contacts/dangling.md", "unreadable") in problems
    assert ("contacts/escape.md", "unreadable") in problems
    listed = run(root, "list", "--format", "json")
    assert "Secret Person" not in listed.output
    assert "Inside" in listed.output
    assert listed.exit_code == 0


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is how we bound memory")
def test_alias_bomb_is_bounded(tmp_path: Path) -> None:
    """A billion-laughs file is read in bounded memory: the check finishes under a 1 GiB limit."""
    root = write_kb(tmp_path / "kb", {"contacts/bomb.md": _alias_bomb(), "meetings/2026-01-01-bomb.md": _alias_bomb()})

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    proc = subprocess.run(
        [sys.executable, "-m", "rolodex", "--kb", str(root), "check"],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,
        env=dict(os.environ, ROLODEX_NO_CACHE="1"),
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "contacts/bomb.md:" in proc.stdout


# --- random front matter -----------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["Yes", "ON", "0123", "12:30", "never", "2026-02-30", "[[x]]"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
KEYS = [
    "name",
    "title",
    "email",
    "phone",
    "links",
    "tags",
    "touches",
    "referred_by",
    "cadence",
    "archived",
    "date",
    "with",
    "kind",
    "status",
    "thank_you",
    "referrals",
    "follow_ups",
    "questions",
    "duration",
    "other",
]
front_matter = st.dictionaries(st.sampled_from(KEYS), values, max_size=10)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter, st.sampled_from(["contact", "meeting"]))
def test_random_front_matter_never_raises(data: dict, kind: str) -> None:
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nbody\n"
    record, problems = parse_file(kind, f"{kind}s/x.md", "2026-01-01-x" if kind == "meeting" else "x", text.encode())
    assert all(isinstance(p, Problem) and p.severity in ("error", "warning") for p in problems)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(blob: bytes) -> None:
    for kind in ("contact", "meeting"):
        parse_file(kind, "contacts/x.md", "x", b"---\n" + blob)
        parse_file(kind, "contacts/x.md", "x", blob)


def test_site_builds_over_a_corpus_of_broken_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`rolodex build` with every mutation at once: problems never break the build, nor crash it."""
    from click.testing import CliRunner

    from rolodex.cli import main

    rng = random.Random(99)
    root = write_kb(
        tmp_path / "kb",
        {},
        config="site_name: Fuzz\ntheme:\n  name: material\nplugins:\n  - search\n  - offline\n  - rolodex\n",
    )
    n = 0
    for sample in SAMPLES:
        folder = sample.parent.name if sample.parent.name in ("contacts", "meetings") else "contacts"
        for name, blob in mutations(sample.read_bytes(), rng) + wrong_types(sample.read_text(encoding="utf-8")):
            if name == "huge-value":
                continue  # ten megabytes once is enough (the CLI corpus has it); keep the build quick
            n += 1
            stem = f"2026-01-{n % 28 + 1:02d}-m{n}" if folder == "meetings" else f"c{n}"
            (root / folder / f"{stem}.md").write_bytes(blob)
    assert n > 200
    monkeypatch.setenv("ROLODEX_TODAY", "2026-11-26")
    result = CliRunner().invoke(main, ["--kb", str(root), "build", "--site-dir", str(tmp_path / "site")])
    _assert_clean(result, "build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "problems.html").is_file()
    strict = CliRunner().invoke(main, ["--kb", str(root), "build", "--strict", "--site-dir", str(tmp_path / "strict")])
    _assert_clean(strict, "build --strict")
    assert strict.exit_code == 1
