"""The embedded journal: SQLite in the journal folder (owner-only), shared by the processes
of one host through SQLite's own locking (BEGIN IMMEDIATE serialises every writer)."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from robot.journal.model import JournalUnavailable
from robot.journal.sql import SCHEMA_VERSION, SqlJournal, Tx
from robot.privacy import load_or_create_key

FILE_NAME = "journal.sqlite3"

_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    host TEXT NOT NULL DEFAULT '',
    dry_run INTEGER NOT NULL,
    mapping_file TEXT NOT NULL,
    mapping_sha256 TEXT NOT NULL,
    exit_code INTEGER,
    summary TEXT
);
CREATE TABLE invoices (
    erp_id TEXT PRIMARY KEY,
    invoice_key TEXT NOT NULL,
    state TEXT NOT NULL,
    plan TEXT NOT NULL,
    voucher TEXT,
    run_id TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_invoices_state ON invoices(state);
CREATE TABLE outcomes (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL,
    at TEXT NOT NULL,
    erp_id TEXT NOT NULL,
    invoice_key TEXT NOT NULL,
    supplier_cvr TEXT NOT NULL,
    supplier_name TEXT NOT NULL DEFAULT '',
    route TEXT,
    outcome TEXT NOT NULL,
    code TEXT,
    refs TEXT NOT NULL,
    psp TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT 'DKK',
    doc_type TEXT NOT NULL DEFAULT 'invoice',
    period_start TEXT,
    period_end TEXT,
    voucher TEXT NOT NULL DEFAULT '',
    came_back INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL,
    error TEXT NOT NULL
);
CREATE INDEX ix_outcomes_run ON outcomes(run_id);
"""
# What version 2 added to a version-1 journal (the robot before claims and leases).
_V2 = """
CREATE TABLE IF NOT EXISTS work (
    erp_id TEXT PRIMARY KEY,
    priority INTEGER NOT NULL DEFAULT 1,
    owner TEXT,
    lease_until REAL NOT NULL DEFAULT 0,
    token INTEGER NOT NULL DEFAULT 0,
    done_at REAL,
    not_before REAL NOT NULL DEFAULT 0,
    queued_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_work_open ON work(done_at, priority, queued_at);
CREATE TABLE IF NOT EXISTS claims (
    resource TEXT NOT NULL,
    unit TEXT NOT NULL,
    erp_id TEXT NOT NULL,
    invoice_key TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (resource, unit)
);
CREATE INDEX IF NOT EXISTS ix_claims_erp ON claims(erp_id);
CREATE INDEX IF NOT EXISTS ix_outcomes_erp ON outcomes(erp_id);
"""
_V1_TO_V2 = """
ALTER TABLE runs ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE outcomes RENAME COLUMN grant_ids TO refs;
ALTER TABLE outcomes ADD COLUMN supplier_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outcomes ADD COLUMN route TEXT;
ALTER TABLE outcomes ADD COLUMN currency TEXT NOT NULL DEFAULT 'DKK';
ALTER TABLE outcomes ADD COLUMN doc_type TEXT NOT NULL DEFAULT 'invoice';
ALTER TABLE outcomes ADD COLUMN period_start TEXT;
ALTER TABLE outcomes ADD COLUMN period_end TEXT;
ALTER TABLE outcomes ADD COLUMN voucher TEXT NOT NULL DEFAULT '';
ALTER TABLE outcomes ADD COLUMN came_back INTEGER NOT NULL DEFAULT 0;
CREATE TABLE schema_version (version INTEGER NOT NULL);
"""


class _SqliteTx(Tx):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.aborted = False

    def run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(sql, tuple(params))

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._conn.executemany(sql, [tuple(r) for r in rows])

    def abort(self) -> None:
        self.aborted = True


class SqliteJournal(SqlJournal):
    """SQLite in `folder` (owner-only); safe for a run's workers and a host's processes."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        self.folder = folder
        self.path = folder / FILE_NAME
        self.where = str(self.path)
        self._conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=60
        )
        os.chmod(self.path, 0o600)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA busy_timeout=60000")
        self._migrate()

    def _migrate(self) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "runs" not in tables:
                for statement in _statements(_SCHEMA):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version) VALUES (1)")
            elif "schema_version" not in tables:  # a version-1 journal
                for statement in _statements(_V1_TO_V2):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version) VALUES (1)")
            (version,) = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            if version < 2:
                for statement in _statements(_V2):
                    conn.execute(statement)
                conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
            elif version > SCHEMA_VERSION:
                raise JournalUnavailable(
                    f"the journal {self.path} is of a newer robot (schema {version});"
                    " upgrade this robot"
                )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def log_key(self) -> bytes:
        return load_or_create_key(self.folder)

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        self._conn.execute("BEGIN IMMEDIATE")
        tx = _SqliteTx(self._conn)
        try:
            yield tx
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("ROLLBACK" if tx.aborted else "COMMIT")

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        self._conn.execute("BEGIN")
        try:
            yield _SqliteTx(self._conn)
        finally:
            self._conn.execute("COMMIT")

    def _clock(self, tx: Tx) -> float:
        return time.time()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
