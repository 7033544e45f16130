"""`robot run`: lock, journal, run folder, mapping, the loop, the report, and the exit code."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import structlog

from robot import logs
from robot.config import Settings
from robot.errors import MappingUnusable, SystemUnavailable
from robot.mapping.reader import read_mapping
from robot.privacy import load_or_create_key, mask_cpr, set_key
from robot.run.exit_codes import ExitCode
from robot.run.journal import Journal, Outcome
from robot.run.lock import LockHeld, RunLock
from robot.run.progress import Progress
from robot.run.report import write_run_report
from robot.run.runner import RunState, ScreenChangedStop, file_sha256, run_invoices
from robot.run.summary import print_summary, summary_line
from robot.sites.screen_use import SCREEN_USE

log = structlog.get_logger("robot.run")


@dataclass(frozen=True)
class RunOptions:
    mapping: Path
    dry_run: bool = False


def new_run_dir(runs_dir: Path) -> tuple[str, Path]:
    """A fresh run folder readable by the owner only (it may hold personal data)."""
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)
    runs_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    run_dir = runs_dir / run_id
    run_dir.mkdir(mode=0o700)
    os.chmod(run_dir, 0o700)
    return run_id, run_dir


def fail(code: ExitCode, reason: str, err: TextIO) -> int:
    print(f"robot run: {mask_cpr(reason)}", file=err)
    return int(code)


def run_command(settings: Settings, options: RunOptions, *, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    set_key(load_or_create_key(settings.journal_dir))
    try:
        with RunLock(settings.journal_dir):
            return _locked_run(settings, options, err=err)
    except LockHeld as held:
        return fail(ExitCode.LOCK_HELD, str(held), err)


def _locked_run(settings: Settings, options: RunOptions, *, err: TextIO) -> int:
    try:
        report = read_mapping(options.mapping)
    except MappingUnusable as unusable:
        return fail(ExitCode.MAPPING_UNUSABLE, f"mapping workbook unusable: {unusable}", err)
    run_id, run_dir = new_run_dir(settings.runs_dir)
    logs.configure(log_file=run_dir / "run.log", console=err)
    (run_dir / "run.log").chmod(0o600)
    journal = Journal(settings.journal_dir)
    sha = file_sha256(options.mapping)
    journal.start_run(
        run_id=run_id, dry_run=options.dry_run, mapping_file=options.mapping.name, sha256=sha
    )
    structlog.contextvars.bind_contextvars(run_id=run_id)
    log.info(
        "run_started",
        dry_run=options.dry_run,
        mapping=options.mapping.name,
        mapping_sha256=sha,
        mapping_problems=len(report.problems),
    )
    for problem in report.problems:
        log.warning("mapping_problem", problem=str(problem))
    state = RunState()
    code = ExitCode.COMPLETED
    reason = ""
    with Progress(state, enabled=err.isatty()) as progress:

        def on_outcome(outcome: Outcome) -> None:
            _log_outcome(outcome)
            progress.update()

        try:
            asyncio.run(
                run_invoices(
                    settings,
                    journal=journal,
                    mapping=report.table,
                    run_id=run_id,
                    run_dir=run_dir,
                    dry_run=options.dry_run,
                    state=state,
                    on_outcome=on_outcome,
                )
            )
        except SystemUnavailable as down:
            code, reason = ExitCode.SYSTEM_UNAVAILABLE, str(down)
        except ScreenChangedStop as stop:
            code, reason = ExitCode.SCREEN_CHANGED, f"stopped: {stop}"
    if code is ExitCode.COMPLETED and state.counts.get("failed"):
        code = ExitCode.COMPLETED_WITH_FAULTS
        reason = f"{state.counts['failed']} invoice(s) left for the next run after system faults"
    report_path = write_run_report(
        run_dir / "report.xlsx",
        outcomes=state.outcomes,
        run_info=[
            ("Run", run_id),
            ("Dry run", "yes" if options.dry_run else "no"),
            ("Mapping workbook", options.mapping.name),
            ("Mapping SHA-256", sha),
        ],
        mapping_problems=[str(p) for p in report.problems],
    )
    line = summary_line(state, run_dir=run_dir, dry_run=options.dry_run)
    journal.finish_run(run_id=run_id, exit_code=int(code), summary=dict(state.counts))
    journal.close()
    log.info("run_finished", exit_code=int(code), summary=line, **SCREEN_USE.as_dict())
    print_summary(state, report_path=report_path, line=line, err=err)
    if code is not ExitCode.COMPLETED:
        return fail(code, reason, err)
    return int(code)


def _log_outcome(outcome: Outcome) -> None:
    log.info(
        "invoice",
        erp_id=outcome.erp_id,
        invoice=outcome.invoice_key,
        outcome=outcome.outcome,
        code=outcome.code,
        grants=outcome.grant_ids,
        psp=outcome.psp,
        amount=outcome.amount,
        error=outcome.error or None,
        **SCREEN_USE.this_invoice(),  # the worker's own, counted in its task
    )
