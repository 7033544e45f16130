"""Expected amount of a grant for a period: per day, or per calendar month prorated by days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from robot.domain.models import Grant, Period

ORE = Decimal("0.01")


class NotPayableGrant(ValueError):
    """The grant has no fixed amount (no rate, or hours without fixed hours per month)."""


def round_ore(amount: Decimal) -> Decimal:
    """Round half-up to øre (0.01 DKK)."""
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def expected_amount(grant: Grant, period: Period) -> Decimal:
    """What the grant pays for the period (both ends included).

    day: rate x days. month: rate for each whole calendar month; a part month is
    rate x covered days / days in that month, rounded half-up to øre, summed month
    by month. hour: rate x fixed hours per month, then prorated like month.
    """
    if grant.rate is None:
        raise NotPayableGrant(f"grant {grant.grant_id} has no fixed rate")
    if grant.rate_unit == "day":
        return round_ore(grant.rate * period.days)
    if grant.rate_unit == "month":
        return monthly_amount(grant.rate, period)
    if grant.rate_unit == "hour":
        if grant.hours_per_month is None:
            raise NotPayableGrant(f"grant {grant.grant_id} has variable hours")
        return monthly_amount(grant.rate * grant.hours_per_month, period)
    raise NotPayableGrant(f"grant {grant.grant_id} has an unknown rate unit")


def monthly_amount(per_month: Decimal, period: Period) -> Decimal:
    """A monthly amount for the period, prorated by days month by month."""
    total = Decimal(0)
    for start, end, days_in_month in month_parts(period):
        covered = (end - start).days + 1
        total += round_ore(per_month * covered / days_in_month)
    return total


def month_parts(period: Period) -> list[tuple[date, date, int]]:
    """The period cut at month ends: (first day, last day, days in that month) per month."""
    parts = []
    start = period.start
    while start <= period.end:
        days_in_month = calendar.monthrange(start.year, start.month)[1]
        month_end = start.replace(day=days_in_month)
        end = min(month_end, period.end)
        parts.append((start, end, days_in_month))
        start = end + timedelta(days=1)
    return parts


def within_tolerance(expected: Decimal, actual: Decimal, tolerance: Decimal) -> bool:
    return abs(expected - actual) <= tolerance
