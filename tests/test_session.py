"""One session per run: the CLI, the site and the write commands all report what `Session` computes."""

from __future__ import annotations

import datetime as dt
import json
import os

import click
from click.testing import CliRunner

from conftest import TODAY
from rolodex.cli import main
from rolodex.kb.configfile import read_config
from rolodex.session import Session
from rolodex.site import builder

FILES = {
    "contacts/ann-lee.md": """\
        ---
        name: Ann Lee
        referred_by: nobody-here
        touches:
          - {date: 2026-11-10, kind: outreach}
        ---
        """,
    "contacts/pat-kim.md": """\
        ---
        name: Pat Kim
        private: true
        touches:
          - {date: 2026-11-10, kind: outreach}
        ---
        """,
    "meetings/2026-11-20-zed.md": "---\ndate: 2026-11-20\nwith: zed\n---\n## Notes\n\nZed knows Pat Kim.\n",
}


def test_check_the_site_and_edit_report_what_the_session_finds(kb_path, run, monkeypatch):
    root = kb_path(FILES)
    monkeypatch.chdir(root)  # paths print as contacts/…
    expected = Session(root, cache=False).problems(TODAY)
    assert [p.code for p in expected] == ["unknown-contact", "unknown-contact"]  # something to agree on
    check = run(root, "check", "--format", "json")
    assert json.loads(check.output) == [p.as_json() for p in expected]
    site = builder.prepare(root, read_config(root).settings, TODAY, cache=False)
    assert site.problems == expected
    monkeypatch.setattr(click, "edit", lambda **kwargs: None)  # the editor closes at once
    edited = run(root, "edit", "ann-lee")
    mine = [p for p in expected if p.path == "contacts/ann-lee.md"]
    assert mine and edited.output.splitlines()[: len(mine)] == [
        f"{p.path}:{p.line}: {p.severity}: {p.message} [{p.code}]" for p in mine
    ]


def test_the_public_view_leaves_private_people_out_of_the_kb_and_the_items(kb_path):
    session = Session(kb_path(FILES), cache=False)
    assert {i.contact for i in session.items(TODAY) if i.kind == "nudge"} == {"ann-lee", "pat-kim"}
    assert {i.contact for i in session.items(TODAY, public=True) if i.kind == "nudge"} == {"ann-lee"}
    assert "pat-kim" in session.view(public=False).contacts
    assert "pat-kim" not in session.view(public=True).contacts
    assert session.public.redact("Lunch with Pat Kim") == "Lunch with (someone)"


def test_build_hands_today_and_public_to_the_plugin_not_through_the_environment(kb_path, tmp_path, monkeypatch):
    root = kb_path(FILES)
    (root / "docs").mkdir()
    seen = []
    real = builder.prepare

    def spy(root, settings, today, **kwargs):
        seen.append((today, kwargs["public"], {k for k in os.environ if k.startswith("ROLODEX_")}))
        return real(root, settings, today, **kwargs)

    monkeypatch.setattr(builder, "prepare", spy)
    monkeypatch.delenv("ROLODEX_TODAY", raising=False)
    monkeypatch.delenv("ROLODEX_PUBLIC", raising=False)
    monkeypatch.setenv("ROLODEX_NO_CACHE", "1")
    args = ["--kb", str(root), "build", "--today", "2026-12-24", "--public", "--site-dir", str(tmp_path / "site")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert seen == [(dt.date(2026, 12, 24), True, {"ROLODEX_NO_CACHE"})]
    # afterwards a plain `mkdocs build` in the same process reads its environment again
    monkeypatch.setenv("ROLODEX_TODAY", "2026-11-26")
    assert builder.current_run() == (dt.date(2026, 11, 26), False)
