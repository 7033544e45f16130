-- The stand-in case system (Sensum-like). Amounts are decimal strings in DKK; dates ISO strings.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('robot', 'caseworker', 'finance', 'admin'))
);
CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen REAL NOT NULL
);
-- Failed-login buckets with growing delays (fake_systems/web/sessions.py).
CREATE TABLE login_throttle (
    bucket TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    next_allowed REAL NOT NULL,
    last_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_login_throttle_last ON login_throttle(last_at);
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
-- A grant's rate changes (takstændringer): `rate` is in force from `from_date` until the next
-- change; the grant's own rate is in force from its valid_from until the first change.
CREATE TABLE rate_changes (
    grant_id TEXT NOT NULL REFERENCES grants(grant_id),
    from_date TEXT NOT NULL,
    rate TEXT NOT NULL,
    registered_by TEXT NOT NULL,     -- a username, or 'import'
    registered_at TEXT NOT NULL,
    PRIMARY KEY (grant_id, from_date)
) WITHOUT ROWID;
-- Doctors' certificate orders (bestillinger af lægeerklæringer), paid at most once.
CREATE TABLE orders (
    order_id TEXT PRIMARY KEY,
    cpr TEXT NOT NULL REFERENCES citizens(cpr),
    doctor_cvr TEXT NOT NULL,
    certificate_type TEXT NOT NULL,
    ordered_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
    created_by TEXT NOT NULL,        -- a username, or 'import'
    amount TEXT,                     -- the payment, once paid
    invoice_ref TEXT,
    registered_by TEXT,
    registered_at TEXT,
    cancelled_by TEXT,
    cancelled_at TEXT
);
CREATE INDEX ix_orders_cpr ON orders(cpr, ordered_on);
-- One invoice pays one certificate: the last guard against paying two orders with it.
CREATE UNIQUE INDEX ux_orders_invoice_ref ON orders(invoice_ref) WHERE invoice_ref IS NOT NULL;
