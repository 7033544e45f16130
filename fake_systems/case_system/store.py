"""The case system's read queries (SQL only): citizens, grants with providers, payments."""

from __future__ import annotations

import sqlite3

_GRANT = (
    "SELECT g.*, COALESCE(p.name, '') AS provider_name FROM grants g"
    " LEFT JOIN providers p ON p.cvr = g.provider_cvr"
)
_PAYMENT = (
    "SELECT pay.id, pay.grant_id, pay.period_start, pay.period_end, pay.amount,"
    " pay.invoice_ref, pay.registered_by, pay.registered_at FROM payments pay"
)


def get_citizen(conn: sqlite3.Connection, *, cpr: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT cpr, name FROM citizens WHERE cpr = ?", (cpr,)
    ).fetchone()
    return row


def citizen_grants(conn: sqlite3.Connection, *, cpr: str) -> list[sqlite3.Row]:
    return conn.execute(f"{_GRANT} WHERE g.cpr = ? ORDER BY g.grant_id", (cpr,)).fetchall()


def citizen_payments(conn: sqlite3.Connection, *, cpr: str) -> list[sqlite3.Row]:
    """Every payment registered on any of the citizen's grants."""
    return conn.execute(
        f"{_PAYMENT} JOIN grants g ON g.grant_id = pay.grant_id WHERE g.cpr = ?"
        " ORDER BY pay.grant_id, pay.period_start, pay.id",
        (cpr,),
    ).fetchall()


def get_grant(conn: sqlite3.Connection, *, grant_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        f"SELECT c.name AS citizen_name, gp.* FROM ({_GRANT} WHERE g.grant_id = ?) gp"  # noqa: S608
        " JOIN citizens c ON c.cpr = gp.cpr",
        (grant_id,),
    ).fetchone()
    return row


def grant_payments(conn: sqlite3.Connection, *, grant_id: str) -> list[sqlite3.Row]:
    return conn.execute(
        f"{_PAYMENT} WHERE pay.grant_id = ? ORDER BY pay.period_start, pay.id", (grant_id,)
    ).fetchall()


def get_payment(conn: sqlite3.Connection, *, payment_id: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(f"{_PAYMENT} WHERE pay.id = ?", (payment_id,)).fetchone()
    return row
