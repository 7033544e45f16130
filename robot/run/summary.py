"""The end of a run on the console: a table per outcome and code, and one line for cron mail."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table

from robot.run.runner import RunState

_ORDER = ("paid", "manual", "failed", "skipped", "would_pay", "would_note")


def summary_line(state: RunState, *, run_dir: Path, dry_run: bool) -> str:
    """`robot run: 200 invoices: 131 paid, 66 manual, 3 left for next run; folder runs/...`."""
    counts = Counter(o.outcome for o in state.outcomes)
    labels = {
        "failed": "left for next run",
        "would_pay": "would pay",
        "would_note": "would send to manual",
        "skipped": "already handled",
    }
    parts = [f"{counts[k]} {labels.get(k, k)}" for k in _ORDER if counts[k]]
    prefix = "DRY RUN, " if dry_run else ""
    done = sum(counts.values())
    return f"robot run: {prefix}{done} invoices: {', '.join(parts) or 'none'}; folder {run_dir}"


def print_summary(
    state: RunState, *, report_path: Path, line: str, out: TextIO | None = None, err: TextIO
) -> None:
    console = Console(file=out or sys.stdout, width=100)
    table = Table(title="Outcomes")
    table.add_column("Outcome")
    table.add_column("Code")
    table.add_column("Invoices", justify="right")
    per_code = Counter((o.outcome, o.code or "") for o in state.outcomes)
    for (outcome, code), n in sorted(per_code.items(), key=lambda kv: _ORDER.index(kv[0][0])):
        table.add_row(outcome, code, str(n))
    console.print(table)
    console.print(f"Report: {report_path}")
    console.print(line, soft_wrap=True)
