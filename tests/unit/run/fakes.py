"""In-memory ERP and case system implementing the run's ports, with switchable faults, and
the set-up to process invoices against them with a real journal."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from robot.domain.benefits import BenefitsCitizen, Deduction, Payout
from robot.domain.decision import DecisionSettings
from robot.domain.mapping_book import MappingBook
from robot.domain.models import (
    CitizenRecord,
    Grant,
    Invoice,
    Order,
    OrderPayment,
    Payment,
    PostedInvoice,
)
from robot.domain.postings import Posting
from robot.domain.systems import System
from robot.errors import DeductionRefused, PaymentRefused, PostingRefused, SiteError
from robot.journal.base import Journal
from robot.journal.model import Lease, Outcome
from robot.journal.sqlite import SqliteJournal
from robot.ports import GrantScreen, InboxEntry, InvoiceScreen, OrderScreen, ScreenStatus
from robot.run.process import process
from robot.run.work import Work


@dataclass
class FakeErp:
    invoices: dict[str, Invoice]
    open_psp: set[str] = field(default_factory=set)
    status: dict[str, str] = field(default_factory=dict)
    postings: dict[str, list[Posting]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    history_keys: set[str] = field(default_factory=set)
    history: list[tuple[str, str, PostedInvoice]] = field(default_factory=list)  # cvr, ean
    proposals: dict[str, list[Posting]] = field(default_factory=dict)
    lose_next_post_response: bool = False
    refuse_next_post: str = ""  # a data-reason the next posting is refused with
    fail_next_post: bool = False  # a 503 before anything is written
    writes: int = 0

    def __post_init__(self) -> None:
        for erp_id in self.invoices:
            self.status.setdefault(erp_id, "unposted")

    async def inbox(self) -> list[InboxEntry]:
        return [InboxEntry(i) for i, s in self.status.items() if s == "unposted"]

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
            status=ScreenStatus(self.status[erp_id]),
            voucher=f"BIL-{erp_id}" if self.status[erp_id] == "posted" else None,
            same_key_posted=posted,
            open_psp=frozenset(self.open_psp) if self.status[erp_id] == "unposted" else None,
        )

    async def posted_to(self, supplier_cvr: str, receiver_ean: str) -> list[PostedInvoice]:
        await asyncio.sleep(0)
        found = [p for cvr, ean, p in self.history if (cvr, ean) == (supplier_cvr, receiver_ean)]
        for erp_id, invoice in self.invoices.items():
            if self.status[erp_id] != "posted" or invoice.receiver_ean != receiver_ean:
                continue
            if invoice.supplier_cvr == supplier_cvr:
                found.append(
                    PostedInvoice(
                        erp_id=erp_id,
                        invoice_number=invoice.invoice_number,
                        total=invoice.total,
                        issue_date=invoice.issue_date,
                        period_start=invoice.period_start,
                        period_end=invoice.period_end,
                        texts=invoice.line_texts,
                    )
                )
        return found

    async def post(self, erp_id: str, *, postings: Sequence[Posting], remark: str) -> str:
        if self.status[erp_id] != "unposted":
            raise PostingRefused(
                "the invoice is not unposted", reasons=frozenset({"already_posted"})
            )
        await asyncio.sleep(0)  # a form submission
        if self.fail_next_post:
            self.fail_next_post = False
            raise SiteError("503 Service Unavailable")
        if self.refuse_next_post:
            reason, self.refuse_next_post = self.refuse_next_post, ""
            raise PostingRefused(f"refused: {reason}", reasons=frozenset({reason}))
        for posting in postings:
            if posting.psp not in self.open_psp:
                raise PostingRefused(
                    f"PSP element {posting.psp} is closed", reasons=frozenset({"psp_closed"})
                )
        self.writes += 1
        self.status[erp_id] = "posted"
        self.postings.setdefault(erp_id, []).extend(postings)
        if self.lose_next_post_response:
            self.lose_next_post_response = False
            raise SiteError("502 Bad Gateway after the posting")
        return f"BIL-{erp_id}"

    async def send_to_manual(
        self, erp_id: str, *, note: str, proposal: Sequence[Posting] = (), remark: str = ""
    ) -> None:
        if self.status[erp_id] != "unposted":
            raise SiteError("the invoice is not unposted")
        self.writes += 1
        self.status[erp_id] = "manual"
        self.notes.setdefault(erp_id, []).append(note)
        self.proposals[erp_id] = list(proposal)

    def paid_keys(self) -> list[str]:
        return [self.invoices[e].key for e, s in self.status.items() if s == "posted"]


@dataclass
class FakeCase:
    grants: list[Grant]
    registered: list[Payment] = field(default_factory=list)
    citizens: set[str] = field(default_factory=set)
    orders: list[Order] = field(default_factory=list)
    order_payments: dict[str, OrderPayment] = field(default_factory=dict)
    fail_next_register: bool = False
    refuse_registrations: bool = False

    async def citizen(self, cpr: str) -> CitizenRecord | None:
        await asyncio.sleep(0)
        grants = tuple(g for g in self.grants if g.cpr == cpr)
        orders = tuple(
            replace(o, status="paid") if o.order_id in self.order_payments else o
            for o in self.orders
            if o.cpr == cpr
        )
        if not grants and not orders and cpr not in self.citizens:
            return None
        ids = {g.grant_id for g in grants}
        payments = tuple(p for p in self.registered if p.grant_id in ids)
        return CitizenRecord(grants=grants, payments=payments, orders=orders)

    async def grant(self, grant_id: str) -> GrantScreen:
        await asyncio.sleep(0)
        found = next(g for g in self.grants if g.grant_id == grant_id)
        paid = tuple(p for p in self.registered if p.grant_id == grant_id)
        return GrantScreen(grant=found, payments=paid)

    async def register_payment(self, payment: Payment) -> None:
        await asyncio.sleep(0)
        if self.fail_next_register:
            self.fail_next_register = False
            raise SiteError("503 Service Unavailable")
        if self.refuse_registrations:
            raise PaymentRefused("Perioden overlapper en registreret betaling")
        if any(
            p.grant_id == payment.grant_id and p.invoice_ref == payment.invoice_ref
            for p in self.registered
        ):
            raise PaymentRefused("invoice reference already registered on the grant")
        self.registered.append(payment)

    async def order(self, order_id: str) -> OrderScreen:
        await asyncio.sleep(0)
        paid = self.order_payments.get(order_id)
        if paid is not None:
            return OrderScreen(order_id=order_id, status="paid", paid_by=paid.invoice_ref)
        found = next(o for o in self.orders if o.order_id == order_id)
        return OrderScreen(order_id=order_id, status=found.status)

    async def register_order_payment(self, payment: OrderPayment) -> None:
        await asyncio.sleep(0)
        if payment.order_id in self.order_payments:
            raise PaymentRefused("the order is paid")
        found = next(o for o in self.orders if o.order_id == payment.order_id)
        if found.status != "open":
            raise PaymentRefused(f"the order is {found.status}")
        self.order_payments[payment.order_id] = payment


@dataclass
class FakeBenefits:
    """The benefits system: citizens by CPR, their payouts and the deductions registered."""

    citizens: dict[str, BenefitsCitizen] = field(default_factory=dict)
    deducted: list[Deduction] = field(default_factory=list)
    fail_next_deduction: bool = False
    writes: int = 0

    def _payout(self, payout_id: str) -> Payout:
        for citizen in self.citizens.values():
            for payout in citizen.payouts:
                if payout.payout_id == payout_id:
                    taken = sum(
                        (d.amount for d in self.deducted if d.payout_id == payout_id),
                        Decimal(0),
                    )
                    return replace(payout, deducted=payout.deducted + taken)
        raise SiteError(f"no payout {payout_id}")

    async def citizen(self, cpr: str) -> BenefitsCitizen | None:
        await asyncio.sleep(0)
        found = self.citizens.get(cpr)
        if found is None:
            return None
        payouts = tuple(self._payout(p.payout_id) for p in found.payouts)
        ids = {a.agreement_id for a in found.agreements}
        deductions = (*found.deductions, *(d for d in self.deducted if d.agreement_id in ids))
        return replace(found, payouts=payouts, deductions=tuple(deductions))

    async def deductions(self, agreement_id: str) -> list[Deduction]:
        await asyncio.sleep(0)
        loaded = [d for c in self.citizens.values() for d in c.deductions]
        return [d for d in (*loaded, *self.deducted) if d.agreement_id == agreement_id]

    async def payout(self, payout_id: str) -> Payout:
        await asyncio.sleep(0)
        return self._payout(payout_id)

    async def register_deduction(self, deduction: Deduction) -> None:
        await asyncio.sleep(0)
        if self.fail_next_deduction:
            self.fail_next_deduction = False
            raise SiteError("503 Service Unavailable")
        payout = self._payout(deduction.payout_id)
        if payout.status != "planlagt":
            raise DeductionRefused("udbetalt", reasons=frozenset({"payout_paid_out"}))
        if payout.left < deduction.amount:
            raise DeductionRefused("for lidt", reasons=frozenset({"amount_above_left"}))
        if any(
            d.agreement_id == deduction.agreement_id and d.month == deduction.month
            for d in await self.deductions(deduction.agreement_id)
        ):
            raise DeductionRefused("trukket", reasons=frozenset({"month_already_deducted"}))
        self.writes += 1
        self.deducted.append(deduction)


def grant(**overrides: object) -> Grant:
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


@dataclass
class Bench:
    """Fake systems, a real journal and one run: process invoices as the runner would."""

    erp: FakeErp
    case: FakeCase
    journal: Journal
    book: MappingBook
    run_id: str = "run-1"
    dry_run: bool = False
    benefits: FakeBenefits = field(default_factory=FakeBenefits)

    @classmethod
    def over(
        cls, tmp_path: Path, erp: FakeErp, case: FakeCase, book: MappingBook, **kw: object
    ) -> Bench:
        journal = SqliteJournal(tmp_path / "journal")
        journal.start_run(
            run_id="run-1",
            host="test",
            dry_run=bool(kw.get("dry_run")),
            mapping_file="m",
            sha256="x",
        )
        return cls(erp, case, journal, book, **kw)  # type: ignore[arg-type]

    def work(self, lease: Lease | None, *, crash_after_step: str | None = None) -> Work:
        return Work(
            systems={System.ERP: self.erp, System.CASE: self.case, System.BENEFITS: self.benefits},
            journal=self.journal,
            book=self.book,
            settings=DecisionSettings(today=date(2026, 11, 23), sample_rate=Decimal(0)),
            run_id=self.run_id,
            lease=None if self.dry_run else lease,
            dry_run=self.dry_run,
            crash_after_step=crash_after_step,
        )

    def lease(self, erp_id: str, *, owner: str = "test", lease_s: float = 60) -> Lease:
        """The invoice queued and leased to `owner` (when no one else holds it)."""
        self.journal.enqueue([erp_id], read_at=self.journal.now())
        others = set(self.erp.invoices) - {erp_id}
        lease = self.journal.take(owner=owner, lease_s=lease_s, skip=others)
        if lease is None or lease.erp_id != erp_id:
            raise AssertionError(f"{erp_id} could not be leased")
        return lease

    async def process(self, erp_id: str) -> Outcome:
        """One attempt at the invoice, its lease given back whatever happens (as the loop does)."""
        lease = self.lease(erp_id)
        try:
            outcome = await process(self.work(lease), erp_id)
        except BaseException:
            self.journal.release(lease, done=False)
            raise
        self.journal.release(lease, done=True)
        return outcome
