"""Bad OIOUBL invoices, each written from the contract's single invoice with one thing wrong.

The corpus is code, not files: ``write_corpus(folder)`` writes ``<case>.xml`` for every case
(the 50 MB one included, so write it to a test's tmp dir, never into the repository).
``python -m tests.corpus.bad_invoices [DIR] [--with-huge]`` writes it for a person to look at,
by default into tests/corpus/invoices/, which git ignores.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.support.contract import CONTRACT

TEMPLATE = CONTRACT / "examples" / "invoice-single.xml"
HUGE_BYTES = 50 * 1024 * 1024
NOTE = "Ophold oktober 2026, CPR 010190-1234"


def template() -> bytes:
    """The contract's one-citizen invoice INV-1017: October 2026, 32.240,00 kr., CPR in the note."""
    return TEMPLATE.read_bytes()


def replace(data: bytes, old: str | bytes, new: str | bytes, *, count: int = -1) -> bytes:
    """``data`` with ``old`` replaced; ValueError when the template no longer holds ``old``."""
    old_b = old.encode() if isinstance(old, str) else old
    new_b = new.encode() if isinstance(new, str) else new
    if old_b not in data:
        raise ValueError(f"the template has no {old_b[:60]!r}")
    return data.replace(old_b, new_b, count)


def without(data: bytes, tag: str) -> bytes:
    """``data`` without the first ``<tag>…</tag>`` element (tag with its prefix, e.g. cac:X)."""
    pattern = re.compile(rf"\s*<{tag}[ >].*?</{tag}>".encode(), re.DOTALL)
    if not pattern.search(data):
        raise ValueError(f"the template has no <{tag}>")
    return pattern.sub(b"", data, count=1)


def with_number(data: bytes, number: str) -> bytes:
    """The same invoice under another invoice number (the good neighbours in a batch)."""
    return replace(data, "<cbc:ID>INV-1017</cbc:ID>", f"<cbc:ID>{number}</cbc:ID>")


def with_note(note: str | bytes) -> Callable[[bytes], bytes]:
    return lambda data: replace(data, NOTE, note)


def with_amounts(line: str, payable: str | None = None) -> Callable[[bytes], bytes]:
    """Every amount the template has set to ``line``, the payable amount to ``payable``."""

    def build(data: bytes) -> bytes:
        data = replace(data, ">32240.00<", f">{line}<")
        if payable is not None:
            data = replace(data, f">{line}</cbc:PayableAmount>", f">{payable}</cbc:PayableAmount>")
        return data

    return build


def with_currency(code: str) -> Callable[[bytes], bytes]:
    def build(data: bytes) -> bytes:
        data = replace(data, "<cbc:DocumentCurrencyCode>DKK<", f"<cbc:DocumentCurrencyCode>{code}<")
        return replace(data, 'currencyID="DKK"', f'currencyID="{code}"')

    return build


def _doctype(declaration: str) -> Callable[[bytes], bytes]:
    """A DOCTYPE before the root, and (for entities) a reference to ``&x;`` in the note."""

    def build(data: bytes) -> bytes:
        data = replace(data, "<Invoice ", f"{declaration}\n<Invoice ", count=1)
        return replace(data, NOTE, f"{NOTE} &x;") if "ENTITY x" in declaration else data

    return build


XXE = '<!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
EXTERNAL_DTD = '<!DOCTYPE Invoice SYSTEM "http://leverandoer.example/oioubl.dtd">'
BILLION_LAUGHS = (
    '<!DOCTYPE Invoice [<!ENTITY a "hahahahahahahahahaha">'
    + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
    + '<!ENTITY x "&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;">]>'
)


def _huge(data: bytes) -> bytes:
    """A well-formed invoice padded to 50 MB inside the note (as a runaway PDF export would)."""
    padding = b"x" * (HUGE_BYTES - len(data))
    return replace(data, NOTE.encode(), NOTE.encode() + b" " + padding)


def _order(data: bytes) -> bytes:
    data = replace(data, "<Invoice ", "<Order ", count=1)
    data = replace(data, "</Invoice>", "</Order>")
    return replace(data, "xsd:Invoice-2", "xsd:Order-2")


@dataclass(frozen=True, slots=True)
class BadInvoice:
    """One case: its file name (without .xml) and how it is made from the template."""

    name: str
    build: Callable[[bytes], bytes]

    @property
    def filename(self) -> str:
        return f"{self.name}.xml"


def with_type_code(code: str) -> Callable[[bytes], bytes]:
    return lambda data: replace(
        data, ">380</cbc:InvoiceTypeCode>", f">{code}</cbc:InvoiceTypeCode>"
    )


def with_supplier_name(name: str) -> Callable[[bytes], bytes]:
    return lambda data: replace(data, ">Bostedet Lindely ApS<", f">{name}<")


def _credit_note_with_a_long_name(data: bytes) -> bytes:
    return with_type_code("381")(with_supplier_name("Plejefamilien " + "Å" * 5000)(data))


