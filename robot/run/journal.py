"""The journal: each invoice's steps across runs, so a write is never repeated and never lost.

States of an invoice (one row per ERP receipt):
  decided   -> a decision is stored; nothing written yet
  posting   -> about to post in the ERP (intent recorded before the write)
  posted    -> the ERP shows the invoice posted; payments not yet all registered
  noting    -> about to send to manual handling
  done      -> nothing left to do (paid and registered, or noted)
The journal never holds a CPR number: decisions are stored without them.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    dry_run INTEGER NOT NULL,
    mapping_file TEXT NOT NULL,
    mapping_sha256 TEXT NOT NULL,
    exit_code INTEGER,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS invoices (
    erp_id TEXT PRIMARY KEY,
    invoice_key TEXT NOT NULL,
    state TEXT NOT NULL,
    plan TEXT NOT NULL,
    voucher TEXT,
    run_id TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_invoices_state ON invoices(state);
CREATE TABLE IF NOT EXISTS outcomes (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL,
    at TEXT NOT NULL,
    erp_id TEXT NOT NULL,
    invoice_key TEXT NOT NULL,
    supplier_cvr TEXT NOT NULL,
    outcome TEXT NOT NULL,
    code TEXT,
    grant_ids TEXT NOT NULL,
    psp TEXT NOT NULL,
    amount TEXT NOT NULL,
    note TEXT NOT NULL,
    error TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_outcomes_run ON outcomes(run_id);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class JournalEntry:
    erp_id: str
    invoice_key: str
    state: str
    plan: dict[str, Any]
    voucher: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """One invoice's result in one run: what finance reads in the report."""

    erp_id: str
    invoice_key: str
    supplier_cvr: str
    outcome: str  # paid | manual | failed | would_pay | would_note
    code: str | None
    grant_ids: str = ""
    psp: str = ""
    amount: str = ""
    note: str = ""
    error: str = ""


class Journal:
    """SQLite journal in the journal folder (owner-only); safe to share between worker threads."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        self.path = folder / "journal.sqlite3"
        self._conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        os.chmod(self.path, 0o600)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(SCHEMA)

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def start_run(self, *, run_id: str, dry_run: bool, mapping_file: str, sha256: str) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT INTO runs (run_id, started_at, dry_run, mapping_file, mapping_sha256)"
                " VALUES (?, ?, ?, ?, ?)",
                (run_id, _now(), int(dry_run), mapping_file, sha256),
            )

    def finish_run(self, *, run_id: str, exit_code: int, summary: dict[str, Any]) -> None:
        with self._tx() as c:
            c.execute(
                "UPDATE runs SET finished_at = ?, exit_code = ?, summary = ? WHERE run_id = ?",
                (_now(), exit_code, json.dumps(summary), run_id),
            )

    def entry(self, erp_id: str) -> JournalEntry | None:
        row = self._conn.execute(
            "SELECT erp_id, invoice_key, state, plan, voucher FROM invoices WHERE erp_id = ?",
            (erp_id,),
        ).fetchone()
        return _entry(row) if row else None

    def open_entries(self) -> list[JournalEntry]:
        rows = self._conn.execute(
            "SELECT erp_id, invoice_key, state, plan, voucher FROM invoices"
            " WHERE state != 'done' ORDER BY updated_at"
        ).fetchall()
        return [_entry(r) for r in rows]

    def set_state(
        self,
        *,
        erp_id: str,
        invoice_key: str,
        state: str,
        run_id: str,
        plan: dict[str, Any] | None = None,
        voucher: str | None = None,
    ) -> None:
        """Record a step. A plan, once stored, is kept unless a new one is given."""
        with self._tx() as c:
            c.execute(
                "INSERT INTO invoices (erp_id, invoice_key, state, plan, voucher, run_id,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(erp_id) DO UPDATE SET"
                " state = excluded.state, run_id = excluded.run_id,"
                " updated_at = excluded.updated_at,"
                " plan = CASE WHEN ? THEN excluded.plan ELSE invoices.plan END,"
                " voucher = COALESCE(excluded.voucher, invoices.voucher)",
                (
                    erp_id,
                    invoice_key,
                    state,
                    json.dumps(plan or {}),
                    voucher,
                    run_id,
                    _now(),
                    plan is not None,
                ),
            )

    def record_outcome(self, run_id: str, outcome: Outcome) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT INTO outcomes (run_id, at, erp_id, invoice_key, supplier_cvr, outcome,"
                " code, grant_ids, psp, amount, note, error)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    _now(),
                    outcome.erp_id,
                    outcome.invoice_key,
                    outcome.supplier_cvr,
                    outcome.outcome,
                    outcome.code,
                    outcome.grant_ids,
                    outcome.psp,
                    outcome.amount,
                    outcome.note,
                    outcome.error,
                ),
            )

    def runs(self) -> list[sqlite3.Row]:
        self._conn.row_factory = sqlite3.Row
        try:
            return self._conn.execute("SELECT * FROM runs ORDER BY started_at").fetchall()
        finally:
            self._conn.row_factory = None

    def outcomes(self, run_id: str | None = None) -> list[sqlite3.Row]:
        self._conn.row_factory = sqlite3.Row
        try:
            if run_id is None:
                return self._conn.execute("SELECT * FROM outcomes ORDER BY id").fetchall()
            return self._conn.execute(
                "SELECT * FROM outcomes WHERE run_id = ? ORDER BY id", (run_id,)
            ).fetchall()
        finally:
            self._conn.row_factory = None


def _entry(row: tuple[Any, ...]) -> JournalEntry:
    return JournalEntry(
        erp_id=row[0], invoice_key=row[1], state=row[2], plan=json.loads(row[3]), voucher=row[4]
    )
