"""One invoice, exactly once: read, decide, claim, write, and journal every step.

Every write is preceded by a read of the system about to be written and by a journal step
fenced by the invoice's lease, so processing the invoice again after any crash, lost answer or
lost lease finishes what was started and never repeats a write. What a payment uses up (its
way's claims, and the invoice itself) is claimed in the journal before the first write, in one
transaction: of two invoices that would pay the same thing, whatever worker, process or host
has them, one holds the claim and the other is not paid. The writes are the way's, in its
order (robot/domain/ways/); each is read right before it is made, and none starts on a lease
that may run out before it ends.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import structlog

from robot.domain.claims import Claim, PaidElsewhere
from robot.domain.codes import Code
from robot.domain.conflicts import claimed_elsewhere
from robot.domain.decision import Decision
from robot.domain.router import (
    apply_posting_refused,
    apply_psp_rejected,
    decide_invoice,
    prepare,
    uses,
)
from robot.domain.ways.table import way_of
from robot.domain.ways.way import WriteStep
from robot.errors import ClaimBusy, PostingRefused, SiteError, WriteRefused
from robot.journal.model import Outcome, OutcomeKind, PlanKind, State, WritePlan
from robot.ports import InvoiceScreen, ScreenStatus
from robot.privacy import keyed_digest
from robot.run.facts import fetch_facts
from robot.run.outcomes import from_decision, from_plan, plain
from robot.run.plans import plan_text, write_plan
from robot.run.work import Work
from robot.run.writes import WRITERS, Missing

log = structlog.get_logger("robot.run")


async def process(work: Work, erp_id: str) -> Outcome:
    """Bring one invoice to its outcome; ApplicationError (retry later) on a system fault,
    ClaimBusy when another invoice is paying what this one would, LeaseLost when another
    process took the invoice over."""
    screen = await work.erp.invoice(erp_id)
    entry = work.journal.entry(erp_id)
    if screen.status is not ScreenStatus.UNPOSTED:
        return await _resume(work, screen)
    if (
        entry is not None
        and entry.state is State.POSTING
        and not work.dry_run
        and await _partly_written(work, screen, entry.plan)
    ):
        # A write before the posting (a rent deduction) is made: finish exactly that plan.
        return await _carry_out(work, screen, entry.plan, decision=None)
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
    settings = work.settings
    prepared = prepare(
        screen.invoice,
        book=work.book,
        today=settings.today,
        learned_postings=settings.learned_postings,
    )
    facts = await fetch_facts(
        work, prepared, already_posted=screen.same_key_posted, open_psp=screen.open_psp
    )
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
    plan = write_plan(decision)
    holders = work.journal.claim(
        work.held(),
        invoice_key=invoice.key,
        claims=(*uses(decision), invoice_claim(invoice.key)),
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
    await _test_hooks(work, State.POSTING.value, decision.route.value)
    return await _carry_out(work, screen, plan, decision=decision, came_back=came_back)


async def _carry_out(
    work: Work,
    screen: InvoiceScreen,
    plan: WritePlan,
    *,
    decision: Decision | None,
    came_back: bool = False,
) -> Outcome:
    """The way's writes in order: every one read first (what is written already, whether the
    rest may still be), then each missing one written on a lease with time left for it.

    A write refused before anything was written sends the invoice to a person with the code
    of what changed (its claims are released); once something is written, a refusal leaves
    the invoice for a person to finish (NEEDS_PERSON, its claims kept), reported once."""
    route = plan.route or (decision.route if decision is not None else None)
    if route is None:
        raise RuntimeError("a stored plan without its way to pay")
    steps = way_of(route).writes
    missing: dict[WriteStep, Missing] = {}
    try:
        for step in steps:
            missing[step] = await WRITERS[step].missing(work, screen, plan)
    except WriteRefused as refused:
        return await _refused(
            work, screen, plan, decision, refused, written=_any_written(missing), posted=False
        )
    written = _any_written(missing)
    posted = WriteStep.POST in missing and not missing[WriteStep.POST]
    voucher = screen.voucher or ""
    for step in steps:
        if not missing[step]:
            continue
        work.before_write()
        started = time.monotonic()
        try:
            answer = await WRITERS[step].write(work, screen, plan, missing[step])
        except PostingRefused as refused:
            if refused.state_changed:  # posted meanwhile (a lost answer?): read it again
                raise SiteError(f"the ERP refused the posting: {refused.message}") from refused
            return await _posting_refused(work, screen, plan, decision, refused, written=written)
        except WriteRefused as refused:
            return await _refused(
                work,
                screen,
                plan,
                decision,
                refused,
                written=written,
                posted=posted,
                voucher=voucher,
            )
        finally:
            if work.clock is not None:
                work.clock.times.took(time.monotonic() - started)
        written = True
        work.written.append(step.value)
        if step is WriteStep.POST:
            posted = True
            voucher = answer
            _record(work, screen, State.POSTED, voucher=voucher)
            await _test_hooks(work, State.POSTED.value, route.value)
        else:
            await _test_hooks(work, step.value, route.value)
    _record(work, screen, State.DONE)
    if decision is not None:
        return from_decision(
            screen, decision, kind=OutcomeKind.PAID, came_back=came_back, voucher=voucher
        )
    return from_plan(screen, plan, kind=OutcomeKind.PAID, voucher=voucher)


def _any_written(missing: dict[WriteStep, Missing]) -> bool:
    """True when a write the way makes is found made already (by this invoice)."""
    return any(not found for found in missing.values())


async def _refused(
    work: Work,
    screen: InvoiceScreen,
    plan: WritePlan,
    decision: Decision | None,
    refused: WriteRefused,
    *,
    written: bool,
    posted: bool,
    voucher: str = "",
) -> Outcome:
    log.info("write_refused", erp_id=screen.invoice.erp_id, code=refused.code, reason=str(refused))
    if not written and decision is not None:
        note = refused.note or f"{refused.code.tag} {refused}"
        return await _note(work, screen, decision.manual(refused.code, note))
    return await _needs_person(
        work,
        screen,
        plan,
        reason=str(refused),
        code=refused.code,
        posted=posted,
        voucher=voucher,
    )


async def _posting_refused(
    work: Work,
    screen: InvoiceScreen,
    plan: WritePlan,
    decision: Decision | None,
    refused: PostingRefused,
    *,
    written: bool,
) -> Outcome:
    if not written and decision is not None:
        if refused.psp_element:
            return await _note(work, screen, apply_psp_rejected(decision, refused.message))
        return await _note(work, screen, apply_posting_refused(decision, refused.message))
    code = Code.PSP_REJECTED if refused.psp_element else Code.POSTING_REFUSED
    return await _needs_person(
        work,
        screen,
        plan,
        reason=f"the ERP refused the posting: {refused.message}",
        code=code,
        posted=False,
    )


async def _needs_person(
    work: Work,
    screen: InvoiceScreen,
    plan: WritePlan,
    *,
    reason: str,
    code: Code,
    posted: bool,
    voucher: str = "",
) -> Outcome:
    """Something is written and the rest was refused: a person finishes it. An invoice not
    posted yet goes to manual handling with the note and what is left to do; what the payment
    uses up stays claimed (it is partly paid)."""
    log.warning("needs_person", erp_id=screen.invoice.erp_id, reason=reason)
    if not posted and screen.status is ScreenStatus.UNPOSTED:
        note = (
            f"{code.tag} Robotten har registreret en del af betalingen, men ERP'et afviste "
            f"bogføringen, så den skal bogføres i hånden (økonomi: »Bogfør«), præcis sådan:\n"
            f"{plan_text(plan, invoice_ref=screen.invoice.key)}"
        )
        _record(work, screen, State.NEEDS_PERSON)
        await work.erp.send_to_manual(screen.invoice.erp_id, note=note)
    else:
        _record(work, screen, State.NEEDS_PERSON)
    return from_plan(screen, plan, kind=OutcomeKind.NEEDS_PERSON, voucher=voucher, error=reason)


async def _note(
    work: Work, screen: InvoiceScreen, decision: Decision, *, came_back: bool = False
) -> Outcome:
    work.journal.begin_note(
        work.held(), invoice_key=screen.invoice.key, plan=write_plan(decision), run_id=work.run_id
    )
    await _test_hooks(work, State.NOTING.value, decision.route.value)
    await work.erp.send_to_manual(
        screen.invoice.erp_id,
        note=decision.note or "",
        proposal=decision.proposal,
        remark=decision.remark if decision.proposal else "",
    )
    _record(work, screen, State.DONE)
    return from_decision(screen, decision, kind=OutcomeKind.MANUAL, came_back=came_back)


async def _resume(work: Work, screen: InvoiceScreen) -> Outcome:
    """The invoice has left the inbox: finish this robot's own unfinished steps (a lost answer,
    a crash between two writes), touch nothing else."""
    entry = work.journal.entry(screen.invoice.erp_id)
    ours = entry is not None and entry.state in (State.POSTING, State.POSTED, State.NOTING)
    if work.dry_run or entry is None or not ours:
        return plain(screen, kind=OutcomeKind.SKIPPED, note=f"already {screen.status} in the ERP")
    if screen.status is ScreenStatus.POSTED and entry.plan.kind is PlanKind.PAY:
        _record(work, screen, State.POSTED, voucher=screen.voucher)
        return await _carry_out(work, screen, entry.plan, decision=None)
    if screen.status is ScreenStatus.MANUAL and entry.plan.kind is PlanKind.NOTE:
        _record(work, screen, State.DONE)
        return from_plan(screen, entry.plan, kind=OutcomeKind.MANUAL)
    # Someone else decided it meanwhile: what this robot claimed for it is free again, unless
    # something of it was written (a posting, a deduction: then it is paid, whoever did it).
    if screen.status is not ScreenStatus.POSTED and not await _partly_written(
        work, screen, entry.plan
    ):
        work.journal.begin_note(
            work.held(),
            invoice_key=screen.invoice.key,
            plan=WritePlan(kind=PlanKind.NOTE, note=f"{screen.status} by a person"),
            run_id=work.run_id,
        )
    _record(work, screen, State.DONE)
    return plain(
        screen, kind=OutcomeKind.SKIPPED, note=f"{screen.status} in the ERP by someone else"
    )


async def _partly_written(work: Work, screen: InvoiceScreen, plan: WritePlan) -> bool:
    """True when a write of the plan before its posting (a rent deduction) is made."""
    if not plan.pays or plan.route is None:
        return False
    for step in way_of(plan.route).writes:
        if step is WriteStep.POST:
            return False
        try:
            if not await WRITERS[step].missing(work, screen, plan):
                return True
        except WriteRefused:
            continue
    return False


def _record(work: Work, screen: InvoiceScreen, state: State, *, voucher: str | None = None) -> None:
    work.journal.record(
        work.held(),
        invoice_key=screen.invoice.key,
        state=state,
        run_id=work.run_id,
        voucher=voucher,
    )


async def _test_hooks(work: Work, step: str, route: str) -> None:
    """Test hooks at exactly this step (`posted`, or `posted@certificate` for the first
    invoice of that way to pay): a crash, as `kill -9` would; or a pause until a file appears,
    so a test can change a system between two steps."""
    if _at(work.crash_after_step, step, route):
        os._exit(70)
    if _at(work.pause_after_step, step, route):
        await _pause(work, step)


def _hook(hook: str | None) -> tuple[str, str, str]:
    """``step[@route][:file]`` as its parts."""
    where, _, file = (hook or "").partition(":")
    step, _, route = where.partition("@")
    return step, route, file


def _at(hook: str | None, step: str, route: str) -> bool:
    wanted, wanted_route, _ = _hook(hook)
    return bool(hook) and wanted == step and wanted_route in ("", route)


async def _pause(work: Work, step: str) -> None:
    _, _, file = _hook(work.pause_after_step)
    if not file:
        return
    flag = Path(file)
    waiting = flag.with_suffix(".waiting")
    if waiting.exists() or flag.exists():
        return  # one pause per run: the first invoice to reach the step
    waiting.write_text(f"{work.held().erp_id} {step}\n")
    deadline = time.monotonic() + 120
    while not flag.exists() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
