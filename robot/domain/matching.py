"""One invoice line from CPR to posting: citizen, elimination, PSP lookup, earlier payments."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from robot.domain.codes import Code
from robot.domain.cpr_extraction import CprFinding
from robot.domain.elimination import Elimination, Stage, eliminate
from robot.domain.models import Grant, Payment, Period
from robot.domain.psp import MappingKey, MappingRow, MappingTable


@dataclass(frozen=True, slots=True)
class Candidate:
    """A grant a person might pay the line from by hand (the one whose amount differs, or
    each of several that fit), with its PSP element when the sheet gives exactly one."""

    grant: Grant
    psp: str | None
    expected: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class LineResult:
    """What became of one invoice line; ``code`` is None when the line can be paid."""

    number: int
    amount: Decimal
    period: Period | None
    code: Code | None
    cpr: CprFinding
    elimination: Elimination | None = None
    grant: Grant | None = None  # the one survivor of the elimination
    psp_rows: tuple[MappingRow, ...] = ()  # rows valid on the period's first day
    other_psp_rows: tuple[MappingRow, ...] = ()  # rows for the key valid on other days
    rejected_psp_rows: tuple[int, ...] = ()  # sheet rows for the key that were unusable
    paid_before: tuple[Payment, ...] = ()  # registered payments overlapping the period
    same_grant_lines: tuple[int, ...] = ()  # earlier lines here with the grant, overlapping
    candidates: tuple[Candidate, ...] = ()

    @property
    def ok(self) -> bool:
        return self.code is None

    @property
    def psp(self) -> str | None:
        return self.psp_rows[0].psp if self.ok and self.psp_rows else None


@dataclass(frozen=True, slots=True, kw_only=True)
class LineContext:
    """What every line of one invoice is matched against."""

    supplier_cvr: str
    citizens: Mapping[str, Sequence[Grant] | None]
    payments: Mapping[str, Sequence[Payment]]
    mapping: MappingTable
    tolerance: Decimal


def match_line(
    *, number: int, amount: Decimal, period: Period, cpr: CprFinding, context: LineContext
) -> LineResult:
    """MISSING_CPR, INVALID_CPR, CITIZEN_NOT_FOUND, elimination, PSP lookup, DUPLICATE_PAYMENT."""

    def result(code: Code | None, **found: Any) -> LineResult:
        return LineResult(number=number, amount=amount, period=period, cpr=cpr, code=code, **found)

    if cpr.missing:
        return result(Code.MISSING_CPR)
    if cpr.cpr is None:
        return result(Code.INVALID_CPR)
    grants = context.citizens.get(cpr.cpr)
    if grants is None:
        return result(Code.CITIZEN_NOT_FOUND)
    elimination = eliminate(
        grants,
        supplier_cvr=context.supplier_cvr,
        period=period,
        invoiced=amount,
        tolerance=context.tolerance,
    )
    if elimination.code is not None:
        found = _candidates(elimination, period=period, mapping=context.mapping)
        return result(elimination.code, elimination=elimination, candidates=found)
    return _with_psp_and_payments(result, elimination, period=period, context=context)


def _candidates(
    elimination: Elimination, *, period: Period, mapping: MappingTable
) -> tuple[Candidate, ...]:
    last = elimination.last_stage
    if last.stage is not Stage.AMOUNT:
        return ()
    grants = (
        [(g, elimination.expected_for(g.grant_id)) for g in last.kept]
        if last.kept
        else [(f.grant, getattr(f.reason, "expected", None)) for f in last.fallen]
    )
    if len(grants) > 6:
        return ()
    return tuple(Candidate(g, _single_psp(g, period, mapping), e) for g, e in grants)


def _single_psp(grant: Grant, period: Period, mapping: MappingTable) -> str | None:
    rows = mapping.lookup(MappingKey.for_grant(grant), period.start)
    return rows[0].psp if len(rows) == 1 else None


def _with_psp_and_payments(
    result: Callable[..., LineResult],
    elimination: Elimination,
    *,
    period: Period,
    context: LineContext,
) -> LineResult:
    grant = elimination.survivors[0]
    key = MappingKey.for_grant(grant)
    rows = tuple(context.mapping.lookup(key, period.start))
    if len(rows) != 1:
        return result(
            Code.NO_PSP_MAPPING if not rows else Code.AMBIGUOUS_PSP_MAPPING,
            elimination=elimination,
            grant=grant,
            psp_rows=rows,
            other_psp_rows=tuple(r for r in context.mapping.rows_for(key) if r not in rows),
            rejected_psp_rows=context.mapping.rejected_rows(key),
        )
    paid = tuple(p for p in context.payments.get(grant.grant_id, ()) if p.period.overlaps(period))
    return result(
        Code.DUPLICATE_PAYMENT if paid else None,
        elimination=elimination,
        grant=grant,
        psp_rows=rows,
        paid_before=paid,
    )


def mark_lines_paying_one_grant_twice(results: Sequence[LineResult]) -> tuple[LineResult, ...]:
    """A later line matched to the same grant as an earlier one, for an overlapping period,
    is a DUPLICATE_PAYMENT too: the invoice would pay the grant twice."""
    marked: list[LineResult] = []
    for index, result in enumerate(results):
        earlier = tuple(
            other.number
            for other in results[:index]
            if result.ok and _same_grant_overlapping(other, result)
        )
        if earlier:
            result = dataclasses.replace(
                result, code=Code.DUPLICATE_PAYMENT, same_grant_lines=earlier
            )
        marked.append(result)
    return tuple(marked)


def _same_grant_overlapping(first: LineResult, second: LineResult) -> bool:
    if first.grant is None or second.grant is None or first.period is None:
        return False
    if first.grant.grant_id != second.grant.grant_id or second.period is None:
        return False
    return first.period.overlaps(second.period)
