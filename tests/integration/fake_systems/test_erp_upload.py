"""The admins' upload page: each file is imported on its own; a bad one is refused by name."""

from __future__ import annotations

import sqlite3
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.integration.fake_systems.conftest import User

INVOICE = b"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:CustomizationID>OIOUBL-2.02</cbc:CustomizationID>
 <cbc:ID>INV-1017</cbc:ID><cbc:IssueDate>2026-11-02</cbc:IssueDate>
 <cbc:InvoiceTypeCode listAgencyID="320">380</cbc:InvoiceTypeCode>
 <cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>
 <cac:InvoicePeriod><cbc:StartDate>2026-10-01</cbc:StartDate>
  <cbc:EndDate>2026-10-31</cbc:EndDate></cac:InvoicePeriod>
 <cac:AccountingSupplierParty><cac:Party>
  <cbc:EndpointID schemeID="DK:CVR">DK12345674</cbc:EndpointID>
  <cac:PartyName><cbc:Name>Bostedet Lindely ApS</cbc:Name></cac:PartyName>
  <cac:PartyLegalEntity><cbc:RegistrationName>Bostedet Lindely ApS</cbc:RegistrationName>
   <cbc:CompanyID schemeID="DK:CVR">DK12345674</cbc:CompanyID></cac:PartyLegalEntity>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party>
  <cbc:EndpointID schemeID="GLN">5798000000001</cbc:EndpointID>
  <cac:Contact><cbc:ID>HAP-visitation</cbc:ID></cac:Contact>
 </cac:Party></cac:AccountingCustomerParty>
 <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="DKK">32240.00</cbc:PayableAmount>
 </cac:LegalMonetaryTotal>
 <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:Note>Ophold oktober 2026</cbc:Note>
  <cbc:InvoicedQuantity unitCode="DAY">31</cbc:InvoicedQuantity>
  <cbc:LineExtensionAmount currencyID="DKK">32240.00</cbc:LineExtensionAmount>
  <cac:Item><cbc:Name>Midlertidigt botilbud</cbc:Name></cac:Item>
 </cac:InvoiceLine>
</Invoice>"""


@dataclass
class _Result:
    ok: bool
    erp_id: str | None
    reason: str | None


def _fake_import(
    conn: sqlite3.Connection, *, filename: str, data: bytes, received_by: str
) -> _Result:
    if data == b"crash":
        conn.execute("BEGIN")
        raise RuntimeError("importer bug")
    if not data.startswith(b"<"):
        return _Result(False, None, "ikke velformet XML")
    return _Result(True, "ERP-000001", None)


@pytest.fixture
def stand_in_importer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The route's contract with the importer, without depending on the real one."""
    module = types.ModuleType("fake_systems.erp.importer")
    module.import_document = _fake_import  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_systems.erp.importer", module)


def upload(user: User, files: list[tuple[str, bytes]]) -> str:
    response = user.client.post(
        "/upload",
        data={"csrf_token": user.token},
        files=[("files", (name, data, "application/xml")) for name, data in files],
    )
    assert response.status_code == 200, response.text
    return str(response.text)


@pytest.mark.usefixtures("stand_in_importer")
def test_a_bad_file_is_refused_by_name_and_the_rest_still_load(
    erp_as: Callable[[str], User], erp_db: sqlite3.Connection
) -> None:
    page = upload(erp_as("admin"), [("god.xml", b"<Invoice/>"), ("daarlig.xml", b"garbage")])
    assert 'data-testid="upload-filename">god.xml' in page
    assert "Indlæst som" in page and "ERP-000001" in page
    assert 'data-testid="upload-filename">daarlig.xml' in page
    assert "Afvist: ikke velformet XML" in page
    detail = erp_db.execute("SELECT detail FROM audit WHERE action = 'upload'").fetchone()[0]
    assert detail == "2 filer: 1 indlæst, 1 afvist"


@pytest.mark.usefixtures("stand_in_importer")
def test_a_file_the_importer_fails_on_is_refused_and_the_next_still_loads(
    erp_as: Callable[[str], User],
) -> None:
    page = upload(erp_as("admin"), [("crash.xml", b"crash"), ("god.xml", b"<Invoice/>")])
    assert "Afvist: Filen kunne ikke indlæses (uventet fejl)." in page
    assert "Indlæst som" in page


@pytest.mark.usefixtures("stand_in_importer")
def test_uploading_without_files_is_refused_in_the_form(erp_as: Callable[[str], User]) -> None:
    response = erp_as("admin").post("/upload", {})
    assert response.status_code == 422
    assert 'data-reason="no_files"' in response.text


def test_the_real_importer_loads_a_good_file_and_refuses_a_broken_one(
    erp_as: Callable[[str], User], erp_db: sqlite3.Connection
) -> None:
    pytest.importorskip("fake_systems.erp.importer")
    page = upload(erp_as("admin"), [("INV-1017.xml", INVOICE), ("broken.xml", b"<Invoice>")])
    assert page.count("Indlæst som") == 1
    assert 'data-testid="upload-filename">broken.xml' in page and page.count("Afvist:") == 1
    row = erp_db.execute("SELECT supplier_cvr, invoice_number, total FROM invoices").fetchone()
    assert tuple(row) == ("12345674", "INV-1017", "32240.00")
