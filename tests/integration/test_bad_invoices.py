"""Bad supplier files through the ERP's bulk import, then the robot's decision.

Each case of tests/corpus/bad_invoices.py is either refused by the importer, with its file
name and a reason a person can act on, while the good files on either side of it still load;
or it loads, and the robot's pure decision on it, as the ERP's invoice page shows it, gives
the code DOMAIN.md implies (None: the robot pays it).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fake_systems.db import ERP_DB, connect, create_database
from fake_systems.erp.importer import ImportResult, import_document, import_parsed, parse_files
from fake_systems.oioubl import ParsedDocument, parse
from robot.domain.codes import Code
from robot.domain.cpr_extraction import cpr_shapes
from robot.domain.identifiers import cpr_birth_date
from robot.domain.notes.bounds import NOTE_LIMIT
from tests.builders import run_decide
from tests.corpus.bad_invoices import CASES, BadInvoice, template, with_number, write_corpus
from tests.support.bundle_decisions import invoice_from_parsed


@dataclass(frozen=True, slots=True)
class Refused:
    reason: str  # a regular expression the importer's reason must match


@dataclass(frozen=True, slots=True)
class Loads:
    code: Code | None  # the robot's code for it; None when the robot pays it


DTD = Refused(r"^unsafe XML refused: it has a DTD \(<!DOCTYPE …>\); DTDs, entities and")
CONTROL_REFERENCE = Refused(r"line 42, column \d+: a reference to a character XML 1.0 forbids")

EXPECTED: dict[str, Refused | Loads] = {
    "not-xml-a-pdf": Refused(r"^not well-formed XML at line 1, column 9: .*not XML at all"),
    "not-xml-plain-text": Refused(r"^not well-formed XML at line 1, column 1: text that is not"),
    "wrong-root-order": Refused(r"^root element is Order, expected an OIOUBL Invoice or Credit"),
    "xxe-external-entity": DTD,
    "xxe-external-dtd": DTD,
    "entity-expansion-billion-laughs": DTD,
    "huge-50-mb": Refused(r"^file is 50.0 MB, the limit is 5 MB$"),
    # No supplier party, so no CVR: the ERP receives it (the export shows supplier_cvr ""),
    # and DOMAIN.md names the code for a missing CVR.
    "missing-supplier-party": Loads(Code.INVALID_CVR),
    "missing-invoice-period": Loads(Code.PERIOD_NOT_PAYABLE),
    "period-ends-before-it-starts": Loads(Code.PERIOD_NOT_PAYABLE),
    # A negative amount payable on an invoice is a credit in all but name: it loads (the
    # supplier's document must reach a person) and goes to manual handling as a credit note.
    "negative-amount": Loads(Code.CREDIT_NOTE),
    # A negative line never matches a grant, whatever the tolerance; its line sum also misses
    # the total, but the line's own code comes first.
    "negative-line-positive-total": Loads(Code.AMOUNT_MISMATCH),
    # The ERP keeps kroner and øre: storing 32240.005 would round the supplier's amount
    # silently, so the file is refused; trailing zeros change nothing and are read exactly.
    "three-decimal-amount": Refused(r"32240\.005 has more than two decimals; amounts are in"),
    "three-decimal-amount-whole-ore": Loads(None),
    "amount-with-exponent": Refused(r"is not a number written like 32240\.00: '3\.224E4'"),
    # Lines that miss the amount payable load: real OIOUBL invoices do this with VAT, fees and
    # discounts (see the contract's real samples), and the ERP must receive what was sent. The
    # robot sends them to manual handling rather than guess which amount is right; the ERP
    # would refuse its posting anyway (line amounts must add up to the total).
    "line-sum-not-total": Loads(Code.AMOUNT_MISMATCH),
    "currency-unknown-xyz": Loads(Code.CURRENCY_NOT_DKK),
    "currency-eur": Loads(Code.CURRENCY_NOT_DKK),
    # Amounts tagged EUR on a DKK document: which currency is meant is unknowable, and the
    # robot would pay the number as kroner. Refused.
    "amount-currency-not-document-currency": Refused(r"is in 'EUR', but the document's currency"),
    "cpr-with-dots": Loads(None),  # 01.01.90-1234 is read (and masked) like 010190-1234
    "cpr-with-a-space": Loads(None),
    "two-different-cprs": Loads(Code.INVALID_CPR),
    "cpr-impossible-date": Loads(Code.INVALID_CPR),
    "cvr-fails-its-check": Loads(Code.INVALID_CVR),
    "non-ascii-text": Loads(None),
    # XML 1.0 forbids control characters such as BEL raw and as &#7; alike, and the parser
    # reads no XML 1.1: the file is refused with the line and column to look at.
    "control-character-raw": Refused(r"line 42, column \d+: .*\(a control character"),
    "control-character-as-reference": CONTROL_REFERENCE,
    "xml-1-1-control-character-reference": CONTROL_REFERENCE,
    "empty-file": Refused(r"^the file is empty$"),
    "whitespace-only": Refused(r"^the file is empty$"),
    "utf8-bom": Loads(None),
    "utf16-with-bom": Loads(None),
    "truncated-mid-tag": Refused(r"line 40, column 3: the file ends in the middle of a tag"),
    "truncated-after-a-line": Refused(r"line 53, column 21: the file ends before the document"),
    # The case system keeps at most 100 characters of a payment's reference: paying it would
    # leave a posting whose payment cannot be registered.
    "invoice-number-208-characters": Loads(Code.INVALID_INVOICE_NUMBER),
    "invoice-type-381-credit-note": Loads(Code.CREDIT_NOTE),
    "invoice-type-325-pro-forma": Loads(Code.DOCUMENT_TYPE_NOT_PAYABLE),
    "invoice-number-shaped-like-a-cpr": Loads(None),
    "supplier-name-with-a-cpr": Loads(None),
    "credit-note-supplier-name-5000-characters": Loads(Code.CREDIT_NOTE),
}
JARGON = ("Error", "Exception", "Traceback", "Forbidden", "b'", "\\x")


@pytest.fixture
def erp(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(create_database(tmp_path / "erp", ERP_DB))
    yield conn
    conn.close()


def load_between_good_ones(
    conn: sqlite3.Connection, folder: Path, bad: BadInvoice
) -> tuple[list[ImportResult], dict[str, ParsedDocument]]:
    """Import INV-GOOD-1, the bad file and INV-GOOD-2, in that order, as `fake-systems load`."""
    folder.mkdir()
    data = template()
    files = [
        (folder / "1-good.xml", with_number(data, "INV-GOOD-1")),
        (folder / f"2-{bad.filename}", bad.build(data)),
        (folder / "3-good.xml", with_number(data, "INV-GOOD-2")),
    ]
    for path, content in files:
        path.write_bytes(content)
    parsed = list(parse_files([path for path, _ in files]))
    documents = {name: doc for name, doc in parsed if isinstance(doc, ParsedDocument)}
    return import_parsed(conn, parsed, by="load"), documents


def stored(conn: sqlite3.Connection, erp_id: str) -> tuple[str, list[str], list[str]]:
    """The total, the line amounts and the line notes as the ERP keeps them."""
    invoice_id = int(erp_id.removeprefix("ERP-"))
    (total,) = conn.execute("SELECT total FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
    rows = conn.execute(
        "SELECT amount, note FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no",
        (invoice_id,),
    ).fetchall()
    return total, [row["amount"] for row in rows], [row["note"] for row in rows]


def test_every_case_in_the_corpus_has_an_expected_outcome() -> None:
    assert set(EXPECTED) == {bad.name for bad in CASES}


@pytest.mark.parametrize("bad", CASES, ids=lambda bad: bad.name)
def test_a_bad_file_is_refused_with_a_readable_reason_or_loads_and_gets_its_code(
    bad: BadInvoice, erp: sqlite3.Connection, tmp_path: Path
) -> None:
    results, documents = load_between_good_ones(erp, tmp_path / "invoices", bad)
    good_1, middle, good_2 = results
    assert (good_1.ok, good_2.ok) == (True, True)
    numbers = [row[0] for row in erp.execute("SELECT invoice_number FROM invoices ORDER BY id")]
    assert numbers[0] == "INV-GOOD-1"
    assert numbers[-1] == "INV-GOOD-2"
    assert middle.filename == f"2-{bad.filename}"
    expected = EXPECTED[bad.name]
    if isinstance(expected, Refused):
        assert not middle.ok
        assert middle.reason is not None
        assert_readable(middle.reason, expected.reason)
        assert numbers == ["INV-GOOD-1", "INV-GOOD-2"]
        return
    assert middle.ok, middle.reason
    assert middle.erp_id is not None
    doc = documents[middle.filename]
    assert stored(erp, middle.erp_id) == (
        f"{doc.total:.2f}",
        [f"{line.amount:.2f}" for line in doc.lines],
        [line.note for line in doc.lines],
    )
    decision = run_decide(invoice_from_parsed(doc, erp_id=middle.erp_id))
    assert decision.code is expected.code, decision.note
    assert decision.pays is (expected.code is None)
    assert_no_cpr(decision.note or "")
    assert len(decision.note or "") <= NOTE_LIMIT, "the ERP refuses longer notes"


def assert_readable(reason: str, pattern: str) -> None:
    """Short, in words, free of Python's jargon, and saying what the case is about."""
    assert len(reason) < 200, reason
    assert not [word for word in JARGON if word in reason], reason
    assert re.search(pattern, reason), reason


