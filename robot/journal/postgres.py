"""The shared journal: PostgreSQL by ROBOT_JOURNAL_URL, for any number of robot processes on
any number of hosts working one inbox.

Each invoice is taken by one process at a time (`FOR UPDATE SKIP LOCKED` with a lease and a
fencing token); what a payment uses up is held by a unique claim the database enforces; the
clock is the database's, so hosts whose clocks differ still agree on when a lease ran out.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from robot.journal.model import JournalUnavailable
from robot.journal.opening import shown_url
from robot.journal.sql import SCHEMA_VERSION, SqlJournal, Tx

_MIGRATION_LOCK = 772_911_046  # pg_advisory_xact_lock key: one migration at a time

_SCHEMA_V2 = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
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
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
CREATE INDEX IF NOT EXISTS ix_outcomes_run ON outcomes(run_id);
CREATE INDEX IF NOT EXISTS ix_outcomes_erp ON outcomes(erp_id);
CREATE TABLE IF NOT EXISTS work (
    erp_id TEXT PRIMARY KEY,
    priority INTEGER NOT NULL DEFAULT 1,
    owner TEXT,
    lease_until DOUBLE PRECISION NOT NULL DEFAULT 0,
    token BIGINT NOT NULL DEFAULT 0,
    done_at DOUBLE PRECISION,
    not_before DOUBLE PRECISION NOT NULL DEFAULT 0,
    queued_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_work_open ON work(priority, queued_at) WHERE done_at IS NULL;
CREATE TABLE IF NOT EXISTS claims (
    resource TEXT NOT NULL,
    unit TEXT NOT NULL,
    erp_id TEXT NOT NULL,
    invoice_key TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (resource, unit)
);
CREATE INDEX IF NOT EXISTS ix_claims_erp ON claims(erp_id);
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)
"""


class _PgTx(Tx):
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn
        self.aborted = False

    def run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(_pg(sql), tuple(params))

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self._conn.cursor() as cursor:
                cursor.executemany(_pg(sql), [tuple(r) for r in rows])

    def abort(self) -> None:
        self.aborted = True


def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


class PostgresJournal(SqlJournal):
    """The journal in a PostgreSQL database; schema created and migrated on first use."""

    _LOCK_TAKEN = " FOR UPDATE SKIP LOCKED"

    def __init__(self, url: str, *, pool_size: int = 4) -> None:
        self.where = shown_url(url)
        # One plain connection first: its error says why (refused, password, TLS), where a
        # pool that cannot fill itself only says it timed out.
        psycopg.connect(url, connect_timeout=10).close()
        self._pool = ConnectionPool(
            url, min_size=1, max_size=pool_size, open=False, kwargs={"connect_timeout": 10}
        )
        self._pool.open(wait=True, timeout=15)
        try:
            self._migrate()
        except BaseException:
            self._pool.close()
            raise

    def _migrate(self) -> None:
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            for statement in (s.strip() for s in _SCHEMA_V2.split(";")):
                if statement:
                    conn.execute(statement)
            row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            version = row[0] if row else None
            if version is None:
                conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (SCHEMA_VERSION,))
            elif version > SCHEMA_VERSION:
                raise JournalUnavailable(
                    f"the journal {self.where} is of a newer robot (schema {version});"
                    " upgrade this robot"
                )

    def close(self) -> None:
        self._pool.close()

    def log_key(self) -> bytes:
        with self._tx() as tx:
            tx.run(
                "INSERT INTO settings (name, value) VALUES ('log_key', ?)"
                " ON CONFLICT (name) DO NOTHING",
                (secrets.token_hex(32),),
            )
            (value,) = tx.run("SELECT value FROM settings WHERE name = 'log_key'").fetchone()
        return bytes.fromhex(value)

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        with self._pool.connection() as conn, conn.transaction():
            tx = _PgTx(conn)
            yield tx
            if tx.aborted:
                raise psycopg.Rollback()

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        with self._pool.connection() as conn, conn.transaction():
            yield _PgTx(conn)

    def _clock(self, tx: Tx) -> float:
        (now,) = tx.run("SELECT EXTRACT(EPOCH FROM clock_timestamp())::float8").fetchone()
        return float(now)
