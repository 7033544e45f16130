"""`robot report`: the success-rate workbook and a short console summary from the journal."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from robot.config import Settings
from robot.reporting.figures import Figures, compute
from robot.reporting.workbook import GOAL, write_success_workbook
from robot.run.journal import Journal


def console_summary(figures: Figures) -> list[str]:
    lines = [f"{'run':<28} {'invoices':>8} {'paid':>6} {'share':>6}"]
    for tally in figures.runs[-10:]:
        lines.append(
            f"{tally.label:<28} {tally.invoices:>8} {tally.counts['paid']:>6}"
            f" {tally.paid_share:>6.0%}"
        )
    for tally in figures.months:
        mark = "goal met" if tally.paid_share > GOAL else "below goal"
        lines.append(f"month {tally.label}: {tally.paid_share:.0%} paid automatically ({mark})")
    if figures.top_codes:
        top = ", ".join(f"{code} {n}" for code, n in figures.top_codes[:5])
        lines.append(f"top reasons for manual handling: {top}")
    if figures.repeated_faults:
        lines.append(
            f"invoices failing for system faults in several runs: {len(figures.repeated_faults)}"
        )
    return lines


def report_command(settings: Settings, *, out: Path | None, console: TextIO = sys.stdout) -> int:
    journal_file = settings.journal_dir / "journal.sqlite3"
    if not journal_file.exists():
        print(
            f"robot report: no journal at {journal_file}; has the robot run here?", file=sys.stderr
        )
        return 2
    journal = Journal(settings.journal_dir)
    try:
        figures = compute([dict(r) for r in journal.runs()], [dict(o) for o in journal.outcomes()])
    finally:
        journal.close()
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    path = out or settings.runs_dir / f"success-rate-{stamp}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_success_workbook(path, figures)
    for line in console_summary(figures):
        print(line, file=console)
    print(f"Workbook: {path}", file=console)
    return 0
