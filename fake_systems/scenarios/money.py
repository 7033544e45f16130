"""What a grant costs for a period, computed the way DOMAIN.md states it, for the ground truth."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")


def days(start: date, end: date) -> int:
    return (end - start).days + 1


def half_up(amount: Decimal) -> Decimal:
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def per_day(rate: Decimal, start: date, end: date) -> Decimal:
    return half_up(rate * days(start, end))


def per_month(monthly: Decimal, start: date, end: date) -> Decimal:
    """A whole month costs the monthly amount; a part month its share of the month's days,
    rounded to øre month by month."""
    total = Decimal(0)
    day = start
    while day <= end:
        in_month = calendar.monthrange(day.year, day.month)[1]
        last = min(day.replace(day=in_month), end)
        total += half_up(monthly * days(day, last) / in_month)
        day = last + timedelta(days=1)
    return total


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year, month + 1) if month < 12 else (year + 1, 1)
