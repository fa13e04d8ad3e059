"""While serving, only the pages an edit can change are generated again (site/regenerate.py):
the pages must always be exactly those a full generation makes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from rolodex.kb.configfile import read_config
from rolodex.site import builder, regenerate
from rolodex.site.pages import generate

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    for name in ("contacts", "meetings"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _input(root: Path):
    settings = read_config(root).settings
    return builder.prepare(root, settings, TODAY, cache=False).inp, builder.templates_digest(root, settings)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class _Spy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = 0
        self.records: list[tuple[list[str], list[str]]] = []
        full, records = regenerate.generate, regenerate.record_pages

        def counted(inp):
            self.full += 1
            return full(inp)

        def recorded(inp, contacts, meetings):
            self.records.append((list(contacts), list(meetings)))
            return records(inp, contacts, meetings)

        monkeypatch.setattr(regenerate, "generate", counted)
        monkeypatch.setattr(regenerate, "record_pages", recorded)


def _again(root: Path, previous: regenerate.Generated) -> regenerate.Generated:
    inp, templates = _input(root)
    after = regenerate.regenerate(inp, templates, previous)
    assert after.pages == generate(inp)  # exactly what a full generation makes, in its order
    assert list(after.pages) == list(generate(inp))
    return after


def test_a_contacts_notes_generate_their_page_only(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = regenerate.regenerate(*_input(kb), None)
    spy = _Spy(monkeypatch)
    _edit(kb / "contacts" / "grace-liu.md", "\n## ", "\nA new line in her notes.\n\n## ")
    after = _again(kb, first)
    assert spy.full == 0 and spy.records == [(["grace-liu"], [])]
    assert "A new line in her notes." in str(after.pages["contacts/grace-liu.md"])


def test_a_meetings_notes_generate_its_page_only_while_no_draft_reads_them(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = regenerate.regenerate(*_input(kb), None)
    spy = _Spy(monkeypatch)
    meeting = kb / "meetings" / "2026-11-24-hector-vargas.md"
    _edit(meeting, "## Takeaways\n", "## Takeaways\n- Grant writing is half the job.\n")
    _again(kb, first)  # the built-in thank-you draft does not quote the takeaways
    assert spy.full == 0 and spy.records == [([], ["2026-11-24-hector-vargas"])]


def test_a_meetings_notes_that_a_draft_quotes_generate_every_page(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (kb / "templates").mkdir()
    (kb / "templates" / "thank-you.md").write_text(
        "Subject: Thanks, {{ contact.first_name }}\n\nWhat I took away: {{ meeting.takeaways }}\n", encoding="utf-8"
    )
    first = regenerate.regenerate(*_input(kb), None)
    spy = _Spy(monkeypatch)
    meeting = kb / "meetings" / "2026-11-24-hector-vargas.md"
    _edit(meeting, "## Takeaways\n", "## Takeaways\n- Grant writing is half the job.\n")
    after = _again(kb, first)  # Hector's page and the follow-ups show the draft in their mail links
    assert spy.full == 1
    assert "Grant%20writing%20is%20half%20the%20job" in str(after.pages["contacts/hector-vargas.md"])


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("contacts/grace-liu.md", "name: Grace Liu", "name: Grace Liu-Okafor"),  # shown on many pages
        ("contacts/grace-liu.md", "company: ", "company: The "),  # hubs, drafts
        ("meetings/2026-11-24-hector-vargas.md", "duration: 15", "duration: 45"),  # the calendar
    ],
)
def test_any_other_edit_generates_every_page(
    kb: Path, monkeypatch: pytest.MonkeyPatch, path: str, old: str, new: str
) -> None:
    first = regenerate.regenerate(*_input(kb), None)
    spy = _Spy(monkeypatch)
    _edit(kb / path, old, new)
    _again(kb, first)
    assert spy.full == 1


def test_a_changed_draft_template_generates_every_page(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = regenerate.regenerate(*_input(kb), None)
    spy = _Spy(monkeypatch)
    (kb / "templates").mkdir()
    (kb / "templates" / "nudge.md").write_text("Subject: Hello again\n\nHow are things?\n", encoding="utf-8")
    _again(kb, first)
    assert spy.full == 1
