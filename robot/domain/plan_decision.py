"""The payment-plan route (DOMAIN.md "Payment plans"): a recurring bill with no citizen, posted
as the one plan row for its supplier and receiver says, when its amount lies in the row's
interval and the plan has not paid in the cadence period yet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from robot.domain.claims import Claim, plan_period
from robot.domain.codes import Code
from robot.domain.controls import invoice_period, line_period
from robot.domain.decision import Decision
from robot.domain.formatting import format_period, format_short_period, join_danish
from robot.domain.models import Invoice, Period, PostedInvoice
from robot.domain.named_months import months_named
from robot.domain.notes.plans import already_paid_note, ambiguous_plan_note, outside_range_note
from robot.domain.plans import (
    Cadence,
    PlanRow,
    PlanTable,
    cadence_label,
    cadence_periods_touched,
    covered_periods,
)
from robot.domain.postings import LINE_TEXT_LIMIT, Posting, cut
from robot.domain.routes import Route


def plan_day(invoice: Invoice) -> date | None:
    """The day a plan row must be valid on (DOMAIN.md): the first day of the invoice period
    (the earliest line's, when only lines have one), or the issue date when there is none."""
    period = invoice_period(invoice)
    return period.start if period is not None else invoice.issue_date


def is_plan_invoice(invoice: Invoice, plans: PlanTable) -> bool:
    """The supplier and receiver match a plan row valid on the invoice's first day."""
    day = plan_day(invoice)
    return bool(
        invoice.receiver_ean
        and day is not None
        and plans.lookup(invoice.supplier_cvr, invoice.receiver_ean, day)
    )


def plan_claims(decision: Decision) -> tuple[Claim, ...]:
    """Every cadence period the paying plan decision covers, for its one row."""
    check = decision.detail
    if not decision.pays or not isinstance(check, PlanCheck) or len(check.rows) != 1:
        return ()
    row = check.rows[0]
    return tuple(
        plan_period(row.supplier_cvr, row.receiver_ean, row.cadence.value, p.start)
        for p in check.covered
    )


@dataclass(frozen=True, slots=True)
class PlanCheck:
    """The plan route's trace: the rows that matched, the cadence periods the invoice covers,
    and what the ERP already holds from the supplier to the receiver in them."""

    rows: tuple[PlanRow, ...]
    day: date
    covered: tuple[Period, ...] = ()
    paid_in_period: tuple[PostedInvoice, ...] = ()

    @property
    def cadence_period(self) -> Period | None:
        """The whole span of the cadence periods covered."""
        if not self.covered:
            return None
        return Period(self.covered[0].start, self.covered[-1].end)


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
    covered = invoice_covers(invoice, row.cadence) or cadence_periods_touched(row.cadence, day, day)
    paid = tuple(p for p in posted if _overlaps(posted_covers(p, row.cadence), covered))
    check = PlanCheck(rows, day, covered, paid)
    plan = _paying(invoice, row, check)
    # A plan never pays 0,00 or less, whatever its row's interval says (DOMAIN.md).
    if invoice.total <= 0 or not row.covers(invoice.total):
        return plan.manual(Code.PLAN_AMOUNT_OUTSIDE_RANGE, outside_range_note(invoice, row, plan))
    if paid:
        label = join_danish([cadence_label(row.cadence, p.start) for p in covered])
        return plan.manual(
            Code.PLAN_ALREADY_PAID, already_paid_note(invoice, row, label, paid, plan)
        )
    return plan


def invoice_covers(invoice: Invoice, cadence: Cadence) -> tuple[Period, ...]:
    """The cadence periods the invoice covers: its (lines') period, else the months its lines
    name, else its issue date's."""
    return covered_periods(
        cadence,
        period=invoice_period(invoice),
        named_months=months_named(invoice.line_texts),
        issue_date=invoice.issue_date,
    )


def posted_covers(posted: PostedInvoice, cadence: Cadence) -> tuple[Period, ...]:
    """The cadence periods a posted invoice (not a credit note) covered, read as a new one is."""
    if posted.doc_type != "invoice":
        return ()
    period = (
        Period(posted.period_start, posted.period_end)
        if posted.period_start is not None and posted.period_end is not None
        else None
    )
    return covered_periods(
        cadence,
        period=period,
        named_months=months_named(posted.texts),
        issue_date=posted.issue_date or posted.period_start,
    )


def _overlaps(these: Sequence[Period], those: Sequence[Period]) -> bool:
    return bool({(p.start, p.end) for p in these} & {(p.start, p.end) for p in those})


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
    period = invoice_period(invoice) or check.cadence_period
    remark = (
        f"Betalingsplan · {cut(row.line_text, 200)} · {row.supplier_cvr} → {row.receiver_ean}"
        f" · periode {format_period(period)}"
    )
    return Decision(
        invoice_key=invoice.key,
        outcome="pay",
        route=Route.PLAN,
        postings=postings,
        remark=remark,
        detail=check,
    )


def _line_text(row: PlanRow, period: Period) -> str:
    """``<Linjetekst> <period>`` cut to 50 characters, as DOMAIN.md writes it."""
    text = " ".join(row.line_text.split())
    return f"{text} {format_short_period(period)}"[:LINE_TEXT_LIMIT].rstrip()
