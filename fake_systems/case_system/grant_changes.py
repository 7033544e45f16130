"""What caseworkers change on a grant, each in one BEGIN IMMEDIATE transaction and audited:
its validity and status (Ret bevilling) and its rate changes (Ny takst)."""

from __future__ import annotations

import sqlite3
from datetime import date

from fake_systems.case_system.ledger import grant_row
from fake_systems.web import fields
from fake_systems.web.audit import utc_now_iso, write_audit
from fake_systems.web.formatting import da_date
from fake_systems.web.refusals import Refusal, Refused
from fake_systems.web.tx import immediate

STATUSES = ("active", "ended", "cancelled")


def _first_rate_change(conn: sqlite3.Connection, grant_id: str) -> str | None:
    row = conn.execute(
        "SELECT MIN(from_date) FROM rate_changes WHERE grant_id = ?", (grant_id,)
    ).fetchone()
    return str(row[0]) if row[0] is not None else None


def _check_validity(
    conn: sqlite3.Connection, grant_id: str, new_from: date, new_to: date | None
) -> list[Refusal]:
    refusals = []
    if new_to is not None and new_to < new_from:
        message = f"Gyldig til ligger før gyldig fra ({new_from:%d.%m.%Y})."
        refusals.append(Refusal("valid_to_before_from", message, field="valid_to"))
    first_change = _first_rate_change(conn, grant_id)
    if first_change is not None and new_from.isoformat() >= first_change:
        # The grant's own rate is in force from valid_from: it must come before every change.
        message = (
            f"Gyldig fra skal ligge før bevillingens første takstændring ({da_date(first_change)})."
        )
        refusals.append(Refusal("valid_from_after_rate_change", message, field="valid_from"))
    return refusals


def edit_grant(
    conn: sqlite3.Connection,
    *,
    grant_id: str,
    valid_from: str | None,
    valid_to: str,
    status: str,
    username: str,
) -> None:
    """Sets valid from (None: unchanged), valid to (blank: open-ended) and status, or raises
    Refused (422). Payments outside the new validity stay; the grant page warns about them."""
    refusals: list[Refusal] = []
    new_from = (
        fields.required_date(valid_from, "valid_from", "Gyldig fra", refusals)
        if valid_from is not None
        else None
    )
    new_to = (
        fields.date_field(valid_to, "valid_to", "Gyldig til", refusals)
        if valid_to.strip()
        else None
    )
    if status not in STATUSES:
        refusals.append(Refusal("status_invalid", "Vælg en gyldig status.", field="status"))
    with immediate(conn):
        grant = grant_row(conn, grant_id)
        from_ = new_from or date.fromisoformat(grant["valid_from"])
        if not refusals:
            refusals = _check_validity(conn, grant_id, from_, new_to)
        if refusals:
            raise Refused(refusals)
        new_to_text = new_to.isoformat() if new_to else None
        conn.execute(
            "UPDATE grants SET valid_from = ?, valid_to = ?, status = ? WHERE grant_id = ?",
            (from_.isoformat(), new_to_text, status, grant_id),
        )
        detail = (
            f"gyldig fra {grant['valid_from']} -> {from_.isoformat()};"
            f" gyldig til {grant['valid_to'] or 'løbende'} -> {new_to_text or 'løbende'};"
            f" status {grant['status']} -> {status}"
        )
        write_audit(conn, username=username, action="grant_edit", object_=grant_id, detail=detail)


def _check_rate_date(grant: sqlite3.Row, starts: date) -> Refusal | None:
    if grant["rate"] is None:
        message = "Bevillingen har ingen fast takst, så den kan ikke få en ny takst."
        return Refusal("no_fixed_rate", message, field="new_rate")
    if starts.isoformat() <= grant["valid_from"]:
        message = (
            f"Gælder fra skal ligge efter bevillingens gyldig fra ({da_date(grant['valid_from'])});"
            " fra den dato gælder bevillingens egen takst."
        )
        return Refusal("rate_from_not_after_valid_from", message, field="rate_from")
    if grant["valid_to"] is not None and starts.isoformat() > grant["valid_to"]:
        message = f"Gælder fra ligger efter bevillingens gyldig til ({da_date(grant['valid_to'])})."
        return Refusal("rate_from_after_valid_to", message, field="rate_from")
    return None


def add_rate_change(
    conn: sqlite3.Connection, *, grant_id: str, new_rate: str, rate_from: str, username: str
) -> date:
    """A new rate from a date inside the grant's validity (after valid_from); a change already
    on that date is replaced. Returns the date, or raises Refused (422)."""
    refusals: list[Refusal] = []
    rate = fields.positive_amount(new_rate, "new_rate", "Ny takst", refusals)
    starts = fields.required_date(rate_from, "rate_from", "Gælder fra", refusals)
    with immediate(conn):
        grant = grant_row(conn, grant_id)
        problem = _check_rate_date(grant, starts) if starts is not None else None
        if refusals or problem or rate is None or starts is None:
            raise Refused([*refusals, *([problem] if problem else [])])
        old = conn.execute(
            "SELECT rate FROM rate_changes WHERE grant_id = ? AND from_date = ?",
            (grant_id, starts.isoformat()),
        ).fetchone()
        conn.execute(
            "INSERT INTO rate_changes (grant_id, from_date, rate, registered_by, registered_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (grant_id, from_date) DO UPDATE SET"
            " rate = excluded.rate, registered_by = excluded.registered_by,"
            " registered_at = excluded.registered_at",
            (grant_id, starts.isoformat(), f"{rate:.2f}", username, utc_now_iso()),
        )
        replaced = f"{old['rate']} -> " if old is not None else ""
        detail = f"takst fra {starts.isoformat()}: {replaced}{rate:.2f}"
        write_audit(conn, username=username, action="rate_change", object_=grant_id, detail=detail)
    return starts
