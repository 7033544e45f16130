"""Learning from what people posted (DOMAIN.md): posting suggestions in notes, learned postings
and the history they use, each rule by name."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from robot.domain.codes import Code
from robot.domain.decision import Decision
from robot.domain.history import HistoryLine, PostedBill, usable
from robot.domain.models import Invoice
from robot.domain.router import uses
from robot.domain.routes import Route
from robot.learning.model import LearnedHistory
from tests.builders import (
    RECEIVER_EAN,
    SUPPLIER_CVR,
    TODAY,
    make_book,
    make_invoice,
    make_line,
    make_plan_row,
    run_route,
)

D = Decimal
SUPPLIES = "XG-5385099123-00001"
OTHER_PSP = "XG-5385099123-00002"


def make_bill(n: int, **overrides: Any) -> PostedBill:
    """The n-th earlier invoice from SUPPLIER_CVR to RECEIVER_EAN, 1.000 kr. on SUPPLIES."""
    fields: dict[str, Any] = {
        "supplier_cvr": SUPPLIER_CVR,
        "supplier_name": "Kontorland A/S",
        "receiver_ean": RECEIVER_EAN,
        "invoice_number": f"K-{n}",
        "posted_at": TODAY - timedelta(days=20 + 30 * n),
        "total": D("1000.00"),
        "lines": (HistoryLine(text="Kopipapir A4", amount=D("1000.00"), psp=SUPPLIES),),
    }
    fields.update(overrides)
    return PostedBill(**fields)


def history(*bills: PostedBill) -> LearnedHistory:
    return LearnedHistory(usable(bills))


def of_one_mind(count: int = 8) -> LearnedHistory:
    return history(*(make_bill(n) for n in range(count)))


def supplies_invoice(amount: str = "900.00", **overrides: Any) -> Invoice:
    line = make_line(amount=D(amount), note="Leveret oktober", item_name="Kopipapir A4")
    fields: dict[str, Any] = {
        "receiver_ean": RECEIVER_EAN,
        "lines": (line,),
        "total": D(amount),
        "buyer_reference": "Åbrinken",
    }
    fields.update(overrides)
    return make_invoice(**fields)


def learned(
    invoice: Invoice | None = None, *, past: LearnedHistory | None = None, **kw: Any
) -> Decision:
    from robot.domain.prepared import Facts
    from robot.domain.router import decide_invoice, prepare
    from tests.builders import make_settings

    book = kw.pop("book", make_book())
    open_psp = kw.pop("open_psp", frozenset({SUPPLIES, OTHER_PSP}))
    settings = make_settings(learned_postings=kw.pop("flag", True), **kw)
    chosen = invoice or supplies_invoice()
    prepared = prepare(
        chosen, book=book, today=settings.today, learned_postings=settings.learned_postings
    )
    facts = Facts(
        history=past if past is not None else of_one_mind(),
        open_psp=open_psp,
        citizens={},
    )
    return decide_invoice(prepared, facts, book=book, settings=settings)


def test_learned_posting_pays_each_line_on_the_one_psp_of_its_pairs_history() -> None:
    decision = learned()
    assert decision.route is Route.LEARNED
    assert decision.pays
    assert [(p.psp, p.amount, p.text) for p in decision.postings] == [
        (SUPPLIES, D("900.00"), "Kopipapir A4")
    ]


def test_learned_posting_remark_says_on_what_history_it_was_paid() -> None:
    decision = learned()
    since = (TODAY - timedelta(days=20 + 30 * 7)).strftime("%d.%m.%Y")
    assert decision.remark == (
        f"Lært kontering · 8 af 8 fakturaer fra {SUPPLIER_CVR} til {RECEIVER_EAN} siden {since}"
        f" · {SUPPLIES}"
    )


def test_learned_posting_keeps_each_lines_own_text_cut_to_50_characters() -> None:
    long = "Kopipapir A4, hvidt, 80 g, 5 pakker a 500 ark, leveret til kontoret"
    invoice = supplies_invoice(lines=(make_line(amount=D("900.00"), note="", item_name=long),))
    [posting] = learned(invoice).postings
    assert posting.text == long[:50].rstrip()


def test_learned_postings_need_at_least_six_earlier_invoices() -> None:
    decision = learned(past=of_one_mind(5))
    assert decision.code is Code.MISSING_CPR
    assert "mindst 6 tidligere fakturaer" in (decision.note or "")
    assert "Forslag til kontering: " + SUPPLIES in (decision.note or "")
    assert learned(past=of_one_mind(6)).pays


def test_learned_postings_need_95_percent_of_the_lines_on_one_psp() -> None:
    bills = [make_bill(n) for n in range(19)]
    other = HistoryLine(text="Kopipapir A4", amount=D("1000.00"), psp=OTHER_PSP)
    assert learned(past=history(*bills, make_bill(19, lines=(other,)))).pays  # 19 of 20
    two_off = [*bills[:18], make_bill(18, lines=(other,)), make_bill(19, lines=(other,))]
    decision = learned(past=history(*two_off))  # 18 of 20: 90 %
    assert decision.code is Code.MISSING_CPR
    assert "90 %" in (decision.note or "")


def test_learned_postings_need_the_psp_element_to_be_open() -> None:
    decision = learned(open_psp=frozenset({OTHER_PSP}))
    assert decision.code is Code.MISSING_CPR
    assert "ikke åbent" in (decision.note or "")


@pytest.mark.parametrize(
    ("amount", "pays"),
    [("1100.00", True), ("1100.01", False), ("900.00", True), ("899.99", False)],
)
def test_an_amount_outside_the_historys_range_widened_by_ten_percent_is_unusual(
    amount: str, pays: bool
) -> None:
    decision = learned(supplies_invoice(amount))
    assert decision.pays is pays
    if not pays:
        assert decision.code is Code.LEARNED_AMOUNT_UNUSUAL


def test_an_amount_above_the_learned_limit_is_unusual_however_usual_for_the_pair() -> None:
    big = [
        make_bill(
            n,
            total=D("8000.00"),
            lines=(HistoryLine(text="Møbler", amount=D("8000.00"), psp=SUPPLIES),),
        )
        for n in range(8)
    ]
    decision = learned(supplies_invoice("8000.00"), past=history(*big))
    assert decision.code is Code.LEARNED_AMOUNT_UNUSUAL
    assert "grænsen for lært kontering" in (decision.note or "")
    assert learned(supplies_invoice("8000.00"), past=history(*big), learned_limit=D(9000)).pays


def test_without_the_flag_nothing_is_paid_and_the_note_suggests_the_posting() -> None:
    decision = learned(flag=False)
    assert decision.route is Route.GRANT
    assert decision.code is Code.MISSING_CPR
    assert f"Forslag til kontering: {SUPPLIES} (8 af 8 fakturaer fra Kontorland A/S" in (
        decision.note or ""
    )


def test_with_no_history_for_the_pair_the_note_suggests_the_nearest_line_texts() -> None:
    elsewhere = [
        make_bill(
            n,
            supplier_cvr="98106871",
            lines=(HistoryLine(text="Kopipapir A4 hvidt", amount=D("500.00"), psp=OTHER_PSP),),
        )
        for n in range(3)
    ]
    decision = learned(flag=False, past=history(*elsewhere))
    assert "nærmeste linjetekster" in (decision.note or "")
    assert f"{OTHER_PSP} (100 %)" in (decision.note or "")


def test_an_invoice_with_a_cpr_is_never_learned() -> None:
    invoice = supplies_invoice(buyer_reference="010190-1234")
    assert learned(invoice).route is Route.GRANT


def test_a_plan_row_takes_the_invoice_before_learning() -> None:
    book = make_book(plans=[make_plan_row(amount_from=D(0), amount_to=D(2000))])
    assert learned(book=book).route is Route.PLAN


def test_the_history_used_leaves_out_every_invoice_with_a_cpr_in_it() -> None:
    with_cpr = make_bill(
        1, lines=(HistoryLine(text="Ophold, CPR 010190-1234", amount=D(1), psp="X"),)
    )
    kept = usable([make_bill(0), with_cpr, make_bill(2, invoice_number="190356-2443")])
    assert [b.invoice_number for b in kept] == ["K-0"]


def test_a_learned_posting_uses_up_its_supplier_receiver_and_period() -> None:
    decision = learned(
        supplies_invoice(period_start=date(2026, 10, 1), period_end=date(2026, 10, 31))
    )
    assert [(c.kind.value, c.unit) for c in uses(decision)] == [
        ("learned", "2026-10-01..2026-10-31")
    ]


def test_the_document_checks_come_before_learning() -> None:
    decision = learned(supplies_invoice(currency="EUR"))
    assert decision.code is Code.CURRENCY_NOT_DKK


def test_run_route_default_has_no_learned_postings() -> None:
    assert run_route(supplies_invoice()).route is Route.GRANT
