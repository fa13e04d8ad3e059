"""The job-ask check: prepared questions that ask for a job are flagged, questions about work are not.

`ASKS` and `GOOD` are the labelled set the rules were tuned on, written the many ways people
write them; the figures are measured over the whole set, not per phrase, and the goal is
at least 95% of asks caught and at most 5% of good questions flagged. The held-out set in
jobask_heldout.py was written before the rules and is only measured, never tuned on.
"""

from __future__ import annotations

import json

import pytest

from jobask_heldout import HELD_OUT_ASKS, HELD_OUT_GOOD
from rolodex.core.jobask import asks_for_job, job_asks, normalise

ASKS = [
    # "are you hiring", in every form
    "Are you hiring?",
    "Is your team hiring right now?",
    "Is Voltline hiring for operations roles right now?",
    "is voltline hiring",
    "Are you recruiting at the moment?",
    "Is the agency taking on new staff?",
    "r u hiring atm?",
    "Do you know whether your department is recruiting?",
    "I was wondering if you're hiring",
    # openings, roles, positions, vacancies
    "Do you have any openings?",
    "Are there any openings on your team?",
    "Is there an opening on your team?",
    "Are there any open ops roles at Voltline?",
    "Are there jobs available at your office?",
    "Are there any positions open in your department?",
    "Is there a vacancy on the press team?",
    "do you guys have any openings for junior analysts",
    "Do you know if there are any roles going at the council?",
    "Is there anything open at your company that I'd be a fit for?",
    "Any jobs going in your organisation",
    "What openings do you have on your team right now?",
    "Which roles are you hiring for?",
    # keep me in mind, let me know when something opens
    "Would you keep me in mind if a role opens up?",
    "keep me in mind for any openings",
    "Can you keep me in mind if something comes up?",
    "Could you let me know when a job opens up?",
    "Would you think of me if a position comes up on your team?",
    # refer, recommend, put in a word
    "Could you refer me for a job?",
    "Would you refer me for the position?",
    "Could you refer me for the policy analyst position?",
    "Would you be willing to refer me internally?",
    "Would you recommend me for the role?",
    "Could you put in a good word for me?",
    "Would you be able to put in a word for me with the hiring team?",
    "would u put in a word with ur manager for me",
    # résumé, resume, CV
    "Can I send you my resume?",
    "any chance you could pass my résumé on to your manager?",
    "Could I email you my CV",
    "I'd be grateful if you could pass my CV along to HR.",
    "Could you forward my resume to the hiring manager?",
    "Can I leave a copy of my résumé with you?",
    # hire me, work for you
    "Will you hire me?",
    "Can you help me get a job?",
    "Can you get me an interview?",
    "Would you consider me for a position on your team?",
    "Are there opportunities for me to join your team?",
    "Are there any opportunities at your company right now?",
    "Can I apply to work with you?",
    "Do you have room on your team for someone like me?",
    "Is there any way I could work for you?",
]
GOOD = [
    # their path
    "How did you get your first job in this field?",
    "How did you get hired at the agency?",
    "how did you end up in public affairs",
    "What do you like most about your role?",
    "How did you find your current position?",
    "What's a day in your role really like",
    "What does a typical week look like?",
    "What's the hardest part of your job?",
    "What do you wish you'd known before taking this job?",
    "Who has been a mentor to you?",
    "Did you do any internships when you were starting out?",
    "Did you take any roles in the private sector before this one?",
    "Have you had any jobs outside government?",
    # their field, and hiring in it
    "How has hiring in your field changed?",
    "What is the hiring process like in government?",
    "What trends are shaping hiring in local government?",
    "Is hiring in your sector slower than it was before the pandemic?",
    "Is your team hiring more data people than five years ago?",
    "Do you know whether hiring has picked up in the sector?",
    "What's changed in the industry since you started?",
    "How do you see the field changing over the next five years?",
    "Which roles in your field are growing fastest?",
    "What positions exist in a press office?",
    "Is there a role you think suits a former reporter?",
    "Is it common for reporters to move into comms roles?",
    "How competitive is it to get a job in this sector?",
    "Do you think an MBA helps in this field?",
    "What would you tell someone who wants a job like yours?",
    # their team: what it looks for, its challenges
    "What skills does your team look for?",
    "What skills would make someone a strong candidate?",
    "What would you look for if you were hiring for your team?",
    "When your team last hired, what made the best candidate stand out?",
    "What does your organisation look for in new graduates?",
    "What do hiring managers in your sector value most?",
    "what kind of people succeed on your team?",
    "What are the biggest challenges your team faces?",
    "How do people in your team usually get promoted?",
    # résumés as advice, and who else to meet
    "How would you review my resume if it came across your desk?",
    "How did you get your CV noticed when you were starting out?",
    "Who else should I talk to?",
    "Could you refer me to anyone else I should meet?",
    "Which job boards or newsletters do you read?",
    "Are there any organisations you'd recommend I look into?",
    "What professional groups should I join?",
    "Are there any books or podcasts you'd recommend?",
    "Any posts on LinkedIn I should read?",
    "Are there any networking opportunities in the city you'd recommend?",
    "Do you have any advice for someone moving into comms roles?",
    "Are there any roles in your field that don't need a degree?",
    "Which associations could I join to meet people in policy?",
    "Can you take me through how a bill gets drafted?",
]


