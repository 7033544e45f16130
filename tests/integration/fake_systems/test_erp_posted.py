"""The invoices already posted from a supplier to a receiving EAN (contract section 8): the
robot reads it to see whether a payment plan has paid in a cadence period, so it is exact."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fake_systems.bundle.load import load_bundle
from fake_systems.db import ERP_DB, connect
from fake_systems.erp.posted import PostedFilter, page_sql
from tests.e2e.robot.test_contract_documents import contract_bundle
from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_history, add_invoice, make_line

CVR, EAN = "29403473", "5798000012345"
URL = f"/posted?cvr={CVR}&ean={EAN}"
# The cells the list had before it grew the supplier, receiver, posting user and lines.
FIRST_CELLS = {
    "posted-source", "posted-erp-id", "posted-invoice-number", "posted-doc-type",
    "posted-issue-date", "posted-period", "posted-total", "posted-at",
}  # fmt: skip
CELL = re.compile(r'data-testid="(posted-[a-z-]+)"((?: data-[a-z]+="[^"]*")*)>([^<]*)')


def cells(html: str) -> list[dict[str, Any]]:
    """Each posted-row as {testid: {attribute: value, "text": text}}."""
    rows = []
    for row in html.split('<tr data-testid="posted-row">')[1:]:
        row = row.split("</tr>")[0]
        found: dict[str, Any] = {}
        for testid, attrs, text in CELL.findall(row):
            values = dict(re.findall(r' data-([a-z]+)="([^"]*)"', attrs))
            found[testid] = values | {"text": text.strip()}
        rows.append(found)
    return rows


def posted_receipt(conn: sqlite3.Connection, posted_at: str, **fields: Any) -> int:
    (vouchers,) = conn.execute("SELECT COUNT(voucher) FROM invoices").fetchone()
    defaults = {
        "supplier_cvr": CVR,
        "receiver_gln": EAN,
        "status": "posted",
        "posted_at": posted_at,
        "voucher": f"BIL-{vouchers + 1:07d}",
    }
    return add_invoice(conn, **(defaults | fields))


def test_every_posted_receipt_and_history_posting_is_listed_newest_first(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    october = posted_receipt(
        erp_db,
        "2026-11-02T02:00:05Z",
        invoice_number="HL-10",
        issue_date="2026-10-01",
        total="9500.00",
    )
    credit = posted_receipt(
        erp_db,
        "2026-11-05T09:30:00Z",
        invoice_number="KN-1",
        doc_type="credit_note",
        period_start=None,
        period_end=None,
        lines=[make_line(amount="500.00", period_start="2026-10-01", period_end="2026-10-31")],
    )
    add_history(
        erp_db,
        supplier_cvr=CVR,
        invoice_number="HL-09",
        amount="9500.00",
        posted_at="2026-09-02",
        receiver_gln=EAN,
        period_start="2026-09-01",
        period_end="2026-09-30",
    )
    # Not listed: another receiver, another supplier, not posted, another receiver's history.
    posted_receipt(erp_db, "2026-11-03T00:00:00Z", receiver_gln="5798000000001")
    posted_receipt(erp_db, "2026-11-03T00:00:00Z", supplier_cvr="12345674")
    add_invoice(erp_db, supplier_cvr=CVR, receiver_gln=EAN, status="manual")
    add_invoice(erp_db, supplier_cvr=CVR, receiver_gln=EAN)
    add_history(erp_db, supplier_cvr=CVR, invoice_number="HL-X", receiver_gln="5798000000001")
    page = erp_as("robot").get(URL).text
    shown = [{k: v for k, v in row.items() if k in FIRST_CELLS} for row in cells(page)]
    assert shown == [
        {
            "posted-source": {"value": "receipt", "text": "Modtaget"},
            "posted-erp-id": {"value": f"ERP-{credit:06d}", "text": ""},
            "posted-invoice-number": {"text": "KN-1"},
            "posted-doc-type": {"value": "credit_note", "text": "Kreditnota"},
            "posted-issue-date": {"value": "2026-11-03", "text": "03.11.2026"},
            "posted-period": {
                "start": "2026-10-01",
                "end": "2026-10-31",
                "text": "01.10.2026–31.10.2026",
            },
            "posted-total": {"value": "500.00", "text": "500,00"},
            "posted-at": {"value": "2026-11-05T09:30:00Z", "text": "05.11.2026 10:30:00"},
        },
        {
            "posted-source": {"value": "receipt", "text": "Modtaget"},
            "posted-erp-id": {"value": f"ERP-{october:06d}", "text": ""},
            "posted-invoice-number": {"text": "HL-10"},
            "posted-doc-type": {"value": "invoice", "text": "Faktura"},
            "posted-issue-date": {"value": "2026-10-01", "text": "01.10.2026"},
            "posted-period": {
                "start": "2026-10-01",
                "end": "2026-10-31",
                "text": "01.10.2026–31.10.2026",
            },
            "posted-total": {"value": "9500.00", "text": "9.500,00"},
            "posted-at": {"value": "2026-11-02T02:00:05Z", "text": "02.11.2026 03:00:05"},
        },
        {
            "posted-source": {"value": "history", "text": "Tidligere bogføring"},
            "posted-erp-id": {"value": "", "text": ""},
            "posted-invoice-number": {"text": "HL-09"},
            "posted-doc-type": {"value": "invoice", "text": "Faktura"},
            "posted-issue-date": {"value": "", "text": ""},
            "posted-period": {
                "start": "2026-09-01",
                "end": "2026-09-30",
                "text": "01.09.2026–30.09.2026",
            },
            "posted-total": {"value": "9500.00", "text": "9.500,00"},
            "posted-at": {"value": "2026-09-02", "text": "02.09.2026"},
        },
    ]
    assert 'data-testid="posted-table"' in page
    assert 'data-testid="total-count" data-value="3"' in page


def test_a_history_posting_without_receiver_or_period_is_listed_for_no_receiver(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    add_history(erp_db, supplier_cvr=CVR)
    assert cells(erp_as("robot").get(URL).text) == []
    assert 'data-testid="empty"' in erp_as("robot").get(URL).text


def test_the_list_pages_fifty_at_a_time_with_the_inboxs_next_page_link(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    for n in range(51):
        posted_receipt(erp_db, f"2026-11-02T02:{n // 60:02d}:{n % 60:02d}Z", invoice_number=f"N{n}")
    robot = erp_as("robot")
    first = robot.get(URL).text
    assert len(cells(first)) == 50
    link = re.search(r'href="([^"]+)" rel="next" data-testid="next-page"', first)
    assert link is not None
    last = robot.get(link.group(1).replace("&amp;", "&")).text
    assert [c["posted-invoice-number"]["text"] for c in cells(last)] == ["N0"]


@pytest.mark.parametrize(
    ("query", "reasons"),
    [
        ("cvr=2940347&ean=5798000012345", ["cvr_format"]),
        ("cvr=29403473&ean=579800001234X", ["ean_format"]),
        ("cvr=DK123&ean=", ["cvr_format"]),
        ("cvr=٢٩٤٠٣٤٧٣&ean=5798000012345", ["cvr_format"]),
    ],
)
def test_a_cvr_or_ean_that_is_not_its_digits_is_refused_in_the_form(
    erp_as: Callable[[str], User], query: str, reasons: list[str]
) -> None:
    response = erp_as("robot").get(f"/posted?{query}")
    assert response.status_code == 422
    assert re.findall(r'data-reason="([a-z_]+)"', response.text) == reasons
    assert 'data-testid="posted-table"' not in response.text


def test_the_search_form_has_the_contracts_labels_and_accepts_dk_and_spaces(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    posted_receipt(erp_db, "2026-11-02T02:00:05Z")
    robot = erp_as("robot")
    form = robot.get("/posted").text
    assert '<label for="cvr">Leverandørens CVR</label>' in form
    assert '<label for="ean">Modtager (EAN)</label>' in form
    assert ">Søg</button>" in form
    spaced = robot.get("/posted?cvr=DK+29403473&ean=5798+000+012345").text
    assert len(cells(spaced)) == 1


def test_the_erp_bundles_history_carries_receiver_and_period_to_the_list(
    tmp_path: Path, erp_as: Callable[[str], User]
) -> None:
    bundle = contract_bundle(tmp_path / "bundle")
    erp = json.loads((bundle / "erp.json").read_text())
    erp["posted_invoices"] = [
        {
            "supplier_cvr": f"DK{CVR}",
            "invoice_number": "HL-08",
            "amount": "9500.00",
            "posted_at": "2026-08-03",
            "receiver_gln": EAN,
            "period_start": "2026-08-01",
            "period_end": "2026-08-31",
        },
        {"supplier_cvr": CVR, "invoice_number": "OLD", "amount": "1", "posted_at": "2025-01-01"},
    ]
    (bundle / "erp.json").write_text(json.dumps(erp))
    load_bundle(bundle, tmp_path / "data")
    conn = connect(tmp_path / "data" / ERP_DB)
    try:
        rows = conn.execute(
            "SELECT invoice_number, receiver_gln, period_start, period_end FROM posted_history"
            " ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    assert [tuple(r) for r in rows] == [
        ("HL-08", EAN, "2026-08-01", "2026-08-31"),
        ("OLD", "", None, None),
    ]


def test_both_halves_of_the_list_read_the_supplier_and_receiver_index(
    erp_db: sqlite3.Connection,
) -> None:
    sql, params = page_sql(PostedFilter(cvr=CVR, ean=EAN), limit=50, offset=0)
    plan = [row["detail"] for row in erp_db.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert any("ix_invoices_posted_receiver" in d for d in plan), plan
    assert any("ix_posted_history_receiver" in d for d in plan), plan


def test_a_posted_receipts_line_texts_are_listed_for_the_month_a_bill_names(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    """A plan bill without a period is for the month its lines name (DOMAIN.md): the robot
    reads that month of what was posted before from these texts."""
    posted_receipt(
        erp_db,
        "2026-10-09T08:00:00Z",
        period_start=None,
        period_end=None,
        lines=[make_line(amount="9925.00", note="Rengøring oktober 2026", item_name="Rengøring")],
    )
    [row] = cells(erp_as("robot").get(URL).text)
    texts = json.loads(row["posted-texts"]["value"].replace("&#34;", '"'))
    assert any("oktober 2026" in text for text in texts)
