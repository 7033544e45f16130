"""What to do with one invoice, whatever its way of paying, and the run's settings the decision
depends on. The value every way's rules return and every reader (note, write, report) reads."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from robot.domain.benefits import Deduction
from robot.domain.codes import Code
from robot.domain.controls import DocumentFailure
from robot.domain.matching import LineResult
from robot.domain.models import OrderPayment, Payment
from robot.domain.notes.bounds import bounded
from robot.domain.postings import Posting
from robot.domain.routes import Route

__all__ = ["Decision", "DecisionSettings", "LineResult", "Posting", "Verdict"]

Verdict = Literal["pay", "manual"]
# The codes after which the robot's posting is what a person would post (DOMAIN.md "After the
# robot"): a control stopped it, not a doubt about what it pays.
PROPOSED = frozenset(
    {
        Code.SAMPLED_FOR_CONTROL,
        Code.ABOVE_APPROVAL_LIMIT,
        Code.PSP_REJECTED,
        Code.POSTING_REFUSED,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionSettings:
    """The run's settings the decision depends on."""

    today: date
    approval_limit: Decimal = Decimal("100000.00")
    amount_tolerance: Decimal = Decimal("0.00")
    sample_rate: Decimal = Decimal("0.05")
    sample_seed: str | int = 0
    learned_postings: bool = False  # robot run --learned-postings
    learned_limit: Decimal = Decimal("5000.00")  # robot run --learned-limit


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """What to do with one invoice.

    ``postings``, ``remark`` and the registrations (``payments`` on grants, ``order_payments``
    on certificate orders, ``deductions`` from benefit payouts) are the plan: filled whenever
    the rules found what to pay, also when the outcome is manual (ABOVE_APPROVAL_LIMIT,
    SAMPLED_FOR_CONTROL, PSP_REJECTED) so the note can show it. Carry the plan out only when
    ``pays``; what paying it uses up is its way's claims (robot/domain/ways/).
    """

    invoice_key: str
    outcome: Verdict
    route: Route = Route.GRANT
    code: Code | None = None
    note: str | None = None  # Danish, starting with [CODE]; None when paid
    postings: tuple[Posting, ...] = ()
    remark: str = ""
    payments: tuple[Payment, ...] = ()  # to register on grants after posting
    order_payments: tuple[OrderPayment, ...] = ()  # to register on certificate orders
    deductions: tuple[Deduction, ...] = ()  # to register on benefit payouts before posting
    lines: tuple[LineResult, ...] = ()  # the grant route: each line with its trace
    document: DocumentFailure | None = None  # the failed document check, if any
    detail: object | None = None  # the other routes' own trace

    @property
    def pays(self) -> bool:
        return self.outcome == "pay"

    @property
    def proposal(self) -> tuple[Posting, ...]:
        """The posting a person may post as it is, filled into the ERP's posting form: only
        where the rules found what to pay and a control stopped it."""
        return self.postings if self.code in PROPOSED else ()

    def manual(self, code: Code, note: str) -> Decision:
        """The same decision sent to manual handling with a (bounded) note."""
        return dataclasses.replace(self, outcome="manual", code=code, note=bounded(note))
