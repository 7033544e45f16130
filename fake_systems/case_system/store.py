"""The case system's read queries (SQL only): citizens, grants with providers and rate changes,
payments, certificate orders."""

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


def rate_changes(conn: sqlite3.Connection, *, grant_id: str) -> list[tuple[str, str]]:
    """The grant's rate changes as (from, rate), in date order."""
    rows = conn.execute(
        "SELECT from_date, rate FROM rate_changes WHERE grant_id = ? ORDER BY from_date",
        (grant_id,),
    )
    return [(row[0], row[1]) for row in rows]


def citizen_rate_changes(conn: sqlite3.Connection, *, cpr: str) -> dict[str, list[tuple[str, str]]]:
    """The rate changes of every grant of the citizen, by grant id."""
    changes: dict[str, list[tuple[str, str]]] = {}
    for row in conn.execute(
        "SELECT rc.grant_id, rc.from_date, rc.rate FROM rate_changes rc"
        " JOIN grants g ON g.grant_id = rc.grant_id WHERE g.cpr = ? ORDER BY rc.from_date",
        (cpr,),
    ):
        changes.setdefault(row[0], []).append((row[1], row[2]))
    return changes


_ORDER = (
    "SELECT o.*, COALESCE(p.name, '') AS doctor_name FROM orders o"
    " LEFT JOIN providers p ON p.cvr = o.doctor_cvr"
)


def citizen_orders(conn: sqlite3.Connection, *, cpr: str) -> list[sqlite3.Row]:
    return conn.execute(
        f"{_ORDER} WHERE o.cpr = ? ORDER BY o.ordered_on, o.order_id", (cpr,)
    ).fetchall()


def get_order(conn: sqlite3.Connection, *, order_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        f"SELECT c.name AS citizen_name, op.* FROM ({_ORDER} WHERE o.order_id = ?) op"  # noqa: S608
        " JOIN citizens c ON c.cpr = op.cpr",
        (order_id,),
    ).fetchone()
    return row


def grant_keys(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Each (paragraph, art, ownership, target group) in use, with its active and all grants."""
    return conn.execute(
        "SELECT paragraph, art, ownership, target_group, COUNT(*) AS grants,"
        " SUM(status = 'active') AS active FROM grants"
        " GROUP BY paragraph, art, ownership, target_group"
        " ORDER BY paragraph, art, ownership, target_group"
    ).fetchall()
