"""Builders writing straight into the benefits system's schema, like stand_in_builders: a valid
default for every column, overridden by what a test is about."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from fake_systems.db import BENEFITS_DB
from tests.support.stand_in_builders import CPR, add_citizen, add_users, database

LANDLORD_CVR = "29403473"  # Boligselskabet Fjordbo (a valid CVR check digit)
OTHER_CPR = "0202024321"


def _insert(conn: sqlite3.Connection, table: str, fields: dict[str, Any]) -> None:
    columns = ", ".join(fields)
    marks = ", ".join("?" for _ in fields)
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(fields.values()))


def add_agreement(conn: sqlite3.Connection, **overrides: Any) -> str:
    """HA-3001: CPR rents Fjordvej 3, 2. th from LANDLORD_CVR at 5.200,00 kr. from 01.01.2026."""
    fields = {
        "agreement_id": "HA-3001",
        "cpr": CPR,
        "landlord_cvr": LANDLORD_CVR,
        "landlord_name": "Boligselskabet Fjordbo",
        "address": "Fjordvej 3, 2. th",
        "rent": "5200.00",
        "valid_from": "2026-01-01",
        "valid_to": None,
        "created_by": "import",
    } | overrides
    _insert(conn, "agreements", fields)
    return str(fields["agreement_id"])


def add_payout(conn: sqlite3.Connection, **overrides: Any) -> str:
    """U-7001: CPR's planned kontanthjælp for December 2026, 12.450,00 kr."""
    fields = {
        "payout_id": "U-7001",
        "cpr": CPR,
        "month": "2026-12",
        "benefit": "kontanthjælp",
        "amount": "12450.00",
        "status": "planlagt",
    } | overrides
    _insert(conn, "payouts", fields)
    return str(fields["payout_id"])


def add_deduction(conn: sqlite3.Connection, **overrides: Any) -> None:
    """November's rent on HA-3001, taken off payout U-6901."""
    fields = {
        "payout_id": "U-6901",
        "agreement_id": "HA-3001",
        "month": "2026-11",
        "amount": "5200.00",
        "invoice_ref": "F-1001",
        "registered_by": "import",
        "registered_at": "2026-11-03T02:00:00Z",
    } | overrides
    _insert(conn, "deductions", fields)


def seed_benefits(data_dir: Path) -> None:
    """Users; CPR with agreement HA-3001, November's payout U-6901 (paid out, its rent
    deducted) and December's planned payout U-7001; another citizen with agreement HA-3002."""
    with database(data_dir, BENEFITS_DB, fresh=True) as conn:
        add_users(conn)
        add_citizen(conn)
        add_citizen(conn, OTHER_CPR, "Bent Berg")
        add_agreement(conn)
        add_agreement(conn, agreement_id="HA-3002", cpr=OTHER_CPR, address="Havnegade 1, st.")
        add_payout(conn, payout_id="U-6901", month="2026-11", status="udbetalt")
        add_payout(conn)
        add_deduction(conn)