def assert_no_cpr(note: str) -> None:
    assert not [shape for shape in cpr_shapes(note) if cpr_birth_date(shape) is not None]
    assert "01.01.90" not in note


@pytest.mark.parametrize(
    "bad",
    [bad for bad in CASES if isinstance(EXPECTED[bad.name], Refused)],
    ids=lambda bad: bad.name,
)
def test_the_upload_page_refuses_a_bad_file_with_the_same_reason_as_the_bulk_load(
    bad: BadInvoice, erp: sqlite3.Connection
) -> None:
    data = bad.build(template())
    result = import_document(erp, filename=bad.filename, data=data, received_by="sagsbehandler")
    assert not result.ok
    expected = EXPECTED[bad.name]
    assert isinstance(expected, Refused)
    assert result.reason is not None
    assert_readable(result.reason, expected.reason)


def test_the_good_template_itself_loads_and_is_paid(erp: sqlite3.Connection) -> None:
    doc = parse(template())
    result = import_document(erp, filename="good.xml", data=template(), received_by="robot")
    assert result.ok
    assert result.erp_id is not None
    assert run_decide(invoice_from_parsed(doc, erp_id=result.erp_id)).pays


def test_the_corpus_writes_one_file_per_case_named_after_it(tmp_path: Path) -> None:
    small = tuple(bad.name for bad in CASES if bad.name != "huge-50-mb")
    written = write_corpus(tmp_path / "invoices", names=small)
    assert sorted(path.name for path in written) == sorted(f"{name}.xml" for name in small)
