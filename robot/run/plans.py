"""A decision as the journal stores it (its write plan), and a stored plan as the domain's
values again, with the invoice reference read from the ERP (the plan never holds it)."""

from __future__ import annotations

from robot.domain.benefits import Deduction
from robot.domain.decision import Decision
from robot.domain.models import OrderPayment, Payment
from robot.domain.notes.postings import posting_text
from robot.domain.postings import Posting
from robot.journal.model import (
    PlanKind,
    PlannedDeduction,
    PlannedOrderPayment,
    PlannedPayment,
    PlannedPosting,
    WritePlan,
)


def write_plan(decision: Decision) -> WritePlan:
    """The decision as the journal stores it: grant ids, PSP elements, amounts, texts; no CPR
    and no invoice reference."""
    if not decision.pays:
        return WritePlan(
            kind=PlanKind.NOTE, route=decision.route, code=decision.code, note=decision.note or ""
        )
    return WritePlan(
        kind=PlanKind.PAY,
        route=decision.route,
        remark=decision.remark,
        postings=tuple(
            PlannedPosting(p.line_number, p.reference, p.psp, p.amount, p.text)
            for p in decision.postings
        ),
        payments=tuple(
            PlannedPayment(p.grant_id, p.period_start, p.period_end, p.amount)
            for p in decision.payments
        ),
        order_payments=tuple(
            PlannedOrderPayment(p.order_id, p.amount) for p in decision.order_payments
        ),
        deductions=tuple(
            PlannedDeduction(d.payout_id, d.agreement_id, d.month, d.amount)
            for d in decision.deductions
        ),
    )


def postings_of(plan: WritePlan) -> list[Posting]:
    return [Posting(p.line, p.reference, p.psp, p.amount, p.text) for p in plan.postings]


def payments_of(plan: WritePlan, *, invoice_ref: str) -> list[Payment]:
    return [
        Payment(
            grant_id=p.grant_id,
            period_start=p.period_start,
            period_end=p.period_end,
            amount=p.amount,
            invoice_ref=invoice_ref,
        )
        for p in plan.payments
    ]


def order_payments_of(plan: WritePlan, *, invoice_ref: str) -> list[OrderPayment]:
    return [
        OrderPayment(order_id=o.order_id, amount=o.amount, invoice_ref=invoice_ref)
        for o in plan.order_payments
    ]


def deductions_of(plan: WritePlan, *, invoice_ref: str) -> list[Deduction]:
    return [
        Deduction(
            payout_id=d.payout_id,
            agreement_id=d.agreement_id,
            month=d.month,
            amount=d.amount,
            invoice_ref=invoice_ref,
        )
        for d in plan.deductions
    ]


def plan_text(plan: WritePlan, *, invoice_ref: str) -> str:
    """The posting and registrations the plan makes, for a person to copy."""
    return posting_text(
        postings_of(plan),
        plan.remark,
        payments_of(plan, invoice_ref=invoice_ref),
        order_payments_of(plan, invoice_ref=invoice_ref),
        deductions_of(plan, invoice_ref=invoice_ref),
    )
