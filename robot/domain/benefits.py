"""What the benefits system (ydelsessystem) holds for a citizen whose rent the municipality pays:
rent agreements, benefit payouts and the rent deductions taken off them (pure values)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

PayoutStatus = Literal["planlagt", "udbetalt"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RentAgreement:
    """A rent agreement (huslejeaftale): the landlord, the home, the monthly rent, from and to."""

    agreement_id: str
    cpr: str = field(repr=False)
    landlord_cvr: str
    landlord_name: str
    address: str
    rent: Decimal
    valid_from: date
    valid_to: date | None = None  # None: open-ended (løbende)

    def covers(self, first: date, last: date) -> bool:
        """True when the agreement is in force on every day from `first` to `last`."""
        return self.valid_from <= first and (self.valid_to is None or last <= self.valid_to)


@dataclass(frozen=True, slots=True, kw_only=True)
class Payout:
    """A benefit payout (udbetaling) for one month, and the rent already deducted from it."""

    payout_id: str
    month: date  # the first day of the month
    benefit: str  # kontanthjælp, uddannelseshjælp, ...
    amount: Decimal
    deducted: Decimal
    status: PayoutStatus

    @property
    def left(self) -> Decimal:
        """What is left of the payout to deduct rent from (til udbetaling)."""
        return self.amount - self.deducted


@dataclass(frozen=True, slots=True, kw_only=True)
class Deduction:
    """A rent deduction (huslejetræk): a month's rent under an agreement taken off a payout."""

    payout_id: str
    agreement_id: str
    month: date  # the first day of the month
    amount: Decimal
    invoice_ref: str


@dataclass(frozen=True, slots=True)
class BenefitsCitizen:
    """A citizen as the benefits system shows them (one page read)."""

    agreements: tuple[RentAgreement, ...] = ()
    payouts: tuple[Payout, ...] = ()
    deductions: tuple[Deduction, ...] = ()
