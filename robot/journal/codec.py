"""The stored write plan as JSON, and back: the only place the journal's JSON is written or
read (earlier journals' plans, with `grant_id` postings, read as well)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from robot.journal.model import (
    PlanKind,
    PlannedOrderPayment,
    PlannedPayment,
    PlannedPosting,
    Route,
    WritePlan,
)


def plan_to_json(plan: WritePlan) -> str:
    return json.dumps(
        {
            "kind": plan.kind.value,
            "route": plan.route.value if plan.route else None,
            "code": plan.code,
            "note": plan.note,
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
                    "invoice_ref": p.invoice_ref,
                }
                for p in plan.payments
            ],
            "order_payments": [
                {"order_id": p.order_id, "amount": str(p.amount), "invoice_ref": p.invoice_ref}
                for p in plan.order_payments
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
        code=raw.get("code"),
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
                invoice_ref=p["invoice_ref"],
            )
            for p in raw.get("payments", [])
        ),
        order_payments=tuple(
            PlannedOrderPayment(
                order_id=p["order_id"], amount=Decimal(p["amount"]), invoice_ref=p["invoice_ref"]
            )
            for p in raw.get("order_payments", [])
        ),
    )
