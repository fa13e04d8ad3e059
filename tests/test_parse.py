"""The per-file rules of FORMAT §1–3, on the pure parser: text in, records and problems out.

No filesystem and no clock here; `kb.load` is tested in test_loader.py.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rolodex.core import frontmatter
from rolodex.core.model import Contact, FollowUpTask, Meeting, Problem, Ref, Referral, Touch, Unplaced
from rolodex.core.parse import decode, parse_contact, parse_file, parse_meeting


def contact(text: str, slug: str = "jane-doe") -> tuple[Contact, list[Problem]]:
    record, problems = parse_contact(f"contacts/{slug}.md", slug, textwrap.dedent(text).lstrip("\n"))
    return record, problems


def meeting(text: str, slug: str = "2026-11-20-jane-doe") -> tuple[Meeting, list[Problem]]:
    record, problems = parse_meeting(f"meetings/{slug}.md", slug, textwrap.dedent(text).lstrip("\n"))
    return record, problems


def codes(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(p.line, p.code) for p in problems]


# --- front matter -------------------------------------------------------------------


def test_split_front_matter_and_body():
    parts = frontmatter.split("---\nname: Jane\n---\n## Notes\nHello\n")
    assert (parts.yaml_text, parts.body, parts.yaml_line, parts.body_line) == (
        "name: Jane\n",
        "## Notes\nHello\n",
        2,
        4,
    )


def test_front_matter_may_close_with_dots_and_trailing_spaces():
    assert frontmatter.split("--- \nname: Jane\n...\nbody").body == "body"


def test_front_matter_must_start_on_line_1():
    with pytest.raises(frontmatter.FrontMatterError) as err:
        frontmatter.split("\n---\nname: Jane\n---\n")
    assert (err.value.code, err.value.line) == ("no-front-matter", 1)


def test_a_body_with_a_horizontal_rule_is_not_front_matter():
    record, problems = contact("---\nname: Jane Doe\n---\nabove\n\n---\n\nbelow\n")
    assert problems == []
    assert record.body == "above\n\n---\n\nbelow\n"


def test_research_section_is_read_from_the_body():
    record, _ = meeting("""\
        ---
        date: 2026-11-20
        with: jane-doe
        ---
        ## Research
        <!-- a template comment is not research -->
        Read her blog.

        ## Notes
        Nice.
        """)
    assert record.research == "Read her blog."
    empty, _ = meeting("---\ndate: 2026-11-20\nwith: jane-doe\n---\n## Research\n<!-- todo -->\n\n## Notes\n")
    assert empty.research == ""


# --- encoding, BOM, CRLF ---------------------------------------------------------------


def test_utf8_bom_is_tolerated():
    text, problems = decode("contacts/a.md", "\ufeff---\nname: Zoë\n---\n".encode("utf-8"))
    assert (text, problems) == ("---\nname: Zoë\n---\n", [])


def test_non_utf8_is_a_located_encoding_error():
    record, problems = parse_file("contact", "contacts/a.md", "a", "---\nname: x\ntitle: Café\n---\n".encode("cp1252"))
    assert record == Unplaced("contact", "contacts/a.md", "a")
    assert problems == [
        Problem(
            "contacts/a.md", 3, "error", "encoding", "not UTF-8 text (byte 0xe9 at offset 22); save the file as UTF-8"
        )
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_bom_and_crlf_keep_line_numbers_and_values(newline, bom):
    text = newline.join(
        ["---", "name: Jane Doe", "compnay: Initech", "title: Director", "priority: urgent", "---", "## Notes", ""]
    )
    data = (bom + text).encode("utf-8")
    record, problems = parse_file("contact", "contacts/jane-doe.md", "jane-doe", data)
    assert codes(problems) == [(3, "unknown-key"), (5, "bad-value")]
    assert record.name == "Jane Doe" and record.title == "Director"  # no stray \r in values
    assert record.line_of("title") == 4
    assert record.body.replace("\r\n", "\n") == "## Notes\n"


def test_crlf_meeting_with_date_time_and_research():
    data = b"---\r\ndate: 2026-11-20 09:30\r\nwith: jane-doe\r\n---\r\n## Research\r\nRead her blog.\r\n"
    record, problems = parse_file("meeting", "meetings/2026-11-20-jane-doe.md", "2026-11-20-jane-doe", data)
    assert problems == []
    assert (record.date, record.time, record.research) == (dt.date(2026, 11, 20), dt.time(9, 30), "Read her blog.")


# --- strings stay strings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "key, typed",
    [
        ("company", "ON"),
        ("company", "off"),
        ("name", "Yes"),
        ("name", "No"),
        ("name", "true"),
        ("title", "12:30"),
        ("title", "1:30:00"),
        ("phone", "0123"),
        ("phone", "0123 4567"),
        ("phone", "+1 555 0100"),
        ("location", "02139"),
        ("location", "0x1F"),
        ("location", "1e3"),
        ("location", ".inf"),
        ("field", "2026-11-20"),
        ("source", "1_000"),
        ("goal", "0o17"),
        ("title", "3.10"),
    ],
)
def test_string_fields_keep_the_text_typed(key, typed):
    record, problems = contact(
        f"---\nname: Jane Doe\n{key}: {typed}\n---\n" if key != "name" else f"---\nname: {typed}\n---\n"
    )
    assert problems == []
    assert getattr(record, key) == typed


def test_quoted_text_is_unquoted():
    record, _ = contact("---\nname: 'Jane ''JD'' Doe'\nphone: \"0123\"\n---\n")
    assert (record.name, record.phone) == ("Jane 'JD' Doe", "0123")


def test_multiline_text():
    record, problems = contact("---\nname: Jane Doe\ngoal: >\n  Learn how she moved\n  into public affairs\n---\n")
    assert problems == [] and record.goal == "Learn how she moved into public affairs\n"


def test_null_text_is_absent():
    record, problems = contact("---\nname: Jane Doe\ntitle:\ncompany: ~\n---\n")
    assert problems == [] and (record.title, record.company) == (None, None)


def test_tags_and_questions_keep_text():
    record, _ = contact("---\nname: Jane Doe\ntags: [yes, 2026, on]\n---\n")
    assert record.tags == ("yes", "2026", "on")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp")), min_size=1, max_size=30))
def test_any_quoted_title_round_trips(title):
    """Whatever the user types, double-quoted and escaped, is exactly what the record holds."""
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    record, problems = contact(f'---\nname: Jane Doe\ntitle: "{escaped}"\n---\n')
    assert problems == [] and record.title == title


# --- emails, links, lists -----------------------------------------------------------------


def test_email_is_a_string_or_a_list():
    one, _ = contact("---\nname: Jane Doe\nemail: jane@x.example\n---\n")
    many, _ = contact("---\nname: Jane Doe\nemail: [jane@x.example, jd@home.example]\n---\n")
    assert (one.emails, one.email) == (("jane@x.example",), "jane@x.example")
    assert (many.emails, many.email) == (("jane@x.example", "jd@home.example"), "jane@x.example")


def test_links_are_a_mapping_looked_up_by_name_in_any_case():
    record, problems = contact(
        "---\nname: Jane Doe\nlinks:\n  LinkedIn: https://linkedin.com/in/jane \n  site: https://jane.example\n---\n"
    )
    assert problems == []
    assert record.links == (("LinkedIn", "https://linkedin.com/in/jane"), ("site", "https://jane.example"))
    assert record.link("linkedin") == "https://linkedin.com/in/jane"


# --- contacts -------------------------------------------------------------------------------


def test_a_full_contact():
    record, problems = contact("""\
        ---
        name: Jane Doe
        title: Director of Communications
        company: Initech
        field: Public affairs
        location: Riverton
        email: jane@initech.example
        phone: 0123 4567
        links: {linkedin: "https://www.linkedin.com/in/jane"}
        tags: [mentor, alumni]
        referred_by: bob-stone
        source: alumni directory
        goal: Learn the job
        priority: high
        cadence: 30
        snooze_until: 2027-01-15
        archived: false
        private: yes
        touches:
          - {date: 2026-11-01, kind: outreach, note: Cold email}
          - date: 2026-11-03 14:05
            kind: reply
        ---
        ## Notes
        """)
    assert problems == []
    assert record == Contact(
        slug="jane-doe",
        path="contacts/jane-doe.md",
        name="Jane Doe",
        title="Director of Communications",
        company="Initech",
        field="Public affairs",
        location="Riverton",
        emails=("jane@initech.example",),
        phone="0123 4567",
        links=(("linkedin", "https://www.linkedin.com/in/jane"),),
        tags=("mentor", "alumni"),
        referred_by=Ref(raw="bob-stone", target="bob-stone"),
        source="alumni directory",
        goal="Learn the job",
        priority="high",
        cadence=30,
        snooze_until=dt.date(2027, 1, 15),
        archived=False,
        private=True,
        touches=(Touch(dt.date(2026, 11, 1), "outreach", "Cold email"), Touch(dt.date(2026, 11, 3), "reply")),
        body="## Notes\n",
    )


def test_every_value_keeps_its_line():
    record, _ = contact("""\
        ---
        name: Jane Doe

        company: Initech
        referred_by: bob-stone
        touches:
          - {date: 2026-11-01, kind: outreach}
          - date: 2026-11-03
            kind: reply
        ---
        """)
    assert {k: record.line_of(k) for k in ("name", "company", "referred_by", "touches")} == {
        "name": 2,
        "company": 4,
        "referred_by": 5,
        "touches": 6,
    }
    assert record.referred_by.line == 5
    assert [t.line for t in record.touches] == [7, 8]


def test_records_compare_by_meaning_not_by_lines():
    compact, _ = contact("---\nname: Jane Doe\ntouches: [{date: 2026-11-01, kind: outreach}]\nreferred_by: bob\n---\n")
    spread, _ = contact("""\
        ---
        # a comment
        referred_by: bob

        name: "Jane Doe"
        touches:
          - date: 2026-11-01
            kind: outreach
        ---
        """)
    assert compact == spread
    assert compact.lines != spread.lines
    assert compact.touches[0].line != spread.touches[0].line


def test_cadence_days_or_never():
    assert contact("---\nname: J\ncadence: 45\n---\n")[0].cadence == 45
    assert contact("---\nname: J\ncadence: never\n---\n")[0].cadence == "never"
    assert contact("---\nname: J\n---\n")[0].cadence is None  # the config decides


def test_booleans_accept_yaml_words_but_not_quoted_text():
    record, problems = contact("---\nname: J\narchived: yes\nprivate: On\n---\n")
    assert (record.archived, record.private, problems) == (True, True, [])
    record, problems = contact("---\nname: J\narchived: 'true'\n---\n")
    assert record.archived is False and codes(problems) == [(3, "wrong-type")]


def test_a_contact_with_problems_is_still_a_record():
    record, problems = contact("---\nname: Jane Doe\npriority: urgent\ncompnay: x\n---\n")
    assert record.name == "Jane Doe" and record.priority is None
    assert sorted(codes(problems)) == [(3, "bad-value"), (4, "unknown-key")]


def test_a_contact_without_a_name_is_named_by_its_slug():
    record, problems = contact("---\ncompany: Initech\n---\n")
    assert record.name == "jane-doe" and codes(problems) == [(1 + 1, "missing-key")]


def test_touch_with_date_time_counts_by_its_date():
    record, _ = contact("---\nname: J\ntouches:\n  - {date: 2026-11-03T22:30:00-05:00, kind: reply}\n---\n")
    assert record.touches == (Touch(dt.date(2026, 11, 3), "reply"),)


def test_bad_touches_are_left_out_and_reported():
    record, problems = contact("""\
        ---
        name: J
        touches:
          - {date: 2026-11-01, kind: outreach}
          - {date: 2026-02-30, kind: reply}
          - {date: 2026-11-05, kind: lunch}
          - note only
        ---
        """)
    assert [t.kind for t in record.touches] == ["outreach"]
    assert codes(problems) == [(5, "bad-date"), (6, "bad-value"), (7, "wrong-type")]


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, day, time",
    [
        ("2026-11-20", dt.date(2026, 11, 20), None),
        ("'2026-11-20'", dt.date(2026, 11, 20), None),
        ("2026-11-20 09:30", dt.date(2026, 11, 20), dt.time(9, 30)),
        ("2026-11-20 9:05", dt.date(2026, 11, 20), dt.time(9, 5)),
        ("2026-11-20T09:30", dt.date(2026, 11, 20), dt.time(9, 30)),
        ("2026-11-20T09:30:15", dt.date(2026, 11, 20), dt.time(9, 30, 15)),
        ("2026-11-20T09:30:00Z", dt.date(2026, 11, 20), dt.time(9, 30)),
        ("2026-11-20T23:30:00+01:00", dt.date(2026, 11, 20), dt.time(23, 30)),
        ("2026-11-20 09:30:00.5 -05:00", dt.date(2026, 11, 20), dt.time(9, 30)),
        ("2026-11-20t09:30", dt.date(2026, 11, 20), dt.time(9, 30)),
    ],
)
def test_meeting_dates_and_date_times(typed, day, time):
    record, problems = meeting(f"---\ndate: {typed}\nwith: jane-doe\n---\n")
    assert problems == []
    assert (record.date, record.time) == (day, time)


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("2026-02-30", "day is out of range for month"),
        ("2026-13-01", "month must be in 1..12"),
        ("2025-02-29", "day is out of range for month"),
        ("2026-00-10", "month must be in 1..12"),
        ("2026-11-20 24:00", "hour must be in 0..23"),
        ("2026-11-20 09:61", "minute must be in 0..59"),
    ],
)
def test_impossible_dates_are_located_bad_dates(typed, reason):
    record, problems = meeting(f"---\ndate: {typed}\nwith: jane-doe\n---\n")
    assert isinstance(record, Unplaced)
    assert problems == [
        Problem(
            "meetings/2026-11-20-jane-doe.md", 2, "error", "bad-date", f"'date': {typed} is not a real date ({reason})"
        )
    ]


@pytest.mark.parametrize("typed", ["next Tuesday", "20/11/2026", "2026-11", "Nov 20, 2026", "2026.11.20", "46000"])
def test_unreadable_dates_are_bad_dates(typed):
    _, problems = meeting(f"---\ndate: {typed}\nwith: jane-doe\n---\n")
    assert codes(problems) == [(2, "bad-date")]
    assert problems[0].message == f"'date' should be a date YYYY-MM-DD, found '{typed}'"


def test_leap_day_is_a_real_date():
    assert meeting("---\ndate: 2028-02-29\nwith: jane-doe\n---\n", "2028-02-29-jane-doe")[1] == []


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_every_real_date_parses(day):
    record, problems = meeting(f"---\ndate: {day.isoformat()}\nwith: jane-doe\n---\n", f"{day.isoformat()}-jane-doe")
    assert problems == [] and record.date == day


def test_optional_dates_left_empty_are_absent():
    record, problems = meeting("---\ndate: 2026-11-20\nwith: jane-doe\nthank_you:\n---\n")
    assert problems == [] and record.thank_you is None
    record, problems = contact("---\nname: J\nsnooze_until:\n---\n")
    assert problems == [] and record.snooze_until is None


# --- meetings ----------------------------------------------------------------------------------


def test_a_full_meeting():
    record, problems = meeting("""\
        ---
        date: 2026-11-20 09:30
        with: [jane-doe, "[[Bob Stone]]"]
        kind: coffee
        location: Blue Bottle
        duration: 20
        status: held
        thank_you: 2026-11-21
        referrals:
          - carol-diaz
          - {name: Maria Lopez, note: runs the data team}
          - {name: Dana Kim, contact: dana-kim}
        follow_ups:
          - {task: Send the article, due: 2026-11-24}
          - {task: Share my portfolio, due: 2026-11-25, done: true}
          - {task: Ask about the meetup, due: 2026-11-26, done: 2026-11-25}
          - {task: Intro to Carol, due: 2026-11-27, done: false}
        questions:
          - How did you get your first job in this field?
        tags: [data]
        ---
        """)
    assert problems == []
    assert record == Meeting(
        slug="2026-11-20-jane-doe",
        path="meetings/2026-11-20-jane-doe.md",
        date=dt.date(2026, 11, 20),
        time=dt.time(9, 30),
        with_=(Ref("jane-doe", "jane-doe"), Ref("[[Bob Stone]]", "Bob Stone")),
        kind="coffee",
        location="Blue Bottle",
        duration=20,
        status_set="held",
        thank_you=dt.date(2026, 11, 21),
        referrals=(
            Referral(contact=Ref("carol-diaz", "carol-diaz")),
            Referral(name="Maria Lopez", note="runs the data team"),
            Referral(name="Dana Kim", contact=Ref("dana-kim", "dana-kim")),
        ),
        follow_ups=(
            FollowUpTask("Send the article", dt.date(2026, 11, 24), False, 0),
            FollowUpTask("Share my portfolio", dt.date(2026, 11, 25), True, 1),
            FollowUpTask("Ask about the meetup", dt.date(2026, 11, 26), dt.date(2026, 11, 25), 2),
            FollowUpTask("Intro to Carol", dt.date(2026, 11, 27), False, 3),
        ),
        questions=("How did you get your first job in this field?",),
        tags=("data",),
    )
    assert [f.is_done for f in record.follow_ups] == [False, True, True, False]


def test_meeting_defaults():
    record, _ = meeting("---\ndate: 2026-11-20\nwith: jane-doe\n---\n")
    assert (record.kind, record.duration, record.status_set, record.referrals, record.follow_ups) == (
        "informational",
        None,
        None,
        (),
        (),
    )


def test_with_is_a_slug_or_a_list():
    one, _ = meeting("---\ndate: 2026-11-20\nwith: jane-doe\n---\n")
    many, _ = meeting("---\ndate: 2026-11-20\nwith:\n  - jane-doe\n  - bob-stone\n---\n")
    assert one.with_ == (Ref("jane-doe", "jane-doe"),)
    assert many.with_ == (Ref("jane-doe", "jane-doe"), Ref("bob-stone", "bob-stone"))
    assert [r.line for r in many.with_] == [4, 5]


@pytest.mark.parametrize(
    "typed, target",
    [
        ('"[[jane-doe]]"', "jane-doe"),
        ('"[[Jane Doe]]"', "Jane Doe"),
        ('"[[jane-doe|Jane]]"', "jane-doe"),
        ('"[[contacts/acme/jane-doe.md|Jane]]"', "jane-doe"),
        ('"[[jane-doe#Notes]]"', "jane-doe"),
        ('"[[Zoë Marchetti]]"', "Zoë Marchetti"),
        ("' [[jane-doe]] '", "jane-doe"),
        ("[[jane-doe]]", "jane-doe"),  # unquoted: understood, and reported (see test_check)
    ],
)
def test_obsidian_links(typed, target):
    record, _ = meeting(f"---\ndate: 2026-11-20\nwith: {typed}\n---\n")
    assert [r.target for r in record.with_] == [target]


@pytest.mark.parametrize(
    "today, status",
    [
        (dt.date(2026, 11, 19), "planned"),
        (dt.date(2026, 11, 20), "held"),
        (dt.date(2026, 11, 21), "held"),
    ],
)
def test_status_defaults_by_date(today, status):
    record, _ = meeting("---\ndate: 2026-11-20 18:00\nwith: jane-doe\n---\n")
    assert record.status(today) == status


@pytest.mark.parametrize("written", ["planned", "held", "cancelled"])
def test_written_status_wins(written):
    record, _ = meeting(f"---\ndate: 2026-11-20\nwith: jane-doe\nstatus: {written}\n---\n")
    assert {record.status(dt.date(2026, 1, 1)), record.status(dt.date(2027, 1, 1))} == {written}


def test_a_meeting_with_a_bad_date_keeps_its_references_for_checking():
    record, problems = meeting("""\
        ---
        date: 2026-02-30
        with: [jane-doe, "[[Bob]]"]
        referrals: [carol, {name: Dana}]
        kind: lunch
        ---
        """)
    assert record == Unplaced(
        "meeting",
        "meetings/2026-11-20-jane-doe.md",
        "2026-11-20-jane-doe",
        (
            ("with", Ref("jane-doe", "jane-doe")),
            ("with", Ref("[[Bob]]", "Bob")),
            ("referrals", Ref("carol", "carol")),
        ),
    )
    assert codes(problems) == [(2, "bad-date"), (5, "bad-value")]


def test_files_that_say_nothing_usable_are_unplaced_records():
    for data in (b"", b"no front matter", b"---\n- a list\n---\n", b"---\nname: [\n---\n", b"\xff\xfe"):
        record, problems = parse_file("contact", "contacts/x.md", "x", data)
        assert record == Unplaced("contact", "contacts/x.md", "x") and len(problems) == 1


def test_follow_up_done_forms():
    record, problems = meeting("""\
        ---
        date: 2026-11-20
        with: jane-doe
        follow_ups:
          - {task: a, due: 2026-11-24, done: yes}
          - {task: b, due: 2026-11-24, done: no}
          - task: c
            due: 2026-11-24
            done:
          - task: d
            due: 2026-11-24
            done: 2026-11-23 10:00
        ---
        """)
    assert problems == []
    assert [f.done for f in record.follow_ups] == [True, False, False, dt.date(2026, 11, 23)]


def test_yaml_anchors_and_aliases_are_read():
    record, problems = meeting("---\ndate: &d 2026-11-20\nwith: jane-doe\nthank_you: *d\n---\n")
    assert problems == [] and record.thank_you == dt.date(2026, 11, 20)


def test_duplicate_keys_keep_the_first_and_report_the_second():
    record, problems = contact("---\nname: Jane Doe\nname: Janet\n---\n")
    assert record.name == "Jane Doe" and codes(problems) == [(3, "duplicate-key")]


def test_split_tolerates_a_bom_left_in_the_text():
    parts = frontmatter.split("\ufeff---\nname: Jane\n---\nbody\n")
    assert (parts.yaml_text, parts.body, parts.body_line) == ("name: Jane\n", "body\n", 4)


def test_utf16_is_named():
    _, problems = parse_file("contact", "contacts/a.md", "a", "---\nname: Jane\n---\n".encode("utf-16"))
    assert problems == [
        Problem("contacts/a.md", 1, "error", "encoding", "saved as UTF-16, not UTF-8; save the file as UTF-8")
    ]
