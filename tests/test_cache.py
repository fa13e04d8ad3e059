"""The parse cache: faster warm runs, never a stale or unsafe answer."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from conftest import REPO, write_kb
from rolodex.kb import cache
from rolodex.kb.loader import load

CONTACT = "---\nname: Jane Doe\ncompany: Acme\n---\n"


def _kb(tmp_path: Path) -> Path:
    return write_kb(
        tmp_path / "kb",
        {
            "contacts/jane-doe.md": CONTACT,
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\n---\n",
        },
    )


def test_cache_is_written_ignored_by_git_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _kb(tmp_path)
    first, _ = load(root)
    assert len(list((root / ".rolodex-cache").glob("parsed-*.pickle"))) == 2  # two files, two shards
    assert (root / ".rolodex-cache" / ".gitignore").read_text().splitlines()[-1] == "*"

    def no_parse(*args, **kwargs):
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(cache.parse, "parse_file", no_parse)
    second, _ = load(root)
    assert second.contacts == first.contacts
    assert second.meetings == first.meetings


def test_every_kind_of_record_is_read_back_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A value the cache may not read back (once: a contact's `history`) would make its files parsed every time."""
    root = write_kb(
        tmp_path / "kb",
        {
            "contacts/ann-lee.md": """\
                ---
                name: Ann Lee
                referred_by: jane-doe
                touches: [{date: 2026-11-01, kind: outreach, note: Hi}]
                follow_ups: [{task: Send the paper, due: 2026-11-30}]
                history: [{date: 2025-01-01, company: Acme, title: Analyst}]
                ---
                """,
            "contacts/jane-doe.md": CONTACT,
            "meetings/2026-11-20-ann-lee.md": """\
                ---
                date: 2026-11-20 09:30
                with: [ann-lee]
                referrals: [jane-doe]
                follow_ups: [{task: Intro to Bo, due: 2026-11-25}]
                bogus: 1
                ---
                """,
        },
    )
    first, problems = load(root)
    assert first.contacts["ann-lee"].history and [p.code for p in problems] == ["unknown-key"]
    monkeypatch.setattr(cache.parse, "parse_file", lambda *args: pytest.fail("a cached file was parsed again"))
    second, again = load(root)
    assert (second.contacts, second.meetings, again) == (first.contacts, first.meetings, problems)


def test_editing_one_file_rewrites_only_its_shard(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    load(root)
    shards = {p.name: p.stat().st_mtime_ns for p in (root / ".rolodex-cache").glob("parsed-*.pickle")}
    path = root / "contacts" / "jane-doe.md"
    path.write_text(CONTACT.replace("Acme", "Acme Civic Labs"), encoding="utf-8")
    load(root)
    after = {p.name: p.stat().st_mtime_ns for p in (root / ".rolodex-cache").glob("parsed-*.pickle")}
    changed = {name for name in after if after[name] != shards.get(name)}
    assert changed == {cache.CACHE_FILE.format(cache._shard("contacts/jane-doe.md"))}


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    """Same size, new content: the modification time tells the cache it changed."""
    root = _kb(tmp_path)
    load(root)
    path = root / "contacts" / "jane-doe.md"
    before = path.stat()
    path.write_text(CONTACT.replace("Acme", "Zeta"), encoding="utf-8")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    kb, _ = load(root)
    assert kb.contacts["jane-doe"].company == "Zeta"


def test_a_deleted_file_is_gone_and_a_new_one_appears(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    load(root)
    (root / "contacts" / "jane-doe.md").unlink()
    (root / "contacts" / "john-roe.md").write_text("---\nname: John Roe\n---\n", encoding="utf-8")
    kb, problems = load(root)
    assert list(kb.contacts) == ["john-roe"]
    assert kb.meetings["2026-11-20-jane-doe"].with_[0].slug is None


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps({"key": "old", "files": {}})[:-3]])
def test_a_corrupt_cache_is_rebuilt_silently(tmp_path: Path, garbage: bytes) -> None:
    root = _kb(tmp_path)
    expected, _ = load(root, cache=False)
    shards = sorted((root / ".rolodex-cache").glob("parsed-*.pickle"))
    for shard in shards:
        shard.write_bytes(garbage)
    kb, problems = load(root)
    assert kb.contacts == expected.contacts and problems == []
    assert all(shard.read_bytes() != garbage for shard in shards)


