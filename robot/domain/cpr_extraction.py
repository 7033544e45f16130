"""Finding the citizen's CPR in an invoice line's free text, or in the buyer's reference."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache

from robot.domain.identifiers import cpr_birth_date
from robot.domain.models import Invoice, InvoiceLine

# DDMMYY-SSSS, DDMMYYSSSS or DDMMYY SSSS, or with the date in dots, DD.MM.YY-SSSS, not part of
# a longer run of digits. The dotted date needs the dash: "01.10.26 1040,00 kr." is a date and
# an amount. ASCII digits only: a CPR in other digits (fullwidth ０１…) is neither read nor masked.
_CPR_SHAPE = re.compile(
    r"(?<![0-9])(?:([0-9]{6})[- ]?|([0-9]{2})\.([0-9]{2})\.([0-9]{2})-)([0-9]{4})(?![0-9])"
)
# What masking hides (here and in robot.privacy's logs): every shape read above, and the dotted
# date also with a space, a no-break space or nothing before SSSS. Masking too much is harmless;
# a CPR a person would recognise must never reach a note or a log. Plain shapes first, dotted
# ones in a second pass, so a dotted non-date that runs into a CPR (12.34.010190-1234) is not
# consumed by the regex before the CPR in it is seen.
# Between DDMMYY and SSSS: nothing, a space (also no-break or thin), a hyphen or any dash
# (en, em, minus, figure, non-breaking hyphen), a slash or a dot, as people type and paste them.
_SEPARATOR = "[-\u00a0\u2009\u202f /.\u2010\u2011\u2012\u2013\u2014\u2015\u2212]?"
_MASK_SHAPES = (
    re.compile(rf"(?<![0-9])([0-9]{{6}}){_SEPARATOR}([0-9]{{4}})(?![0-9])"),
    re.compile(
        rf"(?<![0-9])([0-9]{{2}})\.([0-9]{{2}})\.([0-9]{{2}}){_SEPARATOR}([0-9]{{4}})(?![0-9])"
    ),
)


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


def shape_digits(match: re.Match[str]) -> str:
    """The 10 digits of a matched CPR shape, without dots or separators."""
    return "".join(filter(None, match.groups()))


def replace_cpr_shapes(text: str, replace: Callable[[str, str], str]) -> str:
    """The text with each maskable CPR shape replaced by ``replace(digits, as_written)``."""
    for pattern in _MASK_SHAPES:
        text = pattern.sub(lambda match: replace(shape_digits(match), match.group(0)), text)
    return text


def cpr_shapes(text: str) -> list[str]:
    """Every CPR-shaped string in the text, as 10 digits, in order of appearance."""
    if not text:
        return []
    return [shape_digits(match) for match in _CPR_SHAPE.finditer(text)]


def mask_cprs(text: str, *, all_shapes: bool = False) -> str:
    """The text with each CPR replaced by ``XXXXXX-XXXX``, for logs and notes.

    By default only shapes whose first six digits are a date are masked, so codes such
    as the PSP element XG-5385010001-00007 stay readable; ``all_shapes`` masks every one.
    """

    def replace(digits: str, written: str) -> str:
        if all_shapes or cpr_birth_date(digits) is not None:
            return "XXXXXX-XXXX"
        return written

    return replace_cpr_shapes(text, replace)


def find_line_cpr(line: InvoiceLine, *, buyer_reference: str, today: date) -> CprFinding:
    """The line's CPR from its note, item name or description; else the buyer's reference.

    The same CPR twice is fine; two different CPR-shaped strings on a line are not.
    """
    source: CprSource | None = None
    found: set[str] = set()
    for text, where in (
        (line.note, CprSource.NOTE),
        (line.item_name, CprSource.ITEM_NAME),
        (line.item_description, CprSource.ITEM_DESCRIPTION),
    ):
        shapes = _shapes(text)
        if shapes and source is None:
            source = where
        found.update(shapes)
    if source is None:
        found.update(_shapes(buyer_reference))
        source = CprSource.BUYER_REFERENCE if found else None
    if source is None:
        return CprFinding()
    if len(found) > 1:
        return CprFinding(source=source, problem=CprProblem.TWO_DIFFERENT)
    digits = found.pop()
    born = cpr_birth_date(digits)
    if born is None:
        return CprFinding(source=source, problem=CprProblem.NOT_A_DATE)
    if born > today:
        return CprFinding(source=source, problem=CprProblem.BORN_AFTER_TODAY)
    return CprFinding(cpr=digits, source=source)


@lru_cache(maxsize=1 << 10)
def _shapes(text: str) -> tuple[str, ...]:
    """`cpr_shapes` as a tuple, cached: item names and descriptions repeat on every invoice
    from a supplier (a note with a CPR rarely repeats, and costs one miss)."""
    return tuple(cpr_shapes(text))


def line_cprs(invoice: Invoice, *, today: date) -> tuple[CprFinding, ...]:
    """Each line's CPR (its own texts, else the buyer's reference)."""
    return tuple(
        find_line_cpr(line, buyer_reference=invoice.buyer_reference, today=today)
        for line in invoice.lines
    )


def invoice_cpr(invoice: Invoice, *, today: date) -> CprFinding:
    """One CPR for the whole invoice (a certificate or a month's rent concerns one citizen):
    every line and the buyer's reference must name the same one."""
    findings = [f for f in line_cprs(invoice, today=today) if not f.missing]
    if not findings:
        return CprFinding()
    if any(f.problem is not None for f in findings):
        return next(f for f in findings if f.problem is not None)
    named = {f.cpr for f in findings} | set(_shapes(invoice.buyer_reference))
    if len(named) > 1:
        return CprFinding(source=findings[0].source, problem=CprProblem.TWO_DIFFERENT)
    return findings[0]
