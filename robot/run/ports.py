"""The small interfaces the run needs from the two systems; page objects and fakes fit them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from robot.domain.models import Grant, Invoice, Payment
from robot.domain.postings import Posting

InvoiceStatus = Literal["unposted", "posted", "manual"]


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


@dataclass(frozen=True, slots=True)
class CitizenRecord:
    """What the case system's citizen page shows: every grant and every registered payment."""

    grants: tuple[Grant, ...]
    payments: tuple[Payment, ...]


class Erp(Protocol):
    async def inbox(self) -> list[str]:
        """ERP ids of every unposted invoice, through all the inbox's pages."""
        ...

    async def invoice(self, erp_id: str) -> InvoiceScreen: ...

    async def post(self, erp_id: str, *, postings: Sequence[Posting], remark: str) -> str:
        """Post the invoice and return the voucher number; PostingRefused when the ERP says no."""
        ...

    async def send_to_manual(self, erp_id: str, *, note: str) -> None: ...


class CaseSystem(Protocol):
    async def citizen(self, cpr: str) -> CitizenRecord | None:
        """The citizen's grants and payments, or None when the case system has no such citizen."""
        ...

    async def payments(self, grant_id: str) -> list[Payment]: ...

    async def register_payment(self, payment: Payment) -> None:
        """Register a payment on its grant; PaymentRefused when the case system says no."""
        ...
