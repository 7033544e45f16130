"""`robot purge` removes what is older than the retention and may lead to a citizen, and keeps
what exactly-once and the success-rate report need."""

from __future__ import annotations

import os
import time
from pathlib import Path

from robot.domain.codes import Code
from robot.journal.model import Outcome, OutcomeKind, PlanKind, State, WritePlan
from robot.journal.sqlite import SqliteJournal
from robot.reporting.dated_workbooks import BACKTEST, PLAN_PROPOSALS
from robot.run.purge import old_run_dirs, purge_journal

DAY = 86_400


def _aged(path: Path, days: float) -> Path:
    stamp = time.time() - days * DAY
    os.utime(path, (stamp, stamp))
    return path


def test_run_folders_and_success_rate_workbooks_older_than_the_retention_go(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old-run"
    old.mkdir()
    _aged(old, 100)
    new = tmp_path / "new-run"
    new.mkdir()
    workbook = tmp_path / "success-rate-20260101.xlsx"
    workbook.write_bytes(b"x")
    _aged(workbook, 100)
    other = tmp_path / "notes.txt"  # not the robot's: left alone
    other.write_text("x")
    _aged(other, 100)
    assert old_run_dirs(tmp_path, older_than_days=90) == [old, workbook]


def test_plan_proposal_and_backtest_workbooks_older_than_the_retention_go(
    tmp_path: Path,
) -> None:
    old = []
    for name in (f"{BACKTEST}20260101.xlsx", f"{PLAN_PROPOSALS}20260101.xlsx"):
        (tmp_path / name).write_bytes(b"x")
        old.append(_aged(tmp_path / name, 100))
    (tmp_path / f"{PLAN_PROPOSALS}20260601.xlsx").write_bytes(b"x")  # within the retention
    assert old_run_dirs(tmp_path, older_than_days=90) == old


def _journal_with_history(folder: Path) -> SqliteJournal:
    journal = SqliteJournal(folder)
    journal.start_run(run_id="r1", host="h", dry_run=False, mapping_file="m.xlsx", sha256="x")
    journal.record_outcome(
        "r1",
        Outcome(
            erp_id="ERP-1",
            invoice_key="12345674/F1",
            supplier_cvr="12345674",
            outcome=OutcomeKind.MANUAL,
            code=Code.AMOUNT_MISMATCH,
            references="B-1043",
            note="[AMOUNT_MISMATCH] Beløbet passer ikke med bevilling B-1043",
        ),
    )
    journal.enqueue(["ERP-1", "ERP-2"], read_at=journal.now())
    for erp_id, state in (("ERP-1", State.DONE), ("ERP-2", State.POSTED)):
        lease = journal.take(owner="t", lease_s=30, skip={"ERP-1", "ERP-2"} - {erp_id})
        assert lease is not None
        journal.record(lease, invoice_key=f"12345674/{erp_id}", state=state, run_id="r1", plan=PLAN)
    return journal


PLAN = WritePlan(kind=PlanKind.PAY, remark="kept")


def test_old_notes_and_finished_plans_are_cleared_but_counts_and_open_work_stay(
    tmp_path: Path,
) -> None:
    journal = _journal_with_history(tmp_path)
    later = time.time() + 100 * DAY
    result = purge_journal(journal, older_than_days=90, now=later)
    assert (result.outcomes_stripped, result.invoices_removed) == (1, 1)
    [row] = journal.outcomes()
    assert (row.note, row.references, row.code, row.outcome) == (
        "",
        "",
        Code.AMOUNT_MISMATCH,
        OutcomeKind.MANUAL,
    )
    assert journal.entry("ERP-1") is None
    open_entry = journal.entry("ERP-2")
    assert open_entry is not None
    assert open_entry.plan.remark == "kept", "unfinished work is kept"


def test_recent_history_is_left_as_it_is(tmp_path: Path) -> None:
    journal = _journal_with_history(tmp_path)
    assert purge_journal(journal, older_than_days=90).outcomes_stripped == 0
    assert journal.outcomes()[0].note.startswith("[AMOUNT_MISMATCH]")
