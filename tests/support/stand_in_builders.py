"""Builders writing straight into the stand-ins' schemas: a valid default for every column,
overridden by what a test is about. Not the bundle loader: these know only the tables."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from fake_systems.db import CASE_DB, ERP_DB, connect, create_database

PASSWORD = "korrekt-hest-batteri"
SUPPLIER_CVR = "12345674"
CPR = "0101901234"
PSP = "XG-5385010001-00007"
USERS = (
    ("robot", "robot"),
    ("sagsbehandler", "caseworker"),
    ("okonomi", "finance"),
    ("admin", "admin"),
)
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


# Argon2id with the lightest cost it allows: a hash carries its own parameters, so every test's
# login verifies in about a millisecond instead of ~60 ms. Bundles loaded by `fake-systems
# load` keep the library's default cost.
_TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@cache
def _hash(password: str) -> str:
    return _TEST_HASHER.hash(password)


def _insert(conn: sqlite3.Connection, table: str, fields: dict[str, Any]) -> int:
    columns = ", ".join(fields)
    marks = ", ".join("?" for _ in fields)
    cursor = conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(fields.values())
    )
    return int(cursor.lastrowid or 0)


@contextmanager
def database(data_dir: Path, name: str, *, fresh: bool = False) -> Iterator[sqlite3.Connection]:
    path = data_dir / name
    if fresh or not path.exists():
        create_database(data_dir, name)
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


def add_user(conn: sqlite3.Connection, username: str, role: str, password: str = PASSWORD) -> None:
    conn.execute(
        "INSERT INTO users (username, password_hash, role) VALUES (?, ?, ?)",
        (username, _hash(password), role),
    )


def add_users(conn: sqlite3.Connection) -> None:
    for username, role in USERS:
        add_user(conn, username, role)


# ---------------------------------------------------------------- ERP


def add_psp(conn: sqlite3.Connection, psp: str = PSP, *, open_: bool = True) -> None:
    conn.execute(
        "INSERT INTO psp_elements (psp, name, open) VALUES (?, ?, ?)",
        (psp, f"Bevillinger {psp[-5:]}", int(open_)),
    )


def make_line(**overrides: Any) -> dict[str, Any]:
    """One line: October 2026 for CPR, 32.240,00 kr."""
    line = {
        "note": "Ophold oktober 2026, CPR 010190-1234",
        "item_name": "§107 Midlertidigt botilbud",
        "item_description": "1.040,00 kr. pr. døgn",
        "quantity": "31",
        "unit_code": "DAY",
        "amount": "32240.00",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
    }
    return line | overrides


def add_invoice(
    conn: sqlite3.Connection, *, lines: Sequence[dict[str, Any]] | None = None, **overrides: Any
) -> int:
    """An unposted one-line invoice INV-1017 from SUPPLIER_CVR; returns its id."""
    lines = list(lines) if lines is not None else [make_line()]
    fields = {
        "doc_type": "invoice",
        "supplier_cvr": SUPPLIER_CVR,
        "supplier_name": "Bostedet Solsikken ApS",
        "invoice_number": "INV-1017",
        "issue_date": "2026-11-03",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "currency": "DKK",
        "total": f"{sum((Decimal(line['amount']) for line in lines), Decimal(0)):.2f}",
        "buyer_reference": "HAP",
        "receiver_gln": "5798000000001",
        "source_file": "INV-1017.xml",
        "received_at": "2026-11-04T06:00:00Z",
    } | overrides
    invoice_id = _insert(conn, "invoices", fields)
    for n, line in enumerate(lines, start=1):
        add_invoice_line(conn, invoice_id=invoice_id, line_no=n, **line)
    return invoice_id


def add_invoice_line(
    conn: sqlite3.Connection, *, invoice_id: int, line_no: int, **line: Any
) -> None:
    fields = {"invoice_id": invoice_id, "line_no": line_no, "line_id": str(line_no)} | line
    _insert(conn, "invoice_lines", fields)


def post_lines(
    conn: sqlite3.Connection,
    invoice_id: int,
    postings: Sequence[tuple[str, str, str]],
    *,
    posted_at: str = "2026-11-02T02:00:05Z",
    posted_by: str = "robot",
) -> None:
    """Post the invoice as the ERP does: one posting line (PSP, amount, text) per invoice line,
    from line 1, under its voucher (a new one when it has none)."""
    (voucher,) = conn.execute("SELECT voucher FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
    voucher = voucher or f"BIL-P{invoice_id:07d}"
    for n, (psp, amount, text) in enumerate(postings, start=1):
        fields = {"invoice_id": invoice_id, "line_no": n, "psp": psp, "amount": amount}
        stamp = {"text": text, "voucher": voucher, "posted_by": posted_by, "posted_at": posted_at}
        _insert(conn, "postings", fields | stamp)
    conn.execute(
        "UPDATE invoices SET status = 'posted', voucher = ?, posted_by = ?, posted_at = ?"
        " WHERE id = ?",
        (voucher, posted_by, posted_at, invoice_id),
    )


def add_history(
    conn: sqlite3.Connection,
    *,
    supplier_cvr: str = SUPPLIER_CVR,
    invoice_number: str = "INV-1017",
    amount: str = "32240.00",
    posted_at: str = "2026-10-03",
    receiver_gln: str = "",
    period_start: str | None = None,
    period_end: str | None = None,
    lines: Sequence[dict[str, str]] = (),
    **more: str | None,
) -> int:
    """A posting from before the ERP's own receipts (erp.json), with its lines ({"text",
    "amount", "psp"}) and any more columns (supplier_name, issue_date, posted_by)."""
    fields = {
        "supplier_cvr": supplier_cvr,
        "invoice_number": invoice_number,
        "amount": amount,
        "posted_at": posted_at,
        "receiver_gln": receiver_gln,
        "period_start": period_start,
        "period_end": period_end,
    } | more
    history_id = _insert(conn, "posted_history", fields)
    for n, line in enumerate(lines, start=1):
        _insert(conn, "posted_history_lines", {"history_id": history_id, "line_no": n} | line)
    return history_id


# ---------------------------------------------------------------- case system


def add_citizen(conn: sqlite3.Connection, cpr: str = CPR, name: str = "Anna Andersen") -> None:
    conn.execute("INSERT INTO citizens (cpr, name) VALUES (?, ?)", (cpr, name))


def add_provider(
    conn: sqlite3.Connection, cvr: str = SUPPLIER_CVR, name: str = "Bostedet Solsikken ApS"
) -> None:
    conn.execute("INSERT INTO providers (cvr, name) VALUES (?, ?)", (cvr, name))


def add_grant(conn: sqlite3.Connection, **overrides: Any) -> str:
    """B-1043: §107 at 1.040,00 kr. a day from 01.01.2026, for CPR at SUPPLIER_CVR."""
    fields = {
        "grant_id": "B-1043",
        "cpr": CPR,
        "provider_cvr": SUPPLIER_CVR,
        "paragraph": "107",
        "service": "Midlertidigt botilbud",
        "art": "4.0",
        "ownership": "Privat",
        "target_group": "Udviklingshæmmede",
        "rate": "1040.00",
        "rate_unit": "day",
        "hours_per_month": None,
        "valid_from": "2026-01-01",
        "valid_to": None,
        "status": "active",
    } | overrides
    _insert(conn, "grants", fields)
    return str(fields["grant_id"])


def add_payment(conn: sqlite3.Connection, **overrides: Any) -> None:
    """September 2026 on B-1043, 31.200,00 kr."""
    fields = {
        "grant_id": "B-1043",
        "period_start": "2026-09-01",
        "period_end": "2026-09-30",
        "amount": "31200.00",
        "invoice_ref": f"{SUPPLIER_CVR}/INV-0917",
        "registered_by": "import",
        "registered_at": "2026-10-03T02:00:00Z",
    } | overrides
    _insert(conn, "payments", fields)


def seed_erp(data_dir: Path) -> None:
    """Users, one open and one closed PSP element; no invoices."""
    with database(data_dir, ERP_DB, fresh=True) as conn:
        add_users(conn)
        add_psp(conn)
        add_psp(conn, "XG-5385010001-00099", open_=False)


def seed_case(data_dir: Path) -> None:
    """Users, the citizen CPR with grant B-1043 at SUPPLIER_CVR and its September payment."""
    with database(data_dir, CASE_DB, fresh=True) as conn:
        add_users(conn)
        add_citizen(conn)
        add_provider(conn)
        add_grant(conn)
        add_payment(conn)


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF.search(html)
    if match is None:
        raise AssertionError("no csrf_token on the page")
    return match.group(1)
