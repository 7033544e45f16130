"""The decision for one invoice: pay it (postings, remark, payments) or send it to manual."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from robot.domain.codes import Code
from robot.domain.controls import (
    DocumentFailure,
    above_approval_limit,
    check_document,
    is_sampled,
    line_period,
    lines_miss_the_total,
    lines_sum,
)
from robot.domain.cpr_extraction import find_line_cpr
from robot.domain.matching import (
    LineContext,
    LineResult,
    mark_lines_paying_one_grant_twice,
    match_line,
)
from robot.domain.models import Grant, Invoice, Payment
from robot.domain.notes import (
    approval_note,
    document_note,
    lines_note,
    plan_text,
    psp_rejected_note,
    sample_note,
    total_mismatch_note,
)
from robot.domain.postings import Posting, payments_for, postings_for, remark_for
from robot.domain.psp import MappingTable

__all__ = ["Decision", "DecisionSettings", "LineResult", "Posting", "apply_psp_rejected", "decide"]

Outcome = Literal["pay", "manual"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionSettings:
    """The run's settings the decision depends on."""

    today: date
    approval_limit: Decimal = Decimal("100000.00")
    amount_tolerance: Decimal = Decimal("0.00")
    sample_rate: Decimal = Decimal("0.05")
    sample_seed: str | int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """What to do with one invoice.

    ``postings``, ``remark`` and ``payments`` are the plan: filled whenever every line
    matched, also when the outcome is manual (ABOVE_APPROVAL_LIMIT, SAMPLED_FOR_CONTROL,
    PSP_REJECTED) so the note can show it. Carry the plan out only when ``pays``.
    """

    invoice_key: str
    outcome: Outcome
    code: Code | None = None
    note: str | None = None  # Danish, starting with [CODE]; None when paid
    postings: tuple[Posting, ...] = ()
    remark: str = ""
    payments: tuple[Payment, ...] = ()  # to register on the grants after posting
    lines: tuple[LineResult, ...] = ()  # each line's result with its elimination trace
    document: DocumentFailure | None = None  # the failed document check, if any

    @property
    def pays(self) -> bool:
        return self.outcome == "pay"


def lines_needing_citizens(invoice: Invoice, *, today: date) -> set[str]:
    """The valid CPRs to look up in the case system before ``decide``.

    Empty when a document check that needs no lookup already fails (credit note,
    currency, CVR, period): such an invoice goes to manual handling without citizens.
    """
    if check_document(invoice, today=today, already_posted=None) is not None:
        return set()
    found = (
        find_line_cpr(line, buyer_reference=invoice.buyer_reference, today=today)
        for line in invoice.lines
    )
    return {finding.cpr for finding in found if finding.cpr is not None}


def decide(
    invoice: Invoice,
    *,
    citizens: Mapping[str, Sequence[Grant] | None],
    payments: Mapping[str, Sequence[Payment]],
    already_posted: bool,
    mapping: MappingTable,
    settings: DecisionSettings,
) -> Decision:
    """Checks in DOMAIN.md's order; the first that fails names the code.

    ``citizens`` maps each CPR to the citizen's grants, or None when the case system
    has no such citizen (a CPR left out counts as not found); ``payments`` maps a
    grant id to its registered payments; ``already_posted`` says whether the ERP has
    this supplier CVR and invoice number posted.
    """
    key = invoice.key
    failure = check_document(invoice, today=settings.today, already_posted=already_posted)
    if failure is not None:
        note = document_note(failure, invoice, today=settings.today)
        return Decision(
            invoice_key=key, outcome="manual", code=failure.code, note=note, document=failure
        )
    context = LineContext(
        supplier_cvr=invoice.supplier_cvr,
        citizens=citizens,
        payments=payments,
        mapping=mapping,
        tolerance=settings.amount_tolerance,
    )
    lines = _match_lines(invoice, context=context, today=settings.today)
    code = _lines_code(lines)
    if code is not None:
        note = lines_note(code, lines, invoice)
        return Decision(invoice_key=key, outcome="manual", code=code, note=note, lines=lines)
    plan = Decision(
        invoice_key=key,
        outcome="pay",
        postings=postings_for(lines),
        remark=remark_for(lines),
        payments=payments_for(lines, invoice_ref=key),
        lines=lines,
    )
    return _invoice_controls(plan, invoice=invoice, settings=settings)


def apply_psp_rejected(decision: Decision, erp_message: str) -> Decision:
    """The PSP_REJECTED manual decision after the ERP refused the posting."""
    if not decision.postings:
        raise ValueError("only a decision with postings can be rejected by the ERP")
    rows = {
        line.psp_rows[
            0
        ].psp: f"{line.psp_rows[0].psp} fra mappingarkets række {line.psp_rows[0].sheet_row}"
        for line in decision.lines
        if line.psp_rows
    }
    note = psp_rejected_note(erp_message, list(rows.values()), _plan_text(decision))
    return dataclasses.replace(decision, outcome="manual", code=Code.PSP_REJECTED, note=note)


def _match_lines(invoice: Invoice, *, context: LineContext, today: date) -> tuple[LineResult, ...]:
    results = []
    for line in invoice.lines:
        period = line_period(invoice, line)
        if period is None:  # the document check has refused such an invoice already
            raise ValueError(f"line {line.number} has no period")
        cpr = find_line_cpr(line, buyer_reference=invoice.buyer_reference, today=today)
        results.append(
            match_line(
                number=line.number, amount=line.amount, period=period, cpr=cpr, context=context
            )
        )
    return mark_lines_paying_one_grant_twice(results)


def _lines_code(lines: Sequence[LineResult]) -> Code | None:
    """A one-line invoice takes its line's code; a collective one is LINE_FAILED, or
    MISSING_CPR when no line has a CPR at all."""
    if not lines:
        return Code.MISSING_CPR
    if len(lines) == 1:
        return lines[0].code
    if all(line.code is Code.MISSING_CPR for line in lines):
        return Code.MISSING_CPR
    if any(line.code is not None for line in lines):
        return Code.LINE_FAILED
    return None


def _invoice_controls(plan: Decision, *, invoice: Invoice, settings: DecisionSettings) -> Decision:
    # Lines that miss the amount payable go to a person: the ERP would refuse the posting
    # (and the robot retry it run after run), and which of the two amounts is right is not
    # the robot's to guess. The real samples do this with VAT, so the ERP must still load them.
    if lines_miss_the_total(invoice):
        note = total_mismatch_note(lines_sum(invoice), invoice.total, _plan_text(plan))
        return dataclasses.replace(plan, outcome="manual", code=Code.AMOUNT_MISMATCH, note=note)
    if above_approval_limit(invoice.total, settings.approval_limit):
        note = approval_note(invoice.total, settings.approval_limit, _plan_text(plan))
        return dataclasses.replace(
            plan, outcome="manual", code=Code.ABOVE_APPROVAL_LIMIT, note=note
        )
    if is_sampled(plan.invoice_key, seed=settings.sample_seed, rate=settings.sample_rate):
        note = sample_note(_plan_text(plan))
        return dataclasses.replace(plan, outcome="manual", code=Code.SAMPLED_FOR_CONTROL, note=note)
    return plan


def _plan_text(decision: Decision) -> str:
    return plan_text(decision.postings, decision.remark, decision.payments)
