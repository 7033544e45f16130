"""Due dates in the ERP (contract section 13): read on import, shown as Forfaldsdato on the
invoice page, in the inbox and in the manual queue, which list the earliest first and mark the
overdue in words, and given in the export."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from fake_systems.bundle.export import export_outcome
from fake_systems.erp.importer import import_document
from fake_systems.web.formatting import danish_today
from tests.integration.fake_systems.conftest import User
from tests.integration.fake_systems.test_erp_upload import INVOICE
from tests.support.stand_in_builders import add_invoice, seed_case


def days_from_today(days: int) -> str:
    return (danish_today() + timedelta(days=days)).isoformat()


def rows(html: str, testid: str) -> list[tuple[str, str, bool]]:
    """(ERP id, data-due, marked overdue) of each row, in the page's order."""
    found = re.findall(
        rf'<tr data-testid="{testid}" data-erp-id="([^"]+)" data-due="([^"]*)"([^>]*)>', html
    )
    return [(erp_id, due, 'data-overdue="true"' in rest) for erp_id, due, rest in found]


def erp(invoice_id: int) -> str:
    return f"ERP-{invoice_id:06d}"


def test_an_imported_invoice_keeps_the_due_date_it_names(erp_db: sqlite3.Connection) -> None:
    means = b"<cac:PaymentMeans><cbc:PaymentMeansCode>31</cbc:PaymentMeansCode>"
    means += b"<cbc:PaymentDueDate>2026-11-20</cbc:PaymentDueDate></cac:PaymentMeans>"
    data = INVOICE.replace(b"<cac:LegalMonetaryTotal>", means + b"<cac:LegalMonetaryTotal>")
    result = import_document(erp_db, filename="a.xml", data=data, received_by="admin")
    assert result.erp_id is not None
    due = erp_db.execute("SELECT due_date FROM invoices WHERE id = 1").fetchone()[0]
    assert due == "2026-11-20"


def test_an_imported_invoice_without_one_is_due_30_days_after_its_issue_date(
    erp_db: sqlite3.Connection,
) -> None:
    import_document(erp_db, filename="a.xml", data=INVOICE, received_by="admin")
    assert erp_db.execute("SELECT due_date FROM invoices").fetchone()[0] == "2026-12-02"


def test_a_row_written_without_a_due_date_gets_the_same_default(
    erp_db: sqlite3.Connection,
) -> None:
    dated = add_invoice(erp_db, issue_date="2026-11-03")
    undated = add_invoice(erp_db, issue_date=None, received_at="2026-11-04T06:00:00Z")
    due = dict(erp_db.execute("SELECT id, due_date FROM invoices").fetchall())
    assert due == {dated: "2026-12-03", undated: "2026-12-04"}


def test_the_inbox_lists_the_earliest_due_date_first_and_marks_the_overdue(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    later = add_invoice(erp_db, due_date=days_from_today(10), invoice_number="A")
    today = add_invoice(erp_db, due_date=days_from_today(0), invoice_number="B")
    overdue = add_invoice(erp_db, due_date=days_from_today(-3), invoice_number="C")
    page = erp_as("robot").get("/inbox").text
    assert rows(page, "inbox-row") == [
        (erp(overdue), days_from_today(-3), True),
        (erp(today), days_from_today(0), False),
        (erp(later), days_from_today(10), False),
    ]
    assert '<th scope="col">Forfaldsdato</th>' in page
    assert page.count('data-testid="overdue">Forfalden</strong>') == 1


def queued(conn: sqlite3.Connection, *, due_in: int, number: str, status: str = "manual") -> int:
    return add_invoice(conn, status=status, due_date=days_from_today(due_in), invoice_number=number)


def test_the_manual_queue_lists_the_earliest_due_date_first_with_days_left_or_overdue(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    later = queued(erp_db, due_in=5, number="A")
    overdue = queued(erp_db, due_in=-3, number="B")
    tomorrow = queued(erp_db, due_in=1, number="C")
    yesterday = queued(erp_db, due_in=-1, number="D")
    page = erp_as("sagsbehandler").get("/manual").text
    assert [(erp_id, late) for erp_id, _, late in rows(page, "manual-row")] == [
        (erp(overdue), True),
        (erp(yesterday), True),
        (erp(tomorrow), False),
        (erp(later), False),
    ]
    days = re.findall(r'data-testid="manual-due-days">([^<]*)<', page)
    assert days == ["3 dage over forfald", "1 dag over forfald", "1 dag tilbage", "5 dage tilbage"]
    assert page.count('data-testid="overdue">Forfalden</strong>') == 2  # yesterday's too
    assert '<th scope="col">Forfaldsdato</th>' in page


def test_the_queue_keeps_the_due_date_order_under_a_filter_and_on_the_next_page(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    ids = [queued(erp_db, due_in=60 - n, number=f"N{n}") for n in range(55)]
    for invoice_id in ids:
        erp_db.execute(
            "INSERT INTO notes (invoice_id, author, text, code, at)"
            " VALUES (?, 'robot', '[NO_GRANT] x', 'NO_GRANT', '2026-11-23T02:00:00Z')",
            (invoice_id,),
        )
    caseworker = erp_as("sagsbehandler")
    first = rows(caseworker.get("/manual?code=NO_GRANT").text, "manual-row")
    second = rows(caseworker.get("/manual?code=NO_GRANT&page=2").text, "manual-row")
    assert [r[0] for r in first + second] == [erp(i) for i in reversed(ids)]


def test_a_rejected_invoice_is_never_marked_overdue(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    rejected = queued(erp_db, due_in=-10, number="A", status="rejected")
    page = erp_as("sagsbehandler").get("/manual?status=rejected").text
    assert rows(page, "manual-row") == [(erp(rejected), days_from_today(-10), False)]
    assert "Forfalden" not in page


def test_the_invoice_page_shows_the_due_date_and_whether_it_is_overdue(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    overdue = add_invoice(erp_db, due_date=days_from_today(-2))
    paid = add_invoice(erp_db, due_date=days_from_today(-2), status="posted", voucher="BIL-1")
    robot = erp_as("robot")
    page = robot.get(f"/invoices/{overdue}").text
    assert (
        f'<dt>Forfaldsdato</dt><dd data-testid="due-date" data-value="{days_from_today(-2)}">'
        in page
    )
    assert "Forfalden" in page and "(2 dage over forfald)" in page
    assert "Forfalden" not in robot.get(f"/invoices/{paid}").text


def test_the_export_gives_each_invoices_due_date(erp_dir: Path, erp_db: sqlite3.Connection) -> None:
    seed_case(erp_dir)
    add_invoice(erp_db, due_date="2026-12-03")
    add_invoice(erp_db, issue_date="2026-11-10", invoice_number="INV-2")
    export_outcome(erp_dir, erp_dir / "out.json")
    invoices = json.loads((erp_dir / "out.json").read_text())["invoices"]
    assert [i["due_date"] for i in invoices] == ["2026-12-03", "2026-12-10"]
    assert all(date.fromisoformat(i["due_date"]) for i in invoices)
