"""Never pay twice: a bundle with re-sent pairs (a paid month sent again under a new number, a
landlord's month again, a plan bill again the month after without its period), run with the most
workers the robot allows, under faults and with a kill between two writes: each grant period,
rent month and plan period is paid once, the other of each pair is DUPLICATE_PAYMENT,
RENT_ALREADY_PAID or PLAN_ALREADY_PAID, and a second run changes nothing. And an order cancelled
between the decision and the payment is never posted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.robot.conftest import QUICK_RECOVERY, Stage
from tests.e2e.robot.resent import (
    add_resent_copies,
    assert_each_pair_paid_once,
    assert_no_grant_day_paid_twice,
    assert_no_rent_month_deducted_twice,
)
from tests.e2e.robot.test_run_end_to_end import assert_matches_ground_truth

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MOST_WORKERS = "16"  # Settings.workers' upper bound


@pytest.fixture
def pairs_stage(small_bundle: Path, tmp_path: Path) -> tuple[Stage, list[tuple[str, str]]]:
    """The small bundle (its own re-sent pairs among its kinds of case) with paid one-grant
    invoices, rent invoices and a monthly plan bill sent again."""
    bundle = tmp_path / "bundle"
    pairs = add_resent_copies(small_bundle, bundle, count=8, rents=3, plans=1)
    return Stage(bundle, tmp_path / "work"), pairs


def _ends_right(stage: Stage, pairs: list[tuple[str, str]]) -> None:
    export = assert_matches_ground_truth(stage)  # the pairs are one_of groups in expected.json
    assert_each_pair_paid_once(export, pairs)
    assert_no_grant_day_paid_twice(export)
    assert_no_rent_month_deducted_twice(export)


def test_resent_pairs_at_the_most_workers_are_paid_once_and_a_rerun_changes_nothing(
    pairs_stage: tuple[Stage, list[tuple[str, str]]],
) -> None:
    stage, pairs = pairs_stage
    stage.work.mkdir(exist_ok=True)
    with stage.serving():
        result = stage.run("--workers", MOST_WORKERS)
        assert result.returncode == 0, result.stderr
        _ends_right(stage, pairs)
        before = stage.export()
        again = stage.run("--workers", MOST_WORKERS)
        assert again.returncode == 0, again.stderr
        assert stage.export() == before, "a second run changed something"


@pytest.mark.parametrize(
    "crash_after",
    ["posted", "rent_deduction@rent"],
    ids=["between-posting-and-registering", "between-deduction-and-posting"],
)
def test_resent_pairs_under_faults_and_a_kill_between_the_writes_are_paid_once(
    pairs_stage: tuple[Stage, list[tuple[str, str]]], crash_after: str
) -> None:
    stage, pairs = pairs_stage
    stage.work.mkdir(exist_ok=True)
    with stage.serving():
        crashed = stage.run(
            "--workers", "4", env={"ROBOT_CRASH_AFTER_STEP": crash_after, **QUICK_RECOVERY}
        )
        assert crashed.returncode != 0
    faults = ("--fault-rate", "0.1", "--drop-after-commit", "0.15", "--fault-seed", "9")
    with stage.serving(*faults):
        result = stage.run("--workers", "4", env=QUICK_RECOVERY)
        assert result.returncode in (0, 1), result.stderr
    stage.clean_run()
    _ends_right(stage, pairs)


@pytest.mark.soak
def test_resent_pairs_at_the_most_workers_in_four_processes_under_faults_and_kills_are_paid_once(
    pairs_stage: tuple[Stage, list[tuple[str, str]]],
) -> None:
    """Concurrency at its maximum on one host: four robot processes of sixteen workers each,
    every process killed between its first posting and the payment's registration, then a run
    under 503s and lost answers, then a clean run."""
    stage, pairs = pairs_stage
    stage.work.mkdir(exist_ok=True)
    most = ("--workers", MOST_WORKERS, "--processes", "4")
    faults = ("--fault-rate", "0.1", "--drop-after-commit", "0.15", "--fault-seed", "11")
    with stage.serving(*faults):
        crashed = stage.run(*most, env={"ROBOT_CRASH_AFTER_STEP": "posted", **QUICK_RECOVERY})
        assert crashed.returncode != 0
        result = stage.run(*most)
        assert result.returncode in (0, 1), result.stderr
    stage.clean_run()
    _ends_right(stage, pairs)


def test_an_order_cancelled_between_the_decision_and_the_payment_is_never_posted(
    stage: Stage,
) -> None:
    """The second attack's finding 4: the robot posted an invoice whose order a caseworker had
    just cancelled, then failed on it in every run. Now the order is read again right before
    the posting: the invoice goes to a person as NO_ORDER and nothing is posted or paid."""
    import sqlite3
    import time

    from tests.e2e.robot.test_reliability import start_robot

    flag = stage.work / "go"
    stage.work.mkdir(exist_ok=True)
    with stage.serving():
        robot = start_robot(stage, env={"ROBOT_PAUSE_AFTER_STEP": f"posting@certificate:{flag}"})
        waiting = flag.with_suffix(".waiting")
        deadline = time.monotonic() + 180
        while not waiting.exists():
            assert robot.poll() is None, robot.communicate()[1]
            assert time.monotonic() < deadline, "no certificate invoice reached its payment"
            time.sleep(0.1)
        erp_id = waiting.read_text().split()[0]
        # The caseworker cancels every open order while the robot holds the invoice.
        db = sqlite3.connect(stage.data_dir / "case_system.sqlite3")
        with db:
            db.execute("UPDATE orders SET status = 'cancelled' WHERE status = 'open'")
        db.close()
        flag.touch()
        _, err = robot.communicate(timeout=600)
        assert robot.returncode == 0, err
        export = stage.export()
    invoice = next(i for i in export["invoices"] if i["id"] == erp_id)
    assert invoice["status"] == "manual"
    assert invoice["postings"] == []
    assert invoice["notes"][-1]["text"].startswith("[NO_ORDER]")
    assert "annulleret" in invoice["notes"][-1]["text"]
    assert not [o for o in export.get("orders", []) if o["invoice_ref"] == invoice["invoice_key"]]
