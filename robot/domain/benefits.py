"""What the benefits system shows of a citizen whose rent the municipality pays from their
benefit (lov om aktiv socialpolitik § 90): rent agreements, benefit payouts and the rent
deducted from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

PayoutStatus = Literal["planlagt", "udbetalt"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RentAgreement:
    """A huslejeaftale: the citizen's home, its landlord and monthly rent, from and to."""

    agreement_id: str
    cpr: str = field(repr=False)
    landlord_cvr: str
    landlord_name: str
    address: str
    rent: Decimal
    valid_from: date
    valid_to: date | None = None  # None: open-ended

    def covers(self, first: date, last: date) -> bool:
        """True when the agreement is active on every day from `first` to `last`."""
        return self.valid_from <= first and (self.valid_to is None or last <= self.valid_to)


@dataclass(frozen=True, slots=True, kw_only=True)
class Payout:
    """An udbetaling: one month's benefit, from which rent may be deducted while planned."""

    payout_id: str
    month: date  # the first day of the month
    benefit: str
    amount: Decimal
    deducted: Decimal
    status: PayoutStatus

    @property
    def left(self) -> Decimal:
        """What is left to pay out after the deductions registered so far."""
        return self.amount - self.deducted


@dataclass(frozen=True, slots=True, kw_only=True)
class Deduction:
    """A huslejetræk: a month's rent taken off a payout under an agreement."""

    payout_id: str
    agreement_id: str
    month: date  # the first day of the month
    amount: Decimal
    invoice_ref: str


@dataclass(frozen=True, slots=True)
class BenefitsCitizen:
    """A citizen as the benefits system shows them."""

    agreements: tuple[RentAgreement, ...] = ()
    payouts: tuple[Payout, ...] = ()
    deductions: tuple[Deduction, ...] = ()
