"""The grant route: every line matched to one grant by elimination, then its PSP element and
the grant's earlier payments; what paying it writes and which grant days it uses up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from robot.domain.codes import Code
from robot.domain.controls import line_period
from robot.domain.cpr_extraction import CprFinding
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.matching import (
    LineContext,
    LineResult,
    mark_lines_paying_one_grant_twice,
    match_line,
)
from robot.domain.models import Grant, Invoice, Payment
from robot.domain.notes.lines import lines_note
from robot.domain.postings import payments_for, postings_for, remark_for
from robot.domain.psp import MappingTable
from robot.domain.routes import Route


def decide_grant(
    invoice: Invoice,
    *,
    cprs: Sequence[CprFinding],
    citizens: Mapping[str, Sequence[Grant] | None],
    payments: Mapping[str, Sequence[Payment]],
    mapping: MappingTable,
    settings: DecisionSettings,
    supplier_has_plans: bool = False,
) -> Decision:
    """Each line: MISSING_CPR … DUPLICATE_PAYMENT; a collective invoice is LINE_FAILED when any
    line fails. ``citizens`` maps each CPR to the citizen's grants, None when the case system
    has no such citizen; ``payments`` maps a grant id to its registered payments;
    ``supplier_has_plans``: the supplier has payment plans for other receivers (its note says
    how one for this receiver would pay an invoice without a CPR)."""
    context = LineContext(
        supplier_cvr=invoice.supplier_cvr,
        citizens=citizens,
        payments=payments,
        mapping=mapping,
        tolerance=settings.amount_tolerance,
    )
    lines = _match_lines(invoice, cprs=cprs, context=context)
    code = _lines_code(lines)
    key = invoice.key
    if code is not None:
        note = lines_note(code, lines, invoice, supplier_has_plans=supplier_has_plans)
        return Decision(
            invoice_key=key, outcome="manual", route=Route.GRANT, code=code, note=note, lines=lines
        )
    paid = payments_for(lines, invoice_ref=key)
    return Decision(
        invoice_key=key,
        outcome="pay",
        route=Route.GRANT,
        postings=postings_for(lines),
        remark=remark_for(lines),
        payments=paid,
        lines=lines,
    )


def _match_lines(
    invoice: Invoice, *, cprs: Sequence[CprFinding], context: LineContext
) -> tuple[LineResult, ...]:
    results = []
    for line, cpr in zip(invoice.lines, cprs, strict=True):
        period = line_period(invoice, line)
        if period is None:  # the document check has refused such an invoice already
            raise ValueError(f"line {line.number} has no period")
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
