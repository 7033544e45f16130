"""Approved landlords (sheet ``Udlejere``): whose rent the robot may pay for citizens on
benefits, where it is posted, and how far a month's rent may deviate from the last."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from robot.domain.identifiers import normalize_cvr
from robot.domain.sheet_rows import valid_between

DEFAULT_DEVIATION = Decimal(10)  # per cent, when ``Afvigelse %`` is blank (DOMAIN.md)


@dataclass(frozen=True, slots=True, kw_only=True)
class LandlordRow:
    """One row of the ``Udlejere`` sheet."""

    landlord_cvr: str
    landlord_name: str
    psp: str
    deviation_pct: Decimal | None  # Afvigelse %; None = blank = DEFAULT_DEVIATION
    valid_from: date | None
    valid_to: date | None
    sheet_row: int

    def valid_on(self, day: date) -> bool:
        return valid_between(day, self.valid_from, self.valid_to)

    @property
    def allowed_deviation(self) -> Decimal:
        """The largest allowed change from last month's rent, in per cent."""
        return DEFAULT_DEVIATION if self.deviation_pct is None else self.deviation_pct


class LandlordTable:
    """The usable landlord rows by CVR, and the rows that could not be used."""

    __slots__ = ("_by_cvr", "_rejected", "_size")

    def __init__(
        self, rows: Iterable[LandlordRow], *, rejected: Iterable[tuple[str, int]] = ()
    ) -> None:
        """``rejected``: (landlord CVR, sheet row) of rows with problems."""
        self._by_cvr: dict[str, list[LandlordRow]] = {}
        self._size = 0
        for row in rows:
            self._by_cvr.setdefault(normalize_cvr(row.landlord_cvr), []).append(row)
            self._size += 1
        self._rejected: dict[str, list[int]] = {}
        for cvr, sheet_row in rejected:
            self._rejected.setdefault(normalize_cvr(cvr), []).append(sheet_row)

    @classmethod
    def empty(cls) -> LandlordTable:
        return cls(())

    def __len__(self) -> int:
        return self._size

    def lookup(self, landlord_cvr: str, on: date) -> list[LandlordRow]:
        """Every usable row for the landlord valid on the day (one is a match)."""
        return [r for r in self._by_cvr.get(normalize_cvr(landlord_cvr), ()) if r.valid_on(on)]

    def rows_for(self, landlord_cvr: str) -> tuple[LandlordRow, ...]:
        return tuple(self._by_cvr.get(normalize_cvr(landlord_cvr), ()))

    def rejected_rows(self, landlord_cvr: str) -> tuple[int, ...]:
        return tuple(self._rejected.get(normalize_cvr(landlord_cvr), ()))
