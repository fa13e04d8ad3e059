"""Minimal, verified, atomic edits: the library under the writing commands.

Property tests generate front matter in many layouts (comments everywhere, flow and
block lists, quoting styles, 2- or 4-space indentation, unindented lists, CRLF, BOM)
and check that adding a touch keeps every original key, value and comment. The
safe-write tests interrupt writes (an error midway, a kill) and race two writers.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import REPO, write_kb
from rolodex.core import frontmatter
from rolodex.core.model import TOUCH_KINDS, Touch
from rolodex.write import document, edit, newfile, safewrite
from rolodex.write.document import Document, EditRefused

TOUCH = Touch(dt.date(2026, 11, 26), "call", "Talked: 20 min")


def yaml_of(data: bytes):
    return yaml.safe_load(frontmatter.split(data.decode("utf-8-sig")).yaml_text)


# --- scalars ---------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(TEXT)
def test_scalar_reads_back_as_the_same_text_everywhere(text):
    rendered = document.scalar(text)
    assert yaml.safe_load(f"k: {rendered}") == {"k": text or None} or (text == "" and rendered == '""')
    assert yaml.safe_load(f"[{{k: {rendered}}}]") == [{"k": text}]
    assert YAML(typ="safe", pure=True).load(f"k: {rendered}") == {"k": text}


@pytest.mark.parametrize(
    "text, rendered",
    [
        ("Said yes", "Said yes"),
        ("Yes", '"Yes"'),
        ("12:30", '"12:30"'),
        ("02139", '"02139"'),
        ("O'Brien", "O'Brien"),
        ("a: b", '"a: b"'),
        ("#1", '"#1"'),
        ("two\nlines", '"two\\nlines"'),
        ("null", '"null"'),
        ("Zoë", "Zoë"),
        ("jane@example.org", "jane@example.org"),
    ],
)
def test_scalar_quotes_only_when_needed(text, rendered):
    assert document.scalar(text) == rendered


# --- the edits -------------------------------------------------------------------------------


def test_follow_up_done_adds_the_key_in_a_block_entry():
    doc = Document.load(
        "meetings/m.md", b"---\ndate: 2026-11-20\nwith: a\nfollow_ups:\n- task: x\n  due: 2026-11-27\n---\n"
    )
    change = edit.set_follow_up_done(doc, 0, dt.date(2026, 11, 26))
    assert (
        change.new
        == b"---\ndate: 2026-11-20\nwith: a\nfollow_ups:\n- task: x\n  due: 2026-11-27\n  done: 2026-11-26\n---\n"
    )
    assert (change.line, change.summary) == (7, "set done: 2026-11-26")


def test_follow_up_done_replaces_only_the_value():
    data = b"---\ndate: 2026-11-20\nwith: a\nfollow_ups: [{task: x, due: 2026-11-27, done: no}]  # c\n---\n"
    change = edit.set_follow_up_done(Document.load("meetings/m.md", data), 0, dt.date(2026, 11, 26))
    assert change.new == data.replace(b"done: no", b"done: 2026-11-26")


def test_touch_after_a_kept_block_scalar_stays_outside_it():
    data = b"---\nname: A\ntouches:\n  - date: 2026-01-01\n    kind: note\n    note: |+\n      keep\n\n---\n"
    change = edit.append_touch(Document.load("contacts/a.md", data), TOUCH)
    assert change.new.endswith(b'      keep\n\n  - date: 2026-11-26\n    kind: call\n    note: "Talked: 20 min"\n---\n')


def test_a_comment_inside_the_last_touch_stays_with_it():
    data = (
        b"---\nname: A\ntouches:\n  - date: 2026-01-01\n    kind: note\n    # note: maybe later\n"
        b"  # a comment at the dash: after the list\n---\n"
    )
    change = edit.append_touch(Document.load("contacts/a.md", data), Touch(dt.date(2026, 11, 26), "call"))
    assert change.new == data.replace(
        b"  # a comment at the dash", b"  - date: 2026-11-26\n    kind: call\n  # a comment at the dash"
    )
    assert change.line == 7


def test_root_flow_mapping_gets_the_key_inside_it():
    change = edit.append_touch(Document.load("contacts/a.md", b"---\n{name: A}\n---\n"), TOUCH)
    assert change.new == b'---\n{name: A, touches: [{date: 2026-11-26, kind: call, note: "Talked: 20 min"}]}\n---\n'


@pytest.mark.parametrize(
    "data, line, code",
    [
        (b"---\nname: A\ntouches: [\n---\n", 4, "yaml-syntax"),
        (b"name: A\n", 1, "no-front-matter"),
        (b"---\nname: A\n", 1, "no-front-matter"),
        (b"---\n- a\n---\n", 2, "not-a-mapping"),
        (b"---\nname: \xff\n---\n", 2, "encoding"),
        (b"---\nname: A\ntouches: []\ntouches: []\n---\n", 4, "duplicate-key"),
        (b"---\nname: A\ntouches: {date: 2026-01-01}\n---\n", 3, "wrong-type"),
    ],
)
def test_refuses_what_it_cannot_edit_safely(data, line, code):
    with pytest.raises(EditRefused) as exc:
        edit.append_touch(Document.load("contacts/a.md", data), TOUCH)
    assert (exc.value.problem.path, exc.value.problem.line, exc.value.problem.code) == ("contacts/a.md", line, code)


def test_verification_refuses_an_edit_that_would_not_mean_what_it_says():
    # The last touch is an alias: its node sits where the anchor is, so the splice would
    # land inside the first touch. The readback catches it and nothing is produced.
    data = b"---\nname: A\ntouches:\n  - &t {date: 2026-01-01, kind: note}\n  - *t\n---\n"
    with pytest.raises(EditRefused) as exc:
        edit.append_touch(Document.load("contacts/a.md", data), TOUCH)
    assert exc.value.problem.code == "edit-refused"
    assert "nothing was written" in exc.value.problem.message


# --- property: random front matter keeps every key, value and comment ------------------------

WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
VALUE = st.text("abcdefghijklmnopqrstuvwxyzABC XYZ0123456789:#'\",-[]{}!&*?|>@éü", min_size=1, max_size=16)
COMMENT = st.text("abcdefghijklmnopqrstuvwxyz :#'-[]", max_size=12)


@st.composite
def rendered(draw, value: str, flow: bool = False) -> str:
    """`value` as YAML in a style drawn at random, each one the test's own (not edit.scalar)."""
    styles = ["double"]
    if "\n" not in value and value.strip() == value:
        styles.append("single")
    plain_ok = value[0].isalpha() and all(c.isalnum() or c == " " for c in value) and value[-1] != " "
    if plain_ok and yaml.safe_load(f"k: {value}") == {"k": value}:
        styles.append("plain")
    style = draw(st.sampled_from(styles))
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


