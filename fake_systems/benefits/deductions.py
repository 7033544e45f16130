"""Rent deductions (huslejetræk) on a planned payout: the form read, then every check and the
write in one BEGIN IMMEDIATE transaction, audited. A refusal writes nothing and says why."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from fake_systems.web.audit import utc_now_iso, write_audit
from fake_systems.web.errors import NotFound
from fake_systems.web.fields import MAX_REF, has_hidden_characters
from fake_systems.web.formatting import da_amount, da_date, da_month, parse_amount
from fake_systems.web.refusals import Refusal, Refused
from fake_systems.web.tx import immediate

_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DANISH_MONTH = re.compile(r"^(\d{1,2})[.\-/](\d{4})$")
# The payout or the agreement has moved on: what a person (or the robot) must read again.
_CONFLICTS = frozenset({"payout_paid_out", "month_already_deducted", "amount_above_left"})


@dataclass(frozen=True)
class DeductionRequest:
    agreement_id: str
    month: str  # YYYY-MM
    amount: Decimal
    invoice_ref: str


def parse_month(text: str) -> str | None:
    """`2026-12`, `12.2026` or `12-2026` -> `2026-12`; None for anything else."""
    cleaned = text.strip()
    if match := _ISO_MONTH.match(cleaned):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _DANISH_MONTH.match(cleaned):
        month, year = int(match.group(1)), int(match.group(2))
    else:
        return None
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and year >= 1900 else None


def _amount(text: str, refusals: list[Refusal]) -> Decimal | None:
    try:
        value: Decimal | None = parse_amount(text)
    except ValueError:
        value = None
    if value is None or value <= 0:
        message = (
            f"Beløb »{text[:40]}« skal være et beløb større end 0 med højst 2 decimaler"
            " (fx 5200.00 eller 5.200,00)."
        )
        refusals.append(Refusal("invalid_amount", message, field="amount"))
    return value


def _reference(text: str, refusals: list[Refusal]) -> str:
    ref = text.strip()
    if not ref or len(ref) > MAX_REF or has_hidden_characters(ref):
        message = (
            f"Fakturareference skal udfyldes med højst {MAX_REF} tegn og må ikke indeholde"
            " kontroltegn (fx linjeskift eller tabulator)."
        )
        refusals.append(Refusal("invalid_reference", message, field="invoice_ref"))
    return ref


def parse_deduction(
    *, agreement_id: str, month: str, amount: str, invoice_ref: str
) -> DeductionRequest:
    """The deduction the form asks for, or Refused (422) with every problem found."""
    refusals: list[Refusal] = []
    agreement = agreement_id.strip()
    if not agreement:
        refusals.append(Refusal("agreement_missing", "Aftale skal udfyldes.", field="agreement_id"))
    normal_month = parse_month(month)
    if normal_month is None:
        message = f"Måned »{month[:20]}« er ikke en gyldig måned (skriv fx 2026-12 eller 12.2026)."
        refusals.append(Refusal("invalid_month", message, field="month"))
    value = _amount(amount, refusals)
    ref = _reference(invoice_ref, refusals)
    if refusals or normal_month is None or value is None:
        raise Refused(refusals)
    return DeductionRequest(agreement, normal_month, value, ref)


def _payout(conn: sqlite3.Connection, payout_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM payouts WHERE payout_id = ?", (payout_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"Udbetaling {payout_id} findes ikke.")
    return row


def _in_force(agreement: sqlite3.Row, month: str) -> bool:
    """In force on some day of the month (a last, partial month may still be deducted)."""
    first, last = f"{month}-01", f"{month}-31"  # ISO text compares as dates do
    return agreement["valid_from"] <= last and (
        agreement["valid_to"] is None or agreement["valid_to"] >= first
    )


def _agreement_refusals(
    conn: sqlite3.Connection, payout: sqlite3.Row, request: DeductionRequest
) -> list[Refusal]:
    agreement_id = request.agreement_id
    agreement = conn.execute(
        "SELECT * FROM agreements WHERE agreement_id = ?", (agreement_id,)
    ).fetchone()
    if agreement is None:
        message = f"Huslejeaftale »{agreement_id[:40]}« findes ikke."
        return [Refusal("agreement_unknown", message, field="agreement_id")]
    if agreement["cpr"] != payout["cpr"]:
        message = f"Huslejeaftale {agreement_id} hører til en anden borger end udbetalingen."
        return [Refusal("agreement_not_citizens", message, field="agreement_id")]
    refusals = []
    if not _in_force(agreement, request.month):
        until = da_date(agreement["valid_to"]) if agreement["valid_to"] else "løbende"
        message = (
            f"Huslejeaftale {agreement_id} gælder ikke i {da_month(request.month)}"
            f" (gyldig {da_date(agreement['valid_from'])}–{until})."
        )
        refusals.append(Refusal("agreement_not_in_force", message, field="agreement_id"))
    earlier = conn.execute(
        "SELECT payout_id, amount, invoice_ref FROM deductions"
        " WHERE agreement_id = ? AND month = ?",
        (agreement_id, request.month),
    ).fetchone()
    if earlier is not None:
        message = (
            f"Huslejen for {da_month(request.month)} på aftale {agreement_id} er allerede trukket"
            f" (udbetaling {earlier['payout_id']}, {da_amount(earlier['amount'])} kr.,"
            f" fakturareference {earlier['invoice_ref']})."
        )
        refusals.append(Refusal("month_already_deducted", message, field="month"))
    return refusals


def _refusals(
    conn: sqlite3.Connection, payout: sqlite3.Row, request: DeductionRequest
) -> list[Refusal]:
    """Every reason the deduction cannot be made on this payout now (none: it can)."""
    refusals = []
    if payout["status"] != "planlagt":
        message = (
            f"Udbetaling {payout['payout_id']} ({da_month(payout['month'])}) er allerede udbetalt;"
            " der kan ikke trækkes husleje i den."
        )
        refusals.append(Refusal("payout_paid_out", message))
    if request.month != payout["month"]:
        message = (
            f"Måneden {da_month(request.month)} er ikke udbetalingens måned"
            f" ({da_month(payout['month'])})."
        )
        refusals.append(Refusal("month_mismatch", message, field="month"))
    refusals += _agreement_refusals(conn, payout, request)
    left = Decimal(payout["amount"]) - sum(
        (
            Decimal(row[0])
            for row in conn.execute(
                "SELECT amount FROM deductions WHERE payout_id = ?", (payout["payout_id"],)
            )
        ),
        Decimal(0),
    )
    if request.amount > left:
        message = (
            f"Beløbet {da_amount(request.amount)} kr. er større end det, der er tilbage af"
            f" udbetalingen efter tidligere træk ({da_amount(left)} kr.)."
        )
        refusals.append(Refusal("amount_above_left", message, field="amount"))
    return refusals


def register_deduction(
    conn: sqlite3.Connection, *, payout_id: str, request: DeductionRequest, username: str
) -> int:
    """Registers the deduction on the payout and returns its id, or raises Refused (409 when
    the payout or agreement has moved on, else 422) having written nothing."""
    with immediate(conn):
        payout = _payout(conn, payout_id)
        refusals = _refusals(conn, payout, request)
        if refusals:
            conflict = any(r.reason in _CONFLICTS for r in refusals)
            raise Refused(refusals, status_code=409 if conflict else 422)
        cursor = conn.execute(
            "INSERT INTO deductions (payout_id, agreement_id, month, amount, invoice_ref,"
            " registered_by, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                payout_id,
                request.agreement_id,
                request.month,
                f"{request.amount:.2f}",
                request.invoice_ref,
                username,
                utc_now_iso(),
            ),
        )
        detail = (
            f"aftale {request.agreement_id}; {request.month}; {request.amount:.2f};"
            f" ref {request.invoice_ref}"
        )
        write_audit(conn, username=username, action="deduction", object_=payout_id, detail=detail)
        return int(cursor.lastrowid or 0)


def confirmation(deduction: sqlite3.Row) -> str:
    return (
        f"Huslejetræk registreret: aftale {deduction['agreement_id']},"
        f" {da_month(deduction['month'])}, {da_amount(deduction['amount'])} kr.,"
        f" fakturareference {deduction['invoice_ref']}."
    )
