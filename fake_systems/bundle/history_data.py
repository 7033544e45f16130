"""The ERP's history of earlier postings from erp.json (contract sections 8 and 12): each posted
invoice with its lines, written into the ERP's database by `fake-systems load`."""

from __future__ import annotations

import sqlite3
from datetime import date

from fake_systems.bundle.models import PostedInvoice


def load_history(conn: sqlite3.Connection, history: list[PostedInvoice]) -> None:
    """The earlier postings with their lines; ids are given here so the lines can name them."""
    conn.executemany(
        "INSERT INTO posted_history (id, supplier_cvr, invoice_number, amount, posted_at,"
        " receiver_gln, period_start, period_end, supplier_name, issue_date, posted_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                n,
                p.supplier_cvr.upper().removeprefix("DK"),
                p.invoice_number,
                f"{p.amount:.2f}",
                p.posted_at,
                "".join(p.receiver_gln.split()),
                _iso(p.period_start),
                _iso(p.period_end),
                p.supplier_name,
                _iso(p.issue_date),
                p.posted_by,
            )
            for n, p in enumerate(history, start=1)
        ],
    )
    conn.executemany(
        "INSERT INTO posted_history_lines (history_id, line_no, text, amount, psp)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (n, line_no, line.text, f"{line.amount:.2f}", line.psp)
            for n, p in enumerate(history, start=1)
            for line_no, line in enumerate(p.lines, start=1)
        ],
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
