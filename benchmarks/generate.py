"""A seeded generator of realistic knowledge bases of any size.

    python benchmarks/generate.py DIR --contacts 10000 --meetings 30000 [--seed 1]

Contacts get tags, touches, links and a body; meetings get referrals,
follow-ups, questions, research and notes; a few use Obsidian links. The same
seed always gives the same files (dates are spread around 2026-11-26).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Farah",
    "Gus",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tariq",
    "Uma",
    "Vera",
    "Wen",
    "Xavi",
    "Yara",
    "Zane",
    "Zoë",
    "Éloïse",
    "Seán",
]
LAST = [
    "Adler",
    "Bauer",
    "Chen",
    "Diaz",
    "Eze",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kim",
    "Lopez",
    "Mensah",
    "Novak",
    "O'Neil",
    "Park",
    "Quispe",
    "Rossi",
    "Singh",
    "Tanaka",
    "Ueda",
    "Varga",
    "Wong",
    "Xu",
    "Yilmaz",
    "Zhou",
    "Brennan",
    "Okafor",
]
COMPANIES = (
    "Acme Civic Labs",
    "Harborview Strategies",
    "Greenway Transit Authority",
    "Lumen Health",
    "Northside Community Foundation",
    "City of Riverton",
    "Bright Line PR",
    "Riverton State University",
    "Pinecrest Energy",
    "The Riverton Ledger",
    "Open Data Collective",
    "Summit & Vale LLP",
)
FIELDS = ("Public affairs", "Government", "Nonprofit", "Health care", "Media", "Education", "Energy", "Law")
TITLES = (
    "Director of Communications",
    "Press Secretary",
    "Policy Analyst",
    "Program Manager",
    "Chief of Staff",
    "Editor",
    "Community Organizer",
    "Public Information Officer",
)
TAGS = ("mentor", "alumni", "government", "nonprofit", "agency", "press", "panel", "conference")
KINDS = ("outreach", "reply", "thank-you", "check-in", "call", "message", "note")
QUESTIONS = (
    "How did you make the move into this field?",
    "What does a typical week look like?",
    "What skills matter most on your team?",
    "Who else would you recommend I talk to?",
    "What do you wish you had known when you started?",
)
LOREM = (
    "They moved from a newsroom into government communications after a decade on the beat. "
    "Their team handles press, social media and community meetings across the city. "
    "Recent projects include a transit budget campaign and a library bond measure. "
)


def _date(rng: random.Random, today: dt.date, back: int, ahead: int = 0) -> dt.date:
    return today + dt.timedelta(days=rng.randint(-back, ahead))


def _contact(rng: random.Random, i: int, slugs: list[str], today: dt.date) -> tuple[str, str]:
    # Names are unique, as people's are in a real network: a middle initial and a number
    # tell the rest apart.
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    rounds = i // (len(FIRST) * len(LAST))
    name = (
        f"{first} {chr(65 + rounds % 26)}. {last}" + (f" {rounds // 26 + 1}" if rounds >= 26 else "")
        if rounds
        else f"{first} {last}"
    )
    slug = slugs[i]
    lines = [
        "---",
        f'name: "{name}"',
        f"title: {rng.choice(TITLES)}",
        f"company: {rng.choice(COMPANIES)}",
        f"field: {rng.choice(FIELDS)}",
        "location: Riverton",
        f"email: {slug}@example.com",
        f'phone: "+1 555 {i % 10000:04d}"',
        "links:",
        f"  linkedin: https://www.linkedin.com/in/{slug}",
        f"tags: [{', '.join(rng.sample(TAGS, rng.randint(0, 3)))}]",
    ]
    if i and rng.random() < 0.3:
        lines.append(f"referred_by: {slugs[rng.randrange(i)]}")
    if rng.random() < 0.5:
        lines += [
            f"priority: {rng.choice(('high', 'medium', 'low'))}",
            "goal: Learn how they built a career in public affairs",
        ]
    if rng.random() < 0.1:
        lines.append(f"cadence: {rng.choice((30, 60, 'never'))}")
    if rng.random() < 0.03:
        lines.append("archived: true")
    touches = sorted((_date(rng, today, 700), rng.choice(KINDS)) for _ in range(rng.randint(0, 6)))
    if touches:
        lines.append("touches:")
        for day, kind in touches:
            lines += [f"  - date: {day.isoformat()}", f"    kind: {kind}", "    note: Short note about what was said"]
    lines += ["---", "## Research", "", LOREM * rng.randint(1, 3), "", "## Notes", "", LOREM, ""]
    return f"contacts/{slug}.md", "\n".join(lines)


def _meeting(
    rng: random.Random, slugs: list[str], names: dict[str, str], today: dt.date, taken: set[str]
) -> tuple[str, str]:
    day = _date(rng, today, 900, 60)
    who = rng.sample(slugs, 2 if rng.random() < 0.1 else 1)
    stem = f"{day.isoformat()}-{who[0]}"
    slug, n = stem, 2
    while slug in taken:
        slug, n = f"{stem}-{n}", n + 1
    taken.add(slug)
    refs = [f'"[[{names[s]}]]"' if rng.random() < 0.05 else s for s in who]
    when = day.isoformat() + (f" {rng.randint(8, 17):02d}:{rng.choice(('00', '30'))}" if rng.random() < 0.4 else "")
    lines = [
        "---",
        f"date: {when}",
        f"with: [{', '.join(refs)}]" if len(refs) > 1 else f"with: {refs[0]}",
        f"kind: {rng.choice(('informational', 'coffee', 'call', 'video'))}",
        "location: Riverton Café",
        "duration: 15",
    ]
    if day < today and rng.random() < 0.7:
        lines.append(f"thank_you: {(day + dt.timedelta(days=1)).isoformat()}")
    if rng.random() < 0.04:
        lines.append("status: cancelled")
    if rng.random() < 0.3:
        lines.append("referrals:")
        lines.append(f"  - {rng.choice(slugs)}")
        if rng.random() < 0.3:
            lines += [f"  - name: {rng.choice(FIRST)} {rng.choice(LAST)}", "    note: runs comms at the port"]
    if rng.random() < 0.3:
        lines += [
            "follow_ups:",
            "  - task: Send the article we discussed",
            f"    due: {(day + dt.timedelta(days=3)).isoformat()}",
            f"    done: {rng.choice(('false', 'true'))}",
        ]
    lines += ["questions:"] + [f"  - {q}" for q in rng.sample(QUESTIONS, 3)]
    lines += [
        "---",
        "## Research",
        "",
        LOREM if rng.random() < 0.9 else "",
        "",
        "## Notes",
        "",
        LOREM * 2,
        "",
        "## Takeaways",
        "",
        "- Follow up on the budget hearing",
        "",
    ]
    return f"meetings/{slug}.md", "\n".join(lines)


MKDOCS_YML = """\
site_name: Generated network
theme:
  name: material
  font: false
plugins:
  - search
  - offline
  - rolodex
"""


def generate(root: Path, contacts: int, meetings: int, seed: int = 1, today: dt.date = dt.date(2026, 11, 26)) -> Path:
    """Write a KB of `contacts` contacts and `meetings` meetings under `root`."""
    rng = random.Random(seed)
    (root / "contacts").mkdir(parents=True, exist_ok=True)
    (root / "meetings").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Generated network\n", encoding="utf-8")
    slugs = [f"person-{i:05d}" for i in range(contacts)]
    names: dict[str, str] = {}
    for i in range(contacts):
        path, text = _contact(rng, i, slugs, today)
        names[slugs[i]] = text.split('name: "', 1)[1].split('"', 1)[0]
        (root / path).write_text(text, encoding="utf-8")
    taken: set[str] = set()
    for _ in range(meetings):
        path, text = _meeting(rng, slugs, names, today, taken)
        (root / path).write_text(text, encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.dir, args.contacts, args.meetings, args.seed)
    print(f"wrote {args.contacts} contacts and {args.meetings} meetings to {args.dir}")


if __name__ == "__main__":
    main()