def rates(asks: list[str], good: list[str]) -> tuple[float, float]:
    """(share of asks flagged, share of good questions flagged)."""
    recall = sum(map(asks_for_job, asks)) / len(asks)
    false_positives = sum(map(asks_for_job, good)) / len(good)
    return recall, false_positives


def test_the_labelled_set_is_big_and_balanced():
    assert len(ASKS) + len(GOOD) >= 60
    assert abs(len(ASKS) - len(GOOD)) <= 5
    assert not set(ASKS) & set(GOOD)


def test_recall_and_false_positive_rate_on_the_labelled_set():
    recall, false_positives = rates(ASKS, GOOD)
    missed = [q for q in ASKS if not asks_for_job(q)]
    flagged = [q for q in GOOD if asks_for_job(q)]
    assert recall >= 0.95, missed
    assert false_positives <= 0.05, flagged


def test_the_held_out_set_is_measured_not_tuned(capsys):
    recall, false_positives = rates(HELD_OUT_ASKS, HELD_OUT_GOOD)
    with capsys.disabled():
        print(f"\njob-ask held-out: recall {recall:.0%}, false positives {false_positives:.0%}")
    # the floor is what was measured when the held-out set was first run: a guard against
    # regressions, not a goal (the goal is the labelled set's)
    assert recall >= HELD_OUT_FLOOR[0] and false_positives <= HELD_OUT_FLOOR[1]


HELD_OUT_FLOOR = (0.8, 0.0)  # as first measured: 8 of 10 asks caught, 0 of 10 good questions flagged


def test_the_asks_a_new_user_wrote_are_reported_by_check(kb_path, run):
    root = kb_path(
        {
            "contacts/dana-ortiz.md": "---\nname: Dana Ortiz\ncompany: Voltline\n---\n",
            "meetings/2026-12-01-dana-ortiz.md": """\
                ---
                date: 2026-12-01
                with: dana-ortiz
                questions:
                  - How did you move from the grid team into operations?
                  - Is Voltline hiring for operations roles right now?
                  - Are there any open ops roles at Voltline?
                  - What skills does your team look for?
                  - Would you keep me in mind if a role opens up?
                  - How has hiring in your field changed?
                ---
                """,
        }
    )
    result = run(root, "check", "--format", "json")
    warned = [(p["line"], p["code"]) for p in json.loads(result.stdout)]
    assert warned == [(6, "job-ask"), (7, "job-ask"), (9, "job-ask")]


def test_one_question_per_sentence_in_a_draft():
    text = "Subject: Hello\n\nHow are you? I'd love to hear about your role. Could I send you my CV? Thanks."
    assert job_asks(text) == ["Could I send you my CV?"]
    assert not asks_for_job("Bring copies of your resume; never ask for a job.")


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Could I send you my Résumé?", "could i send you my resume"),
        ("can u pass on my C.V.", "can you pass on my resume"),
        ("You’re hiring, aren’t you?", "you are hiring, aren't you"),
        ("Is  there\u00a0an opening?!", "is there an opening"),
    ],
)
def test_normalise(text, plain):
    assert normalise(text) == plain
