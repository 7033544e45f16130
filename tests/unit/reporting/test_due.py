"""What waits in manual handling, by due date (contract section 13): overdue first, then the
earliest due, with the days left; in the run report and in `robot report`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from robot.domain.codes import Code
from robot.journal.model import Outcome, OutcomeKind, Route
from robot.reporting.due import SHEET, in_manual_by_due_date
from robot.reporting.run_report import write_run_report

TODAY = date(2026, 11, 23)


def _manual(erp_id: str, due: date | None, **more: object) -> Outcome:
    fields: dict[str, object] = {
        "erp_id": erp_id,
        "outcome": OutcomeKind.MANUAL,
        "invoice_key": f"12345674/{erp_id}",
        "route": Route.GRANT,
        "code": Code.AMOUNT_MISMATCH,
        "amount": Decimal("100.00"),
        "due_date": due,
    }
    fields.update(more)
    return Outcome(**fields)  # type: ignore[arg-type]


def test_manual_handling_is_listed_overdue_first_then_earliest_due_with_days_left() -> None:
    waiting = in_manual_by_due_date(
        [
            _manual("E-late", date(2026, 12, 20)),
            _manual("E-none", None),
            _manual("E-overdue-long", date(2026, 11, 1)),
            _manual("E-soon", date(2026, 11, 25)),
            _manual("E-overdue", date(2026, 11, 20)),
        ],
        today=TODAY,
    )
    assert [(w.outcome.erp_id, w.days_left) for w in waiting] == [
        ("E-overdue-long", -22),
        ("E-overdue", -3),
        ("E-soon", 2),
        ("E-late", 27),
        ("E-none", None),
    ]
    assert waiting[0].status == "Forfalden (22 dage)"


def test_an_invoice_paid_after_it_was_noted_is_no_longer_waiting() -> None:
    noted = _manual("E-1", date(2026, 11, 1))
    paid = Outcome(erp_id="E-1", outcome=OutcomeKind.PAID, route=Route.GRANT)
    assert in_manual_by_due_date([noted, paid], today=TODAY) == []


def test_the_run_report_has_a_sheet_of_manual_handling_by_due_date(tmp_path: Path) -> None:
    path = write_run_report(
        tmp_path / "report.xlsx",
        outcomes=[_manual("E-2", date(2026, 12, 1)), _manual("E-1", date(2026, 11, 2))],
        run_info=[("Kørsel", "r1")],
        today=TODAY,
    )
    sheet = load_workbook(path)[SHEET]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[3], r[1], r[2]) for r in rows] == [
        ("E-1", -21, "Forfalden (21 dage)"),
        ("E-2", 8, "Ikke forfalden"),
    ]
