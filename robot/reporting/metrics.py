"""The run's figures in Prometheus text format (ROBOT_METRICS_FILE), for the node exporter's
textfile collector: read from the journal, held in a registry of the robot's own, written beside
the file and renamed into place (`robot.reporting.metrics_writer` writes them while a run goes
on and at its end)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from prometheus_client import CollectorRegistry, Gauge, generate_latest, write_to_textfile

from robot.journal.base import Journal
from robot.journal.model import Outcome, RunRecord, Tally

NO_ROUTE = "none"  # the route label of an invoice left before a way of paying was chosen


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFigures:
    """What one metrics file says: this run so far (or at its end) and the journal around it.
    None: not known (the journal could not be read), and left out of the file."""

    run_id: str
    started: float  # seconds since the epoch
    duration_s: float
    in_progress: bool
    invoices: dict[tuple[str, str], int] = field(default_factory=dict)  # (outcome, route)
    needs_person: int | None = None
    invoices_left: int | None = None
    last_finished: float | None = None  # the last finished real run, this one once it ended
    last_exit_code: int | None = None


def counts_by_outcome_and_route(tally: Iterable[Tally]) -> dict[tuple[str, str], int]:
    counts: Counter[tuple[str, str]] = Counter()
    for t in tally:
        counts[(t.outcome.value, t.route.value if t.route else NO_ROUTE)] += t.count
    return dict(counts)


def counts_of(outcomes: Iterable[Outcome]) -> dict[tuple[str, str], int]:
    """The same counts from the run's own outcomes (when the journal cannot be read)."""
    return dict(
        Counter((o.outcome.value, o.route.value if o.route else NO_ROUTE) for o in outcomes)
    )


def registry_of(figures: RunFigures) -> CollectorRegistry:
    """A registry of the robot's own (never the process-wide default one) holding the figures."""
    registry = CollectorRegistry(auto_describe=True)

    def gauge(name: str, text: str, value: float | None) -> None:
        if value is not None:
            Gauge(name, text, registry=registry).set(value)

    invoices = Gauge(
        "bill_robot_run_invoices",
        "Invoices of the latest run so far, by outcome and way of paying",
        ["outcome", "route"],
        registry=registry,
    )
    for (outcome, route), count in sorted(figures.invoices.items()):
        invoices.labels(outcome=outcome, route=route).set(count)
    gauge("bill_robot_run_in_progress", "1 while a run goes on, 0 after", figures.in_progress)
    gauge("bill_robot_run_started_timestamp_seconds", "When the latest run began", figures.started)
    gauge(
        "bill_robot_run_duration_seconds",
        "How long the latest run has gone on (at its end: took)",
        figures.duration_s,
    )
    gauge(
        "bill_robot_last_run_finished_timestamp_seconds",
        "When the last real run finished",
        figures.last_finished,
    )
    gauge(
        "bill_robot_last_run_exit_code",
        "The exit code of the last real run that finished",
        figures.last_exit_code,
    )
    gauge(
        "bill_robot_needs_person",
        "Invoices posted whose payment a person must register (or finish by hand)",
        figures.needs_person,
    )
    gauge("bill_robot_invoices_left", "Invoices open in the journal's queue", figures.invoices_left)
    return registry


def metrics_text(figures: RunFigures) -> str:
    return generate_latest(registry_of(figures)).decode()


def write_metrics(path: Path, figures: RunFigures) -> None:
    """The file replaced at once (written beside it, then renamed): the collector never reads
    half a file. It is readable by all (the node exporter runs as a user of its own, and the
    robot's service masks new files to its owner): it holds counts, never personal data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.new")  # not `.prom`: the collector skips it
    write_to_textfile(str(staged), registry_of(figures))
    os.chmod(staged, 0o644)
    os.replace(staged, path)


def iso_seconds(text: str | None) -> float | None:
    """The journal's ISO time as seconds since the epoch."""
    return datetime.fromisoformat(text).timestamp() if text else None


def last_real_finished(runs: Sequence[RunRecord], *, besides: str = "") -> RunRecord | None:
    finished = [r for r in runs if r.finished_at and not r.dry_run and r.run_id != besides]
    return max(finished, key=lambda r: (r.finished_at or "", r.run_id), default=None)


def read_figures(
    journal: Journal, *, run_id: str, started: float, in_progress: bool, duration_s: float
) -> RunFigures:
    """The figures from the journal: this run's counts (all its processes'), the queue, the
    payments waiting for a person and, while it goes on, the last run that finished."""
    last = last_real_finished(journal.runs(), besides=run_id if in_progress else "")
    return RunFigures(
        run_id=run_id,
        started=started,
        duration_s=duration_s,
        in_progress=in_progress,
        invoices=counts_by_outcome_and_route(journal.outcome_tally(run_id)),
        needs_person=len(journal.person_tasks()),
        invoices_left=journal.open_count(),
        last_finished=iso_seconds(last.finished_at) if last else None,
        last_exit_code=last.exit_code if last else None,
    )
