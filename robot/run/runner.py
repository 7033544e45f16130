"""The transaction loop: get the work, process each invoice with retries, never stop for one."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from playwright.async_api import async_playwright

from robot.browser import launch
from robot.config import Settings
from robot.domain.decision import DecisionSettings, repeated_failure
from robot.domain.mapping_book import MappingBook
from robot.errors import (
    ApplicationError,
    BusinessError,
    ClaimBusy,
    ScreenChanged,
    SessionExpired,
    SiteError,
    SystemUnavailable,
)
from robot.journal.base import Journal
from robot.journal.model import Lease, LeaseLost, Outcome, OutcomeKind, State
from robot.run.outcomes import from_decision
from robot.run.process import Work, process
from robot.run.queue import JournalQueue, LocalQueue, WorkQueue, kept_alive
from robot.run.retry import retrying
from robot.run.worker import Worker, start_up_step
from robot.sites.screen_use import SCREEN_USE

log = structlog.get_logger("robot.run")


class ScreenChangedStop(Exception):
    """The same screen element was missing for several invoices in a row: stop the run."""

    def __init__(self, cause: ScreenChanged) -> None:
        super().__init__(str(cause))
        self.cause = cause


@dataclass
class RunState:
    """What the run has done so far; read by the progress display and the report."""

    outcomes: list[Outcome] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    total: int = 0
    screen_failures: list[str] = field(default_factory=list)
    stopped: ScreenChanged | None = None


def decision_settings(settings: Settings) -> DecisionSettings:
    return DecisionSettings(
        today=settings.run_date(),
        approval_limit=settings.approval_limit,
        amount_tolerance=settings.amount_tolerance,
        sample_rate=settings.sample_rate,
        sample_seed=settings.sample_seed,
    )


@dataclass
class Loop:
    """One process's share of a run: its workers take invoices from the queue until none is
    left for it."""

    settings: Settings
    base: Work
    queue: WorkQueue
    state: RunState
    on_outcome: Callable[[Outcome], None]
    failed_here: set[str] = field(default_factory=set)  # not taken again in this run
    busy_since: dict[str, float] = field(default_factory=dict)


async def run_invoices(
    settings: Settings,
    *,
    journal: Journal,
    book: MappingBook,
    run_id: str,
    run_dir: Path,
    dry_run: bool,
    state: RunState,
    on_outcome: Callable[[Outcome], None],
    owner: str,
) -> None:
    """Log in, queue the inbox (and what earlier runs left open), then work through it."""
    async with async_playwright() as playwright:
        browser = await launch(playwright, settings)
        workers: list[Worker] = []
        try:
            workers = [
                Worker(browser, settings, artefacts=run_dir) for _ in range(settings.workers)
            ]
            # The first worker fails fast (SystemUnavailable) before anything is touched.
            await workers[0].start(first=True)
            # The others carry on with the first one's sessions: one login per system, not
            # one per worker (many logins at once look like an attack to a login throttle).
            shared = await workers[0].sessions()
            workers = [workers[0], *await _start_others(workers[1:], sessions=shared)]
            read_at = journal.now()
            inbox = await _read_inbox(workers[0], settings)
            queue: WorkQueue
            if dry_run:
                queue = LocalQueue(inbox)
                state.total = len(inbox)
            else:
                state.total = journal.enqueue(inbox, read_at=read_at)
                queue = JournalQueue(journal, owner, settings.lease_s)
            log.info("work", invoices=state.total, inbox=len(inbox))
            base = Work(
                erp=workers[0].erp,
                case=workers[0].case,
                journal=journal,
                book=book,
                settings=decision_settings(settings),
                run_id=run_id,
                dry_run=dry_run,
                crash_after_step=settings.crash_after_step,
            )
            loop = Loop(settings, base, queue, state, on_outcome)
            await asyncio.gather(*(_work_queue(w, loop) for w in workers))
        finally:
            for worker in workers:
                await worker.close()
            await browser.close()
    if state.stopped is not None:
        raise ScreenChangedStop(state.stopped)


async def _start_others(
    workers: list[Worker], *, sessions: dict[str, Any] | None = None
) -> list[Worker]:
    """Start the other workers; one that cannot log in (a system gone down a moment after the
    first logged in) is left out of this run, and the rest carry on."""
    started = []
    results = await asyncio.gather(
        *(w.start(sessions=sessions) for w in workers), return_exceptions=True
    )
    for worker, result in zip(workers, results, strict=True):
        if isinstance(result, ApplicationError):
            log.warning("worker_not_started", error=str(result))
            await worker.close()
        elif isinstance(result, BaseException):
            raise result
        else:
            started.append(worker)
    return started


async def _read_inbox(worker: Worker, settings: Settings) -> list[str]:
    """The inbox's invoices, read with the same patience as a login; a system that stays down
    is SystemUnavailable (nothing has been touched yet)."""
    try:
        return await start_up_step(settings, worker.erp.inbox)
    except SiteError as error:
        raise SystemUnavailable(f"the ERP's inbox cannot be read: {error}") from error


async def _work_queue(worker: Worker, loop: Loop) -> None:
    handled = 0
    while loop.state.stopped is None:
        lease = loop.queue.take(skip=loop.failed_here)
        if lease is None:
            if loop.queue.waiting(skip=loop.failed_here) <= 0:
                return
            await asyncio.sleep(0.5)  # held by another worker or process, or waiting its turn
            continue
        SCREEN_USE.start_invoice()  # its page loads and submissions go on its outcome line
        async with kept_alive(loop.queue, lease, every_s=loop.settings.lease_s / 3):
            outcome = await _one_invoice(worker, loop, lease)
        handled += 1
        if handled % loop.settings.recycle_contexts_every == 0:
            try:
                await worker.recycle()
            except ApplicationError as error:  # the next invoice logs in again, or restarts
                log.warning("recycle_failed", error=str(error))
        if outcome is None:
            continue
        loop.state.outcomes.append(outcome)
        loop.state.counts[outcome.outcome.value] += 1
        loop.base.journal.record_outcome(loop.base.run_id, outcome)
        loop.on_outcome(outcome)


async def _one_invoice(worker: Worker, loop: Loop, lease: Lease) -> Outcome | None:
    """Process with retries. After the limit the invoice is left for the next run (or, after
    several runs failing the same way, sent to a person); None when it is not this process's
    to report (another invoice is paying the same thing, or the lease passed on)."""
    erp_id, settings = lease.erp_id, loop.settings
    work = dataclasses.replace(loop.base, lease=None if loop.base.dry_run else lease)
    try:
        outcome = await _with_retries(worker, work, erp_id, settings)
    except ClaimBusy as busy:
        return _wait_for_other(loop, lease, busy)
    except LeaseLost as lost:
        log.warning("lease_lost", erp_id=erp_id, error=str(lost))
        return None
    except (ApplicationError, BusinessError) as error:
        await worker.end_invoice(keep_as=erp_id)
        _note_screen_failure(loop.state, error, settings)
        outcome = await _failed(worker, loop, lease, error)
        if outcome.outcome is OutcomeKind.FAILED:
            loop.failed_here.add(erp_id)
            loop.queue.later(lease, after_s=settings.failed_retry_s)
        else:
            loop.queue.done(lease)
        return outcome
    await worker.end_invoice(keep_as=None)
    loop.busy_since.pop(erp_id, None)
    loop.queue.done(lease)
    return outcome


async def _with_retries(worker: Worker, work: Work, erp_id: str, settings: Settings) -> Outcome:
    faults = 0
    async for attempt in retrying(settings):
        with attempt:
            if faults >= settings.restart_context_after:
                await worker.restart()
            if attempt.retry_state.attempt_number > 1:
                await worker.trace()  # the retries of an invoice are traced
            try:
                current = dataclasses.replace(work, erp=worker.erp, case=worker.case)
                return await process(current, erp_id)
            except SessionExpired as error:
                log.info("session_expired", erp_id=erp_id, error=str(error))
                raise
            except ClaimBusy:
                raise
            except ApplicationError as error:
                faults += 1
                log.warning("system_fault", erp_id=erp_id, attempt=faults, error=str(error))
                raise
    raise AssertionError("unreachable: tenacity reraises the last error")


def _wait_for_other(loop: Loop, lease: Lease, busy: ClaimBusy) -> Outcome | None:
    """Another invoice holds a claim this one needs and is still being paid: put this one back
    in the queue to be decided again once that one is done, within a bound."""
    first = loop.busy_since.setdefault(lease.erp_id, time.monotonic())
    waited = time.monotonic() - first
    if waited < loop.settings.claim_wait_s:
        log.info("waits_for_claim", erp_id=lease.erp_id, holder=busy.holder)
        loop.queue.later(lease, after_s=1.0)
        return None
    loop.failed_here.add(lease.erp_id)
    loop.queue.later(lease, after_s=loop.settings.failed_retry_s)
    return Outcome(
        erp_id=lease.erp_id,
        outcome=OutcomeKind.FAILED,
        error=f"waited {waited:.0f} s for {busy.holder}, which is paying the same: {busy}",
    )


async def _failed(worker: Worker, loop: Loop, lease: Lease, error: Exception) -> Outcome:
    """Left for the next run; but an invoice that has failed the same way in several runs in
    a row (not a system-wide screen change) goes to a person with REPEATED_FAILURE."""
    failed = Outcome(erp_id=lease.erp_id, outcome=OutcomeKind.FAILED, error=str(error))
    if loop.base.dry_run or loop.state.stopped is not None or len(loop.state.screen_failures) > 1:
        return failed
    runs, last = loop.base.journal.failure_streak(lease.erp_id)
    if last != str(error) or runs + 1 < loop.settings.stuck_after_runs:
        return failed
    try:
        return await _send_to_person(worker, loop, lease, runs=runs + 1, error=str(error))
    except Exception as again:  # it stays for the next run; the failure is what is reported
        log.warning("repeated_failure_not_noted", erp_id=lease.erp_id, error=str(again))
        return failed


async def _send_to_person(
    worker: Worker, loop: Loop, lease: Lease, *, runs: int, error: str
) -> Outcome:
    journal = loop.base.journal
    screen = await worker.erp.invoice(lease.erp_id)
    entry = journal.entry(lease.erp_id)
    if screen.status != "unposted" or (entry and entry.state in (State.POSTING, State.POSTED)):
        raise RuntimeError("only an unposted invoice with nothing written is sent to a person")
    decision = repeated_failure(screen.invoice, runs=runs, error=error)
    from robot.run.outcomes import write_plan

    journal.begin_note(
        lease, invoice_key=screen.invoice.key, plan=write_plan(decision), run_id=loop.base.run_id
    )
    await worker.erp.send_to_manual(lease.erp_id, note=decision.note or "")
    journal.record(lease, invoice_key=screen.invoice.key, state=State.DONE, run_id=loop.base.run_id)
    return from_decision(screen, decision, kind=OutcomeKind.MANUAL)


def _note_screen_failure(state: RunState, error: Exception, settings: Settings) -> None:
    """Count identical screen failures in a row; enough of them stops the run.

    Invoices that succeed in between do not break the row: a changed posting form fails
    every invoice to be paid while those sent to manual handling still go through."""
    if not isinstance(error, ScreenChanged):
        state.screen_failures.clear()
        return
    state.screen_failures.append(str(error))
    recent = state.screen_failures[-settings.screen_change_limit :]
    if len(recent) >= settings.screen_change_limit and len(set(recent)) == 1:
        state.stopped = error
