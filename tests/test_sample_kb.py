"""The repository is itself a knowledge base: the sample must stay clean and tell its story."""

from __future__ import annotations

import json

from conftest import REPO, TODAY
from rolodex.kb.loader import load
from rolodex.rules.validate import validate


def test_sample_kb_passes_strict_check(run, monkeypatch):
    monkeypatch.chdir(REPO)
    result = run(REPO, "check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("✓ 0 errors, 0 warnings in ")


def test_sample_kb_json_check_is_empty(run):
    result = run(REPO, "check", "--strict", "--format", "json")
    assert (result.exit_code, json.loads(result.output)) == (0, [])


def test_sample_kb_size():
    kb, problems = load(REPO, cache=False)
    assert problems + validate(kb, TODAY) == []
    assert len(kb.contacts) >= 12
    assert len(kb.meetings) >= 15


def test_sample_kb_tells_the_story():
    """Every pipeline stage, referrals that became contacts, thank-yous, questions and research."""
    from rolodex.rules.status import stage

    kb, _ = load(REPO, cache=False)
    stages = {stage(kb, c, TODAY) for c in kb.contacts.values()}
    assert {"prospect", "contacted", "scheduled", "met", "archived"} <= stages
    assert any(c.referred_by and c.referred_by.slug for c in kb.contacts.values())
    assert any(r.contact and r.contact.slug for m in kb.meetings.values() for r in m.referrals)
    assert any(m.thank_you for m in kb.meetings.values()) or any(
        t.kind == "thank-you" for c in kb.contacts.values() for t in c.touches
    )
    assert any(t.kind == "check-in" for c in kb.contacts.values() for t in c.touches)
    assert sum(bool(m.questions) for m in kb.meetings.values()) >= 5
    assert sum(bool(m.research) for m in kb.meetings.values()) >= 5
    # cold emails, some unanswered
    outreach_only = [
        c
        for c in kb.contacts.values()
        if any(t.kind == "outreach" for t in c.touches)
        and not any(t.kind == "reply" for t in c.touches)
        and not kb.meetings_with(c.slug)
    ]
    assert outreach_only


def test_sample_list_and_show_work(run):
    listed = json.loads(run(REPO, "list", "--format", "json").output)
    assert len(listed) == len(load(REPO, cache=False)[0].contacts)
    for row in listed[:5]:
        result = run(REPO, "show", row["slug"])
        assert result.exit_code == 0 and result.output.startswith(row["name"])
