"""Commands that write outside the KB's files never delete or clobber the user's own."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from conftest import REPO

CONFIG = "site_name: Guarded\ntheme:\n  name: material\nplugins:\n  - search\n  - offline\n  - rolodex\n"


@pytest.fixture
def root(kb_path) -> Path:
    return kb_path(
        {
            "contacts/jane-doe.md": "---\nname: Jane Doe\nemail: jane@example.com\n---\n",
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\n---\n## Notes\nTalked.\n",
            "docs/index.md": "# Mine\n",
        },
        config=CONFIG,
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("target", ["contacts", "meetings", "docs", "contacts/sub", ".git", "."])
def test_build_refuses_a_site_folder_holding_the_kb(root: Path, run, target: str) -> None:
    (root / ".git").mkdir()
    before = _files(root)
    result = run(root, "build", "--site-dir", str(root / target))
    assert result.exit_code == 1
    assert "refusing to write the site into" in result.output or "configuration error" in result.output
    assert _files(root) == before


def test_build_refuses_a_folder_above_the_kb(root: Path, run) -> None:
    result = run(root, "build", "--site-dir", str(root.parent))
    assert result.exit_code == 1
    assert (root / "contacts" / "jane-doe.md").is_file()


def test_build_refuses_a_non_empty_folder_that_is_not_a_site(root: Path, run, tmp_path: Path) -> None:
    other = tmp_path / "notes"
    other.mkdir()
    (other / "thesis.md").write_text("years of work", encoding="utf-8")
    result = run(root, "build", "--site-dir", str(other))
    assert result.exit_code == 1 and "not empty and holds no previous site" in result.output
    assert (other / "thesis.md").read_text(encoding="utf-8") == "years of work"


def test_build_replaces_its_own_previous_site(root: Path, run, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run(root, "build", "--site-dir", str(out)).exit_code == 0
    assert run(root, "build", "--site-dir", str(out)).exit_code == 0
    assert (out / "contacts" / "jane-doe.html").is_file()


def test_build_into_an_unwritable_place_is_an_error_not_a_traceback(root: Path, run) -> None:
    result = run(root, "build", "--site-dir", "/proc/rolodex-cannot-write-here")
    assert result.exit_code == 1
    assert result.output.startswith("Error: build failed: cannot write")


def test_export_site_refuses_the_kb_folders_even_with_force(root: Path, run) -> None:
    before = _files(root)
    result = run(root, "export", "site", str(root / "contacts"), "--force")
    assert result.exit_code == 1 and "refusing to write the exported site" in result.output
    assert _files(root) == before


def test_export_to_a_file_says_when_it_replaces_one(root: Path, run, tmp_path: Path) -> None:
    target = tmp_path / "network.vcf"
    first = run(root, "export", "vcard", "-o", str(target))
    assert first.exit_code == 0 and "replaced" not in first.output
    again = run(root, "export", "vcard", "-o", str(target))
    assert again.exit_code == 0 and f"replaced {target}" in again.output
    assert "FN:Jane Doe" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "where, message",
    [
        ("missing/dir/x.json", "does not exist"),
        (".", "is a folder; name a file in it"),
    ],
)
def test_export_to_a_bad_path_is_an_error(root: Path, run, tmp_path: Path, where: str, message: str) -> None:
    result = run(root, "export", "json", "-o", str(tmp_path / where))
    assert result.exit_code == 1 and message in result.output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_serve_on_a_taken_port_is_an_error_not_a_traceback(root: Path, run) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run(root, "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload")
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output


def test_sample_kb_is_untouched_by_a_refused_build(tmp_path: Path, run) -> None:
    copy = tmp_path / "kb"
    shutil.copytree(REPO / "contacts", copy / "contacts")
    shutil.copytree(REPO / "meetings", copy / "meetings")
    shutil.copy(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    (copy / "docs").mkdir()
    before = _files(copy)
    assert run(copy, "build", "--site-dir", str(copy / "meetings")).exit_code == 1
    assert _files(copy) == before
