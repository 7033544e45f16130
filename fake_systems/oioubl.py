"""Safe reading of OIOUBL 2.x and 3.0 invoices and credit notes into plain values.

The parser refuses DTDs, entities and external references (defusedxml), and files over a
size limit, before anything else; every refusal is an OioublError with a reason a person
reads ("root element is Order, expected Invoice or CreditNote"). Amounts come back as Decimal
in whole øre, or the document is refused: the ERP keeps kroner and øre, and rounding a
supplier's amount on the way in would change the money without anyone seeing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import fromstring

MAX_BYTES = 5 * 1024 * 1024
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "invoice",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": "credit_note",
}
# UNCL1001 document type codes that make a document a credit note, whatever its root element.
CREDIT_NOTE_TYPE_CODES = frozenset(
    {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
)
MAX_TYPE_CODE = 40
PAYMENT_TERMS = timedelta(days=30)  # when the document names no due date (contract section 13)
CVR_SCHEMES = {"DK:CVR", "0184"}
GLN_SCHEMES = {"GLN", "0088"}
# ASCII digits only: `\d` would also take other scripts' digits (Arabic-Indic, fullwidth, ...).
_EIGHT_DIGITS = re.compile(r"^(?:DK)?\s*([0-9]{8})$", re.IGNORECASE | re.ASCII)
_GLN = re.compile(r"[0-9]{13}", re.ASCII)
# xsd:decimal as OIOUBL writes amounts: ASCII digits, an optional sign and decimal point, no
# exponent (Decimal would also take "1E+999999", "1_000" and other scripts' digits), and no
# more whole digits than any invoice needs.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]*)?|\.[0-9]+)")
ORE = Decimal("0.01")
# What expat's terse messages mean for the person reading the refusal.
_EXPAT_PLAIN = {
    expat_errors.codes[expat_errors.XML_ERROR_NO_ELEMENTS]: (
        "the file ends before the document does (cut off?)"
    ),
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_TOKEN]: (
        "the file ends in the middle of a tag (cut off?)"
    ),
    expat_errors.codes[expat_errors.XML_ERROR_INVALID_TOKEN]: (
        "a character or markup XML does not allow (a control character, or a file that is"
        " not XML at all)"
    ),
    expat_errors.codes[expat_errors.XML_ERROR_BAD_CHAR_REF]: (
        "a reference to a character XML 1.0 forbids (such as &#7;)"
    ),
    expat_errors.codes[expat_errors.XML_ERROR_SYNTAX]: "text that is not XML",
    expat_errors.codes[expat_errors.XML_ERROR_TAG_MISMATCH]: (
        "a closing tag that does not match its opening tag"
    ),
}


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
    doc_type: str  # invoice | credit_note (an Invoice root with a credit-note type code too)
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
    type_code: str = ""  # InvoiceTypeCode / CreditNoteTypeCode as written; "" when absent
    due_date: date | None = None  # as written (payment_due gives the default when absent)


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


def _amount(node: Element | None, what: str, *, currency: str) -> Decimal:
    """The amount in whole øre; refused when it is not a plain decimal, has fractions of an
    øre, or is in another currency than the document's."""
    text = _text(node)
    if node is None or not text:
        raise OioublError(f"missing {what}")
    if not _DECIMAL.fullmatch(text):
        raise OioublError(f"{what} is not a number written like 32240.00: {text[:40]!r}")
    try:
        value = Decimal(text)
        in_ore = value.quantize(ORE)
    except InvalidOperation:  # pragma: no cover - the pattern admits only such decimals
        raise OioublError(f"{what} is not a number: {text[:40]!r}") from None
    if in_ore != value:
        raise OioublError(
            f"{what} {text[:40]} has more than two decimals; amounts are in kroner and øre"
        )
    unit = node.get("currencyID", "").strip()
    if unit and currency and unit.upper() != currency.upper():
        raise OioublError(
            f"{what} is in {unit[:10]!r}, but the document's currency is {currency[:10]!r}"
        )
    return in_ore


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
    root_kind = ROOTS[root.tag]
    type_code = _type_code(root, root_kind)
    doc_type = "credit_note" if type_code in CREDIT_NOTE_TYPE_CODES else root_kind
    number = _text(root.find(f"{CBC}ID"))
    if not number:
        raise OioublError("missing the invoice number (cbc:ID)")
    supplier = root.find(f"{CAC}AccountingSupplierParty/{CAC}Party")
    customer = root.find(f"{CAC}AccountingCustomerParty/{CAC}Party")
    cvr, endpoint = _supplier_ids(supplier)
    period_start, period_end = _period(root, "the invoice period")
    currency = _text(root.find(f"{CBC}DocumentCurrencyCode"))
    return ParsedDocument(
        doc_type=doc_type,
        invoice_number=number,
        issue_date=_date(root.find(f"{CBC}IssueDate"), "the issue date"),
        currency=currency,
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
            currency=currency,
        ),
        lines=_lines(root, root_kind, currency=currency),
        type_code=type_code,
        due_date=_due_date(root),
    )


