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
from robot.domain.decision import DecisionSettings
from robot.domain.mapping_book import MappingBook
from robot.domain.router import repeated_failure
from robot.domain.ways.table import systems_for
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
from robot.journal.model import (
    JournalUnavailable,
    Lease,
    LeaseLost,
    Outcome,
    OutcomeKind,
    State,
)
from robot.learning.source import HistorySource
from robot.ports import InboxEntry, ScreenStatus
from robot.run.outcomes import from_decision
from robot.run.plans import write_plan
from robot.run.process import process
from robot.run.queue import JournalQueue, LocalQueue, WorkQueue, kept_alive
from robot.run.retry import retrying
from robot.run.sites import specs
from robot.run.timebox import TimeBox
from robot.run.work import LeaseClock, Work, WriteTimes
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
    journal_lost: JournalUnavailable | None = None  # the journal went away mid-run
    left_by_timebox: int = 0  # invoices left untouched by --max-invoices or --until

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.counts[outcome.outcome.value] += 1


def decision_settings(settings: Settings) -> DecisionSettings:
    return DecisionSettings(
        today=settings.run_date(),
        approval_limit=settings.approval_limit,
        amount_tolerance=settings.amount_tolerance,
        sample_rate=settings.sample_rate,
        sample_seed=settings.sample_seed,
        learned_postings=settings.learned_postings,
        learned_limit=settings.learned_limit,
    )


