"""The ERP's posted invoices (SQL only, contract sections 8 and 12): its own posted receipts and
the postings from before them (erp.json), newest first, filtered by supplier CVR, receiving EAN
and posting date, each with its lines. A page costs a fixed number of queries whatever its size:
one for the page's rows, one per half for their lines; every filter reads an index."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from fake_systems.web.formatting import DANISH_TIME


@dataclass(frozen=True)
class PostedFilter:
    """Every filter optional: supplier CVR (8 digits), receiving EAN (13 digits), and the first
    and last posting day (Danish dates, both included)."""

    cvr: str = ""
    ean: str = ""
    since: date | None = None
    until: date | None = None


def _utc_midnight(day: date) -> str:
    """The UTC instant a Danish day begins, as receipts' posting stamps are written."""
    moment = datetime.combine(day, time(0), tzinfo=DANISH_TIME).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _where(filters: PostedFilter) -> tuple[str, str, dict[str, str]]:
    """Both halves' FROM and WHERE, and their parameters. A receipt's posting stamp is UTC, a
    history posting's a date: each half compares with bounds of its own kind. Each half names
    the index its filters want: after a bulk load SQLite's statistics see no posted receipts,
    and it would otherwise walk the inbox's status index (schema.sql)."""
    receipts, history = ["i.status = 'posted'"], ["1 = 1"]
    params: dict[str, str] = {}
    if filters.cvr:
        receipts.append("i.supplier_cvr = :cvr")
        history.append("h.supplier_cvr = :cvr")
        params["cvr"] = filters.cvr
    if filters.ean:
        receipts.append("i.receiver_gln = :ean")
        history.append("h.receiver_gln = :ean")
        params["ean"] = filters.ean
    if filters.since is not None:
        receipts.append("i.posted_at >= :since_utc")
        history.append("h.posted_at >= :since")
        params |= {"since_utc": _utc_midnight(filters.since), "since": filters.since.isoformat()}
    if filters.until is not None:
        after = filters.until + timedelta(days=1)
        receipts.append("i.posted_at < :after_utc")
        history.append("h.posted_at < :after")
        params |= {"after_utc": _utc_midnight(after), "after": after.isoformat()}
    by = "receiver" if filters.cvr else "ean" if filters.ean else "at"
    return (
        f"invoices i INDEXED BY ix_invoices_posted_{by} WHERE {' AND '.join(receipts)}",
        f"posted_history h INDEXED BY ix_posted_history_{by} WHERE {' AND '.join(history)}",
        params,
    )


def _keys_sql(filters: PostedFilter) -> tuple[str, dict[str, str]]:
    receipts, history, params = _where(filters)
    sql = (
        f"SELECT 'receipt' AS source, i.id AS id, i.posted_at AS posted_at FROM {receipts}"  # noqa: S608
        f" UNION ALL SELECT 'history', h.id, h.posted_at FROM {history}"
    )
    return sql, params


# The page's rows: first their keys from the indexes alone (OFFSET skips index entries), then
# the columns of both halves in one pass.
_ROWS = """
WITH page AS (
    SELECT source, id, posted_at FROM ({keys})
    ORDER BY posted_at DESC, id DESC, source DESC LIMIT :lim OFFSET :off
)
SELECT p.source, p.id, p.posted_at,
    CASE p.source WHEN 'receipt' THEN printf('ERP-%06d', i.id) ELSE '' END AS erp_id,
    COALESCE(i.invoice_number, h.invoice_number) AS invoice_number,
    COALESCE(i.doc_type, 'invoice') AS doc_type,
    COALESCE(i.issue_date, h.issue_date) AS issue_date,
    COALESCE(i.period_start, h.period_start) AS period_start,
    COALESCE(i.period_end, h.period_end) AS period_end,
    COALESCE(i.total, h.amount) AS total,
    COALESCE(i.supplier_cvr, h.supplier_cvr) AS supplier_cvr,
    COALESCE(i.supplier_name, h.supplier_name) AS supplier_name,
    COALESCE(i.receiver_gln, h.receiver_gln) AS receiver_gln,
    COALESCE(i.posted_by, h.posted_by, '') AS posted_by
FROM page p
LEFT JOIN invoices i ON p.source = 'receipt' AND i.id = p.id
LEFT JOIN posted_history h ON p.source = 'history' AND h.id = p.id
ORDER BY p.posted_at DESC, p.id DESC, p.source DESC
"""


