"""The months of history learning looks at, counted back from the run date."""

from __future__ import annotations

from datetime import date, timedelta


def months_back(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def window(today: date, months: int = 12) -> tuple[date, date]:
    """The posting days in the last `months` months before `today` (today not included)."""
    return months_back(today, months), today - timedelta(days=1)
