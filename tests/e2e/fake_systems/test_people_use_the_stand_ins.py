"""People (and the robot) using the stand-ins' pages in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Dialog, Page, expect

from fake_systems.db import CASE_DB, ERP_DB
from tests.e2e.fake_systems.conftest import StandIns, log_in
from tests.support.stand_in_builders import PSP, add_invoice, database, make_line

pytestmark = pytest.mark.browser
NOTE = "[AMOUNT_MISMATCH] Beløbet passer ikke med bevilling B-1043 (linje 1)."


def fill_posting(page: Page, *, psp: str = PSP) -> None:
    # Exact labels: the manual form's proposal has "Foreslået PSP-element, linje 1" and so on.
    page.get_by_label("PSP-element, linje 1", exact=True).fill(psp)
    page.get_by_label("Beløb, linje 1", exact=True).fill("32240.00")
    page.get_by_label("Linjetekst, linje 1", exact=True).fill("§107 B-1043 01.10-31.10.2026")
    page.get_by_label("Bemærkning", exact=True).fill(
        "§107 Midlertidigt botilbud · bevilling B-1043"
    )
    page.get_by_role("button", name="Bogfør").click()


def test_a_person_logs_in_finds_an_invoice_and_posts_it_by_hand(
    page: Page, stand_ins: StandIns
) -> None:
    with database(stand_ins.data_dir, ERP_DB) as conn:
        add_invoice(conn, invoice_number="INV-OTHER")
        add_invoice(conn)
    page.goto(f"{stand_ins.erp_url}/inbox")
    expect(page).to_have_url(re.compile(r"/login\?next=/inbox$"))
    log_in(page, page.url, "admin")
    page.get_by_label("Fakturanummer").fill("INV-1017")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_test_id("inbox-row")).to_have_count(1)
    page.get_by_role("link", name="ERP-000002").click()
    expect(page.get_by_test_id("erp-id")).to_have_text("ERP-000002")
    fill_posting(page)
    expect(page.get_by_test_id("voucher")).to_have_text("Bogført med bilagsnummer BIL-0000001")
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "posted")


def test_finance_reads_the_note_in_the_manual_queue_and_posts_the_invoice(
    page: Page, stand_ins: StandIns
) -> None:
    with database(stand_ins.data_dir, ERP_DB) as conn:
        invoice_id = add_invoice(conn, status="manual")
        conn.execute(
            "INSERT INTO notes (invoice_id, author, text, code, at)"
            " VALUES (?, 'robot', ?, 'AMOUNT_MISMATCH', '2026-11-23T02:00:05Z')",
            (invoice_id, NOTE),
        )
    log_in(page, f"{stand_ins.erp_url}/login?next=/manual", "okonomi")
    page.get_by_label("Kode").select_option("AMOUNT_MISMATCH")
    page.get_by_role("button", name="Filtrér").click()
    row = page.get_by_test_id("manual-row")
    expect(row.get_by_test_id("manual-note")).to_have_text(NOTE)
    row.get_by_role("link", name="ERP-000001").click()
    fill_posting(page)
    expect(page.get_by_test_id("voucher")).to_contain_text("BIL-0000001")


def test_a_caseworker_takes_the_task_adds_a_note_and_sends_it_back_to_the_robot(
    page: Page, stand_ins: StandIns
) -> None:
    with database(stand_ins.data_dir, ERP_DB) as conn:
        invoice_id = add_invoice(conn, status="manual", supplier_name="Bostedet Solsikken ApS")
        conn.execute(
            "INSERT INTO notes (invoice_id, author, text, code, at)"
            " VALUES (?, 'robot', ?, 'AMOUNT_MISMATCH', '2026-11-23T02:00:05Z')",
            (invoice_id, NOTE),
        )
    log_in(page, f"{stand_ins.erp_url}/login?next=/manual", "sagsbehandler")
    page.get_by_label("Leverandør", exact=True).fill("solsikken")
    page.get_by_role("button", name="Filtrér").click()
    page.get_by_test_id("manual-row").get_by_role("link", name="ERP-000001").click()
    page.get_by_role("button", name="Tag opgaven").click()
    expect(page.get_by_test_id("assignee")).to_have_attribute("data-value", "sagsbehandler")
    page.get_by_label("Notat").fill("Ny takst fra 1. oktober oprettet i Sensum.")
    page.get_by_role("button", name="Tilføj notat").click()
    expect(page.get_by_test_id("confirmation")).to_have_text("Notatet er tilføjet.")
    page.get_by_label("Kommentar").fill("Takst rettet")
    page.get_by_role("button", name="Send til robotten").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "unposted")
    kinds = page.get_by_test_id("note-row")
    expect(kinds).to_have_count(4)
    expect(kinds.last).to_have_attribute("data-kind", "sent_back")
    expect(kinds.last.get_by_test_id("note-author")).to_have_text("sagsbehandler")


def test_a_rejected_invoice_is_found_among_the_rejected(page: Page, stand_ins: StandIns) -> None:
    with database(stand_ins.data_dir, ERP_DB) as conn:
        add_invoice(conn, status="manual")
    log_in(page, f"{stand_ins.erp_url}/login?next=/invoices/ERP-000001", "okonomi")
    page.get_by_role("button", name="Afvis faktura").click()  # no reason: the browser asks
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "manual")
    page.get_by_label("Begrundelse").fill("Borgeren er fraflyttet kommunen.")
    page.get_by_label("Jeg er klar over, at en afvist faktura ikke kan bogføres").check()
    page.get_by_role("button", name="Afvis faktura").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "rejected")
    page.goto(f"{stand_ins.erp_url}/manual")
    page.get_by_role("link", name="Afviste").click()
    expect(page.get_by_test_id("manual-row")).to_have_count(1)


def test_a_closed_psp_element_is_refused_in_the_form(page: Page, stand_ins: StandIns) -> None:
    with database(stand_ins.data_dir, ERP_DB) as conn:
        add_invoice(conn)
    log_in(page, f"{stand_ins.erp_url}/login?next=/invoices/ERP-000001", "robot")
    fill_posting(page, psp="XG-5385010001-00099")
    error = page.get_by_test_id("form-error")
    expect(error).to_contain_text("PSP-elementet XG-5385010001-00099 er lukket")
    expect(page.get_by_label("PSP-element, linje 1", exact=True)).to_have_value(
        "XG-5385010001-00099"
    )
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "unposted")


def test_the_robot_sends_an_invoice_to_manual_handling(page: Page, stand_ins: StandIns) -> None:
    with database(stand_ins.data_dir, ERP_DB) as conn:
        add_invoice(conn)
    log_in(page, f"{stand_ins.erp_url}/login?next=/invoices/ERP-000001", "robot")
    page.get_by_label("Notat").fill(NOTE)
    page.get_by_role("button", name="Send til manuel behandling").click()
    expect(page.get_by_test_id("confirmation")).to_have_text(
        "Fakturaen er sendt til manuel behandling."
    )
    expect(page.get_by_test_id("note-text")).to_have_text(NOTE)


def test_script_in_an_invoice_does_not_run(page: Page, stand_ins: StandIns) -> None:
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    with database(stand_ins.data_dir, ERP_DB) as conn:
        add_invoice(conn, supplier_name=evil, lines=[make_line(note=evil)])
    dialogs: list[Dialog] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog))
    log_in(page, f"{stand_ins.erp_url}/login?next=/invoices/ERP-000001", "robot")
    expect(page.get_by_test_id("line-note")).to_have_text(evil)
    expect(page.get_by_test_id("supplier-name")).to_have_text(evil)
    assert dialogs == []


def test_the_robot_finds_a_citizen_and_registers_a_payment(page: Page, stand_ins: StandIns) -> None:
    log_in(page, stand_ins.case_url, "robot")
    page.get_by_label("CPR-nummer").fill("010190-1234")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_test_id("citizen-name")).to_have_text("Anna Andersen")
    grant = page.get_by_test_id("grant-row").filter(has_text="B-1043")
    expect(grant.get_by_test_id("grant-rate")).to_have_attribute("data-value", "1040.00")
    grant.get_by_role("link", name="B-1043").click()
    page.get_by_label("Periode fra").fill("2026-10-01")
    page.get_by_label("Periode til").fill("2026-10-31")
    page.get_by_label("Beløb").fill("32240.00")
    page.get_by_label("Fakturareference").fill("12345674/INV-1017")
    page.get_by_role("button", name="Registrér betaling").click()
    expect(page.get_by_test_id("confirmation")).to_contain_text("32.240,00 kr.")
    expect(page.get_by_test_id("payment-row")).to_have_count(2)


def test_an_overlapping_payment_is_refused_with_a_clear_message(
    page: Page, stand_ins: StandIns
) -> None:
    log_in(page, f"{stand_ins.case_url}/login?next=/grants/B-1043", "robot")
    page.get_by_label("Periode fra").fill("2026-09-15")
    page.get_by_label("Periode til").fill("2026-10-14")
    page.get_by_label("Beløb").fill("31200.00")
    page.get_by_label("Fakturareference").fill("12345674/INV-1017")
    page.get_by_role("button", name="Registrér betaling").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("overlapper en registreret betaling")
    with database(stand_ins.data_dir, CASE_DB) as conn:
        assert conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 1


def test_an_unknown_cpr_is_clearly_not_found(page: Page, stand_ins: StandIns) -> None:
    log_in(page, stand_ins.case_url, "sagsbehandler")
    page.get_by_label("CPR-nummer").fill("3112999999")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_test_id("not-found")).to_have_text("Ingen borger med dette CPR-nummer.")
