"""One invoice's Outcome for the journal and the reports, from what was decided or stored."""

from __future__ import annotations

from decimal import Decimal

import structlog

from robot.domain.controls import is_credit, line_period
from robot.domain.decision import Decision
from robot.domain.models import Invoice
from robot.journal.model import Outcome, OutcomeKind, WritePlan
from robot.ports import InvoiceScreen
from robot.sites.screen_use import SCREEN_USE

log = structlog.get_logger("robot.run")


def billed(invoice: Invoice) -> dict[str, object]:
    """The invoice's facts every outcome carries: key, supplier, amount (negative for a credit
    note), currency, kind of document and the billed period."""
    periods = [p for line in invoice.lines if (p := line_period(invoice, line))]
    total = invoice.total
    if is_credit(invoice) and total > 0:
        total = -total
    return {
        "erp_id": invoice.erp_id,
        "invoice_key": invoice.key,
        "supplier_cvr": invoice.supplier_cvr,
        "supplier_name": invoice.supplier_name,
        "amount": total,
        "currency": invoice.currency.strip().upper()[:10] or "?",
        "doc_type": "credit_note" if is_credit(invoice) else "invoice",
        "period_start": min(p.start for p in periods) if periods else invoice.period_start,
        "period_end": max(p.end for p in periods) if periods else invoice.period_end,
        "due_date": invoice.due_date,
    }


def from_decision(
    screen: InvoiceScreen,
    decision: Decision,
    *,
    kind: OutcomeKind,
    came_back: bool = False,
    voucher: str = "",
    error: str = "",
) -> Outcome:
    facts = billed(screen.invoice)
    if decision.postings:
        facts["amount"] = sum((p.amount for p in decision.postings), Decimal(0))
    return Outcome(
        outcome=kind,
        route=decision.route,
        code=decision.code,
        references=", ".join(dict.fromkeys(p.reference for p in decision.postings)),
        psp=", ".join(dict.fromkeys(p.psp for p in decision.postings if p.psp)),
        voucher=voucher,
        came_back=came_back,
        note=decision.note or decision.remark,
        error=error,
        **facts,  # type: ignore[arg-type]
    )


def from_plan(
    screen: InvoiceScreen,
    plan: WritePlan,
    *,
    kind: OutcomeKind,
    came_back: bool = False,
    voucher: str = "",
    error: str = "",
) -> Outcome:
    facts = billed(screen.invoice)
    if plan.postings:
        facts["amount"] = sum((p.amount for p in plan.postings), Decimal(0))
    return Outcome(
        outcome=kind,
        route=plan.route,
        code=plan.code,
        references=", ".join(dict.fromkeys(p.reference for p in plan.postings)),
        psp=", ".join(dict.fromkeys(p.psp for p in plan.postings if p.psp)),
        voucher=voucher or screen.voucher or "",
        came_back=came_back,
        note=plan.note or plan.remark,
        error=error,
        **facts,  # type: ignore[arg-type]
    )


def plain(screen: InvoiceScreen, *, kind: OutcomeKind, note: str = "", error: str = "") -> Outcome:
    return Outcome(outcome=kind, note=note, error=error, **billed(screen.invoice))  # type: ignore[arg-type]


def log_outcome(outcome: Outcome) -> None:
    """The one log line per invoice, with its screen use."""
    log.info(
        "invoice",
        erp_id=outcome.erp_id,
        invoice=outcome.invoice_key,
        route=outcome.route.value if outcome.route else None,
        outcome=outcome.outcome.value,
        code=outcome.code.value if outcome.code else None,
        refs=outcome.references,
        psp=outcome.psp,
        amount=str(outcome.amount) if outcome.amount is not None else None,
        came_back=outcome.came_back or None,
        error=outcome.error or None,
        **SCREEN_USE.this_invoice(),  # the worker's own, counted in its task
    )
