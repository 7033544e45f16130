"""Writing a DocumentSpec as an OIOUBL 2.02, 2.1 or 3.0 invoice or credit note (UTF-8 bytes)."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape, quoteattr

from fake_systems.scenarios.documents import DocumentSpec, LineSpec

_NS = (
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"'
)
_CUSTOMIZATION = {
    "2.02": ("2.0", "OIOUBL-2.02"),
    "2.1": ("2.1", "OIOUBL-2.1"),
    "3.0": ("2.1", "urn:fdc:oioubl.dk:trns:billing:invoice:3.0"),
}


def _el(tag: str, text: str, **attrs: str) -> str:
    rendered = "".join(f" {name}={quoteattr(value)}" for name, value in attrs.items())
    return f"<{tag}{rendered}>{escape(text)}</{tag}>"


def _wrap(tag: str, *inner: str) -> str:
    return f"<{tag}>{''.join(inner)}</{tag}>"


def _period(period: tuple[date, date] | None) -> str:
    if period is None:
        return ""
    start, end = period
    return (
        "<cac:InvoicePeriod>"
        + _el("cbc:StartDate", start.isoformat())
        + _el("cbc:EndDate", end.isoformat())
        + "</cac:InvoicePeriod>"
    )


def _supplier(doc: DocumentSpec) -> str:
    s = doc.supplier
    if doc.version == "3.0":
        endpoint = _el("cbc:EndpointID", s.cvr, schemeID="0184") if s.cvr else ""
        company = _el("cbc:CompanyID", s.cvr, schemeID="0184") if s.cvr else ""
    elif doc.version == "2.1" and s.gln:
        endpoint = _el("cbc:EndpointID", s.gln, schemeID="GLN")
        company = _el("cbc:CompanyID", f"DK{s.cvr}", schemeID="DK:CVR") if s.cvr else ""
    else:
        endpoint = (
            _el("cbc:EndpointID", f"DK{s.cvr}", schemeID="DK:CVR")
            if s.cvr
            else _el("cbc:EndpointID", s.gln, schemeID="GLN")
        )
        company = _el("cbc:CompanyID", f"DK{s.cvr}", schemeID="DK:CVR") if s.cvr else ""
    legal = _wrap("cac:PartyLegalEntity", _el("cbc:RegistrationName", s.name), company)
    name = _wrap("cac:PartyName", _el("cbc:Name", s.name))
    return _wrap("cac:AccountingSupplierParty", _wrap("cac:Party", endpoint, name, legal))


def _customer(doc: DocumentSpec) -> str:
    scheme = "0088" if doc.version == "3.0" else "GLN"
    contact = (
        f"<cac:Contact>{_el('cbc:ID', doc.buyer_reference)}</cac:Contact>"
        if doc.buyer_reference and doc.version != "3.0"
        else ""
    )
    return (
        "<cac:AccountingCustomerParty><cac:Party>"
        + _el("cbc:EndpointID", doc.receiver_gln, schemeID=scheme)
        + _wrap("cac:PartyName", _el("cbc:Name", "Eksempel Kommune, Handicap og Psykiatri"))
        + contact
        + "</cac:Party></cac:AccountingCustomerParty>"
    )


def _due_date(doc: DocumentSpec) -> str:
    """OIOUBL 3.0 (UBL 2.1) writes the due date as the invoice's own cbc:DueDate."""
    if doc.due_date is None or doc.credit_note or doc.version != "3.0":
        return ""
    return _el("cbc:DueDate", doc.due_date.isoformat())


def _payment_means(doc: DocumentSpec) -> str:
    """OIOUBL 2.x has no cbc:DueDate: the due date is the payment means' cbc:PaymentDueDate."""
    if doc.due_date is None or doc.credit_note or doc.version == "3.0":
        return ""
    return (
        "<cac:PaymentMeans>"
        + _el("cbc:ID", "1")
        + _el("cbc:PaymentMeansCode", "1")  # UNCL4461 1: instrument not defined
        + _el("cbc:PaymentDueDate", doc.due_date.isoformat())
        + "</cac:PaymentMeans>"
    )


def _line(doc: DocumentSpec, number: int, line: LineSpec) -> str:
    tag, quantity = (
        ("CreditNoteLine", "CreditedQuantity")
        if doc.credit_note
        else ("InvoiceLine", "InvoicedQuantity")
    )
    money = f"{line.amount:.2f}"
    description = _el("cbc:Description", line.item_description) if line.item_description else ""
    return (
        f"<cac:{tag}>"
        + _el("cbc:ID", str(number))
        + (_el("cbc:Note", line.note) if line.note else "")
        + _el(f"cbc:{quantity}", line.quantity, unitCode=line.unit_code)
        + _el("cbc:LineExtensionAmount", money, currencyID=doc.currency)
        + _period(line.period)
        + f"<cac:Item>{description}{_el('cbc:Name', line.item_name)}</cac:Item>"
        + f"<cac:Price>{_el('cbc:PriceAmount', money, currencyID=doc.currency)}</cac:Price>"
        + f"</cac:{tag}>"
    )


def write_document(doc: DocumentSpec) -> bytes:
    root = "CreditNote" if doc.credit_note else "Invoice"
    ubl, customization = _CUSTOMIZATION[doc.version]
    total = f"{doc.payable:.2f}"
    type_code = (
        ""
        if doc.credit_note
        else _el(
            "cbc:InvoiceTypeCode",
            doc.type_code,
            listAgencyID="320",
            listID="urn:oioubl:codelist:invoicetypecode-1.1",
        )
    )
    buyer = (
        _el("cbc:BuyerReference", doc.buyer_reference)
        if doc.version == "3.0" and doc.buyer_reference
        else ""
    )
    body = (
        _el("cbc:UBLVersionID", ubl)
        + _el("cbc:CustomizationID", customization)
        + _el("cbc:ID", doc.number)
        + _el("cbc:IssueDate", doc.issue_date.isoformat())
        + _due_date(doc)
        + type_code
        + _el("cbc:DocumentCurrencyCode", doc.currency)
        + buyer
        + _period(doc.period)
        + _supplier(doc)
        + _customer(doc)
        + _payment_means(doc)
        + "<cac:LegalMonetaryTotal>"
        + _el("cbc:LineExtensionAmount", total, currencyID=doc.currency)
        + _el("cbc:TaxExclusiveAmount", "0.00", currencyID=doc.currency)
        + _el("cbc:TaxInclusiveAmount", total, currencyID=doc.currency)
        + _el("cbc:PayableAmount", total, currencyID=doc.currency)
        + "</cac:LegalMonetaryTotal>"
        + "".join(_line(doc, n, line) for n, line in enumerate(doc.lines, start=1))
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{root}-2" {_NS}>'
        f"{body}</{root}>\n"
    )
    return xml.encode("utf-8")
