"""`robot report`: the share paid automatically per run and month, with native Excel charts."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from robot.config import Settings
from robot.reporting.command import report_command
from robot.reporting.figures import compute
from robot.run.journal import Journal, Outcome


def _journal(folder: Path) -> Journal:
    journal = Journal(folder)
    plan: list[tuple[str, bool, list[tuple[str, str, str | None]]]] = [
        (
            "r1",
            False,
            [("E1", "paid", None), ("E2", "manual", "MISSING_CPR"), ("E3", "failed", None)],
        ),
        ("r2", False, [("E3", "failed", None), ("E4", "paid", None), ("E5", "paid", None)]),
        ("dry", True, [("E9", "would_pay", None)]),
    ]
    for run_id, dry, rows in plan:
        journal.start_run(run_id=run_id, dry_run=dry, mapping_file="m.xlsx", sha256="x")
        for erp_id, outcome, code in rows:
            journal.record_outcome(
                run_id,
                Outcome(
                    erp_id=erp_id,
                    invoice_key=f"12345674/{erp_id}",
                    supplier_cvr="12345674",
                    outcome=outcome,
                    code=code,
                    error="503" if outcome == "failed" else "",
                ),
            )
    return journal


def test_share_paid_automatically_is_computed_per_run_leaving_dry_runs_out(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    figures = compute([dict(r) for r in journal.runs()], [dict(o) for o in journal.outcomes()])
    assert [(t.label, round(t.paid_share, 2)) for t in figures.runs] == [("r1", 0.33), ("r2", 0.67)]


def test_invoice_failing_for_system_faults_in_two_runs_is_listed(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    figures = compute([dict(r) for r in journal.runs()], [dict(o) for o in journal.outcomes()])
    assert [(erp_id, runs) for erp_id, _, runs, _ in figures.repeated_faults] == [("E3", 2)]
    assert figures.top_codes == [("MISSING_CPR", 1)]
    assert figures.top_suppliers == [("12345674", 1, "MISSING_CPR")]


def test_report_workbook_opens_with_its_charts(tmp_path: Path) -> None:
    _journal(tmp_path / "journal").close()
    out = io.StringIO()
    settings = Settings(journal_dir=tmp_path / "journal", runs_dir=tmp_path / "runs")
    assert report_command(settings, out=tmp_path / "rate.xlsx", console=out) == 0
    book = load_workbook(tmp_path / "rate.xlsx")
    assert book.sheetnames[:3] == ["Per run", "Per month", "Codes over time"]
    assert len(book["Per run"]._charts) == 1
    assert "paid automatically" in out.getvalue()


def test_report_without_a_journal_says_so(tmp_path: Path) -> None:
    settings = Settings(journal_dir=tmp_path / "none", runs_dir=tmp_path / "runs")
    assert report_command(settings, out=None) == 2
