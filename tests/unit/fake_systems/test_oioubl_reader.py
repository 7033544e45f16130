"""The OIOUBL reader: every contract document reads; unsafe or foreign files are refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from fake_systems.oioubl import MAX_BYTES, OioublError, parse
from tests.support.contract import CONTRACT

DOCUMENTS = sorted((CONTRACT / "examples").glob("*.xml")) + sorted(
    (CONTRACT / "real-samples").glob("*.xml")
)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_contract_document_reads(path: Path) -> None:
    document = parse(path.read_bytes())
    assert document.invoice_number
    assert document.lines
    assert document.total == document.total.quantize(Decimal("0.01"))


def test_single_invoice_reads_supplier_period_amounts_and_cpr_text() -> None:
    doc = parse((CONTRACT / "examples" / "invoice-single.xml").read_bytes())
    assert (doc.doc_type, doc.supplier_cvr, doc.invoice_number) == (
        "invoice",
        "12345674",
        "INV-1017",
    )
    assert (doc.period_start, doc.period_end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert doc.total == Decimal("32240.00")
    assert doc.receiver_gln == "5798000000001"
    assert doc.buyer_reference == "HAP-visitation"
    (line,) = doc.lines
    assert "010190-1234" in line.note
    assert (line.item_name, line.amount, line.unit_code) == (
        "Midlertidigt botilbud",
        Decimal("32240.00"),
        "DAY",
    )


def test_credit_note_is_read_as_a_credit_note() -> None:
    doc = parse((CONTRACT / "examples" / "creditnote.xml").read_bytes())
    assert doc.doc_type == "credit_note"
    assert doc.lines[0].amount == Decimal("2080.00")


def test_supplier_identified_by_cpr_has_no_cvr() -> None:
    doc = parse((CONTRACT / "real-samples" / "gobl-cpr-supplier.xml").read_bytes())
    assert doc.supplier_cvr == ""
    assert doc.supplier_endpoint.startswith("DK:CPR")


def test_cvr_is_taken_from_the_legal_entity_when_the_endpoint_is_a_gln() -> None:
    doc = parse((CONTRACT / "real-samples" / "gobl-credit-note.xml").read_bytes())
    assert doc.supplier_cvr == "16356700"
    assert doc.supplier_endpoint.startswith("GLN:")


# A minimal OIOUBL 3.0 invoice, as suppliers write it (long lines and all).
OIOUBL_3 = b"""<?xml version="1.0"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:fdc:oioubl.dk:trns:billing:invoice:3.0</cbc:CustomizationID>
 <cbc:ID>N-1</cbc:ID><cbc:IssueDate>2026-11-02</cbc:IssueDate>
 <cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>
 <cbc:BuyerReference>cpr 0101901234</cbc:BuyerReference>
 <cac:AccountingSupplierParty><cac:Party>
  <cbc:EndpointID schemeID="0184">DK12345674</cbc:EndpointID>
  <cac:PartyName><cbc:Name>Lindely</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="0088">5798000000001</cbc:EndpointID>
 </cac:Party></cac:AccountingCustomerParty>
 <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="DKK">100.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
 <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="DAY">1</cbc:InvoicedQuantity>
  <cbc:LineExtensionAmount currencyID="DKK">100.00</cbc:LineExtensionAmount>
  <cac:InvoicePeriod><cbc:StartDate>2026-10-01</cbc:StartDate><cbc:EndDate>2026-10-01</cbc:EndDate></cac:InvoicePeriod>
  <cac:Item><cbc:Name>Dag</cbc:Name></cac:Item></cac:InvoiceLine>
