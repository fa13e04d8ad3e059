"""Shared fixtures: write a KB from a dict of files, run the CLI against it, a fixed today."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import hypothesis
import pytest
from click.testing import CliRunner, Result

from rolodex.cli import main

# No time limits in tests: on a loaded machine Hypothesis' 200 ms deadline failed correct code.
hypothesis.settings.register_profile("rolodex", deadline=None)
hypothesis.settings.load_profile("rolodex")

TODAY = dt.date(2026, 11, 26)
REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

MKDOCS_YML = """\
site_name: Test KB
theme:
  name: material
plugins:
  - search
  - rolodex
"""


def write_kb(root: Path, files: dict[str, str], config: str | None = None) -> Path:
    """Write a KB: mkdocs.yml (default config unless given) plus `files` {relative path: text}.

    Text is dedented, so tests can write files inline and readably.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config if config is not None else MKDOCS_YML, encoding="utf-8")
    (root / "contacts").mkdir(exist_ok=True)
    (root / "meetings").mkdir(exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8", newline="")
    return root


@pytest.fixture
def kb_path(tmp_path: Path) -> Callable[..., Path]:
    """`kb_path({path: text}, config=None)` → the root of a new KB in tmp_path."""

    def make(files: dict[str, str] | None = None, config: str | None = None) -> Path:
        return write_kb(tmp_path / "kb", files or {}, config)

    return make


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """`run(root, *args)` runs `rolodex --kb root args…` with today fixed, as a user would."""
    monkeypatch.setenv("ROLODEX_TODAY", TODAY.isoformat())
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    monkeypatch.delenv("ROLODEX_KB", raising=False)

    def invoke(root: Path | None, *args: str, input: str | None = None) -> Result:
        runner = CliRunner()
        argv = (["--kb", str(root)] if root is not None else []) + list(args)
        return runner.invoke(main, argv, input=input, catch_exceptions=False)

    return invoke


HOSTILE_NAMES = (  # file names: slugs reach page names, item ids, mail drafts and calendar UIDs
    "contacts/<img src=x onerror=alert('slug')>.md",
    "contacts/a\"b'c&d#e.md",
    "contacts/javascript:alert('slugjs').md",
    "meetings/2026-12-01-<svg onload=alert('meetingslug')>.md",
    'meetings/2026-12-02-x" onmouseover="alert(\'editlink\')" y=".md',  # breaks out of an unescaped href
    'docs/notes" onmouseover="alert(\'docname\')" y=".md',  # a hand-written page's edit link, too
)


def hostile_all(dest: Path) -> Path:
    """A copy of fixtures/site-hostile-all plus files whose names are hostile (kept out of git,
    where they could not be checked out on every system)."""
    import shutil

    shutil.copytree(FIXTURES / "site-hostile-all", dest, ignore=shutil.ignore_patterns(".rolodex-cache"))
    for rel in HOSTILE_NAMES:
        text = (
            "---\ndate: 2026-12-01\nwith: eve-evil\n---\n"
            if rel.startswith("meetings/")
            else "# Notes\n\nA page of my own.\n"
            if rel.startswith("docs/")
            else "---\nname: Named by a hostile file\nreferred_by: eve-evil\n---\n"
        )
        (dest / rel).write_text(text, encoding="utf-8")
    return dest


def other_host_loads(site: Path) -> list[tuple[str, str]]:
    """(page, address) for everything a built site's pages would fetch from another host.

    Scripts, styles, fonts, images and frames; ordinary links (a contact's LinkedIn) are not loads.
    """
    found = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(site).as_posix()
        for url in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*?\s(?:src|href)=\"([^\"]+)\"", text):
            if re.match(r"(?i)(https?:)?//", url):
                found.append((rel, url))
        found += [
            (rel, url)
            for url in re.findall(r'(?:src|href)="([^"]*(?:fonts\.googleapis|fonts\.gstatic|unpkg\.com)[^"]*)"', text)
        ]
    return found


def build_site(root: Path, dest: Path, *args: str) -> tuple[int, str]:
    """`rolodex --kb root build --today TODAY --site-dir dest args…` → (exit code, output).

    The parse cache is off, so that building never writes into a fixture folder.
    """
    import os

    saved = os.environ.get("ROLODEX_NO_CACHE")
    os.environ["ROLODEX_NO_CACHE"] = "1"
    try:
        result = CliRunner().invoke(
            main,
            ["--kb", str(root), "build", "--today", TODAY.isoformat(), "--site-dir", str(dest), *args],
            catch_exceptions=False,
        )
    finally:
        if saved is None:
            os.environ.pop("ROLODEX_NO_CACHE", None)
        else:
            os.environ["ROLODEX_NO_CACHE"] = saved
    return result.exit_code, result.output
