-- The stand-in ERP (OPUS-like). Amounts are decimal strings in DKK; dates ISO strings.
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
CREATE TABLE psp_elements (
    psp TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    open INTEGER NOT NULL CHECK (open IN (0, 1))
);
-- Invoices posted before the bundle (erp.json "posted_invoices", contract sections 8 and 12): for
-- the duplicate checks, the list of what a supplier was paid for a receiver (payment plans) and
-- the history the robot learns from (the /posted screen, a year at a time).
CREATE TABLE posted_history (
    id INTEGER PRIMARY KEY,
    supplier_cvr TEXT NOT NULL,
    invoice_number TEXT NOT NULL,
    amount TEXT NOT NULL,
    posted_at TEXT NOT NULL,
    receiver_gln TEXT NOT NULL DEFAULT '',
    period_start TEXT,
    period_end TEXT,
    supplier_name TEXT NOT NULL DEFAULT '',
    issue_date TEXT,
    posted_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_posted_history_key ON posted_history(supplier_cvr, invoice_number);
CREATE INDEX ix_posted_history_receiver
    ON posted_history(supplier_cvr, receiver_gln, posted_at DESC, id DESC);
-- The /posted screen by posting date alone (a year of everything) and by receiver alone.
CREATE INDEX ix_posted_history_at ON posted_history(posted_at DESC, id DESC);
CREATE INDEX ix_posted_history_ean ON posted_history(receiver_gln, posted_at DESC, id DESC);
-- Each earlier posting's lines as posted: text, amount and PSP element (erp.json "lines").
CREATE TABLE posted_history_lines (
    history_id INTEGER NOT NULL REFERENCES posted_history(id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    amount TEXT NOT NULL,
    psp TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (history_id, line_no)
) WITHOUT ROWID;
-- One row per received document (invoice or credit note); id renders as ERP-000123.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    doc_type TEXT NOT NULL CHECK (doc_type IN ('invoice', 'credit_note')),
    type_code TEXT NOT NULL DEFAULT '',  -- InvoiceTypeCode / CreditNoteTypeCode as written (UNCL1001)
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
    status TEXT NOT NULL DEFAULT 'unposted'
        CHECK (status IN ('unposted', 'posted', 'manual', 'rejected')),
    remark TEXT,
    voucher TEXT UNIQUE,
    posted_by TEXT,
    posted_at TEXT,
    search_text TEXT NOT NULL DEFAULT '',
    note_code TEXT NOT NULL DEFAULT '',  -- the latest coded note's code (trigger below)
    assignee TEXT,                       -- the user who took the task (manual handling)
    manual_since TEXT,                   -- when it was last sent to manual handling (UTC)
    due_date TEXT                        -- when it must be paid (Forfaldsdato); trigger below
);
-- The inbox and the manual queue list the earliest due date first (then by id), a page at a time;
-- the queue's age filter reads manual_since from here too, in that order, without the rows.
-- No other index may lead with status alone: the statistics of a load (every invoice in the
-- inbox) make a partial index on it look empty, and SQLite then walked it and sorted the whole
-- queue for every page (~30 ms at 40,000 queued).
CREATE INDEX ix_invoices_status ON invoices(status, due_date, id, manual_since);
-- The manual queue filtered by code, without looking up every queued invoice's latest note.
CREATE INDEX ix_invoices_manual_code ON invoices(note_code, due_date, id) WHERE status = 'manual';
-- The manual queue's filter by assignee; the status column makes the index covering, so SQLite
-- prefers it to the status index plus a look-up per row.
CREATE INDEX ix_invoices_manual_assignee
    ON invoices(assignee, status, due_date, id) WHERE status = 'manual';
CREATE INDEX ix_invoices_key ON invoices(supplier_cvr, invoice_number);
-- What a supplier was paid for a receiving EAN (the /posted page, payment plans).
CREATE INDEX ix_invoices_posted_receiver
    ON invoices(supplier_cvr, receiver_gln, posted_at DESC, id DESC) WHERE status = 'posted';
-- The /posted screen by posting date alone, and by receiver alone.
CREATE INDEX ix_invoices_posted_at ON invoices(posted_at DESC, id DESC) WHERE status = 'posted';
CREATE INDEX ix_invoices_posted_ean ON invoices(receiver_gln, posted_at DESC, id DESC)
    WHERE status = 'posted';
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
-- The posting journal's search: by PSP element, voucher and user, newest first.
CREATE INDEX ix_postings_psp ON postings(psp, id);
CREATE INDEX ix_postings_voucher ON postings(voucher);
CREATE INDEX ix_postings_user ON postings(posted_by, id);
-- The posting proposed when an invoice was sent to manual handling (the robot's, read from its
-- note's figures): the Bogfør form is filled in from it for a person to check. The next
-- manual-handling submission replaces it; notes and Send til robotten leave it.
CREATE TABLE proposals (
    invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id),
    remark TEXT NOT NULL DEFAULT '',
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL
);
CREATE TABLE proposal_lines (
    invoice_id INTEGER NOT NULL REFERENCES proposals(invoice_id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL,
    psp TEXT NOT NULL DEFAULT '',
    amount TEXT NOT NULL DEFAULT '',  -- machine form (32240.00), as the Bogfør form takes it
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (invoice_id, line_no)
) WITHOUT ROWID;
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',     -- the [CODE] at the start of the text, for the queue filter
    at TEXT NOT NULL,
    -- manual: the note that sent it to manual handling; the others are people's work on it
    kind TEXT NOT NULL DEFAULT 'manual'
        CHECK (kind IN ('manual', 'sent_back', 'rejected', 'note', 'taken'))
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
-- The latest coded note's code on its invoice, whoever inserts the note (notes are never
-- changed); a note without a code (a person's) leaves it as it was.
CREATE TRIGGER tr_notes_latest_code AFTER INSERT ON notes WHEN NEW.code != ''
BEGIN
    UPDATE invoices SET note_code = NEW.code WHERE id = NEW.invoice_id;
END;
-- How many invoices each status holds, whoever changes them: the inbox and the manual queue show
-- their totals on every page, and counting 100,000 index entries each time costs ~10 ms.
CREATE TABLE invoice_counts (
    status TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO invoice_counts (status, n)
VALUES ('unposted', 0), ('posted', 0), ('manual', 0), ('rejected', 0);
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
-- Word search for the manual queue, kept by triggers whoever writes. Supplier names: each
-- distinct name once (a few hundred, not one per invoice), found by word, then the queue's
-- invoices of those names from a covering index. Grant ids: every note's text and the remark.
CREATE TABLE supplier_names (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE supplier_search USING fts5(name, tokenize = 'unicode61');
CREATE VIRTUAL TABLE text_search USING fts5(body, invoice_id UNINDEXED, tokenize = 'unicode61');
CREATE INDEX ix_invoices_manual_supplier
    ON invoices(supplier_name, status, due_date, id) WHERE status = 'manual';
CREATE TRIGGER tr_supplier_names AFTER INSERT ON invoices
BEGIN
    INSERT OR IGNORE INTO supplier_names (name) VALUES (NEW.supplier_name);
END;
CREATE TRIGGER tr_supplier_search AFTER INSERT ON supplier_names
BEGIN
    INSERT INTO supplier_search (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER tr_text_search_note AFTER INSERT ON notes
BEGIN
    INSERT INTO text_search (body, invoice_id) VALUES (NEW.text, NEW.invoice_id);
END;
CREATE TRIGGER tr_text_search_remark AFTER UPDATE OF remark ON invoices
WHEN NEW.remark IS NOT NULL AND NEW.remark IS NOT OLD.remark
BEGIN
    INSERT INTO text_search (body, invoice_id) VALUES (NEW.remark, NEW.id);
END;
-- When an invoice went to manual handling (the queue's age), whoever moves it there.
CREATE TRIGGER tr_invoices_manual_since AFTER UPDATE OF status ON invoices
WHEN NEW.status = 'manual' AND OLD.status != 'manual'
BEGIN
    UPDATE invoices SET manual_since = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = NEW.id;
END;
CREATE TRIGGER tr_invoices_manual_since_insert AFTER INSERT ON invoices
WHEN NEW.status = 'manual' AND NEW.manual_since IS NULL
BEGIN
    UPDATE invoices SET manual_since = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = NEW.id;
END;
-- The importer writes each invoice's due date (fake_systems/oioubl.py: as the document says, else
-- 30 days' terms); a row inserted without one (a test's builder) gets the same default here.
CREATE TRIGGER tr_invoices_due_date AFTER INSERT ON invoices WHEN NEW.due_date IS NULL
BEGIN
    UPDATE invoices
    SET due_date = date(COALESCE(NEW.issue_date, substr(NEW.received_at, 1, 10)), '+30 days')
    WHERE id = NEW.id;
END;
