"""Grants (DOMAIN.md "Matching by elimination"): every invoice no other way recognises. Each
line is matched to one of its citizen's grants; paying posts it, then registers each payment on
its grant, and uses up every day the payments cover."""

from __future__ import annotations

from datetime import date

from robot.domain.claims import ClaimKind, grant_days
from robot.domain.codes import Code
from robot.domain.controls import DocumentRules
from robot.domain.cpr_extraction import CprFinding, line_cprs
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.grant_decision import decide_grant
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice
from robot.domain.notes import held
from robot.domain.notes.learned import suggestion_text, with_suggestion
from robot.domain.prepared import Facts, Prepared
from robot.domain.routes import Route
from robot.domain.ways.way import Need, Way, WriteStep


def _cprs(invoice: Invoice, today: date) -> tuple[CprFinding, ...]:
    return line_cprs(invoice, today=today)


def _decide(
    prepared: Prepared, facts: Facts, book: MappingBook, settings: DecisionSettings
) -> Decision:
    decision = decide_grant(
        prepared.invoice,
        cprs=prepared.cprs,
        citizens={cpr: (r.grants if r else None) for cpr, r in facts.citizens.items()},
        payments=facts.payments_by_grant(),
        mapping=book.psp,
        settings=settings,
        supplier_has_plans=book.plans.has_supplier(prepared.invoice.supplier_cvr),
    )
    if decision.code is Code.MISSING_CPR and facts.history is not None and decision.note:
        # No rule pays it: what people posted before is a help for the person (DOMAIN.md).
        history, invoice = facts.history, prepared.invoice
        pair = history.pair(invoice.supplier_cvr, invoice.receiver_ean)
        nearest = () if pair.invoices else history.nearest(invoice.line_texts)
        suggestion = suggestion_text(invoice, pair, nearest)
        return decision.manual(Code.MISSING_CPR, with_suggestion(decision.note, suggestion))
    return decision


WAY = Way(
    route=Route.GRANT,
    recognises=lambda invoice, book, options: True,  # the default: asked last
    documents=DocumentRules(),
    cprs=_cprs,
    needs=(Need.CITIZENS, Need.HISTORY),  # the history only for an invoice with no CPR
    decide=_decide,
    claim_kinds=(ClaimKind.GRANT,),
    uses=lambda decision: grant_days(decision.payments),
    held_elsewhere=held.grant_days,
    writes=(WriteStep.POST, WriteStep.GRANT_PAYMENTS),
    register_by_hand=(
        "registrér betalingen på bevillingen{refs} i sagssystemet (»Registrér betaling«)"
    ),
)
