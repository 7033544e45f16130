"""The decision for one invoice, whatever its way of paying: pay it (postings, remark, the
registrations that follow, the claims they use up) or send it to manual handling with a note.

`decide_invoice` is the one router: a prepared invoice goes to the rules of its route. The
document checks and the controls after matching are the same for every route.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

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
from robot.domain.matching import LineResult
from robot.domain.models import Grant, Invoice, OrderPayment, Payment
from robot.domain.notes import (
    approval_note,
    bounded,
    document_note,
    posting_refused_note,
    posting_text,
    psp_rejected_note,
    repeated_failure_note,
    sample_note,
    total_mismatch_note,
)
from robot.domain.postings import Posting
from robot.domain.psp import MappingTable
from robot.domain.routes import Route

if TYPE_CHECKING:
    from robot.domain.mapping_book import MappingBook
    from robot.domain.prepare import Facts, Prepared

__all__ = [
    "Decision",
    "DecisionSettings",
    "LineResult",
    "Posting",
    "apply_posting_refused",
    "apply_psp_rejected",
    "decide",
    "decide_invoice",
]

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

    ``postings``, ``remark``, ``payments`` and ``order_payments`` are the plan: filled whenever
    the rules found what to pay, also when the outcome is manual (ABOVE_APPROVAL_LIMIT,
    SAMPLED_FOR_CONTROL, PSP_REJECTED) so the note can show it. Carry the plan out only when
    ``pays``; ``claims`` are what paying it uses up (each may be paid once).
    """

    invoice_key: str
    outcome: Outcome
    route: Route = Route.GRANT
    code: Code | None = None
    note: str | None = None  # Danish, starting with [CODE]; None when paid
    postings: tuple[Posting, ...] = ()
    remark: str = ""
    payments: tuple[Payment, ...] = ()  # to register on grants after posting
    order_payments: tuple[OrderPayment, ...] = ()  # to register on certificate orders
    claims: tuple[Claim, ...] = ()  # a plan's period, an order (grant days: claims_of)
    lines: tuple[LineResult, ...] = ()  # the grant route: each line with its trace
    document: DocumentFailure | None = None  # the failed document check, if any
    detail: object | None = None  # the plan or certificate route's own trace

    @property
    def pays(self) -> bool:
        return self.outcome == "pay"

    def manual(self, code: Code, note: str) -> Decision:
        """The same decision sent to manual handling with a (bounded) note."""
        return dataclasses.replace(self, outcome="manual", code=code, note=bounded(note))


def decide_invoice(
    prepared: Prepared, facts: Facts, *, book: MappingBook, settings: DecisionSettings
) -> Decision:
    """Checks in DOMAIN.md's order for the invoice's route; the first that fails names the
    code."""
    # Imported here, each only for its route: the route modules import this one.
    invoice = prepared.invoice
    failure = prepared.failure
    if failure is None and facts.already_posted:
        failure = DocumentFailure(Code.DUPLICATE_INVOICE)
    if failure is not None:
        return document_decision(invoice, failure, route=prepared.route, today=settings.today)
    if prepared.route is Route.PLAN:
        from robot.domain.plan_decision import decide_plan

        decision = decide_plan(invoice, posted=facts.posted, plans=book.plans, today=settings.today)
    elif prepared.route is Route.CERTIFICATE:
        from robot.domain.certificate_decision import decide_certificate

        decision = decide_certificate(
            invoice, cpr=prepared.cprs[0] if prepared.cprs else None, facts=facts, book=book
        )
    else:
        from robot.domain.grant_decision import decide_grant

        decision = decide_grant(
            invoice,
            cprs=prepared.cprs,
            citizens={cpr: (r.grants if r else None) for cpr, r in facts.citizens.items()},
            payments=facts.payments_by_grant(),
            mapping=book.psp,
            settings=settings,
        )
    return invoice_controls(decision, invoice=invoice, settings=settings)


def decide(
    invoice: Invoice,
    *,
    citizens: Mapping[str, Sequence[Grant] | None],
    payments: Mapping[str, Sequence[Payment]],
    already_posted: bool,
    mapping: MappingTable,
    settings: DecisionSettings,
) -> Decision:
    """The grant route alone (document checks, lines, controls), given the citizens' grants
    and payments: what `decide_invoice` does for an invoice with no plan or certificate."""
    from robot.domain.grant_decision import decide_grant
    from robot.domain.prepare import line_cprs

    failure = check_document(
        invoice, route=Route.GRANT, today=settings.today, already_posted=already_posted
    )
    if failure is not None:
        return document_decision(invoice, failure, route=Route.GRANT, today=settings.today)
    decision = decide_grant(
        invoice,
        cprs=line_cprs(invoice, today=settings.today),
        citizens=citizens,
        payments=payments,
        mapping=mapping,
        settings=settings,
    )
    return invoice_controls(decision, invoice=invoice, settings=settings)


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
    """The whole invoice once its route found what to pay: the lines must add up to the
    amount payable, then ABOVE_APPROVAL_LIMIT, then SAMPLED_FOR_CONTROL."""
    if not plan.pays:
        return dataclasses.replace(plan, note=bounded(plan.note or ""))
    # Lines that miss the amount payable go to a person: the ERP would refuse the posting
    # (and the robot retry it run after run), and which of the two amounts is right is not
    # the robot's to guess. The real samples do this with VAT, so the ERP must still load them.
    if lines_miss_the_total(invoice):
        note = total_mismatch_note(lines_sum(invoice), invoice.total, plan_text(plan))
        return plan.manual(Code.AMOUNT_MISMATCH, note)
    if above_approval_limit(invoice.total, settings.approval_limit):
        note = approval_note(invoice.total, settings.approval_limit, plan_text(plan))
        return plan.manual(Code.ABOVE_APPROVAL_LIMIT, note)
    if is_sampled(plan.invoice_key, seed=settings.sample_seed, rate=settings.sample_rate):
        return plan.manual(Code.SAMPLED_FOR_CONTROL, sample_note(plan_text(plan)))
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
    note = psp_rejected_note(erp_message, list(rows.values()), plan_text(decision))
    return decision.manual(Code.PSP_REJECTED, note)


def apply_posting_refused(decision: Decision, erp_message: str) -> Decision:
    """The ERP refused the posting for a reason the robot could not foresee: a person."""
    return decision.manual(
        Code.POSTING_REFUSED, posting_refused_note(erp_message, plan_text(decision))
    )


def repeated_failure(invoice: Invoice, *, runs: int, error: str) -> Decision:
    return Decision(
        invoice_key=invoice.key,
        outcome="manual",
        code=Code.REPEATED_FAILURE,
        note=bounded(repeated_failure_note(runs, error)),
    )


def plan_text(decision: Decision) -> str:
    return posting_text(
        decision.postings, decision.remark, decision.payments, decision.order_payments
    )
