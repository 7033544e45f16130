"""`robot report`: the success-rate workbook and a short console summary from the journal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from robot.config import Settings
from robot.exit_codes import ExitCode
from robot.journal.model import Route
from robot.journal.opening import JournalUnavailable, existing_journal
from robot.reporting.dated_workbooks import SUCCESS_RATE, dated_workbook, prepared_out
from robot.reporting.due import SHEET as DUE_SHEET
from robot.reporting.due import in_manual_by_due_date
from robot.reporting.figures import Figures, compute
from robot.reporting.workbook import GOAL, write_success_workbook

_ROUTES = {route.value: route.english for route in Route}


def _share(value: object) -> str:
    return f"{value:.1%}" if isinstance(value, float) and value == value else "-"


def console_summary(figures: Figures) -> list[str]:
    """English lines for the console: the history in brief, shares as percentages."""
    facts = figures.facts
    met = "met" if facts.share is not None and facts.share > GOAL else "not met"
    dry = f" ({facts.dry_runs} dry run(s) left out)" if facts.dry_runs else ""
    lines = [
        f"{facts.real_runs} run(s){dry}, {facts.invoices} invoices:"
        f" {_share(facts.share)} paid automatically (goal over {GOAL:.0%}: {met})",
        f"{'run':<28} {'invoices':>8} {'paid':>7} {'manual':>7} {'share':>7}",
    ]
    for run in figures.runs.tail(10).itertuples():
        lines.append(
            f"{run.run_id:<28} {run.invoices:>8} {run.paid:>7} {run.manual:>7}"
            f" {_share(run.share):>7}"
        )
    for month in figures.months.tail(12).itertuples():
        billed = month.billed_month or "no period"
        lines.append(
            f"billed month {billed} (run {month.run_month}): {_share(month.share)} paid"
            f" automatically ({month.paid} of {month.invoices})"
        )
    for route in figures.routes.itertuples():
        name = _ROUTES.get(route.route, "not decided")
        lines.append(
            f"way of paying {name}: {_share(route.share)} paid automatically"
            f" ({route.paid} of {route.invoices})"
        )
    if len(figures.codes):
        top = ", ".join(
            f"{c.code} {c.invoices} ({_share(c.share)})" for c in figures.codes.head(5).itertuples()
        )
        lines.append(f"top reasons for manual handling: {top}")
    if facts.deductions:
        lines.append(f"rent deducted from benefit payouts and paid: {facts.deductions} time(s)")
    if facts.came_back:
        lines.append(
            f"sent back to the robot by a person: {facts.came_back} invoice(s),"
            f" {facts.came_back_paid} paid by the robot since"
        )
    if len(figures.repeated_faults):
        lines.append(
            "invoices failing for system faults in several runs:"
            f" {len(figures.repeated_faults)} (sheet 'Gentagne fejl')"
        )
    return lines


def report_command(settings: Settings, *, out: Path | None, console: TextIO = sys.stdout) -> int:
    try:
        journal = existing_journal(settings)
    except JournalUnavailable as down:
        print(f"robot report: {down}", file=sys.stderr)
        return int(ExitCode.SYSTEM_UNAVAILABLE)
    if journal is None:
        print(
            f"robot report: no journal in {settings.journal_dir}; has the robot run here?",
            file=sys.stderr,
        )
        return int(ExitCode.USAGE)
    try:
        outcomes = journal.outcomes()
        figures = compute(journal.runs(), outcomes)
    finally:
        journal.close()
    waiting = in_manual_by_due_date(outcomes, today=settings.run_date())
    path = prepared_out(out or dated_workbook(settings.runs_dir, SUCCESS_RATE))
    write_success_workbook(path, figures, waiting=waiting)
    for line in console_summary(figures):
        print(line, file=console)
    if waiting:
        overdue = sum(1 for w in waiting if w.days_left is not None and w.days_left < 0)
        print(
            f"in manual handling: {len(waiting)} invoice(s), {overdue} overdue"
            f" (sheet '{DUE_SHEET}', overdue first)",
            file=console,
        )
    print(f"Workbook: {path}", file=console)
    return int(ExitCode.COMPLETED)
