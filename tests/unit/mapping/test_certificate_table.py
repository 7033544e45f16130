"""Doctors' certificates in the domain: receivers, fee rows by type, and how types compare."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from robot.domain.certificates import (
    CertificateRow,
    CertificateTable,
    ReceiverKind,
    ReceiverRow,
    normalize_certificate_type,
)

EAN = "5798000012349"


def make_fee(**changes: object) -> CertificateRow:
    fields: dict[str, object] = {
        "certificate_type": "LÆ 265",
        "amount_from": Decimal("700.00"),
        "amount_to": Decimal("900.00"),
        "psp": "XG-5385020001-00001",
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "sheet_row": 2,
    }
    return CertificateRow(**(fields | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize("written", ["LÆ 265", "læ265", "LÆ-265", " Læ. 265 ", "LÆ\u00a0265"])
def test_certificate_types_compare_without_case_spaces_hyphens_or_dots(written: str) -> None:
    assert normalize_certificate_type(written) == "læ265"


def test_types_that_differ_in_letters_or_digits_stay_different() -> None:
    assert normalize_certificate_type("LÆ 265") != normalize_certificate_type("LÆ 266")
    assert normalize_certificate_type("LÆ 265") != normalize_certificate_type("LAE 265")


def test_a_receiver_listed_as_certificate_is_a_certificate_receiver() -> None:
    receiver = ReceiverRow(ean=EAN, kind=ReceiverKind.CERTIFICATE, sheet_row=2)
    table = CertificateTable([receiver], [])
    assert table.is_certificate_receiver("579 8000 01234 9")
    assert not table.is_certificate_receiver("5790000000005")
    assert table.receivers == (receiver,)


def test_lookup_finds_the_type_valid_on_the_day_however_it_is_written() -> None:
    old = make_fee(valid_to=date(2026, 12, 31))
    new = make_fee(certificate_type="læ265", valid_from=date(2027, 1, 1), sheet_row=3)
    other = make_fee(certificate_type="LÆ 125", sheet_row=4)
    table = CertificateTable([], [old, new, other])
    assert table.lookup("LÆ 265", date(2026, 6, 1)) == [old]
    assert table.lookup("Læ-265", date(2027, 6, 1)) == [new]
    assert table.rows_for("LÆ265") == (old, new)
    assert len(table) == 3


def test_rejected_fee_rows_are_remembered_by_type() -> None:
    table = CertificateTable([], [], rejected=[("LÆ 265", 4)])
    assert table.rejected_rows("læ265") == (4,)
    assert table.rejected_rows("LÆ 125") == ()


def test_a_fee_row_covers_amounts_inside_its_interval() -> None:
    assert make_fee().covers(Decimal("700.00"))
    assert not make_fee().covers(Decimal("900.01"))
    assert make_fee(amount_to=None).covers(Decimal("5000"))


def test_an_empty_table_has_no_receivers_or_rows() -> None:
    table = CertificateTable.empty()
    assert (len(table), table.receivers, table.rows) == (0, (), ())


def test_rows_may_be_built_positionally_in_the_order_of_the_sheet() -> None:
    receiver = ReceiverRow(EAN, ReceiverKind.CERTIFICATE, 2)
    fee = CertificateRow("LÆ 265", Decimal(700), None, "XG-5385020001-00001", None, None, 3)
    assert (receiver.ean, fee.psp, fee.sheet_row) == (EAN, "XG-5385020001-00001", 3)
