"""The ERP's invoice page: everything about the invoice on one page, escaped."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_history, add_invoice, make_line


def test_invoice_page_shows_header_fields_in_machine_stable_form(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, doc_type="credit_note")
    page = erp_as("robot").get(f"/invoices/ERP-{invoice_id:06d}").text
    for fragment in (
        f'data-testid="erp-id" data-value="ERP-{invoice_id:06d}"',
        'data-testid="supplier-cvr" data-value="12345674"',
        'data-testid="doc-type" data-value="credit_note">Kreditnota',
        'data-testid="issue-date" data-value="2026-11-03">03.11.2026',
        'data-testid="period" data-start="2026-10-01" data-end="2026-10-31"',
        'data-testid="total" data-value="32240.00">32.240,00 DKK',
        'data-testid="buyer-reference">HAP',
        'data-testid="status" data-value="unposted">Ubogført',
    ):
        assert fragment in page


def test_invoice_page_lists_every_line(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    lines = [make_line(note="cpr 2304851118", amount="9650.00"), make_line(amount="9650.00")]
    invoice_id = add_invoice(erp_db, lines=lines)
    page = erp_as("robot").get(f"/invoices/{invoice_id}").text
    assert page.count('data-testid="line-row"') == 2
    assert 'data-testid="line-note">cpr 2304851118' in page
    assert 'data-testid="line-amount" data-value="9650.00">9.650,00' in page
    assert page.count('data-testid="posting-line"') == 2
    assert '<label for="text_2">Linjetekst, linje 2</label>' in page


def test_invoice_id_may_be_written_either_way(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    robot = erp_as("robot")
    assert robot.get(f"/invoices/{invoice_id}").status_code == 200
    assert robot.get(f"/invoices/ERP-{invoice_id:06d}").status_code == 200


def test_unknown_invoice_gives_a_friendly_404(erp_as: Callable[[str], User]) -> None:
    response = erp_as("robot").get("/invoices/ERP-999999")
    assert response.status_code == 404
    assert "Fakturaen ERP-999999 findes ikke." in response.text


def test_same_key_section_lists_other_receipts_and_the_history(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    this = add_invoice(erp_db)
    other = add_invoice(erp_db, status="posted", voucher="BIL-0000003")
    add_invoice(erp_db, invoice_number="INV-OTHER")
    add_history(erp_db, posted_at="2026-10-03")
    page = erp_as("robot").get(f"/invoices/{this}").text
    assert f'data-source="receipt" data-erp-id="ERP-{other:06d}"' in page
    assert 'data-testid="same-key-status" data-value="posted"' in page
    assert 'data-source="history"' in page
    assert page.count('data-testid="same-key-row"') == 2


def test_same_key_section_has_a_clear_empty_state(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    page = erp_as("robot").get(f"/invoices/{invoice_id}").text
    assert 'data-testid="same-key-empty"' in page


def test_html_and_script_in_invoice_text_are_shown_escaped(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    invoice_id = add_invoice(
        erp_db,
        supplier_name=evil,
        invoice_number=evil,
        buyer_reference=evil,
        lines=[make_line(note=evil, item_name=evil, item_description=evil)],
    )
    robot = erp_as("robot")
    for path in (f"/invoices/{invoice_id}", "/inbox"):
        page = robot.get(path).text
        assert "<script>" not in page and "<img" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_posted_invoice_shows_postings_and_remark_and_no_forms(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    robot = erp_as("robot")
    form = {"psp_1": "XG-5385010001-00007", "amount_1": "32240", "text_1": "t", "remark": "r"}
    robot.post(f"/invoices/{invoice_id}/post", form)
    page = robot.get(f"/invoices/{invoice_id}").text
    assert 'data-testid="posting-psp">XG-5385010001-00007' in page
    assert 'data-testid="remark">r<' in page
    assert 'data-testid="posting-form"' not in page and 'data-testid="manual-form"' not in page


def test_invoice_page_shows_the_type_code_with_its_danish_name(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    robot = erp_as("robot")
    shown = {
        code: robot.get(f"/invoices/{add_invoice(erp_db, type_code=code)}").text
        for code in ("380", "384", "999", "")
    }
    assert '<dd data-testid="type-code" data-value="380">380 (Handelsfaktura)</dd>' in shown["380"]
    assert 'data-testid="type-code" data-value="384">384 (Korrigeret faktura)<' in shown["384"]
    assert 'data-testid="type-code" data-value="999">999<' in shown["999"]
    assert 'data-testid="type-code" data-value="">(ingen)<' in shown[""]


def test_invoice_page_shows_the_receiving_ean_as_13_digits(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, receiver_gln="5798000012345")
    page = erp_as("robot").get(f"/invoices/{invoice_id}").text
    assert '<dd data-testid="receiver-gln" data-value="5798000012345">5798000012345</dd>' in page


def test_times_people_read_are_danish_local_time_and_say_so(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, received_at="2026-07-01T12:00:00Z")
    admin = erp_as("admin")
    form = {"psp_1": "XG-5385010001-00007", "amount_1": "32240", "text_1": "t", "remark": "r"}
    admin.post(f"/invoices/{invoice_id}/post", form)
    page = admin.get(f"/invoices/{invoice_id}").text
    assert (
        'data-testid="received-at" data-value="2026-07-01T12:00:00Z">01.07.2026 14:00:00<' in page
    )
    for text in (page, admin.get("/journal").text, admin.get("/audit").text):
        assert "(dansk tid)" in text and "UTC" not in text
