"""The posting journal (Posteringsjournal): every posting line, newest first, searched by
invoice number, supplier CVR, PSP element, voucher and user, and paged with its search."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import PSP, add_invoice, add_psp

OTHER_PSP = "XG-5385010001-00008"


def vouchers(html: str) -> list[str]:
    return re.findall(r'data-testid="journal-voucher">([^<]+)<', html)


def posted(conn: sqlite3.Connection, *, voucher: str, psp: str, by: str, **invoice: Any) -> None:
    invoice_id = add_invoice(conn, status="posted", voucher=voucher, **invoice)
    conn.execute(
        "INSERT INTO postings (invoice_id, line_no, psp, amount, text, voucher, posted_by,"
        " posted_at) VALUES (?, 1, ?, '32240.00', 't', ?, ?, '2026-11-23T02:00:00Z')",
        (invoice_id, psp, voucher, by),
    )


@pytest.fixture
def journal(erp_db: sqlite3.Connection) -> None:
    add_psp(erp_db, OTHER_PSP)
    posted(erp_db, voucher="BIL-0000001", psp=PSP, by="robot", invoice_number="INV-1")
    posted(
        erp_db,
        voucher="BIL-0000002",
        psp=OTHER_PSP,
        by="okonomi",
        invoice_number="INV-2",
        supplier_cvr="98106871",
    )
    posted(erp_db, voucher="BIL-0000003", psp=PSP, by="robot", invoice_number="INV-3")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["BIL-0000003", "BIL-0000002", "BIL-0000001"]),
        ("number=INV-2", ["BIL-0000002"]),
        ("cvr=DK+98106871", ["BIL-0000002"]),
        ("cvr=12345674", ["BIL-0000003", "BIL-0000001"]),
        ("cvr=12345674&number=INV-1", ["BIL-0000001"]),
        (f"psp={PSP.lower()}", ["BIL-0000003", "BIL-0000001"]),
        ("voucher=bil-0000003", ["BIL-0000003"]),
        ("user=okonomi", ["BIL-0000002"]),
        ("user=robot&psp=" + OTHER_PSP, []),
        ("number=INV-9", []),
    ],
)
def test_the_journal_is_searched_by_number_cvr_psp_voucher_and_user(
    erp_as: Callable[[str], User], journal: None, query: str, expected: list[str]
) -> None:
    page = erp_as("okonomi").get(f"/journal?{query}").text
    assert vouchers(page) == expected
    assert f'data-testid="total-count" data-value="{len(expected)}"' in page


def test_the_search_form_has_a_labelled_field_for_each_and_says_when_nothing_matches(
    erp_as: Callable[[str], User], journal: None
) -> None:
    page = erp_as("sagsbehandler").get("/journal?user=ingen").text
    for label in ("Fakturanummer", "Leverandørens CVR", "PSP-element", "Bilag", "Bogført af"):
        assert f">{label}</label>" in page
    assert "Ingen posteringslinjer matcher søgningen." in page
    assert 'href="/journal" data-testid="filter-reset"' in page


def test_a_searched_journal_is_paged_with_its_search(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    for n in range(1, 56):
        posted(erp_db, voucher=f"BIL-{n:07d}", psp=PSP, by="robot", invoice_number=f"N{n}")
    posted(erp_db, voucher="BIL-0000900", psp=PSP, by="okonomi", invoice_number="X")
    client = erp_as("okonomi")
    first = client.get("/journal?user=robot").text
    assert len(vouchers(first)) == 50 and "BIL-0000900" not in vouchers(first)
    assert 'href="/journal?user=robot&amp;page=2" rel="next"' in first
    assert vouchers(client.get("/journal?user=robot&page=2").text) == [
        f"BIL-{n:07d}" for n in range(5, 0, -1)
    ]
