"""Learned postings (DOMAIN.md "Learned postings"): with `--learned-postings`, an invoice with no
CPR anywhere that no plan or `Modtagere` EAN claims is offered to the history of its supplier
and receiver. Paying posts each line on the learned PSP element; nothing else is registered. It
uses up the invoice and, when it has a period, the supplier and receiver's period: a copy
under a new number for the same period is not paid again."""

from __future__ import annotations

from datetime import date

from robot.domain.claims import ClaimKind
from robot.domain.controls import DocumentRules
from robot.domain.cpr_extraction import CprFinding, line_cprs
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.learned_decision import decide_learned, learned_claims
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice
from robot.domain.notes import held
from robot.domain.prepared import Facts, Prepared
from robot.domain.routes import Route
from robot.domain.ways.way import Need, RouteOptions, Way, WriteStep


def _cprs(invoice: Invoice, today: date) -> tuple[CprFinding, ...]:
    return line_cprs(invoice, today=today)


def _recognises(invoice: Invoice, book: MappingBook, options: RouteOptions) -> bool:
    """Only with the flag; no CPR shape on any line or in the buyer's reference. (An EAN of the
    `Modtagere` sheet and a plan's supplier and receiver are taken by the ways before it.)"""
    if not options.learned_postings or not invoice.lines:
        return False
    findings = line_cprs(invoice, today=date.max)
    return all(f.missing for f in findings)


def _decide(
    prepared: Prepared, facts: Facts, book: MappingBook, settings: DecisionSettings
) -> Decision:
    return decide_learned(
        prepared.invoice,
        history=facts.history,
        open_psp=facts.open_psp,
        limit=settings.learned_limit,
    )


WAY = Way(
    route=Route.LEARNED,
    recognises=_recognises,
    documents=DocumentRules(reference_registered=False),
    cprs=_cprs,
    needs=(Need.HISTORY,),
    decide=_decide,
    claim_kinds=(ClaimKind.LEARNED,),
    uses=learned_claims,
    held_elsewhere=held.learned_period,
    writes=(WriteStep.POST,),
    register_by_hand="bogfør fakturaen i ERP'et (»Bogfør«)",
)
