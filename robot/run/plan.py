"""A decision's writes as journal-safe JSON (no CPR), and back, so a later run can finish them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from robot.domain.decision import Decision
from robot.domain.models import Payment
from robot.domain.postings import Posting


def plan_of(decision: Decision) -> dict[str, Any]:
    if decision.pays:
        return {
            "kind": "pay",
            "remark": decision.remark,
            "postings": [
                {
                    "line": p.line_number,
                    "grant_id": p.grant_id,
                    "psp": p.psp,
                    "amount": str(p.amount),
                    "text": p.text,
                }
                for p in decision.postings
            ],
            "payments": [payment_to_json(p) for p in decision.payments],
        }
    return {"kind": "note", "code": str(decision.code), "note": decision.note or ""}


def payment_to_json(payment: Payment) -> dict[str, str]:
    return {
        "grant_id": payment.grant_id,
        "period_start": payment.period_start.isoformat(),
        "period_end": payment.period_end.isoformat(),
        "amount": str(payment.amount),
        "invoice_ref": payment.invoice_ref,
    }


def payments_in(plan: dict[str, Any]) -> list[Payment]:
    return [
        Payment(
            grant_id=p["grant_id"],
            period_start=date.fromisoformat(p["period_start"]),
            period_end=date.fromisoformat(p["period_end"]),
            amount=Decimal(p["amount"]),
            invoice_ref=p["invoice_ref"],
        )
        for p in plan.get("payments", [])
    ]


def postings_in(plan: dict[str, Any]) -> list[Posting]:
    return [
        Posting(p["line"], p["grant_id"], p["psp"], Decimal(p["amount"]), p["text"])
        for p in plan.get("postings", [])
    ]
