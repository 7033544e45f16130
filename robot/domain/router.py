"""The one router: an invoice read once, offered to the route table, decided by its way's rules
after the document checks, then the controls every paying invoice passes (DOMAIN.md "Which code
wins")."""

from __future__ import annotations

import dataclasses
from datetime import date

from robot.domain.claims import Claim
from robot.domain.codes import Code
from robot.domain.controls import (
    DocumentFailure,
    above_approval_limit,
    check_document,
    is_sampled,
    lines_miss_the_total,
    lines_sum,
)
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice
from robot.domain.notes.bounds import bounded
from robot.domain.notes.controls import (
    approval_note,
    posting_refused_note,
    psp_rejected_note,
    repeated_failure_note,
    sample_note,
    total_mismatch_note,
)
from robot.domain.notes.document import document_note
from robot.domain.notes.postings import decision_posting_text
from robot.domain.prepared import Facts, Prepared
from robot.domain.routes import Route
from robot.domain.ways.table import route_of, way_of
from robot.domain.ways.way import RouteOptions


def prepare(
    invoice: Invoice, *, book: MappingBook, today: date, learned_postings: bool = False
) -> Prepared:
    """The invoice's way, the document checks that need nothing fetched, its CPR numbers."""
    way = way_of(route_of(invoice, book, RouteOptions(learned_postings=learned_postings)))
    failure = check_document(invoice, today=today, already_posted=None, rules=way.documents)
    return Prepared(invoice, way.route, failure, way.cprs(invoice, today))


def decide_invoice(
    prepared: Prepared, facts: Facts, *, book: MappingBook, settings: DecisionSettings
) -> Decision:
    """Checks in DOMAIN.md's order for the invoice's way; the first that fails names the code."""
    invoice = prepared.invoice
    failure = prepared.failure
    if failure is None and facts.already_posted:
        failure = DocumentFailure(Code.DUPLICATE_INVOICE)
    if failure is not None:
        return document_decision(invoice, failure, route=prepared.route, today=settings.today)
    decision = way_of(prepared.route).decide(prepared, facts, book, settings)
    return invoice_controls(decision, invoice=invoice, settings=settings)


def uses(decision: Decision) -> tuple[Claim, ...]:
    """What paying the decision uses up, as its way declares it (the invoice itself aside)."""
    return way_of(decision.route).uses(decision)


def document_decision(
    invoice: Invoice, failure: DocumentFailure, *, route: Route, today: date
) -> Decision:
    return Decision(
        invoice_key=invoice.key,
        outcome="manual",
        route=route,
        code=failure.code,
        note=bounded(document_note(failure, invoice, today=today)),
        document=failure,
    )


def invoice_controls(plan: Decision, *, invoice: Invoice, settings: DecisionSettings) -> Decision:
    """The whole invoice once its way found what to pay: the lines must add up to the amount
    payable, then ABOVE_APPROVAL_LIMIT, then SAMPLED_FOR_CONTROL."""
    if not plan.pays:
        return dataclasses.replace(plan, note=bounded(plan.note or ""))
    # Lines that miss the amount payable go to a person: the ERP would refuse the posting
    # (and the robot retry it run after run), and which of the two amounts is right is not
    # the robot's to guess. The real samples do this with VAT, so the ERP must still load them.
    text = decision_posting_text(plan)
    if lines_miss_the_total(invoice):
        return plan.manual(
            Code.AMOUNT_MISMATCH, total_mismatch_note(lines_sum(invoice), invoice.total, text)
        )
    if above_approval_limit(invoice.total, settings.approval_limit):
        return plan.manual(
            Code.ABOVE_APPROVAL_LIMIT, approval_note(invoice.total, settings.approval_limit, text)
        )
    if is_sampled(plan.invoice_key, seed=settings.sample_seed, rate=settings.sample_rate):
        return plan.manual(Code.SAMPLED_FOR_CONTROL, sample_note(text))
    return plan


def apply_psp_rejected(decision: Decision, erp_message: str) -> Decision:
    """The PSP_REJECTED manual decision after the ERP refused (or will refuse) the posting."""
    if not decision.postings:
        raise ValueError("only a decision with postings can be rejected by the ERP")
    rows = {
        line.psp_rows[0].psp: f"{line.psp_rows[0].psp} fra mappingarkets række "
        f"{line.psp_rows[0].sheet_row}"
        for line in decision.lines
        if line.psp_rows
    }
    note = psp_rejected_note(erp_message, list(rows.values()), decision_posting_text(decision))
    return decision.manual(Code.PSP_REJECTED, note)


def apply_posting_refused(decision: Decision, erp_message: str) -> Decision:
    """The ERP refused the posting for a reason the robot could not foresee: a person."""
    return decision.manual(
        Code.POSTING_REFUSED, posting_refused_note(erp_message, decision_posting_text(decision))
    )


def repeated_failure(invoice: Invoice, *, runs: int, error: str) -> Decision:
    return Decision(
        invoice_key=invoice.key,
        outcome="manual",
        code=Code.REPEATED_FAILURE,
        note=bounded(repeated_failure_note(runs, error)),
    )
