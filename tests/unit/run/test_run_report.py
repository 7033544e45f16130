"""The run report for finance: a summary per code, a row per invoice, no formula from text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from robot.run.journal import Outcome
from robot.run.report import write_run_report


def _outcomes() -> list[Outcome]:
    return [
        Outcome(
            erp_id="ERP-1",
            invoice_key="1/A",
            supplier_cvr="1",
            outcome="paid",
            code=None,
            grant_ids="B-1",
            psp="XG-1",
            amount="100.00",
            note="§107 ...",
        ),
        Outcome(
            erp_id="ERP-2",
            invoice_key="1/B",
            supplier_cvr="1",
            outcome="manual",
            code="AMOUNT_MISMATCH",
            amount="5.00",
            note='=HYPERLINK("http://x","klik")',
        ),
        Outcome(
            erp_id="ERP-3",
            invoice_key="1/C",
            supplier_cvr="1",
            outcome="manual",
            code="AMOUNT_MISMATCH",
            amount="7.00",
            note="+1 @SUM(A1)",
        ),
    ]


def test_report_summarises_outcomes_per_code_with_amounts(tmp_path: Path) -> None:
    path = write_run_report(tmp_path / "r.xlsx", outcomes=_outcomes(), run_info=[("Run", "x")])
    rows = list(load_workbook(path)["Summary"].iter_rows(values_only=True))
    assert ("Sent to manual handling", "AMOUNT_MISMATCH", 2, 12) in rows
    assert ("Paid", None, 1, 100) in rows


def test_report_has_one_row_per_invoice(tmp_path: Path) -> None:
    path = write_run_report(tmp_path / "r.xlsx", outcomes=_outcomes(), run_info=[])
    assert load_workbook(path)["Invoices"].max_row == 4


def test_no_text_in_the_report_can_become_a_formula(tmp_path: Path) -> None:
    path = write_run_report(tmp_path / "r.xlsx", outcomes=_outcomes(), run_info=[])
    book = load_workbook(path)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    notes = [c.value for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert notes == ['\'=HYPERLINK("http://x","klik")']


def test_report_is_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = write_run_report(tmp_path / "r.xlsx", outcomes=[], run_info=[])
    assert path.stat().st_mode & 0o777 == 0o600
