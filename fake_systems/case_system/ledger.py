"""The case system's changes, each in one BEGIN IMMEDIATE transaction: registering a payment on
a grant (refusing a repeated invoice reference or an overlapping period) and editing a grant."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fake_systems.web.audit import utc_now_iso, write_audit
from fake_systems.web.errors import NotFound
from fake_systems.web.formatting import da_amount, da_date, parse_amount, parse_date
from fake_systems.web.refusals import Refusal, Refused, refuse
from fake_systems.web.tx import immediate

MAX_REF = 100
STATUSES = ("active", "ended", "cancelled")


@dataclass(frozen=True)
class PaymentRequest:
    period_start: date
    period_end: date
    amount: Decimal
    invoice_ref: str


def _date(text: str, field: str, label: str, refusals: list[Refusal]) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        message = f"{label} »{text}« er ikke en gyldig dato (skriv fx 2026-10-01 eller 01.10.2026)."
        refusals.append(Refusal("date_format", message, field=field))
        return None


def parse_payment(
    *, period_start: str, period_end: str, amount: str, invoice_ref: str
) -> PaymentRequest:
    """The payment the form asks for, or Refused (422) with every problem found."""
    refusals: list[Refusal] = []
    start = _date(period_start, "period_start", "Periode fra", refusals)
    end = _date(period_end, "period_end", "Periode til", refusals)
    if start and end and end < start:
        refusals.append(
            Refusal("period_order", "Periode til ligger før periode fra.", field="period_end")
        )
    value = None
    try:
        value = parse_amount(amount)
        if value <= 0:
            refusals.append(
                Refusal("amount_not_positive", "Beløbet skal være større end 0.", field="amount")
            )
    except ValueError:
        message = (
            f"Beløbet »{amount}« er ikke et gyldigt beløb (skriv fx 32240.00, højst 2 decimaler)."
        )
        refusals.append(Refusal("amount_format", message, field="amount"))
    ref = invoice_ref.strip()
    if not ref or len(ref) > MAX_REF:
        message = f"Fakturareference skal udfyldes (højst {MAX_REF} tegn)."
        refusals.append(Refusal("invoice_ref_missing", message, field="invoice_ref"))
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


def _grant(conn: sqlite3.Connection, grant_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT grant_id, valid_from, valid_to, status FROM grants WHERE grant_id = ?", (grant_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"Bevilling {grant_id} findes ikke.")
    return row


def register_payment(
    conn: sqlite3.Connection, *, grant_id: str, request: PaymentRequest, username: str
) -> int:
    """Registers the payment on the grant and returns its id, or raises Refused (409)."""
    with immediate(conn):
        _grant(conn, grant_id)
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


def edit_grant(
    conn: sqlite3.Connection, *, grant_id: str, valid_to: str, status: str, username: str
) -> None:
    """Sets the grant's valid-to (blank = open-ended) and status, or raises Refused (422)."""
    refusals: list[Refusal] = []
    new_to = _date(valid_to, "valid_to", "Gyldig til", refusals) if valid_to.strip() else None
    if status not in STATUSES:
        refusals.append(Refusal("status_invalid", "Vælg en gyldig status.", field="status"))
    with immediate(conn):
        grant = _grant(conn, grant_id)
        if new_to and new_to < date.fromisoformat(grant["valid_from"]):
            message = f"Gyldig til ligger før gyldig fra ({da_date(grant['valid_from'])})."
            refusals.append(Refusal("valid_to_before_from", message, field="valid_to"))
        if refusals:
            raise Refused(refusals)
        new_to_text = new_to.isoformat() if new_to else None
        conn.execute(
            "UPDATE grants SET valid_to = ?, status = ? WHERE grant_id = ?",
            (new_to_text, status, grant_id),
        )
        detail = (
            f"gyldig til {grant['valid_to'] or 'løbende'} -> {new_to_text or 'løbende'};"
            f" status {grant['status']} -> {status}"
        )
        write_audit(conn, username=username, action="grant_edit", object_=grant_id, detail=detail)
