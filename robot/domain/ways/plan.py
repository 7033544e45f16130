"""Payment plans (DOMAIN.md "Payment plans"): a recurring bill with no citizen, from a supplier
to a receiver with a plan row valid on its first day. Paying posts it as the row says and uses
up every cadence period it covers; nothing is registered anywhere else."""

from __future__ import annotations

from robot.domain.claims import ClaimKind
from robot.domain.controls import DocumentRules, PeriodRule
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.mapping_book import MappingBook
from robot.domain.notes import held
from robot.domain.plan_decision import decide_plan, is_plan_invoice, plan_claims
from robot.domain.prepared import Facts, Prepared
from robot.domain.routes import Route
from robot.domain.ways.way import Need, Way, WriteStep, no_cprs


def _decide(
    prepared: Prepared, facts: Facts, book: MappingBook, settings: DecisionSettings
) -> Decision:
    return decide_plan(
        prepared.invoice, posted=facts.posted, plans=book.plans, today=settings.today
    )


WAY = Way(
    route=Route.PLAN,
    recognises=lambda invoice, book, options: is_plan_invoice(invoice, book.plans),
    # No period, or one ahead (rent and subscriptions are billed in advance); no reference is
    # registered anywhere, so any invoice number the ERP took will do.
    documents=DocumentRules(period=PeriodRule.AHEAD, reference_registered=False),
    cprs=no_cprs,
    needs=(Need.POSTED_TO,),
    decide=_decide,
    claim_kinds=(ClaimKind.PLAN,),
    uses=plan_claims,
    held_elsewhere=held.plan_period,
    writes=(WriteStep.POST,),
    in_use=lambda book: len(book.plans) > 0,
)
