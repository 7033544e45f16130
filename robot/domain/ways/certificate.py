"""Doctors' certificates (DOMAIN.md "Doctors' certificates"): an invoice to an EAN the
`Modtagere` sheet keeps for certificates, matched to the caseworker's open order. Paying posts
it with the type's PSP element, then registers the payment on the order, and uses up the order."""

from __future__ import annotations

from datetime import date

from robot.domain.certificate_decision import decide_certificate
from robot.domain.certificates import ReceiverKind
from robot.domain.claims import ClaimKind, order
from robot.domain.controls import DocumentRules, PeriodRule
from robot.domain.cpr_extraction import CprFinding, invoice_cpr
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice
from robot.domain.notes import held
from robot.domain.prepared import Facts, Prepared
from robot.domain.routes import Route
from robot.domain.ways.way import Need, Way, WriteStep


def _cprs(invoice: Invoice, today: date) -> tuple[CprFinding, ...]:
    return (invoice_cpr(invoice, today=today),)


def _decide(
    prepared: Prepared, facts: Facts, book: MappingBook, settings: DecisionSettings
) -> Decision:
    cpr = prepared.cprs[0] if prepared.cprs else None
    return decide_certificate(prepared.invoice, cpr=cpr, facts=facts, book=book)


WAY = Way(
    route=Route.CERTIFICATE,
    recognises=lambda invoice, book, options: (
        book.receiver_kind(invoice.receiver_ean) is ReceiverKind.CERTIFICATE
    ),
    documents=DocumentRules(period=PeriodRule.ISSUE_DATE),
    cprs=_cprs,
    needs=(Need.CITIZENS,),
    decide=_decide,
    claim_kinds=(ClaimKind.ORDER,),
    uses=lambda decision: tuple(order(p.order_id) for p in decision.order_payments),
    held_elsewhere=held.order,
    writes=(WriteStep.POST, WriteStep.ORDER_PAYMENT),
    in_use=lambda book: bool(book.receiver_eans(ReceiverKind.CERTIFICATE)),
    register_by_hand=(
        "registrér betalingen på bestillingen{refs} i sagssystemet (»Registrér betaling«)"
    ),
)
