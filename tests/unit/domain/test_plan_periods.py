"""A payment plan pays each cadence period once (DOMAIN.md "Payment plans"): every period an
invoice covers is checked and claimed; without a period, the month its lines name; and a plan
never pays 0,00 or less (the second attack's findings 1-3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from robot.domain.claims import plan_period
from robot.domain.codes import Code
from robot.domain.models import PostedInvoice
from robot.domain.named_months import months_named
from robot.domain.plans import Cadence, covered_periods
from robot.domain.router import uses
from tests.builders import (
    RECEIVER_EAN,
    SUPPLIER_CVR,
    make_book,
    make_line,
    make_plan_invoice,
    make_plan_row,
    run_route,
)

D = Decimal
CLEANING = make_book(
    plans=[make_plan_row(amount_from=D("9000"), amount_to=D("11000"), line_text="Rengøring")]
)


def _cleaning_bill(text: str, issued: date, **overrides: object) -> object:
    line = make_line(amount=D("9925.00"), note=text, item_name="Rengøring")
    fields: dict[str, object] = {
        "lines": (line,),
        "total": line.amount,
        "period_start": None,
        "period_end": None,
        "issue_date": issued,
    }
    fields.update(overrides)
    return make_plan_invoice(**fields)


PAID_OCTOBER_WITHOUT_PERIOD = PostedInvoice(
    invoice_number="R-1009",
    total=D("9925.00"),
    erp_id="ERP-000041",
    issue_date=date(2026, 10, 9),
    texts=("Rengøring oktober 2026",),
)


@pytest.mark.parametrize(
    "text",
    ["Rengøring oktober 2026", "Rengøring okt. 2026", "Rengøring 10.2026", "Rengøring 10/2026"],
)
def test_plan_bill_resent_in_a_later_month_without_a_period_is_plan_already_paid(
    text: str,
) -> None:
    copy = _cleaning_bill(text, date(2026, 11, 2), invoice_number="R-1102")
    decision = run_route(copy, book=CLEANING, posted=[PAID_OCTOBER_WITHOUT_PERIOD])  # type: ignore[arg-type]
    assert decision.code is Code.PLAN_ALREADY_PAID
    assert "oktober 2026" in (decision.note or "")


def test_plan_bill_without_a_period_claims_the_month_its_lines_name_not_the_issue_month() -> None:
    bill = _cleaning_bill("Rengøring oktober 2026", date(2026, 11, 2))
    decision = run_route(bill, book=CLEANING)  # type: ignore[arg-type]
    assert decision.pays
    assert uses(decision) == (plan_period(SUPPLIER_CVR, RECEIVER_EAN, "måned", date(2026, 10, 1)),)


def test_plan_bill_naming_no_month_and_without_a_period_claims_its_issue_month() -> None:
    bill = _cleaning_bill("Rengøring", date(2026, 11, 2))
    decision = run_route(bill, book=CLEANING)  # type: ignore[arg-type]
    assert uses(decision) == (plan_period(SUPPLIER_CVR, RECEIVER_EAN, "måned", date(2026, 11, 1)),)


def test_plan_invoice_over_two_months_claims_both_months() -> None:
    bill = make_plan_invoice(
        lines=(make_line(amount=D("10000.00"), note="Husleje"),),
        total=D("10000.00"),
        period_start=date(2026, 10, 1),
        period_end=date(2026, 11, 30),
    )
    decision = run_route(bill, book=make_book(plans=[make_plan_row(amount_to=D("21000"))]))
    assert decision.pays
    assert [c.unit for c in uses(decision)] == ["måned:2026-10-01", "måned:2026-11-01"]


def test_plan_invoice_over_two_months_is_already_paid_when_its_second_month_is_paid() -> None:
    paid_november = PostedInvoice(
        invoice_number="H-1101",
        total=D("10000.00"),
        erp_id="ERP-000050",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
    )
    bill = make_plan_invoice(period_start=date(2026, 10, 1), period_end=date(2026, 11, 30))
    decision = run_route(
        bill, book=make_book(plans=[make_plan_row(amount_to=D("21000"))]), posted=[paid_november]
    )
    assert decision.code is Code.PLAN_ALREADY_PAID
    assert "H-1101" in (decision.note or "")


def test_quarterly_plan_invoice_over_two_quarters_claims_both_quarters() -> None:
    book = make_book(plans=[make_plan_row(cadence=Cadence.QUARTER, amount_to=D("21000"))])
    bill = make_plan_invoice(period_start=date(2026, 9, 1), period_end=date(2026, 10, 31))
    decision = run_route(bill, book=book)
    assert [c.unit for c in uses(decision)] == ["kvartal:2026-07-01", "kvartal:2026-10-01"]


@pytest.mark.parametrize("amount", ["0.00", "-100.00"])
def test_plan_never_pays_zero_or_less_even_when_its_row_has_no_lower_bound(amount: str) -> None:
    book = make_book(plans=[make_plan_row(amount_from=D(0), amount_to=None)])
    bill = make_plan_invoice(lines=(make_line(amount=D(amount), note="Husleje"),), total=D(amount))
    decision = run_route(bill, book=book)
    assert not decision.pays
    assert decision.code in (Code.PLAN_AMOUNT_OUTSIDE_RANGE, Code.CREDIT_NOTE)
    if amount == "0.00":
        assert decision.code is Code.PLAN_AMOUNT_OUTSIDE_RANGE


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("Rengøring oktober 2026", date(2026, 10, 1)),
        ("rengøring OKT. 2026", date(2026, 10, 1)),
        ("Abonnement sept 2026", date(2026, 9, 1)),
        ("Leje 10.2026", date(2026, 10, 1)),
        ("Leje 10/2026", date(2026, 10, 1)),
        ("Leje 3/2026", date(2026, 3, 1)),
        ("Periode 01.10-31.10.2026", date(2026, 10, 1)),
        ("Leje 2026-10", date(2026, 10, 1)),
        ("Maj 2026", date(2026, 5, 1)),
    ],
)
def test_months_named_read_every_way_suppliers_write_a_month(text: str, month: date) -> None:
    assert months_named([text]) == {month}


@pytest.mark.parametrize("text", ["Rengøring", "Faktura 1234-5678", "Konto 13.2026", "Decem 2026"])
def test_months_named_finds_none_where_no_month_is_named(text: str) -> None:
    assert months_named([text]) == frozenset()


def test_covered_periods_prefer_the_period_then_the_named_months_then_the_issue_date() -> None:
    from robot.domain.models import Period

    october = date(2026, 10, 1)
    period = Period(date(2026, 11, 5), date(2026, 11, 20))
    by_period = covered_periods(
        Cadence.MONTH, period=period, named_months=[october], issue_date=date(2026, 12, 1)
    )
    assert [p.start for p in by_period] == [date(2026, 11, 1)]
    by_name = covered_periods(
        Cadence.MONTH, period=None, named_months=[october], issue_date=date(2026, 12, 1)
    )
    assert [p.start for p in by_name] == [october]
    by_issue = covered_periods(
        Cadence.MONTH, period=None, named_months=[], issue_date=date(2026, 12, 1)
    )
    assert [p.start for p in by_issue] == [date(2026, 12, 1)]
