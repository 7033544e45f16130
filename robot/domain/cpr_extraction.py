"""Finding the citizen's CPR in an invoice line's free text, or in the buyer's reference."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from robot.domain.identifiers import cpr_birth_date
from robot.domain.models import InvoiceLine

# DDMMYY-SSSS, DDMMYYSSSS or DDMMYY SSSS, not part of a longer run of digits. ASCII digits
# only (re.ASCII): a CPR in other digits (fullwidth ０１…) is neither read nor masked in logs.
_CPR_SHAPE = re.compile(r"(?<!\d)(\d{6})[- ]?(\d{4})(?!\d)", re.ASCII)


class CprSource(StrEnum):
    """Where on the invoice a line's CPR was written (named in notes instead of the CPR)."""

    NOTE = "note"
    ITEM_NAME = "item_name"
    ITEM_DESCRIPTION = "item_description"
    BUYER_REFERENCE = "buyer_reference"


class CprProblem(StrEnum):
    """Why something CPR-shaped is not a usable CPR (all of them are INVALID_CPR)."""

    TWO_DIFFERENT = "two_different"
    NOT_A_DATE = "not_a_date"
    BORN_AFTER_TODAY = "born_after_today"


@dataclass(frozen=True, slots=True)
class CprFinding:
    """What the search found for one line: a valid CPR, a problem, or nothing at all."""

    cpr: str | None = field(default=None, repr=False)  # 10 digits, only when valid
    source: CprSource | None = None
    problem: CprProblem | None = None

    @property
    def missing(self) -> bool:
        return self.source is None


def cpr_shapes(text: str) -> list[str]:
    """Every CPR-shaped string in the text, as 10 digits, in order of appearance."""
    if not text:
        return []
    return [first + last for first, last in _CPR_SHAPE.findall(text)]


def mask_cprs(text: str, *, all_shapes: bool = False) -> str:
    """The text with each CPR replaced by ``XXXXXX-XXXX``, for logs and notes.

    By default only shapes whose first six digits are a date are masked, so codes such
    as the PSP element XG-5385010001-00007 stay readable; ``all_shapes`` masks every one.
    """

    def replace(match: re.Match[str]) -> str:
        digits = match.group(1) + match.group(2)
        if all_shapes or cpr_birth_date(digits) is not None:
            return "XXXXXX-XXXX"
        return match.group(0)

    return _CPR_SHAPE.sub(replace, text)


def find_line_cpr(line: InvoiceLine, *, buyer_reference: str, today: date) -> CprFinding:
    """The line's CPR from its note, item name or description; else the buyer's reference.

    The same CPR twice is fine; two different CPR-shaped strings on a line are not.
    """
    found = _shapes_with_source(
        (line.note, CprSource.NOTE),
        (line.item_name, CprSource.ITEM_NAME),
        (line.item_description, CprSource.ITEM_DESCRIPTION),
    )
    if not found:
        found = _shapes_with_source((buyer_reference, CprSource.BUYER_REFERENCE))
    if not found:
        return CprFinding()
    source = found[0][1]
    if len({digits for digits, _ in found}) > 1:
        return CprFinding(source=source, problem=CprProblem.TWO_DIFFERENT)
    born = cpr_birth_date(found[0][0])
    if born is None:
        return CprFinding(source=source, problem=CprProblem.NOT_A_DATE)
    if born > today:
        return CprFinding(source=source, problem=CprProblem.BORN_AFTER_TODAY)
    return CprFinding(cpr=found[0][0], source=source)


def _shapes_with_source(*fields: tuple[str, CprSource]) -> list[tuple[str, CprSource]]:
    return [(digits, source) for text, source in fields for digits in cpr_shapes(text)]
