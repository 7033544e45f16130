"""Builders for the case system's rate changes, certificate orders and finance user, writing
straight into its schema like stand_in_builders (a valid default, overridden by the test)."""

from __future__ import annotations

import re
import sqlite3
from html import unescape
from typing import Any

from tests.support.stand_in_builders import CPR, SUPPLIER_CVR, add_user

FINANCE = "okonomi"  # økonomimedarbejder: registers payments by hand


def ensure_user(conn: sqlite3.Connection, username: str, role: str) -> None:
    """Adds the user unless the seed already has one of that name."""
    if conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone() is None:
        add_user(conn, username, role)


def add_finance_user(conn: sqlite3.Connection) -> str:
    ensure_user(conn, FINANCE, "finance")
    return FINANCE


def add_rate_change(
    conn: sqlite3.Connection,
    *,
    grant_id: str = "B-1043",
    from_date: str = "2026-10-15",
    rate: str = "1100.00",
) -> None:
    """B-1043 at 1.100,00 kr. from 15.10.2026."""
    conn.execute(
        "INSERT INTO rate_changes (grant_id, from_date, rate, registered_by, registered_at)"
        " VALUES (?, ?, ?, 'import', '2026-10-01T08:00:00Z')",
        (grant_id, from_date, rate),
    )


def add_order(conn: sqlite3.Connection, **overrides: Any) -> str:
    """O-2041: an open LÆ 265 from SUPPLIER_CVR (as the doctor) for CPR, ordered 02.10.2026."""
    fields = {
        "order_id": "O-2041",
        "cpr": CPR,
        "doctor_cvr": SUPPLIER_CVR,
        "certificate_type": "LÆ 265",
        "ordered_on": "2026-10-02",
        "status": "open",
        "created_by": "import",
    } | overrides
    columns = ", ".join(fields)
    marks = ", ".join("?" for _ in fields)
    conn.execute(f"INSERT INTO orders ({columns}) VALUES ({marks})", tuple(fields.values()))
    return str(fields["order_id"])


def cells(html: str, testid: str) -> list[tuple[str, str]]:
    """Every element with the test id on a page, as (data-value, text), HTML unescaped."""
    pattern = rf'data-testid="{testid}"(?: data-value="([^"]*)")?[^>]*>(.*?)</'
    return [
        (unescape(value), unescape(re.sub(r"<[^>]+>", "", text)).strip())
        for value, text in re.findall(pattern, html, flags=re.DOTALL)
    ]
