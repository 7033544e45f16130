"""`robot journal migrate`: a local SQLite journal copied into an empty shared PostgreSQL one, in
one transaction on the target, invoices in flight included (their stored plans and steps,
leases and fencing tokens, claims, due dates, the runs' budgets), with the installation's log
key, so that every robot then resumes from PostgreSQL exactly as it would have from SQLite and
a citizen keeps the same `cpr#` tag. The copy is checked (rows and a checksum per table) before
it is committed.

The caller holds the run lock: no robot on this machine writes the local journal meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg

from robot.journal.model import JournalUnavailable
from robot.journal.postgres import CONNECTION_LIMITS, PostgresJournal
from robot.journal.sqlite import FILE_NAME, SqliteJournal
from robot.journal.url import JournalTarget

# Every table with a journal's data, and the columns that order its rows.
TABLES: dict[str, tuple[str, ...]] = {
    "runs": ("run_id",),
    "invoices": ("erp_id",),
    "outcomes": ("id",),
    "work": ("erp_id",),
    "claims": ("resource", "unit"),
    "run_taken": ("run_id", "erp_id"),
    "settings": ("name",),
}
LOG_KEY = "log_key"  # the settings row PostgresJournal.log_key() reads
KEY_FILE = "log-key"  # robot.privacy.load_or_create_key's file in the journal folder


class NoLocalJournal(Exception):
    """There is no local journal to copy."""


class TargetNotEmpty(Exception):
    """The shared journal already holds a journal's data (and not this very copy)."""


class CopyMismatch(Exception):
    """The copy read back differs from the local journal: nothing was committed."""


@dataclass(frozen=True, slots=True)
class TableCopy:
    table: str
    rows: int
    checksum: str


@dataclass(frozen=True, slots=True)
class Migration:
    tables: list[TableCopy]
    already_there: bool  # the target held this very copy already: nothing was written
    key_copied: bool


Rows = list[list[Any]]


def migrate(folder: Path, target: JournalTarget) -> Migration:
    """Copy the SQLite journal in `folder` into the (empty) PostgreSQL journal at `target`."""
    if not (folder / FILE_NAME).exists():
        raise NoLocalJournal(f"no local journal in {folder} ({FILE_NAME}): nothing to copy")
    SqliteJournal(folder).close()  # brought up to this robot's schema first
    _prepare_target(target)  # and the target too (its tables created when it is empty)
    columns, source = _local(folder)
    key = _key(folder)
    if key is not None:  # the installation's key: PostgreSQL keeps it in `settings`
        source["settings"] = sorted(
            [*(r for r in source["settings"] if r[0] != LOG_KEY), [LOG_KEY, key.hex()]]
        )
    wanted = _summary(source)
    try:
        with psycopg.connect(target.url, **CONNECTION_LIMITS) as conn, conn.transaction():
            conn.execute("SET LOCAL statement_timeout = 0")
            conn.execute(f"LOCK TABLE {', '.join(TABLES)} IN EXCLUSIVE MODE")
            if _holds_data(conn):
                there = _summary(_read(conn, columns))
                if there == wanted:
                    return Migration(wanted, already_there=True, key_copied=key is not None)
                raise TargetNotEmpty(_what_is_there(there))
            conn.execute("DELETE FROM settings")  # at most a log key that no run has used
            for table in TABLES:
                _copy(conn, table, columns[table], source[table])
            _restart_ids(conn)
            found = _summary(_read(conn, columns))
            if found != wanted:
                raise CopyMismatch(_difference(wanted, found))
    except psycopg.Error as error:
        raise _unavailable(target, error, "cannot be written") from None
    return Migration(wanted, already_there=False, key_copied=key is not None)


def _prepare_target(target: JournalTarget) -> None:
    try:
        PostgresJournal(target, pool_size=1).close()
    except JournalUnavailable:
        raise
    except Exception as error:
        raise _unavailable(target, error, "cannot be used") from None


def _unavailable(target: JournalTarget, error: Exception, what: str) -> JournalUnavailable:
    detail = target.scrub(" ".join(str(error).split()))[:200]
    return JournalUnavailable(f"the shared journal {target.shown} {what}: {detail}")


def _local(folder: Path) -> tuple[dict[str, list[str]], dict[str, Rows]]:
    """The local journal's columns and rows, per table, read only."""
    conn = sqlite3.connect(f"file:{folder / FILE_NAME}?mode=ro", uri=True)
    try:
        columns = {t: [row[1] for row in conn.execute(f"PRAGMA table_info({t})")] for t in TABLES}
        return columns, {t: _rows(conn, t, columns[t]) for t in TABLES}
    finally:
        conn.close()


def _rows(conn: Any, table: str, columns: Sequence[str]) -> Rows:
    order = ", ".join(TABLES[table])
    select = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"  # noqa: S608
    return [list(row) for row in conn.execute(select).fetchall()]


def _read(conn: psycopg.Connection[Any], columns: dict[str, list[str]]) -> dict[str, Rows]:
    """The target's rows, with the local journal's columns in its order."""
    return {t: _rows(conn, t, columns[t]) for t in TABLES}


def _summary(rows: dict[str, Rows]) -> list[TableCopy]:
    return [TableCopy(t, len(rows[t]), checksum(rows[t])) for t in TABLES]


def _key(folder: Path) -> bytes | None:
    path = folder / KEY_FILE
    return path.read_bytes() if path.exists() else None


def _holds_data(conn: psycopg.Connection[Any]) -> bool:
    """Anything in the target but a log key (made by a `robot report` that checked the way)."""
    for table in TABLES:
        if table != "settings":
            row = conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()  # noqa: S608
            if row is not None:
                return True
    return False


def _copy(conn: psycopg.Connection[Any], table: str, columns: list[str], rows: Rows) -> None:
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _restart_ids(conn: psycopg.Connection[Any]) -> None:
    """New outcomes are numbered after the copied ones (their order is the journal's order)."""
    conn.execute(
        "SELECT setval(pg_get_serial_sequence('outcomes', 'id'),"
        " COALESCE((SELECT MAX(id) FROM outcomes), 0) + 1, false)"
    )


def checksum(rows: Iterable[Sequence[Any]]) -> str:
    """A SHA-256 over the rows, each value written the same way whichever database it came from
    (SQLite and PostgreSQL hand back numbers of different types)."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps([_canonical(v) for v in row]).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | Decimal):
        return str(Decimal(repr(value) if isinstance(value, float) else value).normalize())
    return value


def _what_is_there(there: list[TableCopy]) -> str:
    held = ", ".join(f"{c.rows} {c.table}" for c in there if c.rows and c.table != "settings")
    return f"the shared journal already holds a journal ({held}), not this one"


def _difference(wanted: list[TableCopy], found: list[TableCopy]) -> str:
    wrong = [
        f"{w.table}: {w.rows} rows here, {f.rows} there"
        for w, f in zip(wanted, found, strict=True)
        if w != f
    ]
    return "the copy read back differs from the local journal (" + "; ".join(wrong) + ")"
