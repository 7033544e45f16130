"""The small interfaces the run needs from the two systems; page objects and fakes fit them.

They sit at the top of `robot/`: the run layer and the page objects both depend on them, and
neither on the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from robot.domain.benefits import BenefitsCitizen, Deduction
from robot.domain.models import CitizenRecord, Invoice, OrderPayment, Payment, PostedInvoice
from robot.domain.postings import Posting

InvoiceStatus = Literal["unposted", "posted", "manual", "rejected"]

__all__ = ["CaseSystem", "CitizenRecord", "Erp", "InvoiceScreen", "InvoiceStatus"]


@dataclass(frozen=True, slots=True)
class InvoiceScreen:
    """What the ERP's invoice page shows: the invoice, its status and its namesakes."""

    invoice: Invoice
    status: InvoiceStatus
    voucher: str | None = None
    # Another receipt with the same supplier CVR and invoice number, or the ERP's history,
    # shows it posted already.
    same_key_posted: bool = False
    # The PSP elements the posting form offers (the ERP's open ones); None when not shown.
    open_psp: frozenset[str] | None = None
    # A person sent it back to the robot after it was in manual handling.
    sent_back: bool = False


class Erp(Protocol):
    async def inbox(self) -> list[str]:
        """ERP ids of every unposted invoice, through all the inbox's pages."""
        ...

    async def invoice(self, erp_id: str) -> InvoiceScreen: ...

    async def posted_to(self, supplier_cvr: str, receiver_ean: str) -> list[PostedInvoice]:
        """Every invoice the ERP holds as posted from the supplier to the receiver."""
        ...

    async def post(self, erp_id: str, *, postings: Sequence[Posting], remark: str) -> str:
        """Post the invoice and return the voucher number; PostingRefused when the ERP says no."""
        ...

    async def send_to_manual(self, erp_id: str, *, note: str) -> None: ...


class CaseSystem(Protocol):
    async def citizen(self, cpr: str) -> CitizenRecord | None:
        """The citizen's grants, payments and certificate orders; None when the case system
        has no such citizen."""
        ...

    async def payments(self, grant_id: str) -> list[Payment]: ...

    async def register_payment(self, payment: Payment) -> None:
        """Register a payment on its grant; PaymentRefused when the case system says no."""
        ...

    async def order_paid_by(self, order_id: str) -> str | None:
        """The invoice reference the order is paid with, or None while it is not paid."""
        ...

    async def register_order_payment(self, payment: OrderPayment) -> None:
        """Register the payment on a certificate order; PaymentRefused when refused."""
        ...


class BenefitsSystem(Protocol):
    async def citizen(self, cpr: str) -> BenefitsCitizen | None:
        """The citizen's rent agreements, payouts and rent deductions; None when the benefits
        system has no such citizen."""
        ...

    async def deductions(self, agreement_id: str) -> list[Deduction]:
        """Every rent deduction under the agreement, by month."""
        ...

    async def register_deduction(self, deduction: Deduction) -> None:
        """Take a month's rent off a payout; DeductionRefused (with the system's reasons) when
        the benefits system says no."""
        ...
