"""`robot purge` removes what is older than the retention and may lead to a citizen, and keeps
what exactly-once and the success-rate report need."""

from __future__ import annotations

import os
import time
from pathlib import Path

from robot.run.journal import Journal, Outcome
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


def _journal_with_history(folder: Path) -> Journal:
    journal = Journal(folder)
    journal.start_run(run_id="r1", dry_run=False, mapping_file="m.xlsx", sha256="x")
    journal.record_outcome(
        "r1",
        Outcome(
            erp_id="ERP-1",
            invoice_key="12345674/F1",
            supplier_cvr="12345674",
            outcome="manual",
            code="AMOUNT_MISMATCH",
            grant_ids="B-1043",
            note="[AMOUNT_MISMATCH] Beløbet passer ikke med bevilling B-1043",
        ),
    )
    journal.set_state(erp_id="ERP-1", invoice_key="12345674/F1", state="done", run_id="r1")
    journal.set_state(
        erp_id="ERP-2", invoice_key="12345674/F2", state="posted", run_id="r1", plan={"k": 1}
    )
    return journal


def test_old_notes_and_finished_plans_are_cleared_but_counts_and_open_work_stay(
    tmp_path: Path,
) -> None:
    journal = _journal_with_history(tmp_path)
    later = time.time() + 100 * DAY
    result = purge_journal(journal.path, older_than_days=90, now=later)
    assert (result.outcomes_stripped, result.invoices_removed) == (1, 1)
    [row] = journal.outcomes()
    assert (row["note"], row["grant_ids"], row["code"], row["outcome"]) == (
        "",
        "",
        "AMOUNT_MISMATCH",
        "manual",
    )
    assert journal.entry("ERP-1") is None
    open_entry = journal.entry("ERP-2")
    assert open_entry is not None and open_entry.plan == {"k": 1}, "unfinished work is kept"


def test_recent_history_is_left_as_it_is(tmp_path: Path) -> None:
    journal = _journal_with_history(tmp_path)
    assert purge_journal(journal.path, older_than_days=90).outcomes_stripped == 0
    assert journal.outcomes()[0]["note"].startswith("[AMOUNT_MISMATCH]")
