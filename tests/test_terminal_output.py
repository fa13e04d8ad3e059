"""Data never drives the terminal: control characters in names, notes and file names show escaped.

A contact's name could carry an escape sequence that retitles the terminal (OSC 0), writes the
clipboard (OSC 52), clears the screen, or a carriage return that overwrites an error line. Every
command that prints for people shows such characters as visible escapes; colour codes from Rolodex
itself still work on a terminal; JSON keeps the exact values.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import TODAY
from rolodex.cli import main
from rolodex.cli.output import terminal_text

OSC_TITLE = "\x1b]0;owned\x07"
OSC_CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
NAME = f"Eve{OSC_TITLE}{OSC_CLIPBOARD}\x1b[2J\x1b[1;1H\rOK\x9b31m\u202eevil\x08\x00"
NOTE = "fine\r\x1b[Kerror: nothing to see"
SAFE_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def _json(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)


@pytest.fixture
def root(kb_path):
    return kb_path(
        {
            "contacts/eve-evil.md": f"""\
            ---
            name: {_json(NAME)}
            company: {_json(NOTE)}
            referred_by: {_json("nobody" + OSC_TITLE)}
            touches:
              - {{date: 2026-11-20, kind: outreach, note: {_json(NOTE)}}}
            ---
            """,
            "meetings/2026-11-20-eve-evil.md": f"---\ndate: 2026-11-20\nwith: eve-evil\nlocation: {_json(NOTE)}\n---\n",
            "contacts/bad-yaml.md": "---\nname: Nul\x00Byte\n---\n",
        }
    )


def _leaks(text: str) -> list[str]:
    rest = SAFE_ESCAPE.sub("", text)
    return [repr(ch) for ch in sorted(set(rest)) if ch in "\r\x07\x08\x00\x9b\u202e\x1b"]


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["list"],
        ["show", "eve-evil"],
        ["due", "--within", "30"],
        ["draft", "thank-you:2026-11-20-eve-evil:eve-evil"],
        ["show", "nobody" + OSC_TITLE],
        ["log", "eve-evil", "call", "--note", NOTE, "--dry-run"],
    ],
    ids=["check", "list", "show", "due", "draft", "error", "log"],
)
def test_no_control_character_reaches_the_terminal(root, monkeypatch, argv):
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    result = CliRunner().invoke(main, ["--kb", str(root), *argv, "--today", TODAY.isoformat()], color=True)
    assert result.exit_code in (0, 1), result.output
    assert not _leaks(result.output), (_leaks(result.output), result.output)
    assert "\\x1b]0;owned\\x07" in result.output or argv[0] in ("due", "draft", "log")


def test_colour_still_works_and_problems_stay_one_line(root, monkeypatch):
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    result = CliRunner().invoke(main, ["--kb", str(root), "check", "--today", TODAY.isoformat()], color=True)
    assert "\x1b[31m\x1b[1merror\x1b[0m" in result.output  # Rolodex's own colours
    lines = [line for line in result.output.splitlines() if "contacts/bad-yaml.md" in line]
    assert len(lines) == 1 and lines[0].endswith("[yaml-syntax]")  # a YAML error's own line break is gone
    shown = next(line for line in result.output.splitlines() if "'referred_by' names" in line)
    assert "'nobody\\x1b]0;owned\\x07'" in shown


def test_show_prints_the_name_escaped(root, monkeypatch):
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    result = CliRunner().invoke(main, ["--kb", str(root), "show", "eve-evil", "--today", TODAY.isoformat()])
    first = result.output.splitlines()[0]
    assert first == (
        "Eve\\x1b]0;owned\\x07\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J\\x1b[1;1H OK\\x9b31m\\u202eevil"
        "\\x08\\x00  (eve-evil, met)"
    )  # the carriage return is a line break: one line, a space


def test_json_keeps_the_exact_values(root, monkeypatch):
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    result = CliRunner().invoke(main, ["--kb", str(root), "list", "--format", "json", "--today", TODAY.isoformat()])
    assert not _leaks(result.output)
    names = {c["slug"]: c["name"] for c in json.loads(result.output)}
    assert names["eve-evil"] == NAME


def test_terminal_text():
    assert terminal_text("a\x1b[31mred\x1b[0m\tb\nc") == "a\x1b[31mred\x1b[0m\tb\nc"
    assert terminal_text("\x1b]0;t\x07\r\x9b\u2066x") == "\\x1b]0;t\\x07\\r\\x9b\\u2066x"


@pytest.mark.parametrize("fmt", ["csv", "vcard", "json", "ics"])
def test_an_export_to_a_terminal_escapes_control_characters(root, fmt):
    """Exports are data and go to files and pipes byte for byte; to a terminal (here a real
    pseudo-terminal) a name's ESC sequences set the window title or the clipboard, or
    cleared the screen. There they are shown escaped, as every other command shows them."""
    import os
    import pty
    import subprocess
    import sys

    env = {**os.environ, "ROLODEX_NO_CACHE": "1", "ROLODEX_TODAY": TODAY.isoformat()}
    argv = [sys.executable, "-m", "rolodex", "--kb", str(root), "export", fmt]
    reader, writer = pty.openpty()
    proc = subprocess.Popen(argv, stdout=writer, stderr=subprocess.DEVNULL, env=env)
    os.close(writer)
    chunks = []
    while True:
        try:
            chunk = os.read(reader, 65536)
        except OSError:  # the other end closed: all was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(reader)
    assert proc.wait() in (0, 1)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "Eve" in shown
    assert not [ch for ch in "\x1b\x07\x08\x00\x9b\u202e" if ch in shown], repr(shown[:300])
    piped = subprocess.run(argv, capture_output=True, env=env).stdout.decode()
    if fmt in ("csv", "vcard"):  # to a pipe or a file the bytes stay as they are; on a terminal, escaped
        assert "\x1b]0" in piped and "\\x1b]0" in shown
