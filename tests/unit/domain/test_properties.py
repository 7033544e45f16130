"""Properties of matching and amounts, over many generated grants and periods."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from robot.domain.amounts import expected_amount
from robot.domain.decision import Decision
from robot.domain.models import Grant, Invoice, Period
from tests.builders import (
    OTHER_CVR,
    TODAY,
    make_grant,
    make_invoice,
    make_line,
    make_mapping,
    make_row,
    run_decide,
)

FAST = settings(max_examples=150, deadline=None)
OPEN_MAPPING = make_mapping(make_row(valid_from=None))
NO_LIMIT = Decimal("1e12")

rates = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50000"), places=2)
hours = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("200"), places=1)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """A period within one calendar year, not after TODAY."""
    year = draw(st.integers(min_value=2024, max_value=2026))
    first = date(year, 1, 1)
    last = min(date(year, 12, 31), TODAY)
    start = draw(st.dates(min_value=first, max_value=last))
    end = draw(st.dates(min_value=start, max_value=date(year, 12, 31)))
    return Period(start, end)


@st.composite
def grants(draw: st.DrawFn) -> Grant:
    unit = draw(st.sampled_from(["day", "month", "hour"]))
    return make_grant(
        rate=draw(rates),
        rate_unit=unit,
        hours_per_month=draw(hours) if unit == "hour" else None,
        valid_from=date(2024, 1, 1),
    )


def invoice_for(period: Period, amount: Decimal) -> Invoice:
    line = make_line(amount=amount, period_start=period.start, period_end=period.end)
    return make_invoice(line)


def decide_with(invoice: Invoice, *grants: Grant) -> Decision:
    """Only matching is under test: any period has a PSP row, and no amount is too large."""
    return run_decide(invoice, grants=grants, mapping=OPEN_MAPPING, approval_limit=NO_LIMIT)


@FAST
@given(grant=grants(), period=periods())
def test_invoice_built_from_a_grants_expected_amount_always_matches_it(
    grant: Grant, period: Period
) -> None:
    decision = decide_with(invoice_for(period, expected_amount(grant, period)), grant)
    assert decision.pays
    assert decision.postings[0].reference == grant.grant_id


@FAST
@given(
    grant=grants(),
    period=periods(),
    other=grants(),
    kind=st.sampled_from(["provider", "period"]),
)
def test_a_grant_from_another_provider_or_for_another_period_never_changes_a_match(
    grant: Grant, period: Period, other: Grant, kind: str
) -> None:
    invoice = invoice_for(period, expected_amount(grant, period))
    if kind == "provider":
        other_grant = make_grant(**_fields(other), grant_id="B-OTHER", provider_cvr=OTHER_CVR)
    else:  # valid only after the period ends
        starts = period.end + timedelta(days=1)
        other_grant = make_grant(**_fields(other), grant_id="B-OTHER", valid_from=starts)
    alone = decide_with(invoice, grant)
    together = decide_with(invoice, other_grant, grant)
    assert alone.pays
    assert together.pays
    assert together.postings == alone.postings


@FAST
@given(grant=grants(), period=periods(), sign=st.sampled_from([1, -1]))
def test_an_amount_one_ore_off_never_matches_with_zero_tolerance(
    grant: Grant, period: Period, sign: int
) -> None:
    amount = expected_amount(grant, period) + sign * Decimal("0.01")
    decision = decide_with(invoice_for(period, amount), grant)
    assert not decision.pays
    assert decision.code is not None
    # One øre below a zero rate is a negative invoice: a credit note in all but name.
    assert decision.code.value == ("CREDIT_NOTE" if amount < 0 else "AMOUNT_MISMATCH")


@FAST
@given(rate=rates, period=periods(), data=st.data())
def test_day_rate_amount_of_a_period_equals_the_sum_over_any_split(
    rate: Decimal, period: Period, data: st.DataObject
) -> None:
    grant = make_grant(rate=rate, rate_unit="day")
    cuts = data.draw(
        st.lists(st.integers(min_value=1, max_value=max(period.days - 1, 1)), unique=True)
    )
    bounds = sorted(c for c in cuts if c < period.days)
    starts = [period.start, *(period.start + timedelta(days=c) for c in bounds)]
    ends = [*(s - timedelta(days=1) for s in starts[1:]), period.end]
    parts = [Period(s, e) for s, e in zip(starts, ends, strict=True)]
    assert sum(expected_amount(grant, p) for p in parts) == expected_amount(grant, period)


@FAST
@given(rate=rates, year=st.integers(min_value=2024, max_value=2026))
def test_month_rate_for_whole_months_is_rate_times_months(rate: Decimal, year: int) -> None:
    grant = make_grant(rate=rate, rate_unit="month")
    assert expected_amount(grant, Period(date(year, 1, 1), date(year, 12, 31))) == rate * 12


def _fields(grant: Grant) -> dict[str, object]:
    return {
        "rate": grant.rate,
        "rate_unit": grant.rate_unit,
        "hours_per_month": grant.hours_per_month,
    }
