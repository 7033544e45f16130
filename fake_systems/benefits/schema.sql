-- The stand-in benefits system (ydelsessystem; KMD Aktiv, KY). Amounts are decimal strings in
-- DKK; dates ISO strings; months `YYYY-MM`.
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
-- Rent agreements (huslejeaftaler): the municipality pays the landlord and takes the rent off
-- the citizen's benefit payout.
CREATE TABLE agreements (
    agreement_id TEXT PRIMARY KEY,
    cpr TEXT NOT NULL REFERENCES citizens(cpr),
    landlord_cvr TEXT NOT NULL,
    landlord_name TEXT NOT NULL,
    address TEXT NOT NULL,
    rent TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,                   -- NULL: open-ended (løbende)
    created_by TEXT NOT NULL,        -- a username, or 'import'
    ended_by TEXT,                   -- who set valid_to with Afslut aftale
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX ix_agreements_cpr ON agreements(cpr, valid_from);
-- Benefit payouts (udbetalinger), one per citizen, benefit and month.
CREATE TABLE payouts (
    payout_id TEXT PRIMARY KEY,
    cpr TEXT NOT NULL REFERENCES citizens(cpr),
    month TEXT NOT NULL,             -- YYYY-MM
    benefit TEXT NOT NULL,           -- kontanthjælp, uddannelseshjælp, ...
    amount TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planlagt', 'udbetalt'))
);
CREATE INDEX ix_payouts_cpr ON payouts(cpr, month);
-- Rent deductions (huslejetræk) on payouts.
CREATE TABLE deductions (
    id INTEGER PRIMARY KEY,
    payout_id TEXT NOT NULL REFERENCES payouts(payout_id),
    agreement_id TEXT NOT NULL REFERENCES agreements(agreement_id),
    month TEXT NOT NULL,             -- YYYY-MM
    amount TEXT NOT NULL,
    invoice_ref TEXT NOT NULL,
    registered_by TEXT NOT NULL,     -- a username, or 'import'
    registered_at TEXT NOT NULL,
    -- An agreement's month is deducted once, on whichever payout: the last guard against
    -- paying a month's rent twice.
    UNIQUE (agreement_id, month)
);
CREATE INDEX ix_deductions_payout ON deductions(payout_id);
