"""What a payment uses up, as claims the journal lets one invoice hold: the invoice itself, each
day of a grant period, a payment plan's cadence period, a certificate order, an agreement's rent
month. Two invoices that would pay the same unit can never both hold its claim (DOMAIN.md: a
grant's days are paid at most once). Which claims a way to pay takes is declared in its entry
of the route table (robot/domain/ways/)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from robot.domain.models import Payment


class ClaimKind(StrEnum):
    """What a claim's resource is; the text before the first ``:`` of the resource."""

    INVOICE = "invoice"  # the invoice itself (supplier CVR and number), whichever receipt
    GRANT = "grant"  # a grant's day
    PLAN = "plan"  # a payment plan's cadence period
    ORDER = "order"  # a certificate order
    RENT = "rent"  # a rent agreement's month
    LEARNED = "learned"  # a learned posting's period, for its supplier and receiver


@dataclass(frozen=True, slots=True)
class Claim:
    resource: str  # "grant:B-1043", "plan:29403473:5798000012345", "order:O-2041", "rent:HA-3001"
    unit: str = ""  # "2026-10-01", "måned:2026-10-01", "2026-12"; "" for the whole resource

    @property
    def kind(self) -> ClaimKind:
        """The kind, from the resource's prefix; ValueError for a kind nobody declared."""
        return ClaimKind(self.resource.split(":", 1)[0])

    @property
    def name(self) -> str:
        """The resource without its kind: ``B-1043``, ``O-2041``."""
        return self.resource.split(":", 1)[1] if ":" in self.resource else self.resource


def invoice(digest: str) -> Claim:
    """The invoice itself, by a keyed digest of its key (an invoice number may look like a CPR)."""
    return Claim(f"{ClaimKind.INVOICE}", digest)


def grant_days(payments: Iterable[Payment]) -> tuple[Claim, ...]:
    """One claim per grant and day the payments cover."""
    return tuple(
        Claim(f"{ClaimKind.GRANT}:{p.grant_id}", day.isoformat())
        for p in payments
        for day in p.period.each_day()
    )


def plan_period(supplier_cvr: str, receiver_ean: str, cadence: str, start: date) -> Claim:
    return Claim(
        f"{ClaimKind.PLAN}:{supplier_cvr}:{receiver_ean}", f"{cadence}:{start.isoformat()}"
    )


def order(order_id: str) -> Claim:
    return Claim(f"{ClaimKind.ORDER}:{order_id}")


def rent_month(agreement_id: str, month: date) -> Claim:
    """An agreement's rent for one month (``month`` is any day of it)."""
    return Claim(f"{ClaimKind.RENT}:{agreement_id}", f"{month.year:04d}-{month.month:02d}")


@dataclass(frozen=True, slots=True)
class PaidElsewhere:
    """Another invoice that has paid (been posted for) a unit a decision needs."""

    claim: Claim
    erp_id: str
    invoice_key: str


def learned_period(supplier_cvr: str, receiver_ean: str, start: date, end: date) -> Claim:
    """A supplier and receiver's period, paid by a learned posting."""
    resource = f"{ClaimKind.LEARNED}:{supplier_cvr}:{receiver_ean}"
    return Claim(resource, f"{start.isoformat()}..{end.isoformat()}")
