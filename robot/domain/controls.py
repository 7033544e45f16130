"""The controls: document checks before any line, and approval limit and sample after them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from robot.domain.codes import Code
from robot.domain.identifiers import CvrProblem, cvr_problem
from robot.domain.models import Invoice, InvoiceLine, Period


class PeriodProblem(StrEnum):
    """Why a line's period cannot be paid (all of them are PERIOD_NOT_PAYABLE)."""

    MISSING = "missing"
    ENDS_BEFORE_START = "ends_before_start"
    IN_FUTURE = "in_future"  # starts after the run date
    CROSSES_NEW_YEAR = "crosses_new_year"  # crosses 1 January, the fiscal year


@dataclass(frozen=True, slots=True)
class LinePeriodProblem:
    line_number: int
    problem: PeriodProblem
    period: Period | None


@dataclass(frozen=True, slots=True)
class DocumentFailure:
    """The first document check that failed, with what its note needs."""

    code: Code
    currency: str = ""
    cvr_problem: CvrProblem | None = None
    period_problems: tuple[LinePeriodProblem, ...] = ()


def line_period(invoice: Invoice, line: InvoiceLine) -> Period | None:
    """The line's own period if it has one, else the document's; None when missing."""
    if line.period_start is not None or line.period_end is not None:
        start, end = line.period_start, line.period_end
    else:
        start, end = invoice.period_start, invoice.period_end
    if start is None or end is None:
        return None
    return Period(start, end)


def period_problem(period: Period | None, *, today: date) -> PeriodProblem | None:
    if period is None:
        return PeriodProblem.MISSING
    if period.end < period.start:
        return PeriodProblem.ENDS_BEFORE_START
    if period.start > today:
        return PeriodProblem.IN_FUTURE
    if period.start.year != period.end.year:
        return PeriodProblem.CROSSES_NEW_YEAR
    return None


def check_document(
    invoice: Invoice, *, today: date, already_posted: bool | None
) -> DocumentFailure | None:
    """CREDIT_NOTE (also a negative invoice), CURRENCY_NOT_DKK, INVALID_CVR, PERIOD_NOT_PAYABLE,
    DUPLICATE_INVOICE.

    ``already_posted=None`` skips the duplicate check (for looking ahead before the
    ERP was asked).
    """
    # An invoice asking for a negative amount is a credit note in all but name: the supplier
    # owes the municipality, and a person offsets it as they would a credit note.
    if invoice.doc_type == "credit_note" or invoice.total < 0:
        return DocumentFailure(Code.CREDIT_NOTE)
    if invoice.currency.strip().upper() != "DKK":
        return DocumentFailure(Code.CURRENCY_NOT_DKK, currency=invoice.currency.strip())
    problem = cvr_problem(invoice.supplier_cvr)
    if problem is not None:
        return DocumentFailure(Code.INVALID_CVR, cvr_problem=problem)
    periods = tuple(
        LinePeriodProblem(line.number, found, period)
        for line in invoice.lines
        for period in (line_period(invoice, line),)
        if (found := period_problem(period, today=today)) is not None
    )
    if periods:
        return DocumentFailure(Code.PERIOD_NOT_PAYABLE, period_problems=periods)
    if already_posted:
        return DocumentFailure(Code.DUPLICATE_INVOICE)
    return None


def lines_sum(invoice: Invoice) -> Decimal:
    return sum((line.amount for line in invoice.lines), Decimal(0))


def lines_miss_the_total(invoice: Invoice) -> bool:
    """True when the lines do not add up to the amount payable (VAT, a fee, a discount or a
    mistake on the whole invoice): the ERP refuses a posting whose lines miss the total."""
    return lines_sum(invoice) != invoice.total


def above_approval_limit(total: Decimal, limit: Decimal) -> bool:
    return total > limit


def is_sampled(invoice_key: str, *, seed: str | int, rate: Decimal) -> bool:
    """A reproducible draw from seed and invoice key; rate 0 never samples, 1 always does."""
    if rate <= 0:
        return False
    digest = hashlib.sha256(f"{seed}\x1f{invoice_key}".encode()).digest()
    draw = int.from_bytes(digest[:8], "big")
    return Decimal(draw) < rate * Decimal(2**64)
