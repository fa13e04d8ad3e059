"""The one identity module: when two names are one, the slug of a name, "did you mean"."""

from __future__ import annotations

import pytest

from rolodex.core import identity


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Zoë O'Brien", "zoe-obrien"),
        ("Zoë O’Brien", "zoe-obrien"),
        ("Zoe\u0308 O\u02bcBrien", "zoe-obrien"),  # decomposed ë, modifier-letter apostrophe
        ("Jean-Luc  Picard", "jean-luc-picard"),
        ("José Núñez", "jose-nunez"),
        ("Anne-Marie D'Arcy Jr.", "anne-marie-darcy-jr"),
        ("!!!", ""),
    ],
)
def test_slugs_from_names(name, slug):
    assert identity.slug(name) == slug
    assert slug == "" or identity.is_slug(slug)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Zo\u00eb Kim", "Zoe\u0308 Kim"),  # composed and decomposed ë
        ("Zoë Kim", "  zoë   KIM "),
        ("Straße", "STRASSE"),
        ("Ｊane Doe", "Jane Doe"),  # a full-width letter
        ("Jane\u00a0Doe", "Jane Doe"),  # a no-break space
    ],
)
def test_one_name_in_any_case_spacing_or_unicode_form(a, b):
    assert identity.name_key(a) == identity.name_key(b)


def test_different_names_stay_different():
    assert identity.name_key("Zoë Kim") != identity.name_key("Zoe Kim")
    assert identity.name_key("Jane Doe") != identity.name_key("Jane Dow")


def test_an_exact_name_only_ignores_spaces_around_and_the_encoding_of_accents():
    assert identity.exact_name_key(" Zo\u00eb Kim ") == identity.exact_name_key("Zoe\u0308 Kim")
    assert identity.exact_name_key("Zoë Kim") != identity.exact_name_key("zoë kim")


def test_person_keys_strongest_first_and_shared_by_two_records_of_one_person():
    a = list(
        identity.person_keys(["Jane@Example.com "], "https://www.linkedin.com/in/jane/", "+1 555 010 0100", "Jane")
    )
    b = list(identity.person_keys(["jane@example.com"], "linkedin.com/in/jane?trk=x", "+1 555 010 0100", " JANE"))
    assert [what for what, _ in a] == ["email", "LinkedIn URL", "phone", "name"]
    assert a == b


def test_did_you_mean():
    assert identity.did_you_mean("jane-do", ["jane-doe", "bob-stone"]) == "; did you mean 'jane-doe'?"
    assert identity.did_you_mean("zzz", ["jane-doe"]) == ""
    assert identity.did_you_mean("nam", ["name"], prefix="me.") == "; did you mean 'me.name'?"
    # a stricter cutoff (item ids all look alike) rejects a loose match
    assert identity.did_you_mean("nudge:jane", ["nudge:jake-doe"], cutoff=0.85) == ""
