"""`rolodex stats`: the funnel with rates and the median days, pinned to hand counts."""

from __future__ import annotations

import json

from conftest import REPO


def _stats(run, root, *args):
    result = run(root, "stats", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_sample_kb_stats_match_a_hand_count(run):
    """Counted by hand from contacts/ and meetings/ at the repo root, today 2026-11-26.

    listed: 19 contact files, less greg-tolliver (archived) = 18.
    contacted (an outreach touch or a meeting not cancelled): alisha-grant, andre-thompson,
      declan-obrien, grace-liu, hector-vargas, ibrahim-saleh, marcus-bell, naomi-fischer,
      tobias-reed, zoe-marchetti, elena-ruiz, maria-okafor, rachel-stein (outreach); nina-patel
      and james-whitfield (meetings; they have messages, no outreach) = 15; 15/18 = 0.8333.
      Not: danielle-brooks, lucia-ferreira (nothing), kenji-watanabe (a note only).
    replied (a reply touch or a meeting not cancelled): the 15 less andre-thompson (three
      outreach, no answer), grace-liu and tobias-reed (outreach only) = 12; 12/15 = 0.8.
    met (a held meeting on 2026-11-26): alisha-grant, declan-obrien, hector-vargas (11-24,
      `status: held`), marcus-bell (07-15), nina-patel, zoe-marchetti, elena-ruiz,
      james-whitfield, maria-okafor = 9; ibrahim-saleh (11-30) and naomi-fischer (12-03) are
      only planned, and so is declan-obrien's 11-19 coffee (`status: planned`, never
      recorded); rachel-stein said yes but has no meeting yet; 9/12 = 0.75.
    referred (in a held meeting with referrals): maria-okafor (2025-03-14, 2025-09-23),
      zoe-marchetti (2025-05-21), declan-obrien (2026-05-12), alisha-grant (2026-10-21),
      hector-vargas (2026-11-24) = 5; 5/9 = 0.5556.

    outreach → reply, from the first unanswered outreach to the reply (14 pairs):
      alisha 2025-06-23→06-25 = 2, 2026-10-05→10-06 = 1; declan 2025-03-18→03-19 = 1,
      2026-04-20→04-22 = 2; hector 2025-09-29→09-30 = 1, 2026-11-03→11-04 = 1;
      ibrahim 2026-05-20 (nudged 06-01 and 11-09)→11-11 = 175; marcus 06-22→06-24 = 2;
      naomi 11-02→11-04 = 2; zoe 2025-05-09→05-12 = 3, 2026-10-12→10-14 = 2;
      elena 2026-02-27→03-02 = 3; maria 2025-03-03→03-05 = 2; rachel 2026-11-17→11-23 = 6.
      Sorted 1 1 1 1 2 2 [2 2] 2 2 3 3 6 175: the median is 2.
    reply → held meeting, from the latest reply since the previous held meeting (12 pairs):
      alisha 06-25→07-09 = 14, 2026-10-06→10-21 = 15; declan 03-19→04-08 = 20,
      2026-04-22→05-12 = 20; hector 09-30→10-14 = 14, 2026-11-04→11-24 = 20;
      marcus 06-24→07-15 = 21; zoe 05-12→05-21 = 9, 10-14→10-29 = 15; elena 03-02→03-18 = 16;
      james 2025-10-02→11-13 = 42; maria 03-05→03-14 = 9 (her later meetings and james's
      second have no reply since the one before; nina-patel has no reply touch).
      Sorted 9 9 14 14 15 [15 16] 20 20 20 21 42: the median is 15.5.
    held meeting → thank-you (14 meetings, each thanked the next day): every held meeting
      with `thank_you` but greg-tolliver's (archived) = 13, plus zoe-marchetti's 2026-10-29,
      thanked by her 2026-10-30 touch; james-whitfield's 2026-02-26 mixer and
      hector-vargas's 2026-11-24 are not thanked yet. The median is 1.
    """
    assert _stats(run, REPO) == {
        "funnel": {"listed": 18, "contacted": 15, "replied": 12, "met": 9, "referred": 5},
        "rates": {"contacted": 0.8333, "replied": 0.8, "met": 0.75, "referred": 0.5556},
        "median_days": {"outreach_to_reply": 2, "reply_to_meeting": 15.5, "meeting_to_thank_you": 1},
        "samples": {"outreach_to_reply": 14, "reply_to_meeting": 12, "meeting_to_thank_you": 14},
        "since": None,
        "by": [],
    }


def test_sample_kb_stats_text(run):
    result = run(REPO, "stats")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Your networking funnel on Thu 2026-11-26"
    assert [line.split()[:2] for line in lines[2:7]] == [
        ["listed", "18"],
        ["contacted", "15"],
        ["replied", "12"],
        ["met", "9"],
        ["referred", "5"],
    ]
    assert lines[3].endswith("83% of listed")
    assert lines[4].endswith("80% of contacted")
    assert lines[5].endswith("75% of replied")
    assert lines[6].endswith("56% of met")
    assert "  outreach → reply         2 days   over 14 replies" in lines
    assert "  reply → meeting       15.5 days   over 12 meetings" in lines
    assert "  meeting → thank-you       1 day   over 14 thank-yous" in lines


TIMELINE = {
    # two asks and a reply; later a meeting with no reply logged; then a new ask and reply
    "contacts/ann.md": """\
        ---
        name: Ann
        source: alumni directory
        tags: [alumni, mentor]
        touches:
          - {date: 2026-01-05, kind: outreach}
          - {date: 2026-01-12, kind: outreach}
          - {date: 2026-01-15, kind: reply}
          - {date: 2026-03-01, kind: outreach}
          - {date: 2026-03-20, kind: outreach}
          - {date: 2026-05-01, kind: reply}
        ---
        """,
    # a reply without outreach (she wrote back to a message): replied, not contacted
    "contacts/bea.md": """\
        ---
        name: Bea
        source: alumni directory
        touches:
          - {date: 2026-02-01, kind: message}
          - {date: 2026-02-03, kind: reply}
        ---
        """,
    # nothing at all
    "contacts/cy.md": """\
        ---
        name: Cy
        tags: [alumni]
        ---
        """,
    # archived: counts nowhere, even with a held meeting
    "contacts/dee.md": """\
        ---
        name: Dee
        archived: true
        touches:
          - {date: 2026-01-02, kind: outreach}
        ---
        """,
    "meetings/2026-01-20-ann.md": """\
        ---
        date: 2026-01-20
        with: ann
        thank_you: 2026-01-22
        referrals: [cy]
        ---
        """,
    # answers the 03-01 ask: no reply logged, so no outreach → reply pair, and the ask is closed
    "meetings/2026-03-10-ann.md": """\
        ---
        date: 2026-03-10
        with: ann
        ---
        """,
    "meetings/2026-01-25-dee.md": """\
        ---
        date: 2026-01-25
        with: dee
        thank_you: 2026-01-25
        ---
        """,
    # cancelled: no step, no wait
    "meetings/2026-02-10-bea.md": """\
        ---
        date: 2026-02-10
        with: bea
        status: cancelled
        ---
        """,
}


def test_pairs_follow_the_conversation(run, kb_path):
    root = kb_path(TIMELINE)
    got = _stats(run, root)
    # listed ann bea cy; contacted ann; replied ann bea; met ann; referred ann
    assert got["funnel"] == {"listed": 3, "contacted": 1, "replied": 2, "met": 1, "referred": 1}
    # replied: of the 1 contacted, 1 replied (bea replied without being contacted)
    assert got["rates"] == {"contacted": 0.3333, "replied": 1.0, "met": 0.5, "referred": 1.0}
    # ann: 01-05 → 01-15 = 10 (the 01-12 nudge does not restart the wait); the 03-01 ask is
    # answered by the 03-10 meeting, so 03-20 → 05-01 = 42. Bea's reply answers no outreach.
    # reply → meeting: 01-15 → 01-20 = 5; the 03-10 meeting has no reply since 01-20.
    # thank-you: ann 01-20 → 01-22 = 2; dee's meeting is archived.
    assert got["median_days"] == {"outreach_to_reply": 26, "reply_to_meeting": 5, "meeting_to_thank_you": 2}
    assert got["samples"] == {"outreach_to_reply": 2, "reply_to_meeting": 1, "meeting_to_thank_you": 1}


def test_since_counts_only_later_events(run, kb_path):
    root = kb_path(TIMELINE)
    got = _stats(run, root, "--since", "2026-02-01")
    # ann: outreach 03-01 and 03-20, the 03-10 meeting (held), reply 05-01; bea: reply 02-03
    assert got["since"] == "2026-02-01"
    assert got["funnel"] == {"listed": 3, "contacted": 1, "replied": 2, "met": 1, "referred": 0}
    assert got["median_days"] == {"outreach_to_reply": 42, "reply_to_meeting": None, "meeting_to_thank_you": None}


def test_by_source_and_tag(run, kb_path):
    root = kb_path(TIMELINE)
    by_source = _stats(run, root, "--by", "source")["by"]
    assert [(row["source"], row["funnel"]["listed"], row["funnel"]["replied"]) for row in by_source] == [
        ("alumni directory", 2, 2),
        ("(no source)", 1, 0),
    ]
    by_tag = _stats(run, root, "--by", "tag")["by"]
    # ann is in both her tags' rows; bea has none
    assert [(row["tag"], row["funnel"]["listed"], row["funnel"]["met"]) for row in by_tag] == [
        ("alumni", 2, 1),
        ("mentor", 1, 1),
        ("(no tag)", 1, 0),
    ]
    assert by_tag[0]["rates"]["contacted"] == 0.5


def test_by_month_counts_each_months_events(run, kb_path):
    root = kb_path(TIMELINE)
    rows = {row["month"]: row for row in _stats(run, root, "--by", "month")["by"]}
    # from the first event (2026-01) to today's month (2026-11), empty months included
    assert list(rows) == [f"2026-{m:02d}" for m in range(1, 12)]
    assert rows["2026-01"]["funnel"] == {"listed": 3, "contacted": 1, "replied": 1, "met": 1, "referred": 1}
    assert rows["2026-02"]["funnel"] == {"listed": 3, "contacted": 0, "replied": 1, "met": 0, "referred": 0}
    assert rows["2026-05"]["median_days"]["outreach_to_reply"] == 42
    assert rows["2026-07"]["funnel"]["contacted"] == 0


def test_by_table_in_text(run, kb_path):
    root = kb_path(TIMELINE)
    result = run(root, "stats", "--by", "source")
    lines = result.output.splitlines()
    at = lines.index("By source")
    assert lines[at + 1].split() == [
        "SOURCE",
        "LISTED",
        "CONTACTED",
        "REPLIED",
        "MET",
        "REFERRED",
        "REPLIED",
        "%",
        "MET",
        "%",
        "REPLY",
        "DAYS",
    ]
    assert lines[at + 2].split() == ["alumni", "directory", "2", "1", "2", "1", "1", "100%", "50%", "26"]
    assert lines[at + 3].split() == ["(no", "source)", "1", "0", "0", "0", "0", "—", "—"]


def test_empty_kb(run, kb_path):
    root = kb_path({})
    got = _stats(run, root, "--by", "month")
    assert got["funnel"] == dict.fromkeys(("listed", "contacted", "replied", "met", "referred"), 0)
    assert got["rates"] == dict.fromkeys(("contacted", "replied", "met", "referred"))
    assert got["by"] == []
    text = run(root, "stats").output
    assert "No contacts yet" in text


def test_bad_since_is_a_usage_error(run, kb_path):
    result = run(kb_path({}), "stats", "--since", "2026-13-01")
    assert result.exit_code == 2
    assert "expected a date YYYY-MM-DD" in result.output


def test_stats_each_is_stats_for_each_split(kb_path):
    """The Insights page takes its splits from one pass (`stats_each`): each is `stats` itself."""
    import datetime as dt

    from rolodex.kb.loader import load
    from rolodex.rules.insight import stats, stats_each

    for root in (REPO, kb_path(TIMELINE)):
        kb, _ = load(root, cache=False)
        today = dt.date(2026, 11, 26)
        for since in (None, dt.date(2026, 2, 1)):
            bys = (None, "month", "source", "tag")
            each = stats_each(kb, today, bys, since)
            assert each == [stats(kb, today, since, by) for by in bys]
            assert [len(s.rows) for s in each[1:]] != [0, 0, 0]  # the splits have rows to compare
