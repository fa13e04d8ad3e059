"""While serving, a rebuild builds only the pages whose inputs changed (site/live.py): the site,
its search index included, must come out exactly as a fresh build makes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page

from conftest import REPO
from rolodex.site import live, plugin


def _build(root: Path, dest: Path, *, serving: bool = False) -> set[str]:
    """Build the KB into `dest`; serving: as `rolodex serve` does (dirty, in the same process).
    Returns the pages built (rendered and written) this time."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(dest))
    if serving and plugin._LIVE is None:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=serving)
    return set(config.plugins["rolodex"].built) if serving else set()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _search_index(site: Path) -> str:
    """The search index as the site ships it (the offline plugin's script form, or the JSON)."""
    files = sorted((site / "search").glob("search_index.*"))
    assert files
    return "".join(f.read_text(encoding="utf-8") for f in files)


def _same_site(served: Path, fresh: Path) -> None:
    built, expected = _files(served), _files(fresh)
    assert sorted(built) == sorted(expected)
    different = [name for name in expected if built[name] != expected[name]]
    assert different == []


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".rolodex-cache", "tests", "tools")
    )
    monkeypatch.setenv("ROLODEX_TODAY", "2026-11-26")
    monkeypatch.chdir(root)
    yield root
    # MkDocs keeps one instance of each plugin per process: the next tests build as `mkdocs build`.
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    live.forget_previous_index(config)
    assert plugin._LIVE is None


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_with_nothing_changed_builds_no_page(kb: Path, tmp_path: Path) -> None:
    first = _build(kb, tmp_path / "served", serving=True)
    assert len(first) > 40
    assert _build(kb, tmp_path / "served", serving=True) == set()
    _build(kb, tmp_path / "fresh")
    _same_site(tmp_path / "served", tmp_path / "fresh")


def test_an_edited_note_builds_its_page_only_and_the_search_index_equals_a_fresh_one(kb: Path, tmp_path: Path) -> None:
    _build(kb, tmp_path / "served", serving=True)
    contact = kb / "contacts" / "grace-liu.md"
    contact.write_text(
        contact.read_text(encoding="utf-8") + "\nMet her at the spring alumni panel.\n", encoding="utf-8"
    )
    built = _build(kb, tmp_path / "served", serving=True)
    assert built == {"contacts/grace-liu.md"}
    page = (tmp_path / "served" / "contacts" / "grace-liu.html").read_text(encoding="utf-8")
    assert "Met her at the spring alumni panel." in page
    _build(kb, tmp_path / "fresh")
    index = _search_index(tmp_path / "served")
    assert "Grace Liu" in index and "Hector Vargas" in index  # (notes are not indexed: site/search.py)
    assert index == _search_index(tmp_path / "fresh")
    _same_site(tmp_path / "served", tmp_path / "fresh")


def test_a_renamed_contact_rebuilds_every_page_that_shows_the_name(kb: Path, tmp_path: Path) -> None:
    _build(kb, tmp_path / "served", serving=True)
    _edit(kb / "contacts" / "grace-liu.md", "name: Grace Liu", "name: Grace Liu-Okafor")
    built = _build(kb, tmp_path / "served", serving=True)
    assert "contacts/grace-liu.md" in built and "contacts/index.md" in built
    assert len(built) < 40  # the pages that show her, not the whole site
    _build(kb, tmp_path / "fresh")
    _same_site(tmp_path / "served", tmp_path / "fresh")


def test_a_deleted_contact_leaves_the_site_and_the_index(kb: Path, tmp_path: Path) -> None:
    _build(kb, tmp_path / "served", serving=True)
    assert (tmp_path / "served" / "contacts" / "grace-liu.html").exists()
    (kb / "contacts" / "grace-liu.md").unlink()
    _build(kb, tmp_path / "served", serving=True)
    assert not (tmp_path / "served" / "contacts" / "grace-liu.html").exists()
    _build(kb, tmp_path / "fresh")
    _same_site(tmp_path / "served", tmp_path / "fresh")


def test_a_page_removed_from_the_site_folder_is_written_again(kb: Path, tmp_path: Path) -> None:
    _build(kb, tmp_path / "served", serving=True)
    (tmp_path / "served" / "contacts" / "grace-liu.html").unlink()
    assert _build(kb, tmp_path / "served", serving=True) == {"contacts/grace-liu.md"}
    _build(kb, tmp_path / "fresh")
    _same_site(tmp_path / "served", tmp_path / "fresh")


def test_a_new_guide_page_rebuilds_every_page_for_the_navigation(kb: Path, tmp_path: Path) -> None:
    _edit(kb / "mkdocs.yml", "  *.md\n", "  *.md\n  !guide-*.md\n")  # the sample leaves docs/ out
    (kb / "docs" / "guide-one.md").write_text("# Guide one\n\nSee [[Grace Liu]].\n", encoding="utf-8")
    first = _build(kb, tmp_path / "served", serving=True)
    assert "guide-one.md" in first
    (kb / "docs" / "guide-two.md").write_text("# Guide two\n\nWritten while serving.\n", encoding="utf-8")
    built = _build(kb, tmp_path / "served", serving=True)
    assert built == first | {"guide-two.md"}  # every page shows the navigation
    _build(kb, tmp_path / "fresh")
    _same_site(tmp_path / "served", tmp_path / "fresh")


def test_a_guide_page_follows_the_name_its_wiki_link_shows(kb: Path, tmp_path: Path) -> None:
    _edit(kb / "mkdocs.yml", "  *.md\n", "  *.md\n  !guide-*.md\n")
    (kb / "docs" / "guide-one.md").write_text("# Guide one\n\nSee [[grace-liu]].\n", encoding="utf-8")
    _build(kb, tmp_path / "served", serving=True)
    _edit(kb / "contacts" / "grace-liu.md", "name: Grace Liu", "name: Grace Liu-Okafor")
    built = _build(kb, tmp_path / "served", serving=True)
    assert "guide-one.md" in built
    assert "Grace Liu-Okafor" in (tmp_path / "served" / "guide-one.html").read_text(encoding="utf-8")
    _build(kb, tmp_path / "fresh")
    _same_site(tmp_path / "served", tmp_path / "fresh")


