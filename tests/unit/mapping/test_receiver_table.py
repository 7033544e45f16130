"""The ``Modtagere`` sheet in the domain: each EAN's kind (certificates or rent), as the mapping
book gives it to the decision."""

from __future__ import annotations

import pytest

from robot.domain.certificates import CertificateTable, ReceiverKind, ReceiverRow, ReceiverTable
from robot.domain.mapping_book import MappingBook
from robot.domain.plans import PlanTable
from robot.domain.psp import MappingTable

CERTIFICATES = "5798000000018"
RENT = "5798000000025"
ORDINARY = "5798000000001"


def receivers() -> list[ReceiverRow]:
    return [
        ReceiverRow(ean=CERTIFICATES, kind=ReceiverKind.CERTIFICATE, sheet_row=2),
        ReceiverRow(ean=RENT, kind=ReceiverKind.RENT, sheet_row=3),
    ]


def test_each_ean_has_its_kind_however_the_ean_is_spaced() -> None:
    table = ReceiverTable(receivers())
    assert table.kind_of("579 8000 00002 5") is ReceiverKind.RENT
    assert table.kind_of(CERTIFICATES) is ReceiverKind.CERTIFICATE
    assert table.kind_of(ORDINARY) is None


def test_the_eans_of_a_kind_are_listed() -> None:
    table = ReceiverTable(receivers())
    assert table.eans(ReceiverKind.RENT) == frozenset({RENT})
    assert table.eans(ReceiverKind.CERTIFICATE) == frozenset({CERTIFICATES})


def test_an_ean_listed_twice_with_one_kind_is_one_receiver() -> None:
    twice = [*receivers(), ReceiverRow(ean=RENT, kind=ReceiverKind.RENT, sheet_row=4)]
    assert ReceiverTable(twice).eans(ReceiverKind.RENT) == frozenset({RENT})


def test_an_ean_listed_with_two_kinds_is_refused() -> None:
    both = [*receivers(), ReceiverRow(ean=RENT, kind=ReceiverKind.CERTIFICATE, sheet_row=4)]
    with pytest.raises(ValueError, match="both"):
        ReceiverTable(both)


def test_a_rent_ean_is_no_certificate_receiver() -> None:
    table = CertificateTable(receivers(), [])
    assert table.is_certificate_receiver(CERTIFICATES)
    assert not table.is_certificate_receiver(RENT)


def test_the_mapping_book_gives_the_receivers_it_was_read_with() -> None:
    book = MappingBook(MappingTable([]), PlanTable.empty(), CertificateTable(receivers(), []))
    assert book.receivers.kind_of(RENT) is ReceiverKind.RENT
    assert len(book.landlords) == 0


def test_a_book_of_psp_rows_only_has_no_receivers() -> None:
    book = MappingBook.of(MappingTable([]))
    assert book.receivers.kind_of(RENT) is None
    assert book.receivers.eans(ReceiverKind.RENT) == frozenset()
