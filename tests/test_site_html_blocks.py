"""Record pages' data as HTML that skips Markdown, and the navigation rendered once (issue 16)."""

from __future__ import annotations

import os
from pathlib import Path

import markdown

from conftest import REPO, build_site
from rolodex.site import bothcores, markup, navonce, pages


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_marked_blocks_skip_markdown_and_come_back_whole():
    block = "<table><tbody><tr><td>*not emphasis* [not](a-link.md) &#60;x&#62;</td></tr></tbody></table>"
    page = f"# Title\n\n{markup.html_block(block)}\n\nSome **notes**.\n\n{markup.html_block('<p>two</p>')}\n"
    text, blocks = markup.stash_html(page, "rolodexhtmltest")
    assert blocks == [block, "<p>two</p>"]
    assert "<table" not in text and "rolodexhtmltest0x" in text and "rolodexhtmltest1x" in text
    html = markup.unstash_html(markdown.markdown(text), "rolodexhtmltest", blocks)
    assert block in html and "<p>two</p>" in html and "<strong>notes</strong>" in html
    assert "rolodexhtmltest" not in html and "<em>" not in html


def test_notes_cannot_pass_for_a_marker():
    for notes in (
        "<!--rolodex:html-->",
        "<!--/rolodex:html-->",
        "<!--rolodex:<!--rolodex:html-->html-->",
        "x <!--rolodex:html--> y <!--/rolodex:html--> z",
    ):
        cleaned = markup.notes_text(notes)
        assert markup.stash_html(cleaned + "\n" + markup.html_block("<p>ours</p>"), "tok")[1] == ["<p>ours</p>"]


def test_a_note_holding_a_marker_swallows_nothing(kb_path, tmp_path):
    root = kb_path(
        {
            "contacts/ann.md": "---\nname: Ann Lee\ncompany: Acme\n---\n## Notes\n"
            "Opens a block: <!--rolodex:html--> and **stays Markdown**.\n",
            "meetings/2026-11-10-ann.md": "---\ndate: 2026-11-10\nwith: ann\n---\n## Notes\nFine.\n",
        }
    )
    code, output = build_site(root, tmp_path / "site", "--strict")
    assert code == 0, output
    page = (tmp_path / "site" / "contacts" / "ann" / "index.html").read_text(encoding="utf-8")
    assert "<strong>stays Markdown</strong>" in page  # the notes were read as Markdown
    assert "<th>Date</th>" in page and "2026-11-10-ann/" in page  # the timeline that follows is whole
    assert "<strong>Company:</strong>" in page and "rolodexhtml" not in page


def test_navigation_rendered_once_is_the_navigation_rendered_every_time(tmp_path, monkeypatch):
    once, every = tmp_path / "once", tmp_path / "every"
    built: list[navonce.NavOnce] = []
    install = navonce.NavOnce.install

    def installing(self, env):
        built.append(self)
        install(self, env)

    monkeypatch.setattr(navonce.NavOnce, "install", installing)
    code, output = build_site(REPO, once)
    assert code == 0, output
    # the record pages shared a few navigations (one per folder) instead of one each
    assert built and 1 <= len(built[-1].rendered) <= 3
    monkeypatch.setattr(navonce.NavOnce, "install", lambda self, env: None)
    code, output = build_site(REPO, every)
    assert code == 0, output
    a, b = _files(once), _files(every)
    assert a.keys() == b.keys()
    differ = [name for name in a if a[name] != b[name] and name != "sitemap.xml.gz"]
    assert differ == []
    pages = [name for name in a if name.endswith(".html")]
    assert len(pages) > 40
    assert not any(b"rolodexhtml" in a[name] for name in pages)  # every marked block was put back


def _one_core_and_two(tmp_path, monkeypatch) -> tuple[dict[str, bytes], dict[str, bytes], list[int]]:
    """The sample site built on one core, then with the record pages shared with a second process."""
    monkeypatch.setattr(bothcores, "MIN_PAGES", 5)
    monkeypatch.setenv("ROLODEX_JOBS", "1")
    code, output = build_site(REPO, tmp_path / "one")
    assert code == 0, output
    monkeypatch.delenv("ROLODEX_JOBS")
    shared: list[int] = []
    start = bothcores.Helper.start

    def counting(self, pages, *args):
        start(self, pages, *args)
        shared.append(len(self.pages))

    monkeypatch.setattr(bothcores.Helper, "start", counting)
    load = bothcores._Later._load

    def loading(self):
        first = self.pages is None
        made = load(self)
        if first:
            shared.append(len(made))
        return made

    monkeypatch.setattr(bothcores._Later, "_load", loading)
    code, output = build_site(REPO, tmp_path / "two", "--strict")
    assert code == 0, output
    return _files(tmp_path / "one"), _files(tmp_path / "two"), shared


def test_a_second_core_builds_the_same_site(tmp_path, monkeypatch):
    one, two, shared = _one_core_and_two(tmp_path, monkeypatch)
    # the second process generated record pages, then rendered and wrote some
    assert len(shared) == 2 and shared[0] >= 10 and shared[1] >= 10
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name] and name != "sitemap.xml.gz"] == []


def test_a_failed_second_process_leaves_its_pages_to_the_first(tmp_path, monkeypatch):
    monkeypatch.setattr(bothcores, "_child", lambda *args: os._exit(3))
    here, record_pages = os.getpid(), pages.record_pages

    def failing_there(*args, **kwargs):
        if os.getpid() != here:
            raise RuntimeError("the second process fails")
        return record_pages(*args, **kwargs)

    monkeypatch.setattr(pages, "record_pages", failing_there)
    one, two, shared = _one_core_and_two(tmp_path, monkeypatch)
    assert shared == [0, shared[1]] and shared[1] >= 10  # it generated nothing; it was given pages
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name] and name != "sitemap.xml.gz"] == []
