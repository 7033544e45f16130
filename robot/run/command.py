"""`robot run`: prepare (lock, mapping, journal, run folder), run the loop, finish (report,
summary, journal closed) whatever happened in between, and the exit code."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import structlog

from robot import logs
from robot.config import Settings
from robot.domain.systems import System
from robot.domain.ways.table import systems_for
from robot.errors import MappingUnusable, SystemUnavailable
from robot.exit_codes import ExitCode
from robot.journal.base import Journal
from robot.journal.model import Outcome
from robot.journal.opening import JournalUnavailable, open_journal
from robot.mapping.problems import MappingReport
from robot.mapping.reader import read_mapping
from robot.mapping.suggest import parse_paragraphs
from robot.privacy import safe_text, set_key
from robot.reporting.metrics_writer import MetricsWriter
from robot.reporting.run_report import write_run_report
from robot.run.lock import LockHeld, RunLock
from robot.run.outcomes import log_outcome
from robot.run.processes import start_parts, wait_for_parts
from robot.run.progress import Progress
from robot.run.queue import process_owner
from robot.run.runner import RunState, ScreenChangedStop, run_invoices
from robot.run.sites import missing_logins
from robot.run.summary import print_summary, summary_line
from robot.sites.screen_use import SCREEN_USE

log = structlog.get_logger("robot.run")


class BadSettings(Exception):
    """The settings cannot run this workbook (a login it needs is missing): exit 2."""


@dataclass(frozen=True)
class RunOptions:
    mapping: Path
    dry_run: bool = False


@dataclass
class PreparedRun:
    """Everything a run holds from its start to its end."""

    settings: Settings
    options: RunOptions
    mapping: MappingReport
    journal: Journal
    run_id: str
    run_dir: Path
    sha256: str
    state: RunState = field(default_factory=RunState)
    code: ExitCode = ExitCode.COMPLETED
    reason: str = ""


def new_run_dir(runs_dir: Path) -> tuple[str, Path]:
    """A fresh run folder readable by the owner only (it may hold personal data)."""
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)
    runs_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    run_dir = runs_dir / run_id
    run_dir.mkdir(mode=0o700)
    os.chmod(run_dir, 0o700)
    return run_id, run_dir


def fail(code: ExitCode, reason: str, err: TextIO) -> int:
    print(f"robot run: {safe_text(reason)}", file=err)
    return int(code)


def run_command(settings: Settings, options: RunOptions, *, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    try:
        with RunLock(settings.journal_dir):  # one run per host (and per local journal)
            try:
                run = prepare_run(settings, options, err=err)
            except MappingUnusable as unusable:
                return fail(
                    ExitCode.MAPPING_UNUSABLE, f"mapping workbook unusable: {unusable}", err
                )
            except JournalUnavailable as down:
                return fail(ExitCode.SYSTEM_UNAVAILABLE, str(down), err)
            except BadSettings as bad:
                return fail(ExitCode.USAGE, str(bad), err)
            metrics = start_metrics(run)
            try:
                execute(run, err=err)
            finally:
                finish(run, err=err, metrics=metrics)
            return fail(run.code, run.reason, err) if run.code is not ExitCode.COMPLETED else 0
    except LockHeld as held:
        return fail(ExitCode.LOCK_HELD, str(held), err)


def prepare_run(settings: Settings, options: RunOptions, *, err: TextIO) -> PreparedRun:
    """The mapping read (MappingUnusable), the journal opened, the run folder, log and record."""
    mapping = read_mapping(
        options.mapping, paragraphs=parse_paragraphs(settings.mapping_paragraphs)
    )
    missing = missing_logins(settings, {System.BENEFITS} & systems_for(mapping.book))
    if missing:
        raise BadSettings(
            "the mapping workbook sends rent invoices to the benefits system (a 'husleje' row"
            f" in Modtagere), and {', '.join(missing)} is not set"
        )
    journal = open_journal(settings)
    set_key(journal.log_key())
    run_id, run_dir = new_run_dir(settings.runs_dir)
    logs.configure(log_file=run_dir / "run.log", console=err)
    (run_dir / "run.log").chmod(0o600)
    sha = file_sha256(options.mapping)
    journal.start_run(
        run_id=run_id,
        host=socket.gethostname(),
        dry_run=options.dry_run,
        mapping_file=options.mapping.name,
        sha256=sha,
    )
    structlog.contextvars.bind_contextvars(run_id=run_id)
    log.info(
        "run_started",
        dry_run=options.dry_run,
        mapping=options.mapping.name,
        mapping_sha256=sha,
        mapping_problems=len(mapping.problems),
        journal=journal.where,
    )
    for problem in mapping.problems:
        log.warning("mapping_problem", problem=str(problem))
    return PreparedRun(settings, options, mapping, journal, run_id, run_dir, sha)


def execute(run: PreparedRun, *, err: TextIO) -> None:
    """The invoice loop; its end (and the reason) is kept on the run."""
    with Progress(run.state, enabled=err.isatty()) as progress:

        def on_outcome(outcome: Outcome) -> None:
            log_outcome(outcome)
            progress.update()

        if run.settings.processes > 1 and not run.options.dry_run:
            parts = start_parts(
                run.settings, mapping=run.options.mapping, run_id=run.run_id, run_dir=run.run_dir
            )
            log.info("processes_started", processes=len(parts))
            run.code, run.reason = wait_for_parts(
                parts,
                journal=run.journal,
                run_id=run.run_id,
                state=run.state,
                on_progress=progress.update,
            )
            _faults(run)
            return
        try:
            asyncio.run(
                run_invoices(
                    run.settings,
                    journal=run.journal,
                    book=run.mapping.book,
                    run_id=run.run_id,
                    run_dir=run.run_dir,
                    dry_run=run.options.dry_run,
                    state=run.state,
                    on_outcome=on_outcome,
                    owner=process_owner(),
                )
            )
        except SystemUnavailable as down:
            run.code, run.reason = ExitCode.SYSTEM_UNAVAILABLE, str(down)
        except JournalUnavailable as lost:
            run.state.journal_lost = lost
        except ScreenChangedStop as stop:
            run.code, run.reason = ExitCode.SCREEN_CHANGED, f"stopped: {stop}"
    _faults(run)


def _faults(run: PreparedRun) -> None:
    """Exit 1 when invoices are left after faults; 4 when the journal went away mid-run and is
    still gone (the reason says how many invoices are left for the next run)."""
    left = run.state.counts.get("failed", 0) + run.state.counts.get("unfinished", 0)
    lost = run.state.journal_lost
    finished = run.code in (ExitCode.COMPLETED, ExitCode.COMPLETED_WITH_FAULTS)
    if lost is not None and finished and not _reachable(run.journal):
        run.code = ExitCode.SYSTEM_UNAVAILABLE
        run.reason = (
            f"{lost}; the run stopped, and what it had not finished is left for the next"
            f" run ({run.state.total - len(run.state.outcomes) + left} invoice(s))"
        )
        return
    if run.code is ExitCode.COMPLETED and left:
        run.code = ExitCode.COMPLETED_WITH_FAULTS
        run.reason = f"{left} invoice(s) left for the next run after system faults"


def _reachable(journal: Journal) -> bool:
    try:
        journal.now()
    except JournalUnavailable:
        return False
    return True


def start_metrics(run: PreparedRun) -> MetricsWriter | None:
    """ROBOT_METRICS_FILE written every 30 s while a real run goes on (a dry run writes none)."""
    path = run.settings.metrics_file
    if path is None or run.options.dry_run:
        return None
    return MetricsWriter(
        path,
        run_id=run.run_id,
        outcomes=lambda: list(run.state.outcomes),
        opener=lambda: open_journal(run.settings),
    ).start()


def finish(run: PreparedRun, *, err: TextIO, metrics: MetricsWriter | None = None) -> None:
    """The report, the journal's record of the run, the metrics, the console summary; the
    journal closed."""
    try:
        report_path = write_run_report(
            run.run_dir / "report.xlsx",
            outcomes=run.state.outcomes,
            run_info=[
                ("Kørsel", run.run_id),
                ("Prøvekørsel", "ja" if run.options.dry_run else "nej"),
                ("Mappingark", run.options.mapping.name),
                ("Mappingarkets SHA-256", run.sha256),
            ],
            mapping_problems=[str(p) for p in run.mapping.problems],
            today=run.settings.run_date(),
        )
        line = summary_line(run.state, run_dir=run.run_dir, dry_run=run.options.dry_run)
        try:
            run.journal.finish_run(
                run_id=run.run_id, exit_code=int(run.code), summary=dict(run.state.counts)
            )
        except JournalUnavailable as lost:  # the report and the summary still tell the truth
            log.error("run_not_recorded", error=str(lost))
        if metrics is not None:
            metrics.final(run.journal, exit_code=int(run.code))
        log.info("run_finished", exit_code=int(run.code), summary=line, **SCREEN_USE.as_dict())
        print_summary(run.state, report_path=report_path, line=line, err=err)
    finally:
        if metrics is not None:
            metrics.stop()  # whatever failed above: no more writes once the run has ended
        run.journal.close()


def file_sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
