"""What a payment uses up, as claims the journal lets one invoice hold: each day of a grant
period, a payment plan's cadence period, a certificate order. Two invoices that would pay the
same unit can never both hold its claim (DOMAIN.md: a grant's days are paid at most once)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from robot.domain.models import Payment

if TYPE_CHECKING:
    from robot.domain.decision import Decision


@dataclass(frozen=True, slots=True)
class Claim:
    resource: str  # "grant:B-1043", "plan:29403473:5798000012345", "order:O-2041"
    unit: str = ""  # "2026-10-01", "måned:2026-10-01"; "" for the whole resource

    @property
    def kind(self) -> str:
        return self.resource.split(":", 1)[0]


def grant_days(payments: Iterable[Payment]) -> tuple[Claim, ...]:
    """One claim per grant and day the payments cover."""
    return tuple(
        Claim(f"grant:{p.grant_id}", day.isoformat())
        for p in payments
        for day in p.period.each_day()
    )


def plan_period(supplier_cvr: str, receiver_ean: str, cadence: str, start: date) -> Claim:
    return Claim(f"plan:{supplier_cvr}:{receiver_ean}", f"{cadence}:{start.isoformat()}")


def order(order_id: str) -> Claim:
    return Claim(f"order:{order_id}")


def claims_of(decision: Decision) -> tuple[Claim, ...]:
    """What paying the decision uses up: its plan's or order's claims, and each grant day its
    payments cover (counted here, when it pays, not for every decision)."""
    return (*decision.claims, *grant_days(decision.payments))
