"""One way to pay, declared in one place: how its invoices are recognised, which facts it needs
from which system, its pure decision, what paying uses up (its claims), how another invoice's
hold on one of them reads in a note, and its writes in their order.

The router, the conflicts, the run's fetching and writing all read these entries; nothing else
tells the ways apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum

from robot.domain.claims import Claim, ClaimKind, PaidElsewhere
from robot.domain.controls import DocumentRules
from robot.domain.cpr_extraction import CprFinding
from robot.domain.decision import Decision, DecisionSettings
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice
from robot.domain.prepared import Facts, Prepared
from robot.domain.routes import Route
from robot.domain.systems import System


class Need(Enum):
    """A fact a way needs fetched before it can decide, and the system it comes from."""

    CITIZENS = ("citizens", System.CASE)  # each CPR's grants, payments and orders
    POSTED_TO = ("posted_to", System.ERP)  # what is posted from the supplier to the receiver
    BENEFITS = ("benefits", System.BENEFITS)  # each CPR's rent agreements, payouts, deductions
    HISTORY = ("history", System.ERP)  # what people posted (read once a run, when needed)

    def __init__(self, label: str, system: System) -> None:
        self.label = label
        self.system = system


class WriteStep(StrEnum):
    """One write of a payment, in the system it goes to (the run layer carries each out)."""

    POST = "post"  # the posting in the ERP
    GRANT_PAYMENTS = "grant_payments"  # each payment on its grant in the case system
    ORDER_PAYMENT = "order_payment"  # the payment on the certificate order in the case system
    RENT_DEDUCTION = "rent_deduction"  # the rent taken off the payout in the benefits system

    @property
    def system(self) -> System:
        return _STEP_SYSTEMS[self]


_STEP_SYSTEMS = {
    WriteStep.POST: System.ERP,
    WriteStep.GRANT_PAYMENTS: System.CASE,
    WriteStep.ORDER_PAYMENT: System.CASE,
    WriteStep.RENT_DEDUCTION: System.BENEFITS,
}


@dataclass(frozen=True, slots=True)
class RouteOptions:
    """The run's choices that decide which ways are open."""

    learned_postings: bool = False  # robot run --learned-postings


Recognise = Callable[[Invoice, MappingBook, RouteOptions], bool]
FindCprs = Callable[[Invoice, date], tuple[CprFinding, ...]]
Decide = Callable[[Prepared, Facts, MappingBook, DecisionSettings], Decision]
Uses = Callable[[Decision], tuple[Claim, ...]]
HeldElsewhere = Callable[[Decision, Sequence[PaidElsewhere]], Decision]


@dataclass(frozen=True, slots=True, kw_only=True)
class Way:
    route: Route
    recognises: Recognise  # True for an invoice of this way (the table asks in its order)
    documents: DocumentRules  # the document checks as this way reads them
    cprs: FindCprs  # the CPR numbers to look up (none for a way without citizens)
    needs: tuple[Need, ...]  # the facts to fetch before deciding
    decide: Decide  # the pure decision, after the document checks
    claim_kinds: tuple[ClaimKind, ...]  # the kinds of claim `uses` returns
    uses: Uses  # everything paying the decision uses up (the invoice itself aside)
    held_elsewhere: HeldElsewhere  # the manual decision when another invoice holds a claim
    writes: tuple[WriteStep, ...]  # the writes, in the order they are made
    # Whether a workbook can send an invoice this way at all (its sheets have the rows): a
    # system only such ways need is not logged in to.
    in_use: Callable[[MappingBook], bool] = lambda book: True
    # Danish: what a person finishes when the robot could not ({refs}: " B-1043", the references)
    register_by_hand: str = ""

    @property
    def systems(self) -> frozenset[System]:
        """Every system this way reads or writes (the ERP always)."""
        return frozenset(
            {System.ERP, *(n.system for n in self.needs), *(s.system for s in self.writes)}
        )


def no_cprs(invoice: Invoice, today: date) -> tuple[CprFinding, ...]:
    """For a way with no citizen (payment plans)."""
    return ()
