"""`fake-systems load` and `export` on any bundle in the contract format, and the importer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fake_systems.bundle.export import export_outcome
from fake_systems.bundle.load import load_bundle
from fake_systems.bundle.models import BundleError
from fake_systems.db import ERP_DB, connect
from fake_systems.erp.importer import import_document
from tests.e2e.robot.test_contract_documents import contract_bundle
from tests.support.stand_ins import run_cli


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return contract_bundle(tmp_path / "bundle")


def test_load_then_export_lists_every_document_unposted_once(bundle: Path, tmp_path: Path) -> None:
    report = load_bundle(bundle, tmp_path / "data")
    assert report.refused == []
    export_outcome(tmp_path / "data", tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text())
    assert len(exported["invoices"]) == len(list((bundle / "invoices").glob("*.xml")))
    assert {i["status"] for i in exported["invoices"]} == {"unposted"}
    assert len({i["id"] for i in exported["invoices"]}) == len(exported["invoices"])
    first = exported["invoices"][0]
    assert set(first) == {
        "id",
        "invoice_key",
        "supplier_cvr",
        "invoice_number",
        "status",
        "due_date",
        "assignee",
        "posted_by",
        "remark",
        "postings",
        "notes",
    }
    assert exported["payments"] == []


def test_two_receipts_of_one_invoice_are_both_kept(bundle: Path, tmp_path: Path) -> None:
    load_bundle(bundle, tmp_path / "data")
    export_outcome(tmp_path / "data", tmp_path / "out.json")
    keys = [i["invoice_key"] for i in json.loads((tmp_path / "out.json").read_text())["invoices"]]
    assert keys.count("16356706/A00095678") == 2


def test_bad_file_is_refused_with_its_name_and_the_rest_still_load(
    bundle: Path, tmp_path: Path
) -> None:
    (bundle / "invoices" / "zz-broken.xml").write_text("<Invoice>not closed")
    report = load_bundle(bundle, tmp_path / "data")
    assert [(r.filename, "well-formed" in (r.reason or "")) for r in report.refused] == [
        ("zz-broken.xml", True)
    ]
    assert sum(r.ok for r in report.invoices) == 11


def test_load_replaces_all_earlier_data(bundle: Path, tmp_path: Path) -> None:
    load_bundle(bundle, tmp_path / "data")
    load_bundle(bundle, tmp_path / "data")
    conn = connect(tmp_path / "data" / ERP_DB)
    assert conn.execute("SELECT COUNT(*) FROM invoices").fetchone()[0] == 11


def test_malformed_bundle_file_names_the_file_and_the_place(bundle: Path, tmp_path: Path) -> None:
    case = json.loads((bundle / "case_system.json").read_text())
    case["grants"][0]["rate_unit"] = "week"
    (bundle / "case_system.json").write_text(json.dumps(case))
    with pytest.raises(BundleError, match=r"case_system.json: grants/0/rate_unit"):
        load_bundle(bundle, tmp_path / "data")


def test_upload_importer_stores_document_and_audits_it(bundle: Path, tmp_path: Path) -> None:
    load_bundle(bundle, tmp_path / "data")
    conn = connect(tmp_path / "data" / ERP_DB)
    data = (bundle / "invoices" / "invoice-single.xml").read_bytes()
    result = import_document(conn, filename="again.xml", data=data, received_by="admin")
    assert result.ok
    assert result.erp_id == "ERP-000012"
    audit = conn.execute("SELECT username, action, object FROM audit ORDER BY id DESC").fetchone()
    assert tuple(audit) == ("admin", "import", "ERP-000012")


def test_cli_load_reports_refused_files_and_exits_1(bundle: Path, tmp_path: Path) -> None:
    (bundle / "invoices" / "zz-order.xml").write_text("<Order xmlns='urn:x'/>")
    result = run_cli("fake-systems", "load", str(bundle), "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 1
    assert "refused zz-order.xml: root element is Order" in result.stderr


def test_cli_export_without_data_says_load_first(tmp_path: Path) -> None:
    result = run_cli(
        "fake-systems",
        "export",
        "--data-dir",
        str(tmp_path / "none"),
        "--out",
        str(tmp_path / "x.json"),
    )
    assert result.returncode == 2
    assert "load a bundle first" in result.stderr


def test_cli_serve_without_data_says_load_first(tmp_path: Path) -> None:
    result = run_cli("fake-systems", "serve", "--data-dir", str(tmp_path / "none"))
    assert result.returncode == 2
    assert "fake-systems load" in result.stderr


def test_an_imported_invoice_with_a_credit_note_type_code_is_stored_as_a_credit_note(
    bundle: Path, tmp_path: Path
) -> None:
    load_bundle(bundle, tmp_path / "data")
    conn = connect(tmp_path / "data" / ERP_DB)
    data = (bundle / "invoices" / "invoice-single.xml").read_bytes()
    as_credit = data.replace(b">380</cbc:InvoiceTypeCode>", b">381</cbc:InvoiceTypeCode>")
    result = import_document(conn, filename="kredit.xml", data=as_credit, received_by="admin")
    assert result.ok and result.erp_id is not None
    invoice_id = int(result.erp_id.removeprefix("ERP-"))
    row = conn.execute("SELECT doc_type, type_code FROM invoices WHERE id = ?", (invoice_id,))
    assert tuple(row.fetchone()) == ("credit_note", "381")
    lines = conn.execute("SELECT COUNT(*) FROM invoice_lines WHERE invoice_id = ?", (invoice_id,))
    assert lines.fetchone()[0] == 1
