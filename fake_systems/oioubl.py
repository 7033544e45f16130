"""Safe reading of OIOUBL 2.x and 3.0 invoices and credit notes into plain values.

The parser refuses DTDs, entities and external references (defusedxml), and files over a
size limit, before anything else; every refusal is an OioublError with a reason a person
reads ("root element is Order, expected Invoice or CreditNote").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_BYTES = 5 * 1024 * 1024
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "invoice",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": "credit_note",
}
CVR_SCHEMES = {"DK:CVR", "0184"}
GLN_SCHEMES = {"GLN", "0088"}
_EIGHT_DIGITS = re.compile(r"^(?:DK)?\s*(\d{8})$", re.IGNORECASE)


class OioublError(ValueError):
    """The document cannot be read; the message says why, for a person."""


@dataclass(frozen=True, slots=True)
class ParsedLine:
    line_id: str
    note: str
    item_name: str
    item_description: str
    quantity: str
    unit_code: str
    amount: Decimal
    period_start: date | None
    period_end: date | None


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    doc_type: str  # invoice | credit_note
    invoice_number: str
    issue_date: date | None
    currency: str
    supplier_cvr: str  # 8 digits, or "" when the document names no CVR
    supplier_endpoint: str  # "scheme:value" as written, for people
    supplier_name: str
    receiver_gln: str
    buyer_reference: str
    period_start: date | None
    period_end: date | None
    total: Decimal
    lines: tuple[ParsedLine, ...]


def _text(node: Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def _date(node: Element | None, what: str) -> date | None:
    text = _text(node)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise OioublError(f"{what} is not a date: {text[:40]!r}") from None


def _amount(node: Element | None, what: str) -> Decimal:
    text = _text(node)
    if not text:
        raise OioublError(f"missing {what}")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise OioublError(f"{what} is not a number: {text[:40]!r}") from None
    if not value.is_finite():
        raise OioublError(f"{what} is not a number: {text[:40]!r}")
    return value


def _period(parent: Element | None, what: str) -> tuple[date | None, date | None]:
    period = parent.find(f"{CAC}InvoicePeriod") if parent is not None else None
    if period is None:
        return None, None
    return (
        _date(period.find(f"{CBC}StartDate"), f"{what} start date"),
        _date(period.find(f"{CBC}EndDate"), f"{what} end date"),
    )


def parse(data: bytes) -> ParsedDocument:
    """Read one OIOUBL document; OioublError with a reason when it is not safe, readable OIOUBL."""
    root = _root(data)
    doc_type = ROOTS[root.tag]
    number = _text(root.find(f"{CBC}ID"))
    if not number:
        raise OioublError("missing the invoice number (cbc:ID)")
    supplier = root.find(f"{CAC}AccountingSupplierParty/{CAC}Party")
    customer = root.find(f"{CAC}AccountingCustomerParty/{CAC}Party")
    cvr, endpoint = _supplier_ids(supplier)
    period_start, period_end = _period(root, "the invoice period")
    return ParsedDocument(
        doc_type=doc_type,
        invoice_number=number,
        issue_date=_date(root.find(f"{CBC}IssueDate"), "the issue date"),
        currency=_text(root.find(f"{CBC}DocumentCurrencyCode")),
        supplier_cvr=cvr,
        supplier_endpoint=endpoint,
        supplier_name=_party_name(supplier),
        receiver_gln=_gln(customer),
        buyer_reference=_buyer_reference(root, customer),
        period_start=period_start,
        period_end=period_end,
        total=_amount(
            root.find(f"{CAC}LegalMonetaryTotal/{CBC}PayableAmount"),
            "the amount payable (LegalMonetaryTotal/PayableAmount)",
        ),
        lines=_lines(root, doc_type),
    )


def _root(data: bytes) -> Element:
    if len(data) > MAX_BYTES:
        raise OioublError(
            f"file is {len(data) / 1_048_576:.1f} MB, the limit is {MAX_BYTES // 1_048_576} MB"
        )
    try:
        root: Element = fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as error:
        raise OioublError(
            f"unsafe XML refused ({type(error).__name__}: DTDs, entities and "
            "external references are not allowed)"
        ) from None
    except ParseError as error:
        raise OioublError(f"not well-formed XML ({error})") from None
    if root.tag not in ROOTS:
        local = root.tag.rsplit("}", 1)[-1]
        raise OioublError(f"root element is {local}, expected an OIOUBL Invoice or CreditNote")
    return root


def _supplier_ids(party: Element | None) -> tuple[str, str]:
    """The supplier's CVR (legal entity first, then a CVR endpoint) and its endpoint as written."""
    if party is None:
        return "", ""
    endpoint = party.find(f"{CBC}EndpointID")
    written = f"{endpoint.get('schemeID', '')}:{_text(endpoint)}" if endpoint is not None else ""
    candidates = [party.find(f"{CAC}PartyLegalEntity/{CBC}CompanyID"), endpoint]
    for node in candidates:
        if node is None or node.get("schemeID", "").upper() not in CVR_SCHEMES:
            continue
        match = _EIGHT_DIGITS.match(_text(node))
        if match:
            return match.group(1), written
    return "", written


def _party_name(party: Element | None) -> str:
    if party is None:
        return ""
    return _text(party.find(f"{CAC}PartyName/{CBC}Name")) or _text(
        party.find(f"{CAC}PartyLegalEntity/{CBC}RegistrationName")
    )


def _gln(party: Element | None) -> str:
    endpoint = party.find(f"{CBC}EndpointID") if party is not None else None
    if endpoint is not None and endpoint.get("schemeID", "").upper() in GLN_SCHEMES:
        return _text(endpoint)
    return ""


def _buyer_reference(root: Element, customer: Element | None) -> str:
    contact = _text(customer.find(f"{CAC}Contact/{CBC}ID")) if customer is not None else ""
    return contact or _text(root.find(f"{CBC}BuyerReference"))


def _lines(root: Element, doc_type: str) -> tuple[ParsedLine, ...]:
    tag, quantity_tag = (
        ("InvoiceLine", "InvoicedQuantity")
        if doc_type == "invoice"
        else ("CreditNoteLine", "CreditedQuantity")
    )
    lines = []
    for n, line in enumerate(root.findall(f"{CAC}{tag}"), start=1):
        quantity = line.find(f"{CBC}{quantity_tag}")
        start, end = _period(line, f"line {n}'s period")
        lines.append(
            ParsedLine(
                line_id=_text(line.find(f"{CBC}ID")),
                note=" ".join(_text(note) for note in line.findall(f"{CBC}Note") if _text(note)),
                item_name=_text(line.find(f"{CAC}Item/{CBC}Name")),
                item_description=" ".join(
                    _text(d) for d in line.findall(f"{CAC}Item/{CBC}Description") if _text(d)
                ),
                quantity=_text(quantity),
                unit_code=quantity.get("unitCode", "") if quantity is not None else "",
                amount=_amount(line.find(f"{CBC}LineExtensionAmount"), f"line {n}'s amount"),
                period_start=start,
                period_end=end,
            )
        )
    return tuple(lines)
