"""The benefits system's read queries (SQL only): citizens, rent agreements, payouts with what
is deducted from them, and rent deductions."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

_DEDUCTION = (
    "SELECT d.id, d.payout_id, d.agreement_id, d.month, d.amount, d.invoice_ref,"
    " d.registered_by, d.registered_at FROM deductions d"
)


@dataclass(frozen=True)
class PayoutView:
    """A payout as its screens show it: the benefit, what rent is deducted, what is left."""

    payout_id: str
    cpr: str
    month: str  # YYYY-MM
    benefit: str
    amount: Decimal
    deducted: Decimal
    status: str  # planlagt | udbetalt

    @property
    def left(self) -> Decimal:
        return self.amount - self.deducted


def get_citizen(conn: sqlite3.Connection, *, cpr: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT cpr, name FROM citizens WHERE cpr = ?", (cpr,)
    ).fetchone()
    return row


def citizen_agreements(conn: sqlite3.Connection, *, cpr: str) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM agreements WHERE cpr = ? ORDER BY valid_from, agreement_id", (cpr,)
    ).fetchall()


def get_agreement(conn: sqlite3.Connection, *, agreement_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT a.*, c.name AS citizen_name FROM agreements a JOIN citizens c ON c.cpr = a.cpr"
        " WHERE a.agreement_id = ?",
        (agreement_id,),
    ).fetchone()
    return row


def _views(rows: Iterable[sqlite3.Row], deducted: dict[str, Decimal]) -> list[PayoutView]:
    return [
        PayoutView(
            payout_id=row["payout_id"],
            cpr=row["cpr"],
            month=row["month"],
            benefit=row["benefit"],
            amount=Decimal(row["amount"]),
            deducted=deducted.get(row["payout_id"], Decimal(0)),
            status=row["status"],
        )
        for row in rows
    ]


def _deducted(rows: Iterable[sqlite3.Row]) -> dict[str, Decimal]:
    """The rent deducted from each payout, summed as decimals (SQLite would sum floats)."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        sums[row["payout_id"]] += Decimal(row["amount"])
    return sums


def citizen_payouts(conn: sqlite3.Connection, *, cpr: str) -> list[PayoutView]:
    """The citizen's payouts, latest month first, each with what is deducted from it."""
    payouts = conn.execute(
        "SELECT * FROM payouts WHERE cpr = ? ORDER BY month DESC, payout_id", (cpr,)
    ).fetchall()
    return _views(payouts, _deducted(citizen_deductions(conn, cpr=cpr)))


def get_payout(conn: sqlite3.Connection, *, payout_id: str) -> PayoutView | None:
    row = conn.execute("SELECT * FROM payouts WHERE payout_id = ?", (payout_id,)).fetchone()
    if row is None:
        return None
    return _views([row], _deducted(payout_deductions(conn, payout_id=payout_id)))[0]


def citizen_deductions(conn: sqlite3.Connection, *, cpr: str) -> list[sqlite3.Row]:
    """Every rent deduction on any of the citizen's payouts, by month."""
    return conn.execute(
        f"{_DEDUCTION} JOIN payouts p ON p.payout_id = d.payout_id WHERE p.cpr = ?"
        " ORDER BY d.month, d.agreement_id, d.id",
        (cpr,),
    ).fetchall()


def agreement_deductions(conn: sqlite3.Connection, *, agreement_id: str) -> list[sqlite3.Row]:
    return conn.execute(
        f"{_DEDUCTION} WHERE d.agreement_id = ? ORDER BY d.month, d.id", (agreement_id,)
    ).fetchall()


def payout_deductions(conn: sqlite3.Connection, *, payout_id: str) -> list[sqlite3.Row]:
    return conn.execute(
        f"{_DEDUCTION} WHERE d.payout_id = ? ORDER BY d.month, d.id", (payout_id,)
    ).fetchall()


def get_deduction(conn: sqlite3.Connection, *, deduction_id: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        f"{_DEDUCTION} WHERE d.id = ?", (deduction_id,)
    ).fetchone()
    return row
