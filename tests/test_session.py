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


SERVED_EDITS = [
    # (file, old, new): applied one on another, each followed by a rebuild as `rolodex serve` makes it
    ("contacts/grace-liu.md", "company: Riverton State University", "company: Harbor Labs"),
    ("contacts/grace-liu.md", "name: Grace Liu\n", "name: Grace Liu\nreferred_by: no-such-person\n"),
    ("contacts/hector-vargas.md", "email: hector.vargas@example.org", "email: grace.liu@example.org"),
    ("contacts/grace-liu.md", "referred_by: no-such-person\n", ""),
    ("contacts/hector-vargas.md", "name: Hector Vargas", "name: Grace Liu"),
    ("contacts/greg-tolliver.md", None, None),  # deleted
]


def test_rebuilds_while_serving_report_what_a_fresh_check_reports(tmp_path, monkeypatch):
    """`rolodex serve` checks the KB again after every edit (builder.prepare with what it remembers
    from the last rebuild): its problems and follow-ups are exactly those of a fresh run, and a
    `rolodex check` afterwards is not misled by anything it left in the cache."""
    import shutil

    from conftest import REPO

    root = tmp_path / "kb"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".rolodex-cache", "tests", "tools")
    )
    settings = read_config(root).settings
    remembered = builder.Remembered()
    builder.prepare(root, settings, TODAY, remembered=remembered)
    kinds = set()
    for name, old, new in SERVED_EDITS:
        path = root / name
        if old is None:
            path.unlink()
        else:
            text = path.read_text(encoding="utf-8")
            assert old in text
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        served = builder.prepare(root, settings, TODAY, remembered=remembered)
        fresh = Session(root, cache=False)
        assert served.problems == fresh.problems(TODAY)
        assert served.inp.items == builder.clipped_items(fresh.items(TODAY))
        kinds |= {p.code for p in served.problems}
    assert {"unknown-contact", "possible-duplicate"} <= kinds  # the edits made cross-file problems
    monkeypatch.delenv("ROLODEX_NO_CACHE", raising=False)
    monkeypatch.setenv("ROLODEX_TODAY", TODAY.isoformat())
    result = CliRunner().invoke(main, ["--kb", str(root), "check"])
    fresh_result = CliRunner().invoke(main, ["--kb", str(root), "check"], env={"ROLODEX_NO_CACHE": "1"})
    assert result.exit_code == fresh_result.exit_code == 1  # (an unknown contact is an error)
    assert result.output == fresh_result.output and "unknown-contact" in result.output
