"""What `robot status` and the metrics read from the journal, on SQLite and PostgreSQL alike:
a run's outcomes counted, the leases held, the payments left for a person, the invoices failing
run after run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from robot.domain.codes import Code
from robot.domain.routes import Route
from robot.journal.base import Journal
from robot.journal.model import (
    Outcome,
    OutcomeKind,
    PlanKind,
    PlannedPayment,
    State,
    Tally,
    WritePlan,
)
from tests.integration.journal.conftest import Opener

PAY = WritePlan(
    kind=PlanKind.PAY,
    route=Route.GRANT,
    payments=(
        PlannedPayment("B-1043", date(2026, 10, 1), date(2026, 10, 31), Decimal("32240.00")),
    ),
)


def _run(journal: Journal, run_id: str, *, dry_run: bool = False) -> None:
    journal.start_run(run_id=run_id, host="h", dry_run=dry_run, mapping_file="m", sha256="a")


def _failed(journal: Journal, run_id: str, erp_id: str, error: str) -> None:
    journal.record_outcome(run_id, Outcome(erp_id=erp_id, outcome=OutcomeKind.FAILED, error=error))


def test_a_runs_outcomes_are_counted_by_kind_way_of_paying_and_code(open_journal: Opener) -> None:
    journal = open_journal()
    _run(journal, "r1")
    _run(journal, "r2")
    for erp_id, kind, route, code in (
        ("ERP-1", OutcomeKind.PAID, Route.GRANT, None),
        ("ERP-2", OutcomeKind.PAID, Route.GRANT, None),
        ("ERP-3", OutcomeKind.MANUAL, Route.PLAN, Code.PLAN_ALREADY_PAID),
        ("ERP-4", OutcomeKind.FAILED, None, None),
    ):
        journal.record_outcome("r1", Outcome(erp_id=erp_id, outcome=kind, route=route, code=code))
    journal.record_outcome("r2", Outcome(erp_id="ERP-9", outcome=OutcomeKind.PAID))
    assert open_journal().outcome_tally("r1") == [
        Tally(OutcomeKind.FAILED, None, None, 1),
        Tally(OutcomeKind.MANUAL, Route.PLAN, Code.PLAN_ALREADY_PAID, 1),
        Tally(OutcomeKind.PAID, Route.GRANT, None, 2),
    ]
    assert set(journal.last_outcome_at(["r1", "r2", "r3"])) == {"r1", "r2"}


def test_held_work_names_each_leased_invoice_with_its_owner_step_and_last_renewal(
    open_journal: Opener,
) -> None:
    journal = open_journal()
    journal.enqueue(["ERP-1", "ERP-2", "ERP-3"], read_at=journal.now())
    first = journal.take(owner="robot1:11:aa", lease_s=30, skip=())
    second = journal.take(owner="robot2:22:bb", lease_s=30, skip=())
    third = journal.take(owner="robot2:22:bb", lease_s=30, skip=())
    assert first is not None and second is not None and third is not None
    journal.record(first, invoice_key="12345674/INV-1", state=State.POSTING, run_id="r1", plan=PAY)
    journal.release(third, done=True)
    before = journal.now()
    assert journal.renew(second, lease_s=30)
    held = {h.erp_id: h for h in open_journal().held_work()}
    assert set(held) == {first.erp_id, second.erp_id}  # the finished one is nobody's
    assert (held[first.erp_id].host, held[first.erp_id].state) == ("robot1", State.POSTING)
    assert held[first.erp_id].invoice_key == "12345674/INV-1"
    assert held[second.erp_id].state is None  # leased, nothing written yet
    renewed = held[second.erp_id].renewed_at
    assert renewed is not None and renewed >= before
    assert held[second.erp_id].lease_until >= renewed + 29


def test_payments_left_for_a_person_are_listed_with_their_plan_voucher_and_reason(
    open_journal: Opener,
) -> None:
    journal = open_journal()
    _run(journal, "r1")
    journal.enqueue(["ERP-1", "ERP-2"], read_at=journal.now())
    lease = journal.take(owner="a", lease_s=30, skip=())
    other = journal.take(owner="a", lease_s=30, skip=())
    assert lease is not None and other is not None
    journal.record(lease, invoice_key="1/INV-1", state=State.POSTING, run_id="r1", plan=PAY)
    journal.record(
        lease, invoice_key="1/INV-1", state=State.NEEDS_PERSON, run_id="r1", voucher="V9"
    )
    journal.record(other, invoice_key="1/INV-2", state=State.DONE, run_id="r1", plan=PAY)
    journal.record_outcome(
        "r1",
        Outcome(erp_id=lease.erp_id, outcome=OutcomeKind.NEEDS_PERSON, error="refused: 409"),
    )
    [task] = open_journal().person_tasks()
    assert (task.entry.erp_id, task.entry.voucher, task.entry.plan) == (lease.erp_id, "V9", PAY)
    assert (task.run_id, task.error) == ("r1", "refused: 409")
    assert task.since


def test_a_person_marking_a_task_handled_takes_it_off_the_list_once(open_journal: Opener) -> None:
    journal = open_journal()
    journal.enqueue(["ERP-1"], read_at=journal.now())
    lease = journal.take(owner="a", lease_s=30, skip=())
    assert lease is not None
    journal.record(lease, invoice_key="1/INV-1", state=State.NEEDS_PERSON, run_id="r1", plan=PAY)
    assert journal.mark_handled("ERP-1")
    assert journal.person_tasks() == []
    entry = open_journal().entry("ERP-1")
    assert entry is not None and entry.state is State.DONE
    assert not journal.mark_handled("ERP-1")
    assert not journal.mark_handled("ERP-404")


def test_failing_invoices_count_the_real_runs_in_a_row_with_the_same_error(
    open_journal: Opener,
) -> None:
    journal = open_journal()
    journal.enqueue(["ERP-1", "ERP-2", "ERP-3", "ERP-4"], read_at=journal.now())
    for run in ("r1", "r2", "r3"):
        _run(journal, run)
    _run(journal, "dry", dry_run=True)
    # ERP-1: the same error in three runs; ERP-2: another error first, so two in a row.
    for run in ("r1", "r2", "r3"):
        _failed(journal, run, "ERP-1", "ERP down")
    _failed(journal, "r1", "ERP-2", "case system down")
    _failed(journal, "r2", "ERP-2", "ERP down")
    _failed(journal, "r3", "ERP-2", "ERP down")
    _failed(journal, "dry", "ERP-2", "ERP down")  # a dry run counts for nothing
    # ERP-3 failed once, then was paid; ERP-4 was written in part when the journal went away.
    _failed(journal, "r2", "ERP-3", "ERP down")
    journal.record_outcome("r3", Outcome(erp_id="ERP-3", outcome=OutcomeKind.PAID))
    journal.record_outcome(
        "r3", Outcome(erp_id="ERP-4", outcome=OutcomeKind.UNFINISHED, error="journal gone")
    )
    found = {f.erp_id: f for f in open_journal().failing()}
    assert set(found) == {"ERP-1", "ERP-2", "ERP-4"}
    assert (found["ERP-1"].runs, found["ERP-1"].error) == (3, "ERP down")
    assert (found["ERP-2"].runs, found["ERP-2"].error, found["ERP-2"].last_run) == (
        2,
        "ERP down",
        "r3",
    )
    assert found["ERP-4"].unfinished
    assert found["ERP-4"].error == "journal gone"


def test_an_invoice_finished_since_it_failed_is_not_failing(open_journal: Opener) -> None:
    journal = open_journal()
    journal.enqueue(["ERP-1"], read_at=journal.now())
    _run(journal, "r1")
    _failed(journal, "r1", "ERP-1", "ERP down")
    lease = journal.take(owner="a", lease_s=30, skip=())
    assert lease is not None
    assert [f.erp_id for f in journal.failing()] == ["ERP-1"]
    journal.release(lease, done=True)  # a person posted it meanwhile; the next run skipped it
    assert journal.failing() == []
