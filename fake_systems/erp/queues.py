"""The ERP's queue and journal queries (SQL only): manual handling (searchable, filtered) and
postings, paginated; every filter has an index, so each page stays fast at 100,000 invoices."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fake_systems.erp.store import BY_DUE_DATE, DUE_IN, status_count
from fake_systems.web.formatting import DANISH_TIME

# Each page's fifty rows are chosen first and only they are joined: with OFFSET over the join,
# every skipped row was joined too (the last manual page of 38,000 took ~90 ms that way, the last
# journal page of 73,000 posting lines ~45 ms).
_LATEST_NOTE = "n.id = (SELECT MAX(id) FROM notes WHERE invoice_id = i.id)"
QUEUE_STATUSES = ("manual", "rejected")
NO_ASSIGNEE = "ingen"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ManualFilter:
    """What the queue is narrowed to; empty fields do not narrow it. `assignee` is a user name
    or NO_ASSIGNEE; `erp_id` None with `erp_id_given` means an id that names no invoice."""

    status: str = "manual"
    code: str = ""
    supplier: str = ""
    cvr: str = ""
    number: str = ""
    grant: str = ""
    erp_id: int | None = None
    erp_id_given: bool = False
    assignee: str = ""
    older_than_days: int | None = None


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _manual_where(f: ManualFilter, *, now: datetime) -> tuple[str, dict[str, Any]]:
    # The status is written out, not bound: SQLite uses a partial index (WHERE status =
    # 'manual') only when it can see the query asks for that status.
    status = f.status if f.status in QUEUE_STATUSES else "manual"
    clauses: list[str] = [f"i.status = '{status}'"]  # one of two constants
    params: dict[str, Any] = {}
    if f.code:
        clauses.append("i.note_code = :code")  # the latest coded note's code (schema.sql)
        params["code"] = f.code
    if f.cvr:
        clauses.append("i.supplier_cvr = :cvr")
        params["cvr"] = f.cvr
    if f.number:
        clauses.append("i.invoice_number = :number")
        params["number"] = f.number
    if f.erp_id_given:
        clauses.append("i.id = :erp_id")
        params["erp_id"] = f.erp_id if f.erp_id is not None else -1
    if f.supplier:
        # Every word of the name, each as the start of a word (full-text index, schema.sql).
        words = _words(f.supplier)
        clauses.append(
            "i.supplier_name IN (SELECT name FROM supplier_names WHERE id IN"
            " (SELECT rowid FROM supplier_search WHERE supplier_search MATCH :supplier))"
        )
        params["supplier"] = " AND ".join(f'"{w}"*' for w in words) or '""'
    if f.grant:
        # The grant id as a phrase (B-1043 is the words B and 1043, side by side) in a note or
        # the remark.
        clauses.append(
            "i.id IN (SELECT invoice_id FROM text_search WHERE text_search MATCH :grant)"
        )
        params["grant"] = f'"{" ".join(_words(f.grant))}"'
    if f.assignee == NO_ASSIGNEE:
        clauses.append("i.assignee IS NULL")
    elif f.assignee:
        clauses.append("i.assignee = :assignee")
        params["assignee"] = f.assignee
    if f.older_than_days is not None:
        clauses.append("i.manual_since < :since")
        before = now - timedelta(days=f.older_than_days)
        params["since"] = before.strftime("%Y-%m-%dT%H:%M:%SZ")
    return " AND ".join(clauses), params


def _order(filters: ManualFilter) -> str:
    """The earliest due date first, then by id (each filter's index has that order)."""
    if filters.supplier:
        # Sorting the few matches beats walking the whole queue in order to find them: the
        # unary plus keeps SQLite from reading the status index for its order.
        return "+i.due_date, +i.id"
    return BY_DUE_DATE


def manual_page(
    conn: sqlite3.Connection, *, filters: ManualFilter, limit: int, offset: int, now: datetime
) -> list[sqlite3.Row]:
    """Invoices in manual handling (or rejected) with their latest note, in _order; `due_in`
    counts the days to the due date from today in Denmark (negative: overdue)."""
    where, params = _manual_where(filters, now=now)
    order = _order(filters)
    today = now.astimezone(DANISH_TIME).date().isoformat()
    return conn.execute(
        "SELECT printf('ERP-%06d', i.id) AS erp_id, i.supplier_name, i.supplier_cvr,"  # noqa: S608
        " i.invoice_number, i.doc_type, i.issue_date, i.total, i.note_code, i.assignee,"
        f" i.manual_since, i.due_date, {DUE_IN},"
        " n.text AS note_text, n.author AS note_author, n.at AS note_at"
        f" FROM invoices i LEFT JOIN notes n ON {_LATEST_NOTE}"
        f" WHERE i.id IN (SELECT i.id FROM invoices i WHERE {where}"
        f" ORDER BY {order} LIMIT :lim OFFSET :off) ORDER BY {BY_DUE_DATE}",
        {**params, "lim": limit, "off": offset, "today": today},
    ).fetchall()


def manual_count(conn: sqlite3.Connection, *, filters: ManualFilter, now: datetime) -> int:
    if filters == ManualFilter(status=filters.status):
        return status_count(conn, status=filters.status)
    where, params = _manual_where(filters, now=now)
    sql = f"SELECT COUNT(*) FROM invoices i WHERE {where}"  # noqa: S608 - constant fragments
    return int(conn.execute(sql, params).fetchone()[0])


def days_waiting(manual_since: str | None, *, now: datetime) -> int | None:
    """Whole days since the invoice was sent to manual handling."""
    if not manual_since:
        return None
    since = datetime.fromisoformat(manual_since.replace("Z", "+00:00"))
    return max(0, (now - since.astimezone(UTC)).days)


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


def people(conn: sqlite3.Connection) -> list[str]:
    """The users who may take a task, for the queue's assignee filter."""
    rows = conn.execute("SELECT username FROM users WHERE role != 'robot' ORDER BY username")
    return [row[0] for row in rows]


@dataclass(frozen=True)
class JournalFilter:
    """What the posting journal is narrowed to (each an exact value); empty fields do not."""

    number: str = ""
    cvr: str = ""
    psp: str = ""
    voucher: str = ""
    user: str = ""


# Each journal search field, by the JournalFilter field that fills it.
_ON_INVOICE = {"number": "invoice_number = :number", "cvr": "supplier_cvr = :cvr"}
_ON_POSTING = {
    "psp": "p.psp = :psp",
    "voucher": "p.voucher = :voucher",
    "user": "p.posted_by = :user",
}


def _journal_where(f: JournalFilter) -> tuple[str, dict[str, str]]:
    """Each given field narrows the journal: the invoice's number and supplier CVR (read from
    its key index), the posting's PSP element, voucher and user (each from its own index)."""
    params = {name: value for name, value in dataclasses.asdict(f).items() if value}
    clauses = [clause for name, clause in _ON_POSTING.items() if name in params]
    if on_invoice := [clause for name, clause in _ON_INVOICE.items() if name in params]:
        found = " AND ".join(on_invoice)
        clauses.append(f"p.invoice_id IN (SELECT id FROM invoices WHERE {found})")  # noqa: S608
    return " AND ".join(clauses) or "1 = 1", params


def journal_page(
    conn: sqlite3.Connection, *, filters: JournalFilter, limit: int, offset: int
) -> list[sqlite3.Row]:
    """Posting lines, newest first."""
    where, params = _journal_where(filters)
    # The postings first: with the statistics of a fresh load (no postings yet) SQLite would
    # otherwise walk every invoice to find them.
    return conn.execute(
        "SELECT p.voucher, printf('ERP-%06d', p.invoice_id) AS erp_id, p.line_no, p.psp,"  # noqa: S608
        " p.amount, p.text, p.posted_by, p.posted_at, i.supplier_name, i.supplier_cvr,"
        f" i.invoice_number FROM (SELECT * FROM postings p WHERE {where}"
        " ORDER BY p.id DESC LIMIT :lim OFFSET :off) p"
        " JOIN invoices i ON i.id = p.invoice_id ORDER BY p.id DESC",
        {**params, "lim": limit, "off": offset},
    ).fetchall()


def journal_count(conn: sqlite3.Connection, *, filters: JournalFilter) -> int:
    where, params = _journal_where(filters)
    sql = f"SELECT COUNT(*) FROM postings p WHERE {where}"  # noqa: S608 - constant fragments
    return int(conn.execute(sql, params).fetchone()[0])
