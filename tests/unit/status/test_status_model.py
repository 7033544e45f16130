"""The status decided from the journal's facts: which run is going on (and which died without an
end), the last finished run, and what needs a person."""

from __future__ import annotations

from robot.status.lock_probe import LockProbe
from robot.status.model import ProblemKind, Status, decide_status
from tests.unit.status.builders import (
    LEASE_S,
    ago,
    iso_ago,
    make_facts,
    make_held,
    make_run,
    make_streak,
    make_task,
    tally,
)


def decide(**facts: object) -> Status:
    return decide_status(make_facts(**facts), lease_s=LEASE_S)


def kinds(status: Status) -> list[ProblemKind]:
    return [p.kind for p in status.problems]


def test_a_run_without_an_end_on_another_machine_is_going_on_while_it_renews_its_leases() -> None:
    run = make_run("r2", host="robot2", started_at=iso_ago(hours=1), finished_at=None)
    held = [make_held("ERP-1", owner="robot2:7:aa", renewed=ago(seconds=10))]
    status = decide(runs=[make_run("r1"), run], held=held, invoices_left=55)
    assert status.current is not None
    assert (status.current.run_id, status.current.hosts, status.current.left) == (
        "r2",
        ["robot2"],
        55,
    )
    assert [w.held.erp_id for w in status.current.in_work] == ["ERP-1"]
    assert status.current.processes == 1
    assert status.healthy


def test_a_run_killed_on_another_machine_is_not_called_running_forever() -> None:
    run = make_run("r2", host="robot2", started_at=iso_ago(hours=3), finished_at=None)
    held = [make_held("ERP-1", owner="robot2:7:aa", renewed=ago(hours=2))]
    status = decide(runs=[make_run("r1"), run], held=held, last_outcome_at={"r2": iso_ago(hours=2)})
    assert status.current is None
    assert [s.run.run_id for s in status.stopped] == ["r2"]
    assert status.stopped[0].last_sign == ago(hours=2)


def test_a_recent_outcome_keeps_a_run_without_leases_alive() -> None:
    run = make_run("r2", host="robot2", started_at=iso_ago(hours=3), finished_at=None)
    status = decide(runs=[run], last_outcome_at={"r2": iso_ago(minutes=1)})
    assert status.current is not None


def test_on_this_machine_the_lock_says_whether_its_run_is_going_on() -> None:
    silent = make_run("r2", started_at=iso_ago(hours=3), finished_at=None)
    fresh = make_run("r2", started_at=iso_ago(seconds=20), finished_at=None)
    assert decide(runs=[silent], lock=LockProbe(held=True, pid=4242)).current is not None
    assert decide(runs=[fresh], lock=LockProbe(held=False)).current is None


def test_of_two_runs_without_an_end_on_one_machine_only_the_later_can_be_going_on() -> None:
    killed = make_run("r1", host="robot2", started_at=iso_ago(minutes=30), finished_at=None)
    later = make_run("r2", host="robot2", started_at=iso_ago(minutes=2), finished_at=None)
    held = [make_held("ERP-1", owner="robot2:7:aa", renewed=ago(seconds=10))]
    status = decide(runs=[killed, later], held=held)
    assert status.current is not None and status.current.run_id == "r2"
    assert [s.run.run_id for s in status.stopped] == ["r1"]


def test_runs_on_two_machines_at_once_are_one_current_run_with_both_hosts() -> None:
    runs = [
        make_run("a", host="robot1", started_at=iso_ago(minutes=5), finished_at=None),
        make_run("b", host="robot2", started_at=iso_ago(minutes=4), finished_at=None),
    ]
    held = [
        make_held("ERP-1", owner="robot1:1:aa", renewed=ago(seconds=5)),
        make_held("ERP-2", owner="robot2:2:bb", renewed=ago(seconds=5)),
        make_held("ERP-3", owner="robot2:3:cc", renewed=ago(seconds=5)),
    ]
    status = decide(
        runs=runs, held=held, tallies={**tally("a"), **tally("b")}, lock=LockProbe(held=True)
    )
    assert status.current is not None
    assert (status.current.hosts, status.current.processes) == (["robot1", "robot2"], 3)
    assert status.current.done == 2 * 48
    assert status.current.started == runs[0].started_at


