"""Payment plans (betalingsplaner): rows of the mapping workbook keyed by supplier CVR and
receiving EAN, with an amount interval, a cadence and the posting; and the cadence's periods."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from robot.domain.identifiers import normalize_cvr
from robot.domain.models import Period
from robot.domain.sheet_rows import valid_between, within

_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


class Cadence(StrEnum):
    """How often a plan pays (kadence): at most one invoice per period of this length."""

    MONTH = "måned"
    QUARTER = "kvartal"
    HALF_YEAR = "halvår"
    YEAR = "år"

    @property
    def months(self) -> int:
        return _MONTHS_IN[self]


_MONTHS_IN = {Cadence.MONTH: 1, Cadence.QUARTER: 3, Cadence.HALF_YEAR: 6, Cadence.YEAR: 12}


def cadence_period(cadence: Cadence, day: date) -> tuple[date, date]:
    """The calendar month, quarter, half-year or year containing the day (both ends included)."""
    length = cadence.months
    first_month = (day.month - 1) // length * length + 1
    last_month = first_month + length - 1
    last_day = calendar.monthrange(day.year, last_month)[1]
    return date(day.year, first_month, 1), date(day.year, last_month, last_day)


def cadence_periods_touched(cadence: Cadence, first: date, last: date) -> tuple[Period, ...]:
    """Every cadence period from the one holding ``first`` to the one holding ``last``."""
    periods = []
    day = first
    while day <= last:
        start, end = cadence_period(cadence, day)
        periods.append(Period(start, end))
        day = end + timedelta(days=1)
    return tuple(periods)


def covered_periods(
    cadence: Cadence,
    *,
    period: Period | None,
    named_months: Iterable[date],
    issue_date: date | None,
) -> tuple[Period, ...]:
    """The cadence periods a bill covers (DOMAIN.md "Payment plans"): every one its period
    touches; without a period, those of the months its lines name; else its issue date's. Empty
    when it says nothing of when it is for."""
    if period is not None:
        return cadence_periods_touched(cadence, period.start, max(period.start, period.end))
    months = sorted(set(named_months))
    if months:
        found = {p for month in months for p in cadence_periods_touched(cadence, month, month)}
        return tuple(sorted(found, key=lambda p: p.start))
    if issue_date is not None:
        return cadence_periods_touched(cadence, issue_date, issue_date)
    return ()


def cadence_label(cadence: Cadence, day: date) -> str:
    """The period in Danish: ``oktober 2026``, ``4. kvartal 2026``, ``2. halvår 2026``, ``2026``."""
    number = (day.month - 1) // cadence.months + 1
    if cadence is Cadence.MONTH:
        return f"{_MONTHS[day.month - 1]} {day.year}"
    if cadence is Cadence.YEAR:
        return str(day.year)
    return f"{number}. {cadence.value} {day.year}"


def normalize_ean(value: str) -> str:
    """The EAN's 13 digits, without spaces or dashes."""
    return "".join(ch for ch in value if ch.isascii() and ch.isdigit())


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanRow:
    """One row of the ``Betalingsplaner`` sheet; blank validity dates mean open."""

    supplier_cvr: str
    receiver_ean: str
    amount_from: Decimal
    amount_to: Decimal | None  # None: no upper bound
    cadence: Cadence
    psp: str
    line_text: str  # linjetekst: the posting's text before the period
    valid_from: date | None
    valid_to: date | None
    sheet_row: int

    def valid_on(self, day: date) -> bool:
        return valid_between(day, self.valid_from, self.valid_to)

    def covers(self, amount: Decimal) -> bool:
        """True when the amount is inside ``Beløb fra``–``Beløb til`` (both included)."""
        return within(amount, self.amount_from, self.amount_to)

    @property
    def key(self) -> tuple[str, str]:
        return _key(self.supplier_cvr, self.receiver_ean)


def _key(supplier_cvr: str, receiver_ean: str) -> tuple[str, str]:
    return normalize_cvr(supplier_cvr), normalize_ean(receiver_ean)


class PlanTable:
    """The usable plan rows by supplier and receiver, and the rows that could not be used."""

    __slots__ = ("_by_key", "_rejected", "_size", "_suppliers")

    def __init__(
        self, rows: Iterable[PlanRow], *, rejected: Iterable[tuple[str, str, int]] = ()
    ) -> None:
        """``rejected``: (supplier CVR, receiver EAN, sheet row) of rows with problems."""
        self._by_key: dict[tuple[str, str], list[PlanRow]] = {}
        self._size = 0
        for row in rows:
            self._by_key.setdefault(row.key, []).append(row)
            self._size += 1
        self._suppliers = frozenset(cvr for cvr, _ in self._by_key)
        self._rejected: dict[tuple[str, str], list[int]] = {}
        for cvr, ean, sheet_row in rejected:
            self._rejected.setdefault(_key(cvr, ean), []).append(sheet_row)

    @classmethod
    def empty(cls) -> PlanTable:
        return cls(())

    def __len__(self) -> int:
        return self._size

    def lookup(self, supplier_cvr: str, receiver_ean: str, on: date) -> list[PlanRow]:
        """Every usable row for the supplier and receiver valid on the day (one is a match)."""
        rows = self._by_key.get(_key(supplier_cvr, receiver_ean), ())
        return [row for row in rows if row.valid_on(on)]

    def has_supplier(self, supplier_cvr: str) -> bool:
        """True when some plan row names the supplier, for any receiver."""
        return normalize_cvr(supplier_cvr) in self._suppliers

    def rows_for(self, supplier_cvr: str, receiver_ean: str) -> tuple[PlanRow, ...]:
        """Every usable row for the supplier and receiver, whatever its validity."""
        return tuple(self._by_key.get(_key(supplier_cvr, receiver_ean), ()))

    def rejected_rows(self, supplier_cvr: str, receiver_ean: str) -> tuple[int, ...]:
        """Sheet rows for the supplier and receiver that could not be used."""
        return tuple(self._rejected.get(_key(supplier_cvr, receiver_ean), ()))

    @property
    def rows(self) -> tuple[PlanRow, ...]:
        return tuple(row for rows in self._by_key.values() for row in rows)
