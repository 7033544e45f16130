"""The queue takes the earliest due first (unfinished work before all), and `--max-invoices`
is a budget of different invoices per run, shared by every process (contract section 13)."""

from __future__ import annotations

from datetime import date

from tests.integration.journal.conftest import Opener


def _taken(journal: object, *, owner: str = "p", budget: int | None = None) -> list[str]:
    found = []
    while lease := journal.take(owner=owner, lease_s=60, skip=(), run_id="r", budget=budget):  # type: ignore[attr-defined]
        found.append(lease.erp_id)
    return found


def test_the_queue_gives_the_earliest_due_invoice_first_and_those_without_one_last(
    open_journal: Opener,
) -> None:
    journal = open_journal()
    journal.start_run(run_id="r", host="h", dry_run=False, mapping_file="m", sha256="x")
    due = {
        "ERP-A": date(2026, 12, 20),
        "ERP-B": date(2026, 11, 1),
        "ERP-D": date(2026, 11, 25),
    }
    journal.enqueue(["ERP-A", "ERP-B", "ERP-C", "ERP-D"], read_at=journal.now(), due=due)
    assert _taken(journal) == ["ERP-B", "ERP-D", "ERP-A", "ERP-C"]


def test_at_most_the_budget_of_invoices_is_taken_in_a_run_across_processes(
    open_journal: Opener,
) -> None:
    first, second = open_journal(), open_journal()
    first.start_run(run_id="r", host="h", dry_run=False, mapping_file="m", sha256="x")
    ids = [f"ERP-{n}" for n in range(10)]
    due = {erp_id: date(2026, 11, 1 + n) for n, erp_id in enumerate(ids)}
    first.enqueue(ids, read_at=first.now(), due=due)
    a = first.take(owner="a", lease_s=60, skip=(), run_id="r", budget=3)
    b = second.take(owner="b", lease_s=60, skip=(), run_id="r", budget=3)
    c = first.take(owner="a", lease_s=60, skip=(), run_id="r", budget=3)
    assert a and b and c
    assert second.take(owner="b", lease_s=60, skip=(), run_id="r", budget=3) is None
    assert [a.erp_id, b.erp_id, c.erp_id] == ["ERP-0", "ERP-1", "ERP-2"]
    # An invoice the run took before may be taken again (put back after a wait), no new one.
    first.release(a, done=False)
    again = second.take(owner="b", lease_s=60, skip=(), run_id="r", budget=3)
    assert again is not None and again.erp_id == "ERP-0"
    # With the budget spent, the run's work left is only what it took, so its workers end.
    first.release(again, done=True)
    assert first.open_count() == 9
    assert first.open_count(run_id="r", budget=3) == 2
    assert first.open_count(run_id="r", budget=4) == 9
