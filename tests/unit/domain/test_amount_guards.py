"""Amounts the robot must never pay as they stand: lines that miss the amount payable, a
negative invoice, a negative line however generous the tolerance."""

from __future__ import annotations

from decimal import Decimal

from robot.domain.codes import Code
from tests.builders import CPR, CPR_2, make_grant, make_invoice, make_line, run_decide

D = Decimal


def test_lines_missing_the_amount_payable_go_to_manual_as_amount_mismatch_with_the_plan() -> None:
    decision = run_decide(make_invoice(total=D("40300.00")))  # 32.240,00 plus 25 % VAT
    assert not decision.pays
    assert decision.code is Code.AMOUNT_MISMATCH
    assert decision.note is not None
    assert decision.note.startswith("[AMOUNT_MISMATCH] Fakturaens linjer giver i alt 32.240,00")
    assert "beløbet at betale er 40.300,00" in decision.note
    assert "PSP XG-5385010001-00007, 32.240,00" in decision.note  # what the robot would post
    assert "010190" not in decision.note


def test_lines_missing_the_total_win_over_the_approval_limit_and_the_sample() -> None:
    invoice = make_invoice(total=D("32240.01"))
    decision = run_decide(invoice, approval_limit=D("1000.00"), sample_rate=D(1))
    assert decision.code is Code.AMOUNT_MISMATCH


def test_a_failing_line_names_its_own_code_before_the_total_is_compared() -> None:
    invoice = make_invoice(make_line(note="Ophold oktober"), total=D("40300.00"))
    assert run_decide(invoice).code is Code.MISSING_CPR


def test_lines_that_add_up_to_the_total_to_the_ore_are_paid() -> None:
    lines = (make_line(), make_line(number=2, amount=D("0.01"), note="CPR 230485-1118"))
    grants = {
        CPR: [make_grant()],
        CPR_2: [make_grant(grant_id="B-2", cpr=CPR_2, rate=D("0.01"), rate_unit="month")],
    }
    assert run_decide(make_invoice(*lines), citizens=grants).pays


def test_an_invoice_asking_for_a_negative_amount_is_handled_as_a_credit_note() -> None:
    line = make_line(amount=D("-32240.00"))
    decision = run_decide(make_invoice(line))
    assert decision.code is Code.CREDIT_NOTE
    assert decision.note is not None
    assert "negativt beløb at betale (-32.240,00 kr.)" in decision.note
    assert "i praksis en kreditnota" in decision.note


def test_a_negative_line_never_matches_however_generous_the_tolerance() -> None:
    credit = make_line(number=2, amount=D("-10.00"), note="CPR 230485-1118")
    invoice = make_invoice(make_line(), credit)  # the total, 32.230,00, is still positive
    grants = {CPR: [make_grant()], CPR_2: [make_grant(grant_id="B-2", cpr=CPR_2)]}
    decision = run_decide(invoice, citizens=grants, amount_tolerance=D("100000.00"))
    assert decision.code is Code.LINE_FAILED
    assert [line.code for line in decision.lines] == [None, Code.AMOUNT_MISMATCH]
    assert decision.note is not None
    assert "fakturaen siger -10,00" in decision.note


def test_a_zero_amount_for_a_zero_rate_is_still_paid() -> None:
    invoice = make_invoice(make_line(amount=D("0.00")))
    assert run_decide(invoice, grants=[make_grant(rate=D("0.00"))]).pays
