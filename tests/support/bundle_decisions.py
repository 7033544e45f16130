"""The robot's pure decision over a bundle's files, with no stand-in and no browser: each
invoice as the ERP would show it, the grants and payments as the case system would."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from fake_systems.oioubl import ParsedDocument, parse
from robot.domain.decision import Decision, DecisionSettings, decide
from robot.domain.models import Grant, Invoice, InvoiceLine, Payment
from robot.mapping.reader import read_mapping


def invoice_from_parsed(doc: ParsedDocument, erp_id: str = "ERP-000001") -> Invoice:
    """What the ERP's invoice page shows of an imported document, as the robot reads it."""
    return Invoice(
        erp_id=erp_id,
        supplier_cvr=doc.supplier_cvr,
        supplier_name=doc.supplier_name,
        invoice_number=doc.invoice_number,
        total=doc.total.quantize(Decimal("0.01")),
        doc_type="credit_note" if doc.doc_type == "credit_note" else "invoice",
        currency=doc.currency,
        issue_date=doc.issue_date,
        period_start=doc.period_start,
        period_end=doc.period_end,
        buyer_reference=doc.buyer_reference,
        lines=tuple(
            InvoiceLine(
                number=n,
                amount=line.amount.quantize(Decimal("0.01")),
                note=line.note,
                item_name=line.item_name,
                item_description=line.item_description,
                period_start=line.period_start,
                period_end=line.period_end,
            )
            for n, line in enumerate(doc.lines, start=1)
        ),
    )


def _grant(raw: dict[str, Any]) -> Grant:
    return Grant(
        grant_id=raw["grant_id"],
        cpr=raw["cpr"],
        provider_cvr=raw["provider_cvr"],
        paragraph=raw["paragraph"],
        service=raw["service"],
        art=raw["art"],
        ownership=raw["ownership"],
        target_group=raw["target_group"],
        rate=Decimal(raw["rate"]) if raw["rate"] is not None else None,
        rate_unit=raw["rate_unit"],
        valid_from=date.fromisoformat(raw["valid_from"]),
        valid_to=date.fromisoformat(raw["valid_to"]) if raw["valid_to"] else None,
        status=raw["status"],
        hours_per_month=Decimal(raw["hours_per_month"]) if raw["hours_per_month"] else None,
    )


def _payment(raw: dict[str, Any]) -> Payment:
    return Payment(
        grant_id=raw["grant_id"],
        period_start=date.fromisoformat(raw["period_start"]),
        period_end=date.fromisoformat(raw["period_end"]),
        amount=Decimal(raw["amount"]),
        invoice_ref=raw["invoice_ref"],
    )


@dataclass
class BundleDecisions:
    """Every invoice of a bundle decided by the robot's own rules, keyed by invoice key."""

    decisions: dict[str, Decision]
    expected: dict[str, Any]


def decide_bundle(bundle: Path) -> BundleDecisions:
    case = json.loads((bundle / "case_system.json").read_text())
    erp = json.loads((bundle / "erp.json").read_text())
    expected = json.loads((bundle / "expected.json").read_text())
    settings = expected["settings"]
    citizens: dict[str, list[Grant]] = {c["cpr"]: [] for c in case["citizens"]}
    for raw in case["grants"]:
        citizens[raw["cpr"]].append(_grant(raw))
    payments: dict[str, list[Payment]] = {}
    for raw in case["payments"]:
        payments.setdefault(raw["grant_id"], []).append(_payment(raw))
    posted = {f"{p['supplier_cvr']}/{p['invoice_number']}" for p in erp["posted_invoices"]}
    mapping = read_mapping(bundle / "psp_mapping.xlsx").table
    closed = {p["psp"] for p in erp["psp_elements"] if not p["open"]}
    rules = DecisionSettings(
        today=date.fromisoformat(settings["today"]),
        approval_limit=Decimal(settings["approval_limit"]),
        amount_tolerance=Decimal(settings["amount_tolerance"]),
        sample_rate=Decimal(settings["sample_rate"]),
    )
    decisions = {}
    for path in sorted((bundle / "invoices").glob("*.xml")):
        invoice = invoice_from_parsed(parse(path.read_bytes()))
        decision = decide(
            invoice,
            citizens={cpr: tuple(g) for cpr, g in citizens.items()},
            payments=payments,
            already_posted=invoice.key in posted,
            mapping=mapping,
            settings=rules,
        )
        if decision.pays and any(p.psp in closed for p in decision.postings):
            decision = _rejected(decision)
        decisions[invoice.key] = decision
    return BundleDecisions(decisions, expected["invoices"])


def _rejected(decision: Decision) -> Decision:
    from robot.domain.decision import apply_psp_rejected

    return apply_psp_rejected(decision, "PSP-elementet er lukket")
