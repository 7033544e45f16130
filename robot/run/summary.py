"""The end of a run on the console: a table per outcome and code, the ways of paying and the
invoices sent back, and one line for cron mail."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table

from robot.journal.model import Outcome, Route
from robot.run.runner import RunState

_ORDER = (
    "paid",
    "manual",
    "needs_person",
    "unfinished",
    "failed",
    "skipped",
    "would_pay",
    "would_note",
)
_LABELS = {
    "failed": "left for next run",
    "would_pay": "would pay",
    "would_note": "would send to manual",
    "skipped": "already handled",
    "needs_person": "posted, payment for a person to register",
    "unfinished": "written in part, the next run finishes them",
}
_ROUTES = {route: route.english for route in Route}


def _counted(outcomes: Sequence[Outcome]) -> str:
    counts = Counter(o.outcome.value for o in outcomes)
    return ", ".join(f"{counts[k]} {_LABELS.get(k, k)}" for k in _ORDER if counts[k])


def route_lines(outcomes: Sequence[Outcome]) -> list[str]:
    """`By way of paying: grant 120 (100 paid, 20 manual); payment plan 9 (9 paid)`, when
    the run met more than one way of paying."""
    routes = {o.route for o in outcomes if o.route}
    if len(routes) < 2:
        return []
    parts = []
    for route in (*_ROUTES, None):
        group = [o for o in outcomes if o.route is route]
        if group:
            name = _ROUTES[route] if route else "not decided"
            parts.append(f"{name} {len(group)} ({_counted(group)})")
    return [f"By way of paying: {'; '.join(parts)}"]


def came_back_line(outcomes: Sequence[Outcome]) -> str:
    """`Sent back to the robot by a person: 3 (2 paid, 1 manual)`; empty when none was."""
    back = [o for o in outcomes if o.came_back]
    if not back:
        return ""
    return f"Sent back to the robot by a person: {len(back)} ({_counted(back)})"


def summary_line(state: RunState, *, run_dir: Path, dry_run: bool) -> str:
    """`robot run: 200 invoices: 131 paid, 66 manual, 3 left for next run; folder runs/...`."""
    prefix = "DRY RUN, " if dry_run else ""
    done = len(state.outcomes)
    parts = _counted(state.outcomes) or "none"
    return f"robot run: {prefix}{done} invoices: {parts}; folder {run_dir}"


def print_summary(
    state: RunState, *, report_path: Path, line: str, out: TextIO | None = None, err: TextIO
) -> None:
    console = Console(file=out or sys.stdout, width=100)
    table = Table(title="Outcomes")
    table.add_column("Outcome")
    table.add_column("Code")
    table.add_column("Invoices", justify="right")
    per_code = Counter((o.outcome.value, o.code or "") for o in state.outcomes)
    for (outcome, code), n in sorted(per_code.items(), key=lambda kv: _ORDER.index(kv[0][0])):
        table.add_row(outcome, code, str(n))
    console.print(table)
    for extra in (*route_lines(state.outcomes), came_back_line(state.outcomes)):
        if extra:
            console.print(extra, soft_wrap=True)
    console.print(f"Report: {report_path}")
    console.print(line, soft_wrap=True)
