"""One invoice, exactly once: read, decide, write, and record every step in the journal.

Every write is preceded by a read of the system about to be written, and every step is
journalled before and after, so calling `process` again for the same invoice, after any
crash or lost response, finishes what was started and never repeats a write.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal

import structlog

from robot.domain.decision import (
    Decision,
    DecisionSettings,
    apply_psp_rejected,
    decide,
    lines_needing_citizens,
)
from robot.domain.models import Grant, Payment
from robot.domain.psp import MappingTable
from robot.errors import PaymentRefused, PostingRefused, SiteError
from robot.run.journal import Journal, JournalEntry, Outcome
from robot.run.keylocks import KeyLocks
from robot.run.plan import payments_in, plan_of
from robot.run.ports import CaseSystem, Erp, InvoiceScreen

log = structlog.get_logger("robot.run")


@dataclass
class Work:
    """What processing an invoice needs besides the invoice: the systems, the rules, the journal."""

    erp: Erp
    case: CaseSystem
    journal: Journal
    mapping: MappingTable
    settings: DecisionSettings
    run_id: str
    dry_run: bool = False
    crash_after_step: str | None = None  # test hook: see Settings
    key_locks: KeyLocks = field(default_factory=KeyLocks)  # shared by a run's workers


async def process(work: Work, erp_id: str) -> Outcome:
    """Bring one invoice to its outcome; raises ApplicationError (retry later) on a system fault."""
    read_at = work.key_locks.now()
    screen = await work.erp.invoice(erp_id)
    async with work.key_locks.hold(screen.invoice.key, read_at=read_at) as stale:
        if stale:  # a receipt with the same key was worked on meanwhile: read again
            screen = await work.erp.invoice(erp_id)
        return await _process_screen(work, screen)


async def _process_screen(work: Work, screen: InvoiceScreen) -> Outcome:
    entry = work.journal.entry(screen.invoice.erp_id)
    if screen.status != "unposted":
        return await _resume(work, screen, entry)
    decision = await _decide(work, screen)
    if work.dry_run:
        decision = _dry_run_psp_check(screen, decision)
        return _outcome(screen, decision, outcome="would_pay" if decision.pays else "would_note")
    if decision.pays:
        return await _pay(work, screen, decision)
    return await _note(work, screen, decision)


async def _decide(work: Work, screen: InvoiceScreen) -> Decision:
    invoice = screen.invoice
    citizens: dict[str, tuple[Grant, ...] | None] = {}
    payments: dict[str, list[Payment]] = {}
    for cpr in sorted(lines_needing_citizens(invoice, today=work.settings.today)):
        record = await work.case.citizen(cpr)
        citizens[cpr] = record.grants if record else None
        for payment in record.payments if record else ():
            payments.setdefault(payment.grant_id, []).append(payment)
    return decide(
        invoice,
        citizens=citizens,
        payments=payments,
        already_posted=screen.same_key_posted,
        mapping=work.mapping,
        settings=work.settings,
    )


def _dry_run_psp_check(screen: InvoiceScreen, decision: Decision) -> Decision:
    """A dry run cannot post, so it asks the posting form which PSP elements are open: one that
    is not would be refused (PSP_REJECTED) in a real run."""
    if not decision.pays or screen.open_psp is None:
        return decision
    closed = sorted({p.psp for p in decision.postings} - screen.open_psp)
    if not closed:
        return decision
    message = f"PSP-elementet {', '.join(closed)} er ikke blandt ERP'ets åbne PSP-elementer"
    return apply_psp_rejected(decision, message)


async def _pay(work: Work, screen: InvoiceScreen, decision: Decision) -> Outcome:
    invoice = screen.invoice
    plan = plan_of(decision)
    _step(work, screen, "posting", plan=plan)
    try:
        voucher = await work.erp.post(
            invoice.erp_id, postings=decision.postings, remark=decision.remark
        )
    except PostingRefused as refused:
        if not refused.psp_element:
            # Refused for a state we did not see (posted meanwhile?): read again next attempt.
            raise SiteError(f"the ERP refused the posting: {refused.message}") from refused
        return await _note(work, screen, apply_psp_rejected(decision, refused.message))
    _step(work, screen, "posted", voucher=voucher)
    await _register_payments(work, payments_in(plan))
    _step(work, screen, "done")
    return _outcome(screen, decision, outcome="paid")


async def _note(work: Work, screen: InvoiceScreen, decision: Decision) -> Outcome:
    _step(work, screen, "noting", plan=plan_of(decision))
    await work.erp.send_to_manual(screen.invoice.erp_id, note=decision.note or "")
    _step(work, screen, "done")
    return _outcome(screen, decision, outcome="manual")


async def _resume(work: Work, screen: InvoiceScreen, entry: JournalEntry | None) -> Outcome:
    """The invoice has left the inbox: finish our own unfinished steps, touch nothing else."""
    ours = entry is not None and entry.state in ("posting", "posted", "noting")
    if entry is not None and ours and screen.status == "posted" and entry.plan.get("kind") == "pay":
        _step(work, screen, "posted", voucher=screen.voucher)
        await _register_payments(work, payments_in(entry.plan))
        _step(work, screen, "done")
        return _plan_outcome(screen, entry, outcome="paid")
    if (
        entry is not None
        and ours
        and screen.status == "manual"
        and entry.plan.get("kind") == "note"
    ):
        _step(work, screen, "done")
        return _plan_outcome(screen, entry, outcome="manual")
    if entry is not None and ours:
        _step(work, screen, "done")
    return Outcome(
        erp_id=screen.invoice.erp_id,
        invoice_key=screen.invoice.key,
        supplier_cvr=screen.invoice.supplier_cvr,
        outcome="skipped",
        code=None,
        note=f"already {screen.status} in the ERP by someone else",
    )


async def _register_payments(work: Work, payments: list[Payment]) -> None:
    for payment in payments:
        if await _registered(work, payment):
            continue
        try:
            await work.case.register_payment(payment)
        except PaymentRefused:
            if await _registered(work, payment):  # a lost response: it did go through
                continue
            raise


async def _registered(work: Work, payment: Payment) -> bool:
    existing = await work.case.payments(payment.grant_id)
    return any(p.invoice_ref == payment.invoice_ref for p in existing)


def _step(work: Work, screen: InvoiceScreen, state: str, **kwargs: object) -> None:
    work.journal.set_state(
        erp_id=screen.invoice.erp_id,
        invoice_key=screen.invoice.key,
        state=state,
        run_id=work.run_id,
        **kwargs,  # type: ignore[arg-type]
    )
    if work.crash_after_step == state:
        os._exit(70)  # a crash at exactly this step, for the recovery tests


def _outcome(screen: InvoiceScreen, decision: Decision, *, outcome: str) -> Outcome:
    invoice = screen.invoice
    return Outcome(
        erp_id=invoice.erp_id,
        invoice_key=invoice.key,
        supplier_cvr=invoice.supplier_cvr,
        outcome=outcome,
        code=str(decision.code) if decision.code else None,
        grant_ids=", ".join(dict.fromkeys(p.grant_id for p in decision.postings)),
        psp=", ".join(dict.fromkeys(p.psp for p in decision.postings)),
        amount=str(sum((p.amount for p in decision.postings), Decimal(0)) or invoice.total),
        note=decision.note or decision.remark,
    )


def _plan_outcome(screen: InvoiceScreen, entry: JournalEntry, *, outcome: str) -> Outcome:
    postings = entry.plan.get("postings", [])
    return Outcome(
        erp_id=screen.invoice.erp_id,
        invoice_key=screen.invoice.key,
        supplier_cvr=screen.invoice.supplier_cvr,
        outcome=outcome,
        code=entry.plan.get("code"),
        grant_ids=", ".join(dict.fromkeys(p["grant_id"] for p in postings)),
        psp=", ".join(dict.fromkeys(p["psp"] for p in postings)),
        amount=str(screen.invoice.total),
        note=entry.plan.get("note") or entry.plan.get("remark", ""),
    )
