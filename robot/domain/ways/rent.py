"""Rent for benefit recipients (DOMAIN.md "Rent for benefit recipients"): a landlord's invoice
to an EAN the `Modtagere` sheet keeps for rent (`husleje`), matched to the citizen's agreement
in the benefits system. Paying first deducts the rent from the citizen's payout for the month,
then posts the invoice (Roskilde's order), and uses up the agreement's month."""

from __future__ import annotations

from datetime import date

from robot.domain.certificates import ReceiverKind
from robot.domain.claims import ClaimKind, rent_month
from robot.domain.controls import DocumentRules, PeriodRule
from robot.domain.cpr_extraction import CprFinding, invoice_cpr
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice
from robot.domain.notes import held
from robot.domain.prepared import Facts, Prepared
from robot.domain.rent_decision import decide_rent
from robot.domain.routes import Route
from robot.domain.ways.way import Need, RouteOptions, Way, WriteStep


def _cprs(invoice: Invoice, today: date) -> tuple[CprFinding, ...]:
    return (invoice_cpr(invoice, today=today),)


def _decide(
    prepared: Prepared, facts: Facts, book: MappingBook, settings: DecisionSettings
) -> Decision:
    return decide_rent(
        prepared.invoice,
        cpr=prepared.cprs[0] if prepared.cprs else None,
        citizens=dict(facts.benefits),
        landlords=book.landlords,
    )


def _recognises(invoice: Invoice, book: MappingBook, options: RouteOptions) -> bool:
    return book.receiver_kind(invoice.receiver_ean) is ReceiverKind.RENT


WAY = Way(
    route=Route.RENT,
    recognises=_recognises,
    # One calendar month per invoice, billed ahead (a month after the run date is fine); the
    # invoice reference goes into the benefits system with the deduction.
    documents=DocumentRules(period=PeriodRule.ONE_MONTH),
    cprs=_cprs,
    needs=(Need.BENEFITS,),
    decide=_decide,
    claim_kinds=(ClaimKind.RENT,),
    uses=lambda decision: tuple(rent_month(d.agreement_id, d.month) for d in decision.deductions),
    held_elsewhere=held.rent_month,
    writes=(WriteStep.RENT_DEDUCTION, WriteStep.POST),
    in_use=lambda book: bool(book.receiver_eans(ReceiverKind.RENT)),
    register_by_hand=(
        "bogfør fakturaen i ERP'et (»Bogfør«); huslejetrækket under aftale{refs} er allerede "
        "registreret i ydelsessystemet"
    ),
)
