"""Certificate orders by elimination (DOMAIN.md "Doctors' certificates"): from the citizen's
orders, stage by stage, the one this doctor may bill at the fee its type's row agrees; the
trace a certificate note is written from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from robot.domain.codes import Code
from robot.domain.identifiers import normalize_cvr
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice, Order


class OrderStage(StrEnum):
    """The stages of the order elimination, in order."""

    CITIZEN = "citizen"  # every order of the citizen
    DOCTOR = "doctor"  # ordered from this doctor (the supplier CVR)
    OPEN = "open"  # still open (not paid, not cancelled)
    ORDERED = "ordered"  # ordered on or before the invoice date
    MAPPED = "mapped"  # its type has a row in Lægeerklæringer valid on the invoice date
    FEE = "fee"  # the row's fee interval contains the amount


_NONE_LEFT = {
    OrderStage.CITIZEN: Code.NO_ORDER,
    OrderStage.DOCTOR: Code.NO_ORDER,
    OrderStage.OPEN: Code.NO_ORDER,
    OrderStage.ORDERED: Code.NO_ORDER,
    OrderStage.MAPPED: Code.NO_CERTIFICATE_MAPPING,
    OrderStage.FEE: Code.FEE_OUTSIDE_RANGE,
}


@dataclass(frozen=True, slots=True)
class OrderStageResult:
    stage: OrderStage
    kept: tuple[Order, ...]
    fallen: tuple[Order, ...] = ()


@dataclass(frozen=True, slots=True)
class OrderElimination:
    """The certificate route's trace, from which its note is written."""

    stages: tuple[OrderStageResult, ...]
    invoice_date: date
    amount: Decimal

    @property
    def survivors(self) -> tuple[Order, ...]:
        return self.stages[-1].kept

    @property
    def code(self) -> Code | None:
        left = self.survivors
        if len(left) == 1:
            return None
        return Code.AMBIGUOUS_ORDER if left else _NONE_LEFT[self.stages[-1].stage]


def invoice_date(invoice: Invoice) -> date | None:
    return invoice.issue_date or invoice.period_start


def eliminate_orders(
    orders: tuple[Order, ...], *, doctor_cvr: str, day: date, amount: Decimal, book: MappingBook
) -> OrderElimination:
    """The stages in order, stopping at the first that leaves no order."""
    wanted = normalize_cvr(doctor_cvr)
    fees = book.certificates

    def mapped(o: Order) -> bool:
        return len(fees.lookup(o.certificate_type, day)) == 1

    def fee_fits(o: Order) -> bool:
        return fees.lookup(o.certificate_type, day)[0].covers(amount)

    checks: tuple[tuple[OrderStage, Callable[[Order], bool]], ...] = (
        (OrderStage.DOCTOR, lambda o: normalize_cvr(o.doctor_cvr) == wanted),
        (OrderStage.OPEN, lambda o: o.status == "open"),
        (OrderStage.ORDERED, lambda o: o.ordered_on <= day),
        (OrderStage.MAPPED, mapped),
        (OrderStage.FEE, fee_fits),
    )
    stages = [OrderStageResult(OrderStage.CITIZEN, orders)]
    for stage, check in checks:
        if not stages[-1].kept:
            break
        kept = tuple(o for o in stages[-1].kept if check(o))
        fallen = tuple(o for o in stages[-1].kept if o not in kept)
        stages.append(OrderStageResult(stage, kept, fallen))
    return OrderElimination(tuple(stages), day, amount)
