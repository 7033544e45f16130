"""The requests the robot makes for each invoice of a loaded bundle, in its order: the model both
references replay (plain HTTP with the forms, and the browser floor with page loads only).

The citizens looked up come from the robot's own domain (the CPRs it finds on the lines); the
writes from the bundle's ground truth. A key received twice is paid once, on its first receipt in
inbox order, and the later receipts are noted, as the robot does.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode

from fake_systems.db import ERP_DB, connect
from fake_systems.erp.ids import format_erp_id
from robot.domain.models import Invoice, InvoiceLine
from robot.domain.prepare import prepare
from robot.mapping.reader import read_mapping

System = Literal["erp", "case"]


@dataclass(frozen=True)
class Step:
    """One page load (form None) or one form submission, and the page its answer shows."""

    system: System
    path: str
    form: dict[str, str] | None = None
    lands_on: str = ""  # a submission's answer page, loaded instead by the floor
    ok: tuple[int, ...] = (200,)  # the final status after redirects, as the browser sees it


@dataclass(frozen=True)
class InvoicePlan:
    erp_id: str
    outcome: Literal["paid", "manual"]
    lines: int
    steps: tuple[Step, ...]

    @property
    def page_loads(self) -> int:
        return sum(1 for s in self.steps if s.form is None)

    @property
    def form_submissions(self) -> int:
        return sum(1 for s in self.steps if s.form is not None)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _invoice(row: sqlite3.Row, lines: list[sqlite3.Row]) -> Invoice:
    return Invoice(
        erp_id=format_erp_id(row["id"]),
        supplier_cvr=row["supplier_cvr"],
        invoice_number=row["invoice_number"],
        total=Decimal(row["total"]),
        supplier_name=row["supplier_name"],
        doc_type=row["doc_type"],
        currency=row["currency"],
        issue_date=_date(row["issue_date"]),
        period_start=_date(row["period_start"]),
        period_end=_date(row["period_end"]),
        buyer_reference=row["buyer_reference"],
        type_code=row["type_code"],
        receiver_ean=row["receiver_gln"],
        lines=tuple(
            InvoiceLine(
                number=line["line_no"],
                amount=Decimal(line["amount"]),
                note=line["note"],
                item_name=line["item_name"],
                item_description=line["item_description"],
                period_start=_date(line["period_start"]),
                period_end=_date(line["period_end"]),
            )
            for line in lines
        ),
    )


def _posting_form(invoice: Invoice, psps: list[str], texts: list[str]) -> dict[str, str]:
    form = {"remark": f"Benchmark · {invoice.key}"}
    for line, psp, text in zip(invoice.lines, psps, texts, strict=True):
        n = line.number
        form |= {f"psp_{n}": psp, f"amount_{n}": str(line.amount), f"text_{n}": text[:50]}
    return form


def _period(line: InvoiceLine, invoice: Invoice) -> tuple[str, str]:
    start = line.period_start or invoice.period_start
    end = line.period_end or invoice.period_end
    return (start.isoformat() if start else "", end.isoformat() if end else "")


def _paying(invoice: Invoice, postings: list[dict[str, str]], route: str) -> list[Step]:
    page = f"/invoices/{invoice.erp_id}"
    grants = [p["grant_id"] for p in postings]
    form = _posting_form(invoice, [p["psp"] for p in postings], grants)
    steps = [Step("erp", f"{page}/post", form, lands_on=page)]
    if route == "plan":  # nothing is registered in the case system
        return steps
    if route == "certificate":  # the payment is registered on the order
        order_page = f"/orders/{quote(grants[0])}"
        payment = {"amount": str(invoice.total), "invoice_ref": invoice.key}
        return [
            *steps,
            Step("case", order_page),
            Step("case", f"{order_page}/payment", payment, lands_on=order_page),
        ]
    for n, (line, grant) in enumerate(zip(invoice.lines, grants, strict=True)):
        grant_page = f"/grants/{quote(grant)}"
        steps.append(Step("case", grant_page))  # is the payment there already?
        if grant in grants[:n]:
            continue  # it is: the invoice's reference is on the grant since its earlier line
        start, end = _period(line, invoice)
        payment = {
            "period_start": start,
            "period_end": end,
            "amount": str(line.amount),
            "invoice_ref": invoice.key,
        }
        steps.append(Step("case", f"{grant_page}/payments", payment, lands_on=grant_page))
    return steps


def _noting(invoice: Invoice, code: str) -> list[Step]:
    # PSP_REJECTED too: the robot reads the closed element off the posting form before writing.
    page = f"/invoices/{invoice.erp_id}"
    note = {"note": f"[{code}] Benchmark: sendt til manuel behandling."}
    return [Step("erp", f"{page}/manual", note, lands_on=page)]


def plan_invoices(bundle: Path, data_dir: Path) -> list[InvoicePlan]:
    """One plan per invoice in the inbox, in the inbox's order (newest first)."""
    expected: dict[str, Any] = json.loads((bundle / "expected.json").read_text(encoding="utf-8"))
    today = date.fromisoformat(expected["settings"]["today"])
    conn = connect(data_dir / ERP_DB)
    try:
        rows = conn.execute(
            "SELECT * FROM invoices WHERE status = 'unposted' ORDER BY issue_date DESC, id DESC"
        ).fetchall()
        lines: dict[int, list[sqlite3.Row]] = {}
        for line in conn.execute("SELECT * FROM invoice_lines ORDER BY invoice_id, line_no"):
            lines.setdefault(line["invoice_id"], []).append(line)
    finally:
        conn.close()
    book = read_mapping(bundle / "psp_mapping.xlsx").book
    plans, paid_keys, paid_groups = [], set(), set()
    for row in rows:
        invoice = _invoice(row, lines.get(row["id"], []))
        truth = expected["invoices"].get(invoice.key, {"status": "manual", "code": "UNKNOWN"})
        page = f"/invoices/{invoice.erp_id}"
        steps = [Step("erp", page)]
        prepared = prepare(invoice, book=book, today=today)
        for cpr in prepared.citizens_to_look_up:
            steps.append(Step("case", f"/search?cpr={quote(cpr)}", ok=(200, 404)))
        if prepared.needs_posted_invoices:
            cvr_ean = urlencode({"cvr": invoice.supplier_cvr, "ean": invoice.receiver_ean})
            steps.append(Step("erp", f"/posted?{cvr_ean}"))
        group = truth.get("one_of")
        if group is not None and group in paid_groups:  # a re-sent pair's second receipt
            truth = truth["otherwise"]
        pays = truth["status"] == "posted" and invoice.key not in paid_keys
        if pays:
            paid_keys.add(invoice.key)
            if group is not None:
                paid_groups.add(group)
            steps += _paying(invoice, truth["postings"], truth.get("route", "grant"))
        else:
            steps += _noting(invoice, truth["code"] or "DUPLICATE_INVOICE")
        outcome: Literal["paid", "manual"] = "paid" if pays else "manual"
        plans.append(InvoicePlan(invoice.erp_id, outcome, len(invoice.lines), tuple(steps)))
    return plans
