"""`source`, `goal` and `me.pitch` as the sentences a draft says, whatever the user typed."""

from __future__ import annotations

import pytest

from rolodex.drafts.phrasing import goal_clause, pitch_sentence, source_sentence


@pytest.mark.parametrize(
    ("source", "sentence"),
    [
        # where you found their name
        ("alumni directory", "I found your name through the alumni directory."),
        ("LinkedIn", "I found your name through LinkedIn."),
        ("on LinkedIn", "I found your name on LinkedIn."),
        ("from the alumni directory.", "I found your name through the alumni directory."),
        ('"Riverton Press Club member list"', "I found your name through the Riverton Press Club member list."),
        ("city council beat", "I found your name through the city council beat."),
        ("The Riverton Ledger", "I found your name through The Riverton Ledger."),
        # someone suggested them
        ("Jenna suggested her", "Jenna suggested I reach out to you."),
        ("Jenna (ex-colleague) suggested her", "Jenna suggested I reach out to you."),
        ("Jenna Park suggested I talk to him", "Jenna Park suggested I reach out to you."),
        ("my old editor at the Ledger recommended her", "My old editor at the Ledger suggested I reach out to you."),
        ("referred by Jenna", "Jenna suggested I reach out to you."),
        ("Introduced by Jenna [at the gala]", "Jenna suggested I reach out to you."),
        ("referral from Hector Vargas", "Hector Vargas suggested I reach out to you."),
        ("intro from Maria Okafor", "Maria Okafor suggested I reach out to you."),
        ("Jenna's recommendation", "Jenna suggested I reach out to you."),
        ("via Jenna", "I found your name through Jenna."),
        # we met, or I saw their work
        ("met at the Press Club mixer", "We met at the Press Club mixer."),
        ("Met at Press Club mixer", "We met at the Press Club mixer."),
        ("met her at a conference in 2024", "We met at a conference in 2024."),
        ("met through Jenna", "We met through Jenna."),
        ("PRSA Riverton luncheon", "I came across your name at the PRSA Riverton luncheon."),
        ("at the Greenway board meetings", "I came across your name at the Greenway board meetings."),
        ("saw her talk at SXSW", "I saw your talk at SXSW."),
        ("heard him on a podcast", "I heard you on a podcast."),
        ("LinkedIn: her post about the library bond", "I came across your post about the library bond on LinkedIn."),
        ("LinkedIn: searched for comms leads", "I found your name through LinkedIn."),
        # who they are to you is not where you found them: nothing is said
        ("former Ledger colleague (left the paper in 2019)", ""),
        ("college friend", ""),
        ("", ""),
        ("  (note to self) ", ""),
    ],
)
def test_source_sentence(source, sentence):
    assert source_sentence(source) == sentence


@pytest.mark.parametrize(
    ("goal", "clause"),
    [
        ("Learn how she moved into public affairs", "learn how you moved into public affairs"),
        ("learn what he does day to day.", "learn what you do day to day"),
        ("To understand housing-authority comms (not just press).", "understand housing-authority comms"),
        (
            "Ask how a university newsroom works and what she looks for in writers",
            "hear how a university newsroom works and what you look for in writers",
        ),
        ("How she moved into policy", "hear how you moved into policy"),
        ("understand how she's built her team", "understand how you've built your team"),
        ("her move to policy", "hear about your move to policy"),
        ("Goal: compare agency and in-house PR", "compare agency and in-house PR"),
        ("potential mentor", ""),
        ("grant writing", ""),
        ("", ""),
    ],
)
def test_goal_clause(goal, clause):
    assert goal_clause(goal) == clause


@pytest.mark.parametrize(
    ("pitch", "sentence"),
    [
        ("I'm a metro reporter exploring public affairs.", "I'm a metro reporter exploring public affairs."),
        ("i’m a metro reporter", "I’m a metro reporter."),
        ("a metro reporter exploring public affairs", "I'm a metro reporter exploring public affairs."),
        ("Metro reporter at the Ledger, exploring comms", "I'm a metro reporter at the Ledger, exploring comms."),
        ("Ex-reporter moving into policy", "I'm an ex-reporter moving into policy."),
        ("MBA student curious about utilities", "I'm an MBA student curious about utilities."),
        ("university librarian", "I'm a university librarian."),
        ("currently studying public policy", "I'm currently studying public policy."),
        ("exploring a move into comms", "I'm exploring a move into comms."),
        ("Sam Rivera, metro reporter at the Ledger", "I'm Sam Rivera, metro reporter at the Ledger."),
        ("am a reporter looking at comms", "I am a reporter looking at comms."),
        ("My background is local news; I'm exploring comms", "My background is local news; I'm exploring comms."),
        ("  ", ""),
    ],
)
def test_pitch_sentence(pitch, sentence):
    assert pitch_sentence(pitch, "Sam Rivera") == sentence
