-- The stand-in ERP (OPUS-like). Amounts are decimal strings in DKK; dates ISO strings.
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
CREATE TABLE psp_elements (
    psp TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    open INTEGER NOT NULL CHECK (open IN (0, 1))
);
-- Invoices posted before the bundle (erp.json "posted_invoices"): used for duplicate checks only.
CREATE TABLE posted_history (
    id INTEGER PRIMARY KEY,
    supplier_cvr TEXT NOT NULL,
    invoice_number TEXT NOT NULL,
    amount TEXT NOT NULL,
    posted_at TEXT NOT NULL
);
CREATE INDEX ix_posted_history_key ON posted_history(supplier_cvr, invoice_number);
-- One row per received document (invoice or credit note); id renders as ERP-000123.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    doc_type TEXT NOT NULL CHECK (doc_type IN ('invoice', 'credit_note')),
    supplier_cvr TEXT NOT NULL DEFAULT '',
    supplier_endpoint TEXT NOT NULL DEFAULT '',
    supplier_name TEXT NOT NULL DEFAULT '',
    invoice_number TEXT NOT NULL,
    issue_date TEXT,
    period_start TEXT,
    period_end TEXT,
    currency TEXT NOT NULL,
    total TEXT NOT NULL,
    buyer_reference TEXT NOT NULL DEFAULT '',
    receiver_gln TEXT NOT NULL DEFAULT '',
    source_file TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'unposted' CHECK (status IN ('unposted', 'posted', 'manual')),
    remark TEXT,
    voucher TEXT UNIQUE,
    posted_by TEXT,
    posted_at TEXT,
    search_text TEXT NOT NULL DEFAULT '',
    note_code TEXT NOT NULL DEFAULT ''  -- the latest note's code (trigger below), for the queue
);
CREATE INDEX ix_invoices_status ON invoices(status, issue_date DESC, id DESC);
-- The manual queue filtered by code, without looking up every queued invoice's latest note.
CREATE INDEX ix_invoices_manual_code ON invoices(note_code, issue_date DESC, id DESC)
    WHERE status = 'manual';
CREATE INDEX ix_invoices_key ON invoices(supplier_cvr, invoice_number);
CREATE INDEX ix_invoices_number ON invoices(invoice_number);
CREATE TABLE invoice_lines (
    invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL,          -- 1-based position in the document
    line_id TEXT NOT NULL DEFAULT '',  -- the document's cbc:ID for the line
    note TEXT NOT NULL DEFAULT '',
    item_name TEXT NOT NULL DEFAULT '',
    item_description TEXT NOT NULL DEFAULT '',
    quantity TEXT NOT NULL DEFAULT '',
    unit_code TEXT NOT NULL DEFAULT '',
    amount TEXT NOT NULL,
    period_start TEXT,
    period_end TEXT,
    PRIMARY KEY (invoice_id, line_no)
);
CREATE TABLE postings (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    line_no INTEGER NOT NULL,
    psp TEXT NOT NULL REFERENCES psp_elements(psp),
    amount TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(text) <= 50),
    voucher TEXT NOT NULL,
    posted_by TEXT NOT NULL,
    posted_at TEXT NOT NULL
);
CREATE INDEX ix_postings_invoice ON postings(invoice_id, line_no);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',     -- the [CODE] at the start of the text, for the queue filter
    at TEXT NOT NULL
);
CREATE INDEX ix_notes_invoice ON notes(invoice_id, id);
CREATE INDEX ix_notes_code ON notes(code);
-- Keep invoices.search_text (what the inbox's free-text search reads: supplier name, invoice
-- number, buyer reference and every line's note, item name and description) current, whoever
-- inserts the rows. An importer that fills in the first part itself skips the first trigger;
-- the line texts are always appended by the second.
CREATE TRIGGER tr_invoices_search_text AFTER INSERT ON invoices WHEN NEW.search_text = ''
BEGIN
    UPDATE invoices
    SET search_text = NEW.supplier_name || ' ' || NEW.invoice_number || ' ' || NEW.buyer_reference
    WHERE id = NEW.id;
END;
CREATE TRIGGER tr_invoice_lines_search_text AFTER INSERT ON invoice_lines
BEGIN
    UPDATE invoices
    SET search_text = search_text || ' ' || NEW.note || ' ' || NEW.item_name || ' '
        || NEW.item_description
    WHERE id = NEW.invoice_id;
END;
-- The latest note's code on its invoice, whoever inserts the note (notes are never changed).
CREATE TRIGGER tr_notes_latest_code AFTER INSERT ON notes
BEGIN
    UPDATE invoices SET note_code = NEW.code WHERE id = NEW.invoice_id;
END;
-- How many invoices each status holds, whoever changes them: the inbox and the manual queue show
-- their totals on every page, and counting 100,000 index entries each time costs ~10 ms.
CREATE TABLE invoice_counts (
    status TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO invoice_counts (status, n) VALUES ('unposted', 0), ('posted', 0), ('manual', 0);
CREATE TRIGGER tr_invoice_counts_insert AFTER INSERT ON invoices
BEGIN
    UPDATE invoice_counts SET n = n + 1 WHERE status = NEW.status;
END;
CREATE TRIGGER tr_invoice_counts_status AFTER UPDATE OF status ON invoices
WHEN OLD.status != NEW.status
BEGIN
    UPDATE invoice_counts SET n = n - 1 WHERE status = OLD.status;
    UPDATE invoice_counts SET n = n + 1 WHERE status = NEW.status;
END;
CREATE TRIGGER tr_invoice_counts_delete AFTER DELETE ON invoices
BEGIN
    UPDATE invoice_counts SET n = n - 1 WHERE status = OLD.status;
END;
