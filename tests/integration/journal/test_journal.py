"""The journal's promises, on SQLite and on PostgreSQL alike: steps kept across runs, one
invoice per lease, writes fenced by the lease, claims held by one invoice, outcomes kept."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from robot.domain.claims import Claim
from robot.domain.routes import Route
from robot.journal.base import Journal
from robot.journal.model import (
    Lease,
    LeaseLost,
    Outcome,
    OutcomeKind,
    PlanKind,
    PlannedPayment,
    PlannedPosting,
    State,
    WritePlan,
)
from robot.journal.sqlite import SqliteJournal
from tests.integration.journal.conftest import Opener

PAY = WritePlan(
    kind=PlanKind.PAY,
    route=Route.GRANT,
    remark="§107 Midlertidigt botilbud · bevilling B-1043",
    postings=(PlannedPosting(1, "B-1043", "XG-5385010001-00007", Decimal("32240.00"), "t"),),
    payments=(
        PlannedPayment("B-1043", date(2026, 10, 1), date(2026, 10, 31), Decimal("32240.00")),
    ),
)
OCTOBER = [Claim("grant:B-1043", f"2026-10-{d:02d}") for d in range(1, 32)]
SECOND_HALF = OCTOBER[15:]


def two_processes_two_invoices(journal: Journal) -> tuple[Lease, Lease]:
    """Two invoices queued, each leased by another process (owners "a" and "b")."""
    journal.enqueue(["ERP-1", "ERP-2"], read_at=journal.now())
    a = journal.take(owner="a", lease_s=30, skip=())
    b = journal.take(owner="b", lease_s=30, skip=())
    assert a is not None
    assert b is not None
    return a, b


def test_an_invoices_plan_and_voucher_are_kept_across_steps(open_journal: Opener) -> None:
    journal = open_journal()
    journal.enqueue(["ERP-1"], read_at=journal.now())
    lease = journal.take(owner="a", lease_s=30, skip=())
    assert lease is not None
    journal.record(lease, invoice_key="1/INV-1", state=State.POSTING, run_id="r1", plan=PAY)
    journal.record(lease, invoice_key="1/INV-1", state=State.POSTED, run_id="r1", voucher="V1")
    entry = open_journal().entry("ERP-1")
    assert entry is not None
    assert (entry.state, entry.plan, entry.voucher) == (State.POSTED, PAY, "V1")
    assert [e.erp_id for e in journal.open_entries()] == ["ERP-1"]
    journal.record(lease, invoice_key="1/INV-1", state=State.DONE, run_id="r1")
    assert journal.open_entries() == []


def test_one_invoice_is_leased_to_one_process_at_a_time(open_journal: Opener) -> None:
    first, second = open_journal(), open_journal()
    first.enqueue(["ERP-1", "ERP-2"], read_at=first.now())
    a = first.take(owner="a", lease_s=30, skip=())
    b = second.take(owner="b", lease_s=30, skip=())
    assert a is not None
    assert b is not None
    assert {a.erp_id, b.erp_id} == {"ERP-1", "ERP-2"}
    assert second.take(owner="c", lease_s=30, skip=()) is None


def test_a_lease_that_runs_out_passes_to_another_process_and_fences_the_first(
    open_journal: Opener,
) -> None:
    journal = open_journal()
    journal.enqueue(["ERP-1"], read_at=journal.now())
    dead = journal.take(owner="dead", lease_s=0.5, skip=())
    assert dead is not None
    time.sleep(0.7)
    heir = open_journal().take(owner="heir", lease_s=30, skip=())
    assert heir is not None
    assert heir.erp_id == "ERP-1"
    assert heir.token > dead.token
    assert not journal.renew(dead, lease_s=30)
    with pytest.raises(LeaseLost):
        journal.record(dead, invoice_key="k", state=State.POSTING, run_id="r", plan=PAY)
    with pytest.raises(LeaseLost):
        journal.check(dead)
    journal.check(heir)


def test_an_invoice_sent_back_after_it_was_finished_is_queued_again(open_journal: Opener) -> None:
    journal = open_journal()
    journal.enqueue(["ERP-1"], read_at=journal.now())
    lease = journal.take(owner="a", lease_s=30, skip=())
    assert lease is not None
    journal.release(lease, done=True)
    stale_read = journal.now() - 60  # an inbox read before it was finished: not reopened
    assert journal.enqueue(["ERP-1"], read_at=stale_read) == 0
    time.sleep(0.01)
    assert journal.enqueue(["ERP-1"], read_at=journal.now()) == 1


def test_a_claim_is_held_by_one_invoice_and_the_other_learns_who(open_journal: Opener) -> None:
    journal = open_journal()
    a, b = two_processes_two_invoices(journal)
    assert journal.claim(a, invoice_key="1/A", claims=OCTOBER, plan=PAY, run_id="r") == []
    assert journal.claim(a, invoice_key="1/A", claims=OCTOBER, plan=PAY, run_id="r") == []
    holders = journal.claim(b, invoice_key="1/B", claims=SECOND_HALF, plan=PAY, run_id="r")
    assert {h.erp_id for h in holders} == {a.erp_id}
    assert not holders[0].paid, "the holder has not posted yet"
    journal.record(a, invoice_key="1/A", state=State.POSTED, run_id="r")
    holders = journal.claim(b, invoice_key="1/B", claims=SECOND_HALF, plan=PAY, run_id="r")
    assert holders[0].paid
    entry = journal.entry(b.erp_id)
    assert entry is None, "a refused claim changes nothing"


def test_a_note_frees_the_claims_of_its_invoice(open_journal: Opener) -> None:
    journal = open_journal()
    a, b = two_processes_two_invoices(journal)
    journal.claim(a, invoice_key="1/A", claims=OCTOBER, plan=PAY, run_id="r")
    journal.begin_note(a, invoice_key="1/A", plan=WritePlan(kind=PlanKind.NOTE), run_id="r")
    assert journal.claim(b, invoice_key="1/B", claims=OCTOBER, plan=PAY, run_id="r") == []


def test_claiming_a_smaller_set_again_frees_the_rest(open_journal: Opener) -> None:
    journal = open_journal()
    a, b = two_processes_two_invoices(journal)
    journal.claim(a, invoice_key="1/A", claims=OCTOBER, plan=PAY, run_id="r")
    journal.claim(a, invoice_key="1/A", claims=SECOND_HALF, plan=PAY, run_id="r")
    assert journal.claim(b, invoice_key="1/B", claims=OCTOBER[:15], plan=PAY, run_id="r") == []


@pytest.mark.parametrize("contenders", [8])
def test_many_processes_claiming_overlapping_days_at_once_leave_one_holder(
    open_journal: Opener, contenders: int
) -> None:
    """Each contender its own connection, all starting together, each claiming an
    overlapping stretch of October: exactly one holds claims afterwards."""
    journals = [open_journal() for _ in range(contenders)]
    ids = [f"ERP-{n}" for n in range(contenders)]
    journals[0].enqueue(ids, read_at=journals[0].now())
    leases = [j.take(owner=f"p{n}", lease_s=30, skip=()) for n, j in enumerate(journals)]
    start = threading.Barrier(contenders)
    won: list[str] = []

    def contend(n: int) -> None:
        lease = leases[n]
        assert lease is not None
        stretch = OCTOBER[n : n + 20]
        start.wait()
        if not journals[n].claim(lease, invoice_key=f"1/{n}", claims=stretch, plan=PAY, run_id="r"):
            won.append(lease.erp_id)

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1


def test_outcomes_are_kept_per_run_with_cpr_masked(open_journal: Opener) -> None:
    journal = open_journal()
    journal.start_run(run_id="r1", host="h", dry_run=False, mapping_file="m.xlsx", sha256="a")
    journal.record_outcome(
        "r1",
        Outcome(
            erp_id="ERP-1",
            outcome=OutcomeKind.PAID,
            invoice_key="12345674/190356-2443",
            supplier_name="Plejefamilie 070159/2124",
            amount=Decimal("-12.50"),
        ),
    )
    [row] = journal.outcomes("r1")
    assert row.outcome is OutcomeKind.PAID
    assert row.amount == Decimal("-12.50")
    assert "190356" not in row.invoice_key
    assert "070159" not in row.supplier_name
    assert journal.runs()[0].mapping_sha256 == "a"


def test_a_failure_streak_counts_runs_failing_the_same_way(open_journal: Opener) -> None:
    journal = open_journal()
    for run, error in (("r1", "boom"), ("r2", "boom"), ("r3", "boom")):
        journal.start_run(run_id=run, host="h", dry_run=False, mapping_file="m", sha256="a")
        journal.record_outcome(
            run, Outcome(erp_id="ERP-1", outcome=OutcomeKind.FAILED, error=error)
        )
    assert journal.failure_streak("ERP-1") == (3, "boom")
    journal.start_run(run_id="r4", host="h", dry_run=False, mapping_file="m", sha256="a")
    journal.record_outcome("r4", Outcome(erp_id="ERP-1", outcome=OutcomeKind.MANUAL))
    assert journal.failure_streak("ERP-1") == (0, "")


def test_purge_blanks_old_texts_and_removes_finished_entries(open_journal: Opener) -> None:
    journal = open_journal()
    journal.start_run(run_id="r1", host="h", dry_run=False, mapping_file="m", sha256="a")
    journal.record_outcome(
        "r1", Outcome(erp_id="ERP-1", outcome=OutcomeKind.MANUAL, note="[X] tekst")
    )
    journal.enqueue(["ERP-1", "ERP-2"], read_at=journal.now())
    a = journal.take(owner="a", lease_s=30, skip=())
    b = journal.take(owner="a", lease_s=30, skip=())
    assert a is not None
    assert b is not None
    journal.record(a, invoice_key="1/A", state=State.DONE, run_id="r1")
    journal.record(b, invoice_key="1/B", state=State.POSTED, run_id="r1", plan=PAY)
    assert journal.purge(before="2999-01-01T00:00:00Z") == (1, 1)
    assert journal.outcomes()[0].note == ""
    assert journal.entry(a.erp_id) is None
    assert journal.entry(b.erp_id) is not None, "unfinished work is kept"


def test_the_masking_key_is_the_same_for_every_process(open_journal: Opener) -> None:
    assert open_journal().log_key() == open_journal().log_key()


V1_SCHEMA = """
CREATE TABLE runs (run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
    dry_run INTEGER NOT NULL, mapping_file TEXT NOT NULL, mapping_sha256 TEXT NOT NULL,
    exit_code INTEGER, summary TEXT);
