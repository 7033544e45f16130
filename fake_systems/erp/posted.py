"""What a supplier has been paid for a receiving EAN (SQL only): the ERP's own posted receipts
and the postings from before them (erp.json), newest first, for the payment plans' cadence
check (contract section 8). Both halves read an index on (supplier CVR, receiving EAN)."""

from __future__ import annotations

import sqlite3

# A receipt's period is the document's; without one, the span of its lines' periods (the
# earliest line's first day is then the invoice period's first day, as the robot reads it).
_POSTED = """
SELECT 'receipt' AS source, i.id AS id, printf('ERP-%06d', i.id) AS erp_id, i.invoice_number,
    i.doc_type, i.issue_date,
    COALESCE(i.period_start,
        (SELECT MIN(l.period_start) FROM invoice_lines l WHERE l.invoice_id = i.id))
        AS period_start,
    COALESCE(i.period_end,
        (SELECT MAX(l.period_end) FROM invoice_lines l WHERE l.invoice_id = i.id)) AS period_end,
    i.total AS total, i.posted_at AS posted_at,
    (SELECT json_group_array(trim(l.item_name || ' ' || l.item_description || ' ' || l.note))
        FROM invoice_lines l WHERE l.invoice_id = i.id) AS texts
FROM invoices i
WHERE i.status = 'posted' AND i.supplier_cvr = :cvr AND i.receiver_gln = :ean
UNION ALL
SELECT 'history', h.id, '', h.invoice_number, 'invoice', NULL, h.period_start, h.period_end,
    h.amount, h.posted_at, '[]'
FROM posted_history h
WHERE h.supplier_cvr = :cvr AND h.receiver_gln = :ean
"""


def posted_page(
    conn: sqlite3.Connection, *, cvr: str, ean: str, limit: int, offset: int
) -> list[sqlite3.Row]:
    """Newest posting first (a receipt before a history posting of the same moment)."""
    return conn.execute(
        f"SELECT * FROM ({_POSTED}) ORDER BY posted_at DESC, source DESC, id DESC"  # noqa: S608
        " LIMIT :lim OFFSET :off",
        {"cvr": cvr, "ean": ean, "lim": limit, "off": offset},
    ).fetchall()


def posted_count(conn: sqlite3.Connection, *, cvr: str, ean: str) -> int:
    (receipts,) = conn.execute(
        "SELECT COUNT(*) FROM invoices WHERE status = 'posted' AND supplier_cvr = ?"
        " AND receiver_gln = ?",
        (cvr, ean),
    ).fetchone()
    (history,) = conn.execute(
        "SELECT COUNT(*) FROM posted_history WHERE supplier_cvr = ? AND receiver_gln = ?",
        (cvr, ean),
    ).fetchone()
    return int(receipts) + int(history)
