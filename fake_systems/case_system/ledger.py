"""Payments on grants, each registered in one BEGIN IMMEDIATE transaction, refusing a repeated
invoice reference or an overlapping period."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fake_systems.web import fields
from fake_systems.web.audit import utc_now_iso, write_audit
from fake_systems.web.errors import NotFound
from fake_systems.web.formatting import da_amount, da_date
from fake_systems.web.refusals import Refusal, Refused, refuse
from fake_systems.web.tx import immediate


@dataclass(frozen=True)
class PaymentRequest:
    period_start: date
    period_end: date
    amount: Decimal
    invoice_ref: str


def parse_payment(
    *, period_start: str, period_end: str, amount: str, invoice_ref: str
) -> PaymentRequest:
    """The payment the form asks for, or Refused (422) with every problem found."""
    refusals: list[Refusal] = []
    start = fields.date_field(period_start, "period_start", "Periode fra", refusals)
    end = fields.date_field(period_end, "period_end", "Periode til", refusals)
    if start and end and end < start:
        refusals.append(
            Refusal("period_order", "Periode til ligger før periode fra.", field="period_end")
        )
    value = fields.positive_amount(amount, "amount", "Beløbet", refusals)
    ref = fields.invoice_ref(invoice_ref, refusals)
    if refusals or start is None or end is None or value is None:
        raise Refused(refusals)
    return PaymentRequest(start, end, value, ref)


def _check_conflicts(conn: sqlite3.Connection, grant_id: str, request: PaymentRequest) -> None:
    same_ref = conn.execute(
        "SELECT period_start, period_end, amount FROM payments"
        " WHERE grant_id = ? AND invoice_ref = ?",
        (grant_id, request.invoice_ref),
    ).fetchone()
    if same_ref is not None:
        message = (
            f"Fakturareferencen {request.invoice_ref} er allerede registreret på bevilling"
            f" {grant_id} ({da_date(same_ref['period_start'])}–{da_date(same_ref['period_end'])},"
            f" {da_amount(same_ref['amount'])} kr.)."
        )
        raise refuse("duplicate_invoice_ref", message, status_code=409, field="invoice_ref")
    overlap = conn.execute(
        "SELECT period_start, period_end, invoice_ref FROM payments WHERE grant_id = ?"
        " AND period_start <= ? AND period_end >= ? ORDER BY period_start LIMIT 1",
        (grant_id, request.period_end.isoformat(), request.period_start.isoformat()),
    ).fetchone()
    if overlap is not None:
        message = (
            f"Perioden {request.period_start:%d.%m.%Y}–{request.period_end:%d.%m.%Y} overlapper en"
            f" registreret betaling på bevilling {grant_id}: {da_date(overlap['period_start'])}–"
            f"{da_date(overlap['period_end'])} (fakturareference {overlap['invoice_ref']})."
        )
        raise refuse("period_overlap", message, status_code=409, field="period_start")


def grant_row(conn: sqlite3.Connection, grant_id: str) -> sqlite3.Row:
    """The grant's own columns (call it inside the change's transaction), or NotFound."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM grants WHERE grant_id = ?", (grant_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"Bevilling {grant_id} findes ikke.")
    return row


def register_payment(
    conn: sqlite3.Connection, *, grant_id: str, request: PaymentRequest, username: str
) -> int:
    """Registers the payment on the grant and returns its id, or raises Refused (409)."""
    with immediate(conn):
        grant_row(conn, grant_id)
        _check_conflicts(conn, grant_id, request)
        cursor = conn.execute(
            "INSERT INTO payments (grant_id, period_start, period_end, amount, invoice_ref,"
            " registered_by, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                grant_id,
                request.period_start.isoformat(),
                request.period_end.isoformat(),
                f"{request.amount:.2f}",
                request.invoice_ref,
                username,
                utc_now_iso(),
            ),
        )
        detail = (
            f"{request.period_start}..{request.period_end}; {request.amount:.2f};"
            f" ref {request.invoice_ref}"
        )
        write_audit(conn, username=username, action="payment", object_=grant_id, detail=detail)
        return int(cursor.lastrowid or 0)
