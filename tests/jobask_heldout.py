"""Held-out job-ask phrasings: written before the classifier was tuned, and never tuned on.

tests/test_jobask.py measures the classifier on these and reports the figures; the
labelled set it tunes against is in that file. Do not add a phrasing here to fix a
miss: that would make these figures as optimistic as the tuned ones.
"""

HELD_OUT_ASKS = [
    "Do you know of any vacancies in your department?",
    "would u be willing to forward my CV to your hiring manager",
    "Could you let me know if anything opens up on your team?",
    "Is there any chance your firm would take me on?",
    "I'd love it if you could recommend me for the analyst opening",
    "Does your organisation have any positions I could apply for?",
    "Can I apply for a job on your team",
    "Would you mind flagging my application to HR?",
    "Are you guys looking for anyone at the moment?",
    "Could you introduce me to the hiring manager for the comms role?",
]
HELD_OUT_GOOD = [
    "What do you wish you'd known when you started your job?",
    "How do people usually move from reporting into communications?",
    "What's the biggest challenge your team is facing this year?",
    "Which skills are employers in this sector prioritising now?",
    "how did you land your current role",
    "What would you do differently if you were starting out today?",
    "Are there professional associations you'd recommend joining?",
    "How has remote work changed hiring in your industry?",
    "What does a good CV look like in your field?",
    "Who else do you think I should speak with?",
]
