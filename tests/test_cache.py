"""The parse cache: faster warm runs, never a stale or unsafe answer."""

from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path

import pytest

from conftest import REPO, write_kb
from rolodex.core.model import Contact
from rolodex.kb import cache
from rolodex.kb.loader import load

CONTACT = "---\nname: Jane Doe\ncompany: Acme\n---\n"


def _kb(tmp_path: Path) -> Path:
    root = write_kb(
        tmp_path / "kb",
        {
            "contacts/jane-doe.md": CONTACT,
            "meetings/2026-11-20-jane-doe.md": "---\ndate: 2026-11-20\nwith: jane-doe\n---\n",
        },
    )
    _written_earlier(root)
    return root


def _written_earlier(root: Path) -> None:
    """Files saved a minute ago: a file modified in the very tick the cache reads it is racy
    (read again next time), so tests of reuse start from files that have settled."""
    for path in (root / "contacts").rglob("*.md"):
        os.utime(path, (time.time() - 60, time.time() - 60))
    for path in (root / "meetings").rglob("*.md"):
        os.utime(path, (time.time() - 60, time.time() - 60))


def test_cache_is_written_ignored_by_git_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _kb(tmp_path)
    first, _ = load(root)
    assert len(list((root / ".rolodex-cache").glob("parsed-*.json"))) == 2  # two files, two shards
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
    shards = {p.name: p.stat().st_mtime_ns for p in (root / ".rolodex-cache").glob("parsed-*.json")}
    path = root / "contacts" / "jane-doe.md"
    path.write_text(CONTACT.replace("Acme", "Acme Civic Labs"), encoding="utf-8")
    load(root)
    after = {p.name: p.stat().st_mtime_ns for p in (root / ".rolodex-cache").glob("parsed-*.json")}
    changed = {name for name in after if after[name] != shards.get(name)}
    assert changed == {cache.CACHE_FILE.format(cache._shard("contacts/jane-doe.md"))}


def test_records_of_unchanged_shards_are_the_same_objects_at_the_next_load(tmp_path: Path) -> None:
    """`rolodex serve` loads after every edit: a shard this process read and that is as it was is
    not decoded again, so its records are the very objects of the last load (compared at once)."""
    root = _kb(tmp_path)
    load(root)  # writes the cache
    first, _ = load(root)
    contact = root / "contacts" / "jane-doe.md"
    assert cache._shard("contacts/jane-doe.md") != cache._shard("meetings/2026-11-20-jane-doe.md")
    contact.write_text(CONTACT.replace("Acme", "Acme Civic Labs"), encoding="utf-8")
    os.utime(contact, (time.time() - 30, time.time() - 30))
    second, _ = load(root)
    assert second.meetings["2026-11-20-jane-doe"] is first.meetings["2026-11-20-jane-doe"]
    assert second.contacts["jane-doe"].company == "Acme Civic Labs"
    third, _ = load(root)  # its shard rewritten by this process: taken as written, and then kept
    assert third.contacts["jane-doe"].company == "Acme Civic Labs"
    assert load(root)[0].contacts["jane-doe"] is third.contacts["jane-doe"]


