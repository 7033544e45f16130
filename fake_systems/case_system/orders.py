"""Doctors' certificate orders (bestillinger af lægeerklæringer): ordering, cancelling and
registering the payment, each in one BEGIN IMMEDIATE transaction and audited. An order is paid
at most once, and one invoice pays at most one order."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from fake_systems.web import fields
from fake_systems.web.audit import utc_now_iso, write_audit
from fake_systems.web.errors import NotFound
from fake_systems.web.formatting import da_amount
from fake_systems.web.refusals import Refusal, Refused, refuse
from fake_systems.web.tx import immediate

_NUMBERED = re.compile(r"^O-(\d{1,18})$")
CANCEL_UNCONFIRMED = (
    "Sæt kryds ved »Jeg er klar over, at en annulleret bestilling ikke kan betales«, før du"
    " annullerer bestillingen. En annullering kan ikke fortrydes."
)


@dataclass(frozen=True)
class OrderPayment:
    amount: Decimal
    invoice_ref: str


def parse_order_payment(*, amount: str, invoice_ref: str) -> OrderPayment:
    """The payment the form asks for, or Refused (422) with every problem found."""
    refusals: list[Refusal] = []
    value = fields.positive_amount(amount, "amount", "Beløbet", refusals)
    ref = fields.invoice_ref(invoice_ref, refusals)
    if refusals or value is None:
        raise Refused(refusals)
    return OrderPayment(value, ref)


def _order(conn: sqlite3.Connection, order_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM orders WHERE order_id = ?", (order_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"Bestilling {order_id} findes ikke.")
    return row


def _require_open(order: sqlite3.Row) -> None:
    if order["status"] == "paid":
        message = (
            f"Bestilling {order['order_id']} er allerede betalt"
            f" ({da_amount(order['amount'])} kr., fakturareference {order['invoice_ref'] or '-'})."
        )
        raise refuse("order_already_paid", message, status_code=409)
    if order["status"] != "open":
        message = f"Bestilling {order['order_id']} er annulleret og kan ikke betales eller ændres."
        raise refuse("order_cancelled", message, status_code=409)


def _next_order_id(conn: sqlite3.Connection) -> str:
    """`O-<n>` after the highest numbered id, loaded or made here, so ids never clash."""
    highest = 0
    for (order_id,) in conn.execute("SELECT order_id FROM orders WHERE order_id GLOB 'O-[0-9]*'"):
        match = _NUMBERED.match(order_id)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"O-{highest + 1}"


def create_order(
    conn: sqlite3.Connection,
    *,
    cpr: str,
    doctor_cvr: str,
    certificate_type: str,
    ordered_on: str,
    username: str,
) -> str:
    """Orders a certificate for the citizen and returns the new order id, or raises Refused."""
    refusals: list[Refusal] = []
    cvr = fields.cvr_number(doctor_cvr, "doctor_cvr", "Læge (CVR)", refusals)
    kind = fields.short_text(certificate_type, "certificate_type", "Erklæringstype", refusals)
    day = fields.required_date(ordered_on, "ordered_on", "Bestilt den", refusals)
    if refusals or day is None:
        raise Refused(refusals)
    with immediate(conn):
        if conn.execute("SELECT 1 FROM citizens WHERE cpr = ?", (cpr,)).fetchone() is None:
            raise NotFound("Borgeren findes ikke.")
        order_id = _next_order_id(conn)
        conn.execute(
            "INSERT INTO orders (order_id, cpr, doctor_cvr, certificate_type, ordered_on, status,"
            " created_by) VALUES (?, ?, ?, ?, ?, 'open', ?)",
            (order_id, cpr, cvr, kind, day.isoformat(), username),
        )
        detail = f"læge {cvr}; {kind}; bestilt {day.isoformat()}"
        write_audit(conn, username=username, action="order_create", object_=order_id, detail=detail)
    return order_id


def cancel_order(
    conn: sqlite3.Connection, *, order_id: str, confirmed: bool, username: str
) -> None:
    """Cancels an open order, or raises Refused: 409 when it is paid or cancelled already, 422
    when the user has not confirmed knowing that a cancelled order cannot be paid."""
    with immediate(conn):
        _require_open(_order(conn, order_id))
        if not confirmed:
            raise refuse("confirmation_missing", CANCEL_UNCONFIRMED, field="confirm")
        conn.execute(
            "UPDATE orders SET status = 'cancelled', cancelled_by = ?, cancelled_at = ?"
            " WHERE order_id = ?",
            (username, utc_now_iso(), order_id),
        )
        write_audit(conn, username=username, action="order_cancel", object_=order_id)


def _check_reference_unused(conn: sqlite3.Connection, payment: OrderPayment) -> None:
    other = conn.execute(
        "SELECT order_id FROM orders WHERE invoice_ref = ?", (payment.invoice_ref,)
    ).fetchone()
    if other is not None:
        message = (
            f"Fakturareferencen {payment.invoice_ref} er allerede registreret på bestilling"
            f" {other['order_id']}."
        )
        raise refuse("duplicate_invoice_ref", message, status_code=409, field="invoice_ref")


def register_order_payment(
    conn: sqlite3.Connection, *, order_id: str, payment: OrderPayment, username: str
) -> None:
    """Registers the payment; the order becomes `paid`. Refused (409) unless it is open."""
    with immediate(conn):
        _require_open(_order(conn, order_id))
        _check_reference_unused(conn, payment)
        conn.execute(
            "UPDATE orders SET status = 'paid', amount = ?, invoice_ref = ?, registered_by = ?,"
            " registered_at = ? WHERE order_id = ?",
            (f"{payment.amount:.2f}", payment.invoice_ref, username, utc_now_iso(), order_id),
        )
        detail = f"{payment.amount:.2f}; ref {payment.invoice_ref}"
        write_audit(
            conn, username=username, action="order_payment", object_=order_id, detail=detail
        )


def payment_confirmation(order: sqlite3.Row) -> str:
    return (
        f"Betaling registreret på bestilling {order['order_id']}: {da_amount(order['amount'])} kr.,"
        f" fakturareference {order['invoice_ref']}."
    )
