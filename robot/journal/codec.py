"""The stored write plan as JSON, and back: the only place the journal's JSON is written or
read. Earlier journals' plans (``grant_id`` postings, invoice references, unmasked notes) are
read as well; what is written holds no CPR-shaped text (notes masked, no invoice reference)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from robot.domain.codes import Code
from robot.journal.model import (
    PlanKind,
    PlannedDeduction,
    PlannedOrderPayment,
    PlannedPayment,
    PlannedPosting,
    Route,
    WritePlan,
)
from robot.privacy import mask_cpr


def plan_to_json(plan: WritePlan) -> str:
    return json.dumps(
        {
            "kind": plan.kind.value,
            "route": plan.route.value if plan.route else None,
            "code": plan.code.value if plan.code else None,
            "note": mask_cpr(plan.note),  # a note is written once and never read back to write
            "remark": plan.remark,
            "postings": [
                {
                    "line": p.line,
                    "reference": p.reference,
                    "psp": p.psp,
                    "amount": str(p.amount),
                    "text": p.text,
                }
                for p in plan.postings
            ],
            "payments": [
                {
                    "grant_id": p.grant_id,
                    "period_start": p.period_start.isoformat(),
                    "period_end": p.period_end.isoformat(),
                    "amount": str(p.amount),
                }
                for p in plan.payments
            ],
            "order_payments": [
                {"order_id": p.order_id, "amount": str(p.amount)} for p in plan.order_payments
            ],
            "deductions": [
                {
                    "payout_id": d.payout_id,
                    "agreement_id": d.agreement_id,
                    "month": d.month.isoformat(),
                    "amount": str(d.amount),
                }
                for d in plan.deductions
            ],
        },
        ensure_ascii=False,
    )


def plan_from_json(text: str) -> WritePlan:
    raw: dict[str, Any] = json.loads(text) if text else {}
    kind = PlanKind(raw.get("kind") or "note")
    route = raw.get("route")
    return WritePlan(
        kind=kind,
        route=Route(route) if route else (Route.GRANT if raw.get("payments") else None),
        code=code_of(raw.get("code")),
        note=raw.get("note") or "",
        remark=raw.get("remark") or "",
        postings=tuple(
            PlannedPosting(
                line=int(p["line"]),
                reference=str(p.get("reference", p.get("grant_id", ""))),
                psp=p["psp"],
                amount=Decimal(p["amount"]),
                text=p["text"],
            )
            for p in raw.get("postings", [])
        ),
        payments=tuple(
            PlannedPayment(
                grant_id=p["grant_id"],
                period_start=date.fromisoformat(p["period_start"]),
                period_end=date.fromisoformat(p["period_end"]),
                amount=Decimal(p["amount"]),
            )
            for p in raw.get("payments", [])
        ),
        order_payments=tuple(
            PlannedOrderPayment(order_id=p["order_id"], amount=Decimal(p["amount"]))
            for p in raw.get("order_payments", [])
        ),
        deductions=tuple(
            PlannedDeduction(
                payout_id=d["payout_id"],
                agreement_id=d["agreement_id"],
                month=date.fromisoformat(d["month"]),
                amount=Decimal(d["amount"]),
            )
            for d in raw.get("deductions", [])
        ),
    )


def code_of(value: object) -> Code | None:
    """A stored code as the enum; None for none (and for a code this robot does not know)."""
    if not value:
        return None
    try:
        return Code(str(value))
    except ValueError:
        return None
