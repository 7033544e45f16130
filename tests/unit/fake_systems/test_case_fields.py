"""The case system's pure parts: a grant's rate steps and the form-field readers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fake_systems.case_system.rates import grant_rates
from fake_systems.web import fields
from fake_systems.web.refusals import Refusal


def test_rates_put_the_base_rate_first_then_the_changes_by_date() -> None:
    rates = grant_rates(
        valid_from="2026-01-01",
        rate="1040.00",
        changes=[("2026-11-01", "1150"), ("2026-03-01", "1050.5")],
    )
    assert rates.json == (
        '[{"from": "2026-01-01", "rate": "1040.00"}, {"from": "2026-03-01", "rate": "1050.50"},'
        ' {"from": "2026-11-01", "rate": "1150.00"}]'
    )
    assert rates.text == "1.040,00 fra 01.01.2026; 1.050,50 fra 01.03.2026; 1.150,00 fra 01.11.2026"


def test_a_grant_without_a_fixed_rate_has_no_base_step() -> None:
    rates = grant_rates(valid_from="2026-01-01", rate=None, changes=[])
    assert (rates.json, rates.text) == ("[]", "")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12345674", "12345674"), ("DK12345674", "12345674"), (" 1234 5674 ", "12345674")],
)
def test_a_cvr_is_read_with_or_without_dk_and_spaces(typed: str, expected: str) -> None:
    refusals: list[Refusal] = []
    assert fields.cvr_number(typed, "cvr", "CVR", refusals) == expected
    assert refusals == []


@pytest.mark.parametrize("typed", ["12345675", "1234567", "０１２３４５６７", "١٢٣٤٥٦٧٤", ""])
def test_a_cvr_failing_its_check_or_not_in_ascii_digits_is_refused(typed: str) -> None:
    refusals: list[Refusal] = []
    assert fields.cvr_number(typed, "cvr", "CVR", refusals) == ""
    assert [r.reason for r in refusals] == ["cvr_invalid"]


@pytest.mark.parametrize("text", ["a\tb", "a\nb", "a\x7fb", "a\u200bb", "a\u202eb", "a\u2028b"])
def test_hidden_characters_are_found(text: str) -> None:
    assert fields.has_hidden_characters(text)


def test_danish_letters_and_punctuation_are_not_hidden() -> None:
    assert not fields.has_hidden_characters("12345674/ÆØÅ-æøå 2026.10 §107 – nr. 5")


def test_a_positive_amount_keeps_its_two_decimals() -> None:
    assert fields.positive_amount("1.100,50", "a", "Beløbet", []) == Decimal("1100.50")