@st.composite
def front_matter(draw):
    """(file bytes, the comments it holds, whether it has touches) in a random layout."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    step = draw(st.sampled_from([2, 4]))  # mapping indentation
    dash = draw(st.sampled_from([0, 2]))  # list dash indentation under its key
    gap = draw(st.sampled_from([1, 3]))  # spaces after the dash
    counter = iter(range(1000))
    comments: list[str] = []

    def comment() -> str:
        text = f"#c{next(counter)}~{draw(COMMENT)}".rstrip()
        comments.append(text)
        return text

    def eol() -> str:
        return ("  " + comment()) if draw(st.booleans()) else ""

    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(comment())
    keys = draw(
        st.lists(
            st.sampled_from(["name", "title", "company", "tags", "links", "email", "goal", "aliases"]),
            unique=True,
            min_size=1,
            max_size=6,
        )
    )
    touches_at = draw(st.integers(0, len(keys))) if draw(st.booleans()) else None
    for i, key in enumerate(keys + ["<touches>"]):
        if i == touches_at:
            lines += draw(touch_block(step, dash, gap, comment, eol))
        if key == "<touches>":
            break
        if draw(st.booleans()):
            lines.append(" " * draw(st.sampled_from([0, step])) + comment())
        if key in ("tags", "aliases"):
            values = [draw(rendered(draw(VALUE))) for _ in range(draw(st.integers(1, 3)))]
            if draw(st.booleans()):
                lines.append(f"{key}: [{', '.join(values)}]" + eol())
            else:
                lines.append(f"{key}:" + eol())
                lines += [" " * dash + "-" + " " * gap + v + eol() for v in values]
        elif key == "links":
            lines.append("links:" + eol())
            lines += [
                " " * step + f"{draw(WORD)}{n}: {draw(rendered(draw(VALUE)))}" + eol()
                for n in range(draw(st.integers(1, 2)))
            ]
        elif key == "goal" and draw(st.booleans()):
            lines.append("goal: " + draw(st.sampled_from(["|", ">", "|-", ">+"])) + eol())
            lines += [" " * step + draw(WORD) for _ in range(draw(st.integers(1, 3)))]
            lines += [""] * draw(st.integers(0, 2))
        else:
            lines.append(f"{key}: {draw(rendered(draw(VALUE)))}" + eol())
    if draw(st.booleans()):
        lines.append(comment())
    body = draw(st.sampled_from(["", "## Notes", "Body text\n\n---\nnot front matter", "trailing  "]))
    text = "---" + nl + "".join(line + nl for line in lines) + "---" + nl + body.replace("\n", nl)
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.encode("utf-8"), comments, touches_at is not None


@st.composite
def touch_block(draw, step, dash, gap, comment, eol):
    shape = draw(st.sampled_from(["block", "block", "flow", "flow-items", "empty", "null", "tilde"]))
    if shape == "empty":
        return ["touches: []" + eol()]
    if shape == "null":
        return ["touches:" + eol()]
    if shape == "tilde":
        return ["touches: ~" + eol()]
    touches = []
    for _ in range(draw(st.integers(1, 3))):
        pairs = [
            ("date", f"2026-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"),
            ("kind", draw(st.sampled_from(TOUCH_KINDS))),
        ]
        if draw(st.booleans()):
            pairs.append(("note", draw(rendered(draw(VALUE)))))
        touches.append(draw(st.permutations(pairs)))
    if shape == "flow":
        items = ", ".join("{" + ", ".join(f"{k}: {v}" for k, v in t) + "}" for t in touches)
        return [f"touches: [{items}]" + eol()]
    out = ["touches:" + eol()]
    for t in touches:
        if draw(st.booleans()):
            out.append(" " * dash + comment())
        prefix = " " * dash + "-" + " " * gap
        if shape == "flow-items":
            out.append(prefix + "{" + ", ".join(f"{k}: {v}" for k, v in t) + "}" + eol())
            continue
        for n, (k, v) in enumerate(t):
            out.append((prefix if n == 0 else " " * len(prefix)) + f"{k}: {v}" + eol())
    return out


NOTES = st.one_of(st.none(), TEXT.filter(lambda s: s.strip()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter(), st.sampled_from(TOUCH_KINDS), st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), NOTES)
def test_log_keeps_every_key_value_and_comment(case, kind, day, note):
    data, comments, _ = case
    old = yaml_of(data)
    assume(isinstance(old, dict))
    change = edit.append_touch(Document.load("contacts/x.md", data), Touch(day, kind, note))
    new = yaml_of(change.new)
    touch = {"date": day, "kind": kind, **({"note": note} if note is not None else {})}
    expected = dict(old)
    expected["touches"] = (old.get("touches") or []) + [touch]
    assert new == expected
    assert list(new)[: len(old)] == list(old)  # key order kept; a new key goes last
    text_old, text_new = data.decode("utf-8"), change.new.decode("utf-8")
    for c in comments:
        assert text_new.count(c) == text_old.count(c)
    assert frontmatter.split(text_new).body == frontmatter.split(text_old).body  # byte for byte
    assert change.new.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in data:
        assert change.new.count(b"\n") == change.new.count(b"\r\n")
    old_lines, new_lines = text_old.splitlines(), text_new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    touched = sum(i2 - i1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal")
    assert touched <= 1  # only insertions, or the one line of an inline list
    # the reported line is where the touch starts: everything above it is unchanged
    assert new_lines[: change.line - 1] == old_lines[: change.line - 1]
    assert day.isoformat() in "".join(new_lines[change.line - 1 : change.line + 2])


# --- new files -------------------------------------------------------------------------------


def test_sample_templates_make_files_that_parse_cleanly():
    from rolodex.core.parse import parse_contact, parse_meeting

    contact = newfile.contact_text(
        (REPO / "contacts/_template.md").read_text(),
        "contacts/_template.md",
        {"name": "Ann Lee", "company": "Acme", "tags": ["a"]},
    )
    meeting = newfile.meeting_text(
        (REPO / "meetings/_template.md").read_text(),
        "meetings/_template.md",
        {"date": dt.date(2026, 12, 3), "with": "ann-lee", "kind": "coffee"},
    )
    assert parse_contact("c.md", "ann-lee", contact)[1] == []
    record, problems = parse_meeting("m.md", "2026-12-03-ann-lee", meeting)
    assert problems == [] and (record.referrals, record.follow_ups, record.questions) == ((), (), ())
    assert "Example Agency" not in contact and "Copy this file" not in contact
    # the template's examples stay only as comments, showing where each key goes
    data = [line for line in meeting.split("---")[1].splitlines() if not line.startswith("#")]
    assert data == [
        "",
        "date: 2026-12-03                  # required: YYYY-MM-DD, or with a time: 2026-01-20 09:30",
        'with: ann-lee                     # required: contact slug, a list of slugs, or "[[Jane Doe]]"',
        "kind: coffee                      # informational | coffee | call | video | event | other",
    ]
    assert "# referrals:                      # people they suggested you meet" in meeting


def test_a_broken_template_is_reported_where_it_breaks():
    with pytest.raises(newfile.TemplateError) as exc:
        newfile.contact_text("---\nname: [\n---\n", "contacts/_template.md", {"name": "A"})
    assert (exc.value.problem.path, exc.value.problem.line) == ("contacts/_template.md", 3)


def test_a_crlf_template_makes_a_crlf_file():
    text = newfile.contact_text("---\r\nname:\r\n---\r\n## Notes\r\n", "t", {"name": "A"})
    assert text == "---\r\nname: A\r\n---\r\n## Notes\r\n"


# --- safe writes -----------------------------------------------------------------------------

ORIGINAL = b"---\nname: Jane Doe\n---\nBody\n"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "jane-doe.md"
    path.write_bytes(ORIGINAL)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "jane-doe.md")


def test_replace_writes_atomically_and_keeps_the_mode(target):
    os.chmod(target, 0o640)
    safewrite.replace(safewrite.snapshot(str(target)), b"new")
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert _leftovers(target.parent) == []


def test_a_write_failing_midway_leaves_the_original(target, monkeypatch):
    real_write = os.write

    def half(fd, data):
        if len(data) > 10:
            real_write(fd, bytes(data[:10]))
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    before = safewrite.snapshot(str(target))
    monkeypatch.setattr(os, "write", half)
    with pytest.raises(safewrite.WriteError, match=r"No space left on device\); the original is unchanged"):
        safewrite.replace(before, b"x" * 100)
    assert target.read_bytes() == ORIGINAL
    assert _leftovers(target.parent) == []


def test_a_failing_rename_leaves_the_original(target, monkeypatch):
    before = safewrite.snapshot(str(target))
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    with pytest.raises(safewrite.WriteError, match="Permission denied"):
        safewrite.replace(before, b"new")
    assert target.read_bytes() == ORIGINAL
    assert _leftovers(target.parent) == []


def test_a_folder_we_cannot_write_in(target, monkeypatch):
    real_open = os.open

    def no_tmp(path, flags, mode=0o777, **kw):
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode, **kw)

    before = safewrite.snapshot(str(target))
    monkeypatch.setattr(os, "open", no_tmp)
    with pytest.raises(
        safewrite.WriteError, match=r"could not write in .*\(Permission denied\); the original is unchanged"
    ):
        safewrite.replace(before, b"new")
    assert target.read_bytes() == ORIGINAL


def test_a_failing_fsync_leaves_the_original(target, monkeypatch):
    before = safewrite.snapshot(str(target))
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "Input/output error")))
    with pytest.raises(safewrite.WriteError, match=r"Input/output error\); the original is unchanged"):
        safewrite.replace(before, b"new")
    assert target.read_bytes() == ORIGINAL
    assert _leftovers(target.parent) == []


def test_ctrl_c_midway_leaves_the_original_and_no_temporary_file(target, monkeypatch):
    real_write = os.write

    def interrupted(fd, data):
        real_write(fd, bytes(data[:3]))
        raise KeyboardInterrupt

    before = safewrite.snapshot(str(target))
    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        safewrite.replace(before, b"new content")
    assert target.read_bytes() == ORIGINAL
    assert _leftovers(target.parent) == []
    with pytest.raises(KeyboardInterrupt):
        safewrite.create(str(target.parent / "other.md"), b"new content")
    assert _leftovers(target.parent) == []


def test_a_read_only_file_is_not_replaced(target):
    """A rename would replace a read-only file all the same: the mark is honoured instead."""
    os.chmod(target, 0o444)
    with pytest.raises(safewrite.WriteError, match=r"read-only .*nothing was written"):
        safewrite.replace(safewrite.snapshot(str(target)), b"new")
    assert target.read_bytes() == ORIGINAL and _leftovers(target.parent) == []


def test_a_file_named_at_the_length_limit_can_be_edited(tmp_path):
    path = tmp_path / ("a" * 251 + ".md")  # 255 bytes: no room for a longer temporary name
    path.write_bytes(ORIGINAL)
    safewrite.replace(safewrite.snapshot(str(path)), b"new")
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_log_on_a_read_only_file_says_so(tmp_path, run):
    root = write_kb(tmp_path / "kb", {"contacts/jane-doe.md": ORIGINAL.decode()})
    os.chmod(root / "contacts/jane-doe.md", 0o444)
    result = run(root, "log", "jane-doe", "call")
    assert (
        result.exit_code == 1
        and "error: the file is read-only (no write permission); nothing was written" in result.output
    )
    assert (root / "contacts/jane-doe.md").read_bytes() == ORIGINAL


def test_a_file_changed_on_disk_is_not_overwritten(target, monkeypatch):
    before = safewrite.snapshot(str(target))
    target.write_bytes(b"---\nname: Jane Doe\nsaved: in an editor\n---\n")
    with pytest.raises(safewrite.WriteError, match="changed on disk"):
        safewrite.replace(before, b"new")
    assert b"saved: in an editor" in target.read_bytes()
    assert _leftovers(target.parent) == []


def test_log_stops_when_the_file_changes_while_it_works(tmp_path, run, monkeypatch):
    root = write_kb(tmp_path / "kb", {"contacts/jane-doe.md": ORIGINAL.decode()})
    path = root / "contacts/jane-doe.md"
    real_temp = safewrite._write_temp

    def editor_saves(*args):
        path.write_bytes(ORIGINAL + b"More body\n")
        return real_temp(*args)

    monkeypatch.setattr(safewrite, "_write_temp", editor_saves)
    monkeypatch.chdir(root)
    result = run(root, "log", "jane-doe", "call")
    assert result.exit_code == 1
    assert result.stderr == (
        "contacts/jane-doe.md: error: the file changed on disk while rolodex was editing it "
        "(was it saved in an editor?); nothing was written: run the command again\n"
    )
    assert path.read_bytes() == ORIGINAL + b"More body\n"


def test_edits_follow_a_symbolic_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_bytes(ORIGINAL)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    safewrite.replace(safewrite.snapshot(str(link)), b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_create_never_overwrites(tmp_path):
    path = tmp_path / "new.md"
    safewrite.create(str(path), b"one")
    with pytest.raises(FileExistsError):
        safewrite.create(str(path), b"two")
    assert path.read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md"]


def test_a_killed_write_leaves_the_original(tmp_path):
    root = write_kb(tmp_path / "kb", {"contacts/jane-doe.md": ORIGINAL.decode()})
    code = (
        "import os, signal, sys\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from rolodex.cli import main\n"
        f"main(['--kb', {str(root)!r}, 'log', 'jane-doe', 'call'])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env={**os.environ, "ROLODEX_NO_CACHE": "1"}
    )
    assert proc.returncode == -signal.SIGKILL
    assert (root / "contacts/jane-doe.md").read_bytes() == ORIGINAL
    leftovers = [p.name for p in (root / "contacts").iterdir() if p.name != "jane-doe.md"]
    assert len(leftovers) == 1 and leftovers[0].startswith(".jane-doe.md.")  # ignored by rolodex: a dot file
    check = subprocess.run(
        [sys.executable, "-m", "rolodex", "--kb", str(root), "check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout


def test_concurrent_logs_all_land(tmp_path):
    root = write_kb(tmp_path / "kb", {"contacts/jane-doe.md": "---\nname: Jane Doe\n---\n"})
    env = {**os.environ, "ROLODEX_NO_CACHE": "1", "ROLODEX_TODAY": "2026-11-26"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "rolodex", "--kb", str(root), "log", "jane-doe", "note", "--note", f"writer {n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(6)
    ]
    results = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in procs]
    notes = [t["note"] for t in yaml_of((root / "contacts/jane-doe.md").read_bytes())["touches"]]
    landed = {f"writer {n}" for n, (rc, _, _) in enumerate(results) if rc == 0}
    refused = [err for rc, _, err in results if rc != 0]
    assert sorted(notes) == sorted(landed) and len(notes) == len(set(notes))
    assert all("nothing was written" in err for err in refused)
    assert len(landed) == 6  # with a 10 s wait, nobody should need refusing


def test_a_held_lock_makes_the_other_writer_wait_or_refuse(target):
    entered = threading.Event()
    release = threading.Event()

    def holder():
        with safewrite.locked(str(target)):
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    entered.wait(5)
    try:
        with pytest.raises(safewrite.WriteError, match="another rolodex command"):
            with safewrite.locked(str(target), wait=0.1):
                pass
    finally:
        release.set()
        thread.join()
    with safewrite.locked(str(target), wait=0.1):
        pass


def test_a_waiter_locks_the_file_that_replaced_the_one_it_waited_on(target):
    """Writer A replaces the file while B waits: B must then lock and read A's version."""
    order = []
    entered = threading.Event()

    def writer_a():
        with safewrite.locked(str(target)):
            entered.set()
            time.sleep(0.2)
            safewrite.replace(safewrite.snapshot(str(target)), b"A")
            order.append("A")

    thread = threading.Thread(target=writer_a)
    thread.start()
    entered.wait(5)
    with safewrite.locked(str(target)):
        order.append("B")
        assert safewrite.snapshot(str(target)).data == b"A"
    thread.join()
    assert order == ["A", "B"]


