"""Files no editor makes, in the folders Rolodex reads: every command ends with exit 0 or 1,
located problems and no traceback, in bounded time and memory.

A named pipe (which blocks a plain read forever), a symlink loop, a file that cannot be
opened, names that are not UTF-8 or hold a newline, a 100,000-line file, YAML's Python and
merge tags, anchors on keys, numbers too long for `int()`, dates at the ends of the calendar.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import TODAY, write_kb
from rolodex.cli import main

SITE_CONFIG = "site_name: Odd\ntheme:\n  name: material\nplugins:\n  - search\n  - offline\n  - rolodex\n"
COMMANDS = (
    ["check"],
    ["check", "--format", "json"],
    ["due"],
    ["due", "--format", "json", "--within", "100000"],
    ["due", "--format", "ics"],
    ["list"],
    ["list", "--format", "json"],
    ["show", "ok-one"],
    ["show", "far-future"],
    ["export", "vcard"],
    ["export", "csv"],
    ["export", "json"],
    ["export", "ics"],
    ["export", "json", "--public"],
)


def odd_kb(root: Path, sentinel: Path) -> Path:
    """A KB with one good contact beside every kind of odd file."""
    write_kb(
        root,
        {
            "contacts/ok-one.md": "---\nname: Ok One\ntouches:\n  - {date: 2026-11-01, kind: outreach}\n---\n",
            "contacts/lines.md": "---\nname: Many Lines\n---\n" + "a line of notes\n" * 100_000,
            "contacts/many-tags.md": "---\nname: Many Tags\ntags:\n"
            + "".join(f"  - t{i}\n" for i in range(2_000))
            + "---\n",
            "contacts/long-line.md": "---\nname: " + "x" * 2_000_000 + "\n---\n",
            "contacts/python-tags.md": f"---\nname: !!python/object/apply:os.system ['touch {sentinel}']\n"
            "title: !!python/object:object {}\n!!python/name:os.system : x\n---\n",
            "contacts/merge-keys.md": "---\nbase: &b {name: Merged, company: Acme}\n<<: *b\n---\n",
            "contacts/anchor-keys.md": "---\n&k name : Anchored\n*k : again\n---\n",
            "contacts/big-number.md": "---\nname: Big Number\ncadence: " + "9" * 5000 + "\n---\n",
            "contacts/far-future.md": "---\nname: Far Future\nsnooze_until: 9999-12-31\ncadence: 36500\n"
            "touches:\n  - {date: 9999-12-31, kind: call}\n  - {date: 0001-01-01, kind: outreach}\n---\n",
            "meetings/9999-12-31-far-future.md": "---\ndate: 9999-12-31 23:59\nwith: far-future\nstatus: held\n"
            "duration: 10080\nreferrals: [{name: Someone Far}]\n---\n",
            "meetings/0001-01-01-far-future.md": "---\ndate: 0001-01-01\nwith: [far-future, ok-one]\nstatus: planned\n"
            "follow_ups: [{task: x, due: 9999-12-31}]\n---\n",
            "meetings/2026-11-20-ok-one.md": "---\ndate: 2026-11-20\nwith: ok-one\nduration: 99999999999999999999\n---\n",
        },
        config=SITE_CONFIG,
    )
    contacts = root / "contacts"
    os.mkfifo(contacts / "pipe.md")
    os.mkfifo(root / "meetings" / "2026-11-21-pipe.md")
    os.symlink("loop-b.md", contacts / "loop-a.md")
    os.symlink("loop-a.md", contacts / "loop-b.md")
    os.symlink(".", contacts / "here")  # a folder loop, not followed
    deep = contacts
    for _ in range(1200):  # deeper than Python's recursion limit
        deep = deep / "d"
        os.mkdir(deep)
    (deep / "deep-down.md").write_text("---\nname: Deep Down\n---\n", encoding="utf-8")
    with open(os.fsencode(contacts) + b"/latin-\xe9.md", "wb") as handle:
        handle.write(b"---\nname: Latin Name\n---\n")
    (contacts / "new\nline.md").write_text("---\nname: Newline Name\n---\n", encoding="utf-8")
    (root / "meetings" / "2026-11-22-new\nline.md").write_text(
        "---\ndate: 2026-11-22\nwith: ok-one\n---\n", encoding="utf-8"
    )
    return root


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _rolodex(root: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command in its own process: a hang becomes a timeout, a leak a MemoryError."""
    return subprocess.run(
        [sys.executable, "-m", "rolodex", "--kb", str(root), *argv],
        capture_output=True,
        text=True,
        errors="replace",
        preexec_fn=_limit,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, ROLODEX_NO_CACHE="1", ROLODEX_TODAY=TODAY.isoformat()),
    )


