"""People using the ERP's everyday screens in a real browser: a refused form that says why
where they are, Bogfør filled in from the robot's proposal, a rejection that asks first, due
dates and the overdue, the PSP elements, and the journal's search."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from fake_systems.db import CASE_DB, ERP_DB
from fake_systems.web.formatting import danish_today
from tests.e2e.fake_systems.conftest import StandIns, log_in
from tests.support.case_builders import add_order
from tests.support.stand_in_builders import PSP, add_invoice, add_psp, database, make_line

pytestmark = pytest.mark.browser
NOTE = "[SAMPLED_FOR_CONTROL] Udtaget til stikprøvekontrol."
NOTICE = "Udfyldt med robottens forslag – kontrollér før du bogfører"


def queued_invoice(stand_ins: StandIns, *, lines: int = 1) -> None:
    """ERP-000001 in manual handling, with the robot's note."""
    with database(stand_ins.data_dir, ERP_DB) as conn:
        invoice_id = add_invoice(
            conn, status="manual", lines=[make_line(amount="1000.00") for _ in range(lines)]
        )
        conn.execute(
            "INSERT INTO notes (invoice_id, author, text, code, at)"
            " VALUES (?, 'robot', ?, 'SAMPLED_FOR_CONTROL', '2026-11-23T02:00:05Z')",
            (invoice_id, NOTE),
        )


def test_a_refused_bogfor_brings_the_person_to_the_reasons_with_each_field_tied_to_its_own(
    page: Page, stand_ins: StandIns
) -> None:
    queued_invoice(stand_ins, lines=12)  # a long page: Bogfør is far below the top
    page.set_viewport_size({"width": 1200, "height": 700})
    log_in(page, f"{stand_ins.erp_url}/login?next=/invoices/ERP-000001", "okonomi")
    for n in range(1, 13):
        page.get_by_label(f"PSP-element, linje {n}", exact=True).fill(PSP)
        page.get_by_label(f"Beløb, linje {n}", exact=True).fill("1000.00")
        page.get_by_label(f"Linjetekst, linje {n}", exact=True).fill(f"Linje {n}")
    page.get_by_label("Beløb, linje 2", exact=True).fill("tusind")
    page.get_by_label("Bemærkning", exact=True).fill("Stikprøve")
    page.get_by_role("button", name="Bogfør").click()
    error = page.get_by_test_id("form-error")
    expect(error).to_be_focused()
    expect(error).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Fakturaoplysninger")).not_to_be_in_viewport()
    expect(error).to_contain_text("Linje 2: beløbet »tusind« er ikke et gyldigt beløb")
    amount = page.get_by_label("Beløb, linje 2", exact=True)
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_have_accessible_description(re.compile("»tusind« er ikke et gyldigt beløb"))
    expect(page.get_by_label("Beløb, linje 1", exact=True)).not_to_have_attribute(
        "aria-invalid", "true"
    )


def test_a_refused_rejection_focuses_its_reason_beside_the_rejection_form(
    page: Page, stand_ins: StandIns
) -> None:
    queued_invoice(stand_ins, lines=12)
    page.set_viewport_size({"width": 1200, "height": 700})
    log_in(page, f"{stand_ins.erp_url}/login?next=/invoices/ERP-000001", "sagsbehandler")
    # Past the browser's own check of the box: the server must refuse by itself.
    page.eval_on_selector("[data-testid=reject-form]", "f => f.noValidate = true")
    page.get_by_label("Begrundelse").fill("Dobbeltfaktura")
    page.get_by_role("button", name="Afvis faktura").click()
    error = page.get_by_test_id("reject-action").get_by_test_id("form-error")
    expect(error).to_be_focused()
    expect(error).to_be_in_viewport()
    box = page.get_by_label("Jeg er klar over, at en afvist faktura ikke kan bogføres")
    expect(box).to_have_accessible_description(re.compile("^Sæt kryds ved"))
    expect(page.get_by_label("Begrundelse")).to_have_value("Dobbeltfaktura")
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "manual")


def test_a_person_proposes_a_posting_and_finance_posts_it_after_checking_it(
    page: Page, stand_ins: StandIns
) -> None:
    with database(stand_ins.data_dir, ERP_DB) as conn:
        add_psp(conn, "XG-5385010001-00008")
        add_invoice(conn, lines=[make_line(amount="20000.00"), make_line(amount="12240.00")])
    log_in(page, f"{stand_ins.erp_url}/login?next=/invoices/ERP-000001", "admin")
    page.get_by_label("Notat", exact=True).fill(NOTE)
    page.get_by_text("Robottens forslag til kontering").click()  # it opens the proposal
    for n, (psp, amount) in enumerate([(PSP, "20000.00"), ("XG-5385010001-00008", "12240.00")], 1):
        page.get_by_label(f"Foreslået PSP-element, linje {n}").fill(psp)
        page.get_by_label(f"Foreslået beløb, linje {n}").fill(amount)
        page.get_by_label(f"Foreslået linjetekst, linje {n}").fill(f"§107 linje {n}")
    page.get_by_label("Foreslået bemærkning").fill("§107 Midlertidigt botilbud · stikprøve")
    page.get_by_role("button", name="Send til manuel behandling").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "manual")

    page.get_by_role("button", name="Log ud").click()
    log_in(page, f"{stand_ins.erp_url}/login?next=/manual", "okonomi")
    page.get_by_test_id("manual-row").get_by_role("link", name="ERP-000001").click()
    expect(page.get_by_test_id("proposal-notice")).to_have_text(NOTICE)
    expect(page.get_by_label("PSP-element, linje 2", exact=True)).to_have_value(
        "XG-5385010001-00008"
    )
    expect(page.get_by_label("Beløb, linje 1", exact=True)).to_have_value("20000.00")
    expect(page.get_by_label("Bemærkning", exact=True)).to_have_value(
        "§107 Midlertidigt botilbud · stikprøve"
    )
    page.get_by_role("button", name="Bogfør").click()  # nothing retyped
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "posted")
    expect(page.get_by_test_id("posting-psp")).to_have_text([PSP, "XG-5385010001-00008"])


