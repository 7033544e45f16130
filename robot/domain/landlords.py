"""Approved landlords (sheet ``Udlejere``): whose rent invoices the robot may pay for benefit
recipients, where the rent is posted, and how far a month's rent may differ from the last."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from robot.domain.identifiers import normalize_cvr
from robot.domain.sheet_rows import valid_between

DEFAULT_DEVIATION_PCT = Decimal("10")  # DOMAIN.md: a blank Afvigelse % allows 10 %


@dataclass(frozen=True, slots=True, kw_only=True)
class LandlordRow:
    """One row of ``Udlejere``; blank validity dates mean open."""

    landlord_cvr: str
    landlord_name: str  # udlejer, as the admin wrote it
    psp: str
    deviation_pct: Decimal | None  # Afvigelse %; None: blank, DOMAIN's default 10 %
    valid_from: date | None
    valid_to: date | None
    sheet_row: int

    def valid_on(self, day: date) -> bool:
        return valid_between(day, self.valid_from, self.valid_to)

    @property
    def allowed_deviation(self) -> Decimal:
        """The share the rent may differ by, as a percentage: 10 when blank."""
        return DEFAULT_DEVIATION_PCT if self.deviation_pct is None else self.deviation_pct

    @property
    def key(self) -> str:
        return normalize_cvr(self.landlord_cvr)


class LandlordTable:
    """The usable landlord rows by CVR, and the rows that could not be used."""

    __slots__ = ("_by_cvr", "_rejected", "_size")

    def __init__(self, rows: Iterable[LandlordRow], *, rejected: Iterable[tuple[str, int]] = ()):
        """``rejected``: (landlord CVR, sheet row) of rows with problems."""
        self._by_cvr: dict[str, list[LandlordRow]] = {}
        self._size = 0
        for row in rows:
            self._by_cvr.setdefault(row.key, []).append(row)
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
        """Every usable row for the landlord valid on the day (exactly one is a match)."""
        return [row for row in self.rows_for(landlord_cvr) if row.valid_on(on)]

    def rows_for(self, landlord_cvr: str) -> tuple[LandlordRow, ...]:
        """Every usable row for the landlord, whatever its validity."""
        return tuple(self._by_cvr.get(normalize_cvr(landlord_cvr), ()))

    def rejected_rows(self, landlord_cvr: str) -> tuple[int, ...]:
        """Sheet rows for the landlord that could not be used."""
        return tuple(self._rejected.get(normalize_cvr(landlord_cvr), ()))

    @property
    def rows(self) -> tuple[LandlordRow, ...]:
        return tuple(row for rows in self._by_cvr.values() for row in rows)
