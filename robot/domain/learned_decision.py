"""Learned postings (DOMAIN.md "Learned postings", `robot run --learned-postings`): an invoice
with no CPR, no plan and no `Modtagere` EAN, paid as people posted its supplier to its receiver
when that history is of one mind and the amount is usual for it; else MISSING_CPR with the
posting suggestion and why it was not enough."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from robot.domain.claims import Claim, learned_period
from robot.domain.codes import Code
from robot.domain.controls import invoice_period
from robot.domain.decision import Decision
from robot.domain.history import HistoryView, PairHistory
from robot.domain.identifiers import normalize_cvr
from robot.domain.models import Invoice, InvoiceLine, Period
from robot.domain.notes import learned as notes
from robot.domain.plans import normalize_ean
from robot.domain.postings import LINE_TEXT_LIMIT, REMARK_LIMIT, Posting
from robot.domain.routes import Route

MIN_INVOICES = 6  # earlier invoices from the supplier to the receiver in the last 12 months
ONE_MIND = Decimal("0.95")  # the share of their lines on one PSP element
WIDEN = Decimal("0.10")  # the lowest-highest seen, widened by this much each way
DEFAULT_LIMIT = Decimal("5000.00")  # robot run --learned-limit


@dataclass(frozen=True, slots=True)
class LearnedCheck:
    """The learned route's trace: the pair's history and what was read from it, and the
    period the invoice is for (what a learned posting uses up besides the invoice)."""

    pair: PairHistory
    psp: str
    share: Decimal
    suggestion: str
    period: Period | None = None

    def claims(self) -> tuple[Claim, ...]:
        if self.period is None:
            return ()
        cvr, ean = normalize_cvr(self.pair.supplier_cvr), normalize_ean(self.pair.receiver_ean)
        return (learned_period(cvr, ean, self.period.start, self.period.end),)


def learned_claims(decision: Decision) -> tuple[Claim, ...]:
    """What paying a learned decision uses up besides the invoice: its period, if it has one."""
    check = decision.detail
    return check.claims() if isinstance(check, LearnedCheck) else ()


def decide_learned(
    invoice: Invoice,
    *,
    history: HistoryView | None,
    open_psp: frozenset[str] | None,
    limit: Decimal,
) -> Decision:
    """MISSING_CPR (not of one mind), LEARNED_AMOUNT_UNUSUAL; else each line on the learned
    PSP element."""
    base = Decision(invoice_key=invoice.key, outcome="manual", route=Route.LEARNED)
    if history is None:
        why = "ERP'et viser ingen bogførte fakturaer at lære af"
        return base.manual(Code.MISSING_CPR, notes.learned_missing_cpr(invoice, why, ""))
    pair = history.pair(invoice.supplier_cvr, invoice.receiver_ean)
    nearest = () if pair.invoices else history.nearest(invoice.line_texts)
    suggestion = notes.suggestion_text(invoice, pair, nearest)
    psp, share = pair.top()
    check = LearnedCheck(pair, psp, share, suggestion, invoice_period(invoice))
    base = Decision(invoice_key=invoice.key, outcome="manual", route=Route.LEARNED, detail=check)
    is_open = open_psp is None or psp in open_psp
    if pair.invoices < MIN_INVOICES or share < ONE_MIND or not is_open:
        why = notes.not_of_one_mind(pair, needed=MIN_INVOICES, share=ONE_MIND, open_psp=is_open)
        return base.manual(Code.MISSING_CPR, notes.learned_missing_cpr(invoice, why, suggestion))
    plan = _paying(invoice, check)
    low = (pair.lowest or Decimal(0)) * (1 - WIDEN)
    high = (pair.highest or Decimal(0)) * (1 + WIDEN)
    if not low <= invoice.total <= high or invoice.total > limit:
        note = notes.amount_unusual(invoice, pair, low=low, high=high, limit=limit, plan=plan)
        return plan.manual(Code.LEARNED_AMOUNT_UNUSUAL, note)
    return plan


def line_text(line: InvoiceLine) -> str:
    """The line's own text (item name, else description, else note), cut to 50 characters."""
    text = line.item_name or line.item_description or line.note
    return " ".join(text.split())[:LINE_TEXT_LIMIT].rstrip()


def _paying(invoice: Invoice, check: LearnedCheck) -> Decision:
    postings = tuple(
        Posting(line.number, check.psp, check.psp, line.amount, line_text(line))
        for line in invoice.lines
    )
    remark = notes.learned_remark(
        check.pair, check.psp, invoice.receiver_ean, invoice.supplier_cvr
    )[:REMARK_LIMIT]
    return Decision(
        invoice_key=invoice.key,
        outcome="pay",
        route=Route.LEARNED,
        postings=postings,
        remark=remark,
        detail=check,
    )
