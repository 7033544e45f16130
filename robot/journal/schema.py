"""The journal's tables, written once for SQLite and PostgreSQL: the latest schema for a new
journal, and the steps that bring an older one up to it.

Where the two databases spell a type differently the text holds a placeholder (``{id}``,
``{real}``, ``{open_work}``), filled in by `statements`.
"""

from __future__ import annotations

from enum import StrEnum

SCHEMA_VERSION = 3


class Dialect(StrEnum):
    SQLITE = "sqlite"
    POSTGRES = "postgres"


_TYPES = {
    Dialect.SQLITE: {
        "id": "INTEGER PRIMARY KEY",
        "real": "REAL",
        "bigint": "INTEGER",
        # SQLite's planner uses a plain index on the columns a take filters and sorts by.
        "open_work": "ON work(done_at, priority, due_date, queued_at)",
    },
    Dialect.POSTGRES: {
        "id": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "real": "DOUBLE PRECISION",
        "bigint": "BIGINT",
        "open_work": "ON work(priority, due_date, queued_at) WHERE done_at IS NULL",
    },
}

# The latest schema, for a journal made now.
_TABLES = """
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
    id {id},
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
    due_date TEXT,
    voucher TEXT NOT NULL DEFAULT '',
    came_back INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL,
    error TEXT NOT NULL
);
CREATE INDEX ix_outcomes_run ON outcomes(run_id);
CREATE INDEX ix_outcomes_erp ON outcomes(erp_id);
CREATE TABLE work (
    erp_id TEXT PRIMARY KEY,
    priority INTEGER NOT NULL DEFAULT 1,
    owner TEXT,
    lease_until {real} NOT NULL DEFAULT 0,
    token {bigint} NOT NULL DEFAULT 0,
    done_at {real},
    not_before {real} NOT NULL DEFAULT 0,
    queued_at {real} NOT NULL,
    due_date TEXT NOT NULL DEFAULT '9999-12-31',
    renewed_at {real}
);
CREATE INDEX ix_work_open {open_work};
CREATE TABLE claims (
    resource TEXT NOT NULL,
    unit TEXT NOT NULL,
    erp_id TEXT NOT NULL,
    invoice_key TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (resource, unit)
);
CREATE INDEX ix_claims_erp ON claims(erp_id);
CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE run_taken (
    run_id TEXT NOT NULL,
    erp_id TEXT NOT NULL,
    PRIMARY KEY (run_id, erp_id)
)
"""

# From each version to the next. Version 1 was SQLite only (the robot before claims and
# leases); PostgreSQL journals began at version 2.
_UPGRADES: dict[int, str] = {
    1: """
CREATE TABLE IF NOT EXISTS work (
    erp_id TEXT PRIMARY KEY,
    priority INTEGER NOT NULL DEFAULT 1,
    owner TEXT,
    lease_until {real} NOT NULL DEFAULT 0,
    token {bigint} NOT NULL DEFAULT 0,
    done_at {real},
    not_before {real} NOT NULL DEFAULT 0,
    queued_at {real} NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    resource TEXT NOT NULL,
    unit TEXT NOT NULL,
    erp_id TEXT NOT NULL,
    invoice_key TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (resource, unit)
);
CREATE INDEX IF NOT EXISTS ix_claims_erp ON claims(erp_id);
CREATE INDEX IF NOT EXISTS ix_outcomes_erp ON outcomes(erp_id)
""",
    2: """
ALTER TABLE outcomes ADD COLUMN due_date TEXT;
ALTER TABLE work ADD COLUMN due_date TEXT NOT NULL DEFAULT '9999-12-31';
ALTER TABLE work ADD COLUMN renewed_at {real};
DROP INDEX IF EXISTS ix_work_open;
CREATE INDEX ix_work_open {open_work};
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE run_taken (
    run_id TEXT NOT NULL,
    erp_id TEXT NOT NULL,
    PRIMARY KEY (run_id, erp_id)
)
""",
}

# A version-1 SQLite journal's outcomes and runs lacked columns the later ones have.
SQLITE_V1_COLUMNS = """
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
INSERT INTO schema_version (version) VALUES (1)
"""


def statements(script: str, dialect: Dialect) -> list[str]:
    """The script's statements with the dialect's types filled in."""
    filled = script.format(**_TYPES[dialect])
    return [s.strip() for s in filled.split(";") if s.strip()]


def create(dialect: Dialect) -> list[str]:
    """The latest schema and its version, for an empty database."""
    return [
        *statements(_TABLES, dialect),
        f"INSERT INTO schema_version (version) VALUES ({SCHEMA_VERSION})",
    ]


def upgrade(dialect: Dialect, *, from_version: int) -> list[str]:
    """The steps from `from_version` to SCHEMA_VERSION, ending with the new version."""
    steps = [
        s
        for version in range(from_version, SCHEMA_VERSION)
        for s in statements(_UPGRADES[version], dialect)
    ]
    return [*steps, f"UPDATE schema_version SET version = {SCHEMA_VERSION}"]
