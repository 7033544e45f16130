"""In-memory ERP and case system implementing the run's ports, with switchable faults."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from robot.domain.models import Grant, Invoice, Payment
from robot.domain.postings import Posting
from robot.errors import PaymentRefused, PostingRefused, SiteError
from robot.run.ports import CitizenRecord, InvoiceScreen


@dataclass
class FakeErp:
    invoices: dict[str, Invoice]
    open_psp: set[str] = field(default_factory=set)
    status: dict[str, str] = field(default_factory=dict)
    postings: dict[str, list[Posting]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    history_keys: set[str] = field(default_factory=set)
    lose_next_post_response: bool = False
    writes: int = 0

    def __post_init__(self) -> None:
        for erp_id in self.invoices:
            self.status.setdefault(erp_id, "unposted")

    async def inbox(self) -> list[str]:
        return [i for i, s in self.status.items() if s == "unposted"]

    async def invoice(self, erp_id: str) -> InvoiceScreen:
        await asyncio.sleep(0)  # a page load: other workers run meanwhile
        invoice = self.invoices[erp_id]
        posted = invoice.key in self.history_keys or any(
            self.invoices[other].key == invoice.key and s == "posted"
            for other, s in self.status.items()
            if other != erp_id
        )
        return InvoiceScreen(
            invoice=invoice,
            status=self.status[erp_id],  # type: ignore[arg-type]
            voucher=f"BIL-{erp_id}" if self.status[erp_id] == "posted" else None,
            same_key_posted=posted,
            open_psp=frozenset(self.open_psp) if self.status[erp_id] == "unposted" else None,
        )

    async def post(self, erp_id: str, *, postings: Sequence[Posting], remark: str) -> str:
        if self.status[erp_id] != "unposted":
            raise PostingRefused("the invoice is not unposted", psp_element=False)
        await asyncio.sleep(0)  # a form submission
        for posting in postings:
            if posting.psp not in self.open_psp:
                raise PostingRefused(f"PSP element {posting.psp} is closed", psp_element=True)
        self.writes += 1
        self.status[erp_id] = "posted"
        self.postings.setdefault(erp_id, []).extend(postings)
        if self.lose_next_post_response:
            self.lose_next_post_response = False
            raise SiteError("502 Bad Gateway after the posting")
        return f"BIL-{erp_id}"

    async def send_to_manual(self, erp_id: str, *, note: str) -> None:
        if self.status[erp_id] != "unposted":
            raise SiteError("the invoice is not unposted")
        self.writes += 1
        self.status[erp_id] = "manual"
        self.notes.setdefault(erp_id, []).append(note)


@dataclass
class FakeCase:
    grants: list[Grant]
    registered: list[Payment] = field(default_factory=list)
    citizens: set[str] = field(default_factory=set)
    fail_next_register: bool = False

    async def citizen(self, cpr: str) -> CitizenRecord | None:
        grants = tuple(g for g in self.grants if g.cpr == cpr)
        if not grants and cpr not in self.citizens:
            return None
        ids = {g.grant_id for g in grants}
        return CitizenRecord(
            grants=grants, payments=tuple(p for p in self.registered if p.grant_id in ids)
        )

    async def payments(self, grant_id: str) -> list[Payment]:
        return [p for p in self.registered if p.grant_id == grant_id]

    async def register_payment(self, payment: Payment) -> None:
        if self.fail_next_register:
            self.fail_next_register = False
            raise SiteError("503 Service Unavailable")
        if any(
            p.grant_id == payment.grant_id and p.invoice_ref == payment.invoice_ref
            for p in self.registered
        ):
            raise PaymentRefused("invoice reference already registered on the grant")
        self.registered.append(payment)


def grant(**overrides: object) -> Grant:
    from datetime import date

    base = Grant(
        grant_id="B-1043",
        cpr="0101901234",
        provider_cvr="12345674",
        paragraph="107",
        service="Midlertidigt botilbud",
        art="4.0",
        ownership="Privat",
        target_group="Udviklingshæmmede",
        rate=Decimal("1040.00"),
        rate_unit="day",
        valid_from=date(2026, 1, 1),
    )
    return replace(base, **overrides)  # type: ignore[arg-type]
