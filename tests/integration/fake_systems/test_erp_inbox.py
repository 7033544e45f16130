"""The inbox: unposted invoices only, earliest due date first, fifty a page, searchable."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_invoice, make_line


def erp_ids(html: str) -> list[str]:
    return re.findall(r'data-testid="inbox-row" data-erp-id="([^"]+)"', html)


def test_inbox_lists_unposted_invoices_earliest_due_date_first_then_by_id(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    later = add_invoice(erp_db, due_date="2026-12-20", issue_date="2026-10-01")
    earliest = add_invoice(erp_db, due_date="2026-12-01", invoice_number="INV-2")
    same_day = add_invoice(erp_db, due_date="2026-12-20", invoice_number="INV-5")
    add_invoice(erp_db, status="posted", voucher="BIL-0000001", invoice_number="INV-3")
    add_invoice(erp_db, status="manual", invoice_number="INV-4", due_date="2026-01-01")
    page = erp_as("robot").get("/inbox").text
    assert erp_ids(page) == [f"ERP-{n:06d}" for n in (earliest, later, same_day)]
    assert 'data-testid="total-count" data-value="3"' in page


def test_inbox_shows_fifty_a_page_with_next_and_previous(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    for n in range(120):
        add_invoice(erp_db, invoice_number=f"INV-{n}")
    robot = erp_as("robot")
    first, third = robot.get("/inbox").text, robot.get("/inbox?page=3").text
    assert len(erp_ids(first)) == 50 and len(erp_ids(third)) == 20
    assert "Side 1 af 3" in first and "Næste" in first and "Forrige" not in first
    assert "Side 3 af 3" in third and "Forrige" in third and "Næste" not in third
    assert 'data-testid="total-count" data-value="120"' in first


def test_inbox_searches_by_supplier_cvr_with_or_without_dk(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    wanted = add_invoice(erp_db, supplier_cvr="98106871")
    add_invoice(erp_db)
    robot = erp_as("robot")
    assert erp_ids(robot.get("/inbox?cvr=98106871").text) == [f"ERP-{wanted:06d}"]
    assert erp_ids(robot.get("/inbox?cvr=DK98106871").text) == [f"ERP-{wanted:06d}"]


def test_inbox_searches_by_invoice_number(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    wanted = add_invoice(erp_db, invoice_number="2026-4411")
    add_invoice(erp_db)
    assert erp_ids(erp_as("robot").get("/inbox?number=2026-4411").text) == [f"ERP-{wanted:06d}"]


def test_free_text_finds_line_texts_and_buyer_reference(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    by_line = add_invoice(erp_db, lines=[make_line(note="Beskyttet beskæftigelse okt.")])
    by_reference = add_invoice(erp_db, buyer_reference="Sag 77-Beskyttet")
    add_invoice(erp_db)
    found = erp_ids(erp_as("robot").get("/inbox?q=beskyttet").text)
    assert sorted(found) == sorted([f"ERP-{by_line:06d}", f"ERP-{by_reference:06d}"])


def test_free_text_treats_percent_and_underscore_literally(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    add_invoice(erp_db)
    assert erp_ids(erp_as("robot").get("/inbox?q=%25").text) == []


def test_search_without_hits_says_so(erp_as: Callable[[str], User]) -> None:
    page = erp_as("robot").get("/inbox?number=NOPE").text
    assert "Ingen ubogførte fakturaer matcher søgningen" in page


def test_a_page_number_that_is_not_a_number_gives_a_friendly_422(
    erp_as: Callable[[str], User],
) -> None:
    response = erp_as("robot").get("/inbox?page=abc")
    assert response.status_code == 422
    assert "Ugyldig forespørgsel" in response.text
