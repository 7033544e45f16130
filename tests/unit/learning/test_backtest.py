"""The backtest (DOMAIN.md "Backtest"): each month replayed from what was posted in the 12 months
before it, each invoice people posted given the suggestion a note would give and the decision
learned postings would make, beside the PSP elements people chose."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from robot.domain.codes import Code
from robot.domain.history import HistoryLine, PostedBill
from robot.learning.backtest import (
    Figures,
    MonthReplay,
    backtest,
    last_months,
    reading_window,
)
from tests.builders import RECEIVER_EAN, SUPPLIER_CVR, make_book, make_plan_row

D = Decimal
TODAY = date(2026, 11, 23)
PAPER = "XG-5385099123-00001"
TONER = "XG-5385099123-00002"
OPEN = frozenset({PAPER, TONER})
OCTOBER = date(2026, 10, 1)


def bill(
    posted: date, *, psp: str = PAPER, amount: str = "1000.00", **overrides: Any
) -> PostedBill:
    fields: dict[str, Any] = {
        "supplier_cvr": SUPPLIER_CVR,
        "supplier_name": "Kontorland A/S",
        "receiver_ean": RECEIVER_EAN,
        "invoice_number": f"K-{posted.isoformat()}-{psp[-1]}",
        "issue_date": posted - timedelta(days=3),
        "posted_at": posted,
        "total": D(amount),
        "lines": (HistoryLine(text="Kopipapir A4", amount=D(amount), psp=psp),),
    }
    fields.update(overrides)
    return PostedBill(**fields)


def earlier(count: int, **overrides: Any) -> list[PostedBill]:
    """``count`` invoices in the months before October 2026, 17 days apart."""
    return [bill(OCTOBER - timedelta(days=17 * (n + 1)), **overrides) for n in range(count)]


def october(bills: list[PostedBill], **kw: Any) -> MonthReplay:
    book = kw.pop("book", make_book())
    [month] = backtest(bills, today=TODAY, months=1, open_psp=OPEN, book=book, **kw)
    assert month.month == OCTOBER
    return month


def test_the_last_months_are_the_whole_months_before_the_run_dates_month() -> None:
    assert last_months(TODAY, 3) == (date(2026, 8, 1), date(2026, 9, 1), OCTOBER)
    assert last_months(date(2027, 1, 5), 2) == (date(2026, 11, 1), date(2026, 12, 1))


def test_the_history_read_is_the_months_and_the_twelve_before_them() -> None:
    assert reading_window(TODAY, 3) == (date(2025, 8, 1), date(2026, 10, 31))


def test_a_history_of_one_mind_pays_the_months_invoice_where_people_posted_it() -> None:
    [replayed] = october([*earlier(7), bill(date(2026, 10, 14))]).replayed
    assert replayed.suggested[0] == PAPER and replayed.basis == "pair"
    assert replayed.first_right and replayed.top_right
    assert replayed.pays and not replayed.differs


def test_what_learned_postings_would_pay_elsewhere_than_people_differs() -> None:
    [replayed] = october([*earlier(7), bill(date(2026, 10, 14), psp=TONER)]).replayed
    assert replayed.pays and replayed.differs
    assert not replayed.first_right


def test_only_what_was_posted_before_the_month_is_learned_from() -> None:
    # Five earlier invoices and two in October: six are needed before each October one.
    month = october([*earlier(5), bill(date(2026, 10, 2)), bill(date(2026, 10, 20))])
    assert [r.decision.code for r in month.replayed] == [Code.MISSING_CPR, Code.MISSING_CPR]
    assert month.learned_from == 5


def test_invoices_posted_more_than_twelve_months_before_the_month_are_not_learned_from() -> None:
    old = [bill(date(2025, 9, 1) - timedelta(days=10 * n)) for n in range(7)]
    month = october([*old, bill(date(2026, 10, 14))])
    assert month.learned_from == 0
    assert not month.replayed[0].pays


def test_an_unusual_amount_is_not_paid_and_says_why() -> None:
    [replayed] = october([*earlier(7), bill(date(2026, 10, 14), amount="2000.00")]).replayed
    assert not replayed.pays
    assert replayed.decision.code is Code.LEARNED_AMOUNT_UNUSUAL


def test_the_learned_limit_given_is_the_one_applied() -> None:
    bills = [*earlier(7), bill(date(2026, 10, 14))]
    [replayed] = october(bills, limit=D("999.99")).replayed
    assert replayed.decision.code is Code.LEARNED_AMOUNT_UNUSUAL


def test_a_pair_with_no_history_gets_the_nearest_line_texts_psp_elements() -> None:
    others = earlier(3, supplier_cvr="98106871")
    [replayed] = october([*others, bill(date(2026, 10, 14))]).replayed
    assert replayed.basis == "texts" and replayed.suggested == (PAPER,)
    assert not replayed.pays


def test_the_top_three_are_the_pairs_psp_elements_by_lines_posted() -> None:
    bills = [*earlier(4), *earlier(2, psp=TONER, invoice_number="T"), bill(OCTOBER, psp=TONER)]
    [replayed] = october(bills).replayed
    assert replayed.suggested == (PAPER, TONER)
    assert replayed.top_right and not replayed.first_right


def test_plan_pairs_modtagere_eans_cpr_invoices_and_credit_notes_are_not_replayed() -> None:
    day = date(2026, 10, 14)
    cpr_line = HistoryLine(text="Ledsagelse 010190-1234", amount=D(1000), psp=PAPER)
    cases = {
        "plan": (bill(day), make_book(plans=[make_plan_row()])),
        "modtagere": (bill(day), make_book(certificate_eans=[RECEIVER_EAN])),
        "cpr": (bill(day, lines=(cpr_line,)), make_book()),
        "credit note": (bill(day, doc_type="credit_note"), make_book()),
    }
    for name, (posted, book) in cases.items():
        assert october([*earlier(7), posted], book=book).replayed == (), name


def test_figures_count_and_share_per_month_and_add_up_over_months() -> None:
    bills = [*earlier(7), bill(date(2026, 10, 2)), bill(date(2026, 10, 20), psp=TONER)]
    figures = october(bills).figures
    assert figures == Figures(
        invoices=2,
        suggested=2,
        first_right=1,
        top_right=1,
        paid=2,
        paid_amount=D("2000.00"),
        differs=1,
    )
    assert figures.share(figures.first_right) == D("0.5")
    assert (figures + figures).paid_amount == D("4000.00")
    assert Figures().share(0) is None
