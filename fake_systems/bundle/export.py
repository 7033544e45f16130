"""`fake-systems export`: every received document's outcome, every payment and every rent
deduction (contract sections 4, 10 and 11)."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from fake_systems.db import BENEFITS_DB, CASE_DB, ERP_DB, connect
from fake_systems.erp.ids import format_erp_id


def _grouped(conn: sqlite3.Connection, sql: str) -> dict[int, list[sqlite3.Row]]:
    groups: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for row in conn.execute(sql):
        groups[row[0]].append(row)
    return groups


def export_invoices(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    postings = _grouped(
        conn, "SELECT invoice_id, psp, amount, text FROM postings ORDER BY invoice_id, line_no, id"
    )
    notes = _grouped(conn, "SELECT invoice_id, author, text, at FROM notes ORDER BY invoice_id, id")
    invoices = []
    for row in conn.execute(
        "SELECT id, supplier_cvr, invoice_number, status, posted_by, remark, assignee, due_date"
        " FROM invoices ORDER BY id"
    ):
        invoice_id = row["id"]
        invoices.append(
            {
                "id": format_erp_id(invoice_id),
                "invoice_key": f"{row['supplier_cvr']}/{row['invoice_number']}",
                "supplier_cvr": row["supplier_cvr"],
                "invoice_number": row["invoice_number"],
                "status": row["status"],  # unposted | posted | manual | rejected
                "due_date": row["due_date"],  # ISO; as the document says, else 30 days' terms
                "assignee": row["assignee"],
                "posted_by": row["posted_by"],
                "remark": row["remark"],
                "postings": [
                    {"psp": p["psp"], "amount": p["amount"], "text": p["text"]}
                    for p in postings.get(invoice_id, [])
                ],
                "notes": [
                    {"author": n["author"], "text": n["text"], "at": n["at"]}
                    for n in notes.get(invoice_id, [])
                ],
            }
        )
    return invoices


def export_payments(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        {
            "grant_id": p["grant_id"],
            "period_start": p["period_start"],
            "period_end": p["period_end"],
            "amount": p["amount"],
            "invoice_ref": p["invoice_ref"],
            "registered_by": p["registered_by"],
        }
        for p in conn.execute(
            "SELECT grant_id, period_start, period_end, amount, invoice_ref, registered_by"
            " FROM payments ORDER BY id"
        )
    ]


def export_orders(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every paid certificate order with its payment (contract section 10)."""
    return [
        {
            "order_id": o["order_id"],
            "status": o["status"],
            "amount": o["amount"],
            "invoice_ref": o["invoice_ref"],
            "registered_by": o["registered_by"],
        }
        for o in conn.execute(
            "SELECT order_id, status, amount, invoice_ref, registered_by FROM orders"
            " WHERE status = 'paid' ORDER BY order_id"
        )
    ]


def export_deductions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every rent deduction, loaded and registered, in the order they came (contract §11)."""
    return [
        {
            "payout_id": d["payout_id"],
            "agreement_id": d["agreement_id"],
            "month": d["month"],
            "amount": d["amount"],
            "invoice_ref": d["invoice_ref"],
            "registered_by": d["registered_by"],
        }
        for d in conn.execute(
            "SELECT payout_id, agreement_id, month, amount, invoice_ref, registered_by"
            " FROM deductions ORDER BY id"
        )
    ]


def _benefits_deductions(data_dir: Path) -> list[dict[str, Any]]:
    """None to export from a folder loaded before the benefits system existed."""
    if not (data_dir / BENEFITS_DB).exists():
        return []
    conn = connect(data_dir / BENEFITS_DB)
    try:
        return export_deductions(conn)
    finally:
        conn.close()


def export_outcome(data_dir: Path, out: Path) -> dict[str, int]:
    """Write the export JSON; returns counts for the CLI to print."""
    for name in (ERP_DB, CASE_DB):
        if not (data_dir / name).exists():
            raise FileNotFoundError(f"{data_dir / name} does not exist: load a bundle first")
    erp, case = connect(data_dir / ERP_DB), connect(data_dir / CASE_DB)
    try:
        document = {
            "invoices": export_invoices(erp),
            "payments": export_payments(case),
            "orders": export_orders(case),
            "deductions": _benefits_deductions(data_dir),
        }
    finally:
        erp.close()
        case.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return {
        "invoices": len(document["invoices"]),
        "payments": len(document["payments"]),
        "deductions": len(document["deductions"]),
    }
