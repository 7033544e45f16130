"""The OIOUBL reader fuzzed: arbitrary bytes and valid documents with elements, text and bytes
deleted, inserted or changed either read, with every amount a Decimal in whole øre, or are
refused with an OioublError; nothing else ever escapes it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fake_systems.oioubl import CAC, CBC, OioublError, ParsedDocument, parse
from tests.support.contract import CONTRACT

EXAMPLES = CONTRACT / "examples"
DOCUMENTS = tuple(path.read_bytes() for path in sorted(EXAMPLES.glob("*.xml")))
FAST = settings(max_examples=200, deadline=None)

# Elements the reader looks for, so insertions land where they matter.
TAGS = [
    f"{CBC}{name}"
    for name in (
        "ID",
        "Note",
        "Name",
        "Description",
        "StartDate",
        "EndDate",
        "IssueDate",
        "PayableAmount",
        "LineExtensionAmount",
        "DocumentCurrencyCode",
        "CompanyID",
        "EndpointID",
        "BuyerReference",
        "InvoicedQuantity",
    )
] + [
    f"{CAC}{name}"
    for name in (
        "InvoiceLine",
        "CreditNoteLine",
        "InvoicePeriod",
        "LegalMonetaryTotal",
        "AccountingSupplierParty",
        "Party",
        "PartyLegalEntity",
        "Item",
        "Contact",
    )
]
ATTRIBUTES = ["currencyID", "schemeID", "unitCode"]
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "-1",
        "-0.00",
        "1e5",
        "NaN",
        "Infinity",
        "32240.005",
        "32240.000",
        "1_000",
        "١٢٣",
        "9" * 40,
        "2026-02-30",
        "2026-W40-1",
        "20261001",
        "DK12345674",
        "DK",
        "0184",
        "DK:CVR",
        "GLN",
        "010190-1234",
        "01.01.90-1234",
        "EUR",
        "æøå 😀",
        "\x07",
        "]]>",
    ]
)
TEXT = st.one_of(TRICKY, st.text(st.characters(exclude_categories=["Cs"]), max_size=30))


def assert_readable(document: ParsedDocument) -> None:
    """What every document the reader returns holds: the types the importer stores."""
    assert document.doc_type in ("invoice", "credit_note")
    for amount in (document.total, *(line.amount for line in document.lines)):
        assert isinstance(amount, Decimal)
        assert amount.is_finite()
        assert amount.as_tuple().exponent == -2  # whole øre, stored exactly as "%.2f"
    for day in (document.issue_date, document.period_start, document.period_end):
        assert day is None or isinstance(day, date)
    for line in document.lines:
        assert line.period_start is None or isinstance(line.period_start, date)
        assert line.period_end is None or isinstance(line.period_end, date)
    assert len(document.supplier_cvr) in (0, 8)


def read_or_refuse(data: bytes) -> None:
    """Reads, or refuses with a reason; any other exception fails the test."""
    try:
        document: ParsedDocument | str = parse(data)
    except OioublError as refused:
        document = str(refused)
    if isinstance(document, str):
        assert document  # a refusal always says why
    else:
        assert_readable(document)


@st.composite
def mutated_elements(draw: st.DrawFn) -> bytes:
    """A contract example with 1-5 elements deleted, inserted, or given new text or attributes."""
    root = ET.fromstring(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        elements = list(root.iter())
        target = draw(st.sampled_from(elements))
        action = draw(st.sampled_from(["delete", "insert", "text", "attribute"]))
        if action == "delete" and target is not root:
            parent = next(p for p in elements if target in list(p))
            parent.remove(target)
        elif action == "insert":
            child = ET.Element(draw(st.sampled_from(TAGS)))
            child.text = draw(TEXT)
            target.insert(draw(st.integers(min_value=0, max_value=len(target))), child)
        elif action == "text":
            target.text = draw(TEXT)
        else:
            target.set(draw(st.sampled_from(ATTRIBUTES)), draw(TEXT))
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """A contract example with a slice cut out, random bytes put in, or cut off at the end."""
    data = draw(st.sampled_from(DOCUMENTS))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        start = draw(st.integers(min_value=0, max_value=len(data)))
        end = draw(st.integers(min_value=start, max_value=min(len(data), start + 200)))
        action = draw(st.sampled_from(["cut", "insert", "truncate"]))
        if action == "cut":
            data = data[:start] + data[end:]
        elif action == "insert":
            data = data[:start] + draw(st.binary(max_size=20)) + data[start:]
        else:
            data = data[:start]
    return data


@FAST
@given(data=st.binary(max_size=2000))
@example(data=b"")
@example(data=b"\xef\xbb\xbf")
@example(data=b"<?xml version='1.0' encoding='klingon'?><Invoice/>")  # unknown: LookupError
@example(data=b"<?xml version='1.0' encoding='rot13'?><Invoice/>")  # not a text encoding
@example(data=b"<?xml version='1.0' encoding='utf-32'?><Invoice/>")  # ValueError from expat
@example(data=b"<?xml version='1.0' encoding='idna'?><Invoice/>")  # UnicodeError
@example(data=b"<?xml version='1.0' encoding='UTF-16'?><Invoice/>")
@example(data=b"\xff\xfe<\x00a\x00/\x00>\x00")
def test_arbitrary_bytes_are_read_or_refused_with_an_oioubl_error(data: bytes) -> None:
    read_or_refuse(data)


@FAST
@given(data=mutated_elements())
def test_documents_with_elements_deleted_inserted_or_changed_are_read_or_refused(
    data: bytes,
) -> None:
    read_or_refuse(data)


@FAST
@given(data=mutated_bytes())
def test_documents_with_bytes_cut_inserted_or_cut_off_are_read_or_refused(data: bytes) -> None:
    read_or_refuse(data)


@FAST
@given(text=TEXT, where=st.sampled_from(["PayableAmount", "LineExtensionAmount"]))
def test_any_text_as_an_amount_is_read_as_whole_ore_or_refused(text: str, where: str) -> None:
    root = ET.fromstring(DOCUMENTS[0])
    for node in root.iter(f"{CBC}{where}"):
        node.text = text
    read_or_refuse(ET.tostring(root, encoding="utf-8"))
