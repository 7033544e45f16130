"""Watching a real run: with ROBOT_METRICS_FILE set, a run over the small bundle leaves the
metrics file with its counts, `robot status --json` reports the same run, and a journal whose
last run is older than --expect-every is exit 1."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from robot.journal.sqlite import SqliteJournal
from robot.privacy import mask_cpr
from tests.e2e.robot.conftest import SMALL_BUNDLE_INVOICES, Stage
from tests.support.stand_ins import run_cli

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def metric_counts(path: Path) -> dict[tuple[str, str], float]:
    return {
        (s.labels["outcome"], s.labels["route"]): s.value
        for family in text_string_to_metric_families(path.read_text(encoding="utf-8"))
        for s in family.samples
        if s.name == "bill_robot_run_invoices"
    }


def metric(path: Path, name: str) -> float:
    families = text_string_to_metric_families(path.read_text(encoding="utf-8"))
    return next(s.value for f in families for s in f.samples if s.name == name)


def test_status_and_metrics_report_the_run_that_just_ended(stage: Stage, tmp_path: Path) -> None:
    metrics = tmp_path / "textfile" / "bill_robot.prom"
    with stage.serving():
        result = stage.run(env={"ROBOT_METRICS_FILE": str(metrics)})
    assert result.returncode == 0, result.stderr

    status = run_cli("robot", "status", "--json", env=stage.env, cwd=stage.work)
    assert status.returncode == 0, status.stdout + status.stderr
    shown = json.loads(status.stdout)
    last = shown["last_run"]
    assert shown["current_run"] is None
    assert last["invoices"] == SMALL_BUNDLE_INVOICES
    assert last["exit_code"] == 0
    assert sum(last["outcomes"].values()) == SMALL_BUNDLE_INVOICES
    assert set(last["outcomes"]) <= {"paid", "manual", "needs_person", "skipped"}
    assert sum(last["codes"].values()) == last["outcomes"].get("manual", 0)

    # The metrics file holds the same counts, per outcome and way of paying.
    per_outcome: dict[str, float] = {}
    for (outcome, _route), count in metric_counts(metrics).items():
        per_outcome[outcome] = per_outcome.get(outcome, 0) + count
    assert per_outcome == last["outcomes"]
    assert metric(metrics, "bill_robot_run_in_progress") == 0
    assert metric(metrics, "bill_robot_last_run_exit_code") == 0
    assert metric(metrics, "bill_robot_invoices_left") == 0
    finished = metric(metrics, "bill_robot_last_run_finished_timestamp_seconds")
    assert abs(finished - time.time()) < 3600  # this run's end, not an older one's

    time.sleep(2)  # the journal is now older than the 1 s the next check expects
    stale = run_cli("robot", "status", "--expect-every", "1s", env=stage.env, cwd=stage.work)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "a run was missed" in stale.stdout
    for printed in (status.stdout, stale.stdout):  # no CPR-shaped number, ever
        assert mask_cpr(printed) == printed


def test_a_run_with_max_invoices_handles_the_earliest_due_and_leaves_the_rest_untouched(
    stage: Stage,
) -> None:
    budget = 25
    with stage.serving():
        result = stage.run("--max-invoices", str(budget))
    assert result.returncode == 0, result.stderr

    invoices = stage.export()["invoices"]
    earliest = sorted(invoices, key=lambda i: (i["due_date"] or "9999-12-31", i["id"]))
    due_first = {i["id"] for i in earliest[:budget]}
    journal = SqliteJournal(stage.work / "journal")
    try:
        handled = {o.erp_id for o in journal.outcomes()}
    finally:
        journal.close()
    assert handled == due_first
    # An invoice the run did not reach is as it was: unposted, no note, no posting.
    for invoice in invoices:
        if invoice["id"] not in handled:
            assert invoice["status"] == "unposted", invoice["id"]
            assert not invoice["notes"] and not invoice["postings"], invoice["id"]

    status = run_cli("robot", "status", "--json", env=stage.env, cwd=stage.work)
    last = json.loads(status.stdout)["last_run"]
    assert last["invoices"] == budget
    assert sum(last["outcomes"].values()) == budget
