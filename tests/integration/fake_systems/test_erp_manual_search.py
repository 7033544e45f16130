"""Searching and filtering the manual queue: supplier, CVR, invoice number, grant id, ERP id,
code, assignee and age, each read from an index (100,000 invoices stay fast)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fake_systems.erp.queues import ManualFilter, _manual_where, _order
from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_invoice


def rows(user: User, query: str) -> list[str]:
    page = user.get(f"/manual?{query}").text
    return re.findall(r'data-testid="manual-row" data-erp-id="ERP-0*(\d+)"', page)


def queued(conn: sqlite3.Connection, note: str, *, days_ago: int = 0, **fields: Any) -> str:
    invoice_id = add_invoice(conn, status="manual", **fields)
    code = note[1:].split("]")[0] if note.startswith("[") else ""
    conn.execute(
        "INSERT INTO notes (invoice_id, author, text, code, at) VALUES (?, 'robot', ?, ?, ?)",
        (invoice_id, note, code, "2026-11-23T02:00:00Z"),
    )
    since = datetime.now(UTC) - timedelta(days=days_ago, hours=1)
    conn.execute(
        "UPDATE invoices SET manual_since = ? WHERE id = ?",
        (since.strftime("%Y-%m-%dT%H:%M:%SZ"), invoice_id),
    )
    return str(invoice_id)


@pytest.fixture
def queue(erp_db: sqlite3.Connection) -> dict[str, str]:
    return {
        "solsikken": queued(
            erp_db,
            "[AMOUNT_MISMATCH] Beløbet passer ikke med bevilling B-1043.",
            supplier_name="Bostedet Solsikken ApS",
            invoice_number="INV-1",
            days_ago=40,
        ),
        "lindely": queued(
            erp_db,
            "[NO_GRANT_FOR_PERIOD] Ingen bevilling dækker perioden; B-10430 slutter 30.09.",
            supplier_name="Lindely Bo- og Aktivitetscenter",
            supplier_cvr="98106871",
            invoice_number="INV-2",
            days_ago=10,
        ),
        "aabrinken": queued(
            erp_db,
            "[NO_GRANT] Borgeren har ingen bevillinger.",
            supplier_name="Værkstedet Åbrinken",
            supplier_cvr="29403473",
            invoice_number="INV-3",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("supplier=solsik", ["solsikken"]),
        ("supplier=bostedet+solsikken", ["solsikken"]),
        ("supplier=åbrinken", ["aabrinken"]),
        ("supplier=BO", ["lindely", "solsikken"]),
        ("supplier=%26%26", []),
        ("cvr=DK+98106871", ["lindely"]),
        ("number=INV-3", ["aabrinken"]),
        ("grant=B-1043", ["solsikken"]),
        ("grant=b-10430", ["lindely"]),
        ("erp_id=ERP-000002", ["lindely"]),
        ("erp_id=2", ["lindely"]),
        ("erp_id=nonsense", []),
        ("code=NO_GRANT", ["aabrinken"]),
        ("age=7", ["lindely", "solsikken"]),
        ("age=30", ["solsikken"]),
        ("age=", ["aabrinken", "lindely", "solsikken"]),
        ("supplier=bo&age=30", ["solsikken"]),
    ],
)
def test_the_manual_queue_is_searched_and_filtered(
    erp_as: Callable[[str], User], queue: dict[str, str], query: str, expected: list[str]
) -> None:
    ids = {v: k for k, v in queue.items()}
    assert sorted(ids[n] for n in rows(erp_as("sagsbehandler"), query)) == expected


def test_the_queue_is_filtered_by_assignee_nobody_mine_or_a_user(
    erp_as: Callable[[str], User], queue: dict[str, str]
) -> None:
    caseworker, finance = erp_as("sagsbehandler"), erp_as("okonomi")
    caseworker.post(f"/invoices/{queue['solsikken']}/take", {})
    finance.post(f"/invoices/{queue['lindely']}/take", {})
    assert rows(caseworker, "assignee=mine") == [queue["solsikken"]]
    assert rows(finance, "assignee=mine") == [queue["lindely"]]
    assert rows(finance, "assignee=sagsbehandler") == [queue["solsikken"]]
    assert rows(finance, "assignee=ingen") == [queue["aabrinken"]]
    page = finance.get("/manual?assignee=mine").text
    assert '<option value="mine" selected>Mine</option>' in page
    assert '<option value="sagsbehandler">sagsbehandler</option>' in page
    assert 'data-testid="total-count" data-value="1"' in page


def test_the_queue_shows_how_many_days_each_invoice_has_waited(
    erp_as: Callable[[str], User], queue: dict[str, str]
) -> None:
    page = erp_as("sagsbehandler").get("/manual").text
    assert 'data-testid="manual-age" data-value="40">40 dage<' in page
    assert 'data-testid="manual-age" data-value="0">i dag<' in page


def test_the_queues_labels_are_the_contracts(erp_as: Callable[[str], User]) -> None:
    page = erp_as("sagsbehandler").get("/manual").text
    for label in ("Leverandør", "Leverandørens CVR", "Fakturanummer", "Bevilling", "ERP-id"):
        assert f">{label}</label>" in page
    assert '<th scope="col">Ansvarlig</th>' in page
    assert "ældre end 7 dage" in page and "ældre end 30 dage" in page
    assert 'href="/manual?status=rejected"' in page


def test_a_search_keeps_its_terms_on_the_next_page(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    for n in range(51):
        queued(erp_db, "[NO_GRANT] x", supplier_name="Bostedet Solsikken", invoice_number=f"N{n}")
    page = erp_as("sagsbehandler").get("/manual?supplier=solsikken&assignee=ingen").text
    assert 'href="/manual?supplier=solsikken&amp;assignee=ingen&amp;page=2"' in page


FILTERS = {
    "none": ManualFilter(),
    "rejected": ManualFilter(status="rejected"),
    "code": ManualFilter(code="NO_GRANT"),
    "supplier": ManualFilter(supplier="solsikken"),
    "cvr": ManualFilter(cvr="12345674"),
    "number": ManualFilter(number="INV-7"),
    "grant": ManualFilter(grant="B-1043"),
    "erp_id": ManualFilter(erp_id=7, erp_id_given=True),
    "assignee": ManualFilter(assignee="sagsbehandler"),
    "nobody": ManualFilter(assignee="ingen"),
    "age": ManualFilter(older_than_days=30),
}


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_every_queue_filter_reads_an_index_and_never_the_whole_invoice_table(
    erp_db: sqlite3.Connection, name: str
) -> None:
    erp_db.executemany(
        "INSERT INTO invoices (doc_type, supplier_cvr, supplier_name, invoice_number, issue_date,"
        " currency, total, received_at, status, note_code) VALUES ('invoice', '12345674', ?, ?,"
        " '2026-11-03', 'DKK', '1.00', 'x', ?, ?)",
        [
            (f"Leverandør {n % 300}", f"INV-{n}", ("unposted", "manual", "posted")[n % 3], "")
            for n in range(3000)
        ],
    )
    erp_db.execute("ANALYZE")
    where, params = _manual_where(FILTERS[name], now=datetime.now(UTC))
    plan = erp_db.execute(
        f"EXPLAIN QUERY PLAN SELECT i.id FROM invoices i WHERE {where}"
        f" ORDER BY {_order(FILTERS[name])} LIMIT 50",
        params,
    ).fetchall()
    details = [row["detail"] for row in plan]
    assert not [d for d in details if re.fullmatch(r"SCAN (i|invoices)", d)], details


@pytest.mark.parametrize("name", ["none", "rejected", "code", "assignee", "nobody", "age"])
def test_the_queue_is_read_in_due_date_order_from_an_index_whatever_the_load_statistics_say(
    erp_db: sqlite3.Connection, name: str
) -> None:
    """`load` analyses the tables when every invoice is in the inbox: a partial index on the
    queue then looks empty. No such index may lead SQLite to sort the whole queue per page."""
    erp_db.executemany(
        "INSERT INTO invoices (doc_type, supplier_cvr, supplier_name, invoice_number, issue_date,"
        " currency, total, received_at) VALUES ('invoice', '12345674', 'L', ?, '2026-11-03',"
        " 'DKK', '1.00', 'x')",
        [(f"INV-{n}",) for n in range(3000)],
    )
    erp_db.execute("ANALYZE")
    erp_db.execute("UPDATE invoices SET status = 'manual', note_code = 'NO_GRANT' WHERE id % 2 = 0")
    erp_db.execute("UPDATE invoices SET status = 'rejected' WHERE id % 5 = 0")
    filters = FILTERS[name]
    where, params = _manual_where(filters, now=datetime.now(UTC))
    plan = erp_db.execute(
        f"EXPLAIN QUERY PLAN SELECT i.id FROM invoices i WHERE {where}"
        f" ORDER BY {_order(filters)} LIMIT 50",
        params,
    ).fetchall()
    details = [row["detail"] for row in plan]
    assert not [d for d in details if "TEMP B-TREE" in d], details
    count = erp_db.execute(
        f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM invoices i WHERE {where}", params
    )
    assert not [row["detail"] for row in count if "manual_since" in row["detail"]]
