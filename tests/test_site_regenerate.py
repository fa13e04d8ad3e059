"""While serving, only the pages an edit can change are generated again (site/regenerate.py):
the pages must always be exactly those a full generation makes."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO
from rolodex.drafts import compose
from rolodex.drafts.compose import TEMPLATE_KINDS
from rolodex.kb.configfile import read_config
from rolodex.site import builder, regenerate
from rolodex.site.graph import LARGE
from rolodex.site.pages import generate

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    for name in ("contacts", "meetings"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(autouse=True)
def _sound_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wherever a kept draft's inputs are taken as unchanged without looking for them
    (`Remembered.same_inputs`), looking for them must find the same (every test here)."""
    shortcut = builder.Remembered.same_inputs

    def checked(self, inputs, since):
        same = shortcut(self, inputs, since)
        if same:
            item, today = inputs[0], self.basis[2]
            assert compose.inputs(self.records, item.id, today, [item]) == inputs, item.id
        return same

    monkeypatch.setattr(builder.Remembered, "same_inputs", checked)


def _input(root: Path, drafts: builder.Remembered | None = None, cache: bool = False):
    """The site's input and the templates' digest; `cache`: through the parse cache, as `serve`
    reads (records of unchanged files are then the same objects, their references resolved anew)."""
    settings = read_config(root).settings
    templates = builder.templates_digest(root, settings)
    return builder.prepare(root, settings, TODAY, cache=cache, remembered=drafts).inp, templates


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class _Spy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = 0
        self.records: list[tuple[list[str], list[str]]] = []
        full, records = regenerate.generate, regenerate.record_pages

        def counted(inp, kept=None, site=None, hubs=None):
            self.full += kept is None
            return full(inp, kept, site, hubs)

        def recorded(inp, contacts, meetings, site=None):
            self.records.append((list(contacts), list(meetings)))
            return records(inp, contacts, meetings, site)

        monkeypatch.setattr(regenerate, "generate", counted)
        monkeypatch.setattr(regenerate, "record_pages", recorded)


def _again(
    root: Path, previous: regenerate.Generated, drafts: builder.Remembered | None = None
) -> regenerate.Generated:
    """Regenerate from `previous` after an edit, and check the pages against a full generation
    of a fresh input (its own drafts, none kept)."""
    inp, templates = _input(root, drafts)
    after = regenerate.regenerate(inp, templates, previous)
    expected = generate(_input(root)[0])
    stale = sorted(path for path in expected if after.pages.get(path) != expected[path])
    assert not stale, f"pages that differ from a full generation: {stale}"
    assert list(after.pages) == list(expected)  # the same pages, in its order
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


