"""One invoice, exactly once: read, decide, claim, write, and journal every step.

Every write is preceded by a read of the system about to be written and by a journal step
fenced by the invoice's lease, so processing the invoice again after any crash, lost answer or
lost lease finishes what was started and never repeats a write. What a payment uses up (a
grant's days, a plan's period, an order, the invoice itself) is claimed in the journal before
the first write, in one transaction: of two invoices that would pay the same thing, whatever
worker, process or host has them, one holds the claim and the other is not paid.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import structlog

from robot.domain.claims import Claim, claims_of
from robot.domain.conflicts import PaidElsewhere, claimed_elsewhere
from robot.domain.decision import (
    Decision,
    DecisionSettings,
    apply_posting_refused,
    apply_psp_rejected,
    decide_invoice,
)
from robot.domain.mapping_book import MappingBook
from robot.domain.postings import Posting
from robot.domain.prepare import Facts, prepare
from robot.errors import ClaimBusy, NeedsPerson, PostingRefused, SiteError
from robot.journal.base import Journal
from robot.journal.model import Lease, Outcome, OutcomeKind, PlanKind, State, WritePlan
from robot.ports import CaseSystem, Erp, InvoiceScreen
from robot.privacy import keyed_digest
from robot.run.outcomes import from_decision, from_plan, plain, write_plan
from robot.run.registrations import register_all

log = structlog.get_logger("robot.run")


@dataclass
class Work:
    """What processing an invoice needs besides the invoice: the systems, the rules, the journal
    and the lease on the invoice (None in a dry run, which writes nothing)."""

    erp: Erp
    case: CaseSystem
    journal: Journal
    book: MappingBook
    settings: DecisionSettings
    run_id: str
    lease: Lease | None = None
    dry_run: bool = False
    crash_after_step: str | None = None  # test hook: see Settings


async def process(work: Work, erp_id: str) -> Outcome:
    """Bring one invoice to its outcome; ApplicationError (retry later) on a system fault,
    ClaimBusy when another invoice is paying what this one would, LeaseLost when another
    process took the invoice over."""
    screen = await work.erp.invoice(erp_id)
    entry = work.journal.entry(erp_id)
    if screen.status != "unposted":
        return await _resume(work, screen)
    came_back = screen.sent_back or (
        entry is not None and entry.state is State.DONE and not entry.plan.pays
    )
    decision = await _decide(work, screen)
    if work.dry_run:
        kind = OutcomeKind.WOULD_PAY if decision.pays else OutcomeKind.WOULD_NOTE
        return from_decision(screen, decision, kind=kind, came_back=came_back)
    if decision.pays:
        return await _pay(work, screen, decision, came_back=came_back)
    return await _note(work, screen, decision, came_back=came_back)


async def _decide(work: Work, screen: InvoiceScreen) -> Decision:
    invoice = screen.invoice
    prepared = prepare(invoice, book=work.book, today=work.settings.today)
    citizens = {cpr: await work.case.citizen(cpr) for cpr in prepared.citizens_to_look_up}
    posted = (
        await work.erp.posted_to(invoice.supplier_cvr, invoice.receiver_ean)
        if prepared.needs_posted_invoices
        else []
    )
    facts = Facts(already_posted=screen.same_key_posted, citizens=citizens, posted=tuple(posted))
    decision = decide_invoice(prepared, facts, book=work.book, settings=work.settings)
    return _open_psp_check(screen, decision)


def _open_psp_check(screen: InvoiceScreen, decision: Decision) -> Decision:
    """The posting form lists the ERP's open PSP elements: one that is not among them would be
    refused (PSP_REJECTED), so the robot says so before any write."""
    if not decision.pays or screen.open_psp is None:
        return decision
    closed = sorted({p.psp for p in decision.postings} - screen.open_psp)
    if not closed:
        return decision
    message = f"PSP-elementet {', '.join(closed)} er ikke blandt ERP'ets åbne PSP-elementer"
    return apply_psp_rejected(decision, message)


def invoice_claim(invoice_key: str) -> Claim:
    """The invoice itself (supplier CVR and number), whichever receipt of it: paid once."""
    return Claim("invoice", keyed_digest(invoice_key))


async def _pay(
    work: Work, screen: InvoiceScreen, decision: Decision, *, came_back: bool
) -> Outcome:
    invoice = screen.invoice
    lease = _lease(work)
    plan = write_plan(decision)
    holders = work.journal.claim(
        lease,
        invoice_key=invoice.key,
        claims=(*claims_of(decision), invoice_claim(invoice.key)),
        plan=plan,
        run_id=work.run_id,
    )
    if holders:
        busy = [h for h in holders if not h.paid]
        if busy:
            raise ClaimBusy(
                f"{busy[0].erp_id} is paying {busy[0].claim.resource} now", holder=busy[0].erp_id
            )
        others = [PaidElsewhere(h.claim, h.erp_id, h.invoice_key) for h in holders]
        return await _note(work, screen, claimed_elsewhere(decision, others), came_back=came_back)
    _crash_point(work, State.POSTING, decision)
    try:
        voucher = await work.erp.post(
            invoice.erp_id, postings=decision.postings, remark=decision.remark
        )
    except PostingRefused as refused:
        if refused.state_changed:  # posted meanwhile (a lost answer?): read it again
            raise SiteError(f"the ERP refused the posting: {refused.message}") from refused
        if refused.psp_element:
            rejected = apply_psp_rejected(decision, refused.message)
        else:
            rejected = apply_posting_refused(decision, refused.message)
        return await _note(work, screen, rejected, came_back=came_back)
    _record(work, screen, State.POSTED, voucher=voucher)
    _crash_point(work, State.POSTED, decision)
    stuck = await _register(work, screen, plan)
    return from_decision(
        screen,
        decision,
        kind=_paid_or_stuck(stuck),
        came_back=came_back,
        voucher=voucher,
        error=stuck,
    )


async def _note(
    work: Work, screen: InvoiceScreen, decision: Decision, *, came_back: bool
) -> Outcome:
    lease = _lease(work)
    work.journal.begin_note(
        lease, invoice_key=screen.invoice.key, plan=write_plan(decision), run_id=work.run_id
    )
    _crash_point(work, State.NOTING, decision)
    await work.erp.send_to_manual(screen.invoice.erp_id, note=decision.note or "")
    _record(work, screen, State.DONE)
    return from_decision(screen, decision, kind=OutcomeKind.MANUAL, came_back=came_back)


async def _register(work: Work, screen: InvoiceScreen, plan: WritePlan) -> str:
    """The case-system half of a payment: "" once registered. A refusal the robot cannot mend
    leaves the invoice posted and its claims held, for a person to register (reported once):
    then why, for the report's "what to do"."""
    try:
        await register_all(work.case, plan, before_write=lambda: work.journal.check(_lease(work)))
    except NeedsPerson as stuck:
        log.warning("needs_person", erp_id=screen.invoice.erp_id, reason=str(stuck))
        _record(work, screen, State.NEEDS_PERSON)
        return str(stuck)
    _record(work, screen, State.DONE)
    return ""


