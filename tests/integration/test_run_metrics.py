"""The run's metrics file (ROBOT_METRICS_FILE) over a real journal: written while the run goes on
by a thread with its own connection, replaced whole each time, and once more at the end, after
which the thread writes nothing."""

from __future__ import annotations

import stat
import time
from collections.abc import Callable
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from robot.domain.routes import Route
from robot.journal.base import Journal
from robot.journal.model import JournalUnavailable, Outcome, OutcomeKind
from robot.journal.sqlite import SqliteJournal
from robot.reporting.metrics_writer import MetricsWriter


def values(path: Path) -> dict[str, float]:
    """name{label=value,...} -> value."""
    found = {}
    for family in text_string_to_metric_families(path.read_text(encoding="utf-8")):
        for s in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
            found[f"{s.name}{{{labels}}}" if labels else s.name] = s.value
    return found


def wait_for(check: Callable[[], bool]) -> None:
    """Until `check` holds (a generous bound, for a slow machine; not a speed test)."""
    deadline = time.monotonic() + 30
    while not check():
        assert time.monotonic() < deadline, "the metrics file never said it"
        time.sleep(0.02)


def a_journal_with_history(folder: Path) -> Journal:
    journal = SqliteJournal(folder)
    journal.start_run(run_id="old", host="h", dry_run=False, mapping_file="m", sha256="a")
    journal.finish_run(run_id="old", exit_code=1, summary={})
    journal.start_run(run_id="now", host="h", dry_run=False, mapping_file="m", sha256="a")
    journal.enqueue(["ERP-1", "ERP-2", "ERP-3"], read_at=journal.now())
    return journal


def test_the_file_follows_the_run_and_ends_with_its_exit_code(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal = a_journal_with_history(folder)
    path = tmp_path / "textfile" / "bill_robot.prom"
    writer = MetricsWriter(
        path,
        run_id="now",
        outcomes=list,
        opener=lambda: SqliteJournal(folder),
        every_s=0.05,
    ).start()
    try:
        paid = Outcome(erp_id="ERP-1", outcome=OutcomeKind.PAID, route=Route.GRANT)
        journal.record_outcome("now", paid)
        key = "bill_robot_run_invoices{outcome=paid,route=grant}"
        wait_for(lambda: path.exists() and values(path).get(key) == 1)
        during = values(path)
        assert during["bill_robot_run_in_progress"] == 1
        assert during["bill_robot_invoices_left"] == 3
        assert during["bill_robot_needs_person"] == 0
        assert during["bill_robot_last_run_exit_code"] == 1  # the run before this one
        before = during["bill_robot_last_run_finished_timestamp_seconds"]
    finally:
        writer.final(journal, exit_code=0)
    after = values(path)
    assert after["bill_robot_run_in_progress"] == 0
    assert after["bill_robot_last_run_exit_code"] == 0
    assert after["bill_robot_last_run_finished_timestamp_seconds"] > before
    assert after["bill_robot_run_invoices{outcome=paid,route=grant}"] == 1
    time.sleep(0.3)  # several of the thread's periods: it has stopped writing
    assert values(path) == after
    assert [p.name for p in path.parent.iterdir()] == ["bill_robot.prom"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # the node exporter's user reads it
    journal.close()


def test_without_its_journal_the_writer_writes_the_runs_own_counts(tmp_path: Path) -> None:
    def no_journal() -> Journal:
        raise JournalUnavailable("the shared journal postgresql://robot@db/j cannot be reached")

    outcomes = [
        Outcome(erp_id="ERP-1", outcome=OutcomeKind.MANUAL, route=Route.PLAN),
        Outcome(erp_id="ERP-2", outcome=OutcomeKind.FAILED),
    ]
    path = tmp_path / "bill_robot.prom"
    writer = MetricsWriter(
        path, run_id="now", outcomes=lambda: outcomes, opener=no_journal, every_s=0.05
    ).start()
    wait_for(path.exists)
    during = values(path)
    assert during["bill_robot_run_invoices{outcome=manual,route=plan}"] == 1
    assert during["bill_robot_run_invoices{outcome=failed,route=none}"] == 1
    assert "bill_robot_invoices_left" not in during  # not known: left out, not 0
    writer.final(None, exit_code=4)
    assert values(path)["bill_robot_last_run_exit_code"] == 4
