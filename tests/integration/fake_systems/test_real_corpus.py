"""The importer on 80 UBL documents written outside this project (tests/real_corpus): every
OIOUBL one imports, and whatever imports has the contract's fields as the documents say them
(expected.json, read independently of the importer by tests/real_corpus/make_expected.py)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fake_systems.db import ERP_DB, connect, create_database
from fake_systems.erp.importer import ImportResult, import_parsed, parse_files

CORPUS = Path(__file__).resolve().parents[2] / "real_corpus"
EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[sqlite3.Connection, dict[str, ImportResult]]]:
    data_dir = tmp_path_factory.mktemp("corpus")
    conn = connect(create_database(data_dir, ERP_DB))
    paths = sorted((CORPUS / "docs").glob("*.xml"))
    results = import_parsed(conn, parse_files(paths, workers=1), by="test")
    yield conn, {r.filename: r for r in results}
    conn.close()


def stored(conn: sqlite3.Connection, erp_id: str) -> dict[str, Any]:
    invoice_id = int(erp_id.removeprefix("ERP-"))
    row = conn.execute("SELECT * FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
    lines = conn.execute(
        "SELECT amount, period_start, period_end FROM invoice_lines WHERE invoice_id = ?"
        " ORDER BY line_no",
        (invoice_id,),
    ).fetchall()
    names = [name for name in EXPECTED[next(iter(EXPECTED))]["fields"] if name != "lines"]
    return {name: row[name] for name in names} | {"lines": [dict(line) for line in lines]}


def test_the_corpus_has_its_80_documents_and_an_expectation_for_each() -> None:
    names = sorted(p.name for p in (CORPUS / "docs").glob("*.xml"))
    assert len(names) == 80
    assert sorted(EXPECTED) == names


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_document_imports_with_the_fields_it_says(
    imported: tuple[sqlite3.Connection, dict[str, ImportResult]], name: str
) -> None:
    conn, results = imported
    expected, result = EXPECTED[name], results[name]
    if expected["outcome"] == "import":
        assert result.ok, f"{name} must import (an OIOUBL document), was refused: {result.reason}"
    if not result.ok:
        assert result.reason, f"{name} was refused without a reason"
        return
    assert result.erp_id is not None
    assert stored(conn, result.erp_id) == expected["fields"]


def test_the_documents_that_must_import_are_the_oioubl_ones_sources_md_names() -> None:
    """A guard on expected.json itself, against the kind SOURCES.md gives each document."""
    kinds = dict(re.findall(r"^\| `([^`]+)` \| (\S+) ", (CORPUS / "SOURCES.md").read_text(), re.M))
    must_import = sorted(name for name, e in EXPECTED.items() if e["outcome"] == "import")
    assert must_import == sorted(name for name, kind in kinds.items() if kind.startswith("OIOUBL"))
    assert len(must_import) == 51


# Read by hand in the documents (contract section 13), apart from make_expected.py.
DUE_DATES_READ_BY_HAND = {
    # OIOUBL 3.0: cbc:DueDate 2024-07-01, 42 days after the issue date.
    "phive-oioubl3__OIOUBL3_Invoice_billing_with_response_Example.xml": "2024-07-01",
    # OIOUBL 2.02, 13 payment means due 2005-12-31, 2006-03-31 or 2005-11-25: the earliest.
    "phive-oioubl202__InvoiceStor_v2p2.xml": "2005-11-25",
    # OIOUBL 2.02, one payment means: cac:PaymentMeans/cbc:PaymentDueDate 2006-01-15.
    "phive-oioubl202__COMPAY_01_01_00_Invoice_v2p2.xml": "2006-01-15",
    # A credit note with no due date, issued 2005-11-20: 30 days later.
    "delis__OIOUBL_CreditNote_v2.1.xml": "2005-12-20",
    # OIOUBL 3.0 credit note with no due date, issued 2024-05-20.
    "phive-oioubl3__OIOUBL3_CreditNote_billing_with_response_Example.xml": "2024-06-19",
}


@pytest.mark.parametrize("name", sorted(DUE_DATES_READ_BY_HAND))
def test_the_due_date_is_the_one_read_by_hand_in_the_document(
    imported: tuple[sqlite3.Connection, dict[str, ImportResult]], name: str
) -> None:
    conn, results = imported
    erp_id = results[name].erp_id
    assert erp_id is not None
    assert stored(conn, erp_id)["due_date"] == DUE_DATES_READ_BY_HAND[name]
    assert EXPECTED[name]["fields"]["due_date"] == DUE_DATES_READ_BY_HAND[name]
