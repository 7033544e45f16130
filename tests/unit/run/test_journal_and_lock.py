"""The journal remembers each invoice's step across runs; the lock allows one run at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot.run.journal import Journal, Outcome
from robot.run.lock import LockHeld, RunLock


def test_journal_keeps_an_invoices_plan_and_voucher_across_steps(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.set_state(
        erp_id="ERP-1", invoice_key="k", state="posting", run_id="r1", plan={"kind": "pay"}
    )
    journal.set_state(erp_id="ERP-1", invoice_key="k", state="posted", run_id="r1", voucher="V1")
    entry = journal.entry("ERP-1")
    assert entry is not None
    assert (entry.state, entry.plan, entry.voucher) == ("posted", {"kind": "pay"}, "V1")


def test_only_unfinished_invoices_are_open_for_the_next_run(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.set_state(erp_id="ERP-1", invoice_key="k1", state="posted", run_id="r1")
    journal.set_state(erp_id="ERP-2", invoice_key="k2", state="done", run_id="r1")
    assert [e.erp_id for e in Journal(tmp_path).open_entries()] == ["ERP-1"]


def test_journal_and_its_folder_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j")
    assert (tmp_path / "j").stat().st_mode & 0o777 == 0o700
    assert journal.path.stat().st_mode & 0o777 == 0o600


def test_outcomes_are_kept_per_run(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.start_run(run_id="r1", dry_run=False, mapping_file="m.xlsx", sha256="abc")
    journal.record_outcome(
        "r1", Outcome(erp_id="ERP-1", invoice_key="k", supplier_cvr="1", outcome="paid", code=None)
    )
    assert [o["outcome"] for o in journal.outcomes("r1")] == ["paid"]
    assert journal.runs()[0]["mapping_sha256"] == "abc"


def test_second_run_on_the_same_journal_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with RunLock(tmp_path), pytest.raises(LockHeld, match="another robot run"), RunLock(tmp_path):
        pass


def test_lock_is_free_again_after_a_run(tmp_path: Path) -> None:
    with RunLock(tmp_path):
        pass
    with RunLock(tmp_path):
        pass