def test_an_invoice_whose_lease_is_not_renewed_is_a_stuck_process() -> None:
    run = make_run("r2", started_at=iso_ago(minutes=30), finished_at=None)
    held = [
        make_held("ERP-1", owner="robot1:1:aa", renewed=ago(seconds=15)),
        make_held("ERP-2", owner="robot1:2:bb", renewed=ago(seconds=LEASE_S + 30)),
    ]
    status = decide(runs=[run], held=held, lock=LockProbe(held=True))
    assert status.current is not None
    assert [(w.held.erp_id, w.stale) for w in status.current.in_work] == [
        ("ERP-1", False),
        ("ERP-2", True),
    ]
    assert status.current.processes == 1
    assert kinds(status) == [ProblemKind.STUCK_PROCESS]


def test_a_lease_left_by_a_process_killed_before_this_run_is_not_this_runs_work() -> None:
    run = make_run("r2", started_at=iso_ago(minutes=5), finished_at=None)
    held = [make_held("ERP-1", renewed=ago(hours=20))]
    status = decide(runs=[run], held=held, lock=LockProbe(held=True))
    assert status.current is not None and status.current.in_work == []
    assert status.healthy


def test_the_last_finished_run_is_the_last_real_one_with_its_counts() -> None:
    real = make_run("r1", started_at=iso_ago(hours=6), finished_at=iso_ago(hours=5), exit_code=1)
    dry = make_run("d1", dry_run=True, started_at=iso_ago(hours=1), finished_at=iso_ago(minutes=50))
    status = decide(runs=[real, dry])
    assert status.last is not None
    assert (status.last.run.run_id, status.last.duration_s, status.last.age_s) == (
        "r1",
        3600,
        18000,
    )
    assert status.last.outcomes() == {"paid": 43, "manual": 3, "failed": 2}
    assert status.last.codes() == {"AMOUNT_MISMATCH": 3}
    assert status.last.routes()["grant"] == {"paid": 30, "manual": 3}
    assert status.healthy  # exit 1: left after faults, the next run takes them


def test_before_the_first_real_run_the_last_dry_run_is_shown() -> None:
    dry = make_run("d1", dry_run=True)
    status = decide(runs=[dry])
    assert status.last is not None and status.last.run.run_id == "d1"


def test_a_last_run_that_stopped_on_a_changed_screen_needs_a_person() -> None:
    status = decide(runs=[make_run("r1", exit_code=6)])
    assert [(p.kind, p.count) for p in status.problems] == [(ProblemKind.LAST_RUN_FAILED, 6)]


def test_a_last_run_older_than_expected_means_a_run_was_missed() -> None:
    facts = make_facts(runs=[make_run("r1", finished_at=iso_ago(hours=27))])
    late = decide_status(facts, lease_s=LEASE_S, expect_every_s=26 * 3600)
    on_time = decide_status(facts, lease_s=LEASE_S, expect_every_s=28 * 3600)
    assert kinds(late) == [ProblemKind.LAST_RUN_TOO_OLD]
    assert late.problems[0].seconds == 27 * 3600
    assert on_time.healthy
    assert decide(runs=[make_run("r1", finished_at=iso_ago(hours=27))]).healthy


def test_no_finished_run_at_all_is_a_problem_only_when_runs_are_expected() -> None:
    running = make_run("r1", started_at=iso_ago(minutes=1), finished_at=None)
    facts = make_facts(runs=[running], tallies={})
    assert decide_status(facts, lease_s=LEASE_S).healthy
    expected = decide_status(facts, lease_s=LEASE_S, expect_every_s=3600)
    assert kinds(expected) == [ProblemKind.NO_FINISHED_RUN]


def test_payments_for_a_person_and_invoices_failing_run_after_run_need_a_person() -> None:
    status = decide(
        person_tasks=[make_task()],
        failing=[make_streak("ERP-1", runs=2), make_streak("ERP-2", runs=1)],
    )
    assert kinds(status) == [ProblemKind.PAYMENTS_FOR_A_PERSON, ProblemKind.REPEATED_FAILURES]
    assert [f.erp_id for f in status.repeating] == ["ERP-1"]
    assert [f.erp_id for f in status.left_after_faults] == ["ERP-2"]


def test_an_invoice_left_once_after_a_fault_needs_nobody() -> None:
    status = decide(failing=[make_streak("ERP-2", runs=1)])
    assert status.healthy
    assert [f.erp_id for f in status.left_after_faults] == ["ERP-2"]


def test_the_lock_held_with_no_run_in_the_journal_is_said() -> None:
    status = decide(lock=LockProbe(held=True, pid=4242))
    assert status.current is None
    assert status.lock_without_run == 4242
