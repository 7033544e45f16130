"""Builders for test data: a valid default for everything, overridden by what a test is about."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from robot.domain.decision import Decision, DecisionSettings, decide
from robot.domain.models import Grant, Invoice, InvoiceLine, Payment
from robot.domain.psp import MappingRow, MappingTable

TODAY = date(2026, 11, 23)
CPR = "0101901234"  # 01.01.1990; fails modulus 11 on purpose: not required
CPR_2 = "2304851118"
SUPPLIER_CVR = "12345674"
OTHER_CVR = "98106871"
PSP = "XG-5385010001-00007"
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def make_grant(**overrides: Any) -> Grant:
    """B-1043: §107 at 1.040,00 kr. a day from 01.01.2026, for CPR at SUPPLIER_CVR."""
    fields: dict[str, Any] = {
        "grant_id": "B-1043",
        "cpr": CPR,
        "provider_cvr": SUPPLIER_CVR,
        "paragraph": "107",
        "service": "Midlertidigt botilbud",
        "art": "4.0",
        "ownership": "Privat",
        "target_group": "Udviklingshæmmede",
        "rate": Decimal("1040.00"),
        "rate_unit": "day",
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "status": "active",
        "hours_per_month": None,
    }
    fields.update(overrides)
    return Grant(**fields)


def make_line(**overrides: Any) -> InvoiceLine:
    """Line 1: October for CPR, 32.240,00 kr. (31 days at 1.040,00)."""
    fields: dict[str, Any] = {
        "number": 1,
        "amount": Decimal("32240.00"),
        "note": "Ophold oktober 2026, CPR 010190-1234",
        "item_name": "Midlertidigt botilbud",
        "item_description": "Døgnophold, takst 1.040,00 kr.",
    }
    fields.update(overrides)
    return InvoiceLine(**fields)


def make_invoice(*lines: InvoiceLine, **overrides: Any) -> Invoice:
    """INV-1017 from SUPPLIER_CVR for October; total is the sum of the lines unless given."""
    chosen = lines or (make_line(),)
    fields: dict[str, Any] = {
        "erp_id": "ERP-000001",
        "supplier_cvr": SUPPLIER_CVR,
        "supplier_name": "Bostedet Lindely ApS",
        "invoice_number": "INV-1017",
        "doc_type": "invoice",
        "currency": "DKK",
        "total": sum((line.amount for line in chosen), Decimal(0)),
        "issue_date": date(2026, 11, 2),
        "period_start": OCTOBER[0],
        "period_end": OCTOBER[1],
        "buyer_reference": "HAP-visitation",
        "lines": chosen,
    }
    fields.update(overrides)
    return Invoice(**fields)


def make_row(**overrides: Any) -> MappingRow:
    fields: dict[str, Any] = {
        "paragraph": "107",
        "art": "4.0",
        "ownership": "Privat",
        "target_group": "Udviklingshæmmede",
        "psp": PSP,
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "sheet_row": 2,
    }
    fields.update(overrides)
    return MappingRow(**fields)


def make_mapping(*rows: MappingRow, rejected: Iterable[Any] = ()) -> MappingTable:
    return MappingTable(rows or (make_row(),), rejected=rejected)


def make_payment(**overrides: Any) -> Payment:
    fields: dict[str, Any] = {
        "grant_id": "B-1043",
        "period_start": date(2026, 9, 1),
        "period_end": date(2026, 9, 30),
        "amount": Decimal("31200.00"),
        "invoice_ref": f"{SUPPLIER_CVR}/INV-0917",
    }
    fields.update(overrides)
    return Payment(**fields)


def make_settings(**overrides: Any) -> DecisionSettings:
    fields: dict[str, Any] = {"today": TODAY, "sample_rate": Decimal(0), "sample_seed": 1}
    fields.update(overrides)
    return DecisionSettings(**fields)


def run_decide(
    invoice: Invoice | None = None,
    *,
    grants: Sequence[Grant] | None = None,
    citizens: Mapping[str, Sequence[Grant] | None] | None = None,
    payments: Mapping[str, Sequence[Payment]] | None = None,
    already_posted: bool = False,
    mapping: MappingTable | None = None,
    **settings: Any,
) -> Decision:
    """decide() with the defaults: CPR has make_grant(), the mapping has make_row()."""
    if citizens is None:
        citizens = {CPR: [make_grant()] if grants is None else list(grants)}
    return decide(
        invoice or make_invoice(),
        citizens=citizens,
        payments=payments or {},
        already_posted=already_posted,
        mapping=mapping or make_mapping(),
        settings=make_settings(**settings),
    )
