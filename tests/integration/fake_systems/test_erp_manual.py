"""Sending an invoice to manual handling, and the queue caseworkers read the notes in."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_invoice

NOTE = (
    "[AMOUNT_MISMATCH] Beløbet passer ikke med bevilling B-1043: den forventer 31.200,00 for"
    " 01.10–31.10.2026; fakturaen siger 32.000,00 (linje 1)."
)


def test_sending_to_manual_stores_the_note_with_its_code(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    response = erp_as("robot").post(f"/invoices/{invoice_id}/manual", {"note": NOTE})
    assert response.status_code == 303
    assert response.headers["location"] == f"/invoices/ERP-{invoice_id:06d}?done=manual"
    note = erp_db.execute("SELECT author, text, code FROM notes").fetchone()
    assert tuple(note) == ("robot", NOTE, "AMOUNT_MISMATCH")
    status = erp_db.execute("SELECT status FROM invoices").fetchone()[0]
    assert status == "manual"


def test_invoice_page_shows_the_note_history_and_status(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    robot = erp_as("robot")
    robot.post(f"/invoices/{invoice_id}/manual", {"note": NOTE})
    page = robot.get(f"/invoices/ERP-{invoice_id:06d}?done=manual").text
    assert 'data-testid="status" data-value="manual"' in page
    assert 'data-testid="confirmation"' in page
    assert "Beløbet passer ikke med bevilling B-1043" in page
    assert 'data-testid="manual-form"' not in page


def test_an_empty_note_is_refused_in_the_form(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    response = erp_as("robot").post(f"/invoices/{invoice_id}/manual", {"note": "   "})
    assert response.status_code == 422
    assert 'data-reason="note_missing"' in response.text


def test_a_posted_invoice_cannot_be_sent_to_manual(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, status="posted", voucher="BIL-0000009")
    response = erp_as("robot").post(f"/invoices/{invoice_id}/manual", {"note": NOTE})
    assert response.status_code == 409
    assert 'data-reason="not_unposted"' in response.text
    assert "allerede bogført" in response.text


def test_an_invoice_already_in_manual_cannot_be_sent_again(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    robot = erp_as("robot")
    robot.post(f"/invoices/{invoice_id}/manual", {"note": NOTE})
    again = robot.post(f"/invoices/{invoice_id}/manual", {"note": NOTE})
    assert again.status_code == 409
    assert erp_db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 1


def test_manual_queue_shows_the_latest_note_in_full(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, status="manual")
    for at, text in (("2026-11-22T02:00:00Z", "[NO_GRANT] gammel"), ("2026-11-23T02:00:00Z", NOTE)):
        erp_db.execute(
            "INSERT INTO notes (invoice_id, author, text, code, at) VALUES (?, 'robot', ?, ?, ?)",
            (invoice_id, text, text[1:].split("]")[0], at),
        )
    page = erp_as("sagsbehandler").get("/manual").text
    assert NOTE in page
    assert "gammel" not in page
    assert f'data-erp-id="ERP-{invoice_id:06d}"' in page


def test_manual_queue_filters_by_the_code_at_the_start_of_the_note(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    robot = erp_as("robot")
    mismatch, no_grant = add_invoice(erp_db), add_invoice(erp_db, invoice_number="INV-2")
    robot.post(f"/invoices/{mismatch}/manual", {"note": NOTE})
    robot.post(
        f"/invoices/{no_grant}/manual", {"note": "[NO_GRANT] Borgeren har ingen bevillinger."}
    )
    page = robot.get("/manual?code=NO_GRANT").text
    assert re.findall(r'data-testid="manual-row" data-erp-id="([^"]+)"', page) == [
        f"ERP-{no_grant:06d}"
    ]
    assert '<option value="AMOUNT_MISMATCH">' in page
    assert '<option value="NO_GRANT" selected>' in page


def test_manual_queue_has_a_clear_empty_state(erp_as: Callable[[str], User]) -> None:
    page = erp_as("sagsbehandler").get("/manual").text
    assert "Ingen fakturaer i manuel behandling" in page
