"""Rent for benefit recipients (DOMAIN.md): every check in its order, the deviation from last
month, the payout deducted from, and what paying writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from robot.domain.benefits import BenefitsCitizen, Deduction
from robot.domain.claims import rent_month
from robot.domain.codes import Code
from robot.domain.router import uses
from robot.domain.routes import Route
from tests.builders import (
    CPR,
    LANDLORD_CVR,
    OTHER_CVR,
    RENT_EAN,
    RENT_PSP,
    make_agreement,
    make_landlord_row,
    make_line,
    make_payout,
    make_rent_invoice,
    rent_book,
    run_rent,
)

D = Decimal


def _citizen(**overrides: object) -> BenefitsCitizen:
    fields: dict[str, object] = {
        "agreements": (make_agreement(),),
        "payouts": (make_payout(),),
        "deductions": (),
    }
    fields.update(overrides)
    return BenefitsCitizen(**fields)  # type: ignore[arg-type]


def _deducted(month: date, amount: str, **overrides: object) -> Deduction:
    fields: dict[str, object] = {
        "payout_id": f"U-{month:%m}",
        "agreement_id": "HA-3001",
        "month": month,
        "amount": D(amount),
        "invoice_ref": f"{LANDLORD_CVR}/H-{month:%m}",
    }
    fields.update(overrides)
    return Deduction(**fields)  # type: ignore[arg-type]


def test_rent_invoice_is_recognised_by_its_husleje_receiver_and_paid() -> None:
    decision = run_rent()
    assert decision.route is Route.RENT
    assert decision.pays


def test_paid_rent_deducts_the_amount_from_the_months_payout_then_posts_on_the_landlords_psp() -> (
    None
):
    decision = run_rent()
    [deduction] = decision.deductions
    assert (deduction.payout_id, deduction.agreement_id, deduction.month, deduction.amount) == (
        "U-7001",
        "HA-3001",
        date(2026, 12, 1),
        D("5200.00"),
    )
    assert deduction.invoice_ref == f"{LANDLORD_CVR}/H-1201"
    [posting] = decision.postings
    assert (posting.psp, posting.amount, posting.text) == (
        RENT_PSP,
        D("5200.00"),
        "Husleje HA-3001 12.2026",
    )
    assert decision.remark == (
        "Husleje · aftale HA-3001 · Boligselskabet Fjordbo · 12.2026 · træk i udbetaling U-7001"
    )


def test_paying_rent_uses_up_the_agreements_month() -> None:
    assert uses(run_rent()) == (rent_month("HA-3001", date(2026, 12, 1)),)


@pytest.mark.parametrize(
    ("period", "payable"),
    [
        ((date(2026, 12, 1), date(2026, 12, 31)), True),
        ((date(2027, 1, 1), date(2027, 1, 31)), True),  # a month ahead: rent is billed ahead
        ((date(2026, 12, 1), date(2026, 12, 15)), False),
        ((date(2026, 11, 15), date(2026, 12, 14)), False),
        ((date(2026, 11, 1), date(2026, 12, 31)), False),
    ],
)
def test_rent_period_must_be_exactly_one_calendar_month_ahead_allowed(
    period: tuple[date, date], payable: bool
) -> None:
    invoice = make_rent_invoice(period_start=period[0], period_end=period[1])
    month = date(period[0].year, period[0].month, 1)
    citizen = _citizen(payouts=(make_payout(month=month),))
    decision = run_rent(invoice, citizen=citizen)
    assert decision.pays is payable
    if not payable:
        assert decision.code is Code.PERIOD_NOT_PAYABLE


def test_rent_without_a_period_is_for_the_month_its_lines_name() -> None:
    line = make_line(amount=D("5200.00"), note="Husleje december 2026, CPR 010190-1234")
    invoice = make_rent_invoice(
        period_start=None, period_end=None, lines=(line,), issue_date=date(2026, 11, 20)
    )
    [deduction] = run_rent(invoice).deductions
    assert deduction.month == date(2026, 12, 1)


def test_rent_without_a_period_or_a_named_month_is_for_its_issue_dates_month() -> None:
    line = make_line(amount=D("5200.00"), note="Husleje, CPR 010190-1234")
    invoice = make_rent_invoice(
        period_start=None, period_end=None, lines=(line,), issue_date=date(2026, 12, 2)
    )
    [deduction] = run_rent(invoice).deductions
    assert deduction.month == date(2026, 12, 1)


def test_rent_is_landlord_not_approved_without_an_udlejere_row_valid_in_the_rent_month() -> None:
    ended = rent_book(landlords=[make_landlord_row(valid_to=date(2026, 11, 30))])
    decision = run_rent(book=ended)
    assert decision.code is Code.LANDLORD_NOT_APPROVED
    assert "Udlejere" in (decision.note or "")


def test_landlord_is_checked_before_the_cpr() -> None:
    invoice = make_rent_invoice(lines=(make_line(amount=D("5200.00"), note="Husleje"),))
    decision = run_rent(invoice, book=rent_book(landlords=[]))
    assert decision.code is Code.LANDLORD_NOT_APPROVED


def test_rent_without_a_cpr_is_missing_cpr() -> None:
    invoice = make_rent_invoice(
        lines=(make_line(amount=D("5200.00"), note="Husleje december 2026"),)
    )
    assert run_rent(invoice).code is Code.MISSING_CPR


def test_rent_naming_two_citizens_is_invalid_cpr() -> None:
    line = make_line(amount=D("5200.00"), note="Husleje december 2026, CPR 010190-1234")
    invoice = make_rent_invoice(lines=(line,), buyer_reference="2304851118")
    assert run_rent(invoice).code is Code.INVALID_CPR


def test_rent_for_a_citizen_the_benefits_system_does_not_know_is_citizen_not_found() -> None:
    from tests.builders import run_route

    decision = run_route(make_rent_invoice(), book=rent_book(), citizens={}, benefits={CPR: None})
    assert decision.code is Code.CITIZEN_NOT_FOUND
    assert "ydelsessystemet" in (decision.note or "")


def test_no_rent_agreement_with_this_landlord_is_no_rent_agreement() -> None:
    other = _citizen(agreements=(make_agreement(landlord_cvr=OTHER_CVR),))
    decision = run_rent(citizen=other)
    assert decision.code is Code.NO_RENT_AGREEMENT
    assert "Ny huslejeaftale" in (decision.note or "")


def test_an_agreement_ending_inside_the_month_is_no_rent_agreement() -> None:
    ending = _citizen(agreements=(make_agreement(valid_to=date(2026, 12, 15)),))
    assert run_rent(citizen=ending).code is Code.NO_RENT_AGREEMENT


def test_two_agreements_with_the_landlord_covering_the_month_are_ambiguous() -> None:
    two = _citizen(agreements=(make_agreement(), make_agreement(agreement_id="HA-3002")))
    decision = run_rent(citizen=two)
    assert decision.code is Code.AMBIGUOUS_RENT_AGREEMENT
    assert "HA-3001" in (decision.note or "") and "HA-3002" in (decision.note or "")


def test_an_ended_agreement_is_eliminated_and_the_new_one_pays() -> None:
    moved = _citizen(
        agreements=(
            make_agreement(valid_to=date(2026, 11, 30)),
            make_agreement(agreement_id="HA-3010", valid_from=date(2026, 12, 1)),
        )
    )
    [deduction] = run_rent(citizen=moved).deductions
    assert deduction.agreement_id == "HA-3010"


def test_a_month_already_deducted_is_rent_already_paid() -> None:
    paid = _citizen(deductions=(_deducted(date(2026, 12, 1), "5200.00"),))
    decision = run_rent(citizen=paid)
    assert decision.code is Code.RENT_ALREADY_PAID
    assert "afvis" in (decision.note or "").lower()


def test_the_month_deducted_by_this_very_invoice_is_finished_not_refused() -> None:
    """A run that died between the deduction and the posting: the next one posts it."""
    ours = _deducted(date(2026, 12, 1), "5200.00", invoice_ref=f"{LANDLORD_CVR}/H-1201")
    decision = run_rent(citizen=_citizen(deductions=(ours,)))
    assert decision.pays


@pytest.mark.parametrize(("amount", "pays"), [("5720.00", True), ("5720.01", False)])
def test_rent_may_deviate_up_to_ten_per_cent_from_the_agreement_when_nothing_is_deducted_yet(
    amount: str, pays: bool
) -> None:
    invoice = make_rent_invoice(
        lines=(make_line(amount=D(amount), note="Husleje december 2026 CPR 010190-1234"),),
        total=D(amount),
    )
    decision = run_rent(invoice)
    assert decision.pays is pays
    if not pays:
        assert decision.code is Code.RENT_DEVIATION


def test_rent_deviation_is_measured_against_last_months_deduction_not_the_agreement() -> None:
    november = _deducted(date(2026, 11, 1), "6000.00")
    october = _deducted(date(2026, 10, 1), "5200.00")
    citizen = _citizen(deductions=(october, november))
    invoice = make_rent_invoice(
        lines=(make_line(amount=D("6300.00"), note="Husleje december 2026 CPR 010190-1234"),),
        total=D("6300.00"),
    )
    assert run_rent(invoice, citizen=citizen).pays  # 5 % over November, 21 % over the rent


def test_rent_deviation_note_gives_both_amounts_and_the_share() -> None:
    invoice = make_rent_invoice(
        lines=(make_line(amount=D("6000.00"), note="Husleje december 2026 CPR 010190-1234"),),
        total=D("6000.00"),
    )
    decision = run_rent(invoice)
    note = decision.note or ""
    assert decision.code is Code.RENT_DEVIATION
    assert "6.000,00 kr." in note and "5.200,00 kr." in note
    assert "15,4 %" in note and "10 %" in note


def test_a_landlord_row_with_a_wider_afvigelse_pays_a_larger_rise() -> None:
    invoice = make_rent_invoice(
        lines=(make_line(amount=D("6000.00"), note="Husleje december 2026 CPR 010190-1234"),),
        total=D("6000.00"),
    )
    wider = rent_book(landlords=[make_landlord_row(deviation_pct=D(25))])
    assert run_rent(invoice, book=wider).pays


def test_no_planned_payout_for_the_month_is_no_payout_for_month() -> None:
    assert run_rent(citizen=_citizen(payouts=())).code is Code.NO_PAYOUT_FOR_MONTH


def test_a_payout_paid_out_already_is_no_payout_for_month() -> None:
    paid_out = _citizen(payouts=(make_payout(status="udbetalt"),))
    decision = run_rent(citizen=paid_out)
    assert decision.code is Code.NO_PAYOUT_FOR_MONTH
    assert "gået ud" in (decision.note or "")


def test_a_payout_with_less_left_than_the_rent_is_benefit_too_small() -> None:
    garage_taken = _citizen(payouts=(make_payout(amount=D("8000.00"), deducted=D("3000.00")),))
    decision = run_rent(citizen=garage_taken)
    assert decision.code is Code.BENEFIT_TOO_SMALL
    assert "5.000,00 kr." in (decision.note or "")


@pytest.mark.parametrize(
    ("citizen", "code"),
    [
        (_citizen(payouts=()), Code.NO_PAYOUT_FOR_MONTH),
        (
            _citizen(
                agreements=(make_agreement(rent=D("4000.00")),),
                payouts=(make_payout(amount=D("100.00")),),
            ),
            Code.RENT_DEVIATION,
        ),
    ],
    ids=["payout-after-agreement", "deviation-before-payout"],
)
def test_rent_checks_run_in_domains_order(citizen: BenefitsCitizen, code: Code) -> None:
    assert run_rent(citizen=citizen).code is code


def test_rent_above_the_approval_limit_goes_to_a_person_with_its_posting() -> None:
    decision = run_rent(approval_limit=D("5000.00"))
    assert decision.code is Code.ABOVE_APPROVAL_LIMIT
    assert "Registrér først huslejetrækket" in (decision.note or "")


def test_rent_notes_never_show_the_cpr() -> None:
    for decision in (
        run_rent(citizen=_citizen(payouts=())),
        run_rent(book=rent_book(landlords=[])),
        run_rent(citizen=_citizen(agreements=())),
    ):
        assert "010190" not in (decision.note or "")


def test_rent_receiver_ean_is_read_whatever_its_spacing() -> None:
    spaced = make_rent_invoice(receiver_ean=" ".join(RENT_EAN))
    assert run_rent(spaced).route is Route.RENT
