"""The shared journal: PostgreSQL by ROBOT_JOURNAL_URL, for any number of robot processes on
any number of hosts working one inbox.

Each invoice is taken by one process at a time (`FOR UPDATE SKIP LOCKED` with a lease and a
fencing token); what a payment uses up is held by a unique claim the database enforces; the
clock is the database's, so hosts whose clocks differ still agree on when a lease ran out.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from robot.journal.model import JournalUnavailable
from robot.journal.schema import SCHEMA_VERSION, Dialect, create, upgrade
from robot.journal.sql import SqlJournal, Tx
from robot.journal.url import JournalTarget, journal_target

T = TypeVar("T")
MIGRATION_LOCK = 772_911_046  # pg_advisory_xact_lock key: one migration at a time

# Every connection's limits, so that a stranger frozen inside a transaction, or a host cut off
# mid-transaction, costs the others seconds, not hours: a wait for a lock gives up after
# LOCK_TIMEOUT (and is tried again); the server ends a session idle inside a transaction after
# IDLE_IN_TRANSACTION (its locks go with it); keepalives notice a silent peer within ~30 s.
LOCK_TIMEOUT = "5s"
IDLE_IN_TRANSACTION = "20s"
STATEMENT_TIMEOUT = "60s"
CONNECTION_LIMITS: dict[str, Any] = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
    "options": (
        f"-c lock_timeout={LOCK_TIMEOUT}"
        f" -c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION}"
        f" -c statement_timeout={STATEMENT_TIMEOUT}"
    ),
}
# Errors after which the same step is tried again on a fresh connection: the server ended a
# session, a lock was not granted in time, two writers deadlocked, the connection broke.
_TRANSIENT: tuple[type[BaseException], ...] = (
    psycopg.OperationalError,
    psycopg.errors.LockNotAvailable,
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
    psycopg.errors.IdleInTransactionSessionTimeout,
    PoolTimeout,
)
RETRY_BUDGET_S = 30.0
CONNECTION_WAIT_S = 10.0  # for a connection from the pool, each try


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
    _LOCK_ROW = " FOR UPDATE"

    def __init__(self, target: JournalTarget | str, *, pool_size: int = 4) -> None:
        self._target = target if isinstance(target, JournalTarget) else journal_target(target)
        self._gone = False  # a step ran out of its retry budget, and none has worked since
        self.where = self._target.shown
        url = self._target.url
        # One plain connection first: its error says why (refused, password, TLS), where a
        # pool that cannot fill itself only says it timed out.
        psycopg.connect(url, **CONNECTION_LIMITS).close()
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            kwargs=CONNECTION_LIMITS,
            check=ConnectionPool.check_connection,
            reconnect_timeout=RETRY_BUDGET_S,
        )
        self._pool.open(wait=True, timeout=15)
        try:
            self._retrying(self._migrate)
        except BaseException:
            self._pool.close()
            raise

    def _migrate(self) -> None:
        """Bring the database to the current schema. A current one is only read: no DDL and no
        lock, so a host frozen inside a transaction cannot hold up another's start."""
        with self._pool.connection() as conn, conn.transaction():
            version = _version(conn)
        if version == SCHEMA_VERSION:
            return
        if version is not None and version > SCHEMA_VERSION:
            raise JournalUnavailable(
                f"the journal {self.where} is of a newer robot (schema {version});"
                " upgrade this robot"
            )
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            version = _version(conn)  # another host may have migrated meanwhile
            if version is None:
                steps = create(Dialect.POSTGRES)
            elif version < SCHEMA_VERSION:
                steps = upgrade(Dialect.POSTGRES, from_version=version)
            else:
                steps = []
            for statement in steps:
                conn.execute(statement)

    def close(self) -> None:
        self._pool.close()

    def log_key(self) -> bytes:
        def read() -> bytes:
            with self._tx() as tx:
                tx.run(
                    "INSERT INTO settings (name, value) VALUES ('log_key', ?)"
                    " ON CONFLICT (name) DO NOTHING",
                    (secrets.token_hex(32),),
                )
                (value,) = tx.run("SELECT value FROM settings WHERE name = 'log_key'").fetchone()
            return bytes.fromhex(value)

        return self._retrying(read)

    def _connection_wait_s(self) -> float:
        """How long to wait for a pooled connection: a journal found gone is not waited for."""
        return 1.0 if self._gone else CONNECTION_WAIT_S

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        with self._pool.connection(timeout=self._connection_wait_s()) as conn, conn.transaction():
            tx = _PgTx(conn)
            yield tx
            if tx.aborted:
                raise psycopg.Rollback()

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        with self._pool.connection(timeout=self._connection_wait_s()) as conn, conn.transaction():
            yield _PgTx(conn)

    def _clock(self, tx: Tx) -> float:
        (now,) = tx.run("SELECT EXTRACT(EPOCH FROM clock_timestamp())::float8").fetchone()
        return float(now)

    def _attempt(self, step: Callable[[], T]) -> T:
        return self._retrying(step)

    def _retrying(self, step: Callable[[], T]) -> T:
        """The step, tried again on a fresh connection after a transient error (a lock not
        granted in time, a session the server ended, a broken connection) within
        RETRY_BUDGET_S; then JournalUnavailable, which names the journal and says why. Once
        the journal has been found gone, every step is tried once until one succeeds: a run
        that has lost its journal stops in seconds, not a budget per step."""
        budget = 0.0 if self._gone else RETRY_BUDGET_S
        deadline = time.monotonic() + budget
        pause = 0.2
        while True:
            try:
                found = step()
            except _TRANSIENT as error:
                if time.monotonic() + pause > deadline:
                    self._gone = True
                    detail = self._target.scrub(" ".join(str(error).split()))[:200]
                    raise JournalUnavailable(
                        f"the shared journal {self.where} cannot be reached: "
                        f"{detail or type(error).__name__}"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 3.0)
            else:
                self._gone = False
                return found


def _version(conn: psycopg.Connection[Any]) -> int | None:
    """The schema version; None for an empty database. The table is looked up in the catalog
    with a query, not with to_regclass: to_regclass answers from the session's catalog cache,
    which after waiting for another host's migration still says the table is missing."""
    found = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables"
        " WHERE tablename = 'schema_version' AND schemaname = current_schema())"
    ).fetchone()
    if not found or not found[0]:
        return None
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else None
