"""Every code of DOMAIN.md from decide(), and which code wins when several checks fail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from robot.domain.benefits import BenefitsCitizen, Deduction
from robot.domain.codes import Code
from robot.domain.decision import Decision
from robot.domain.models import CitizenRecord, PostedInvoice
from robot.domain.psp import MappingKey
from robot.domain.router import (
    apply_posting_refused,
    apply_psp_rejected,
    repeated_failure,
)
from tests.builders import (
    CERTIFICATE_EAN,
    CPR,
    OTHER_CVR,
    make_agreement,
    make_book,
    make_certificate_invoice,
    make_certificate_row,
    make_grant,
    make_invoice,
    make_line,
    make_mapping,
    make_order,
    make_payment,
    make_payout,
    make_plan_invoice,
    make_plan_row,
    make_row,
    rent_book,
    run_decide,
    run_rent,
    run_route,
)

D = Decimal
OCT_PAYMENT = {
    "B-1043": [make_payment(period_start=date(2026, 10, 1), period_end=date(2026, 10, 31))]
}

PLANS = make_book(plans=[make_plan_row()])
CERTIFICATES = make_book(certificates=[make_certificate_row()], certificate_eans=[CERTIFICATE_EAN])


def certificate(*orders: Any, book: Any = CERTIFICATES, **invoice: Any) -> Decision:
    citizens = {CPR: CitizenRecord(orders=tuple(orders))}
    return run_route(make_certificate_invoice(**invoice), book=book, citizens=citizens)


def rent(amount: str) -> Any:
    return make_plan_invoice(lines=(make_line(amount=D(amount), note="Husleje"),), total=D(amount))


DECEMBER_DEDUCTED = Deduction(
    payout_id="U-7001",
    agreement_id="HA-3001",
    month=date(2026, 12, 1),
    amount=D("5200.00"),
    invoice_ref="29403473/H-1201-FØRSTE",
)

OCTOBER_RENT = PostedInvoice(
    invoice_number="H-0917",
    total=D("10000.00"),
    erp_id="ERP-000007",
    period_start=date(2026, 10, 1),
    period_end=date(2026, 10, 31),
)


def _learned_unusual() -> Decision:
    from tests.unit.domain.test_learned import learned, supplies_invoice

    return learned(supplies_invoice("4900.00"))  # usual is 900-1.100 kr.


SCENARIOS: dict[Code, Callable[[], Decision]] = {
    Code.CREDIT_NOTE: lambda: run_decide(make_invoice(doc_type="credit_note")),
    Code.CURRENCY_NOT_DKK: lambda: run_decide(make_invoice(currency="EUR")),
    Code.INVALID_CVR: lambda: run_decide(make_invoice(supplier_cvr="12345678")),
    Code.PERIOD_NOT_PAYABLE: lambda: run_decide(make_invoice(period_start=None)),
    Code.DUPLICATE_INVOICE: lambda: run_decide(already_posted=True),
    Code.MISSING_CPR: lambda: run_decide(make_invoice(make_line(note="Ophold oktober"))),
    Code.INVALID_CPR: lambda: run_decide(make_invoice(make_line(note="CPR 320190-1234"))),
    Code.CITIZEN_NOT_FOUND: lambda: run_decide(citizens={CPR: None}),
    Code.NO_GRANT: lambda: run_decide(grants=[]),
    Code.NO_GRANT_FOR_PROVIDER: lambda: run_decide(grants=[make_grant(provider_cvr=OTHER_CVR)]),
    Code.NO_PAYABLE_GRANT: lambda: run_decide(grants=[make_grant(status="ended")]),
    Code.NO_GRANT_FOR_PERIOD: lambda: run_decide(grants=[make_grant(valid_to=date(2026, 10, 10))]),
    Code.AMOUNT_MISMATCH: lambda: run_decide(grants=[make_grant(rate=D("1000.00"))]),
    Code.AMBIGUOUS_GRANT: lambda: run_decide(grants=[make_grant(), make_grant(grant_id="B-2")]),
    Code.NO_PSP_MAPPING: lambda: run_decide(mapping=make_mapping(make_row(art="5.2"))),
    Code.AMBIGUOUS_PSP_MAPPING: lambda: run_decide(
        mapping=make_mapping(make_row(), make_row(psp="XG-2222222222-00001", sheet_row=3))
    ),
    Code.DUPLICATE_PAYMENT: lambda: run_decide(payments=OCT_PAYMENT),
    Code.LINE_FAILED: lambda: run_decide(
        make_invoice(make_line(), make_line(number=2, note="CPR 230485-1118"))
    ),
    Code.ABOVE_APPROVAL_LIMIT: lambda: run_decide(approval_limit=D("30000.00")),
    Code.SAMPLED_FOR_CONTROL: lambda: run_decide(sample_rate=D(1)),
    Code.PSP_REJECTED: lambda: apply_psp_rejected(run_decide(), "PSP-element er lukket"),
    Code.DOCUMENT_TYPE_NOT_PAYABLE: lambda: run_decide(make_invoice(type_code="325")),
    Code.INVALID_INVOICE_NUMBER: lambda: run_decide(make_invoice(invoice_number="F" * 200)),
    Code.AMBIGUOUS_PLAN: lambda: run_route(
        make_plan_invoice(), book=make_book(plans=[make_plan_row(), make_plan_row(sheet_row=3)])
    ),
    Code.PLAN_AMOUNT_OUTSIDE_RANGE: lambda: run_route(rent("12000.00"), book=PLANS),
    Code.PLAN_ALREADY_PAID: lambda: run_route(
        make_plan_invoice(), book=PLANS, posted=[OCTOBER_RENT]
    ),
    Code.NO_ORDER: lambda: certificate(),
    Code.NO_CERTIFICATE_MAPPING: lambda: certificate(
        make_order(), book=make_book(certificate_eans=[CERTIFICATE_EAN])
    ),
    Code.FEE_OUTSIDE_RANGE: lambda: certificate(
        make_order(), lines=(make_line(amount=D("3000.00")),), total=D("3000.00")
    ),
    Code.AMBIGUOUS_ORDER: lambda: certificate(make_order(), make_order(order_id="O-2042")),
    Code.LANDLORD_NOT_APPROVED: lambda: run_rent(book=rent_book(landlords=[])),
    Code.NO_RENT_AGREEMENT: lambda: run_rent(
        citizen=BenefitsCitizen(
            agreements=(make_agreement(landlord_cvr=OTHER_CVR),), payouts=(make_payout(),)
        )
    ),
    Code.AMBIGUOUS_RENT_AGREEMENT: lambda: run_rent(
        citizen=BenefitsCitizen(
            agreements=(make_agreement(), make_agreement(agreement_id="HA-3002")),
            payouts=(make_payout(),),
        )
    ),
    Code.RENT_ALREADY_PAID: lambda: run_rent(
        citizen=BenefitsCitizen(
            agreements=(make_agreement(),),
            payouts=(make_payout(),),
            deductions=(DECEMBER_DEDUCTED,),
        )
    ),
    Code.RENT_DEVIATION: lambda: run_rent(
        citizen=BenefitsCitizen(
            agreements=(make_agreement(rent=D("4000.00")),), payouts=(make_payout(),)
        )
    ),
    Code.NO_PAYOUT_FOR_MONTH: lambda: run_rent(
        citizen=BenefitsCitizen(agreements=(make_agreement(),))
    ),
    Code.BENEFIT_TOO_SMALL: lambda: run_rent(
        citizen=BenefitsCitizen(
            agreements=(make_agreement(),), payouts=(make_payout(amount=D("3000.00")),)
        )
    ),
    Code.LEARNED_AMOUNT_UNUSUAL: lambda: _learned_unusual(),
    Code.POSTING_REFUSED: lambda: apply_posting_refused(run_decide(), "Ukendt fejl i ERP"),
    Code.REPEATED_FAILURE: lambda: repeated_failure(make_invoice(), runs=3, error="boom"),
}


def test_every_code_of_domain_md_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(Code)


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_each_code_sends_the_invoice_to_manual_with_a_note_starting_with_the_code(
    code: Code,
) -> None:
    decision = SCENARIOS[code]()
    assert decision.outcome == "manual"
    assert not decision.pays
    assert decision.code is code
    assert decision.note is not None
    assert decision.note.startswith(f"[{code.value}] ")


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_no_note_contains_a_cpr(code: Code) -> None:
    note = SCENARIOS[code]().note or ""
    for cpr in (CPR, "010190-1234", "2304851118", "230485-1118"):
        assert cpr not in note


def test_matching_invoice_is_paid_with_postings_remark_and_payments() -> None:
    decision = run_decide()
    assert decision.pays
    assert decision.code is None
    assert decision.note is None
    [posting] = decision.postings
    assert (posting.line_number, posting.reference, posting.psp) == (1, "B-1043", make_row().psp)
    assert posting.amount == D("32240.00")
    assert posting.text == "§107 B-1043 01.10-31.10.2026"
    assert decision.remark == (
        "§107 Midlertidigt botilbud · bevilling B-1043 · periode 01.10.2026–31.10.2026"
    )
    [payment] = decision.payments
    assert payment.grant_id == "B-1043"
    assert (payment.period_start, payment.period_end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert payment.amount == D("32240.00")
    assert payment.invoice_ref == "12345674/INV-1017"


def test_decision_keeps_each_lines_elimination_trace() -> None:
    decision = run_decide(grants=[make_grant(), make_grant(grant_id="B-9", provider_cvr=OTHER_CVR)])
    trace = decision.lines[0].elimination
    assert trace is not None
    assert [f.grant.grant_id for f in trace.stages[1].fallen] == ["B-9"]


NO_ROW = make_mapping(make_row(art="9"))
TWO_CPRS = make_invoice(make_line(note="0101901234 2304851118"))


# Which code wins: each case fails two checks; the earlier one names the code.
@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        (
            {"invoice": make_invoice(doc_type="credit_note"), "already_posted": True},
            Code.CREDIT_NOTE,
        ),
        (
            {"invoice": make_invoice(period_start=None), "already_posted": True},
            Code.PERIOD_NOT_PAYABLE,
        ),
        (
            {"invoice": make_invoice(make_line(note="")), "already_posted": True},
            Code.DUPLICATE_INVOICE,
        ),
        ({"invoice": TWO_CPRS, "citizens": {}}, Code.INVALID_CPR),
        ({"citizens": {}}, Code.CITIZEN_NOT_FOUND),
        ({"grants": [make_grant(rate=D(1))], "mapping": NO_ROW}, Code.AMOUNT_MISMATCH),
        ({"mapping": NO_ROW, "payments": OCT_PAYMENT}, Code.NO_PSP_MAPPING),
        ({"payments": OCT_PAYMENT, "approval_limit": D(1)}, Code.DUPLICATE_PAYMENT),
        ({"approval_limit": D(1), "sample_rate": D(1)}, Code.ABOVE_APPROVAL_LIMIT),
    ],
)
def test_the_first_failing_check_names_the_code(arguments: dict[str, Any], code: Code) -> None:
    assert run_decide(**arguments).code is code


def test_payment_for_a_period_that_does_not_overlap_is_not_a_duplicate() -> None:
    assert run_decide(payments={"B-1043": [make_payment()]}).pays  # September was paid


def test_payment_on_another_grant_is_not_a_duplicate() -> None:
    assert run_decide(payments={"B-9": OCT_PAYMENT["B-1043"]}).pays


def test_sampled_for_control_carries_the_postings_the_robot_would_have_made() -> None:
    decision = run_decide(sample_rate=D(1))
    assert decision.postings
    assert decision.payments
    assert decision.note is not None
    assert "XG-5385010001-00007" in decision.note
    assert "32.240,00 kr." in decision.note
    assert "§107 B-1043 01.10-31.10.2026" in decision.note


def test_sample_rate_0_never_samples() -> None:
    assert run_decide(sample_rate=D(0)).pays


def test_apply_psp_rejected_turns_a_paid_decision_into_manual_with_the_erp_reason() -> None:
    decision = apply_psp_rejected(run_decide(), "PSP-element XG-5385010001-00007 er lukket")
    assert decision.code is Code.PSP_REJECTED
    assert decision.outcome == "manual"
    assert decision.note is not None
    assert "er lukket" in decision.note
    assert "række 2" in decision.note  # the mapping row to fix


def test_apply_psp_rejected_needs_a_decision_with_postings() -> None:
    with pytest.raises(ValueError, match="postings"):
        apply_psp_rejected(run_decide(already_posted=True), "lukket")


def test_a_rejected_mapping_row_is_named_in_the_no_psp_mapping_note() -> None:
    key = MappingKey("107", "4.0", "Privat", "Udviklingshæmmede")
    decision = run_decide(mapping=make_mapping(make_row(art="5.2"), rejected=[(key, 14)]))
    assert decision.code is Code.NO_PSP_MAPPING
    assert "række 14" in (decision.note or "")