def _editor_saving_in_place(path: Path, text: bytes, pause: float, started: threading.Event) -> threading.Thread:
    """An editor that saves in place: truncate, write a first part, pause, write the rest."""

    def save():
        with open(path, "wb") as handle:
            handle.write(text[:300])
            handle.flush()
            started.set()
            time.sleep(pause)
            handle.write(text[300:])

    return threading.Thread(target=save)


@pytest.mark.parametrize("leases", [True, False], ids=["open-for-writing seen", "settle window only"])
def test_a_save_in_progress_is_never_cut_short(tmp_path, monkeypatch, leases):
    """`log` racing an editor that writes a file in pieces read the first piece and renamed
    its edit over the file: the editor's rest went to the replaced file, and 367 of 4,743
    bytes were left. Now a file open for writing elsewhere, or changed again within the
    settle window, is refused ("being written"); either way the file is never shortened."""
    from click.testing import CliRunner

    from rolodex.cli import main

    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    if not leases:  # as on a system or file system without leases: the settle window must do
        monkeypatch.setattr(safewrite, "_open_for_writing", lambda path: False)
    root = write_kb(tmp_path / "kb", {"contacts/jane-doe.md": "---\nname: Jane Doe\n---\n"})
    path = root / "contacts" / "jane-doe.md"
    saved = b"---\nname: Jane Doe\ncompany: Acme\n---\n" + b"A long note, saved by an editor.\n" * 140
    started = threading.Event()
    editor = _editor_saving_in_place(path, saved, 0.2, started)
    editor.start()
    started.wait(5)
    result = CliRunner().invoke(main, ["--kb", str(root), "log", "jane-doe", "call", "--date", "2026-11-26"])
    editor.join()
    after = path.read_bytes()
    assert len(after) >= len(saved)
    if result.exit_code == 1:  # the usual case: the edit came while the save was going on
        assert "the file is being written by another program" in result.output or (
            "the file changed on disk while rolodex was editing it" in result.output  # the save ended first
        )
        assert after == saved
    else:  # the machine was slow enough for the save to finish first: the edit builds on it
        assert after.startswith(saved[: saved.index(b"---\n", 4)]) and b"kind: call" in after
        assert after.endswith(saved[saved.index(b"---\n", 4) + 4 :])


