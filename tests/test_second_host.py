"""The sample KB built by the other supported paths (docs/longevity.md): MaterialX through
`rolodex build` and `properdocs build`, and the `rolodex export site` tree through Zensical.

These need `rolodex[materialx]`, ProperDocs and Zensical, which the test environment does not
hold (it has Material): .ci/second-host runs this file in an environment of its own, with
$ROLODEX_SECOND_HOST set, where a missing piece fails instead of skipping. With
$ROLODEX_SECOND_HOST_OUT the sites are built there, for the browser checks that follow
(test_site_browser.py, `second_host`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, TODAY, other_host_loads
from rolodex.site import themes

sys.path.insert(0, str(REPO / "benchmarks"))
from hosts_bench import as_materialx, zensical_project

sys.path.pop(0)

BIN = Path(sys.executable).parent


def _need(what: bool, reason: str) -> None:
    if not what:
        if os.environ.get("ROLODEX_SECOND_HOST"):
            pytest.fail(f".ci/second-host: {reason}")
        pytest.skip(f"{reason} (.ci/second-host installs it and runs this file)")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    _need("materialx" in themes.installed(), "MaterialX is not installed")
    for tool in ("rolodex", "properdocs", "zensical"):
        _need((BIN / tool).exists(), f"{BIN / tool} is not installed")
    given = os.environ.get("ROLODEX_SECOND_HOST_OUT")
    return Path(given) if given else tmp_path_factory.mktemp("second-host")


def _run(argv: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, ROLODEX_TODAY=TODAY.isoformat(), ROLODEX_NO_CACHE="1")
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{argv}: {done.stdout}{done.stderr}"
    return done


@pytest.fixture(scope="module")
def kb(out: Path) -> Path:
    kb = out / "kb"
    if kb.exists():
        shutil.rmtree(kb)
    kb = as_materialx(REPO, kb)
    config = (kb / "mkdocs.yml").read_text(encoding="utf-8")
    assert "name: materialx" in config and "font" not in config
    return kb


@pytest.fixture(scope="module")
def rolodex_site(kb: Path, out: Path) -> tuple[Path, str]:
    site = out / "rolodex-build"
    done = _run(
        [
            str(BIN / "rolodex"),
            "--kb",
            str(kb),
            "build",
            "--strict",
            "--today",
            TODAY.isoformat(),
            "--site-dir",
            str(site),
        ]
    )
    return site, done.stdout + done.stderr


@pytest.fixture(scope="module")
def properdocs_site(kb: Path, out: Path) -> Path:
    site = out / "properdocs-build"
    _run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)], cwd=kb)
    return site


@pytest.fixture(scope="module")
def zensical_site(kb: Path, out: Path) -> tuple[Path, Path]:
    project = zensical_project(out / "zensical", "Sam Rivera's network")
    if (project / "docs").exists():
        shutil.rmtree(project / "docs")
    _run([str(BIN / "rolodex"), "--kb", str(kb), "export", "site", "--today", TODAY.isoformat(), str(project / "docs")])
    _run([str(BIN / "zensical"), "build"], cwd=project)
    return project / "site", project / "docs"


def _generator(site: Path) -> str:
    found = re.search(r'<meta name="generator" content="([^"]*)"', (site / "index.html").read_text(encoding="utf-8"))
    assert found
    return found.group(1)


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def _article(page: Path) -> str:
    found = re.search(r"<article\b.*?</article>", page.read_text(encoding="utf-8"), re.S)
    assert found, page
    return found.group(0)


def test_rolodex_build_with_materialx_loads_nothing_from_another_host(rolodex_site):
    site, output = rolodex_site
    assert _generator(site).startswith("mkdocs-1.") and "mkdocs-materialx-" in _generator(site)
    assert other_host_loads(site) == []
    assert "font" not in output.lower() and "no 'offline' plugin" not in output  # materialx/offline is found
    assert (site / "assets" / "rolodex" / "iframe-worker.js").is_file()
    assert (site / "search" / "pagefind-entry.json").is_file()  # MaterialX searches with Pagefind
    hector = (site / "contacts" / "hector-vargas.html").read_text(encoding="utf-8")
    assert "Hector Vargas" in hector and "Northside Community Foundation" in hector


def test_properdocs_builds_the_same_pages_with_the_same_content(rolodex_site, properdocs_site):
    site, _ = rolodex_site
    assert "ProperDocs" in _generator(properdocs_site) and "mkdocs-materialx-" in _generator(properdocs_site)
    assert other_host_loads(properdocs_site) == []
    assert _pages(properdocs_site) == _pages(site)
    assert len(_pages(site)) > 40
    for page in sorted(_pages(site)):
        assert _article(properdocs_site / page) == _article(site / page), page


def test_zensical_builds_every_page_of_the_exported_tree(zensical_site, rolodex_site):
    site, docs = zensical_site
    assert _generator(site).startswith("zensical-")
    assert other_host_loads(site) == []
    exported = {p.relative_to(docs).with_suffix(".html").as_posix() for p in docs.rglob("*.md")}
    assert exported <= _pages(site)
    # every contact and meeting page the plugin makes, Zensical makes from the export
    plugin_built, _ = rolodex_site
    records = {p for p in _pages(plugin_built) if p.startswith(("contacts/", "meetings/"))}
    assert records and records <= _pages(site)
    hector = (site / "contacts" / "hector-vargas.html").read_text(encoding="utf-8")
    assert "Hector Vargas" in hector and "Northside Community Foundation" in hector
