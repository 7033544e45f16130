"""Plan proposals (DOMAIN.md "Plan proposals"): the row proposed for a supplier and receiver
whose invoices recur and are posted one way, and the first reason any other pair is left out."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from robot.domain.history import HistoryLine, PostedBill
from robot.domain.plans import Cadence
from robot.learning.cadence import add_months
from robot.learning.proposals import LeftOut, Proposal, review_pair, review_pairs
from robot.learning.reasons import Reason
from tests.builders import RECEIVER_EAN, SUPPLIER_CVR, make_book, make_plan_row

D = Decimal
TODAY = date(2026, 11, 23)
CLEANING = "XG-5385044001-00001"
MATERIALS = "XG-5385044002-00001"
OPEN = frozenset({CLEANING, MATERIALS})
TEXT = "Rengøring af fællesarealer og trappeopgange, Åbrinken"


def monthly_bill(n: int, amount: str = "10000.00", **overrides: Any) -> PostedBill:
    """The cleaning bill for the n-th month back from November 2026 (0: November)."""
    start = add_months(date(2026, 11, 1), -n)
    fields: dict[str, Any] = {
        "supplier_cvr": SUPPLIER_CVR,
        "supplier_name": "Rengøring Åbrinken ApS",
        "receiver_ean": RECEIVER_EAN,
        "invoice_number": f"R-{100 - n}",
        "issue_date": start - timedelta(days=10),
        "period_start": start,
        "period_end": add_months(start, 1) - timedelta(days=1),
        "posted_at": start - timedelta(days=6),
        "total": D(amount),
        "lines": (HistoryLine(text=TEXT, amount=D(amount), psp=CLEANING),),
    }
    fields.update(overrides)
    return PostedBill(**fields)


def months(*backs: int, **overrides: Any) -> list[PostedBill]:
    return [monthly_bill(n, **overrides) for n in backs]


def review(bills: list[PostedBill], **book: Any) -> Proposal | LeftOut:
    open_psp = book.pop("open_psp", OPEN)
    return review_pair(bills, today=TODAY, open_psp=open_psp, book=make_book(**book))


def proposed(bills: list[PostedBill], **book: Any) -> Proposal:
    found = review(bills, **book)
    assert isinstance(found, Proposal), found
    return found


def left_out(bills: list[PostedBill], **book: Any) -> LeftOut:
    found = review(bills, **book)
    assert isinstance(found, LeftOut), found
    return found


def test_a_monthly_bill_posted_one_way_is_proposed_with_every_field_of_the_row() -> None:
    bills = [monthly_bill(n, amount) for n, amount in enumerate(["10450.10", "9800.55", "10010"])]
    row = proposed(bills)
    assert (row.supplier_cvr, row.receiver_ean) == (SUPPLIER_CVR, RECEIVER_EAN)
    assert (row.amount_from, row.amount_to) == (D("8820.00"), D("11496.00"))
    assert row.cadence is Cadence.MONTH
    assert row.psp == CLEANING
    assert row.line_text == TEXT[:40]
    assert row.valid_from == date(2026, 12, 1)
    assert row.remark == "Foreslået 23.11.2026"


def test_the_amounts_are_widened_by_a_tenth_and_rounded_out_to_whole_kroner() -> None:
    bills = [monthly_bill(n, amount) for n, amount in enumerate(["1000.00", "1000.01", "999.99"])]
    row = proposed(bills)
    # 999,99 × 0,9 = 899,991 rounds down; 1.000,01 × 1,1 = 1.100,011 rounds up
    assert (row.amount_from, row.amount_to) == (D("899.00"), D("1101.00"))


def test_the_evidence_gives_count_first_last_amounts_share_and_missing_periods() -> None:
    bills = [monthly_bill(n, a) for n, a in [(0, "300"), (1, "100"), (3, "200"), (4, "900")]]
    evidence = proposed(bills).evidence
    assert evidence.count == 4
    assert (evidence.first, evidence.last) == (date(2026, 7, 1), date(2026, 11, 1))
    assert (evidence.lowest, evidence.median, evidence.highest) == (D(100), D(250), D(900))
    assert evidence.share == 1
    assert evidence.missing == 1


def test_the_commonest_line_text_is_the_line_text_cut_to_forty_characters() -> None:
    extra = HistoryLine(text="Ekstraarbejde", amount=D("500.00"), psp=CLEANING)
    bills = months(0, 1, 2, 3)
    bills[1] = monthly_bill(1, lines=(*bills[1].lines, extra), total=D("10500.00"))
    assert proposed(bills).line_text == "Rengøring af fællesarealer og trappeopga"


def test_a_quarterly_bill_starts_its_proposal_with_the_next_quarter() -> None:
    bills = [monthly_bill(n) for n in (1, 4, 7)]  # October, July, April
    row = proposed(bills)
    assert (row.cadence, row.valid_from) == (Cadence.QUARTER, date(2027, 1, 1))


def test_bills_without_a_period_recur_by_their_issue_dates() -> None:
    bills = [
        monthly_bill(n, period_start=None, period_end=None, issue_date=date(2026, 11 - n, 21))
        for n in range(5)
    ]
    assert proposed(bills).cadence is Cadence.MONTH


@pytest.mark.parametrize("valid_to", [None, date(2027, 6, 30)])
def test_a_plan_row_for_the_pair_valid_on_the_run_date_or_later_leaves_it_out(
    valid_to: date | None,
) -> None:
    found = left_out(months(0, 1, 2), plans=[make_plan_row(sheet_row=7, valid_to=valid_to)])
    assert found.reason is Reason.COVERED_BY_PLAN
    assert "Række 7" in found.detail


def test_a_plan_row_that_has_ended_does_not_cover_the_pair() -> None:
    ended = make_plan_row(valid_to=date(2025, 12, 31))
    assert isinstance(review(months(0, 1, 2), plans=[ended]), Proposal)


def test_a_receiver_listed_in_modtagere_is_left_out() -> None:
    found = left_out(months(0, 1, 2), rent_eans=[RECEIVER_EAN])
    assert found.reason is Reason.MODTAGERE_EAN


def test_a_cpr_on_any_invoice_of_the_pair_leaves_it_out_without_showing_the_cpr() -> None:
    bills = months(0, 1, 2, 3)
    line = HistoryLine(text="Ledsagelse 010190-1234", amount=D("10000.00"), psp=CLEANING)
    bills[2] = monthly_bill(2, lines=(line,))
    found = left_out(bills)
    assert found.reason is Reason.CPR
    assert "1 af 4" in found.detail and "010190" not in found.detail


def test_two_invoices_are_too_few() -> None:
    found = left_out(months(0, 1))
    assert found.reason is Reason.TOO_FEW


def test_invoices_on_days_with_no_cadence_are_irregular() -> None:
    days = [date(2026, 3, 4), date(2026, 3, 12), date(2026, 6, 30), date(2026, 10, 2)]
    bills = [
        monthly_bill(n, period_start=None, period_end=None, issue_date=day)
        for n, day in enumerate(days)
    ]
    assert left_out(bills).reason is Reason.IRREGULAR


def test_one_missing_month_is_proposed_and_two_are_left_out() -> None:
    assert isinstance(review(months(0, 1, 3, 4)), Proposal)
    assert left_out(months(0, 1, 4, 5)).reason is Reason.PERIODS_MISSING


def test_a_pair_whose_last_bill_is_two_months_back_is_proposed_and_three_is_stopped() -> None:
    assert isinstance(review(months(2, 3, 4, 5)), Proposal)
    found = left_out(months(3, 4, 5, 6))
    assert found.reason is Reason.STOPPED
    assert "01.08.2026" in found.detail


def _split(on_materials: int) -> list[PostedBill]:
    """Ten lines a bill: the given number of them on MATERIALS, the rest on CLEANING."""
    bills = []
    for n in range(3):
        lines = tuple(
            HistoryLine(text=TEXT, amount=D(100), psp=MATERIALS if i < on_materials else CLEANING)
            for i in range(10)
        )
        bills.append(monthly_bill(n, "1000.00", lines=lines))
    return bills


def test_ninety_percent_of_the_lines_on_one_psp_element_is_enough_and_less_is_split() -> None:
    assert proposed(_split(1)).psp == CLEANING
    found = left_out(_split(2))
    assert found.reason is Reason.SPLIT_PSP
    assert "80 %" in found.detail


def test_a_psp_element_the_erp_has_closed_leaves_the_pair_out() -> None:
    found = left_out(months(0, 1, 2), open_psp=frozenset({MATERIALS}))
    assert found.reason is Reason.CLOSED_PSP
    assert CLEANING in found.detail


@pytest.mark.parametrize(
    ("reasons", "book", "bills"),
    [
        (Reason.MODTAGERE_EAN, {"rent_eans": [RECEIVER_EAN], "plans": [make_plan_row()]}, [0]),
        (Reason.COVERED_BY_PLAN, {"plans": [make_plan_row()]}, [0]),
        (Reason.TOO_FEW, {"open_psp": frozenset()}, [5, 9]),
    ],
)
def test_the_first_rule_a_pair_fails_names_the_reason(
    reasons: Reason, book: dict[str, Any], bills: list[int]
) -> None:
    assert left_out(months(*bills), **book).reason is reasons


def test_credit_notes_are_not_counted_and_every_pair_is_reviewed_once() -> None:
    credit = monthly_bill(3, doc_type="credit_note")
    other = months(0, 1, supplier_cvr="98106871")
    found = review_pairs(
        [*months(0, 1, 2), credit, *other], today=TODAY, open_psp=OPEN, book=make_book()
    )
    assert found.pairs == 2
    assert [p.evidence.count for p in found.proposals] == [3]
    assert found.reasons() == {Reason.TOO_FEW: 1}