</Invoice>"""


def test_oioubl_3_reads_cvr_scheme_0184_gln_0088_buyer_reference_and_line_period() -> None:
    doc = parse(OIOUBL_3)
    assert (doc.supplier_cvr, doc.receiver_gln) == ("12345674", "5798000000001")
    assert doc.buyer_reference == "cpr 0101901234"
    assert doc.lines[0].period_start == date(2026, 10, 1)


XXE = b"""<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&x;</Invoice>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol2;</Invoice>"""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (XXE, "unsafe XML"),
        (BILLION_LAUGHS, "unsafe XML"),
        (b"this is not xml", "not well-formed"),
        (b"<Order xmlns='urn:x'/>", "root element is Order"),
        (OIOUBL_3.replace(b"<cbc:ID>N-1</cbc:ID>", b""), "invoice number"),
        (
            OIOUBL_3.replace(b">100.00</cbc:PayableAmount>", b">12,5</cbc:PayableAmount>"),
            "not a number",
        ),
        (
            OIOUBL_3.replace(b"2026-10-01</cbc:StartDate>", b"01-10-2026</cbc:StartDate>"),
            "not a date",
        ),
    ],
    ids=["xxe", "entity-expansion", "not-xml", "wrong-root", "no-number", "bad-amount", "bad-date"],
)
def test_unreadable_or_unsafe_document_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(OioublError, match=reason):
        parse(data)


def test_file_over_the_size_limit_is_refused_before_parsing() -> None:
    with pytest.raises(OioublError, match="limit"):
        parse(b" " * (MAX_BYTES + 1))


def _amount(text: str, *, currency: str = "DKK") -> bytes:
    return OIOUBL_3.replace(
        b'currencyID="DKK">100.00</cbc:PayableAmount>',
        f'currencyID="{currency}">{text}</cbc:PayableAmount>'.encode(),
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("100.005", "100.005 has more than two decimals; amounts are in kroner and øre"),
        ("1E2", "not a number written like 32240.00"),
        ("1_00", "not a number"),
        ("١٠٠", "not a number"),  # Arabic-Indic digits, which Decimal() would read
        ("1234567890123456", "not a number"),  # more whole kroner than any invoice
    ],
    ids=["fraction-of-an-ore", "exponent", "underscore", "other-digits", "too-long"],
)
def test_an_amount_the_erp_cannot_keep_exactly_in_ore_is_refused(text: str, reason: str) -> None:
    with pytest.raises(OioublError, match=reason):
        parse(_amount(text))


@pytest.mark.parametrize("text", ["100.000", "100", "+100.0", "100."])
def test_an_amount_in_whole_ore_is_read_exactly_with_two_decimals(text: str) -> None:
    total = parse(_amount(text)).total
    assert total == Decimal("100.00")
    assert total.as_tuple().exponent == -2


def test_an_amount_in_another_currency_than_the_document_is_refused() -> None:
    with pytest.raises(OioublError, match="is in 'EUR', but the document's currency is 'DKK'"):
        parse(_amount("100.00", currency="EUR"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"\n \t", "the file is empty"),
        (OIOUBL_3[:-5], r"at line \d+, column \d+: the file ends in the middle of a tag"),
        (OIOUBL_3.replace(b"N-1", b"N-1\x07"), "control character"),
        (OIOUBL_3.replace(b"N-1", b"N-1&#7;"), "a character XML 1.0 forbids"),
        (XXE, "it has a DTD"),
    ],
    ids=["empty", "blank", "truncated", "control-character", "control-reference", "dtd"],
)
def test_refusals_say_in_words_what_is_wrong_and_where(data: bytes, reason: str) -> None:
    with pytest.raises(OioublError, match=reason) as refused:
        parse(data)
    assert "Error" not in str(refused.value)
    assert "Forbidden" not in str(refused.value)


def _with_type_code(element: bytes) -> bytes:
    return OIOUBL_3.replace(b"<cbc:ID>N-1</cbc:ID>", b"<cbc:ID>N-1</cbc:ID>" + element)


def test_the_invoice_type_code_is_read_as_written() -> None:
    doc = parse(
        _with_type_code(b'<cbc:InvoiceTypeCode listID="UNCL1001"> 380 </cbc:InvoiceTypeCode>')
    )
    assert (doc.doc_type, doc.type_code) == ("invoice", "380")


def test_a_document_without_a_type_code_has_an_empty_one() -> None:
    assert parse(OIOUBL_3).type_code == ""


def test_the_credit_note_type_code_is_read_from_a_credit_note() -> None:
    doc = parse((CONTRACT / "real-samples" / "gobl-credit-note.xml").read_bytes())
    assert (doc.doc_type, doc.type_code) == ("credit_note", "381")


@pytest.mark.parametrize(
    "code", ["381", "81", "83", "261", "262", "296", "308", "396", "420", "458", "532"]
)
def test_an_invoice_with_a_credit_note_type_code_is_a_credit_note_with_its_lines(code: str) -> None:
    doc = parse(_with_type_code(f"<cbc:InvoiceTypeCode>{code}</cbc:InvoiceTypeCode>".encode()))
    assert (doc.doc_type, doc.type_code) == ("credit_note", code)
    assert [line.amount for line in doc.lines] == [Decimal("100.00")]


@pytest.mark.parametrize("code", ["380", "384", "389", "325", "3810"])
def test_an_invoice_with_another_type_code_stays_an_invoice(code: str) -> None:
    doc = parse(_with_type_code(f"<cbc:InvoiceTypeCode>{code}</cbc:InvoiceTypeCode>".encode()))
    assert doc.doc_type == "invoice"


def test_a_long_type_code_is_cut_to_40_characters() -> None:
    doc = parse(_with_type_code(b"<cbc:InvoiceTypeCode>" + b"7" * 100 + b"</cbc:InvoiceTypeCode>"))
    assert doc.type_code == "7" * 40


@pytest.mark.parametrize(
    "written",
    ["١٢٣٤٥٦٧٤", "DK１２３４５６７４", "۱۲۳۴۵۶۷۴", "12345674\u0663"],
    ids=["arabic-indic", "fullwidth", "extended-arabic-indic", "trailing-other-digit"],
)
def test_a_cvr_written_in_other_scripts_digits_is_no_cvr(written: str) -> None:
    data = OIOUBL_3.replace(b">DK12345674<", f">{written}<".encode())
    assert parse(data).supplier_cvr == ""


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("5798000000001", "5798000000001"),
        (" 5798 000000 001 ", "5798000000001"),
        ("579800000000", ""),
        ("57980000000011", ""),
        ("５７９８０００００００００１", ""),
    ],
    ids=["plain", "spaced", "twelve-digits", "fourteen-digits", "fullwidth"],
)
def test_the_receiving_ean_is_13_ascii_digits_or_empty(written: str, expected: str) -> None:
    data = OIOUBL_3.replace(b'"0088">5798000000001<', f'"0088">{written}<'.encode())
    assert parse(data).receiver_gln == expected