def test_a_hard_linked_file_is_not_split_from_its_other_names(tmp_path):
    """An edit replaces the file by renaming a new one over it: the other names (hard links)
    would keep the old text, silently. It is refused with a message instead."""
    from click.testing import CliRunner

    from rolodex.cli import main

    root = write_kb(tmp_path / "kb", {"contacts/jane-doe.md": ORIGINAL.decode()})
    path = root / "contacts" / "jane-doe.md"
    other = tmp_path / "backup-of-jane.md"
    os.link(path, other)
    result = CliRunner().invoke(main, ["--kb", str(root), "log", "jane-doe", "call"], env={"ROLODEX_NO_CACHE": "1"})
    assert result.exit_code == 1
    assert "the file has 1 other name (hard links), which an edit would split from it; nothing was written" in (
        result.output
    )
    assert os.stat(path).st_ino == os.stat(other).st_ino and path.read_bytes() == ORIGINAL


def test_new_lines_follow_the_line_ending_most_lines_have(tmp_path):
    """A file whose first line ends in LF and the rest in CRLF (a header pasted from
    elsewhere) got LF lines: it is a CRLF file, and new lines end in CRLF."""
    from click.testing import CliRunner

    from rolodex.cli import main

    text = "---\nname: Jane Doe\r\ncompany: Acme\r\ntouches:\r\n  - {date: 2026-11-01, kind: call}\r\n---\r\nNotes.\r\n"
    root = write_kb(tmp_path / "kb", {"contacts/jane-doe.md": text})
    result = CliRunner().invoke(
        main, ["--kb", str(root), "log", "jane-doe", "reply", "--date", "2026-11-20"], env={"ROLODEX_NO_CACHE": "1"}
    )
    assert result.exit_code == 0, result.output
    after = (root / "contacts" / "jane-doe.md").read_bytes()
    assert (
        after == text.replace("kind: call}\r\n", "kind: call}\r\n  - {date: 2026-11-20, kind: reply}\r\n").encode()
        or after.count(b"\r\n") == text.count("\r\n") + 1
    )
    assert after.count(b"\n") - after.count(b"\r\n") == 1  # only the first line keeps its LF
