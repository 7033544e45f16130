"""Why a grant fell at an elimination stage: one small value per reason, put in Danish later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from robot.domain.amounts import AmountPart


@dataclass(frozen=True, slots=True)
class OtherProvider:
    provider_cvr: str


@dataclass(frozen=True, slots=True)
class NotActive:
    status: str


@dataclass(frozen=True, slots=True)
class ParagraphNotPayable:
    paragraph: str


@dataclass(frozen=True, slots=True)
class NoFixedRate:
    """No rate, or a rate unit the robot does not know."""


@dataclass(frozen=True, slots=True)
class VariableHours:
    """An hour grant without a fixed number of hours per month."""


@dataclass(frozen=True, slots=True)
class OutsideValidity:
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class AmountDiffers:
    expected: Decimal
    invoiced: Decimal
    parts: tuple[AmountPart, ...] = ()  # the expected amount stretch by stretch and rate


Reason = (
    OtherProvider
    | NotActive
    | ParagraphNotPayable
    | NoFixedRate
    | VariableHours
    | OutsideValidity
    | AmountDiffers
)
