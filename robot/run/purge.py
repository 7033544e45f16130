"""`robot purge`: remove what is older than the retention and may lead to a citizen: run
folders (logs, reports, traces, screenshots), the success-rate, plan-proposal and backtest
workbooks, and in the journal the notes and grant ids of old outcomes and the plans of invoices
long finished.

The journal keeps, for ever, what `robot report` counts (run, outcome, code, supplier CVR) and
every unfinished invoice's plan (exactly-once needs it, whatever its age).
"""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from robot.config import Settings
from robot.exit_codes import ExitCode
from robot.journal.base import Journal
from robot.journal.opening import JournalUnavailable, existing_journal
from robot.reporting.dated_workbooks import PREFIXES


def old_run_dirs(runs_dir: Path, *, older_than_days: int, now: float | None = None) -> list[Path]:
    cutoff = (now if now is not None else time.time()) - older_than_days * 86_400
    if not runs_dir.exists():
        return []
    return sorted(
        p
        for p in runs_dir.iterdir()
        if p.stat().st_mtime < cutoff
        and (p.is_dir() or (p.name.startswith(PREFIXES) and p.suffix == ".xlsx"))
    )


@dataclass(frozen=True)
class JournalPurge:
    outcomes_stripped: int
    invoices_removed: int


def purge_journal(
    journal: Journal, *, older_than_days: int, now: float | None = None
) -> JournalPurge:
    """Blank the notes, references, supplier names and errors of outcomes older than the
    retention, and delete the entries (with their plans and claims) of invoices finished
    before it."""
    cutoff_ts = (now if now is not None else time.time()) - older_than_days * 86_400
    cutoff = datetime.fromtimestamp(cutoff_ts, UTC).isoformat(timespec="seconds")
    stripped, removed = journal.purge(before=cutoff.replace("+00:00", "Z"))
    return JournalPurge(stripped, removed)


def purge_command(settings: Settings, *, older_than: int | None) -> int:
    days = settings.retention_days if older_than is None else older_than
    if days < 0:
        print("robot purge: --older-than must be 0 or more days", file=sys.stderr)
        return int(ExitCode.USAGE)
    doomed = old_run_dirs(settings.runs_dir, older_than_days=days)
    for path in doomed:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    try:
        opened = existing_journal(settings)
    except JournalUnavailable as down:
        print(f"robot purge: {down}", file=sys.stderr)
        return int(ExitCode.SYSTEM_UNAVAILABLE)
    journal = JournalPurge(0, 0)
    if opened is not None:
        try:
            journal = purge_journal(opened, older_than_days=days)
        finally:
            opened.close()
    print(
        f"robot purge: deleted {len(doomed)} run folder(s) and report(s) older than {days} days"
        f" from {settings.runs_dir}; in the journal, cleared the notes of"
        f" {journal.outcomes_stripped} outcome(s) and removed {journal.invoices_removed}"
        " finished invoice(s)"
    )
    return int(ExitCode.COMPLETED)
