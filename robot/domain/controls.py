"""The controls: document checks before any line, and approval limit and sample after them."""

from __future__ import annotations

import calendar
import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from robot.domain.codes import Code
from robot.domain.identifiers import CvrProblem, cvr_problem
from robot.domain.models import Invoice, InvoiceLine, Period
from robot.domain.named_months import months_named

# UNCL1001 codes (as OIOUBL 2.x/3.0 and Peppol BIS 3 use them) that mean an ordinary demand for
# payment: commercial invoice, tax invoice, factored invoice, metered services invoice. A plain
# UBL document without a type code is read as an ordinary invoice.
ORDINARY_INVOICE_CODES = frozenset({"", "380", "388", "393", "82"})
CREDIT_NOTE_CODES = frozenset(
    {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
)
TYPE_NAMES = {
    "325": "en proformafaktura",
    "326": "en delfaktura",
    "383": "en debetnota",
    "384": "en korrigeret faktura",
    "386": "en forudbetalingsfaktura",
    "389": "en selvfaktura (udstedt af køberen)",
    "751": "en faktura kun til regnskabsbrug",
}
# The case system keeps a payment's invoice reference ("<CVR>/<invoice number>") in at most
# 100 characters; a reference it refuses would leave a posting without its payment.
MAX_INVOICE_REFERENCE = 100


class PeriodProblem(StrEnum):
    """Why a line's period cannot be paid (all of them are PERIOD_NOT_PAYABLE)."""

    MISSING = "missing"
    ENDS_BEFORE_START = "ends_before_start"
    IN_FUTURE = "in_future"  # starts after the run date
    CROSSES_NEW_YEAR = "crosses_new_year"  # crosses 1 January, the fiscal year
    NOT_ONE_MONTH = "not_one_month"  # rent: not exactly one calendar month


class PeriodRule(StrEnum):
    """Which periods a way to pay accepts (DOMAIN.md, each way's first check)."""

    WHOLE = "whole"  # every line has a period, begun by the run date, within one fiscal year
    AHEAD = "ahead"  # a period may be missing or lie ahead (billed in advance); one fiscal year
    ISSUE_DATE = "issue_date"  # without a period the issue date stands for it
    ONE_MONTH = "one_month"  # exactly one calendar month, ahead allowed; else the named month


@dataclass(frozen=True, slots=True)
class DocumentRules:
    """How a way to pay reads the document checks that differ between the ways."""

    period: PeriodRule = PeriodRule.WHOLE
    # The invoice number goes into another system as a registration's reference, so it must
    # fit there (INVALID_INVOICE_NUMBER); a posting alone carries no reference.
    reference_registered: bool = True


class NumberProblem(StrEnum):
    TOO_LONG = "too_long"
    CONTROL_CHARACTERS = "control_characters"


@dataclass(frozen=True, slots=True)
class LinePeriodProblem:
    line_number: int  # 0: the document's own date (an invoice without lines or periods)
    problem: PeriodProblem
    period: Period | None


@dataclass(frozen=True, slots=True)
class DocumentFailure:
    """The first document check that failed, with what its note needs."""

    code: Code
    currency: str = ""
    cvr_problem: CvrProblem | None = None
    number_problem: NumberProblem | None = None
    period_problems: tuple[LinePeriodProblem, ...] = ()
    type_code: str = ""


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


def is_credit(invoice: Invoice) -> bool:
    """A credit note by its root, its type code, or a negative amount to pay (the supplier
    owes the municipality: a credit note in all but name)."""
    return (
        invoice.doc_type == "credit_note"
        or invoice.type_code.strip() in CREDIT_NOTE_CODES
        or invoice.total < 0
    )


def check_document(
    invoice: Invoice,
    *,
    today: date,
    already_posted: bool | None,
    rules: DocumentRules = DocumentRules(),
) -> DocumentFailure | None:
    """CREDIT_NOTE, DOCUMENT_TYPE_NOT_PAYABLE, CURRENCY_NOT_DKK, INVALID_CVR,
    INVALID_INVOICE_NUMBER, PERIOD_NOT_PAYABLE, DUPLICATE_INVOICE: the first that fails.

    ``already_posted=None`` skips the duplicate check (for looking ahead before the ERP was
    asked). The period rules and whether the number is registered anywhere are the way's
    (DOMAIN.md): a payment plan's invoice may have no period or one ahead of the run date; a
    certificate's invoice may have no period when it has an issue date; rent is one month.
    """
    type_code = invoice.type_code.strip()
    if is_credit(invoice):
        return DocumentFailure(Code.CREDIT_NOTE, type_code=type_code)
    if type_code not in ORDINARY_INVOICE_CODES:
        return DocumentFailure(Code.DOCUMENT_TYPE_NOT_PAYABLE, type_code=type_code)
    if invoice.currency.strip().upper() != "DKK":
        return DocumentFailure(Code.CURRENCY_NOT_DKK, currency=invoice.currency.strip())
    problem = cvr_problem(invoice.supplier_cvr)
    if problem is not None:
        return DocumentFailure(Code.INVALID_CVR, cvr_problem=problem)
    # The reference goes into another system with the registration; a posting alone has none.
    number = number_problem(invoice) if rules.reference_registered else None
    if number is not None:
        return DocumentFailure(Code.INVALID_INVOICE_NUMBER, number_problem=number)
    periods = period_problems(invoice, rule=rules.period, today=today)
    if periods:
        return DocumentFailure(Code.PERIOD_NOT_PAYABLE, period_problems=periods)
    if already_posted:
        return DocumentFailure(Code.DUPLICATE_INVOICE)
    return None


def number_problem(invoice: Invoice) -> NumberProblem | None:
    if _has_control_characters(invoice.invoice_number):
        return NumberProblem.CONTROL_CHARACTERS
    if len(invoice.key.strip()) > MAX_INVOICE_REFERENCE:
        return NumberProblem.TOO_LONG
    return None


def _has_control_characters(text: str) -> bool:
    # Printable ASCII has none of these categories (ASCII's only ones are Cc, and exactly
    # what isprintable() refuses): the common invoice number needs no look-up per character.
    if text.isascii() and text.isprintable():
        return False
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


def period_problems(
    invoice: Invoice, *, rule: PeriodRule, today: date
) -> tuple[LinePeriodProblem, ...]:
    if rule is PeriodRule.ONE_MONTH:
        return one_month_problems(invoice)
    found = []
    for line in invoice.lines:
        period = line_period(invoice, line)
        problem = period_problem(period, today=today)
        if rule is PeriodRule.AHEAD and period is not None and period.start.year != period.end.year:
            problem = PeriodProblem.CROSSES_NEW_YEAR  # billed ahead or not: one fiscal year
        if rule is not PeriodRule.WHOLE and problem is PeriodProblem.MISSING:
            continue
        if rule is PeriodRule.AHEAD and problem is PeriodProblem.IN_FUTURE:
            continue  # rent and subscriptions are billed in advance
        if problem is not None:
            found.append(LinePeriodProblem(line.number, problem, period))
    if (
        rule is PeriodRule.ISSUE_DATE
        and not found
        and not any(line_period(invoice, line) for line in invoice.lines)
    ):
        day = invoice.issue_date
        problem = period_problem(Period(day, day) if day else None, today=today)
        if problem is not None:
            found.append(LinePeriodProblem(0, problem, Period(day, day) if day else None))
    return tuple(found)


def invoice_period(invoice: Invoice) -> Period | None:
    """The span of the invoice's (lines') periods; None when it has none."""
    periods = [p for line in invoice.lines if (p := line_period(invoice, line))]
    if not periods:
        return None
    return Period(min(p.start for p in periods), max(p.end for p in periods))


def billed_month(invoice: Invoice) -> Period | None:
    """The one calendar month a monthly bill is for: its period when that is exactly one
    calendar month; without a period the one month its lines name, else its issue date's. None
    when it is for something else (more or less than a month, several months named)."""
    period = invoice_period(invoice)
    if period is not None:
        month = _month_of(period.start)
        return month if period == month else None
    named = months_named(invoice.line_texts)
    if len(named) == 1:
        return _month_of(next(iter(named)))
    if not named and invoice.issue_date is not None:
        return _month_of(invoice.issue_date)
    return None


def one_month_problems(invoice: Invoice) -> tuple[LinePeriodProblem, ...]:
    if billed_month(invoice) is not None:
        return ()
    period = invoice_period(invoice)
    if period is None and not invoice.line_texts and invoice.issue_date is None:
        return (LinePeriodProblem(0, PeriodProblem.MISSING, None),)
    problem = (
        PeriodProblem.ENDS_BEFORE_START
        if period is not None and period.end < period.start
        else PeriodProblem.NOT_ONE_MONTH
    )
    return (LinePeriodProblem(0, problem, period),)


def _month_of(day: date) -> Period:
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(date(day.year, day.month, 1), date(day.year, day.month, last))


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
    return draw < _sample_limit(rate)  # an int compares exactly with a Decimal


@lru_cache(maxsize=64)
def _sample_limit(rate: Decimal) -> Decimal:
    return rate * Decimal(2**64)
