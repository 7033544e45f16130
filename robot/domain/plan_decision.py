"""The payment-plan route (DOMAIN.md "Payment plans"): a recurring bill with no citizen, posted
as the one plan row for its supplier and receiver says, when its amount lies in the row's
interval and the plan has not paid in the cadence period yet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from robot.domain.claims import plan_period
from robot.domain.codes import Code
from robot.domain.controls import line_period
from robot.domain.decision import Decision
from robot.domain.formatting import format_period, format_short_period
from robot.domain.models import Invoice, Period, PostedInvoice
from robot.domain.notes.plans import already_paid_note, ambiguous_plan_note, outside_range_note
from robot.domain.plans import Cadence, PlanRow, PlanTable, cadence_label, cadence_period
from robot.domain.postings import LINE_TEXT_LIMIT, Posting, cut
from robot.domain.prepare import plan_day
from robot.domain.routes import Route


@dataclass(frozen=True, slots=True)
class PlanCheck:
    """The plan route's trace: the rows that matched, the cadence period, and what the ERP
    already holds from the supplier to the receiver in it."""

    rows: tuple[PlanRow, ...]
    day: date
    cadence_period: Period | None = None
    paid_in_period: tuple[PostedInvoice, ...] = ()


def decide_plan(
    invoice: Invoice, *, posted: Sequence[PostedInvoice], plans: PlanTable, today: date
) -> Decision:
    """AMBIGUOUS_PLAN, PLAN_AMOUNT_OUTSIDE_RANGE, PLAN_ALREADY_PAID; else the plan's posting.
    ``posted`` is what the ERP shows posted from the supplier to the receiver."""
    day = plan_day(invoice) or today
    rows = tuple(plans.lookup(invoice.supplier_cvr, invoice.receiver_ean, day))
    if not rows:  # routing found one; the table cannot have changed since
        raise ValueError("a plan invoice without a plan row")
    check = PlanCheck(rows, day)
    base = Decision(invoice_key=invoice.key, outcome="manual", route=Route.PLAN, detail=check)
    if len(rows) > 1:
        return base.manual(Code.AMBIGUOUS_PLAN, ambiguous_plan_note(invoice, rows, day))
    row = rows[0]
    start, end = cadence_period(row.cadence, day)
    paid = tuple(p for p in posted if _in_period(p, row.cadence, start))
    check = PlanCheck(rows, day, Period(start, end), paid)
    plan = _paying(invoice, row, check)
    if not row.covers(invoice.total):
        return plan.manual(Code.PLAN_AMOUNT_OUTSIDE_RANGE, outside_range_note(invoice, row, plan))
    if paid:
        label = cadence_label(row.cadence, day)
        return plan.manual(
            Code.PLAN_ALREADY_PAID, already_paid_note(invoice, row, label, paid, plan)
        )
    return plan


def _in_period(posted: PostedInvoice, cadence: Cadence, start: date) -> bool:
    """A posted invoice (not a credit note) whose period's first day, or issue date, lies in
    the same cadence period."""
    if posted.doc_type != "invoice":
        return False
    day = posted.period_start or posted.issue_date
    return day is not None and cadence_period(cadence, day)[0] == start


def _paying(invoice: Invoice, row: PlanRow, check: PlanCheck) -> Decision:
    assert check.cadence_period is not None
    postings = tuple(
        Posting(
            line.number,
            f"betalingsplan række {row.sheet_row}",
            row.psp,
            line.amount,
            _line_text(row, line_period(invoice, line) or check.cadence_period),
        )
        for line in invoice.lines
    )
    period = _invoice_period(invoice) or check.cadence_period
    remark = (
        f"Betalingsplan · {cut(row.line_text, 200)} · {row.supplier_cvr} → {row.receiver_ean}"
        f" · periode {format_period(period)}"
    )
    claim = plan_period(
        row.supplier_cvr, row.receiver_ean, row.cadence.value, check.cadence_period.start
    )
    return Decision(
        invoice_key=invoice.key,
        outcome="pay",
        route=Route.PLAN,
        postings=postings,
        remark=remark,
        claims=(claim,),
        detail=check,
    )


def _line_text(row: PlanRow, period: Period) -> str:
    """``<Linjetekst> <period>`` cut to 50 characters, as DOMAIN.md writes it."""
    text = " ".join(row.line_text.split())
    return f"{text} {format_short_period(period)}"[:LINE_TEXT_LIMIT].rstrip()


def _invoice_period(invoice: Invoice) -> Period | None:
    periods = [p for line in invoice.lines if (p := line_period(invoice, line))]
    if not periods:
        return None
    return Period(min(p.start for p in periods), max(p.end for p in periods))