def _due_date(root: Element) -> date | None:
    """`cbc:DueDate` (UBL 2.1, OIOUBL 3.0, Peppol), else `cac:PaymentMeans/cbc:PaymentDueDate`
    (OIOUBL 2.x); of several payment means the earliest date, so nothing is paid late."""
    written = _date(root.find(f"{CBC}DueDate"), "the due date")
    if written is not None:
        return written
    means = [
        _date(node, "a payment means' due date")
        for node in root.findall(f"{CAC}PaymentMeans/{CBC}PaymentDueDate")
    ]
    return min((day for day in means if day is not None), default=None)


def payment_due(doc: ParsedDocument, *, received: date) -> date:
    """The day the invoice must be paid: as written; else the issue date plus the public
    sector's 30 days' terms; without an issue date, 30 days from its receipt."""
    if doc.due_date is not None:
        return doc.due_date
    return (doc.issue_date or received) + PAYMENT_TERMS


def _type_code(root: Element, root_kind: str) -> str:
    tag = "InvoiceTypeCode" if root_kind == "invoice" else "CreditNoteTypeCode"
    return _text(root.find(f"{CBC}{tag}"))[:MAX_TYPE_CODE]


def check_size(size: int) -> None:
    """OioublError when a file of ``size`` bytes is over the limit (before reading it)."""
    if size > MAX_BYTES:
        raise OioublError(
            f"file is {size / 1_048_576:.1f} MB, the limit is {MAX_BYTES // 1_048_576} MB"
        )


def _root(data: bytes) -> Element:
    check_size(len(data))
    if not data.strip():
        raise OioublError("the file is empty")
    try:
        root: Element = fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as error:
        raise OioublError(f"unsafe XML refused: {_unsafe(error)}") from None
    except ParseError as error:
        raise OioublError(f"not well-formed XML {_not_well_formed(error)}") from None
    except (LookupError, ValueError) as error:  # the codec of a declared encoding says no
        raise OioublError(f"the file's declared encoding cannot be read ({error})") from None
    if root.tag not in ROOTS:
        local = root.tag.rsplit("}", 1)[-1]
        raise OioublError(f"root element is {local}, expected an OIOUBL Invoice or CreditNote")
    return root


def _unsafe(error: DefusedXmlException) -> str:
    if isinstance(error, DTDForbidden):
        found = "it has a DTD (<!DOCTYPE …>)"
    elif isinstance(error, EntitiesForbidden):
        found = "it declares entities"
    else:
        found = "it refers to an external resource"
    return f"{found}; DTDs, entities and external references are not allowed"


def _not_well_formed(error: ParseError) -> str:
    line, column = error.position
    plain = _EXPAT_PLAIN.get(error.code) or expat_errors.messages.get(error.code) or str(error)
    return f"at line {line}, column {column + 1}: {plain}"


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
    """The receiving EAN/GLN: 13 digits (spaces people write between groups dropped), or ""."""
    endpoint = party.find(f"{CBC}EndpointID") if party is not None else None
    if endpoint is None or endpoint.get("schemeID", "").strip().upper() not in GLN_SCHEMES:
        return ""
    digits = "".join(_text(endpoint).split())
    return digits if _GLN.fullmatch(digits) else ""


def _buyer_reference(root: Element, customer: Element | None) -> str:
    """OIOUBL 2.x writes the buyer's (person) reference as the customer's contact ID; OIOUBL 3.0
    and the EN 16931 profiles as cbc:BuyerReference. Each profile's own field wins when a
    document has both (they may differ), the other one stands in when it is empty."""
    contact = _text(customer.find(f"{CAC}Contact/{CBC}ID")) if customer is not None else ""
    reference = _text(root.find(f"{CBC}BuyerReference"))
    customization = _text(root.find(f"{CBC}CustomizationID")).upper()
    if customization.startswith("OIOUBL-2"):
        return contact or reference
    return reference or contact


def _lines(root: Element, root_kind: str, *, currency: str) -> tuple[ParsedLine, ...]:
    tag, quantity_tag = (
        ("InvoiceLine", "InvoicedQuantity")
        if root_kind == "invoice"
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
                amount=_amount(
                    line.find(f"{CBC}LineExtensionAmount"), f"line {n}'s amount", currency=currency
                ),
                period_start=start,
                period_end=end,
            )
        )
    return tuple(lines)
