-- The stand-in case system (Sensum-like). Amounts are decimal strings in DKK; dates ISO strings.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('robot', 'caseworker', 'admin'))
);
CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE TABLE login_failures (
    username TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX ix_login_failures ON login_failures(username, at);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    username TEXT,
    action TEXT NOT NULL,
    object TEXT,
    detail TEXT
);
CREATE TABLE citizens (
    cpr TEXT PRIMARY KEY,   -- 10 digits, no dash
    name TEXT NOT NULL
);
CREATE TABLE providers (
    cvr TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE grants (
    grant_id TEXT PRIMARY KEY,
    cpr TEXT NOT NULL REFERENCES citizens(cpr),
    provider_cvr TEXT NOT NULL,
    paragraph TEXT NOT NULL,
    service TEXT NOT NULL,
    art TEXT NOT NULL DEFAULT '',
    ownership TEXT NOT NULL DEFAULT '',      -- ejerforhold
    target_group TEXT NOT NULL DEFAULT '',   -- målgruppe
    rate TEXT,
    rate_unit TEXT NOT NULL CHECK (rate_unit IN ('day', 'month', 'hour')),
    hours_per_month TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'ended', 'cancelled'))
);
CREATE INDEX ix_grants_cpr ON grants(cpr);
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    grant_id TEXT NOT NULL REFERENCES grants(grant_id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    amount TEXT NOT NULL,
    invoice_ref TEXT NOT NULL,
    registered_by TEXT NOT NULL,     -- a username, or 'import' for payments loaded from a bundle
    registered_at TEXT NOT NULL,
    UNIQUE (grant_id, invoice_ref)
);
CREATE INDEX ix_payments_grant ON payments(grant_id, period_start);
CREATE INDEX ix_payments_ref ON payments(invoice_ref);
