"""Payment plans in the domain: cadence periods and labels, and the plan table's lookups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from robot.domain.mapping_book import MappingBook
from robot.domain.plans import Cadence, PlanRow, PlanTable, cadence_label, cadence_period
from robot.domain.psp import MappingTable

CVR, EAN = "29403473", "5798000012349"
OTHER_EAN = "5790000000005"


def make_plan(**changes: object) -> PlanRow:
    fields: dict[str, object] = {
        "supplier_cvr": CVR,
        "receiver_ean": EAN,
        "amount_from": Decimal("9000.00"),
        "amount_to": Decimal("11000.00"),
        "cadence": Cadence.MONTH,
        "psp": "XG-5385010001-00099",
        "line_text": "Husleje Kastanjehaven",
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "sheet_row": 2,
    }
    return PlanRow(**(fields | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cadence", "day", "period", "label"),
    [
        (
            Cadence.MONTH,
            date(2026, 10, 15),
            (date(2026, 10, 1), date(2026, 10, 31)),
            "oktober 2026",
        ),
        (Cadence.MONTH, date(2028, 2, 3), (date(2028, 2, 1), date(2028, 2, 29)), "februar 2028"),
        (
            Cadence.QUARTER,
            date(2026, 11, 15),
            (date(2026, 10, 1), date(2026, 12, 31)),
            "4. kvartal 2026",
        ),
        (
            Cadence.QUARTER,
            date(2026, 1, 1),
            (date(2026, 1, 1), date(2026, 3, 31)),
            "1. kvartal 2026",
        ),
        (
            Cadence.HALF_YEAR,
            date(2026, 7, 1),
            (date(2026, 7, 1), date(2026, 12, 31)),
            "2. halvår 2026",
        ),
        (
            Cadence.HALF_YEAR,
            date(2026, 6, 30),
            (date(2026, 1, 1), date(2026, 6, 30)),
            "1. halvår 2026",
        ),
        (Cadence.YEAR, date(2026, 11, 15), (date(2026, 1, 1), date(2026, 12, 31)), "2026"),
    ],
)
def test_cadence_period_is_the_calendar_period_containing_the_day(
    cadence: Cadence, day: date, period: tuple[date, date], label: str
) -> None:
    assert cadence_period(cadence, day) == period
    assert cadence_label(cadence, day) == label


def test_cadence_values_are_the_words_the_sheet_uses() -> None:
    assert [c.value for c in Cadence] == ["måned", "kvartal", "halvår", "år"]


def test_lookup_finds_the_rows_valid_on_the_day_for_supplier_and_receiver() -> None:
    old = make_plan(valid_to=date(2026, 12, 31), sheet_row=2)
    new = make_plan(valid_from=date(2027, 1, 1), psp="XG-5385010001-00100", sheet_row=3)
    table = PlanTable([old, new, make_plan(receiver_ean=OTHER_EAN, sheet_row=4)])
    assert table.lookup(CVR, EAN, date(2026, 12, 1)) == [old]
    assert table.lookup(CVR, EAN, date(2027, 1, 1)) == [new]
    assert table.lookup(CVR, EAN, date(2025, 12, 31)) == []
    assert table.rows_for(CVR, EAN) == (old, new)
    assert len(table) == 3


def test_cvr_compares_as_eight_digits_and_ean_as_thirteen() -> None:
    table = PlanTable([make_plan()])
    assert table.lookup("DK29403473", "579 8000 012349", date(2026, 5, 1))
    assert table.lookup("DK 29 40 34 73", EAN, date(2026, 5, 1))
    assert table.has_supplier("DK29403473")
    assert not table.has_supplier("12345674")


def test_rejected_rows_are_remembered_by_supplier_and_receiver() -> None:
    table = PlanTable([], rejected=[("DK29403473", EAN, 5), (CVR, OTHER_EAN, 7)])
    assert table.rejected_rows(CVR, EAN) == (5,)
    assert table.rejected_rows(CVR, OTHER_EAN) == (7,)
    assert not table.has_supplier(CVR)  # a supplier only in rejected rows has no usable plan


def test_a_plan_covers_amounts_inside_its_interval_both_ends_included() -> None:
    plan = make_plan()
    assert plan.covers(Decimal("9000.00")) and plan.covers(Decimal("11000.00"))
    assert not plan.covers(Decimal("11000.01"))
    assert make_plan(amount_to=None).covers(Decimal("1000000"))


def test_an_empty_table_has_no_plans() -> None:
    table = PlanTable.empty()
    assert len(table) == 0
    assert table.rows == ()
    assert table.lookup(CVR, EAN, date(2026, 1, 1)) == []


def test_a_mapping_book_of_psp_rows_alone_has_no_plans_or_certificates() -> None:
    psp = MappingTable([])
    book = MappingBook.of(psp)
    assert book.psp is psp
    assert len(book.plans) == 0
    assert len(book.certificates) == 0
    assert not book.certificates.is_certificate_receiver(EAN)
