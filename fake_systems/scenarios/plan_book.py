"""The bundle's payment plans (contract section 8): the rows of the `Betalingsplaner` sheet, the
institutions that receive the bills, and which cadence periods each plan has been billed for, so
that no two invoices a case means to pay fall in one plan's period."""

from __future__ import annotations

import calendar
import dataclasses
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from fake_systems.scenarios.catalogue import PLAN_KINDS, PLAN_WEIGHTS, PlanKind
from fake_systems.scenarios.people import PLACES, Identities, Provider

Period = tuple[date, date]
CADENCE_MONTHS = {"måned": 1, "kvartal": 3, "halvår": 6, "år": 12}
LINE_TEXT_ROOM = 28  # the sheet's advice: Linjetekst and a period fit the ERP's 50 characters


def cadence_bounds(cadence: str, day: date) -> Period:
    """The calendar month, quarter, half-year or year the day lies in."""
    length = CADENCE_MONTHS[cadence]
    first = (day.month - 1) // length * length + 1
    last = first + length - 1
    return date(day.year, first, 1), date(day.year, last, calendar.monthrange(day.year, last)[1])


def cadence_periods(cadence: str, first: date, last: date) -> list[Period]:
    """Every cadence period that starts on or after ``first`` and on or before ``last``."""
    periods = []
    start = cadence_bounds(cadence, first)[0]
    while start <= last:
        period = cadence_bounds(cadence, start)
        if period[0] >= first:
            periods.append(period)
        start = period[1] + timedelta(days=1)
    return periods


@dataclass(frozen=True)
class Company:
    """A supplier that is not a social provider (a landlord, a cleaning firm, a clinic)."""

    name: str
    cvr: str
    gln: str
    number_prefix: str


@dataclass(frozen=True)
class Receiver:
    """A municipal institution with its own EAN, billed by plans."""

    ean: str
    place: str
    number: int  # 1, 2, ...: part of the plan's PSP element


Supplier = Company | Provider


@dataclass
class PlanRow:
    """One row of the sheet, and the cadence periods invoices or history already use."""

    supplier: Supplier
    receiver: Receiver
    kind: PlanKind
    amount_from: Decimal | None
    amount_to: Decimal | None
    typical: Decimal  # what the supplier usually bills per period
    psp: str
    line_text: str
    valid_from: date | None
    valid_to: date | None
    remark: str
    sheet_row: int
    used: set[date] = field(default_factory=set)  # first days of cadence periods in use

    @property
    def cadence(self) -> str:
        return self.kind.cadence

    @property
    def reference(self) -> str:
        """What the robot's posting says it pays (Posting.reference)."""
        return f"betalingsplan række {self.sheet_row}"

    def covers(self, amount: Decimal) -> bool:
        low = self.amount_from or Decimal(0)
        return low <= amount and (self.amount_to is None or amount <= self.amount_to)


