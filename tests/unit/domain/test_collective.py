"""Collective invoices: each line matched on its own; paid only when every line passes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from robot.domain.codes import Code
from robot.domain.mapping_book import MappingBook
from robot.domain.router import prepare
from tests.builders import (
    CPR,
    CPR_2,
    TODAY,
    make_grant,
    make_invoice,
    make_line,
    make_mapping,
    make_payment,
    make_row,
    run_decide,
)

D = Decimal
GRANT_2 = make_grant(
    grant_id="B-2001",
    cpr=CPR_2,
    paragraph="103",
    service="Beskyttet beskæftigelse",
    art="5.2",
    rate=D("9650.00"),
    rate_unit="month",
)
ROW_2 = make_row(paragraph="103", art="5.2", psp="XG-5385010002-00001", sheet_row=3)
MAPPING = make_mapping(make_row(), ROW_2)
CITIZENS = {CPR: [make_grant()], CPR_2: [GRANT_2]}
LINE_2 = make_line(number=2, amount=D("9650.00"), note="cpr 230485-1118", item_description="")


def test_collective_invoice_with_every_line_matching_is_paid_line_by_line() -> None:
    decision = run_decide(make_invoice(make_line(), LINE_2), citizens=CITIZENS, mapping=MAPPING)
    assert decision.pays
    assert [(p.line_number, p.reference, p.psp) for p in decision.postings] == [
        (1, "B-1043", "XG-5385010001-00007"),
        (2, "B-2001", "XG-5385010002-00001"),
    ]
    assert [p.amount for p in decision.payments] == [D("32240.00"), D("9650.00")]
    assert decision.remark == (
        "§107 Midlertidigt botilbud, §103 Beskyttet beskæftigelse · samlefaktura, 2 linjer · "
        "bevillinger B-1043, B-2001 · periode 01.10.2026–31.10.2026"
    )


def test_one_failing_line_makes_the_collective_invoice_line_failed_naming_each_line() -> None:
    bad = make_line(number=2, amount=D("9000.00"), note="cpr 230485-1118", item_description="")
    missing = make_line(number=3, amount=D("1.00"), note="", item_description="")
    decision = run_decide(
        make_invoice(make_line(), bad, missing), citizens=CITIZENS, mapping=MAPPING
    )
    assert decision.code is Code.LINE_FAILED
    assert [line.code for line in decision.lines] == [None, Code.AMOUNT_MISMATCH, Code.MISSING_CPR]
    note = decision.note or ""
    assert "Linje 2: [AMOUNT_MISMATCH]" in note
    assert "Linje 3: [MISSING_CPR]" in note
    assert "Linje 1:" not in note
    assert not decision.postings


def test_collective_invoice_where_no_line_has_a_cpr_is_missing_cpr() -> None:
    lines = (
        make_line(note="", item_description=""),
        make_line(number=2, note="", item_description=""),
    )
    decision = run_decide(make_invoice(*lines))
    assert decision.code is Code.MISSING_CPR


def test_buyer_reference_gives_the_cpr_to_lines_without_one() -> None:
    lines = (make_line(note=""), make_line(number=2, note="", amount=D("0")))
    decision = run_decide(make_invoice(*lines, buyer_reference="010190-1234"))
    assert decision.code is Code.LINE_FAILED  # line 2 found the citizen, but 0 kr. mismatches
    assert [line.code for line in decision.lines] == [None, Code.AMOUNT_MISMATCH]


def test_one_line_invoice_takes_its_lines_code() -> None:
    assert run_decide(grants=[]).code is Code.NO_GRANT


def test_invoice_without_lines_is_missing_cpr() -> None:
    decision = run_decide(make_invoice(lines=()))
    assert decision.code is Code.MISSING_CPR


def test_two_lines_paying_one_grant_for_overlapping_periods_is_duplicate_payment() -> None:
    first = make_line(
        period_start=date(2026, 10, 1), period_end=date(2026, 10, 15), amount=D("15600.00")
    )
    second = make_line(
        number=2,
        period_start=date(2026, 10, 10),
        period_end=date(2026, 10, 20),
        amount=D("11440.00"),
    )
    decision = run_decide(make_invoice(first, second))
    assert decision.code is Code.LINE_FAILED
    assert [line.code for line in decision.lines] == [None, Code.DUPLICATE_PAYMENT]
    assert decision.lines[1].same_grant_lines == (1,)


def test_two_lines_paying_one_grant_for_consecutive_periods_is_paid() -> None:
    first = make_line(
        period_start=date(2026, 10, 1), period_end=date(2026, 10, 15), amount=D("15600.00")
    )
    second = make_line(
        number=2,
        period_start=date(2026, 10, 16),
        period_end=date(2026, 10, 31),
        amount=D("16640.00"),
    )
    decision = run_decide(make_invoice(first, second))
    assert decision.pays
    assert decision.remark.endswith("bevillinger B-1043 · periode 01.10.2026–31.10.2026")


def test_each_line_uses_its_own_period_for_payments() -> None:
    payments = {
        "B-1043": [make_payment(period_start=date(2026, 10, 1), period_end=date(2026, 10, 15))]
    }
    second = make_line(
        period_start=date(2026, 10, 16), period_end=date(2026, 10, 31), amount=D("16640.00")
    )
    assert run_decide(make_invoice(second), payments=payments).pays


def _citizens(invoice: object) -> tuple[str, ...]:
    book = MappingBook.of(make_mapping())
    return prepare(invoice, book=book, today=TODAY).cprs_to_look_up  # type: ignore[arg-type]


def test_citizens_to_look_up_lists_each_valid_cpr_once() -> None:
    invoice = make_invoice(make_line(), LINE_2, make_line(number=3, note="CPR 320190-1234"))
    assert set(_citizens(invoice)) == {CPR, CPR_2}


def test_no_citizen_is_looked_up_when_a_document_check_fails_anyway() -> None:
    assert _citizens(make_invoice(doc_type="credit_note")) == ()
