"""Record pages' data as HTML that skips Markdown, and the navigation rendered once (issue 16)."""

from __future__ import annotations

from pathlib import Path

import markdown

from conftest import REPO, build_site
from rolodex.site import markup, navonce


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
    code, output = build_site(REPO, once)
    assert code == 0, output
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
