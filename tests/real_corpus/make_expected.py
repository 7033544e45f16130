"""Writes `expected.json`: what each corpus document says in the fields the contract names.

Run once (`.venv/bin/python -m tests.real_corpus.make_expected`) when documents are added, then
check a sample by eye against the documents. It reads the contract's XPaths (sections 2, 8 and 13)
with ElementTree's own path language, on purpose without fake_systems/oioubl.py: the test that
uses this file checks the importer against an independent reading, not against itself.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import parse

HERE = Path(__file__).parent
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
CREDIT_CODES = {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
OIOUBL_3 = re.compile(r"^urn:fdc:oioubl\.dk:trns:billing:[a-z]+:3\.0")


def text_at(node: Element | None, path: str) -> str:
    if node is None:
        return ""
    found = node.find(path, NS)
    return "" if found is None or found.text is None else found.text.strip()


def money(node: Element, path: str) -> str:
    return str(Decimal(text_at(node, path)).quantize(Decimal("0.01")))


def profile(root: Element) -> str:
    customization = text_at(root, "cbc:CustomizationID")
    if customization.startswith("OIOUBL-2."):
        return "OIOUBL-2.x"
    if OIOUBL_3.match(customization):
        return "OIOUBL-3.0"
    return "other"


def supplier_cvr(root: Element) -> str:
    """Contract §2: PartyLegalEntity/CompanyID, or the EndpointID, with scheme DK:CVR or 0184."""
    party = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    if party is None:
        return ""
    candidates = party.findall("cac:PartyLegalEntity/cbc:CompanyID", NS) + party.findall(
        "cbc:EndpointID", NS
    )
    for node in candidates:
        value = (node.text or "").strip()
        if node.get("schemeID", "").upper() not in ("DK:CVR", "0184"):
            continue
        value = value[2:].strip() if value[:2].upper() == "DK" else value
        if len(value) == 8 and all(c in "0123456789" for c in value):
            return value
    return ""


def receiver_ean(root: Element) -> str:
    """Contract §8: AccountingCustomerParty/Party/EndpointID with scheme GLN or 0088."""
    node = root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
    if node is None or node.get("schemeID", "").upper() not in ("GLN", "0088"):
        return ""
    digits = "".join((node.text or "").split())
    return digits if len(digits) == 13 and all(c in "0123456789" for c in digits) else ""


def buyer_reference(root: Element, kind: str) -> str:
    """Contract §2: Contact/ID (OIOUBL 2.x), or cbc:BuyerReference (OIOUBL 3.0, EN 16931)."""
    contact = text_at(root, "cac:AccountingCustomerParty/cac:Party/cac:Contact/cbc:ID")
    reference = text_at(root, "cbc:BuyerReference")
    return (contact or reference) if kind == "OIOUBL-2.x" else (reference or contact)


def period(node: Element) -> dict[str, str | None]:
    return {
        "period_start": text_at(node, "cac:InvoicePeriod/cbc:StartDate") or None,
        "period_end": text_at(node, "cac:InvoicePeriod/cbc:EndDate") or None,
    }


def due_date(root: Element) -> str | None:
    """Contract §13: cbc:DueDate, else the payment means' cbc:PaymentDueDate (the earliest of
    several), else the issue date + 30 days; None without either (the receipt date + 30)."""
    written = text_at(root, "cbc:DueDate")
    if written:
        return written
    means = [
        (node.text or "").strip()
        for node in root.findall("cac:PaymentMeans/cbc:PaymentDueDate", NS)
    ]
    if [m for m in means if m]:
        return min(m for m in means if m)  # ISO dates sort as text
    issued = text_at(root, "cbc:IssueDate")
    return (date.fromisoformat(issued) + timedelta(days=30)).isoformat() if issued else None


def read(path: Path) -> dict[str, object]:
    root = parse(path).getroot()
    is_invoice = root.tag == f"{{{NS['inv']}}}Invoice"
    kind = profile(root)
    type_code = text_at(root, "cbc:InvoiceTypeCode" if is_invoice else "cbc:CreditNoteTypeCode")
    line_path = "cac:InvoiceLine" if is_invoice else "cac:CreditNoteLine"
    fields = {
        "supplier_cvr": supplier_cvr(root),
        "invoice_number": text_at(root, "cbc:ID"),
        "doc_type": "invoice" if is_invoice and type_code not in CREDIT_CODES else "credit_note",
        "type_code": type_code,
        "issue_date": text_at(root, "cbc:IssueDate") or None,
        "due_date": due_date(root),
        **period(root),
        "currency": text_at(root, "cbc:DocumentCurrencyCode"),
        "total": money(root, "cac:LegalMonetaryTotal/cbc:PayableAmount"),
        "buyer_reference": buyer_reference(root, kind),
        "receiver_gln": receiver_ean(root),
        "lines": [
            {"amount": money(line, "cbc:LineExtensionAmount"), **period(line)}
            for line in root.findall(line_path, NS)
        ],
    }
    outcome = "import" if kind.startswith("OIOUBL") else "either"
    return {"profile": kind, "outcome": outcome, "fields": fields}


def main() -> None:
    documents = {p.name: read(p) for p in sorted((HERE / "docs").glob("*.xml"))}
    text = json.dumps(documents, ensure_ascii=False, indent=1, sort_keys=True)
    (HERE / "expected.json").write_text(text + "\n", encoding="utf-8")
    print(f"{len(documents)} documents written to {HERE / 'expected.json'}")


if __name__ == "__main__":
    main()
