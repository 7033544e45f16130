"""How a supplier's invoices to a receiver recur (DOMAIN.md "Plan proposals"): the cadence the
gaps between their days keep (month, quarter, half-year or year, give or take 5 days), how many
cadence periods they skipped, and how far their last one lies behind the run date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from robot.domain.plans import Cadence, cadence_period
from robot.learning.window import months_back

TOLERANCE_DAYS = 5  # a gap is a cadence give or take this many days
AVERAGE_MONTH_DAYS = 30.44


@dataclass(frozen=True, slots=True)
class Recurrence:
    """The cadence every gap keeps, and the cadence periods skipped between first and last."""

    cadence: Cadence
    missing: int


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day when it is shorter)."""
    return months_back(day, -months)


def steps(earlier: date, later: date, cadence: Cadence) -> int | None:
    """How many cadences lie from ``earlier`` to ``later``, give or take TOLERANCE_DAYS; None
    when no whole number of them (one or more) does."""
    guess = round((later - earlier).days / (cadence.months * AVERAGE_MONTH_DAYS))
    for count in (guess, guess - 1, guess + 1):
        if count < 1:
            continue
        expected = add_months(earlier, count * cadence.months)
        if abs((later - expected).days) <= TOLERANCE_DAYS:
            return count
    return None


def recurrence(days: Sequence[date]) -> Recurrence | None:
    """The cadence whose whole multiples every gap between consecutive days is, the one with the
    fewest periods skipped; None when no cadence fits every gap (irregular, or two invoices for
    one period)."""
    ordered = sorted(days)
    if len(ordered) < 2:
        return None
    best: Recurrence | None = None
    for cadence in Cadence:
        counts = [steps(a, b, cadence) for a, b in pairwise(ordered)]
        if any(count is None for count in counts):
            continue
        missing = sum(count - 1 for count in counts if count is not None)
        if best is None or missing < best.missing:
            best = Recurrence(cadence, missing)
    return best


def periods_behind(cadence: Cadence, last: date, today: date) -> int:
    """How many cadence periods the one holding ``last`` lies before the one holding ``today``
    (0: the same period; negative: billed ahead)."""

    def index(day: date) -> int:
        return (day.year * 12 + day.month - 1) // cadence.months

    return index(today) - index(last)


def next_period_start(cadence: Cadence, day: date) -> date:
    """The first day of the cadence period after the one holding ``day``."""
    return cadence_period(cadence, day)[1] + timedelta(days=1)