def test_with_a_site_url_the_served_site_and_its_sitemap_are_a_fresh_builds(kb: Path, tmp_path: Path) -> None:
    """`rolodex serve` sets the site's URL (its own address), which every page's address in the
    sitemap joins; the pages outside the navigation get their values from the last rebuild's, and
    the sitemap is rendered again only when an address comes or goes."""
    _edit(kb / "mkdocs.yml", "site_name:", "site_url: http://127.0.0.1:8000/network/\nsite_name:")
    served = tmp_path / "served"
    _build(kb, served, serving=True)
    written = (served / "sitemap.xml").stat().st_mtime_ns, (served / "sitemap.xml.gz").stat().st_mtime_ns
    _edit(kb / "contacts" / "grace-liu.md", "company: Riverton State University", "company: Harbor Labs")
    built = _build(kb, served, serving=True)
    assert "contacts/grace-liu.md" in built
    assert ((served / "sitemap.xml").stat().st_mtime_ns, (served / "sitemap.xml.gz").stat().st_mtime_ns) == written
    _build(kb, tmp_path / "fresh")
    _same_site(served, tmp_path / "fresh")
    (kb / "contacts" / "ada-obi.md").write_text("---\nname: Ada Obi\n---\n", encoding="utf-8")
    _build(kb, served, serving=True)
    sitemap = (served / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>http://127.0.0.1:8000/network/contacts/ada-obi" in sitemap
    shutil.rmtree(tmp_path / "fresh")
    _build(kb, tmp_path / "fresh")
    _same_site(served, tmp_path / "fresh")


def test_a_page_object_made_from_the_last_ones_values_is_the_one_mkdocs_makes(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(config_file=str(kb / "mkdocs.yml"))
    config.site_url = "http://127.0.0.1:8000/"
    monkeypatch.setattr(config.plugins, "_current_plugin", "rolodex", raising=False)  # as in on_files
    objects = live.PageObjects()

    def new_file() -> File:
        return File.generated(config, "contacts/grace-liu.md", content="# Grace\n", inclusion=InclusionLevel.NOT_IN_NAV)

    first = objects.page(new_file(), config)
    expected = Page(None, new_file(), config)
    with monkeypatch.context() as patched:
        patched.setattr(Page, "__init__", None)  # the second is not made by MkDocs
        file = new_file()
        second = objects.page(file, config)
    assert type(second) is Page and second.file is file and file.page is second
    assert {k: v for k, v in vars(second).items() if k != "file"} == {
        k: v for k, v in vars(expected).items() if k != "file"
    }
    assert second.canonical_url == "http://127.0.0.1:8000/" + file.url  # contacts/grace-liu/ or .html
    assert second.toc is not first.toc and second.meta is not first.meta
    config.site_url = "http://127.0.0.1:8001/"  # another address: made by MkDocs again
    assert objects.page(new_file(), config).canonical_url == "http://127.0.0.1:8001/" + file.url


def test_a_generated_pages_file_kept_for_the_next_rebuild_is_the_one_mkdocs_makes(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(config_file=str(kb / "mkdocs.yml"))
    monkeypatch.setattr(config.plugins, "_current_plugin", "rolodex", raising=False)  # as in on_files
    objects = live.FileObjects()
    path, hidden = "contacts/grace-liu.md", InclusionLevel.NOT_IN_NAV
    first = objects.file(config, path, "# Grace Liu\n", hidden)
    assert first.url and first.abs_dest_path  # worked out, as a build does
    Page(None, first, config)  # and what a build gives it
    first.is_modified = lambda: False  # type: ignore[method-assign]
    again = objects.file(config, path, "# Grace " + "Liu\n", hidden)  # the same text, made again
    assert again is first
    expected = File.generated(config, path, content="# Grace Liu\n", inclusion=hidden)
    assert all((expected.url, expected.abs_dest_path, expected.name, expected.dest_uri))  # worked out too
    assert vars(again) == vars(expected)  # no page, MkDocs' own is_modified
    assert objects.file(config, path, "# Grace Liu-Okafor\n", hidden) is not first
    latest = objects.file(config, path, "# Grace Liu-Okafor\n", InclusionLevel.INCLUDED)
    assert latest.inclusion == InclusionLevel.INCLUDED
    latest.meta_from_another_plugin = True  # type: ignore[attr-defined]
    assert objects.file(config, path, "# Grace Liu-Okafor\n", InclusionLevel.INCLUDED) is not latest


def test_a_plain_build_keeps_nothing(kb: Path, tmp_path: Path) -> None:
    _build(kb, tmp_path / "site")
    assert plugin._LIVE is None


def test_serve_hears_of_a_saved_file_at_once_and_not_of_a_read_one(tmp_path: Path) -> None:
    """MkDocs polls every half second; the system's notifications say at once. A build reads
    every watched file: reading must not start another rebuild."""
    import time

    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.polling import PollingObserver

    folder = tmp_path / "contacts"
    folder.mkdir()
    note = folder / "a.md"
    note.write_text("---\nname: A\n---\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(folder))
    live.notified_at_once(server)
    assert not isinstance(server.observer, PollingObserver)
    server.observer.start()
    try:
        note.read_text(encoding="utf-8")
        time.sleep(0.3)
        assert not server._want_rebuild
        note.write_text("---\nname: B\n---\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server._want_rebuild
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()