@pytest.fixture(scope="module")
def odd(tmp_path_factory) -> Iterator[tuple[Path, Path]]:
    tmp = tmp_path_factory.mktemp("odd")
    yield odd_kb(tmp / "kb", tmp / "PWNED"), tmp / "PWNED"
    _remove_deep(tmp / "kb" / "contacts" / "d")


def _remove_deep(top: Path) -> None:
    """Remove the deep folders bottom-up without recursion: shutil.rmtree (so pytest's own
    clean-up of old temporary folders) and os.walk recurse, and would fail on them."""
    folders, stack = [], [str(top)]
    while stack:
        folder = stack.pop()
        folders.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


@pytest.mark.skipif(sys.platform != "linux", reason="named pipes, RLIMIT_AS and non-UTF-8 names as on Linux")
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_every_command_survives_odd_files(odd, argv: list[str]) -> None:
    root, sentinel = odd
    proc = _rolodex(root, *argv)
    assert proc.returncode in (0, 1), (argv, proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-3000:]
    assert not sentinel.exists(), "a YAML tag ran code"


@pytest.mark.skipif(sys.platform != "linux", reason="named pipes, RLIMIT_AS and non-UTF-8 names as on Linux")
def test_imports_survive_odd_files(odd, tmp_path: Path) -> None:
    """An import reads the whole KB to match people: odd files there must not stop it."""
    root, sentinel = odd
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ok One\r\nEMAIL:ok@example.com\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:New\x1b]0;x\x07 Person\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ok,One,https://www.linkedin.com/in/ok-one,,Acme,Boss,20 Nov 2026\n",
        encoding="utf-8",
    )
    for argv in (["import", "vcard", str(card), "--dry-run"], ["import", "linkedin", str(csv), "--dry-run"]):
        proc = _rolodex(root, *argv)
        assert proc.returncode in (0, 1), (argv, proc.stderr[-3000:])
        assert "Traceback" not in proc.stderr + proc.stdout
        assert "Dry run (nothing written)" in proc.stdout, proc.stdout
    assert not sentinel.exists()


