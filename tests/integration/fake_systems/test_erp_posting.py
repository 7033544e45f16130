"""Posting an invoice in the ERP: the rules the real ERP enforces, refused in the form."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable

import httpx

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import PSP, add_history, add_invoice, make_line

CLOSED_PSP = "XG-5385010001-00099"
TEXT = "§107 B-1043 01.10-31.10.2026"
REMARK = "§107 Midlertidigt botilbud · bevilling B-1043 · periode 01.10.2026–31.10.2026"


def posting(**overrides: str) -> dict[str, str]:
    return {"psp_1": PSP, "amount_1": "32240.00", "text_1": TEXT, "remark": REMARK} | overrides


def reasons(response: httpx.Response) -> list[str]:
    return re.findall(r'data-reason="([a-z_]+)"', response.text)


def status_of(conn: sqlite3.Connection, invoice_id: int) -> str:
    return str(
        conn.execute("SELECT status FROM invoices WHERE id = ?", (invoice_id,)).fetchone()[0]
    )


def test_posting_redirects_to_the_invoice_showing_its_voucher(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    robot = erp_as("robot")
    response = robot.post(f"/invoices/ERP-{invoice_id:06d}/post", posting())
    assert response.status_code == 303
    page = robot.get(response.headers["location"])
    assert 'data-testid="voucher" data-value="BIL-0000001"' in page.text
    assert "Bogført med bilagsnummer BIL-0000001" in page.text
    assert 'data-testid="status" data-value="posted"' in page.text


def test_posting_writes_lines_remark_and_audit(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    erp_as("robot").post(f"/invoices/{invoice_id}/post", posting(amount_1="32.240,00"))
    line = erp_db.execute("SELECT psp, amount, text, posted_by FROM postings").fetchone()
    assert tuple(line) == (PSP, "32240.00", TEXT, "robot")
    invoice = erp_db.execute("SELECT remark, posted_by FROM invoices").fetchone()
    assert tuple(invoice) == (REMARK, "robot")
    audit = erp_db.execute("SELECT username, object FROM audit WHERE action = 'post'").fetchone()
    assert tuple(audit) == ("robot", f"ERP-{invoice_id:06d}")


def test_vouchers_are_numbered_in_sequence(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    first, second = add_invoice(erp_db), add_invoice(erp_db, invoice_number="INV-1018")
    robot = erp_as("robot")
    robot.post(f"/invoices/{first}/post", posting())
    robot.post(f"/invoices/{second}/post", posting())
    vouchers = [row[0] for row in erp_db.execute("SELECT voucher FROM invoices ORDER BY id")]
    assert vouchers == ["BIL-0000001", "BIL-0000002"]


def test_unknown_psp_is_refused_naming_the_element(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", posting(psp_1="XG-NOPE"))
    assert response.status_code == 422
    assert reasons(response) == ["psp_unknown"]
    assert "PSP-elementet XG-NOPE er ukendt" in response.text
    assert status_of(erp_db, invoice_id) == "unposted"


def test_closed_psp_is_refused_saying_it_is_closed(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", posting(psp_1=CLOSED_PSP))
    assert response.status_code == 422
    assert reasons(response) == ["psp_closed"]
    assert f"PSP-elementet {CLOSED_PSP} er lukket" in response.text


def test_line_amounts_not_adding_up_are_refused_with_both_sums(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    lines = [make_line(amount="9650.00"), make_line(amount="9650.00")]
    invoice_id = add_invoice(erp_db, lines=lines)
    form = posting(amount_1="9650.00", psp_2=PSP, amount_2="9000.00", text_2=TEXT)
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", form)
    assert response.status_code == 422
    assert reasons(response) == ["amount_sum"]
    assert "18.650,00" in response.text and "19.300,00" in response.text


def test_a_posting_line_missing_for_an_invoice_line_is_refused(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, lines=[make_line(), make_line()])
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", posting())
    assert response.status_code == 422
    assert reasons(response) == ["line_count"]


def test_line_text_over_50_characters_is_refused(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", posting(text_1="x" * 51))
    assert response.status_code == 422
    assert reasons(response) == ["line_text"]
    assert "51 tegn" in response.text


def test_line_text_of_exactly_50_characters_is_accepted(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", posting(text_1="x" * 50))
    assert response.status_code == 303


def test_amount_with_three_decimals_is_refused(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", posting(amount_1="32240.001"))
    assert response.status_code == 422
    assert reasons(response) == ["amount_format"]


def test_every_problem_is_listed_and_the_input_is_kept(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    form = posting(psp_1=CLOSED_PSP, amount_1="abc", text_1="", remark="Min bemærkning")
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", form)
    assert sorted(reasons(response)) == ["amount_format", "line_text", "psp_closed"]
    assert f'value="{CLOSED_PSP}"' in response.text
    assert ">Min bemærkning</textarea>" in response.text
    assert 'data-testid="form-error"' in response.text


def test_already_posted_invoice_is_refused_with_409(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    robot = erp_as("robot")
    robot.post(f"/invoices/{invoice_id}/post", posting())
    again = robot.post(f"/invoices/{invoice_id}/post", posting())
    assert again.status_code == 409
    assert reasons(again) == ["already_posted"]
    assert erp_db.execute("SELECT COUNT(*) FROM postings").fetchone()[0] == 1


def test_robot_cannot_post_an_invoice_in_manual_handling(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, status="manual")
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", posting())
    assert response.status_code == 409
    assert reasons(response) == ["in_manual_handling"]


def test_finance_posts_an_invoice_from_manual_handling_by_hand(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, status="manual")
    response = erp_as("okonomi").post(f"/invoices/{invoice_id}/post", posting())
    assert response.status_code == 303
    assert status_of(erp_db, invoice_id) == "posted"
    assert erp_db.execute("SELECT posted_by FROM postings").fetchone()[0] == "okonomi"


def test_a_credit_note_is_posted_as_a_credit_with_the_amounts_the_document_shows(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    lines = [make_line(amount="2080.00"), make_line(amount="1040.00")]
    invoice_id = add_invoice(erp_db, doc_type="credit_note", lines=lines)
    form = posting(amount_1="2080.00", psp_2=PSP, amount_2="1.040,00", text_2=TEXT)
    finance = erp_as("okonomi")
    assert finance.post(f"/invoices/{invoice_id}/post", form).status_code == 303
    amounts = [row[0] for row in erp_db.execute("SELECT amount FROM postings ORDER BY line_no")]
    assert amounts == ["-2080.00", "-1040.00"]
    journal = finance.get("/journal").text
    assert 'data-testid="journal-amount" data-value="-2080.00">-2.080,00' in journal
    page = finance.get(f"/invoices/{invoice_id}").text
    assert 'data-testid="posting-amount" data-value="-1040.00">-1.040,00' in page


def test_a_credit_notes_amounts_must_add_up_to_its_total_as_the_document_shows_it(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, doc_type="credit_note", lines=[make_line(amount="2080.00")])
    response = erp_as("okonomi").post(f"/invoices/{invoice_id}/post", posting(amount_1="-2080.00"))
    assert response.status_code == 422
    assert reasons(response) == ["amount_sum"]


def test_an_invoice_with_a_negative_total_is_posted_with_its_own_signs(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, lines=[make_line(amount="-500.00")])
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", posting(amount_1="-500.00"))
    assert response.status_code == 303
    assert erp_db.execute("SELECT amount FROM postings").fetchone()[0] == "-500.00"


def test_a_rejected_invoice_can_never_be_posted(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db, status="rejected")
    for user in ("okonomi", "admin", "robot"):
        response = erp_as(user).post(f"/invoices/{invoice_id}/post", posting())
        assert (response.status_code, reasons(response)) == (409, ["rejected"])
    assert status_of(erp_db, invoice_id) == "rejected"


def test_second_receipt_of_a_posted_invoice_is_refused(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    first, again = add_invoice(erp_db), add_invoice(erp_db)
    robot = erp_as("robot")
    robot.post(f"/invoices/{first}/post", posting())
    response = robot.post(f"/invoices/{again}/post", posting())
    assert response.status_code == 409
    assert reasons(response) == ["duplicate_invoice"]
    assert f"ERP-{first:06d}" in response.text


def test_invoice_in_the_posted_history_is_refused(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    add_history(erp_db, posted_at="2026-10-03")
    invoice_id = add_invoice(erp_db)
    response = erp_as("robot").post(f"/invoices/{invoice_id}/post", posting())
    assert response.status_code == 409
    assert reasons(response) == ["duplicate_invoice"]
    assert "03.10.2026" in response.text


def test_two_concurrent_posts_of_the_same_key_cannot_both_succeed(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    first, second = add_invoice(erp_db), add_invoice(erp_db)
    users = [erp_as("robot"), erp_as("admin")]
    results: list[int] = []
    barrier = threading.Barrier(2)

    def post(user: User, invoice_id: int) -> None:
        barrier.wait()
        results.append(user.post(f"/invoices/{invoice_id}/post", posting()).status_code)

    threads = [
        threading.Thread(target=post, args=pair)
        for pair in zip(users, (first, second), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [303, 409]
    assert (
        erp_db.execute("SELECT COUNT(*) FROM invoices WHERE status = 'posted'").fetchone()[0] == 1
    )
