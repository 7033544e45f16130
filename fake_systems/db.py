"""SQLite connections, schema set-up and the data folder shared by the three stand-ins.

The data folder is private (0700, databases 0600, their -wal/-shm files too: SQLite gives those
the database's mode). `fake-systems load` builds all three databases in a staging folder beside
it and renames them in one after the other; all carry the same load stamp (PRAGMA user_version).
A process that dies between two renames leaves new and old databases side by side: their stamps
differ, and `pair_problem` makes serve and export refuse the folder until load is run again.
A folder loaded before the benefits system existed has no benefits database: serve adds an
empty one (`add_benefits_database`) and export exports no deductions.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ERP_DB = "erp.sqlite3"
CASE_DB = "case_system.sqlite3"
BENEFITS_DB = "benefits.sqlite3"
# In the order load renames them: the last one to arrive is the ERP, the robot's inbox.
DATABASES = (BENEFITS_DB, CASE_DB, ERP_DB)
DEFAULT_DATA_DIR = Path("data")
SIDE_FILES = ("-wal", "-shm", "-journal")
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600

_SCHEMAS = {
    ERP_DB: Path(__file__).parent / "erp" / "schema.sql",
    CASE_DB: Path(__file__).parent / "case_system" / "schema.sql",
    BENEFITS_DB: Path(__file__).parent / "benefits" / "schema.sql",
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


def private_dir(path: Path) -> Path:
    """The folder, created owner-only when it does not exist (an existing one is left as is)."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    return path


def make_private(path: Path) -> None:
    """Owner-only modes for a database and whichever of its side files exist."""
    for file in (path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)):
        if file.exists():
            file.chmod(PRIVATE_FILE)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def create_database(data_dir: Path, name: str) -> Path:
    """Create (or recreate, empty) one stand-in's database in the data dir and return its path."""
    path = private_dir(data_dir) / name
    _remove_with_side_files(path)
    # Created 0600 before SQLite opens it, so its -wal and -shm files are created 0600 as well.
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, PRIVATE_FILE))
    conn = connect(path)
    try:
        conn.executescript(_SCHEMAS[name].read_text(encoding="utf-8"))
    finally:
        conn.close()
    return path


@contextmanager
def staging_folder(data_dir: Path) -> Iterator[Path]:
    """A private folder beside the data folder (same file system, so a rename is atomic),
    removed afterwards whatever happens."""
    target = Path(os.path.abspath(data_dir))
    parent = private_dir(target.parent)
    staging = parent / f".{target.name}.loading-{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir(mode=PRIVATE_DIR)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stamp(path: Path, stamp: int) -> None:
    """Writes the load stamp and leaves the database as one file (in WAL mode, but its -wal
    folded in and removed by the last connection's close), so one rename moves all of it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA user_version = {int(stamp)}")
    finally:
        conn.close()
    left = [f"{path.name}{s}" for s in SIDE_FILES if Path(f"{path}{s}").exists()]
    if left:
        raise sqlite3.OperationalError(f"{', '.join(left)} still in use after the load")


def install_databases(staging: Path, data_dir: Path) -> None:
    """Moves the three finished databases from staging into the data folder, stamped as one
    load."""
    stamp = secrets.randbelow(2**31 - 1) + 1
    for name in DATABASES:
        _stamp(staging / name, stamp)
        make_private(staging / name)
    private_dir(data_dir)
    for name in DATABASES:
        _retire(data_dir / name)
        os.replace(staging / name, data_dir / name)
    _sync_dir(data_dir)


def _retire(path: Path) -> None:
    """Readies an old database for being replaced: an old -wal beside the new file would be
    replayed into it, so its content goes into the old file first and the side files go."""
    if path.exists():
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError:
            pass  # not a database we can read: it is replaced all the same
        finally:
            conn.close()
    for suffix in SIDE_FILES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_stamp(path: Path) -> int:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def missing_databases(data_dir: Path) -> list[str]:
    """The databases without which the folder cannot be used (the benefits one can be added)."""
    return [name for name in (ERP_DB, CASE_DB) if not (data_dir / name).exists()]


def pair_problem(data_dir: Path) -> str | None:
    """Why the data folder cannot be served or exported (for a person), or None."""
    missing = missing_databases(data_dir)
    if missing:
        return f"{data_dir} has no {', '.join(missing)}: load a bundle first (`fake-systems load`)"
    present = [name for name in DATABASES if (data_dir / name).exists()]
    if len({load_stamp(data_dir / name) for name in present}) > 1:
        return (
            f"{data_dir} holds the databases of two different loads (a load was stopped half"
            " way): run `fake-systems load` again"
        )
    return None


def add_benefits_database(data_dir: Path) -> bool:
    """For a folder loaded before the benefits system existed: an empty benefits database with
    the case system's users and the folder's load stamp. False when it has one already."""
    target = data_dir / BENEFITS_DB
    if target.exists():
        return False
    case = connect(data_dir / CASE_DB)
    try:
        users = case.execute("SELECT username, password_hash, role FROM users").fetchall()
    finally:
        case.close()
    with staging_folder(data_dir) as staging:
        path = create_database(staging, BENEFITS_DB)
        conn = connect(path)
        try:
            conn.executemany(
                "INSERT INTO users (username, password_hash, role) VALUES (?, ?, ?)",
                [tuple(user) for user in users],
            )
        finally:
            conn.close()
        _stamp(path, load_stamp(data_dir / CASE_DB))
        make_private(path)
        os.replace(path, target)
    _sync_dir(data_dir)
    return True
