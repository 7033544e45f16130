"""The values the decision works on: invoice and its lines, grant, payment and period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

DocType = Literal["invoice", "credit_note"]
RateUnit = Literal["day", "month", "hour"]
GrantStatus = Literal["active", "ended", "cancelled"]


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
    currency: str = "DKK"
    issue_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    # The buyer's contact reference (Contact/ID or BuyerReference): may hold a CPR.
    buyer_reference: str = field(default="", repr=False)
    lines: tuple[InvoiceLine, ...] = ()

    @property
    def key(self) -> str:
        """Supplier CVR and invoice number together identify an invoice."""
        return f"{self.supplier_cvr}/{self.invoice_number}"


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
    rate: Decimal | None  # takst; None for a grant without a fixed rate
    rate_unit: RateUnit
    valid_from: date
    valid_to: date | None = None  # None: open-ended
    status: GrantStatus = "active"
    hours_per_month: Decimal | None = None  # fixed hours for hour grants; None = variable


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
