"""Expected amount of a grant for a period, following the rate in force on each day: per day,
or per calendar month prorated by days (DOMAIN.md "Rate changes")."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from robot.domain.models import Grant, Period, RateChange

ORE = Decimal("0.01")


class NotPayableGrant(ValueError):
    """The grant has no fixed amount (no rate, or hours without fixed hours per month)."""


@dataclass(frozen=True, slots=True)
class AmountPart:
    """One stretch of the period under one rate, within one calendar month for month and hour
    grants: what it contributes to the expected amount."""

    period: Period
    rate: Decimal  # the grant's rate in force (per day, month or hour)
    amount: Decimal


def round_ore(amount: Decimal) -> Decimal:
    """Round half-up to øre (0.01 DKK)."""
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def expected_amount(grant: Grant, period: Period) -> Decimal:
    """What the grant pays for the period (both ends included)."""
    return sum((part.amount for part in amount_parts(grant, period)), Decimal(0))


def amount_parts(grant: Grant, period: Period) -> list[AmountPart]:
    """The expected amount stretch by stretch.

    day: each day at the rate in force that day. month: per calendar month, each stretch under
    one rate contributes rate x days in the stretch / days in the month, rounded half-up to
    øre (a whole month under one rate is exactly the rate). hour: as month, with the rate times
    the fixed hours per month.
    """
    rates = grant.rates()
    if not rates:
        raise NotPayableGrant(f"grant {grant.grant_id} has no fixed rate")
    if grant.rate_unit == "day":
        return [
            AmountPart(stretch, rate, round_ore(rate * stretch.days))
            for stretch, rate in rate_stretches(rates, period)
        ]
    if grant.rate_unit not in ("month", "hour"):
        raise NotPayableGrant(f"grant {grant.grant_id} has an unknown rate unit")
    hours = Decimal(1)
    if grant.rate_unit == "hour":
        if grant.hours_per_month is None:
            raise NotPayableGrant(f"grant {grant.grant_id} has variable hours")
        hours = grant.hours_per_month
    parts = []
    for start, end, days_in_month in month_parts(period):
        for stretch, rate in rate_stretches(rates, Period(start, end)):
            share = rate * hours * stretch.days / days_in_month
            parts.append(AmountPart(stretch, rate, round_ore(share)))
    return parts


def rate_stretches(rates: tuple[RateChange, ...], period: Period) -> list[tuple[Period, Decimal]]:
    """The period cut where the rate changes: (stretch, rate in force) in date order. Days
    before the first rate take the first rate (the elimination has checked validity)."""
    if len(rates) == 1:  # the common grant: the whole period at its one rate
        return [(period, rates[0].rate)] if period.start <= period.end else []
    stretches = []
    for index, change in enumerate(rates):
        start = period.start if index == 0 else max(change.start, period.start)
        following = rates[index + 1].start - timedelta(days=1) if index + 1 < len(rates) else None
        end = period.end if following is None else min(following, period.end)
        if start <= end:
            stretches.append((Period(start, end), change.rate))
    return stretches


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
