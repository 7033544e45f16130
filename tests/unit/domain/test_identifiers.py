"""Identifiers: CPR without modulus 11 and with the century rule, CVR with modulus 11, EAN, PSP."""

from __future__ import annotations

from datetime import date

import pytest

from robot.domain.identifiers import (
    CvrProblem,
    cpr_birth_date,
    cvr_problem,
    is_valid_cpr,
    is_valid_cvr,
    is_valid_ean,
    looks_like_psp,
    normalize_cvr,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("cpr", "born"),
    [
        ("0101901234", date(1990, 1, 1)),  # 7th digit 1: 1900-1999
        ("010190-1234", date(1990, 1, 1)),  # dash allowed
        ("0101104234", date(2010, 1, 1)),  # 7th digit 4, year <= 36: 2000s
        ("0101504234", date(1950, 1, 1)),  # 7th digit 4, year >= 37: 1900s
        ("0101585234", date(1858, 1, 1)),  # 7th digit 5, year >= 58: 1800s
        ("0101205234", date(2020, 1, 1)),  # 7th digit 5, year < 58: 2000s
        ("0101709234", date(1970, 1, 1)),  # 7th digit 9, year >= 37: 1900s
        ("2902004234", date(2000, 2, 29)),  # leap day in 2000
    ],
)
def test_cpr_birth_date_follows_the_century_rule(cpr: str, born: date) -> None:
    assert cpr_birth_date(cpr) == born


def test_cpr_does_not_require_modulus_11() -> None:
    # 0101901234 fails the old modulus-11 check; CPRs issued since 2007 need not pass it.
    assert is_valid_cpr("0101901234", today=TODAY)


@pytest.mark.parametrize("cpr", ["3201901234", "0013901234", "2902011234", "12345", "01019012345"])
def test_cpr_with_a_date_that_does_not_exist_or_wrong_length_is_invalid(cpr: str) -> None:
    assert not is_valid_cpr(cpr, today=TODAY)


def test_cpr_born_after_today_is_invalid() -> None:
    assert not is_valid_cpr("0112264234", today=TODAY)  # 01.12.2026
    assert is_valid_cpr("2311264234", today=TODAY)  # born today


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("12345674", None),
        ("DK12345674", None),
        ("DK 12 34 56 74", None),
        ("98106871", None),
        ("", CvrProblem.MISSING),
        ("   ", CvrProblem.MISSING),
        ("12345678", CvrProblem.CHECKSUM),
        ("02345674", CvrProblem.MALFORMED),  # first digit 0
        ("1234567", CvrProblem.MALFORMED),
        ("0101901234", CvrProblem.MALFORMED),  # a CPR where a CVR belongs
        ("ABCDEFGH", CvrProblem.MALFORMED),
    ],
)
def test_cvr_needs_8_digits_not_starting_with_0_and_modulus_11(
    value: str, problem: CvrProblem | None
) -> None:
    assert cvr_problem(value) == problem
    assert is_valid_cvr(value) is (problem is None)


def test_cvr_normalizes_without_dk_prefix() -> None:
    assert normalize_cvr("DK12345674") == "12345674"


@pytest.mark.parametrize(
    ("value", "valid"),
    [("5798000000001", True), ("5798000000002", False), ("579800000000", False), ("", False)],
)
def test_ean_gln_needs_13_digits_and_the_gs1_check_digit(value: str, valid: bool) -> None:
    assert is_valid_ean(value) is valid


@pytest.mark.parametrize(
    ("value", "looks"),
    [
        ("XG-5385010001-00007", True),
        ("XG-5385010001", True),
        ("XG-5385010001-00007-01", True),
        ("xg-5385010001-00007", False),
        ("5385010001", False),
        ("XG 5385010001 00007", False),
        ("Udviklingshæmmede", False),
        ("", False),
    ],
)
def test_psp_element_shape(value: str, looks: bool) -> None:
    assert looks_like_psp(value) is looks
