"""The values the decision works on: invoice and its lines, grant with its rates, payment,
certificate order, period, and what the ERP shows of invoices already posted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

DocType = Literal["invoice", "credit_note"]
RateUnit = Literal["day", "month", "hour"]
GrantStatus = Literal["active", "ended", "cancelled"]
OrderStatus = Literal["open", "paid", "cancelled"]


@dataclass(frozen=True, slots=True)
class Period:
    """A run of days, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def each_day(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.days)]


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceLine:
    """One invoice line; its texts may carry the citizen's CPR, so they stay out of repr()."""

    number: int
    amount: Decimal
    note: str = field(default="", repr=False)
    item_name: str = field(default="", repr=False)
    item_description: str = field(default="", repr=False)
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Invoice:
    """An unposted document in the ERP inbox (an invoice or a credit note)."""

    erp_id: str
    supplier_cvr: str
    invoice_number: str
    total: Decimal
    supplier_name: str = ""
    doc_type: DocType = "invoice"
    # The document's InvoiceTypeCode/CreditNoteTypeCode as written ("" when it has none).
    type_code: str = ""
    currency: str = "DKK"
    issue_date: date | None = None
    due_date: date | None = None  # forfaldsdato, as the ERP shows it
    period_start: date | None = None
    period_end: date | None = None
    # The buyer's contact reference (Contact/ID or BuyerReference): may hold a CPR.
    buyer_reference: str = field(default="", repr=False)
    # The receiving institution's EAN/GLN (AccountingCustomerParty's EndpointID), 13 digits.
    receiver_ean: str = ""
    lines: tuple[InvoiceLine, ...] = ()

    @property
    def key(self) -> str:
        """Supplier CVR and invoice number together identify an invoice."""
        return f"{self.supplier_cvr}/{self.invoice_number}"

    @property
    def line_texts(self) -> tuple[str, ...]:
        """What the supplier wrote on the lines (item name, description, note)."""
        return tuple(
            text
            for line in self.lines
            for text in (line.item_name, line.item_description, line.note)
            if text
        )


@dataclass(frozen=True, slots=True)
class RateChange:
    """A rate (takst) in force from ``start`` (inclusive) until the next change."""

    start: date
    rate: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant:
    """A grant (bevilling): a service for one citizen from one provider at a fixed rate."""

    grant_id: str
    cpr: str = field(repr=False)
    provider_cvr: str
    paragraph: str
    service: str
    art: str
    ownership: str  # ejerforhold
    target_group: str  # målgruppe
    rate: Decimal | None  # takst in force from valid_from; None for a grant without a fixed rate
    rate_unit: RateUnit
    valid_from: date
    valid_to: date | None = None  # None: open-ended
    status: GrantStatus = "active"
    hours_per_month: Decimal | None = None  # fixed hours for hour grants; None = variable
    rate_changes: tuple[RateChange, ...] = ()  # the provider's later rates (takstændringer)

    def rates(self) -> tuple[RateChange, ...]:
        """Every rate with the day it takes effect, the first from valid_from, in date order;
        empty for a grant without a fixed rate. A change on or before valid_from replaces the
        first rate from its day."""
        if self.rate is None:
            return ()
        if not self.rate_changes:  # the common grant: one rate from valid_from
            return (RateChange(self.valid_from, self.rate),)
        by_day = {self.valid_from: self.rate}
        for change in self.rate_changes:
            by_day[max(change.start, self.valid_from)] = change.rate
        return tuple(RateChange(day, by_day[day]) for day in sorted(by_day))


@dataclass(frozen=True, slots=True, kw_only=True)
class Payment:
    """A payment registered on a grant in the case system (also what the robot registers)."""

    grant_id: str
    period_start: date
    period_end: date
    amount: Decimal
    invoice_ref: str

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)


@dataclass(frozen=True, slots=True, kw_only=True)
class Order:
    """A caseworker's order of a medical certificate (lægeerklæring) from a citizen's doctor."""

    order_id: str
    cpr: str = field(repr=False)
    doctor_cvr: str
    certificate_type: str  # e.g. "LÆ 265"
    ordered_on: date
    status: OrderStatus = "open"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderPayment:
    """The payment the robot registers on a certificate order once the invoice is posted."""

    order_id: str
    amount: Decimal
    invoice_ref: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PostedInvoice:
    """An invoice the ERP holds as posted from a supplier to a receiver (its own receipts, and
    postings from before them): what a payment plan's cadence check reads."""

    invoice_number: str
    total: Decimal
    erp_id: str = ""  # "" for a posting from before the ERP's own receipts
    doc_type: DocType = "invoice"
    issue_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    # What its lines say (item name, description, note): the month a bill without a period
    # names is there.
    texts: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class CitizenRecord:
    """What the case system shows of one citizen: every grant, every payment registered on
    them, and every certificate order."""

    grants: tuple[Grant, ...] = ()
    payments: tuple[Payment, ...] = ()
    orders: tuple[Order, ...] = ()