class _Evil:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_a_planted_cache_cannot_run_code(tmp_path: Path) -> None:
    """A pickle naming anything but the record classes is refused, and rebuilt."""
    root = _kb(tmp_path)
    folder = root / ".rolodex-cache"
    folder.mkdir()
    for number in range(cache.SHARDS):
        (folder / cache.CACHE_FILE.format(number)).write_bytes(
            pickle.dumps({"key": cache._code_key(), "files": _Evil()})
        )
    os.chdir(tmp_path)
    kb, _ = load(root)
    assert not (tmp_path / "pwned").exists() and not (root / "pwned").exists()
    assert "jane-doe" in kb.contacts


def test_a_cache_from_other_parser_code_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _kb(tmp_path)
    load(root)
    monkeypatch.setattr(cache, "_code_key", lambda: "another-version")
    calls = []
    real = cache.parse.parse_file
    monkeypatch.setattr(cache.parse, "parse_file", lambda *a: calls.append(a[1]) or real(*a))
    load(root)
    assert sorted(calls) == ["contacts/jane-doe.md", "meetings/2026-11-20-jane-doe.md"]


def test_parallel_parse_gives_the_same_kb(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both cores parse the sample KB to exactly what one core does, problems included."""
    serial = load(REPO, cache=False)
    monkeypatch.setattr(cache, "PARALLEL_MIN_FILES", 1)
    parallel = load(REPO, cache=False)
    assert parallel[0].contacts == serial[0].contacts
    assert parallel[0].meetings == serial[0].meetings
    assert parallel[1] == serial[1]


def test_a_kb_where_the_cache_cannot_be_written_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _kb(tmp_path)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.tempfile, "mkstemp", refuse)
    kb, problems = load(root)
    assert "jane-doe" in kb.contacts and problems == []
    assert not list((root / ".rolodex-cache").glob("parsed-*.pickle"))


# --- remembered whole-run results ----------------------------------------------------------


def _cli(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from rolodex.cli import main

    monkeypatch.delenv("ROLODEX_NO_CACHE", raising=False)
    return CliRunner().invoke(main, ["--kb", str(root), *args], catch_exceptions=False)


def _forbid_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    import rolodex.session as session

    def refuse(*args, **kwargs):
        raise AssertionError("the KB was loaded although nothing changed")

    monkeypatch.setattr(session, "load_snapshot", refuse)


def test_a_repeated_command_answers_without_loading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _kb(tmp_path)
    first_check = _cli(root, "check", "--today", "2026-11-26", monkeypatch=monkeypatch)
    first_due = _cli(root, "due", "--today", "2026-11-26", "--format", "json", monkeypatch=monkeypatch)
    _forbid_loading(monkeypatch)
    again_check = _cli(root, "check", "--today", "2026-11-26", monkeypatch=monkeypatch)
    again_due = _cli(root, "due", "--today", "2026-11-26", "--format", "json", monkeypatch=monkeypatch)
    assert (again_check.output, again_check.exit_code) == (first_check.output, first_check.exit_code)
    assert again_due.output == first_due.output and '"thank-you:2026-11-20-jane-doe:jane-doe"' in again_due.output


def test_remembered_results_follow_edits_and_the_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _kb(tmp_path)
    before = _cli(root, "due", "--today", "2026-11-26", "--format", "json", monkeypatch=monkeypatch)
    assert "thank-you:" in before.output
    later = _cli(root, "due", "--today", "2027-03-01", "--format", "json", monkeypatch=monkeypatch)
    assert "thank-you:" not in later.output  # the thank-you lapsed: a new day, a new answer
    meeting = root / "meetings" / "2026-11-20-jane-doe.md"
    meeting.write_text("---\ndate: 2026-11-20\nwith: jane-doe\nthank_you: 2026-11-21\n---\n", encoding="utf-8")
    after = _cli(root, "due", "--today", "2026-11-26", "--format", "json", monkeypatch=monkeypatch)
    assert "thank-you:" not in after.output
    broken = _cli(root, "check", "--today", "2026-11-26", monkeypatch=monkeypatch)
    meeting.write_text("---\ndate: 2026-11-20\nwith: jane-dooe\n---\n", encoding="utf-8")
    now = _cli(root, "check", "--today", "2026-11-26", monkeypatch=monkeypatch)
    assert broken.exit_code == 0 and now.exit_code == 1 and "unknown-contact" in now.output


def test_tampered_remembered_results_are_recomputed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _kb(tmp_path)
    first = _cli(root, "check", "--today", "2026-11-26", monkeypatch=monkeypatch)
    target = root / ".rolodex-cache" / "check.pickle"
    assert target.is_file()
    target.write_bytes(pickle.dumps({"key": "whatever", "value": _Evil()}))
    again = _cli(root, "check", "--today", "2026-11-26", monkeypatch=monkeypatch)
    assert again.output == first.output
    assert not (tmp_path / "pwned").exists()