def test_rejecting_asks_for_the_confirmation_and_looks_unlike_the_other_actions(
    page: Page, stand_ins: StandIns
) -> None:
    queued_invoice(stand_ins)
    log_in(page, f"{stand_ins.erp_url}/login?next=/invoices/ERP-000001", "sagsbehandler")
    for action in ("add-note-action", "send-back-action", "reject-action"):
        expect(page.get_by_test_id(action).get_by_role("heading")).to_be_visible()
    expect(page.get_by_role("heading", name="Afvis fakturaen – kan ikke fortrydes")).to_be_visible()
    colour = "el => getComputedStyle(el).borderTopColor"
    danger = page.get_by_test_id("reject-action").evaluate(colour)
    assert danger != page.get_by_test_id("send-back-action").evaluate(colour)
    page.get_by_label("Begrundelse").fill("Dobbeltfaktura")
    page.get_by_role("button", name="Afvis faktura").click()  # the box is not ticked: no
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "manual")
    page.get_by_label("Jeg er klar over, at en afvist faktura ikke kan bogføres").check()
    page.get_by_role("button", name="Afvis faktura").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-value", "rejected")


def test_the_overdue_are_first_and_marked_in_words_in_the_inbox_and_the_queue(
    page: Page, stand_ins: StandIns
) -> None:
    today = danish_today()
    with database(stand_ins.data_dir, ERP_DB) as conn:
        add_invoice(conn, invoice_number="LATER", due_date=(today + timedelta(5)).isoformat())
        add_invoice(conn, invoice_number="LATE", due_date=(today - timedelta(3)).isoformat())
        add_invoice(conn, status="manual", due_date=(today - timedelta(2)).isoformat())
    log_in(page, f"{stand_ins.erp_url}/login?next=/inbox", "okonomi")
    rows = page.get_by_test_id("inbox-row")
    expect(rows.get_by_test_id("inbox-invoice-number")).to_have_text(["LATE", "LATER"])
    expect(rows.first.get_by_test_id("overdue")).to_have_text("Forfalden")
    expect(rows.last.get_by_test_id("overdue")).to_have_count(0)
    page.get_by_role("link", name="Manuel behandling").click()
    row = page.get_by_test_id("manual-row")
    expect(row.get_by_test_id("overdue")).to_be_visible()
    expect(row.get_by_test_id("manual-due-days")).to_have_text("2 dage over forfald")


def test_a_person_finds_the_closed_psp_elements_from_the_menu(
    page: Page, stand_ins: StandIns
) -> None:
    with database(stand_ins.data_dir, ERP_DB) as conn:
        for n in range(60):
            add_psp(conn, f"XG-5385020002-{n:05d}", open_=False)
    log_in(page, stand_ins.erp_url, "sagsbehandler")
    page.get_by_role("link", name="PSP-elementer").click()
    page.get_by_label("Status").select_option(label="Lukket")
    page.get_by_role("button", name="Søg").click()
    rows = page.get_by_test_id("psp-row")
    expect(rows).to_have_count(50)
    expect(page.locator("[data-testid=psp-row][data-open=true]")).to_have_count(0)
    expect(rows.first).to_have_attribute("data-psp", "XG-5385010001-00099")
    page.get_by_test_id("next-page").click()
    expect(rows).to_have_count(11)
    expect(rows.last).to_have_attribute("data-psp", "XG-5385020002-00059")


def test_finance_searches_the_journal_by_voucher(page: Page, stand_ins: StandIns) -> None:
    with database(stand_ins.data_dir, ERP_DB) as conn:
        for n in (1, 2):
            invoice_id = add_invoice(
                conn, status="posted", voucher=f"BIL-000000{n}", invoice_number=f"INV-{n}"
            )
            conn.execute(
                "INSERT INTO postings (invoice_id, line_no, psp, amount, text, voucher,"
                " posted_by, posted_at) VALUES (?, 1, ?, '1.00', 't', ?, 'robot', 'x')",
                (invoice_id, PSP, f"BIL-000000{n}"),
            )
    log_in(page, f"{stand_ins.erp_url}/login?next=/journal", "okonomi")
    page.get_by_label("Bilag").fill("bil-0000002")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_test_id("journal-voucher")).to_have_text(["BIL-0000002"])


def test_cancelling_a_certificate_order_asks_for_the_confirmation(
    page: Page, stand_ins: StandIns
) -> None:
    with database(stand_ins.data_dir, CASE_DB) as conn:
        add_order(conn)
    log_in(page, f"{stand_ins.case_url}/login?next=/orders/O-2041", "sagsbehandler")
    page.get_by_role("button", name="Annullér bestilling").click()  # not ticked: no
    expect(page.get_by_test_id("order-status")).to_have_attribute("data-value", "open")
    page.get_by_label("Jeg er klar over, at en annulleret bestilling ikke kan betales").check()
    page.get_by_role("button", name="Annullér bestilling").click()
    expect(page.get_by_test_id("confirmation")).to_have_text("Bestillingen er annulleret.")
    expect(page.get_by_test_id("order-status")).to_have_attribute("data-value", "cancelled")