def test_a_shard_this_process_wrote_is_taken_as_written_and_is_what_a_fresh_load_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rolodex serve` edits one file again and again: the shard the last load wrote is not
    decoded at the next, its records stay the same objects; a new process reads the same."""
    root = _kb(tmp_path)
    load(root)
    contact = root / "contacts" / "jane-doe.md"
    contact.write_text(CONTACT.replace("Acme", "Acme Civic Labs"), encoding="utf-8")
    os.utime(contact, (time.time() - 30, time.time() - 30))
    second, problems = load(root)  # parses it, rewrites its shard
    decode = cache._decode_shard

    def decoded(path: Path, key: str) -> cache._Shard:
        if path.exists():  # (a shard that does not exist is looked for each time: nothing to decode)
            pytest.fail(f"{path.name}, which this process wrote or read, was decoded again")
        return decode(path, key)

    with monkeypatch.context() as patched:
        patched.setattr(cache, "_decode_shard", decoded)
        patched.setattr(cache.parse, "parse_file", lambda *args: pytest.fail("a cached file was parsed again"))
        third, again = load(root)
    assert third.contacts["jane-doe"] is second.contacts["jane-doe"] and again == problems
    cache._READ.clear()  # as a new process finds it
    fresh, fresh_problems = load(root)
    assert fresh.contacts["jane-doe"] is not third.contacts["jane-doe"]
    assert (fresh.contacts, fresh.meetings, fresh_problems) == (third.contacts, third.meetings, again)
    assert [c.lines for c in fresh.contacts.values()] == [c.lines for c in third.contacts.values()]


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


@pytest.mark.parametrize("garbage", [b"", b"not json", b'{"format": "rolodex-cache-2", "key": "', b"[" * 100_000])
def test_a_corrupt_cache_is_rebuilt_silently(tmp_path: Path, garbage: bytes) -> None:
    root = _kb(tmp_path)
    load(root)
    expected, _ = load(root, cache=False)
    shards = sorted((root / ".rolodex-cache").glob("parsed-*.json"))
    assert len(shards) == 2
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


def test_the_code_key_covers_every_module_the_parser_runs() -> None:
    """A change to any rolodex module the parser imports (identity's name keys, the job-ask check…)
    must make old parses untrusted, or a fixed parser would go on serving the old problems."""
    import importlib
    import subprocess
    import sys

    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, rolodex.core.parse; print('\\n'.join(m.__file__ or '' for n, m in sys.modules.items() if n.startswith('rolodex.')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    hashed = {p.resolve() for p in cache.code_files()}
    assert loaded and {Path(f).resolve() for f in loaded} <= hashed
    assert Path(importlib.import_module("rolodex.core.identity").__file__ or "").resolve() in hashed


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
    assert not list((root / ".rolodex-cache").glob("parsed-*.json"))


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
    target = root / ".rolodex-cache" / "check.json"
    assert target.is_file()
    target.write_bytes(pickle.dumps({"key": "whatever", "value": _Evil()}))
    again = _cli(root, "check", "--today", "2026-11-26", monkeypatch=monkeypatch)
    assert again.output == first.output
    assert not (tmp_path / "pwned").exists()


# --- planted, forged and stale caches (issue 17) ---------------------------------------------

# 69 bytes of pickle that, while being read, set an attribute on the Contact class itself
# (BUILD with a slot state): every contact's `email` becomes the attacker's.
_CLASS_TAMPER = (
    b"\x80\x02crolodex.core.model\nContact\nN}X\x05\x00\x00\x00emailX\x10\x00\x00\x00evil@example.nets\x86b."
)


def test_a_planted_cache_cannot_change_a_record_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is plain data: no cache file, whatever its name or bytes, reaches a class."""
    root = _kb(tmp_path)
    (root / "contacts" / "jane-doe.md").write_text(CONTACT.replace("company", "email: jane@example.org\ncompany"))
    _written_earlier(root)
    folder = root / ".rolodex-cache"
    folder.mkdir()
    saved = dict(vars(Contact))
    try:
        for name in [cache.CACHE_FILE.format(n) for n in range(cache.SHARDS)] + ["check.json", "due.json"]:
            (folder / name).write_bytes(_CLASS_TAMPER)
            (folder / name.replace(".json", ".pickle")).write_bytes(_CLASS_TAMPER)
        result = _cli(root, "export", "csv", monkeypatch=monkeypatch)
        tampered = vars(Contact).get("email") != saved["email"]
    finally:
        for name, value in saved.items():  # put the class back if the old loader changed it
            if name not in ("__dict__", "__weakref__") and vars(Contact).get(name) is not value:
                setattr(Contact, name, value)
    assert not tampered
    assert "jane@example.org" in result.output and "evil@" not in result.output
    # Every planted shard was rewritten as a sound one (or removed, the old format).
    assert not list(folder.glob("*.pickle"))
    for number in range(cache.SHARDS):
        assert json.loads((folder / cache.CACHE_FILE.format(number)).read_text())["format"] == cache.FORMAT


def _mutations() -> dict[str, object]:
    def record(entry: list, index: int, value: object) -> list:
        fields = list(entry[5])
        fields[index] = value
        return entry[:5] + [fields] + entry[6:]

    return {
        "a name that is a number": lambda e: record(e, 2, 5),
        "a tag list holding a mapping": lambda e: record(e, 10, [{"a": 1}]),
        "a field too many": lambda e: e[:5] + [[*e[5], "extra"]] + e[6:],
        "a meeting kind for a contact": lambda e: e[:4] + ["meeting"] + e[5:],
        "an unknown kind": lambda e: e[:4] + ["__class__"] + e[5:],
        "a stamp that is text": lambda e: ["23", *e[1:]],
        "a float for a flag": lambda e: record(e, 18, 1.0),
        "a date that is no date": lambda e: record(e, 16, "2026-13-45"),
        "a date that is a number": lambda e: record(e, 16, 20261201),
        "a problem of unknown severity": lambda e: e[:6] + [[["contacts/jane-doe.md", 1, "fatal", "x", "y"]]],
        "a record under another file's path": lambda e: record(e, 1, "contacts/john-roe.md"),
    }


@pytest.mark.parametrize("mutation", list(_mutations()))
def test_a_malformed_shard_is_ignored_and_rewritten(tmp_path: Path, mutation: str) -> None:
    """A shard is checked field by field against the records' types; one bad value and the
    whole file is distrusted, the files are parsed again and the shard is rewritten."""
    root = _kb(tmp_path)
    load(root)
    shard = root / ".rolodex-cache" / cache.CACHE_FILE.format(cache._shard("contacts/jane-doe.md"))
    data = json.loads(shard.read_text())
    entry = data["files"]["contacts/jane-doe.md"]
    entry[5][2] = "Mallory"  # a forged name: must never show, whatever else is wrong
    data["files"]["contacts/jane-doe.md"] = _mutations()[mutation](entry)
    shard.write_text(json.dumps(data))
    kb, problems = load(root)
    assert kb.contacts["jane-doe"].name == "Jane Doe" and problems == []
    rewritten = json.loads(shard.read_text())["files"]["contacts/jane-doe.md"]
    assert rewritten[5][2] == "Jane Doe"


def _same_size_edit_keeping_mtime(path: Path, old: str, new: str) -> None:
    """What `touch -r`, `cp -p`, `rsync -a` or unpacking an archive do: new bytes, old times."""
    assert len(old) == len(new)
    before = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns


def test_a_same_size_edit_with_the_old_mtime_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _kb(tmp_path)
    contact = root / "contacts" / "jane-doe.md"
    contact.write_text(CONTACT.replace("company: Acme", "priority: high\nprivate: false"))
    _written_earlier(root)
    assert _cli(root, "check", "--today", "2026-11-26", monkeypatch=monkeypatch).exit_code == 0
    assert "Jane Doe" in _cli(root, "export", "csv", "--public", monkeypatch=monkeypatch).output
    _same_size_edit_keeping_mtime(contact, "priority: high\nprivate: false", "priority: urgh\nprivate: true ")
    checked = _cli(root, "check", "--today", "2026-11-26", monkeypatch=monkeypatch)
    assert checked.exit_code == 1 and "urgh" in checked.output
    assert "Jane Doe" not in _cli(root, "export", "csv", "--public", monkeypatch=monkeypatch).output


def test_a_file_replaced_by_a_copy_with_the_same_stamp_is_read(tmp_path: Path) -> None:
    """`cp -p` or a restore puts another file (a new inode) in place, with the same size and mtime."""
    root = _kb(tmp_path)
    load(root)
    contact = root / "contacts" / "jane-doe.md"
    before = contact.stat()
    copy = root / "contacts" / ".restored"
    copy.write_text(CONTACT.replace("Acme", "Zeta"))
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(copy, contact)
    assert contact.stat().st_ino != before.st_ino
    assert load(root)[0].contacts["jane-doe"].company == "Zeta"


def test_a_file_modified_in_the_tick_the_cache_read_it_is_read_again(tmp_path: Path) -> None:
    """Racy entries (git's rule): a cached file whose mtime is not older than the moment the
    cache read it may have changed since without its stamp moving, so it is read again."""
    root = _kb(tmp_path)
    contact = root / "contacts" / "jane-doe.md"
    kb, _ = load(root)
    shard = root / ".rolodex-cache" / cache.CACHE_FILE.format(cache._shard("contacts/jane-doe.md"))
    read_at = json.loads(shard.read_text())["read_at"]
    source = next(f for f in cache_files(root) if f.slug == "jane-doe")
    contact.write_text(CONTACT.replace("Acme", "Zeta"))  # same size
    # The stamps a coarse clock would give: nothing moved. Settled, the cache is trusted …
    settled = type(source)(**{**vars(source), "mtime_ns": read_at - 1})
    cached_entry = json.loads(shard.read_text())["files"]["contacts/jane-doe.md"]
    cached_entry[1] = read_at - 1
    _put_entry(shard, "contacts/jane-doe.md", cached_entry)
    assert cache.parse_sources(root, [settled])[0][0].company == "Acme"
    # … but modified in the very tick it was read, it is racy and read again.
    racy = type(source)(**{**vars(source), "mtime_ns": read_at})
    cached_entry[1] = read_at
    _put_entry(shard, "contacts/jane-doe.md", cached_entry)
    assert cache.parse_sources(root, [racy])[0][0].company == "Zeta"


def _without_file_read_override() -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, out of the bounding set
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl")


def cache_files(root: Path) -> list:
    from rolodex.kb.loader import snapshot

    return list(snapshot(root).files)


def _put_entry(shard: Path, rel: str, entry: list) -> None:
    data = json.loads(shard.read_text())
    data["files"][rel] = entry
    shard.write_text(json.dumps(data))


def test_a_remembered_result_is_racy_when_a_file_is_as_new_as_it(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    calls: list[int] = []

    def compute() -> list[int]:
        calls.append(1)
        return [len(calls)]

    assert cache.remember(root, "test", "k", compute, list[int], 0) == [1]
    computed_at = json.loads((root / ".rolodex-cache" / "test.json").read_text())["computed_at"]
    assert cache.remember(root, "test", "k", compute, list[int], computed_at - 1) == [1]  # reused
    assert cache.remember(root, "test", "k", compute, list[int], computed_at) == [2]  # racy: computed again


def test_a_file_made_unreadable_is_reported_not_served_from_the_cache(tmp_path: Path) -> None:
    """chmod 000 changes only the file's change time: that is enough for the cache, and for
    the remembered `check` result, to read it again (and fail, and say so)."""
    import subprocess
    import sys

    root = _kb(tmp_path)
    env = dict(os.environ, ROLODEX_TODAY="2026-11-26")
    env.pop("ROLODEX_NO_CACHE", None)
    as_user: dict = {}
    if os.geteuid() == 0:  # root reads any file: run rolodex as root without that power
        as_user = {"preexec_fn": _without_file_read_override}
    argv = [sys.executable, "-m", "rolodex", "--kb", str(root), "check"]
    first = subprocess.run(argv, env=env, capture_output=True, text=True, **as_user)
    assert first.returncode == 0, first.stderr
    subprocess.run(argv, env=env, capture_output=True, text=True, **as_user)  # answered from the cache
    (root / "contacts" / "jane-doe.md").chmod(0)
    after = subprocess.run(argv, env=env, capture_output=True, text=True, **as_user)
    assert after.returncode == 1
    assert "contacts/jane-doe.md: error: cannot read: Permission denied [unreadable]" in after.stdout


def test_every_record_of_the_sample_kb_survives_the_cache_exactly() -> None:
    """Plain data back into records: every field, lines included (which equality ignores)."""
    kb, _ = load(REPO, cache=False)
    for record in [*kb.contacts.values(), *kb.meetings.values()]:
        codec = cache._RECORD_CODECS[type(record)]
        back = codec.decode(json.loads(json.dumps(codec.encode(record))))
        assert type(back) is type(record) and vars(back) == vars(record)
