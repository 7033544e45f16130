"""The rent route's trace: what it found at each check, from which its notes are written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from robot.domain.benefits import Payout, RentAgreement
from robot.domain.landlords import LandlordRow
from robot.domain.models import Period


@dataclass(frozen=True, slots=True)
class RentCheck:
    """The rent route's trace, from which its notes are written."""

    month: Period
    landlords: tuple[LandlordRow, ...] = ()
    with_landlord: tuple[RentAgreement, ...] = ()  # the citizen's agreements with the landlord
    covering: tuple[RentAgreement, ...] = ()  # of those, active for the whole month
    reference: Decimal | None = None  # last month's deduction, else the agreement's rent
    reference_month: date | None = None  # the month of that deduction; None: the agreement's
    deviation_pct: Decimal | None = None
    payouts: tuple[Payout, ...] = ()  # the citizen's payouts for the month
    payout: Payout | None = None
