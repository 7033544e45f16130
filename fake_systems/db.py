"""SQLite connections and schema set-up shared by both stand-ins."""

from __future__ import annotations

import sqlite3
from pathlib import Path

ERP_DB = "erp.sqlite3"
CASE_DB = "case_system.sqlite3"
DEFAULT_DATA_DIR = Path("data")

_SCHEMAS = {
    ERP_DB: Path(__file__).parent / "erp" / "schema.sql",
    CASE_DB: Path(__file__).parent / "case_system" / "schema.sql",
}


def connect(path: Path) -> sqlite3.Connection:
    """Open a database in WAL mode with foreign keys on and rows addressable by name."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def create_database(data_dir: Path, name: str) -> Path:
    """Create (or recreate, empty) one stand-in's database in the data dir and return its path."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = connect(path)
    try:
        conn.executescript(_SCHEMAS[name].read_text(encoding="utf-8"))
    finally:
        conn.close()
    return path
