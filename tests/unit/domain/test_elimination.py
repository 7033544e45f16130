"""Matching by elimination: the five stages in order, each grant's fall recorded with its reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from robot.domain.codes import Code
from robot.domain.elimination import Elimination, Stage, eliminate
from robot.domain.models import Grant, Period
from robot.domain.reasons import (
    AmountDiffers,
    NoFixedRate,
    NotActive,
    OtherProvider,
    OutsideValidity,
    ParagraphNotPayable,
    VariableHours,
)
from tests.builders import OTHER_CVR, SUPPLIER_CVR, make_grant

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))


def run(*grants: Grant, amount: str = "32240.00", tolerance: str = "0.00") -> Elimination:
    return eliminate(
        grants,
        supplier_cvr=SUPPLIER_CVR,
        period=OCTOBER,
        invoiced=Decimal(amount),
        tolerance=Decimal(tolerance),
    )


def test_one_survivor_is_a_match_with_the_full_trace() -> None:
    trace = run(make_grant(), make_grant(grant_id="B-2", provider_cvr=OTHER_CVR))
    assert trace.code is None
    assert [g.grant_id for g in trace.survivors] == ["B-1043"]
    assert [s.stage for s in trace.stages] == list(Stage)
    assert trace.stages[1].fallen[0].reason == OtherProvider(OTHER_CVR)
    assert trace.expected_for("B-1043") == Decimal("32240.00")


def test_citizen_without_grants_is_no_grant() -> None:
    trace = run()
    assert trace.code is Code.NO_GRANT
    assert [s.stage for s in trace.stages] == [Stage.CITIZEN]


def test_provider_stage_keeps_grants_from_the_invoice_supplier_only() -> None:
    trace = run(make_grant(provider_cvr=OTHER_CVR))
    assert trace.code is Code.NO_GRANT_FOR_PROVIDER
    assert trace.last_stage.stage is Stage.PROVIDER


def test_provider_stage_compares_cvr_without_dk_prefix() -> None:
    assert run(make_grant(provider_cvr=f"DK{SUPPLIER_CVR}")).code is None


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"status": "ended"}, NotActive("ended")),
        ({"status": "cancelled"}, NotActive("cancelled")),
        ({"paragraph": "97"}, ParagraphNotPayable("97")),
        ({"rate": None}, NoFixedRate()),
        ({"rate_unit": "hour", "hours_per_month": None}, VariableHours()),
        ({"rate_unit": "week"}, NoFixedRate()),
    ],
)
def test_payable_stage_needs_active_paragraph_in_scope_and_fixed_rate(
    overrides: dict[str, object], reason: object
) -> None:
    trace = run(make_grant(**overrides))
    assert trace.code is Code.NO_PAYABLE_GRANT
    assert trace.last_stage.fallen[0].reason == reason


@pytest.mark.parametrize("paragraph", ["103", "104", "107", "108", "STU", "stu", "§107", " § 108 "])
def test_payable_paragraphs_compare_without_case_space_or_section_sign(paragraph: str) -> None:
    grant = make_grant(paragraph=paragraph)
    assert run(grant).last_stage.stage is Stage.AMOUNT


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "covers"),
    [
        (date(2026, 1, 1), None, True),
        (date(2026, 10, 1), date(2026, 10, 31), True),  # exactly the period
        (date(2026, 10, 2), None, False),  # starts a day late
        (date(2026, 1, 1), date(2026, 10, 30), False),  # ends a day early
        (date(2026, 1, 1), date(2026, 10, 10), False),
    ],
)
def test_period_stage_needs_validity_covering_the_whole_period(
    valid_from: date, valid_to: date | None, covers: bool
) -> None:
    trace = run(make_grant(valid_from=valid_from, valid_to=valid_to))
    assert (trace.code is None) is covers
    if not covers:
        assert trace.code is Code.NO_GRANT_FOR_PERIOD
        assert trace.last_stage.fallen[0].reason == OutsideValidity(valid_from, valid_to)


def test_amount_stage_compares_expected_amount_within_tolerance() -> None:
    assert run(make_grant(), amount="32000.00").code is Code.AMOUNT_MISMATCH
    assert run(make_grant(), amount="32240.50", tolerance="0.50").code is None
    fallen = run(make_grant(), amount="32000.00").last_stage.fallen[0]
    assert isinstance(fallen.reason, AmountDiffers)
    assert (fallen.reason.expected, fallen.reason.invoiced) == (
        Decimal("32240.00"),
        Decimal("32000.00"),
    )


def test_several_survivors_is_ambiguous_and_lists_them() -> None:
    trace = run(make_grant(), make_grant(grant_id="B-1044"))
    assert trace.code is Code.AMBIGUOUS_GRANT
    assert [g.grant_id for g in trace.survivors] == ["B-1043", "B-1044"]


def test_failure_names_the_stage_where_the_last_candidates_fell() -> None:
    trace = run(
        make_grant(grant_id="B-1", provider_cvr=OTHER_CVR),  # falls at provider
        make_grant(grant_id="B-2", status="ended"),  # falls at payable
        make_grant(grant_id="B-3", valid_to=date(2026, 10, 10)),  # falls at period
    )
    assert trace.code is Code.NO_GRANT_FOR_PERIOD
    fell = {s.stage: [f.grant.grant_id for f in s.fallen] for s in trace.stages}
    assert fell == {
        Stage.CITIZEN: [],
        Stage.PROVIDER: ["B-1"],
        Stage.PAYABLE: ["B-2"],
        Stage.PERIOD: ["B-3"],
    }


def test_elimination_stops_at_the_first_stage_that_leaves_none() -> None:
    trace = run(make_grant(provider_cvr=OTHER_CVR, status="ended"))
    assert [s.stage for s in trace.stages] == [Stage.CITIZEN, Stage.PROVIDER]
