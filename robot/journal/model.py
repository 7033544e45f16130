"""The journal's vocabulary: states, outcomes, the stored write plan, claims and leases.

These are the types the run layer speaks; JSON exists only inside a journal implementation.
The journal never holds a CPR number: texts from an invoice are masked before they are stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from robot.domain.claims import Claim
from robot.domain.codes import Code
from robot.domain.routes import Route

__all__ = [
    "Claim",
    "ClaimHolder",
    "JournalEntry",
    "Lease",
    "LeaseLost",
    "Outcome",
    "OutcomeKind",
    "PlanKind",
    "PlannedDeduction",
    "PlannedOrderPayment",
    "PlannedPayment",
    "PlannedPosting",
    "Route",
    "RunRecord",
    "State",
    "WritePlan",
]


class State(StrEnum):
    """Where one invoice (one ERP receipt) is on its way to an outcome."""

    POSTING = "posting"  # claims held, about to post in the ERP (intent recorded first)
    POSTED = "posted"  # the ERP shows it posted; registrations may still be missing
    NOTING = "noting"  # about to send it to manual handling
    DONE = "done"  # nothing left to do (paid and registered, or noted)
    # Something was written, but the rest was refused (a registration after the posting, the
    # posting after a rent deduction): a person finishes it; what it used up stays claimed.
    NEEDS_PERSON = "needs_person"


class OutcomeKind(StrEnum):
    """What became of an invoice in one run."""

    PAID = "paid"
    MANUAL = "manual"
    FAILED = "failed"  # left untouched for the next run after system faults
    SKIPPED = "skipped"  # handled by someone else meanwhile
    NEEDS_PERSON = "needs_person"  # posted, but a person must register the payment
    # Written in part when the run lost its journal (posted, not yet registered): the next run
    # finishes it from what the systems show.
    UNFINISHED = "unfinished"
    WOULD_PAY = "would_pay"  # dry run
    WOULD_NOTE = "would_note"  # dry run


class PlanKind(StrEnum):
    PAY = "pay"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class PlannedPosting:
    """One posting line as the robot will write (or wrote) it."""

    line: int
    reference: str  # the grant id, order id or payment plan the line pays
    psp: str
    amount: Decimal
    text: str


# The registrations carry no invoice reference: it is the invoice's key (supplier CVR and
# number), which may look like a CPR, so it is read again from the ERP when written.
@dataclass(frozen=True, slots=True)
class PlannedPayment:
    """A payment to register on a grant after posting."""

    grant_id: str
    period_start: date
    period_end: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PlannedOrderPayment:
    """A payment to register on a certificate order after posting."""

    order_id: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PlannedDeduction:
    """A rent deduction to register on a benefit payout before posting."""

    payout_id: str
    agreement_id: str
    month: date  # the first day of the month
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class WritePlan:
    """What the robot decided to write for one invoice, stored before the first write so that
    any later run finishes exactly that. No CPR-shaped text is kept: the note is masked and
    the invoice reference is read again from the ERP."""

    kind: PlanKind
    route: Route | None = None
    code: Code | None = None
    note: str = ""
    remark: str = ""
    postings: tuple[PlannedPosting, ...] = ()
    payments: tuple[PlannedPayment, ...] = ()
    order_payments: tuple[PlannedOrderPayment, ...] = ()
    deductions: tuple[PlannedDeduction, ...] = ()

    @property
    def pays(self) -> bool:
        return self.kind is PlanKind.PAY


@dataclass(frozen=True, slots=True)
class ClaimHolder:
    """Another invoice holding a claim this one needs, and how far it has come."""

    claim: Claim
    erp_id: str
    invoice_key: str
    state: State | None  # None: its journal entry is gone (purged)
    paid: bool  # its plan pays and it has been posted: the claim is final


@dataclass(frozen=True, slots=True)
class Lease:
    """One process's exclusive hold on one invoice until ``until`` (renewed while it works).

    ``token`` fences the journal's writes: a write with a token that is no longer current is
    refused (LeaseLost), so a process that lost its lease can never overwrite a successor."""

    erp_id: str
    owner: str
    token: int
    # When this process asked for the lease, by its own monotonic clock: the lease lasts at
    # least until then plus its length (the journal's clock may only be later).
    asked_at: float = field(default=0.0, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalEntry:
    erp_id: str
    invoice_key: str
    state: State
    plan: WritePlan
    voucher: str | None = None
    failures: int = 0  # consecutive runs in which it failed with the same error


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """One invoice's result in one run: what finance reads in the report (CPR masked)."""

    erp_id: str
    outcome: OutcomeKind
    invoice_key: str = ""
    supplier_cvr: str = ""
    supplier_name: str = ""
    route: Route | None = None
    code: Code | None = None
    references: str = ""  # grant ids, plan or order the postings pay
    psp: str = ""
    amount: Decimal | None = None  # signed: a credit note is negative
    currency: str = "DKK"
    doc_type: str = "invoice"
    period_start: date | None = None  # the billed period
    period_end: date | None = None
    voucher: str = ""
    came_back: bool = False  # sent back to the robot by a person after an earlier note
    note: str = ""
    error: str = ""
    # Set when read back from the journal: the run it belongs to, when it was recorded, and
    # its place in the journal's order.
    run_id: str = ""
    at: str = ""
    number: int = 0


@dataclass(frozen=True, slots=True)
class RunRecord:
    run_id: str
    started_at: str
    finished_at: str | None
    host: str
    dry_run: bool
    mapping_file: str
    mapping_sha256: str
    exit_code: int | None
    summary: dict[str, int] = field(default_factory=dict)


class LeaseLost(Exception):
    """The invoice's lease passed to another process: stop working on it at once."""


class JournalUnavailable(Exception):
    """The journal cannot be reached or used (down, refused, of a newer robot); the message
    names it without a password."""