class PlanBook:
    """The plan rows in sheet order (row 2 first), grown as cases need plans."""

    def __init__(self, rng: random.Random, ids: Identities, *, as_of: date, invoices: int):
        self.rng, self.ids, self.as_of = rng, ids, as_of
        self.rows: list[PlanRow] = []
        self._pool: dict[str | None, list[PlanRow]] = {}  # rows cases may bill again, by cadence
        self._target = max(10, min(2500, invoices // 8))
        count = max(4, min(250, invoices // 400))
        places = [PLACES[n % len(PLACES)] for n in range(count)]
        self.receivers = [Receiver(ids.gln(), place, n + 1) for n, place in enumerate(places)]
        self._suppliers: dict[str, list[Company]] = {}
        self._pairs: set[tuple[str, str]] = set()
        self._periods: dict[tuple[str, bool], list[Period]] = {}
        self.ambiguous = self._ambiguous_pair()

    def _ambiguous_pair(self) -> tuple[PlanRow, PlanRow]:
        """The sheet's deliberate mistake: a new cleaning contract added as a second row while
        the old one is still open, both valid at once (AMBIGUOUS_PLAN)."""
        first = self.add(PLAN_KINDS[1], reusable=False)
        second = dataclasses.replace(
            first, sheet_row=len(self.rows) + 2, remark="ny aftale", used=set()
        )
        self.rows.append(second)
        return first, second

    @property
    def first_valid(self) -> date:
        return date(self.as_of.year - 1, 1, 1)

    def company(self, kind: PlanKind) -> Company:
        place = self.rng.choice(PLACES)
        suffix = self.rng.choice(("ApS", "A/S", "I/S"))
        prefix = self.rng.choice(("", "F", "R-", f"{self.as_of.year}"))
        return Company(f"{kind.company} {place} {suffix}", self.ids.cvr(), self.ids.gln(), prefix)

    def add(
        self,
        kind: PlanKind,
        *,
        supplier: Supplier | None = None,
        receiver: Receiver | None = None,
        reusable: bool = True,
    ) -> PlanRow:
        """A new row for a supplier and receiver no other row names (unless both are given)."""
        receiver = receiver or self.rng.choice(self.receivers)
        if supplier is None:
            known = [
                c
                for c in self._suppliers.get(kind.item, [])
                if (c.cvr, receiver.ean) not in self._pairs
            ]
            fresh = not known or self.rng.random() < 0.3
            supplier = self.company(kind) if fresh else self.rng.choice(known)
            self._suppliers.setdefault(kind.item, []).append(supplier)
        self._pairs.add((supplier.cvr, receiver.ean))
        typical = Decimal(self.rng.randrange(kind.low, kind.high, 25)).quantize(Decimal("0.01"))
        low = None if self.rng.random() < 0.3 else (typical * Decimal("0.9")).quantize(Decimal(1))
        high = (typical * Decimal("1.15")).quantize(Decimal(1))
        row = PlanRow(
            supplier=supplier,
            receiver=receiver,
            kind=kind,
            amount_from=low,
            amount_to=high,
            typical=typical,
            psp=kind.psp(receiver.number, self.as_of.year),
            line_text=f"{kind.item} {receiver.place}"[:LINE_TEXT_ROOM],
            valid_from=self.first_valid,
            valid_to=None if self.rng.random() < 0.8 else date(self.as_of.year + 1, 12, 31),
            remark=self.rng.choice(("", "", "kontrakt " + str(self.as_of.year - 2), "aftale")),
            sheet_row=len(self.rows) + 2,
        )
        self.rows.append(row)
        if reusable:
            self._pool.setdefault(None, []).append(row)
            self._pool.setdefault(row.cadence, []).append(row)
        return row

    def take(self, *, ahead: bool = False, cadence: str | None = None) -> tuple[PlanRow, Period]:
        """A plan and a cadence period no invoice of the bundle uses yet: one starting after the
        run date (``ahead``: billed in advance), else one starting on or before it."""
        kinds = [k for k in PLAN_KINDS if cadence in (None, k.cadence)]
        weights = [PLAN_WEIGHTS[PLAN_KINDS.index(k)] for k in kinds]
        for _ in range(3):
            pool = self._pool.get(cadence, [])
            if len(self._pool.get(None, [])) < self._target or not pool:
                row = self.add(self.rng.choices(kinds, weights)[0])
            else:
                row = self.rng.choice(pool)
            period = self._free_period(row, ahead=ahead)
            if period is not None:
                row.used.add(period[0])
                return row, period
        row = self.add(self.rng.choices(kinds, weights)[0])
        period = self._free_period(row, ahead=ahead)
        assert period is not None, "a new plan has every period free"
        row.used.add(period[0])
        return row, period

    def _free_period(self, row: PlanRow, *, ahead: bool) -> Period | None:
        for period in self._candidates(row.cadence, ahead=ahead):
            if period[0] not in row.used and (row.valid_to is None or period[0] <= row.valid_to):
                return period
        return None

    def _candidates(self, cadence: str, *, ahead: bool) -> list[Period]:
        """The periods a plan may be billed for, in the order cases take them: the billed
        month's, the run date's, then earlier ones; or the next three after the run date."""
        known = self._periods.get((cadence, ahead))
        if known is not None:
            return known
        if ahead:
            later = cadence_periods(cadence, self.as_of + timedelta(days=1), _in_a_year(self.as_of))
            found = later[:3]
        else:
            billed = cadence_bounds(cadence, _billing_day(self.as_of))
            current = cadence_bounds(cadence, self.as_of)
            earlier = cadence_periods(cadence, self.first_valid, billed[0] - timedelta(days=1))
            found = list(dict.fromkeys([billed, current, *reversed(earlier)]))
        self._periods[(cadence, ahead)] = found
        return found

    def previous(self, row: PlanRow, period: Period) -> Period | None:
        """The cadence period before this one, if the row is valid then and it is free."""
        before = cadence_bounds(row.cadence, period[0] - timedelta(days=1))
        if before[0] < self.first_valid or before[0] in row.used:
            return None
        return before


def _billing_day(as_of: date) -> date:
    """The first day of the month before the run date: the month the bundle bills."""
    first = as_of.replace(day=1) - timedelta(days=1)
    return first.replace(day=1)


def _in_a_year(day: date) -> date:
    return date(day.year + 1, day.month, min(day.day, 28))
