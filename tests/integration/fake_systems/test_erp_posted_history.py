"""The screen Bogførte fakturaer as the history the robot learns from (contract section 12):
every filter optional (supplier CVR, receiver EAN, posting dates Fra and Til), pages of up to
500 rows, each row with its supplier, receiver, posting user and posting lines, from both the
ERP's own posted receipts and the history loaded from erp.json."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fake_systems.bundle.export import export_outcome
from fake_systems.bundle.load import load_bundle
from fake_systems.erp.app import create_app
from fake_systems.erp.posted import PostedFilter, page_sql, posted_page
from tests.e2e.robot.test_contract_documents import contract_bundle
from tests.integration.fake_systems.conftest import User, log_in
from tests.integration.fake_systems.test_erp_posted import CVR, EAN, cells, posted_receipt
from tests.support.stand_in_builders import PSP, add_history, make_line, post_lines

OTHER_CVR, OTHER_EAN = "12345674", "5798000000001"
ROW = re.compile(r'<tr data-testid="posted-row">(.*?)</tr>', re.S)


def value(row_html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}" data-value="([^"]*)"', row_html)
    assert found is not None, testid
    return html.unescape(found.group(1))


def rows(page: str) -> list[str]:
    return ROW.findall(page)


def numbers(page: str) -> list[str]:
    return [c["posted-invoice-number"]["text"] for c in cells(page)]


def history(conn: sqlite3.Connection, number: str, posted_at: str, **more: Any) -> int:
    fields: dict[str, Any] = {
        "supplier_cvr": CVR,
        "invoice_number": number,
        "amount": "1200.00",
        "posted_at": posted_at,
        "receiver_gln": EAN,
    }
    return add_history(conn, **(fields | more))


@pytest.fixture
def mixed(erp_db: sqlite3.Connection) -> sqlite3.Connection:
    """Two receipts and three history postings, from two suppliers to two receivers, posted
    from 31 October (UTC late evening: 1 November in Denmark) to 5 November."""
    late = posted_receipt(
        erp_db,
        "2026-10-31T23:30:00Z",
        invoice_number="R-LATE",
        lines=[
            make_line(amount="900.00", note="Rengøring oktober 2026", item_name="Rengøring"),
            make_line(amount="100.00", note="", item_name="Vinduer", item_description="ekstra"),
        ],
    )
    post_lines(
        erp_db,
        late,
        [(PSP, "900.00", "Rengøring 10.2026"), (PSP, "100.00", "Vinduer 10.2026")],
        posted_at="2026-10-31T23:30:00Z",
        posted_by="okonomi",
    )
    posted_receipt(erp_db, "2026-11-05T09:00:00Z", invoice_number="R-OTHER", receiver_gln=OTHER_EAN)
    history(
        erp_db,
        "H-0110",
        "2026-11-01",
        supplier_name="Rengøringsservice Lindely ApS",
        issue_date="2026-10-25",
        posted_by="okonomi",
        lines=[
            {"text": "Rengøring Lindely", "amount": "1000.00", "psp": PSP},
            {"text": "Vinduer Lindely", "amount": "200.00", "psp": "XG-5385010001-00099"},
        ],
    )
    history(erp_db, "H-1031", "2026-10-31")
    history(erp_db, "H-OTHER", "2026-11-04", supplier_cvr=OTHER_CVR)
    return erp_db


def test_without_filters_every_posting_of_both_halves_is_listed_newest_first(
    mixed: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    page = erp_as("robot").get("/posted").text
    assert numbers(page) == ["R-OTHER", "H-OTHER", "H-0110", "R-LATE", "H-1031"]
    assert 'data-testid="total-count" data-value="5"' in page


def test_each_row_says_who_billed_whom_who_posted_it_and_its_posting_lines(
    mixed: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    page = erp_as("robot").get(f"/posted?cvr={CVR}&ean={EAN}").text
    earlier, receipt = rows(page)[0], rows(page)[1]
    assert value(receipt, "posted-supplier-cvr") == CVR
    assert value(receipt, "posted-receiver") == EAN
    assert json.loads(value(receipt, "posted-lines")) == [
        {"text": "Rengøring 1.040,00 kr. pr. døgn", "amount": "900.00", "psp": PSP},
        {"text": "Vinduer ekstra", "amount": "100.00", "psp": PSP},
    ]
    assert json.loads(value(receipt, "posted-texts")) == [
        "Rengøring 1.040,00 kr. pr. døgn Rengøring oktober 2026",
        "Vinduer ekstra",
    ]
    found = cells(page)
    assert found[1]["posted-supplier-name"]["text"] == "Bostedet Solsikken ApS"
    assert found[1]["posted-posted-by"]["text"] == "okonomi"
    assert found[0]["posted-supplier-name"]["text"] == "Rengøringsservice Lindely ApS"
    assert found[0]["posted-posted-by"]["text"] == "okonomi"
    assert found[0]["posted-issue-date"]["value"] == "2026-10-25"
    assert json.loads(value(earlier, "posted-lines")) == [
        {"text": "Rengøring Lindely", "amount": "1000.00", "psp": PSP},
        {"text": "Vinduer Lindely", "amount": "200.00", "psp": "XG-5385010001-00099"},
    ]
    assert json.loads(value(earlier, "posted-texts")) == ["Rengøring Lindely", "Vinduer Lindely"]
    assert "Vinduer Lindely: 200,00 på XG-5385010001-00099" in earlier  # for people, too


def test_a_receipt_never_posted_by_lines_and_a_history_posting_without_lines_show_none(
    mixed: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    page = erp_as("robot").get(f"/posted?ean={OTHER_EAN}").text
    [receipt] = rows(page)
    assert json.loads(value(receipt, "posted-lines")) == []
    page = erp_as("robot").get(f"/posted?cvr={OTHER_CVR}").text
    [earlier] = rows(page)
    assert json.loads(value(earlier, "posted-lines")) == []
    assert value(earlier, "posted-receiver") == EAN


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        (f"cvr={CVR}", ["R-OTHER", "H-0110", "R-LATE", "H-1031"]),
        (f"ean={EAN}", ["H-OTHER", "H-0110", "R-LATE", "H-1031"]),
        (f"cvr={CVR}&ean={OTHER_EAN}", ["R-OTHER"]),
        ("fra=2026-11-01", ["R-OTHER", "H-OTHER", "H-0110", "R-LATE"]),
        ("til=2026-10-31", ["H-1031"]),
        ("fra=2026-11-01&til=2026-11-01", ["H-0110", "R-LATE"]),
        ("fra=2026-11-02&til=2026-11-04", ["H-OTHER"]),
        (f"ean={EAN}&fra=2026-11-02", ["H-OTHER"]),
        ("fra=&til=&cvr=&ean=", ["R-OTHER", "H-OTHER", "H-0110", "R-LATE", "H-1031"]),
    ],
)
def test_each_filter_narrows_the_list_alone_or_with_the_others(
    mixed: sqlite3.Connection, erp_as: Callable[[str], User], query: str, listed: list[str]
) -> None:
    """Fra and Til are Danish days, both included: a receipt stamped 23:30 UTC on 31 October
    was posted on 1 November in Denmark."""
    page = erp_as("robot").get(f"/posted?{query}").text
    assert numbers(page) == listed
    assert f'data-testid="total-count" data-value="{len(listed)}"' in page


@pytest.mark.parametrize(
    ("query", "reasons"),
    [
        ("fra=01.11.2026", ["date_format"]),
        ("til=2026-13-01", ["date_format"]),
        ("fra=2026-11-05&til=2026-11-01", ["date_order"]),
        ("antal=501", ["page_size"]),
        ("antal=0", ["page_size"]),
        ("antal=mange", ["page_size"]),
    ],
)
def test_a_date_or_page_size_that_cannot_be_read_is_refused_in_the_form(
    erp_as: Callable[[str], User], query: str, reasons: list[str]
) -> None:
    response = erp_as("robot").get(f"/posted?{query}")
    assert response.status_code == 422
    assert re.findall(r'data-reason="([a-z_]+)"', response.text) == reasons
    assert 'data-testid="posted-table"' not in response.text


def test_the_form_has_the_contracts_date_labels_and_a_page_size(
    erp_as: Callable[[str], User],
) -> None:
    form = erp_as("robot").get("/posted").text
    assert '<label for="fra">Fra</label>' in form
    assert '<label for="til">Til</label>' in form
    assert '<label for="antal">Antal pr. side</label>' in form


def test_a_page_size_up_to_500_pages_the_filtered_list_with_the_next_page_link(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    for n in range(7):
        history(erp_db, f"H-{n}", f"2026-0{n + 1}-15")
    history(erp_db, "H-OUT", "2026-09-15")
    robot = erp_as("robot")
    found, path = [], "/posted?fra=2026-01-01&til=2026-08-31&antal=3"
    while path:
        page = robot.get(path).text
        assert len(rows(page)) <= 3
        found += numbers(page)
        link = re.search(r'href="([^"]+)" rel="next" data-testid="next-page"', page)
        path = html.unescape(link.group(1)) if link else ""
    assert found == [f"H-{n}" for n in reversed(range(7))]
    for n in range(493):
        history(erp_db, f"B-{n}", "2026-02-01")
    big = robot.get("/posted?antal=500").text
    assert len(rows(big)) == 500
    assert 'data-testid="next-page"' in big


def test_a_page_reads_its_lines_in_a_fixed_number_of_queries_however_many_rows(
    erp_db: sqlite3.Connection,
) -> None:
    """No query per row: a page of 3 rows and a page of 40 cost the same statements."""
    for n in range(20):
        at = f"2026-10-{n + 1:02d}T08:00:00Z"
        receipt = posted_receipt(erp_db, at, invoice_number=f"R{n}")
        post_lines(erp_db, receipt, [(PSP, "32240.00", "tekst")], posted_at=at)
        line = {"text": "Kontorartikler", "amount": "10.00", "psp": PSP}
        history(erp_db, f"H{n}", f"2026-10-{n + 1:02d}", lines=[line, line])

    def statements(limit: int) -> int:
        seen: list[str] = []
        erp_db.set_trace_callback(seen.append)
        try:
            page = posted_page(erp_db, filters=PostedFilter(), limit=limit, offset=0)
        finally:
            erp_db.set_trace_callback(None)
        assert len(page) == limit
        assert {row.source for row in page} == {"receipt", "history"}
        assert all(row.lines for row in page)
        return len(seen)

    assert statements(3) == statements(40)


@pytest.mark.parametrize(
    ("filters", "indexes"),
    [
        (PostedFilter(cvr=CVR, ean=EAN), ("ix_invoices_posted_receiver", "ix_posted_history_receiver")),
        (PostedFilter(ean=EAN), ("ix_invoices_posted_ean", "ix_posted_history_ean")),
        (PostedFilter(), ("ix_invoices_posted_at", "ix_posted_history_at")),
    ],
)  # fmt: skip
def test_each_filter_reads_an_index_of_both_halves(
    erp_db: sqlite3.Connection, filters: PostedFilter, indexes: tuple[str, str]
) -> None:
    sql, params = page_sql(filters, limit=500, offset=0)
    plan = " ".join(row["detail"] for row in erp_db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    for index in indexes:
        assert index in plan, plan


def test_a_bundles_history_with_lines_loads_to_the_screen_and_stays_out_of_the_export(
    tmp_path: Path,
) -> None:
    bundle = contract_bundle(tmp_path / "bundle")
    erp = json.loads((bundle / "erp.json").read_text())
    erp["posted_invoices"] = [
        {
            "supplier_cvr": CVR,
            "supplier_name": "Rengøringsservice Lindely ApS",
            "invoice_number": "H-77",
            "amount": "1500.00",
            "posted_at": "2026-10-03",
            "receiver_gln": EAN,
            "issue_date": "2026-09-28",
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "posted_by": "okonomi",
            "lines": [
                {"text": "Rengøring oktober 2026", "amount": "1400.00", "psp": PSP},
                {"text": "Ekstra, CPR 010190-1234", "amount": "100.00", "psp": PSP},
            ],
        },
        {"supplier_cvr": CVR, "invoice_number": "OLD", "amount": "1", "posted_at": "2025-01-01"},
    ]
    (bundle / "erp.json").write_text(json.dumps(erp))
    data = tmp_path / "data"
    load_bundle(bundle, data)
    users = json.loads((bundle / "users.json").read_text())
    robot = next(u for u in users if u["role"] == "robot")
    page = log_in(create_app(data), robot["username"], robot["password"]).get("/posted").text
    first, old = rows(page)[-2:]
    assert json.loads(value(first, "posted-lines")) == erp["posted_invoices"][0]["lines"]
    assert value(first, "posted-supplier-cvr") == CVR
    assert value(first, "posted-issue-date") == "2026-09-28"
    assert json.loads(value(old, "posted-lines")) == []
    assert value(old, "posted-receiver") == ""
    export_outcome(data, tmp_path / "export.json")
    exported = json.loads((tmp_path / "export.json").read_text())
    assert not {"H-77", "OLD"} & {i["invoice_number"] for i in exported["invoices"]}
