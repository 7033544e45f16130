"""Matching by elimination: five named stages from all the citizen's grants to one survivor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from robot.domain.amounts import amount_parts, within_tolerance
from robot.domain.codes import Code
from robot.domain.identifiers import normalize_cvr
from robot.domain.models import Grant, Period
from robot.domain.psp import normalize_key_part
from robot.domain.reasons import (
    AmountDiffers,
    NoFixedRate,
    NotActive,
    OtherProvider,
    OutsideValidity,
    ParagraphNotPayable,
    Reason,
    VariableHours,
)

PAYABLE_PARAGRAPHS = frozenset({"103", "104", "107", "108", "stu"})


class Stage(StrEnum):
    """The elimination stages, in order; each names the code for 'none left here'."""

    CITIZEN = "citizen"
    PROVIDER = "provider"
    PAYABLE = "payable"
    PERIOD = "period"
    AMOUNT = "amount"

    @property
    def code_when_none_left(self) -> Code:
        return _NONE_LEFT[self]


_NONE_LEFT = {
    Stage.CITIZEN: Code.NO_GRANT,
    Stage.PROVIDER: Code.NO_GRANT_FOR_PROVIDER,
    Stage.PAYABLE: Code.NO_PAYABLE_GRANT,
    Stage.PERIOD: Code.NO_GRANT_FOR_PERIOD,
    Stage.AMOUNT: Code.AMOUNT_MISMATCH,
}


@dataclass(frozen=True, slots=True)
class Fallen:
    """A grant eliminated at a stage, and why."""

    grant: Grant
    reason: Reason


@dataclass(frozen=True, slots=True)
class StageResult:
    """One stage of the trace: who was kept, who fell and why."""

    stage: Stage
    kept: tuple[Grant, ...]
    fallen: tuple[Fallen, ...] = ()
    # The amount stage only: the expected amount of each kept grant, by grant id.
    expected: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True, slots=True)
class Elimination:
    """The whole trace; the caseworker's note is rendered from it."""

    stages: tuple[StageResult, ...]
    period: Period
    invoiced: Decimal

    @property
    def survivors(self) -> tuple[Grant, ...]:
        return self.stages[-1].kept

    @property
    def last_stage(self) -> StageResult:
        return self.stages[-1]

    @property
    def code(self) -> Code | None:
        """None for exactly one survivor; else the code of where the last fell, or ambiguous."""
        survivors = self.survivors
        if len(survivors) == 1:
            return None
        if survivors:
            return Code.AMBIGUOUS_GRANT
        return self.last_stage.stage.code_when_none_left

    def expected_for(self, grant_id: str) -> Decimal | None:
        for stage in self.stages:
            for kept_id, amount in stage.expected:
                if kept_id == grant_id:
                    return amount
        return None


def eliminate(
    grants: Sequence[Grant],
    *,
    supplier_cvr: str,
    period: Period,
    invoiced: Decimal,
    tolerance: Decimal,
) -> Elimination:
    """Run the stages in order, stopping at the first that leaves no candidate."""
    stages = [StageResult(Stage.CITIZEN, tuple(grants))]
    steps: tuple[tuple[Stage, Callable[[Grant], Reason | None]], ...] = (
        (Stage.PROVIDER, _provider_check(supplier_cvr)),
        (Stage.PAYABLE, payable_reason),
        (Stage.PERIOD, lambda grant: period_reason(grant, period)),
    )
    for stage, check in steps:
        if not stages[-1].kept:
            break
        stages.append(_run_stage(stage, stages[-1].kept, check))
    if stages[-1].kept:
        stages.append(_amount_stage(stages[-1].kept, period, invoiced, tolerance))
    return Elimination(tuple(stages), period, invoiced)


# The reasons are small frozen values and most grants fall for a few of them (another
# provider, ended, expired): one instance per value serves every invoice of a run.
_not_active = lru_cache(maxsize=16)(NotActive)
_paragraph_not_payable = lru_cache(maxsize=256)(ParagraphNotPayable)
_outside_validity = lru_cache(maxsize=1 << 12)(OutsideValidity)
_other_provider = lru_cache(maxsize=1 << 12)(OtherProvider)
_NO_FIXED_RATE = NoFixedRate()
_VARIABLE_HOURS = VariableHours()


def payable_reason(grant: Grant) -> Reason | None:
    """Why the robot may not pay this grant at all (None when it may)."""
    if grant.status != "active":
        return _not_active(grant.status)
    if normalize_key_part(grant.paragraph) not in PAYABLE_PARAGRAPHS:
        return _paragraph_not_payable(grant.paragraph)
    if grant.rate is None or grant.rate_unit not in ("day", "month", "hour"):
        return _NO_FIXED_RATE
    if grant.rate_unit == "hour" and grant.hours_per_month is None:
        return _VARIABLE_HOURS
    return None


def period_reason(grant: Grant, period: Period) -> Reason | None:
    """The grant's validity must cover the whole period."""
    if grant.valid_from <= period.start and (
        grant.valid_to is None or grant.valid_to >= period.end
    ):
        return None
    return _outside_validity(grant.valid_from, grant.valid_to)


def _provider_check(supplier_cvr: str) -> Callable[[Grant], Reason | None]:
    wanted = normalize_cvr(supplier_cvr)

    def check(grant: Grant) -> Reason | None:
        if grant.provider_cvr == wanted or normalize_cvr(grant.provider_cvr) == wanted:
            return None
        return _other_provider(grant.provider_cvr)

    return check


def _run_stage(
    stage: Stage, candidates: tuple[Grant, ...], check: Callable[[Grant], Reason | None]
) -> StageResult:
    kept: list[Grant] = []
    fallen: list[Fallen] = []
    for grant in candidates:
        reason = check(grant)
        if reason is None:
            kept.append(grant)
        else:
            fallen.append(Fallen(grant, reason))
    return StageResult(stage, tuple(kept), tuple(fallen))


def _amount_stage(
    candidates: tuple[Grant, ...], period: Period, invoiced: Decimal, tolerance: Decimal
) -> StageResult:
    kept: list[Grant] = []
    fallen: list[Fallen] = []
    expected: list[tuple[str, Decimal]] = []
    for grant in candidates:
        parts = tuple(amount_parts(grant, period))
        amount = sum((part.amount for part in parts), Decimal(0))
        # A negative line is a credit, never a payment: no tolerance may let it through.
        if invoiced >= 0 and within_tolerance(amount, invoiced, tolerance):
            kept.append(grant)
            expected.append((grant.grant_id, amount))
        else:
            fallen.append(Fallen(grant, AmountDiffers(amount, invoiced, parts)))
    return StageResult(Stage.AMOUNT, tuple(kept), tuple(fallen), tuple(expected))
