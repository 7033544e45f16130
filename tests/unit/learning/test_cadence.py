"""How a supplier's invoices to a receiver recur (DOMAIN.md "Plan proposals"): one cadence give
or take 5 days between consecutive invoices, at most one period missing, the last one recent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from robot.domain.plans import Cadence
from robot.learning.cadence import (
    add_months,
    next_period_start,
    periods_behind,
    recurrence,
    steps,
)


def every(cadence: Cadence, count: int, *, first: date = date(2024, 1, 1)) -> list[date]:
    return [add_months(first, n * cadence.months) for n in range(count)]


@pytest.mark.parametrize("cadence", list(Cadence))
def test_each_cadence_is_found_from_its_period_starts(cadence: Cadence) -> None:
    found = recurrence(every(cadence, 4))
    assert found is not None
    assert (found.cadence, found.missing) == (cadence, 0)


def test_issue_dates_that_drift_a_few_days_each_month_are_still_monthly() -> None:
    days = [date(2026, 1, 20), date(2026, 2, 23), date(2026, 3, 21), date(2026, 4, 25)]
    found = recurrence(days)
    assert found is not None and found.cadence is Cadence.MONTH


def test_a_gap_five_days_off_the_cadence_fits_and_six_days_off_does_not() -> None:
    assert steps(date(2026, 1, 10), date(2026, 2, 15), Cadence.MONTH) == 1
    assert steps(date(2026, 1, 10), date(2026, 2, 5), Cadence.MONTH) == 1
    assert steps(date(2026, 1, 10), date(2026, 2, 16), Cadence.MONTH) is None
    assert steps(date(2026, 1, 10), date(2026, 2, 4), Cadence.MONTH) is None


def test_a_month_end_to_a_shorter_month_is_one_month() -> None:
    assert steps(date(2026, 1, 31), date(2026, 2, 28), Cadence.MONTH) == 1


def test_one_missing_month_is_a_gap_of_two_cadences() -> None:
    days = every(Cadence.MONTH, 6)
    del days[3]
    found = recurrence(days)
    assert found is not None
    assert (found.cadence, found.missing) == (Cadence.MONTH, 1)


def test_two_missing_months_are_counted_whether_together_or_apart() -> None:
    together = every(Cadence.MONTH, 8)
    del together[3:5]
    apart = every(Cadence.MONTH, 8)
    del apart[5], apart[2]
    for days in (together, apart):
        found = recurrence(days)
        assert found is not None
        assert (found.cadence, found.missing) == (Cadence.MONTH, 2)


def test_gaps_of_whole_quarters_are_quarterly_not_monthly_with_months_missing() -> None:
    found = recurrence(every(Cadence.QUARTER, 4))
    assert found is not None
    assert (found.cadence, found.missing) == (Cadence.QUARTER, 0)


def test_days_with_no_common_cadence_are_irregular() -> None:
    days = [date(2026, 1, 5), date(2026, 1, 14), date(2026, 3, 2), date(2026, 7, 19)]
    assert recurrence(days) is None


def test_two_invoices_for_one_period_are_irregular() -> None:
    days = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert recurrence(days) is None


def test_a_month_and_a_half_fits_no_cadence() -> None:
    start = date(2026, 1, 1)
    days = [start + timedelta(days=45 * n) for n in range(4)]
    assert recurrence(days) is None


def test_periods_behind_counts_calendar_periods_back_from_the_run_date() -> None:
    today = date(2026, 11, 23)
    assert periods_behind(Cadence.MONTH, date(2026, 11, 1), today) == 0
    assert periods_behind(Cadence.MONTH, date(2026, 9, 1), today) == 2
    assert periods_behind(Cadence.MONTH, date(2026, 8, 31), today) == 3
    assert periods_behind(Cadence.QUARTER, date(2026, 4, 1), today) == 2
    assert periods_behind(Cadence.YEAR, date(2026, 1, 1), today) == 0
    assert periods_behind(Cadence.MONTH, date(2026, 12, 1), today) == -1  # billed ahead


@pytest.mark.parametrize(
    ("cadence", "start"),
    [
        (Cadence.MONTH, date(2026, 12, 1)),
        (Cadence.QUARTER, date(2027, 1, 1)),
        (Cadence.HALF_YEAR, date(2027, 1, 1)),
        (Cadence.YEAR, date(2027, 1, 1)),
    ],
)
def test_the_next_period_starts_after_the_one_holding_the_run_date(
    cadence: Cadence, start: date
) -> None:
    assert next_period_start(cadence, date(2026, 11, 23)) == start