@dataclass
class Loop:
    """One process's share of a run: its workers take invoices from the queue until none is
    left for it (or the time box closes)."""

    settings: Settings
    base: Work
    queue: WorkQueue
    state: RunState
    on_outcome: Callable[[Outcome], None]
    failed_here: set[str] = field(default_factory=set)  # not taken again in this run
    busy_since: dict[str, float] = field(default_factory=dict)
    timebox: TimeBox = field(default_factory=TimeBox)
    times: WriteTimes = field(default_factory=WriteTimes)


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
    """Log in to the systems the workbook's ways need, queue the inbox (and what earlier runs
    left open), then work through it, earliest due first."""
    chosen = specs(systems_for(book))
    async with async_playwright() as playwright:
        browser = await launch(playwright, settings)
        workers: list[Worker] = []
        try:
            workers = [
                Worker(browser, settings, artefacts=run_dir, specs=chosen)
                for _ in range(settings.workers)
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
                queue = LocalQueue(
                    [e.erp_id for e in _by_due_date(inbox)], budget=settings.max_invoices
                )
                state.total = len(inbox)
            else:
                due = {e.erp_id: e.due_date for e in inbox if e.due_date is not None}
                state.total = journal.enqueue([e.erp_id for e in inbox], read_at=read_at, due=due)
                queue = JournalQueue(
                    journal, owner, settings.lease_s, run_id=run_id, budget=settings.max_invoices
                )
            log.info("work", invoices=state.total, inbox=len(inbox))
            base = Work(
                systems=workers[0].systems,
                journal=journal,
                book=book,
                settings=decision_settings(settings),
                run_id=run_id,
                dry_run=dry_run,
                crash_after_step=settings.crash_after_step,
                pause_after_step=settings.pause_after_step,
                history=HistorySource(today=settings.run_date()),
            )
            loop = Loop(settings, base, queue, state, on_outcome, timebox=TimeBox.of(settings))
            await asyncio.gather(*(_work_queue(w, loop) for w in workers))
        finally:
            for worker in workers:
                await worker.close()
            await browser.close()
    if state.stopped is not None:
        raise ScreenChangedStop(state.stopped)


def _by_due_date(inbox: list[InboxEntry]) -> list[InboxEntry]:
    """Earliest due first (those without a due date last), as the journal's queue takes them."""
    return sorted(inbox, key=lambda e: (e.due_date is None, e.due_date or 0))


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


async def _read_inbox(worker: Worker, settings: Settings) -> list[InboxEntry]:
    """The inbox's invoices, read with the same patience as a login; a system that stays down
    is SystemUnavailable (nothing has been touched yet)."""
    try:
        return await start_up_step(settings, worker.erp.inbox)
    except SiteError as error:
        raise SystemUnavailable(f"the ERP's inbox cannot be read: {error}") from error


async def _work_queue(worker: Worker, loop: Loop) -> None:
    """Take invoices until none is left for this process, the time box closes, a screen has
    changed or the journal is gone."""
    handled = 0
    while loop.state.stopped is None and loop.state.journal_lost is None:
        try:
            lease = _take(loop)
        except JournalUnavailable as lost:
            _journal_lost(loop, lost)
            return
        if lease is None:
            if loop.timebox.closed() or _nothing_left(loop):
                return
            await asyncio.sleep(0.5)  # held by another worker or process, or waiting its turn
            continue
        outcome = await _one_leased(worker, loop, lease)
        handled += 1
        if handled % loop.settings.recycle_contexts_every == 0:
            try:
                await worker.recycle()
            except ApplicationError as error:  # the next invoice logs in again, or restarts
                log.warning("recycle_failed", error=str(error))
        if outcome is not None:
            _report(loop, outcome)


def _take(loop: Loop) -> Lease | None:
    """The next invoice for this process, unless the time box has closed for new ones."""
    if loop.timebox.closed():
        return None
    return loop.queue.take(skip=loop.failed_here)


def _nothing_left(loop: Loop) -> bool:
    try:
        return loop.queue.waiting(skip=loop.failed_here) <= 0
    except JournalUnavailable as lost:
        _journal_lost(loop, lost)
        return True


def _report(loop: Loop, outcome: Outcome) -> None:
    """The outcome in the run's own count first (the truth of what this process did), then in
    the journal; a journal that has gone away stops the run, not the count."""
    loop.state.add(outcome)
    loop.on_outcome(outcome)
    try:
        loop.base.journal.record_outcome(loop.base.run_id, outcome)
    except JournalUnavailable as lost:
        _journal_lost(loop, lost)


def _journal_lost(loop: Loop, lost: JournalUnavailable) -> None:
    if loop.state.journal_lost is None:
        log.error("journal_lost", error=str(lost))
        loop.state.journal_lost = lost


async def _one_leased(worker: Worker, loop: Loop, lease: Lease) -> Outcome | None:
    """One invoice under its lease, the lease renewed while it works and every write checked
    against it; its page loads and submissions go on its outcome line."""
    SCREEN_USE.start_invoice()
    clock = LeaseClock.started(loop.settings.lease_s, asked_at=lease.asked_at, times=loop.times)
    worker.guard_writes(None if loop.base.dry_run else clock.check)
    try:
        async with kept_alive(loop.queue, lease, clock, every_s=loop.settings.lease_s / 3):
            return await _one_invoice(worker, loop, lease, clock)
    finally:
        worker.guard_writes(None)


async def _one_invoice(
    worker: Worker, loop: Loop, lease: Lease, clock: LeaseClock
) -> Outcome | None:
    """Process with retries. After the limit the invoice is left for the next run (or, after
    several runs failing the same way, sent to a person); None when it is not this process's
    to report (another invoice is paying the same thing, or the lease passed on)."""
    erp_id, settings = lease.erp_id, loop.settings
    work = dataclasses.replace(loop.base, lease=None if loop.base.dry_run else lease, clock=clock)
    try:
        outcome = await _with_retries(worker, work, erp_id, settings)
    except ClaimBusy as busy:
        return _wait_for_other(loop, lease, busy)
    except LeaseLost as lost:
        log.warning("lease_lost", erp_id=erp_id, error=str(lost))
        return None
    except JournalUnavailable as lost:
        _journal_lost(loop, lost)
        await worker.end_invoice(keep_as=None)
        if work.written:  # say what was written: the summary must match the systems
            return Outcome(
                erp_id=erp_id,
                outcome=OutcomeKind.UNFINISHED,
                error=f"{' and '.join(work.written)} done, then the journal went away: {lost}",
            )
        return Outcome(
            erp_id=erp_id,
            outcome=OutcomeKind.FAILED,
            error=f"the journal went away while the invoice was in hand: {lost}",
        )
    except (ApplicationError, BusinessError) as error:
        await worker.end_invoice(keep_as=erp_id)
        _note_screen_failure(loop.state, error, settings)
        outcome = await _failed(worker, loop, lease, error)
        try:
            if outcome.outcome is OutcomeKind.FAILED:
                loop.failed_here.add(erp_id)
                loop.queue.later(lease, after_s=settings.failed_retry_s)
            else:
                loop.queue.done(lease)
        except JournalUnavailable as lost:
            _journal_lost(loop, lost)
        return outcome
    await worker.end_invoice(keep_as=None)
    loop.busy_since.pop(erp_id, None)
    try:
        loop.queue.done(lease)
    except JournalUnavailable as lost:
        _journal_lost(loop, lost)
    return outcome


async def _with_retries(worker: Worker, work: Work, erp_id: str, settings: Settings) -> Outcome:
    faults = 0
    async for attempt in retrying(settings):
        with attempt:
            if faults >= settings.restart_context_after:
                await worker.restart()
                worker.guard_writes(None if work.clock is None else work.clock.check)
            if attempt.retry_state.attempt_number > 1:
                await worker.trace()  # the retries of an invoice are traced
            try:
                current = dataclasses.replace(work, systems=worker.systems)
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
    try:
        if waited < loop.settings.claim_wait_s:
            log.info("waits_for_claim", erp_id=lease.erp_id, holder=busy.holder)
            loop.queue.later(lease, after_s=1.0)
            return None
        loop.failed_here.add(lease.erp_id)
        loop.queue.later(lease, after_s=loop.settings.failed_retry_s)
    except JournalUnavailable as lost:
        _journal_lost(loop, lost)
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
    try:
        runs, last = loop.base.journal.failure_streak(lease.erp_id)
        if last != str(error) or runs + 1 < loop.settings.stuck_after_runs:
            return failed
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
    written = entry is not None and entry.state in (State.POSTING, State.POSTED)
    if screen.status is not ScreenStatus.UNPOSTED or written:
        raise RuntimeError("only an unposted invoice with nothing written is sent to a person")
    decision = repeated_failure(screen.invoice, runs=runs, error=error)
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