@pytest.mark.skipif(sys.platform != "linux", reason="named pipes and non-UTF-8 names as on Linux")
def test_odd_files_are_located_problems(odd) -> None:
    root, _ = odd
    proc = _rolodex(root, "check", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    found = {(p["path"], p["line"], p["code"]): p["message"] for p in json.loads(proc.stdout)}
    assert found[("contacts/pipe.md", None, "unreadable")] == "not a regular file (a named pipe or a device?); not read"
    assert ("meetings/2026-11-21-pipe.md", None, "unreadable") in found
    assert (
        found[("contacts/loop-a.md", None, "unreadable")]
        == "a symbolic link that leads back to itself (a loop); not read"
    )
    assert ("contacts/loop-b.md", None, "unreadable") in found
    assert found[("contacts/latin-\ufffd.md", None, "unreadable")] == "the file name is not valid UTF-8; rename it"
    assert found[("contacts/new?line.md", None, "unreadable")].startswith("the file name holds a control character")
    assert ("meetings/2026-11-22-new?line.md", None, "unreadable") in found
    assert found[("contacts/big-number.md", 3, "bad-value")].startswith("'cadence' should be at most 36,500 days")
    assert found[("meetings/2026-11-20-ok-one.md", 4, "bad-value")].startswith(
        "'duration' should be at most 10,080 minutes"
    )
    assert ("contacts/python-tags.md", 2, "wrong-type") in found
    assert ("contacts/merge-keys.md", 3, "unknown-key") in found
    assert ("contacts/anchor-keys.md", 2, "duplicate-key") in found
    assert all(not any(0xD800 <= ord(ch) <= 0xDFFF for ch in path) for path, _, _ in found)
    listed = json.loads(_rolodex(root, "list", "--format", "json").stdout)
    assert "Deep Down" in {c["name"] for c in listed}


@pytest.mark.skipif(sys.platform != "linux", reason="named pipes and non-UTF-8 names as on Linux")
def test_site_builds_over_odd_files(odd, tmp_path: Path) -> None:
    """Your own site builds; a public one stops, as a contact file that was never read (a pipe,
    a link loop, an odd name) may be a private person's."""
    root, sentinel = odd
    proc = _rolodex(root, "build", "--site-dir", str(tmp_path / "site"), timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "site" / "meetings" / "9999-12-31-far-future.html").is_file()
    public = _rolodex(root, "build", "--site-dir", str(tmp_path / "public"), "--public", timeout=300)
    assert public.returncode == 1 and "Traceback" not in public.stderr
    assert (
        "contacts/pipe.md: error: not read (not a regular file (a named pipe or a device?)): whether it"
        in public.stderr
    )
    assert "[maybe-private]" in public.stderr and not (tmp_path / "public").exists()
    assert not sentinel.exists()


def test_dates_at_the_ends_of_the_calendar_give_far_items(kb_path, run) -> None:
    """A meeting in year 9999 plus a thank-you delay, or one in year 1 minus the research days,
    is an item at the calendar's end, not an OverflowError."""
    root = kb_path(
        {
            "contacts/far.md": "---\nname: Far\ntouches: [{date: 9999-12-30, kind: call}]\n---\n",
            "meetings/9999-12-31-far.md": "---\ndate: 9999-12-31 23:59\nwith: far\nstatus: held\n---\n",
            "meetings/0001-01-01-far.md": "---\ndate: 0001-01-01\nwith: far\nstatus: planned\n---\n",
        }
    )
    result = run(root, "due", "--format", "json", "--within", "99999999")
    assert result.exit_code == 0, result.output
    items = {item["id"]: item["due"] for item in json.loads(result.output[result.output.index("[") :])}
    assert items["thank-you:9999-12-31-far:far"] == "9999-12-31"
    ics = run(root, "due", "--format", "ics", "--within", "99999999")
    assert ics.exit_code == 0 and "UID:thank-you:9999-12-31-far:far@rolodex" in ics.output


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_today_far_away_is_a_usage_error(kb_path, day: str) -> None:
    root = kb_path({"contacts/far.md": "---\nname: Far\n---\n"})
    for argv in (["due"], ["list"], ["build"]):
        result = CliRunner().invoke(main, ["--kb", str(root), *argv, "--today", day])
        assert (
            result.exit_code == 2
            and "is too far away: pretend a day between 1900-01-01 and 9998-12-31" in result.output
        )


def test_a_file_that_cannot_be_opened_is_a_located_problem(kb_path, run, monkeypatch) -> None:
    """Permission denied (simulated: the tests may run as root, who may read anything)."""
    root = kb_path(
        {
            "contacts/ok-one.md": "---\nname: Ok One\n---\n",
            "contacts/locked.md": "---\nname: Locked\n---\n",
            "meetings/2026-11-20-locked.md": "---\ndate: 2026-11-20\nwith: ok-one\n---\n",
        }
    )
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    for argv in (["check", "--format", "json"], ["due"], ["list"], ["show", "ok-one"], ["export", "json"]):
        result = run(root, *argv)
        assert result.exit_code in (0, 1), (argv, result.output)
    problems = json.loads(run(root, "check", "--format", "json").output)
    assert {(p["path"], p["message"]) for p in problems} >= {
        ("contacts/locked.md", "cannot read: Permission denied"),
        ("meetings/2026-11-20-locked.md", "cannot read: Permission denied"),
    }


def test_edits_refuse_front_matter_nested_too_deeply_to_check(kb_path, run, tmp_path) -> None:
    """Valid YAML 980 levels deep loads (an unknown key), but an edit's checks cannot walk it:
    log, done and import refuse cleanly and write nothing."""
    deep = "x:\n" + "".join("  " * i + "k:\n" for i in range(1, 980)) + "  " * 980 + "v\n"
    root = kb_path(
        {
            "contacts/nest.md": "---\nname: Nest\n" + deep + "---\n",
            "meetings/2026-11-20-nest.md": "---\ndate: 2026-11-20\nwith: nest\nfollow_ups: [{task: x, due: 2026-11-22}]\n"
            + deep
            + "---\n",
        }
    )
    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    assert run(root, "check").exit_code == 0
    for argv in (["log", "nest", "call"], ["done", "follow-up:2026-11-20-nest:x"]):
        result = run(root, *argv)
        assert result.exit_code == 1, (argv, result.output)
        assert "nested too deeply to check an edit; nothing was written" in result.output, result.output
    card = tmp_path / "nest.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nest\r\nTITLE:Boss\r\nEND:VCARD\r\n", encoding="utf-8")
    result = run(root, "import", "vcard", str(card))
    assert "nested too deeply" in result.output and "1 file could not be written" in result.output
    assert {p: p.read_bytes() for p in root.rglob("*.md")} == before


