"""What a grant costs for a period, computed the way DOMAIN.md states it, for the ground truth."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
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


def with_rates(
    unit: str, rates: Sequence[tuple[date, Decimal]], hours: int | None, start: date, end: date
) -> Decimal:
    """What a grant whose rate changes costs for a period: ``rates`` are (first day, rate) in
    date order, the first in force from before the period. A day grant sums the rate in force
    each day; a month or hour grant takes, month by month, each stretch under one rate as
    rate x days in the stretch / days in the month, rounded half-up to øre."""
    total = Decimal(0)
    for first, last, rate in _stretches(rates, start, end):
        if unit == "day":
            total += rate * days(first, last)
            continue
        monthly = rate * (hours or 1) if unit == "hour" else rate
        in_month = calendar.monthrange(first.year, first.month)[1]
        total += half_up(monthly * days(first, last) / in_month)
    return total


def _stretches(
    rates: Sequence[tuple[date, Decimal]], start: date, end: date
) -> list[tuple[date, date, Decimal]]:
    """The period cut at every month end and every rate change: (first, last, rate)."""
    out = []
    day = start
    while day <= end:
        in_force = [rate for first, rate in rates if first <= day] or [rates[0][1]]
        changes = [first for first, _ in rates if first > day]
        month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        last = min([end, month_end, *(c - timedelta(days=1) for c in changes)])
        out.append((day, last, in_force[-1]))
        day = last + timedelta(days=1)
    return out


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year, month + 1) if month < 12 else (year + 1, 1)