@dataclass
class PostedRow:
    """One posted invoice on the screen. ``texts`` is what its lines say (item name, description
    and note: where a bill without a period names its month); ``lines`` its posting lines as
    {"text", "amount", "psp"}."""

    source: str  # receipt (the ERP's own) or history (erp.json)
    id: int
    posted_at: str
    erp_id: str
    invoice_number: str
    doc_type: str
    issue_date: str | None
    period_start: str | None
    period_end: str | None
    total: str
    supplier_cvr: str
    supplier_name: str
    receiver_gln: str
    posted_by: str
    texts: list[str] = field(default_factory=list)
    lines: list[dict[str, str]] = field(default_factory=list)

    @property
    def texts_json(self) -> str:
        return json.dumps(self.texts, ensure_ascii=False)

    @property
    def lines_json(self) -> str:
        return json.dumps(self.lines, ensure_ascii=False)


def page_sql(filters: PostedFilter, *, limit: int, offset: int) -> tuple[str, dict[str, str | int]]:
    """The page's query and its parameters (for EXPLAIN in tests, too)."""
    keys, params = _keys_sql(filters)
    return _ROWS.format(keys=keys), {**params, "lim": limit, "off": offset}


def posted_page(
    conn: sqlite3.Connection, *, filters: PostedFilter, limit: int, offset: int
) -> list[PostedRow]:
    """Newest posting first (by posting stamp, then by id within it)."""
    found = conn.execute(*page_sql(filters, limit=limit, offset=offset))
    rows = [PostedRow(**dict(row)) for row in found]
    receipts = {row.id: row for row in rows if row.source == "receipt"}
    history = {row.id: row for row in rows if row.source == "history"}
    if receipts:
        _receipt_lines(conn, receipts)
    if history:
        _history_lines(conn, history)
    return rows


def _receipt_lines(conn: sqlite3.Connection, rows: dict[int, PostedRow]) -> None:
    """Each receipt's line texts and posting lines (the posting's PSP and amount, the invoice
    line's own text); a receipt without a period gets the span of its lines' periods."""
    ids = json.dumps(list(rows))
    spans: dict[int, list[tuple[str | None, str | None]]] = defaultdict(list)
    own: dict[tuple[int, int], str] = {}
    for line in conn.execute(
        "SELECT invoice_id, line_no, item_name, item_description, note, period_start,"
        " period_end FROM invoice_lines WHERE invoice_id IN (SELECT value FROM json_each(?))"
        " ORDER BY invoice_id, line_no",
        (ids,),
    ):
        row = rows[line["invoice_id"]]
        row.texts.append(f"{line['item_name']} {line['item_description']} {line['note']}".strip())
        own[(line["invoice_id"], line["line_no"])] = " ".join(
            f"{line['item_name']} {line['item_description']}".split()
        )
        spans[line["invoice_id"]].append((line["period_start"], line["period_end"]))
    for posting in conn.execute(
        "SELECT invoice_id, line_no, psp, amount FROM postings"
        " WHERE invoice_id IN (SELECT value FROM json_each(?)) ORDER BY invoice_id, line_no, id",
        (ids,),
    ):
        text = own.get((posting["invoice_id"], posting["line_no"]), "")
        line = {"text": text, "amount": posting["amount"], "psp": posting["psp"]}
        rows[posting["invoice_id"]].lines.append(line)
    for invoice_id, row in rows.items():
        if row.period_start is None:
            row.period_start = min((s for s, _ in spans[invoice_id] if s), default=None)
        if row.period_end is None:
            row.period_end = max((e for _, e in spans[invoice_id] if e), default=None)


def _history_lines(conn: sqlite3.Connection, rows: dict[int, PostedRow]) -> None:
    for line in conn.execute(
        "SELECT history_id, text, amount, psp FROM posted_history_lines"
        " WHERE history_id IN (SELECT value FROM json_each(?)) ORDER BY history_id, line_no",
        (json.dumps(list(rows)),),
    ):
        row = rows[line["history_id"]]
        row.texts.append(line["text"])
        row.lines.append({"text": line["text"], "amount": line["amount"], "psp": line["psp"]})


def posted_count(conn: sqlite3.Connection, *, filters: PostedFilter) -> int:
    receipts, history, params = _where(filters)
    (found,) = conn.execute(
        f"SELECT (SELECT COUNT(*) FROM {receipts}) + (SELECT COUNT(*) FROM {history})",  # noqa: S608
        params,
    ).fetchone()
    return int(found)
