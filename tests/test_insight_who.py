"""`rolodex who TEXT`: who you know at a company, how warm, and two-step paths to the others."""

from __future__ import annotations

import json

from conftest import REPO

PEOPLE = {
    # met twice, works at Acme: a colleague path to the people there you have not met
    "contacts/ann.md": """\
        ---
        name: Ann
        title: Director
        company: Acme Inc
        ---
        """,
    # at Acme (another spelling), introduced by Zed, whom you have met
    "contacts/bob.md": """\
        ---
        name: Bob
        company: ACME  inc
        referred_by: zed
        touches:
          - {date: 2026-11-01, kind: outreach}
        ---
        """,
    # at Acme, archived: listed, but no path leads to them
    "contacts/cat.md": """\
        ---
        name: Cat
        company: Acme Inc
        archived: true
        ---
        """,
    "contacts/zed.md": """\
        ---
        name: Zed
        company: Other Co
        ---
        """,
    # left Acme (seen on 2026-10-01): a former colleague there, met, so a path too
    "contacts/fay.md": """\
        ---
        name: Fay
        title: Partner
        company: Other Co
        history:
          - {date: 2026-10-01, company: Acme Inc, title: Analyst}
          - {date: 2025-01-01, company: Acme Inc, title: Intern}
        ---
        """,
    "meetings/2026-02-01-fay.md": "---\ndate: 2026-02-01\nwith: fay\n---\n",
    "contacts/una.md": """\
        ---
        name: Una
        company: Acme Incubator
        ---
        """,
    "meetings/2026-01-10-ann.md": "---\ndate: 2026-01-10\nwith: ann\n---\n",
    "meetings/2026-06-10-ann.md": "---\ndate: 2026-06-10\nwith: ann\n---\n",
    "meetings/2026-03-01-zed.md": "---\ndate: 2026-03-01\nwith: zed\n---\n",
}


def test_who_json(run, kb_path):
    result = run(kb_path(PEOPLE), "who", "acme inc", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    # "acme inc" is in "Acme Inc" (any spelling) and in "Acme Incubator"
    assert [c["company"] for c in got] == ["Acme Inc", "Acme Incubator"]
    acme = got[0]
    assert [(p["slug"], p["current"], p["met"], p["last"], p["archived"]) for p in acme["people"]] == [
        ("ann", True, 2, "2026-06-10", False),
        ("bob", True, 0, "2026-11-01", False),
        ("cat", True, 0, None, True),
        ("fay", False, 1, "2026-02-01", False),
    ]
    # Fay once, with her newest role there
    assert (acme["people"][3]["title"], acme["people"][3]["left_by"]) == ("Analyst", "2026-10-01")
    assert acme["people"][1]["introduced_by"] == ["zed"]
    # to Bob: through Zed, who introduced him, and through Ann, who works there
    assert acme["paths"] == [
        {"via": "zed", "to": "bob", "why": "introduced"},
        {"via": "ann", "to": "bob", "why": "colleague"},
        {"via": "fay", "to": "bob", "why": "colleague"},
    ]
    assert got[1]["paths"] == []


def test_who_text(run, kb_path):
    result = run(kb_path(PEOPLE), "who", "Apex")
    assert result.exit_code == 0
    assert result.output == "Nobody at a company matching 'Apex' (now or before).\n"
    result = run(kb_path(PEOPLE), "who", "ACME, INC.")  # case and punctuation aside
    lines = result.output.splitlines()
    assert lines[:10] == [
        "Acme Inc  3 now, 1 before",
        "  Ann, Director  [met 2×; last contact 2026-06-10 (169 days ago)]",
        "  Bob  [not met; last contact 2026-11-01 (25 days ago)]",
        "    introduced by Zed",
        "  Cat  [not met; never in touch; archived]",
        "  Fay, Analyst (left; seen 2026-10-01)  [met once; last contact 2026-02-01 (298 days ago)]",
        "  Paths",
        "    you → Zed (who introduced them) → Bob",
        "    you → Ann (a colleague there) → Bob",
        "    you → Fay (a colleague there) → Bob",
    ]


def test_who_on_the_sample_kb(run):
    got = json.loads(run(REPO, "who", "greenway", "--format", "json").output)
    assert len(got) == 1 and got[0]["company"] == "Greenway Transit Authority"
    people = got[0]["people"]
    assert [(p["slug"], p["met"], p["introduced_by"]) for p in people] == [
        ("declan-obrien", 2, ["maria-okafor"]),
        ("andre-thompson", 0, []),
    ]
    assert got[0]["paths"] == [{"via": "declan-obrien", "to": "andre-thompson", "why": "colleague"}]


def test_who_needs_text(run, kb_path):
    result = run(kb_path(PEOPLE), "who", "  ")
    assert result.exit_code == 2
    assert "give part of a company's name" in result.output