CASES: tuple[BadInvoice, ...] = (
    BadInvoice("not-xml-a-pdf", lambda _: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\n"),
    BadInvoice("not-xml-plain-text", lambda _: "Faktura INV-1017\nBeløb 32.240,00 kr.\n".encode()),
    BadInvoice("wrong-root-order", _order),
    BadInvoice("xxe-external-entity", _doctype(XXE)),
    BadInvoice("xxe-external-dtd", _doctype(EXTERNAL_DTD)),
    BadInvoice("entity-expansion-billion-laughs", _doctype(BILLION_LAUGHS)),
    BadInvoice("huge-50-mb", _huge),
    BadInvoice("missing-supplier-party", lambda d: without(d, "cac:AccountingSupplierParty")),
    BadInvoice("missing-invoice-period", lambda d: without(d, "cac:InvoicePeriod")),
    BadInvoice(
        "period-ends-before-it-starts",
        lambda d: replace(d, "<cbc:EndDate>2026-10-31<", "<cbc:EndDate>2026-09-30<"),
    ),
    BadInvoice("negative-amount", with_amounts("-32240.00")),
    BadInvoice("negative-line-positive-total", with_amounts("-32240.00", payable="32240.00")),
    BadInvoice("three-decimal-amount", with_amounts("32240.005")),
    BadInvoice("three-decimal-amount-whole-ore", with_amounts("32240.000")),
    BadInvoice("amount-with-exponent", with_amounts("3.224E4")),
    BadInvoice("line-sum-not-total", with_amounts("32240.00", payable="33280.00")),
    BadInvoice("currency-unknown-xyz", with_currency("XYZ")),
    BadInvoice("currency-eur", with_currency("EUR")),
    BadInvoice(
        "amount-currency-not-document-currency",
        lambda d: replace(
            d,
            'currencyID="DKK">32240.00</cbc:PayableAmount>',
            'currencyID="EUR">32240.00</cbc:PayableAmount>',
        ),
    ),
    BadInvoice("cpr-with-dots", with_note("Ophold oktober 2026, CPR 01.01.90-1234")),
    BadInvoice("cpr-with-a-space", with_note("Ophold oktober 2026, CPR 010190 1234")),
    BadInvoice(
        "two-different-cprs", with_note("Ophold oktober 2026, CPR 010190-1234 / 230485-1118")
    ),
    BadInvoice("cpr-impossible-date", with_note("Ophold oktober 2026, CPR 310290-1234")),
    BadInvoice("cvr-fails-its-check", lambda d: replace(d, "DK12345674", "DK12345678")),
    BadInvoice(
        "non-ascii-text",
        lambda d: replace(
            with_note("Ophold oktober 2026 for Søren Ærø-Åberg 🏠✓, CPR 010190-1234")(d),
            "Bostedet Lindely ApS</cbc:Name>",
            "Bostedet Lindely ApS 🌿 ÆØÅ</cbc:Name>",
        ),
    ),
    BadInvoice("control-character-raw", with_note(f"{NOTE}\x07")),
    BadInvoice("control-character-as-reference", with_note(f"{NOTE}&#7;")),
    BadInvoice(
        "xml-1-1-control-character-reference",
        lambda d: replace(with_note(f"{NOTE}&#7;")(d), 'version="1.0"', 'version="1.1"'),
    ),
    BadInvoice("empty-file", lambda _: b""),
    BadInvoice("whitespace-only", lambda _: b" \r\n\t\n"),
    BadInvoice("utf8-bom", lambda d: b"\xef\xbb\xbf" + d),
    BadInvoice(
        "utf16-with-bom",
        lambda d: replace(d, 'encoding="UTF-8"', 'encoding="UTF-16"').decode().encode("utf-16"),
    ),
    BadInvoice("truncated-mid-tag", lambda d: d[: d.index(b"<cac:InvoiceLine>") + 10]),
    BadInvoice("truncated-after-a-line", lambda d: d[: d.index(b"</cac:InvoiceLine>") + 18]),
    # The holes an attack found (never-pay-twice issue): each must end with its code, no CPR
    # in any note, and every note short enough for the ERP.
    BadInvoice("invoice-number-208-characters", lambda d: with_number(d, "F" * 208)),
    BadInvoice("invoice-type-381-credit-note", with_type_code("381")),
    BadInvoice("invoice-type-325-pro-forma", with_type_code("325")),
    BadInvoice("invoice-number-shaped-like-a-cpr", lambda d: with_number(d, "190356-2443")),
    BadInvoice("supplier-name-with-a-cpr", with_supplier_name("Plejefamilie 070159/2124")),
    BadInvoice("credit-note-supplier-name-5000-characters", _credit_note_with_a_long_name),
)


def case(name: str) -> BadInvoice:
    return next(c for c in CASES if c.name == name)


def write_corpus(folder: Path, *, names: tuple[str, ...] | None = None) -> list[Path]:
    """Write every case (or those named) to ``folder``/<case>.xml; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    data = template()
    paths = []
    for bad in CASES:
        if names is None or bad.name in names:
            path = folder / bad.filename
            path.write_bytes(bad.build(data))
            paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover - a person's look at the corpus
    # Into tests/corpus/invoices/ (ignored by git), without the 50 MB file unless asked for.
    arguments = sys.argv[1:]
    huge = "--with-huge" in arguments
    folders = [a for a in arguments if a != "--with-huge"]
    out = Path(folders[0]) if folders else Path(__file__).parent / "invoices"
    chosen = tuple(c.name for c in CASES if huge or c.name != "huge-50-mb")
    for written in write_corpus(out, names=chosen):
        print(written)
