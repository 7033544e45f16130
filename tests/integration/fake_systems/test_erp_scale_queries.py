"""What the ERP keeps so its lists stay fast with 100,000 invoices (see bench_load): totals kept
by triggers, each invoice's latest note code, and pages chosen from an index before reading."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from fake_systems.bundle.load import load_bundle
from fake_systems.db import ERP_DB, connect
from fake_systems.erp.queues import note_codes
from tests.e2e.robot.test_contract_documents import contract_bundle
from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_invoice


def total(html: str) -> int:
    match = re.search(r'data-testid="total-count" data-value="(\d+)"', html)
    assert match is not None
    return int(match.group(1))


def add_note(conn: sqlite3.Connection, invoice_id: int, code: str) -> None:
    conn.execute(
        "INSERT INTO notes (invoice_id, author, text, code, at) VALUES (?, 'robot', ?, ?, ?)",
        (invoice_id, f"[{code}] ...", code, "2026-11-23T02:00:00Z"),
    )


def test_inbox_and_queue_totals_follow_every_change_of_status(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    first, second, third = (add_invoice(erp_db, invoice_number=f"INV-{n}") for n in range(3))
    robot = erp_as("robot")
    robot.post(f"/invoices/{first}/manual", {"note": "[NO_GRANT] Ingen bevilling."})
    erp_db.execute(
        "UPDATE invoices SET status = 'posted', voucher = 'BIL-1' WHERE id = ?", (second,)
    )
    erp_db.execute("DELETE FROM invoice_lines WHERE invoice_id = ?", (third,))
    erp_db.execute("DELETE FROM invoices WHERE id = ?", (third,))
    assert total(robot.get("/inbox").text) == 0
    assert total(robot.get("/manual").text) == 1
    counts = dict(erp_db.execute("SELECT status, n FROM invoice_counts").fetchall())
    assert counts == {"unposted": 0, "posted": 1, "manual": 1, "rejected": 0}


def test_manual_queue_filters_by_the_latest_notes_code_only(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, status="manual")
    add_note(erp_db, invoice_id, "NO_GRANT")
    add_note(erp_db, invoice_id, "AMOUNT_MISMATCH")
    caseworker = erp_as("sagsbehandler")
    assert total(caseworker.get("/manual?code=AMOUNT_MISMATCH").text) == 1
    assert total(caseworker.get("/manual?code=NO_GRANT").text) == 0
    assert note_codes(erp_db) == ["AMOUNT_MISMATCH", "NO_GRANT"]


def test_last_pages_hold_the_queues_latest_due_date_and_the_journals_oldest_posting(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    # The first invoice falls due last: the queue's last page holds it, as the journal's does.
    due = [(date(2027, 3, 1) - timedelta(days=n)).isoformat() for n in range(51)]
    ids = [
        add_invoice(erp_db, invoice_number=f"INV-{n}", status="manual", due_date=due[n])
        for n in range(51)
    ]
    for n, invoice_id in enumerate(ids):
        erp_db.execute(
            "INSERT INTO postings (invoice_id, line_no, psp, amount, text, voucher, posted_by,"
            " posted_at) VALUES (?, 1, 'XG-5385010001-00007', '1.00', 't', ?, 'robot', 'x')",
            (invoice_id, f"BIL-{n:07d}"),
        )
    caseworker = erp_as("sagsbehandler")
    last_manual = caseworker.get("/manual?page=2").text
    assert re.findall(r'data-testid="manual-row" data-erp-id="([^"]+)"', last_manual) == [
        f"ERP-{ids[0]:06d}"
    ]
    last_journal = caseworker.get("/journal?page=2").text
    assert re.findall(r'data-testid="journal-row" data-erp-id="([^"]+)"', last_journal) == [
        f"ERP-{ids[0]:06d}"
    ]


def test_imported_line_texts_are_searchable_once(tmp_path: Path) -> None:
    load_bundle(contract_bundle(tmp_path / "bundle"), tmp_path / "data")
    conn = connect(tmp_path / "data" / ERP_DB)
    try:
        row = conn.execute(
            "SELECT i.search_text, l.item_name FROM invoices i"
            " JOIN invoice_lines l ON l.invoice_id = i.id WHERE l.item_name != '' AND i.id IN"
            " (SELECT invoice_id FROM invoice_lines GROUP BY invoice_id HAVING COUNT(*) = 1)"
        ).fetchone()
    finally:
        conn.close()
    assert row["search_text"].count(row["item_name"]) == 1
