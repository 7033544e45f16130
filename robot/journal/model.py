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
    "FailureStreak",
    "HeldWork",
    "JournalEntry",
    "Lease",
    "LeaseLost",
    "Outcome",
    "OutcomeKind",
    "PersonTask",
    "PlanKind",
    "PlannedDeduction",
    "PlannedOrderPayment",
    "PlannedPayment",
    "PlannedPosting",
    "Route",
    "RunRecord",
    "State",
    "Tally",
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
    due_date: date | None = None  # forfaldsdato
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


@dataclass(frozen=True, slots=True)
class Tally:
    """How many outcomes of one kind, way of paying and code a run has recorded."""

    outcome: OutcomeKind
    route: Route | None
    code: Code | None
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class HeldWork:
    """An invoice a process holds (or held when it stopped): its lease as the journal keeps it,
    times by the journal's shared clock (seconds since the epoch)."""

    erp_id: str
    owner: str  # host:pid:random (robot.run.queue.process_owner)
    lease_until: float
    renewed_at: float | None  # the lease's last renewal (None: journal from before renewals)
    invoice_key: str = ""  # masked
    state: State | None = None  # its journal entry's step; None before the first write

    @property
    def host(self) -> str:
        return self.owner.rsplit(":", 2)[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonTask:
    """An invoice the robot wrote in part and left for a person (state NEEDS_PERSON)."""

    entry: JournalEntry
    since: str  # when it was left (ISO time)
    run_id: str
    error: str = ""  # what the system answered (masked), from the run's outcome


@dataclass(frozen=True, slots=True, kw_only=True)
class FailureStreak:
    """An open invoice whose last outcome in a real run left it for the next run."""

    erp_id: str
    invoice_key: str  # masked; empty when the run failed before reading the invoice
    runs: int  # real runs in a row that ended it `failed` with the same error (1 or more)
    error: str
    last_run: str
    last_at: str
    unfinished: bool = False  # written in part, then the journal went away


class LeaseLost(Exception):
    """The invoice's lease passed to another process: stop working on it at once."""


class JournalUnavailable(Exception):
    """The journal cannot be reached or used (down, refused, of a newer robot); the message
    names it without a password."""
