"""Rent agreements (huslejeaftaler) made and ended by caseworkers: Ny huslejeaftale and Afslut
aftale, each checked and written in one BEGIN IMMEDIATE transaction, audited."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

from fake_systems.web import fields
from fake_systems.web.audit import write_audit
from fake_systems.web.errors import NotFound
from fake_systems.web.formatting import da_month
from fake_systems.web.refusals import Refusal, Refused, refuse
from fake_systems.web.tx import immediate

_NUMBERED = re.compile(r"^HA-(\d{1,18})$")
MAX_NAME, MAX_ADDRESS = 100, 200


def _text(text: str, field: str, label: str, limit: int, refusals: list[Refusal]) -> str:
    """One line of visible text: spaces collapsed, 1 to `limit` characters."""
    value = " ".join(text.split())
    if not value or len(value) > limit or fields.has_hidden_characters(value):
        message = f"{label} skal udfyldes med højst {limit} tegn."
        refusals.append(Refusal(f"{field}_invalid", message, field=field))
    return value


def _period(valid_from: str, valid_to: str, refusals: list[Refusal]) -> tuple[date | None, ...]:
    start = fields.required_date(valid_from, "valid_from", "Gyldig fra", refusals)
    end = fields.date_field(valid_to, "valid_to", "Gyldig til", refusals) if valid_to else None
    if start and end and end < start:
        refusals.append(
            Refusal("period_order", "Gyldig til ligger før gyldig fra.", field="valid_to")
        )
    return start, end


def _next_agreement_id(conn: sqlite3.Connection) -> str:
    """`HA-<n>` after the highest numbered id, loaded or made here, so ids never clash."""
    highest = 0
    for (agreement_id,) in conn.execute(
        "SELECT agreement_id FROM agreements WHERE agreement_id GLOB 'HA-[0-9]*'"
    ):
        if match := _NUMBERED.match(agreement_id):
            highest = max(highest, int(match.group(1)))
    return f"HA-{highest + 1}"


def create_agreement(
    conn: sqlite3.Connection,
    *,
    cpr: str,
    landlord_cvr: str,
    landlord_name: str,
    address: str,
    rent: str,
    valid_from: str,
    valid_to: str,
    username: str,
) -> str:
    """Makes a rent agreement for the citizen and returns its id, or raises Refused (422)."""
    refusals: list[Refusal] = []
    cvr = fields.cvr_number(landlord_cvr, "landlord_cvr", "Udlejer-CVR", refusals)
    name = _text(landlord_name, "landlord_name", "Udlejer", MAX_NAME, refusals)
    home = _text(address, "address", "Adresse", MAX_ADDRESS, refusals)
    amount = fields.positive_amount(rent, "rent", "Husleje", refusals)
    start, end = _period(valid_from, valid_to.strip(), refusals)
    if refusals or amount is None or start is None:
        raise Refused(refusals)
    with immediate(conn):
        if conn.execute("SELECT 1 FROM citizens WHERE cpr = ?", (cpr,)).fetchone() is None:
            raise NotFound("Borgeren findes ikke.")
        agreement_id = _next_agreement_id(conn)
        conn.execute(
            "INSERT INTO agreements (agreement_id, cpr, landlord_cvr, landlord_name, address,"
            " rent, valid_from, valid_to, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                agreement_id,
                cpr,
                cvr,
                name,
                home,
                f"{amount:.2f}",
                start.isoformat(),
                end.isoformat() if end else None,
                username,
            ),
        )
        detail = f"udlejer {cvr}; {amount:.2f}; {start}..{end or ''}"
        write_audit(
            conn, username=username, action="agreement_create", object_=agreement_id, detail=detail
        )
    return agreement_id


def end_agreement(
    conn: sqlite3.Connection, *, agreement_id: str, valid_to: str, username: str
) -> date:
    """Sets the agreement's last day (Slutdato) and returns it, or raises Refused: before it
    starts (422), or before a month whose rent is already deducted (409)."""
    refusals: list[Refusal] = []
    end = fields.required_date(valid_to, "valid_to", "Slutdato", refusals)
    if refusals or end is None:
        raise Refused(refusals)
    with immediate(conn):
        agreement = conn.execute(
            "SELECT valid_from FROM agreements WHERE agreement_id = ?", (agreement_id,)
        ).fetchone()
        if agreement is None:
            raise NotFound(f"Huslejeaftale {agreement_id} findes ikke.")
        if end.isoformat() < agreement["valid_from"]:
            message = "Slutdato ligger før aftalens gyldig fra."
            raise refuse("end_before_start", message, field="valid_to")
        later = conn.execute(
            "SELECT month FROM deductions WHERE agreement_id = ? AND month > ?"
            " ORDER BY month DESC LIMIT 1",
            (agreement_id, end.isoformat()[:7]),
        ).fetchone()
        if later is not None:
            message = (
                f"Aftalen har et huslejetræk for {da_month(later['month'])}, som ligger efter"
                f" slutdatoen {end:%d.%m.%Y}."
            )
            raise refuse("deductions_after_end", message, status_code=409, field="valid_to")
        conn.execute(
            "UPDATE agreements SET valid_to = ?, ended_by = ? WHERE agreement_id = ?",
            (end.isoformat(), username, agreement_id),
        )
        write_audit(
            conn, username=username, action="agreement_end", object_=agreement_id, detail=f"{end}"
        )
    return end
