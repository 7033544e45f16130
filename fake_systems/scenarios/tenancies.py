"""What rent cases hold on to: a calendar month, a landlord with its `Udlejere` row, and a
tenancy (a citizen's rent agreement) as an invoice bills it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fake_systems.scenarios.catalogue import DEFAULT_RENT_TOLERANCE
from fake_systems.scenarios.money import month_bounds
from fake_systems.scenarios.plan_book import Company

Month = tuple[date, date]  # first and last day of a calendar month


def shift(month: Month, months: int) -> Month:
    """The calendar month ``months`` later (earlier when negative)."""
    index = month[0].year * 12 + month[0].month - 1 + months
    return month_bounds(index // 12, index % 12 + 1)


def month_key(month: Month) -> str:
    return f"{month[0]:%Y-%m}"


@dataclass(frozen=True)
class Landlord:
    """A landlord (udlejer) and its `Udlejere` row; ``listed`` False: the sheet has no row."""

    company: Company
    psp: str
    tolerance: Decimal | None  # Afvigelse %; None: blank, which means 10 %
    valid_from: date | None
    valid_to: date | None
    remark: str = ""
    listed: bool = True

    @property
    def limit(self) -> Decimal:
        return DEFAULT_RENT_TOLERANCE if self.tolerance is None else self.tolerance

    def approved_in(self, month: Month) -> bool:
        """A row valid on the rent month's first day."""
        first = month[0]
        return (
            self.listed
            and (self.valid_from is None or self.valid_from <= first)
            and (self.valid_to is None or first <= self.valid_to)
        )


@dataclass(frozen=True)
class Tenancy:
    """A rent agreement (huslejeaftale) as the cases invoice it."""

    agreement_id: str
    cpr: str
    name: str
    landlord: Landlord
    address: str
    rent: Decimal
    valid_from: date
    valid_to: date | None = None

    def covers(self, month: Month) -> bool:
        return self.valid_from <= month[0] and (self.valid_to is None or month[1] <= self.valid_to)
