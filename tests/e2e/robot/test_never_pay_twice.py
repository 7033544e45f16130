"""Never pay twice: a bundle with re-sent pairs (a paid month sent again under a new number),
run with the most workers the robot allows, under faults and with a kill between the two
writes: each grant period is posted and registered once, the other of each pair is
DUPLICATE_PAYMENT, and a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.robot.conftest import QUICK_RECOVERY, Stage
from tests.e2e.robot.resent import (
    add_resent_copies,
    assert_each_pair_paid_once,
    assert_no_grant_day_paid_twice,
)
from tests.e2e.robot.test_run_end_to_end import assert_matches_ground_truth

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MOST_WORKERS = "16"  # Settings.workers' upper bound


@pytest.fixture
def pairs_stage(small_bundle: Path, tmp_path: Path) -> tuple[Stage, list[tuple[str, str]]]:
    """The small bundle (its own re-sent pair among its kinds of case) with every paid
    one-grant invoice sent again under a new number."""
    bundle = tmp_path / "bundle"
    pairs = add_resent_copies(small_bundle, bundle, count=8)
    return Stage(bundle, tmp_path / "work"), pairs


def _ends_right(stage: Stage, pairs: list[tuple[str, str]]) -> None:
    export = assert_matches_ground_truth(stage)  # the pairs are one_of groups in expected.json
    assert_each_pair_paid_once(export, pairs)
    assert_no_grant_day_paid_twice(export)


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


def test_resent_pairs_under_faults_and_a_kill_between_the_writes_are_paid_once(
    pairs_stage: tuple[Stage, list[tuple[str, str]]],
) -> None:
    stage, pairs = pairs_stage
    stage.work.mkdir(exist_ok=True)
    with stage.serving():
        crashed = stage.run(
            "--workers", "4", env={"ROBOT_CRASH_AFTER_STEP": "posted", **QUICK_RECOVERY}
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
