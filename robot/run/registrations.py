"""The case-system half of a payment: each grant payment and order payment of a stored plan,
registered once (read first; a refusal read again, since it may be a lost answer)."""

from __future__ import annotations

from collections.abc import Callable

from robot.domain.models import OrderPayment, Payment
from robot.errors import NeedsPerson, PaymentRefused
from robot.journal.model import WritePlan
from robot.ports import CaseSystem


async def register_all(
    case: CaseSystem, plan: WritePlan, *, before_write: Callable[[], None]
) -> None:
    """Register what the plan pays that is not registered yet; NeedsPerson when the case
    system refuses and a read shows it is still missing."""
    for p in plan.payments:
        payment = Payment(
            grant_id=p.grant_id,
            period_start=p.period_start,
            period_end=p.period_end,
            amount=p.amount,
            invoice_ref=p.invoice_ref,
        )
        if await _registered(case, payment):
            continue
        before_write()
        try:
            await case.register_payment(payment)
        except PaymentRefused as refused:
            if await _registered(case, payment):  # a lost answer: it did go through
                continue
            raise NeedsPerson(
                f"the case system refused the payment on grant {p.grant_id}: {refused}"
            ) from refused
    for o in plan.order_payments:
        order = OrderPayment(order_id=o.order_id, amount=o.amount, invoice_ref=o.invoice_ref)
        paid_by = await case.order_paid_by(order.order_id)
        if paid_by == order.invoice_ref:
            continue
        if paid_by is not None:
            raise NeedsPerson(f"order {order.order_id} is paid by another invoice ({paid_by})")
        before_write()
        try:
            await case.register_order_payment(order)
        except PaymentRefused as refused:
            if await case.order_paid_by(order.order_id) == order.invoice_ref:
                continue
            raise NeedsPerson(
                f"the case system refused the payment on order {order.order_id}: {refused}"
            ) from refused


async def _registered(case: CaseSystem, payment: Payment) -> bool:
    existing = await case.payments(payment.grant_id)
    return any(p.invoice_ref == payment.invoice_ref for p in existing)
