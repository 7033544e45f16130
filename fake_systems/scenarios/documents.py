"""The invoices a bundle holds, as plain values, and the ways suppliers write a CPR in them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Version = Literal["2.02", "2.1", "3.0"]
MONTHS_DA = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class LineSpec:
    amount: Decimal
    note: str = ""
    item_name: str = ""
    item_description: str = ""
    quantity: str = "1"
    unit_code: str = "EA"
    period: tuple[date, date] | None = None  # the line's own period, when it has one


@dataclass(frozen=True)
class Supplier:
    name: str
    cvr: str  # 8 digits as the supplier writes them; "" for a supplier without a CVR
    gln: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    supplier: Supplier
    number: str
    issue_date: date
    lines: tuple[LineSpec, ...]
    period: tuple[date, date] | None = None
    currency: str = "DKK"
    buyer_reference: str = "HAP-visitation"
    credit_note: bool = False  # a CreditNote document
    type_code: str = "380"  # an Invoice's InvoiceTypeCode: 380 ordinary, 381 credit, 325 pro-forma
    version: Version = "2.02"
    receiver_gln: str = "5798000000001"
    total: Decimal | None = field(default=None)  # None: the sum of the lines
    due_date: date | None = None  # written per version (oioubl_writer); None: none written

    @property
    def payable(self) -> Decimal:
        return (
            self.total
            if self.total is not None
            else sum((x.amount for x in self.lines), Decimal(0))
        )


def dashed(cpr: str) -> str:
    return f"{cpr[:6]}-{cpr[6:]}"


def month_label(day: date) -> str:
    return f"{MONTHS_DA[day.month - 1]} {day.year}"


def cpr_note(rng: random.Random, cpr: str, name: str, start: date) -> str:
    """A line note with the CPR the way one supplier or another writes it."""
    styles = (
        f"Ophold {month_label(start)}, CPR {dashed(cpr)}",
        f"{name} cpr {cpr}",
        f"Borger: {name}, cpr.nr. {dashed(cpr)}",
        f"CPR: {cpr[:6]} {cpr[6:]} - {month_label(start)}",
        f"Vedr. {dashed(cpr)} ({name})",
        f"{month_label(start).capitalize()} / CPR-nr.{cpr}",
    )
    return rng.choice(styles)


def plain_note(start: date, name: str) -> str:
    return f"Ophold {month_label(start)}, {name}"


def grant_line_text(service: str, cpr: str, start: date) -> str:
    """A posted grant invoice's line as the ERP's history keeps it: the service, the month and
    the CPR the provider wrote."""
    return f"{service} {month_label(start)}, CPR {dashed(cpr)}"
