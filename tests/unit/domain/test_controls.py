"""Document checks in their order, the period rules, the approval limit and the control sample."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from robot.domain.codes import Code
from robot.domain.controls import (
    PeriodProblem,
    above_approval_limit,
    check_document,
    is_sampled,
    line_period,
    period_problem,
)
from robot.domain.models import Period
from tests.builders import TODAY, make_invoice, make_line


def check(**overrides: object) -> Code | None:
    already_posted = bool(overrides.pop("already_posted", False))
    invoice = make_invoice(**overrides)
    failure = check_document(invoice, today=TODAY, already_posted=already_posted)
    return failure.code if failure else None


def test_clean_invoice_passes_the_document_checks() -> None:
    assert check() is None


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"doc_type": "credit_note", "currency": "EUR", "supplier_cvr": ""}, Code.CREDIT_NOTE),
        ({"currency": "EUR", "supplier_cvr": "", "period_start": None}, Code.CURRENCY_NOT_DKK),
        ({"supplier_cvr": "", "period_start": None, "already_posted": True}, Code.INVALID_CVR),
        ({"period_start": None, "already_posted": True}, Code.PERIOD_NOT_PAYABLE),
        ({"already_posted": True}, Code.DUPLICATE_INVOICE),
    ],
)
def test_document_checks_run_in_order_and_the_first_failure_names_the_code(
    overrides: dict[str, object], code: Code
) -> None:
    assert check(**overrides) is code


@pytest.mark.parametrize("currency", ["dkk", " DKK "])
def test_currency_dkk_is_compared_without_case_or_space(currency: str) -> None:
    assert check(currency=currency) is None


@pytest.mark.parametrize("cvr", ["", "12345678", "0101901234", "DK1234567"])
def test_missing_or_failing_supplier_cvr_is_invalid_cvr(cvr: str) -> None:
    assert check(supplier_cvr=cvr) is Code.INVALID_CVR


def p(start: str, end: str) -> Period:
    return Period(date.fromisoformat(start), date.fromisoformat(end))


@pytest.mark.parametrize(
    ("period", "problem"),
    [
        (p("2026-10-01", "2026-10-31"), None),
        (None, PeriodProblem.MISSING),
        (p("2026-10-31", "2026-10-01"), PeriodProblem.ENDS_BEFORE_START),
        (p("2026-11-24", "2026-11-30"), PeriodProblem.IN_FUTURE),
        (p("2026-11-23", "2026-11-30"), None),  # starts today: not in the future
        (p("2026-11-01", "2026-11-30"), None),  # ends after today: allowed
        (p("2026-12-15", "2027-01-14"), PeriodProblem.IN_FUTURE),
        (p("2025-12-15", "2026-01-14"), PeriodProblem.CROSSES_NEW_YEAR),
    ],
)
def test_period_not_payable_when_missing_backwards_in_future_or_across_new_year(
    period: Period | None, problem: PeriodProblem | None
) -> None:
    assert period_problem(period, today=TODAY) is problem


def test_line_period_is_the_lines_own_else_the_documents() -> None:
    own = make_line(period_start=date(2026, 10, 1), period_end=date(2026, 10, 15))
    invoice = make_invoice(own, make_line(number=2))
    assert line_period(invoice, invoice.lines[0]) == p("2026-10-01", "2026-10-15")
    assert line_period(invoice, invoice.lines[1]) == p("2026-10-01", "2026-10-31")


def test_line_with_only_a_start_date_has_no_period() -> None:
    line = make_line(period_start=date(2026, 10, 1))
    invoice = make_invoice(line)
    assert line_period(invoice, line) is None


def test_any_line_without_a_period_makes_the_document_period_not_payable() -> None:
    dated = make_line(period_start=date(2026, 10, 1), period_end=date(2026, 10, 31))
    undated = make_line(number=2)
    invoice = make_invoice(dated, undated, period_start=None, period_end=None)
    failure = check_document(invoice, today=TODAY, already_posted=False)
    assert failure is not None
    assert failure.code is Code.PERIOD_NOT_PAYABLE
    assert [(x.line_number, x.problem) for x in failure.period_problems] == [
        (2, PeriodProblem.MISSING)
    ]


def test_approval_limit_is_exceeded_only_above_it() -> None:
    assert not above_approval_limit(Decimal("100000.00"), Decimal("100000.00"))
    assert above_approval_limit(Decimal("100000.01"), Decimal("100000.00"))


def test_sample_rate_0_never_samples_and_1_always_does() -> None:
    keys = [f"12345674/INV-{i}" for i in range(500)]
    assert not any(is_sampled(k, seed=1, rate=Decimal(0)) for k in keys)
    assert all(is_sampled(k, seed=1, rate=Decimal(1)) for k in keys)


def test_sample_is_reproducible_for_a_seed_and_varies_with_the_seed() -> None:
    keys = [f"12345674/INV-{i}" for i in range(2000)]
    first = [is_sampled(k, seed="s", rate=Decimal("0.05")) for k in keys]
    again = [is_sampled(k, seed="s", rate=Decimal("0.05")) for k in keys]
    other = [is_sampled(k, seed="t", rate=Decimal("0.05")) for k in keys]
    assert first == again
    assert first != other
    assert 60 <= sum(first) <= 140  # about 5 % of 2000


def test_a_plan_period_ahead_that_crosses_new_year_is_period_not_payable() -> None:
    from robot.domain.ways.plan import WAY

    invoice = make_invoice(period_start=date(2026, 12, 1), period_end=date(2027, 2, 28))
    failure = check_document(invoice, rules=WAY.documents, today=TODAY, already_posted=False)
    assert failure is not None
    assert failure.code is Code.PERIOD_NOT_PAYABLE
    assert failure.period_problems[0].problem.value == "crosses_new_year"


def test_a_plan_period_ahead_within_the_year_is_payable() -> None:
    from robot.domain.ways.plan import WAY

    invoice = make_invoice(period_start=date(2026, 12, 1), period_end=date(2026, 12, 31))
    assert check_document(invoice, rules=WAY.documents, today=TODAY, already_posted=False) is None
