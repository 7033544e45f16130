"""Expected amount per rate unit, month by month, rounded half-up to øre."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from robot.domain.amounts import (
    NotPayableGrant,
    expected_amount,
    month_parts,
    round_ore,
    within_tolerance,
)
from robot.domain.models import Period
from tests.builders import make_grant

D = Decimal


def period(start: str, end: str) -> Period:
    return Period(date.fromisoformat(start), date.fromisoformat(end))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-10-01", "2026-10-31", "32240.00"),  # 31 days
        ("2026-10-01", "2026-10-01", "1040.00"),  # both ends included
        ("2026-02-01", "2026-02-28", "29120.00"),
        ("2026-09-15", "2026-10-14", "31200.00"),  # across a month end: still per day
    ],
)
def test_day_rate_is_rate_times_days_both_ends_included(
    start: str, end: str, expected: str
) -> None:
    grant = make_grant(rate=D("1040.00"), rate_unit="day")
    assert expected_amount(grant, period(start, end)) == D(expected)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-10-01", "2026-10-31", "10000.00"),  # a whole month is the rate
        ("2026-02-01", "2026-02-28", "10000.00"),  # whatever its length
        ("2026-10-01", "2026-10-15", "4838.71"),  # 10000 x 15/31 = 4838.709..
        ("2026-09-16", "2026-09-30", "5000.00"),  # 15/30
        ("2026-09-16", "2026-10-15", "9838.71"),  # 5000.00 + 4838.71, month by month
        ("2026-01-01", "2026-12-31", "120000.00"),
    ],
)
def test_month_rate_is_prorated_by_days_month_by_month(start: str, end: str, expected: str) -> None:
    grant = make_grant(rate=D("10000.00"), rate_unit="month")
    assert expected_amount(grant, period(start, end)) == D(expected)


def test_month_rate_in_a_leap_february_divides_by_29() -> None:
    grant = make_grant(rate=D("2900.00"), rate_unit="month")
    assert expected_amount(grant, period("2028-02-01", "2028-02-10")) == D("1000.00")


def test_part_month_rounds_half_up_to_ore() -> None:
    grant = make_grant(rate=D("0.09"), rate_unit="month")
    assert expected_amount(grant, period("2026-09-01", "2026-09-15")) == D(
        "0.05"
    )  # 0.09 x 15/30 = 0.045
    assert round_ore(D("0.005")) == D("0.01")
    assert round_ore(D("0.0049")) == D("0.00")
    assert round_ore(D("-0.005")) == D("-0.01")


def test_hour_rate_is_rate_times_fixed_hours_per_month_prorated_like_month() -> None:
    grant = make_grant(rate=D("500.00"), rate_unit="hour", hours_per_month=D("20"))
    assert expected_amount(grant, period("2026-10-01", "2026-10-31")) == D("10000.00")
    assert expected_amount(grant, period("2026-10-01", "2026-10-15")) == D("4838.71")


def test_hour_rate_with_fractional_hours_rounds_each_month() -> None:
    grant = make_grant(rate=D("123.45"), rate_unit="hour", hours_per_month=D("37.5"))
    assert expected_amount(grant, period("2026-10-01", "2026-10-31")) == D("4629.38")  # .375


def test_hour_grant_without_fixed_hours_has_no_expected_amount() -> None:
    grant = make_grant(rate=D("500.00"), rate_unit="hour", hours_per_month=None)
    with pytest.raises(NotPayableGrant):
        expected_amount(grant, period("2026-10-01", "2026-10-31"))


def test_grant_without_rate_has_no_expected_amount() -> None:
    with pytest.raises(NotPayableGrant):
        expected_amount(make_grant(rate=None), period("2026-10-01", "2026-10-31"))


def test_month_parts_cut_a_period_at_month_ends() -> None:
    parts = month_parts(period("2026-09-16", "2026-11-02"))
    assert parts == [
        (date(2026, 9, 16), date(2026, 9, 30), 30),
        (date(2026, 10, 1), date(2026, 10, 31), 31),
        (date(2026, 11, 1), date(2026, 11, 2), 30),
    ]


@pytest.mark.parametrize(
    ("expected", "actual", "tolerance", "ok"),
    [
        ("100.00", "100.00", "0.00", True),
        ("100.00", "100.01", "0.00", False),
        ("100.00", "99.99", "0.00", False),
        ("100.00", "100.50", "0.50", True),
        ("100.00", "99.49", "0.50", False),
    ],
)
def test_amount_tolerance_is_inclusive(
    expected: str, actual: str, tolerance: str, ok: bool
) -> None:
    assert within_tolerance(D(expected), D(actual), D(tolerance)) is ok
