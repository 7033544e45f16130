"""Reading the benefits system's rows: machine values from data-value, a month as its first
day, and ScreenChanged (never a wrong value) when a cell is missing or unreadable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from robot.benefits.reading import agreement_from_row, deduction_from_row, payout_from_row
from robot.errors import ScreenChanged


def cell(value: str | None, text: str = "") -> dict[str, Any]:
    return {"value": value, "text": text}


PAYOUT_ROW = {
    "payout-id": cell("U-7001", "U-7001"),
    "payout-month": cell("2026-12", "12.2026"),
    "payout-benefit": cell(None, "kontanthjælp"),
    "payout-amount": cell("12450.00", "12.450,00"),
    "payout-deducted": cell("5200.00", "5.200,00"),
    "payout-left": cell("7250.00", "7.250,00"),
    "payout-status": cell("planlagt", "Planlagt"),
}


def test_a_payout_row_is_read_from_its_machine_values() -> None:
    payout = payout_from_row(PAYOUT_ROW, screen="s")
    assert (payout.month, payout.amount, payout.deducted, payout.left, payout.status) == (
        date(2026, 12, 1),
        Decimal("12450.00"),
        Decimal("5200.00"),
        Decimal("7250.00"),
        "planlagt",
    )
    assert payout.benefit == "kontanthjælp"


@pytest.mark.parametrize(
    "change",
    [
        {"payout-status": cell("sendt")},
        {"payout-month": cell("12.2026")},
        {"payout-amount": cell("12.450,00")},
    ],
    ids=["unknown-status", "danish-month", "danish-amount"],
)
def test_an_unreadable_payout_cell_is_a_changed_screen(change: dict[str, Any]) -> None:
    with pytest.raises(ScreenChanged):
        payout_from_row(PAYOUT_ROW | change, screen="s")


def test_a_missing_cell_is_a_changed_screen_naming_the_column() -> None:
    row = {k: v for k, v in PAYOUT_ROW.items() if k != "payout-deducted"}
    with pytest.raises(ScreenChanged, match="payout-deducted"):
        payout_from_row(row, screen="s")


def test_an_open_agreement_has_no_last_day() -> None:
    row = {
        "agreement-id": cell("HA-3001"),
        "agreement-landlord-cvr": cell("29403473"),
        "agreement-landlord-name": cell(None, "Boligselskabet Fjordbo"),
        "agreement-address": cell(None, "Fjordvej 3, 2. th"),
        "agreement-rent": cell("5200.00"),
        "agreement-valid-from": cell("2026-01-01"),
        "agreement-valid-to": cell("", "løbende"),
    }
    agreement = agreement_from_row(row, cpr="0101901234", screen="s")
    assert (agreement.valid_from, agreement.valid_to) == (date(2026, 1, 1), None)
    assert agreement.rent == Decimal("5200.00")


def test_a_deduction_row_gives_its_month_as_the_first_day() -> None:
    row = {
        "deduction-payout-id": cell("U-6901"),
        "deduction-agreement-id": cell("HA-3001"),
        "deduction-month": cell("2026-11", "11.2026"),
        "deduction-amount": cell("5200.00"),
        "deduction-invoice-ref": cell("F-1001", "F-1001"),
    }
    assert deduction_from_row(row, screen="s").month == date(2026, 11, 1)
