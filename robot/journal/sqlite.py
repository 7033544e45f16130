"""The embedded journal: SQLite in the journal folder (owner-only), shared by the processes
of one host through SQLite's own locking (BEGIN IMMEDIATE serialises every writer)."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from robot.journal.model import JournalUnavailable
from robot.journal.schema import (
    SCHEMA_VERSION,
    SQLITE_V1_COLUMNS,
    Dialect,
    create,
    statements,
    upgrade,
)
from robot.journal.sql import SqlJournal, Tx
from robot.privacy import load_or_create_key

FILE_NAME = "journal.sqlite3"
T = TypeVar("T")


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
        """Bring the file to the current schema; nothing is locked when it is current."""
        if self._version() == SCHEMA_VERSION:
            return
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = self._version()
            if version is None:
                for statement in create(Dialect.SQLITE):
                    conn.execute(statement)
            elif version > SCHEMA_VERSION:
                raise JournalUnavailable(
                    f"the journal {self.path} is of a newer robot (schema {version});"
                    " upgrade this robot"
                )
            elif version < SCHEMA_VERSION:
                if version == 0:  # a version-1 journal from before the version table
                    for statement in statements(SQLITE_V1_COLUMNS, Dialect.SQLITE):
                        conn.execute(statement)
                    version = 1
                for statement in upgrade(Dialect.SQLITE, from_version=version):
                    conn.execute(statement)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _version(self) -> int | None:
        """The schema version; 0 for a version-1 journal, None for an empty file."""
        tables = {row[0] for row in self._conn.execute("SELECT name FROM sqlite_master")}
        if "runs" not in tables:
            return None
        if "schema_version" not in tables:
            return 0
        (version,) = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(version)

    def close(self) -> None:
        self._conn.close()

    def _attempt(self, step: Callable[[], T]) -> T:
        try:
            return step()
        except sqlite3.OperationalError as error:  # locked past the busy timeout, disk, ...
            raise JournalUnavailable(f"the journal {self.path} cannot be used: {error}") from None

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