def test_a_contacts_folder_linked_outside_the_kb_is_not_read(tmp_path, run) -> None:
    """A cloned repository can hold a symbolic link; like a linked file, a linked folder leading
    out of the KB is reported, not read (its notes would land on the site)."""
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "diary.md").write_text("---\nname: Dear Diary\n---\nvery private\n", encoding="utf-8")
    root = write_kb(tmp_path / "kb", {"meetings/2026-11-20-x.md": "---\ndate: 2026-11-20\nwith: x\n---\n"})
    (root / "contacts").rmdir()
    os.symlink(elsewhere, root / "contacts")
    result = run(root, "check", "--format", "json")
    problems = {(p["path"], p["code"]): p["message"] for p in json.loads(result.output)}
    assert problems[("contacts", "unreadable")] == "a symbolic link to a folder outside the knowledge base; not read"
    assert "Dear Diary" not in run(root, "list").output


@pytest.mark.parametrize("where", ["outside the KB", "inside the KB"])
def test_a_linked_subfolder_inside_contacts_is_reported(tmp_path, run, where) -> None:
    """A linked folder below contacts/ was skipped without a word, whereas a linked file is
    reported: now it is reported too (followed, it could lead out, loop, or read files twice)."""
    root = write_kb(tmp_path / "kb", {"contacts/jane-doe.md": "---\nname: Jane Doe\n---\n", "notes/x.md": "x"})
    elsewhere = tmp_path / "team" if where == "outside the KB" else root / "notes"
    elsewhere.mkdir(exist_ok=True)
    (elsewhere / "sam-okafor.md").write_text("---\nname: Sam Okafor\n---\n", encoding="utf-8")
    os.symlink(elsewhere, root / "contacts" / "team")
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 1
    problems = {(p["path"], p["code"]): p["message"] for p in json.loads(result.output)}
    assert problems[("contacts/team", "unreadable")] == (
        "a symbolic link to a folder; not read (move the folder here, or link its files one by one)"
    )
    assert "Sam Okafor" not in run(root, "list").output
