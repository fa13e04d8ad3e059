"""While serving, unchanged pages reuse their HTML: the site must come out exactly the same."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO
from rolodex.site import plugin


def _build(root: Path, dest: Path, *, serving: bool) -> None:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(dest))
    if serving:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".rolodex-cache", "tests", "tools")
    )
    monkeypatch.setenv("ROLODEX_TODAY", "2026-11-26")
    monkeypatch.chdir(root)
    yield root
    plugin._SERVING = None


def test_rebuilds_from_kept_html_equal_a_fresh_build(kb: Path, tmp_path: Path) -> None:
    _build(kb, tmp_path / "fresh", serving=False)
    _build(kb, tmp_path / "first", serving=True)
    kept = plugin._SERVING
    assert kept is not None and len(kept._pages) > 40
    calls = []  # a rebuild: a new plugin (as `mkdocs serve` makes one), the same process
    original = kept.put
    kept.put = lambda *a: calls.append(a[0]) or original(*a)
    _build(kb, tmp_path / "second", serving=False)
    assert calls == []  # every page came from the kept renderings
    assert _files(tmp_path / "second") == _files(tmp_path / "fresh")


def test_an_edit_shows_and_only_that_page_renders_again(kb: Path, tmp_path: Path) -> None:
    _build(kb, tmp_path / "first", serving=True)
    kept = plugin._SERVING
    contact = kb / "contacts" / "grace-liu.md"
    contact.write_text(
        contact.read_text(encoding="utf-8") + "\nMet her at the spring alumni panel.\n", encoding="utf-8"
    )
    rendered = []
    original = kept.put
    kept.put = lambda key, page, html: rendered.append(page.file.src_uri) or original(key, page, html)
    _build(kb, tmp_path / "second", serving=False)
    page = (tmp_path / "second" / "contacts" / "grace-liu.html").read_text(encoding="utf-8")
    assert "Met her at the spring alumni panel." in page
    assert rendered == ["contacts/grace-liu.md"]
    index = (tmp_path / "second" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "spring alumni panel" in index and "Hector Vargas" in index


def test_a_plain_build_keeps_nothing(kb: Path, tmp_path: Path) -> None:
    _build(kb, tmp_path / "site", serving=False)
    assert plugin._SERVING is None
