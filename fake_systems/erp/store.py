"""The ERP's read queries (SQL only); every list is indexed and paginated with LIMIT."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

_COLUMNS = (
    "printf('ERP-%06d', i.id) AS erp_id, i.id, i.doc_type, i.supplier_name,"
    " i.supplier_cvr, i.invoice_number, i.issue_date, i.period_start, i.period_end,"
    " i.currency, i.total, i.status, i.due_date"
)
_SUMMARY = f"SELECT {_COLUMNS} FROM invoices i"  # noqa: S608 - constant fragments
# Days from today (a bound :today) to the due date: negative when the invoice is overdue.
DUE_IN = "CAST(julianday(i.due_date) - julianday(:today) AS INTEGER) AS due_in"
BY_DUE_DATE = "i.due_date, i.id"  # earliest due first (the index ix_invoices_status's order)


@dataclass(frozen=True)
class InboxFilter:
    cvr: str = ""
    number: str = ""
    q: str = ""


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _inbox_where(filters: InboxFilter) -> tuple[str, dict[str, str]]:
    # With a CVR or number the key index is far more selective; `+` keeps SQLite (which may have
    # no statistics after a bulk load) from walking the status index to save the sort instead.
    status = "+i.status" if filters.cvr or filters.number else "i.status"
    clauses = [f"{status} = 'unposted'"]
    params: dict[str, str] = {}
    if filters.cvr:
        clauses.append("i.supplier_cvr = :cvr")
        params["cvr"] = filters.cvr
    if filters.number:
        clauses.append("i.invoice_number = :number")
        params["number"] = filters.number
    if filters.q:
        # search_text is kept by triggers (schema.sql): name, number, reference, line texts.
        clauses.append("i.search_text LIKE :q ESCAPE '\\'")
        params["q"] = _like(filters.q)
    return " AND ".join(clauses), params


def inbox_page(
    conn: sqlite3.Connection, *, filters: InboxFilter, limit: int, offset: int, today: date
) -> list[sqlite3.Row]:
    """Unposted invoices, the earliest due date first (then by id), each with `due_in`."""
    where, params = _inbox_where(filters)
    # The page's ids first, from the index alone: OFFSET then skips index entries, not whole
    # rows (the last of 2,000 pages took ~20 ms more when every skipped row was read).
    sql = (
        f"SELECT {_COLUMNS}, {DUE_IN} FROM invoices i"  # noqa: S608 - constant fragments
        f" WHERE i.id IN (SELECT i.id FROM invoices i WHERE {where}"
        f" ORDER BY {BY_DUE_DATE} LIMIT :lim OFFSET :off) ORDER BY {BY_DUE_DATE}"
    )
    bound = {**params, "lim": limit, "off": offset, "today": today.isoformat()}
    return conn.execute(sql, bound).fetchall()


def status_count(conn: sqlite3.Connection, *, status: str) -> int:
    """How many invoices have the status, from the counts the triggers keep (schema.sql)."""
    row = conn.execute("SELECT n FROM invoice_counts WHERE status = ?", (status,)).fetchone()
    return int(row[0]) if row else 0


def inbox_count(conn: sqlite3.Connection, *, filters: InboxFilter) -> int:
    if filters == InboxFilter():
        return status_count(conn, status="unposted")  # every inbox page shows the total
    where, params = _inbox_where(filters)
    sql = f"SELECT COUNT(*) FROM invoices i WHERE {where}"  # noqa: S608 - constant fragments
    return int(conn.execute(sql, params).fetchone()[0])


def get_invoice(conn: sqlite3.Connection, *, invoice_id: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT printf('ERP-%06d', id) AS erp_id, * FROM invoices WHERE id = ?", (invoice_id,)
    ).fetchone()
    return row


def invoice_lines(conn: sqlite3.Connection, *, invoice_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no", (invoice_id,)
    ).fetchall()


def invoice_notes(conn: sqlite3.Connection, *, invoice_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT author, text, code, kind, at FROM notes WHERE invoice_id = ? ORDER BY id",
        (invoice_id,),
    ).fetchall()


def invoice_postings(conn: sqlite3.Connection, *, invoice_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT line_no, psp, amount, text, voucher, posted_by, posted_at FROM postings"
        " WHERE invoice_id = ? ORDER BY line_no",
        (invoice_id,),
    ).fetchall()


def same_key_receipts(
    conn: sqlite3.Connection, *, invoice_id: int, supplier_cvr: str, invoice_number: str
) -> list[sqlite3.Row]:
    """Other documents with this supplier CVR and invoice number."""
    return conn.execute(
        f"{_SUMMARY} WHERE i.supplier_cvr = ? AND i.invoice_number = ? AND i.id != ? ORDER BY i.id",
        (supplier_cvr, invoice_number, invoice_id),
    ).fetchall()


def same_key_history(
    conn: sqlite3.Connection, *, supplier_cvr: str, invoice_number: str
) -> list[sqlite3.Row]:
    """Postings of this key from before the stand-in's own documents (erp.json)."""
    return conn.execute(
        "SELECT amount, posted_at FROM posted_history WHERE supplier_cvr = ?"
        " AND invoice_number = ? ORDER BY posted_at",
        (supplier_cvr, invoice_number),
    ).fetchall()


def open_psp_elements(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT psp, name FROM psp_elements WHERE open = 1 ORDER BY psp").fetchall()


@dataclass(frozen=True)
class PspFilter:
    """`q`: words in the element or its name; `status`: OPEN, CLOSED or "" (both)."""

    q: str = ""
    status: str = ""


OPEN, CLOSED = "open", "closed"


def _psp_where(filters: PspFilter) -> tuple[str, dict[str, str]]:
    clauses, params = ["1 = 1"], {}
    if filters.q:
        clauses.append("(psp LIKE :q ESCAPE '\\' OR name LIKE :q ESCAPE '\\')")
        params["q"] = _like(filters.q)
    if filters.status in (OPEN, CLOSED):
        clauses.append(f"open = {int(filters.status == OPEN)}")  # one of two constants
    return " AND ".join(clauses), params


def psp_page(
    conn: sqlite3.Connection, *, filters: PspFilter, limit: int, offset: int
) -> list[sqlite3.Row]:
    """PSP elements in the element's order."""
    where, params = _psp_where(filters)
    sql = f"SELECT psp, name, open FROM psp_elements WHERE {where}"  # noqa: S608
    return conn.execute(
        f"{sql} ORDER BY psp LIMIT :lim OFFSET :off", {**params, "lim": limit, "off": offset}
    ).fetchall()


def psp_count(conn: sqlite3.Connection, *, filters: PspFilter) -> int:
    where, params = _psp_where(filters)
    sql = f"SELECT COUNT(*) FROM psp_elements WHERE {where}"  # noqa: S608 - constant fragments
    return int(conn.execute(sql, params).fetchone()[0])