CREATE TABLE invoices (erp_id TEXT PRIMARY KEY, invoice_key TEXT NOT NULL, state TEXT NOT NULL,
    plan TEXT NOT NULL, voucher TEXT, run_id TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE outcomes (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, at TEXT NOT NULL,
    erp_id TEXT NOT NULL, invoice_key TEXT NOT NULL, supplier_cvr TEXT NOT NULL,
    outcome TEXT NOT NULL, code TEXT, grant_ids TEXT NOT NULL, psp TEXT NOT NULL,
    amount TEXT NOT NULL, note TEXT NOT NULL, error TEXT NOT NULL);
INSERT INTO runs VALUES ('r0', '2026-10-01T02:00:00Z', NULL, 0, 'm.xlsx', 'x', NULL, NULL);
INSERT INTO invoices VALUES ('ERP-000007', '1/INV-7', 'posted',
    '{"kind": "pay", "remark": "r", "postings": [{"line": 1, "grant_id": "B-1043",
      "psp": "XG-5385010001-00007", "amount": "100.00", "text": "t"}],
     "payments": [{"grant_id": "B-1043", "period_start": "2026-09-01",
      "period_end": "2026-09-30", "amount": "100.00", "invoice_ref": "1/INV-7"}]}',
    'V7', 'r0', '2026-10-01T02:00:01Z');
INSERT INTO outcomes VALUES (1, 'r0', '2026-10-01T02:00:02Z', 'ERP-000006', '1/INV-6', '1',
    'paid', NULL, 'B-1042', 'XG-5385010001-00007', '100.00', '', '');
"""


def test_a_journal_of_the_previous_robot_is_migrated_with_its_unfinished_work(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    with sqlite3.connect(folder / "journal.sqlite3") as conn:
        conn.executescript(V1_SCHEMA)
    journal = SqliteJournal(folder)
    [entry] = journal.open_entries()
    assert entry.erp_id == "ERP-000007"
    assert entry.plan.pays
    assert entry.plan.postings[0].reference == "B-1043"
    assert entry.plan.payments[0].period_start == date(2026, 9, 1)
    assert journal.outcomes()[0].references == "B-1042"
    assert journal.runs()[0].host == ""
    journal.close()
    SqliteJournal(folder).close()  # and opens again as it is
