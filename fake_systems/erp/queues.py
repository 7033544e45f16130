"""The ERP's queue and journal queries (SQL only): manual handling and postings, paginated."""

from __future__ import annotations

import sqlite3

_LATEST_NOTE = "n.id = (SELECT MAX(id) FROM notes WHERE invoice_id = i.id)"


def _manual_where(code: str) -> tuple[str, tuple[str, ...]]:
    if code:
        return "i.status = 'manual' AND n.code = ?", (code,)
    return "i.status = 'manual'", ()


def manual_page(
    conn: sqlite3.Connection, *, code: str, limit: int, offset: int
) -> list[sqlite3.Row]:
    """Invoices in manual handling with their latest note, newest invoice first."""
    where, params = _manual_where(code)
    return conn.execute(
        "SELECT printf('ERP-%06d', i.id) AS erp_id, i.supplier_name, i.supplier_cvr,"  # noqa: S608
        " i.invoice_number, i.doc_type, i.issue_date, i.total, n.text AS note_text,"
        " n.code AS note_code, n.author AS note_author, n.at AS note_at"
        f" FROM invoices i LEFT JOIN notes n ON {_LATEST_NOTE} WHERE {where}"
        " ORDER BY i.issue_date DESC, i.id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()


def manual_count(conn: sqlite3.Connection, *, code: str) -> int:
    where, params = _manual_where(code)
    join = f" LEFT JOIN notes n ON {_LATEST_NOTE}" if code else ""
    sql = f"SELECT COUNT(*) FROM invoices i{join} WHERE {where}"  # noqa: S608 - constant fragments
    return int(conn.execute(sql, params).fetchone()[0])


def note_codes(conn: sqlite3.Connection) -> list[str]:
    """The codes of notes present, for the queue's filter."""
    rows = conn.execute("SELECT DISTINCT code FROM notes WHERE code != '' ORDER BY code")
    return [row[0] for row in rows]


def journal_page(conn: sqlite3.Connection, *, limit: int, offset: int) -> list[sqlite3.Row]:
    """Posting lines, newest first."""
    return conn.execute(
        "SELECT p.voucher, printf('ERP-%06d', p.invoice_id) AS erp_id, p.line_no, p.psp,"
        " p.amount, p.text, p.posted_by, p.posted_at, i.supplier_name, i.invoice_number"
        " FROM postings p JOIN invoices i ON i.id = p.invoice_id"
        " ORDER BY p.id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()


def journal_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM postings").fetchone()[0])
