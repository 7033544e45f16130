"""The transaction loop: get the work, process each invoice with retries, never stop for one."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import structlog
from playwright.async_api import async_playwright
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from robot.browser import launch
from robot.config import Settings
from robot.domain.decision import DecisionSettings
from robot.domain.psp import MappingTable
from robot.errors import (
    ApplicationError,
    BusinessError,
    ScreenChanged,
    SessionExpired,
    SiteError,
    SystemUnavailable,
)
from robot.run.journal import Journal, Outcome
from robot.run.process import Work, process
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


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decision_settings(settings: Settings) -> DecisionSettings:
    return DecisionSettings(
        today=settings.run_date(),
        approval_limit=settings.approval_limit,
        amount_tolerance=settings.amount_tolerance,
        sample_rate=settings.sample_rate,
        sample_seed=settings.sample_seed,
    )


async def run_invoices(
    settings: Settings,
    *,
    journal: Journal,
    mapping: MappingTable,
    run_id: str,
    run_dir: Path,
    dry_run: bool,
    state: RunState,
    on_outcome: Callable[[Outcome], None],
) -> None:
    """Log in, finish what earlier runs left open, then work through the inbox."""
    async with async_playwright() as playwright:
        browser = await launch(playwright, settings)
        try:
            workers = [
                Worker(browser, settings, artefacts=run_dir) for _ in range(settings.workers)
            ]
            # The first worker fails fast (SystemUnavailable) before anything is touched.
            await workers[0].start(first=True)
            workers = [workers[0], *await _start_others(workers[1:])]
            base = Work(
                erp=workers[0].erp,
                case=workers[0].case,
                journal=journal,
                mapping=mapping,
                settings=decision_settings(settings),
                run_id=run_id,
                dry_run=dry_run,
                crash_after_step=settings.crash_after_step,
            )
            queue: asyncio.Queue[str] = asyncio.Queue()
            work_ids = [] if dry_run else [e.erp_id for e in journal.open_entries()]
            inbox = await _read_inbox(workers[0], settings)
            for erp_id in dict.fromkeys([*work_ids, *inbox]):
                queue.put_nowait(erp_id)
            state.total = queue.qsize()
            log.info("work", invoices=state.total, resumed=len(work_ids))
            await asyncio.gather(
                *(_work_queue(w, base, queue, settings, state, on_outcome) for w in workers)
            )
        finally:
            for worker in workers:
                await worker.close()
            await browser.close()
    if state.stopped is not None:
        raise ScreenChangedStop(state.stopped)


async def _start_others(workers: list[Worker]) -> list[Worker]:
    """Start the other workers; one that cannot log in (a system gone down a moment after the
    first logged in) is left out of this run, and the rest carry on."""
    started = []
    results = await asyncio.gather(*(w.start() for w in workers), return_exceptions=True)
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


async def _work_queue(
    worker: Worker,
    base: Work,
    queue: asyncio.Queue[str],
    settings: Settings,
    state: RunState,
    on_outcome: Callable[[Outcome], None],
) -> None:
    work = dataclasses.replace(base, erp=worker.erp, case=worker.case)
    handled = 0
    while not queue.empty() and state.stopped is None:
        erp_id = queue.get_nowait()  # each invoice is taken by exactly one worker
        SCREEN_USE.start_invoice()  # its page loads and submissions go on its outcome line
        outcome = await _one_invoice(worker, work, erp_id, settings, state)
        handled += 1
        if handled % settings.recycle_contexts_every == 0:
            try:
                await worker.recycle()
            except ApplicationError as error:  # the next invoice logs in again, or restarts
                log.warning("recycle_failed", error=str(error))
        state.outcomes.append(outcome)
        state.counts[outcome.outcome] += 1
        base.journal.record_outcome(base.run_id, outcome)
        on_outcome(outcome)


async def _one_invoice(
    worker: Worker, work: Work, erp_id: str, settings: Settings, state: RunState
) -> Outcome:
    """Process with retries; after the limit, report the invoice as left for the next run."""
    faults = 0
    try:
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(settings.max_attempts),
            wait=_back_off,
            retry=retry_if_exception_type(ApplicationError),
            reraise=True,
        ):
            with attempt:
                if faults >= settings.restart_context_after:
                    await worker.restart()
                if attempt.retry_state.attempt_number > 1:
                    await worker.trace()  # the retries of an invoice are traced
                try:
                    current = dataclasses.replace(work, erp=worker.erp, case=worker.case)
                    outcome = await process(current, erp_id)
                except SessionExpired as error:
                    log.info("session_expired", erp_id=erp_id, error=str(error))
                    raise
                except ApplicationError as error:
                    faults += 1
                    log.warning("system_fault", erp_id=erp_id, attempt=faults, error=str(error))
                    raise
    except (ApplicationError, BusinessError) as error:
        await worker.end_invoice(keep_as=erp_id)
        _note_screen_failure(state, error, settings)
        return Outcome(
            erp_id=erp_id,
            invoice_key="",
            supplier_cvr="",
            outcome="failed",
            code=None,
            error=str(error),
        )
    await worker.end_invoice(keep_as=None)
    return outcome


_EXPONENTIAL = wait_exponential(multiplier=0.5, max=8)


def _back_off(state: RetryCallState) -> float:
    """No wait after a lost session (logging in again is the cure); back off after faults."""
    error = state.outcome.exception() if state.outcome else None
    return 0.0 if isinstance(error, SessionExpired) else float(_EXPONENTIAL(state))


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
