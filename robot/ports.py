"""The small interfaces the run needs from the systems; page objects and fakes fit them.

They sit at the top of `robot/`: the run layer and the page objects both depend on them, and
neither on the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from robot.domain.benefits import BenefitsCitizen, Deduction, Payout
from robot.domain.history import PostedBill
from robot.domain.models import (
    CitizenRecord,
    Grant,
    Invoice,
    OrderPayment,
    OrderStatus,
    Payment,
    PostedInvoice,
)
from robot.domain.postings import Posting

__all__ = [
    "BenefitsSystem",
    "CaseSystem",
    "CitizenRecord",
    "Erp",
    "GrantScreen",
    "InboxEntry",
    "InvoiceScreen",
    "OrderScreen",
    "ScreenStatus",
]


class ScreenStatus(StrEnum):
    """An invoice's status as the ERP shows it."""

    UNPOSTED = "unposted"  # waiting in the inbox
    POSTED = "posted"
    MANUAL = "manual"  # in manual handling
    REJECTED = "rejected"  # rejected by a person; can never be posted


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """One row of the ERP's inbox: the invoice and when it falls due (None when not shown)."""

    erp_id: str
    due_date: date | None = None


@dataclass(frozen=True, slots=True)
class InvoiceScreen:
    """What the ERP's invoice page shows: the invoice, its status and its namesakes."""

    invoice: Invoice
    status: ScreenStatus
    voucher: str | None = None
    # Another receipt with the same supplier CVR and invoice number, or the ERP's history,
    # shows it posted already.
    same_key_posted: bool = False
    # The PSP elements the posting form offers (the ERP's open ones); None when not shown.
    open_psp: frozenset[str] | None = None
    # A person sent it back to the robot after it was in manual handling.
    sent_back: bool = False


@dataclass(frozen=True, slots=True)
class GrantScreen:
    """A grant's page: the grant as it stands now and every payment registered on it."""

    grant: Grant
    payments: tuple[Payment, ...]


@dataclass(frozen=True, slots=True)
class OrderScreen:
    """A certificate order's page: its status and, once paid, the invoice it was paid with."""

    order_id: str
    status: OrderStatus
    paid_by: str | None = None


class Erp(Protocol):
    async def inbox(self) -> list[InboxEntry]:
        """Every unposted invoice, through all the inbox's pages."""
        ...

    async def invoice(self, erp_id: str) -> InvoiceScreen: ...

    async def posted_to(self, supplier_cvr: str, receiver_ean: str) -> list[PostedInvoice]:
        """Every invoice the ERP holds as posted from the supplier to the receiver."""
        ...

    async def posted_history(self, *, since: date, until: date) -> list[PostedBill]:
        """Every invoice posted in the days from `since` to `until`, with its posting lines."""
        ...

    async def post(self, erp_id: str, *, postings: Sequence[Posting], remark: str) -> str:
        """Post the invoice and return the voucher number; PostingRefused when the ERP says no."""
        ...

    async def send_to_manual(
        self, erp_id: str, *, note: str, proposal: Sequence[Posting] = (), remark: str = ""
    ) -> None:
        """Send the invoice to manual handling with a note, and the posting the robot would
        have made (when it had one) for the person to check and post."""
        ...


class CaseSystem(Protocol):
    async def citizen(self, cpr: str) -> CitizenRecord | None:
        """The citizen's grants, payments and certificate orders; None when the case system
        has no such citizen."""
        ...

    async def grant(self, grant_id: str) -> GrantScreen: ...

    async def register_payment(self, payment: Payment) -> None:
        """Register a payment on its grant; PaymentRefused when the case system says no."""
        ...

    async def order(self, order_id: str) -> OrderScreen: ...

    async def register_order_payment(self, payment: OrderPayment) -> None:
        """Register the payment on a certificate order; PaymentRefused when refused."""
        ...


class BenefitsSystem(Protocol):
    async def citizen(self, cpr: str) -> BenefitsCitizen | None:
        """The citizen's rent agreements, payouts and deductions; None when unknown."""
        ...

    async def deductions(self, agreement_id: str) -> list[Deduction]:
        """Every deduction registered under the agreement (its page)."""
        ...

    async def payout(self, payout_id: str) -> Payout:
        """The payout as it stands now (its page): status and what is left."""
        ...

    async def register_deduction(self, deduction: Deduction) -> None:
        """Register the deduction on its payout; DeductionRefused when refused."""
        ...