def test_a_meetings_notes_that_a_draft_quotes_generate_the_pages_of_the_draft(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (kb / "templates").mkdir()
    (kb / "templates" / "thank-you.md").write_text(
        "Subject: Thanks, {{ contact.first_name }}\n\nWhat I took away: {{ meeting.takeaways }}\n", encoding="utf-8"
    )
    first = regenerate.regenerate(*_input(kb), None)
    spy = _Spy(monkeypatch)
    meeting = kb / "meetings" / "2026-11-24-hector-vargas.md"
    _edit(meeting, "## Takeaways\n", "## Takeaways\n- Grant writing is half the job.\n")
    after = _again(kb, first)  # Hector's page and the follow-ups show the draft in their mail links
    assert spy.full == 0 and after.fresh is not None
    assert {"contacts/hector-vargas.md", "meetings/2026-11-24-hector-vargas.md", "due.md"} <= after.fresh
    assert "contacts/grace-liu.md" not in after.fresh
    assert "Grant%20writing%20is%20half%20the%20job" in str(after.pages["contacts/hector-vargas.md"])


def test_a_name_generates_every_page(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = regenerate.regenerate(*_input(kb), None)
    spy = _Spy(monkeypatch)
    _edit(kb / "contacts" / "grace-liu.md", "name: Grace Liu", "name: Grace Liu-Okafor")  # on many pages
    _again(kb, first)
    assert spy.full == 1


def test_a_company_generates_the_hubs_and_the_pages_that_show_it(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = regenerate.regenerate(*_input(kb), None)
    spy = _Spy(monkeypatch)
    _edit(kb / "contacts" / "hector-vargas.md", "company: ", "company: The ")
    after = _again(kb, first)
    assert spy.full == 0 and after.fresh is not None
    records = {p for p in after.fresh if p.startswith(("contacts/", "meetings/")) and not p.endswith("index.md")}
    # his page, his meetings' (the brief says where he works), and Lucia's, whom he referred:
    # the draft of her referral item says where he works too; no one else's
    assert records == {"contacts/hector-vargas.md", "contacts/lucia-ferreira.md"} | {
        f"meetings/{m.slug}.md" for m in after.inp.kb.meetings_with("hector-vargas")
    }
    assert after.pages["contacts/lucia-ferreira.md"] != first.pages["contacts/lucia-ferreira.md"]
    assert {"contacts/index.md", "companies.md", "calendar.ics"} <= after.fresh
    # hubs that show no company are kept: Insights, the Meetings page
    assert not {"stats.md", "meetings/index.md"} & after.fresh


def test_a_changed_draft_template_generates_every_page(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = regenerate.regenerate(*_input(kb), None)
    spy = _Spy(monkeypatch)
    (kb / "templates").mkdir()
    (kb / "templates" / "nudge.md").write_text("Subject: Hello again\n\nHow are things?\n", encoding="utf-8")
    _again(kb, first)
    assert spy.full == 1


# Edits of the sample KB's front matter, each of a kind the pages show in other places too:
# (file, text, its replacement). A wrong guess that a page is unchanged is a stale page.
GRACE, HECTOR, HECTOR_MEETING = (
    "contacts/grace-liu.md",
    "contacts/hector-vargas.md",
    "meetings/2026-11-24-hector-vargas.md",
)
EDITS = {
    "company": (GRACE, "company: Riverton State University", "company: RSU Media"),
    "title": (GRACE, "title: Director of Media Relations", "title: Head of News"),
    "email": (GRACE, "email: grace.liu@example.org", "email: grace@example.com"),
    "tags": (GRACE, "tags: [alumni]", "tags: [alumni, media]"),
    "goal": (GRACE, "goal: Ask how", "goal: Learn how"),
    "a reply (stage)": (GRACE, "touches:\n", "touches:\n  - date: 2026-11-20\n    kind: reply\n"),
    "a thank-you touch": (HECTOR, "touches:\n", "touches:\n  - date: 2026-11-25\n    kind: thank-you\n"),
    "referred by": (GRACE, "source: alumni directory", "source: alumni directory\nreferred_by: hector-vargas"),
    "snoozed": (GRACE, "priority: medium", "priority: medium\nsnooze_until: 2026-12-20"),
    "archived": (GRACE, "priority: medium", "priority: medium\narchived: true"),
    "a contact's follow-up": (
        GRACE,
        "priority: medium",
        "priority: medium\nfollow_ups:\n  - task: Send clips\n    due: 2026-11-28",
    ),
    "a meeting's date": (HECTOR_MEETING, "date: 2026-11-24", "date: 2026-11-20"),
    "a meeting's people": (HECTOR_MEETING, "with: hector-vargas", "with: [hector-vargas, grace-liu]"),
    "a meeting's kind": (HECTOR_MEETING, "kind: informational", "kind: coffee"),
    "a meeting's status": (HECTOR_MEETING, "status: held", "status: cancelled"),
    "a referral added": (HECTOR_MEETING, "  - lucia-ferreira\n", "  - lucia-ferreira\n  - grace-liu\n"),
    "a referral gone": (HECTOR_MEETING, "  - lucia-ferreira\n", ""),
    "a promise kept": (HECTOR_MEETING, "done: false", "done: true"),
    "a thank-you date": (HECTOR_MEETING, "duration: 15", "duration: 15\nthank_you: 2026-11-25"),
    "a meeting's tags": (HECTOR_MEETING, "tags: [nonprofit]", "tags: [nonprofit, food]"),
    "a question": (HECTOR_MEETING, "questions:\n", "questions:\n  - What is the budget?\n"),
    "a name": (GRACE, "name: Grace Liu", "name: Grace Liu-Okafor"),
}


# One on another: Grace renamed while she is at Hector's meeting and among its referrals.
LAST = ("a name", "a referral gone", "a meeting's status")
CHAINED = [EDITS[e] for e in EDITS if e not in LAST] + [EDITS[e] for e in LAST]


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_gives_the_pages_of_a_full_generation(kb: Path, edit: str) -> None:
    drafts = builder.Remembered()
    first = regenerate.regenerate(*_input(kb, drafts), None)
    _edit(kb / EDITS[edit][0], *EDITS[edit][1:])
    _again(kb, first, drafts)


def test_edits_one_on_another_give_the_pages_of_a_full_generation(kb: Path) -> None:
    """Each rebuild starts from the last, as under `serve` (its kept drafts too); a wiki link
    to the meeting whose date and people change shows its title and date."""
    drafts = builder.Remembered()
    _edit(kb / GRACE, "## Notes\n", "## Notes\n- See [[2026-11-24-hector-vargas]].\n")
    generated = regenerate.regenerate(*_input(kb, drafts), None)
    for path, old, new in CHAINED:
        _edit(kb / path, old, new)
        generated = _again(kb, generated, drafts)


def test_random_edits_of_a_generated_kb_give_the_pages_of_a_full_generation(tmp_path: Path) -> None:
    """Edits of random kinds to random files of a generated KB (benchmarks/generate.py), each on
    top of the last, with a network large enough for neighbourhoods (site/graph.py) and drafts
    that show every record they read."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate as generate_kb
    finally:
        sys.path.pop(0)
    root = generate_kb(tmp_path / "kb", contacts=240, meetings=360, seed=3)
    _everything(root)  # drafts that show every record they read, in the pages' mail links
    rng = random.Random(16)
    contacts = sorted((root / "contacts").glob("*.md"))
    meetings = sorted((root / "meetings").glob("*.md"))
    slugs = [p.stem for p in contacts]
    drafts = builder.Remembered()
    generated = regenerate.regenerate(*_input(root, drafts), None)
    assert generated.site.network_size > LARGE
    narrowed = 0
    for n in range(14):
        kind = rng.choice(list(_MUTATIONS))
        path = rng.choice(meetings if kind.startswith("meeting") else contacts)
        text = path.read_text(encoding="utf-8")
        head, sep, body = text[4:].partition("\n---\n")
        head = _MUTATIONS[kind](head, rng, slugs, n)
        path.write_text("---\n" + head + sep + body, encoding="utf-8")
        generated = _again(root, generated, drafts)
        assert _drafts(generated.inp) == _drafts(_input(root)[0])
        narrowed += generated.fresh is not None
    assert narrowed >= 7  # most of them regenerated only the pages they reach


def _key(head: str, key: str, value: str) -> str:
    """The front matter with `key: value` (replacing the key's line, else added at the end)."""
    lines = [line for line in head.split("\n") if not line.startswith(f"{key}:")]
    return "\n".join([*lines, f"{key}: {value}"])


def _list_item(head: str, key: str, item: str) -> str:
    """The front matter with one more item under `key` (a block list, made if missing)."""
    if f"\n{key}:\n" in f"\n{head}":
        return f"\n{head}".replace(f"\n{key}:\n", f"\n{key}:\n{item}\n", 1)[1:]
    return head + f"\n{key}:\n{item}"


_MUTATIONS = {
    "company": lambda head, rng, slugs, n: _key(head, "company", f"Company {n}"),
    "title": lambda head, rng, slugs, n: _key(head, "title", f"Role {n}"),
    "tags": lambda head, rng, slugs, n: _key(head, "tags", f"[tag-{n % 3}]"),
    "email": lambda head, rng, slugs, n: _key(head, "email", f"edit{n}@example.com"),
    "referred_by": lambda head, rng, slugs, n: _key(head, "referred_by", rng.choice(slugs)),
    "archived": lambda head, rng, slugs, n: _key(head, "archived", "true"),
    "touch": lambda head, rng, slugs, n: _list_item(
        head,
        "touches",
        f"  - date: 2026-11-{rng.randrange(1, 26):02d}\n    kind: {rng.choice(['reply', 'thank-you', 'outreach'])}",
    ),
    "follow_up": lambda head, rng, slugs, n: _list_item(
        head, "follow_ups", f"  - task: Task {n}\n    due: 2026-12-0{n % 9 + 1}"
    ),
    "name": lambda head, rng, slugs, n: _key(head, "name", f"Renamed Person {n}"),
    "meeting date": lambda head, rng, slugs, n: _key(
        head, "date", f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}"
    ),
    "meeting people": lambda head, rng, slugs, n: _key(head, "with", f"[{', '.join(rng.sample(slugs, 2))}]"),
    "meeting kind": lambda head, rng, slugs, n: _key(head, "kind", rng.choice(["coffee", "call", "event"])),
    "meeting status": lambda head, rng, slugs, n: _key(head, "status", rng.choice(["cancelled", "held", "planned"])),
    "meeting referral": lambda head, rng, slugs, n: _list_item(head, "referrals", f"  - {rng.choice(slugs)}"),
    "meeting thank-you": lambda head, rng, slugs, n: _key(head, "thank_you", "2026-11-25"),
}


# A template for every kind that prints what each record it can see says (site/builder.Remembered
# keeps a draft while the records `drafts.context` reads are unchanged).
EVERYTHING = """Subject: {{ item.id }}

{{ contact.name }}, {{ contact.role }}, {{ contact.email }}, {{ contact.last_contact }}, {{ contact.topic }}
{% if meeting is defined %}{{ meeting.names }} {{ meeting.date }} {{ meeting.status }} {{ meeting.topic }} {{ meeting.referrals | join(", ") }}{% endif %}
{% if referrer is defined %}{{ referrer.name }}, {{ referrer.role }}, {{ referrer.last_contact }}{% endif %}
{% if last_meeting is defined %}{{ last_meeting.names }} {{ last_meeting.date }} {{ last_meeting.referrals | join(", ") }} {{ last_meeting.topic }}{% endif %}
{% if referral is defined %}{{ referral.name }}: {{ referral.note }}{% endif %}
{% if nudge is defined %}{{ nudge.number }} {{ nudge.last_outreach }}{% endif %}
{% if task is defined %}{{ task.task }} {{ task.due }}{% endif %}
"""


# The edits whose records such a template shows.
SHOWN = ("company", "title", "email", "a reply (stage)", "a thank-you touch", "referred by")
SHOWN += (
    "a meeting's date",
    "a meeting's people",
    "a meeting's status",
    "a referral gone",
    "a referral added",
    "a name",
)


def _drafts(inp) -> dict[str, tuple[str, str] | None]:
    """Every draft the site can show: of each item, and each contact's first message."""
    ids = [i.id for i in inp.items] + [f"outreach:{slug}" for slug in inp.kb.contacts]
    return {i: inp.draft(i) for i in ids}


def _everything(kb: Path) -> None:
    (kb / "templates").mkdir()
    for kind in TEMPLATE_KINDS:
        (kb / "templates" / f"{kind}.md").write_text(EVERYTHING, encoding="utf-8")


@pytest.mark.parametrize("edit", SHOWN)
def test_a_kept_draft_is_the_draft_its_records_make(kb: Path, edit: str) -> None:
    _everything(kb)
    drafts = builder.Remembered()
    before = _drafts(_input(kb, drafts)[0])
    _edit(kb / EDITS[edit][0], *EDITS[edit][1:])
    kept, fresh = _drafts(_input(kb, drafts)[0]), _drafts(_input(kb)[0])
    assert kept == fresh
    assert before != fresh  # the edit shows in some draft


def test_kept_drafts_through_edits_one_on_another(kb: Path) -> None:
    _everything(kb)
    drafts = builder.Remembered()
    _drafts(_input(kb, drafts)[0])
    for edit in CHAINED:
        _edit(kb / edit[0], *edit[1:])
        assert _drafts(_input(kb, drafts)[0]) == _drafts(_input(kb)[0])


# Edits that reach a draft through another person: the people met with the item's person,
# those they suggested, and the meetings of the one who made a referral (their last contact).
THROUGH = {
    "a co-attendee renamed": ["a meeting's people", "a name"],
    "a suggested person renamed": ["a referral added", "a name"],
    "the referrer's other meeting": [
        (HECTOR_MEETING.replace("2026-11-24", "2025-10-14"), "date: 2025-10-14", "date: 2026-11-25")
    ],
}


@pytest.mark.parametrize("case", list(THROUGH))
def test_a_kept_draft_follows_the_records_of_other_people(kb: Path, case: str) -> None:
    _everything(kb)
    drafts = builder.Remembered()
    for edit in THROUGH[case]:
        before = _drafts(_input(kb, drafts)[0])
        path, old, new = EDITS[edit] if isinstance(edit, str) else edit
        _edit(kb / path, old, new)
        fresh = _drafts(_input(kb)[0])
        assert _drafts(_input(kb, drafts)[0]) == fresh
    assert before != fresh


def test_long_values_edited_while_serving_are_cut_anew(kb: Path) -> None:
    """Records are cut for listing once and kept cut while they are the same (site/clipped.py)."""
    drafts = builder.Remembered()
    long = "Riverton State University " + "and its many departments " * 10
    _edit(kb / GRACE, "company: Riverton State University", f"company: {long}")
    generated = regenerate.regenerate(*_input(kb, drafts), None)
    for new in (long.replace("many", "several"), "RSU"):
        _edit(kb / GRACE, f"company: {long}", f"company: {new}")
        generated = _again(kb, generated, drafts)
        long = new
    assert "RSU" in str(generated.pages["companies.md"]) and "several" not in str(generated.pages["companies.md"])


# Every value of a contact and of a meeting, changed in every file at once (FORMAT §2, §3): a hub
# kept because it does not show the value (`regenerate.READS`) must read as a full generation's.
def _later(day: object, days: int) -> object:
    return day + dt.timedelta(days=days) if isinstance(day, dt.date) else dt.date(2026, 11, 20)


_ROTATE = {"high": "low", "low": "medium", "medium": "high"}
_STATUS = {"held": "cancelled", "cancelled": "planned", "planned": "held"}
CONTACT_VALUES = {
    "title": lambda v, slug: "Chief of Staff",
    "company": lambda v, slug: "Harbor Works",
    "field": lambda v, slug: "Shipping",
    "location": lambda v, slug: "Portland",
    "email": lambda v, slug: f"{slug}@mail.example.net",
    "phone": lambda v, slug: "+1 555 0199",
    "links": lambda v, slug: {"site": f"https://example.net/{slug}"},
    "tags": lambda v, slug: [*(v or []), "harbor"],
    "referred_by": lambda v, slug: "grace-liu" if slug != "grace-liu" else "hector-vargas",
    "source": lambda v, slug: "harbor meetup",
    "goal": lambda v, slug: "Learn how ports hire",
    "priority": lambda v, slug: _ROTATE.get(v, "high"),
    "cadence": lambda v, slug: 45 if v != 45 else 90,
    "snooze_until": lambda v, slug: dt.date(2026, 12, 20),
    "archived": lambda v, slug: not v,
    "private": lambda v, slug: not v,
    "touches": lambda v, slug: [*(v or []), {"date": dt.date(2026, 11, 20), "kind": "reply", "note": "Said yes"}],
    # not a contact: no stage or health changes, yet Home's recent activity lists it
    "touches (a note)": lambda v, slug: [
        *(v or []),
        {"date": dt.date(2026, 11, 21), "kind": "note", "note": "Saw the talk"},
    ],
    # the day old meetings show as thanked
    "touches (a thank-you)": lambda v, slug: [*(v or []), {"date": dt.date(2026, 11, 25), "kind": "thank-you"}],
    "follow_ups": lambda v, slug: [*(v or []), {"task": "Send the article", "due": dt.date(2026, 11, 28)}],
    "history": lambda v, slug: [{"date": dt.date(2026, 11, 10), "company": "Old Port", "title": "Clerk"}, *(v or [])],
}
MEETING_VALUES = {
    "date": lambda v, slug: _later(v, 1),
    "time": lambda v, slug: "09:30" if str(v) != "09:30" else "10:15",
    "with": lambda v, slug: [*(v if isinstance(v, list) else [v] if v else []), "zoe-marchetti"],
    "kind": lambda v, slug: "coffee" if v != "coffee" else "call",
    "location": lambda v, slug: "Harbor café",
    "duration": lambda v, slug: (v or 15) + 5,
    "status": lambda v, slug: _STATUS.get(v, "cancelled"),
    "uid": lambda v, slug: f"{slug}@calendar.example.net",
    "thank_you": lambda v, slug: dt.date(2026, 11, 25),
    "referrals": lambda v, slug: [*(v or []), "kenji-watanabe"],
    "follow_ups": lambda v, slug: [*(v or []), {"task": "Read the report", "due": dt.date(2026, 11, 28)}],
    "questions": lambda v, slug: [*(v or []), "How do ports hire?"],
    "tags": lambda v, slug: [*(v or []), "harbor"],
}


def _set_everywhere(folder: Path, key: str, change) -> None:
    import frontmatter

    for path in sorted(folder.glob("*.md")):
        if path.name.startswith("_"):
            continue
        post = frontmatter.load(path)
        post[key] = change(post.get(key), path.stem)
        path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "folder, key",
    [("contacts", key) for key in CONTACT_VALUES] + [("meetings", key) for key in MEETING_VALUES],
)
def test_each_value_changed_everywhere_gives_the_pages_of_a_full_generation(kb: Path, folder: str, key: str) -> None:
    drafts = builder.Remembered()
    first = regenerate.regenerate(*_input(kb, drafts), None)
    values = CONTACT_VALUES if folder == "contacts" else MEETING_VALUES
    _set_everywhere(kb / folder, key.split(" ")[0], values[key])
    after = _again(kb, first, drafts)
    assert after.fresh is not None  # narrowed: a value, not a name or a file


def test_a_name_that_a_meeting_links_is_a_new_input_of_the_drafts_that_read_it(kb: Path) -> None:
    """A meeting links [[jane roe]], no contact yet; Grace is renamed Jane Roe: the link names her
    now, and the drafts that read the meeting (Hector's: it is his last) see her, read through
    the parse cache as `serve` reads."""
    _everything(kb)
    (kb / "meetings" / "2026-11-25-hector-vargas.md").write_text(
        "---\ndate: 2026-11-25\nwith: [hector-vargas, '[[jane roe]]']\nkind: coffee\n---\n", encoding="utf-8"
    )
    drafts = builder.Remembered()
    first = regenerate.regenerate(*_input(kb, drafts, cache=True), None)
    first = regenerate.regenerate(*_input(kb, drafts, cache=True), first)  # records from the cache
    before = first.inp.draft("keep-in-touch:hector-vargas")
    _edit(kb / GRACE, "name: Grace Liu", "name: Jane Roe")
    after = regenerate.regenerate(*_input(kb, drafts, cache=True), first)
    assert after.pages == generate(_input(kb)[0])
    assert _drafts(after.inp) == _drafts(_input(kb)[0])
    assert "Jane Roe" not in str(before)
    assert "Jane Roe" in str(after.inp.draft("keep-in-touch:hector-vargas"))


def test_a_meeting_that_comes_to_name_someone_is_a_new_input_of_their_drafts(kb: Path) -> None:
    """A cancelled meeting comes to name Grace: her meetings are among her drafts' inputs."""
    _everything(kb)
    drafts = builder.Remembered()
    first = regenerate.regenerate(*_input(kb, drafts), None)
    _edit(kb / HECTOR_MEETING, "status: held", "status: cancelled")
    second = _again(kb, first, drafts)
    _edit(kb / HECTOR_MEETING, "with: hector-vargas", "with: [hector-vargas, grace-liu]")
    after = _again(kb, second, drafts)
    assert _drafts(after.inp) == _drafts(_input(kb)[0])