def _paid_or_stuck(stuck: str) -> OutcomeKind:
    return OutcomeKind.NEEDS_PERSON if stuck else OutcomeKind.PAID


async def _resume(work: Work, screen: InvoiceScreen) -> Outcome:
    """The invoice has left the inbox: finish this robot's own unfinished steps (a lost answer,
    a crash between two writes), touch nothing else."""
    entry = work.journal.entry(screen.invoice.erp_id)
    ours = entry is not None and entry.state in (State.POSTING, State.POSTED, State.NOTING)
    if work.dry_run or entry is None or not ours:
        return plain(screen, kind=OutcomeKind.SKIPPED, note=f"already {screen.status} in the ERP")
    if screen.status == "posted" and entry.plan.kind is PlanKind.PAY:
        _record(work, screen, State.POSTED, voucher=screen.voucher)
        stuck = await _register(work, screen, entry.plan)
        return from_plan(screen, entry.plan, kind=_paid_or_stuck(stuck), error=stuck)
    if screen.status == "manual" and entry.plan.kind is PlanKind.NOTE:
        _record(work, screen, State.DONE)
        return from_plan(screen, entry.plan, kind=OutcomeKind.MANUAL)
    # Someone else decided it meanwhile: what this robot claimed for it is free again, unless
    # it has been posted (the money is paid, whoever posted it).
    if screen.status != "posted":
        work.journal.begin_note(
            _lease(work),
            invoice_key=screen.invoice.key,
            plan=WritePlan(kind=PlanKind.NOTE, note=f"{screen.status} by a person"),
            run_id=work.run_id,
        )
    _record(work, screen, State.DONE)
    return plain(
        screen, kind=OutcomeKind.SKIPPED, note=f"{screen.status} in the ERP by someone else"
    )


def _record(work: Work, screen: InvoiceScreen, state: State, *, voucher: str | None = None) -> None:
    work.journal.record(
        _lease(work),
        invoice_key=screen.invoice.key,
        state=state,
        run_id=work.run_id,
        voucher=voucher,
    )


def _lease(work: Work) -> Lease:
    if work.lease is None:
        raise RuntimeError("a write outside a lease (a dry run writes nothing)")
    return work.lease


def _crash_point(work: Work, state: State, decision: Decision) -> None:
    """A crash at exactly this step, for the recovery tests: `posted`, or `posted@certificate`
    for the first invoice of that way of paying."""
    step, _, route = (work.crash_after_step or "").partition("@")
    if step == state.value and route in ("", decision.route.value):
        os._exit(70)


def postings_of(plan: WritePlan) -> list[Posting]:
    return [Posting(p.line, p.reference, p.psp, p.amount, p.text) for p in plan.postings]
