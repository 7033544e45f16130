"""Approved landlords in the domain: lookup by CVR and day, the allowed deviation, rows that
could not be used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from robot.domain.landlords import LandlordRow, LandlordTable

CVR = "29403473"
JAN_1, JUN_30, JUL_1 = date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1)


def make_landlord(**changes: object) -> LandlordRow:
    fields: dict[str, object] = {
        "landlord_cvr": CVR,
        "landlord_name": "Boligselskabet Fjordbo",
        "psp": "XG-5387100001-00026",
        "deviation_pct": None,
        "valid_from": JAN_1,
        "valid_to": None,
        "sheet_row": 2,
    }
    return LandlordRow(**(fields | changes))  # type: ignore[arg-type]


def test_a_blank_deviation_allows_ten_percent() -> None:
    assert make_landlord().allowed_deviation == Decimal("10")


def test_a_written_deviation_is_the_allowed_share() -> None:
    assert make_landlord(deviation_pct=Decimal("12.5")).allowed_deviation == Decimal("12.5")
    assert make_landlord(deviation_pct=Decimal("0")).allowed_deviation == Decimal("0")


def test_lookup_finds_the_row_valid_in_the_month_with_the_cvr_written_any_way() -> None:
    old = make_landlord(valid_to=JUN_30)
    new = make_landlord(valid_from=JUL_1, psp="XG-5387100001-00027", sheet_row=3)
    table = LandlordTable([old, new])
    assert table.lookup("DK 29 40 34 73", date(2026, 3, 1)) == [old]
    assert table.lookup(CVR, JUL_1) == [new]
    assert table.lookup(CVR, date(2025, 12, 31)) == []
    assert table.rows_for(CVR) == (old, new)
    assert len(table) == 2


def test_an_unknown_landlord_has_no_rows() -> None:
    table = LandlordTable([make_landlord()])
    assert table.lookup("25313763", JUL_1) == []
    assert table.rows_for("25313763") == ()


def test_rows_that_could_not_be_used_are_remembered_by_cvr() -> None:
    table = LandlordTable([], rejected=[("DK29403473", 4), (CVR, 7)])
    assert table.rejected_rows(CVR) == (4, 7)
    assert table.lookup(CVR, JUL_1) == []


def test_validity_is_inclusive_at_both_ends() -> None:
    row = make_landlord(valid_from=JAN_1, valid_to=JUN_30)
    assert row.valid_on(JAN_1)
    assert row.valid_on(JUN_30)
    assert not row.valid_on(JUL_1)


def test_the_empty_table_has_no_landlords() -> None:
    assert len(LandlordTable.empty()) == 0
