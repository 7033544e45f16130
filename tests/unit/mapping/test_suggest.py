"""Did-you-mean for near misses in the key columns and the cadence word."""

from __future__ import annotations

import pytest

from robot.domain.plans import Cadence
from robot.mapping.suggest import (
    PARAGRAPHS_IN_SCOPE,
    allowed_paragraphs,
    parse_paragraphs,
    suggest_art,
    suggest_cadence,
    suggest_ownership,
    suggest_paragraph,
)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("1O7", "107"),  # letter O for zero
        ("1o4", "104"),
        ("l07", "107"),  # letter l for one
        ("I08", "108"),  # capital I for one
        ("170", "107"),  # transposed digits
        ("701", "107"),
        ("130", "103"),
        ("SUT", "STU"),
        ("ST U", "STU"),
        ("1077", "107"),  # one digit too many
    ],
)
def test_a_near_miss_of_a_paragraph_suggests_the_one_meant(typed: str, meant: str) -> None:
    assert suggest_paragraph(typed, PARAGRAPHS_IN_SCOPE) == meant


@pytest.mark.parametrize("typed", ["109", "97", "§ 85", "42"])
def test_no_paragraph_is_suggested_when_none_or_several_are_as_near(typed: str) -> None:
    assert suggest_paragraph(typed, PARAGRAPHS_IN_SCOPE) is None


def test_the_municipalitys_own_paragraphs_are_suggested_too() -> None:
    allowed = allowed_paragraphs(["85", "97"])
    assert allowed == ("103", "104", "107", "108", "STU", "85", "97")
    assert suggest_paragraph("58", allowed) == "85"
    assert suggest_paragraph("9O7", allowed) is None


def test_paragraph_lists_are_read_with_commas_spaces_and_section_signs() -> None:
    assert parse_paragraphs("85, §97;  85") == ("85", "97")
    assert parse_paragraphs("") == ()
    assert allowed_paragraphs(["107", "stu"]) == PARAGRAPHS_IN_SCOPE


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("4,0", "4.0"), ("4", "4.0"), ("4.O", "4.0"), ("4,5", "4.5"), (" 4 ", "4.0"), ("l0", "10.0")],
)
def test_a_near_miss_of_an_art_suggests_it_as_the_case_system_writes_it(
    typed: str, meant: str
) -> None:
    assert suggest_art(typed) == meant


@pytest.mark.parametrize("typed", ["fire", "4.0.1", "A4"])
def test_no_art_is_suggested_for_what_is_not_near_one(typed: str) -> None:
    assert suggest_art(typed) is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Komunal", "Kommunal"),
        ("privat ", "Privat"),
        ("Selvejene", "Selvejende"),
        ("Regionalt", "Regional"),
    ],
)
def test_a_near_miss_of_an_ownership_word_suggests_it(typed: str, meant: str) -> None:
    assert suggest_ownership(typed) == meant


def test_an_ownership_word_unlike_all_of_them_gets_no_suggestion() -> None:
    assert suggest_ownership("Udliciteret") is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("månedlig", Cadence.MONTH),
        ("maaned", Cadence.MONTH),
        ("Måneder", Cadence.MONTH),
        ("kvartalsvis", Cadence.QUARTER),
        ("kvartl", Cadence.QUARTER),
        ("halvaar", Cadence.HALF_YEAR),
        ("årlig", Cadence.YEAR),
        ("aar", Cadence.YEAR),
    ],
)
def test_a_near_miss_of_a_cadence_suggests_it(typed: str, meant: Cadence) -> None:
    assert suggest_cadence(typed) is meant


def test_a_word_unlike_every_cadence_gets_no_suggestion() -> None:
    assert suggest_cadence("ugentlig") is None
