"""The ERP's queue and journal queries (SQL only): manual handling and postings, paginated."""

from __future__ import annotations

import sqlite3

from fake_systems.erp.store import status_count

# Each page's fifty rows are chosen first and only they are joined: with OFFSET over the join,
# every skipped row was joined too (the last manual page of 38,000 took ~90 ms that way, the last
# journal page of 73,000 posting lines ~45 ms).
_LATEST_NOTE = "n.id = (SELECT MAX(id) FROM notes WHERE invoice_id = i.id)"


def _manual_where(code: str) -> tuple[str, tuple[str, ...]]:
    # invoices.note_code is the latest note's code (a trigger keeps it; partial index by code).
    if code:
        return "status = 'manual' AND note_code = ?", (code,)
    return "status = 'manual'", ()


def manual_page(
    conn: sqlite3.Connection, *, code: str, limit: int, offset: int
) -> list[sqlite3.Row]:
    """Invoices in manual handling with their latest note, newest invoice first."""
    where, params = _manual_where(code)
    return conn.execute(
        "SELECT printf('ERP-%06d', i.id) AS erp_id, i.supplier_name, i.supplier_cvr,"  # noqa: S608
        " i.invoice_number, i.doc_type, i.issue_date, i.total, n.text AS note_text,"
        " n.code AS note_code, n.author AS note_author, n.at AS note_at"
        f" FROM invoices i LEFT JOIN notes n ON {_LATEST_NOTE}"
        f" WHERE i.id IN (SELECT id FROM invoices WHERE {where}"
        " ORDER BY issue_date DESC, id DESC LIMIT ? OFFSET ?)"
        " ORDER BY i.issue_date DESC, i.id DESC",
        (*params, limit, offset),
    ).fetchall()


def manual_count(conn: sqlite3.Connection, *, code: str) -> int:
    if not code:
        return status_count(conn, status="manual")
    where, params = _manual_where(code)
    sql = f"SELECT COUNT(*) FROM invoices WHERE {where}"  # noqa: S608 - constant fragments
    return int(conn.execute(sql, params).fetchone()[0])


def note_codes(conn: sqlite3.Connection) -> list[str]:
    """The codes of notes present, for the queue's filter, in order."""
    # One index probe per distinct code, not a walk over every note (SELECT DISTINCT would).
    rows = conn.execute(
        "WITH RECURSIVE codes(code) AS (SELECT MIN(code) FROM notes WHERE code > ''"
        " UNION ALL SELECT (SELECT MIN(code) FROM notes WHERE code > codes.code)"
        " FROM codes WHERE codes.code IS NOT NULL)"
        " SELECT code FROM codes WHERE code IS NOT NULL"
    )
    return [row[0] for row in rows]


def journal_page(conn: sqlite3.Connection, *, limit: int, offset: int) -> list[sqlite3.Row]:
    """Posting lines, newest first."""
    # The postings first: with the statistics of a fresh load (no postings yet) SQLite would
    # otherwise walk every invoice to find them.
    return conn.execute(
        "SELECT p.voucher, printf('ERP-%06d', p.invoice_id) AS erp_id, p.line_no, p.psp,"
        " p.amount, p.text, p.posted_by, p.posted_at, i.supplier_name, i.invoice_number"
        " FROM (SELECT * FROM postings ORDER BY id DESC LIMIT ? OFFSET ?) p"
        " JOIN invoices i ON i.id = p.invoice_id ORDER BY p.id DESC",
        (limit, offset),
    ).fetchall()


def journal_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM postings").fetchone()[0])
