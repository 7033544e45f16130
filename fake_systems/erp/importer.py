"""Putting OIOUBL documents into the ERP inbox: one at a time (upload page) or in bulk (load)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from fake_systems.erp.ids import format_erp_id
from fake_systems.oioubl import OioublError, ParsedDocument, check_size, parse, payment_due
from fake_systems.web.audit import write_audit
from fake_systems.web.formatting import DANISH_TIME


@dataclass(frozen=True, slots=True)
class ImportResult:
    filename: str
    ok: bool
    erp_id: str | None = None
    reason: str | None = None


_INVOICE_SQL = (
    "INSERT INTO invoices (doc_type, type_code, supplier_cvr, supplier_endpoint, supplier_name,"
    " invoice_number, issue_date, period_start, period_end, currency, total, buyer_reference,"
    " receiver_gln, source_file, received_at, search_text, due_date)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_LINE_SQL = (
    "INSERT INTO invoice_lines (invoice_id, line_no, line_id, note, item_name, item_description,"
    " quantity, unit_code, amount, period_start, period_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?)"
)


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def _money(value: object) -> str:
    return f"{value:.2f}"


def _search_text(doc: ParsedDocument) -> str:
    """Name, number and reference; a trigger appends each line's texts (schema.sql)."""
    parts = [doc.supplier_name, doc.invoice_number, doc.buyer_reference]
    return " ".join(p for p in parts if p) or " "


def _received_on(at: str) -> date:
    """The Danish calendar day of a receipt stamped in UTC (`at`)."""
    return datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(DANISH_TIME).date()


def _insert(conn: sqlite3.Connection, doc: ParsedDocument, *, filename: str, at: str) -> int:
    cursor = conn.execute(
        _INVOICE_SQL,
        (
            doc.doc_type,
            doc.type_code,
            doc.supplier_cvr,
            doc.supplier_endpoint,
            doc.supplier_name,
            doc.invoice_number,
            _iso(doc.issue_date),
            _iso(doc.period_start),
            _iso(doc.period_end),
            doc.currency,
            _money(doc.total),
            doc.buyer_reference,
            doc.receiver_gln,
            filename,
            at,
            _search_text(doc),
            payment_due(doc, received=_received_on(at)).isoformat(),
        ),
    )
    invoice_id = int(cursor.lastrowid or 0)
    conn.executemany(
        _LINE_SQL,
        [
            (
                invoice_id,
                n,
                line.line_id,
                line.note,
                line.item_name,
                line.item_description,
                line.quantity,
                line.unit_code,
                _money(line.amount),
                _iso(line.period_start),
                _iso(line.period_end),
            )
            for n, line in enumerate(doc.lines, start=1)
        ],
    )
    return invoice_id


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def import_document(
    conn: sqlite3.Connection, *, filename: str, data: bytes, received_by: str
) -> ImportResult:
    """Parse and store one document in its own transaction; a refusal says why."""
    try:
        doc = parse(data)
    except OioublError as error:
        return ImportResult(filename, ok=False, reason=str(error))
    conn.execute("BEGIN IMMEDIATE")
    try:
        invoice_id = _insert(conn, doc, filename=filename, at=_now())
        erp_id = format_erp_id(invoice_id)
        write_audit(
            conn,
            username=received_by,
            action="import",
            object_=erp_id,
            detail=f"{filename}: {doc.doc_type} {doc.supplier_cvr}/{doc.invoice_number}",
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return ImportResult(filename, ok=True, erp_id=erp_id)


def _parse_file(path: Path) -> tuple[str, ParsedDocument | str]:
    try:
        check_size(path.stat().st_size)  # before reading: a 5 GB file must not fill the memory
        data = path.read_bytes()
        return path.name, parse(data)
    except OioublError as error:
        return path.name, str(error)
    except OSError as error:
        return path.name, f"cannot be read ({error.strerror})"


def parse_files(
    paths: list[Path], *, workers: int = 2
) -> Iterator[tuple[str, ParsedDocument | str]]:
    """Parse many files across processes, in file order; a refusal comes back as its reason."""
    if len(paths) < 200 or workers < 2:
        yield from map(_parse_file, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_parse_file, paths, chunksize=256)


def import_parsed(
    conn: sqlite3.Connection, parsed: Iterable[tuple[str, ParsedDocument | str]], *, by: str
) -> list[ImportResult]:
    """Store already parsed documents in one transaction (the bulk path of `load`)."""
    results: list[ImportResult] = []
    at = _now()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for filename, doc in parsed:
            if isinstance(doc, str):
                results.append(ImportResult(filename, ok=False, reason=doc))
                continue
            erp_id = format_erp_id(_insert(conn, doc, filename=filename, at=at))
            results.append(ImportResult(filename, ok=True, erp_id=erp_id))
        write_audit(
            conn,
            username=by,
            action="import",
            detail=f"{sum(r.ok for r in results)} documents loaded from a bundle",
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return results
