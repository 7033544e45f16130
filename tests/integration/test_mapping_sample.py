"""The sample workbook in mappings/ holds the guide's examples of payment plans, certificates and
rent, clean, as scripts/write_sample_mapping.py writes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from robot.domain.certificates import ReceiverKind
from robot.domain.plans import Cadence
from robot.mapping import MappingReport, read_mapping
from scripts.write_sample_mapping import CERTIFICATES, LANDLORDS, PLANS, RECEIVERS, RENT_RECEIVER

SAMPLE = Path(__file__).resolve().parents[2] / "mappings" / "psp_mapping.xlsx"
DEMO_RECEIVER = "5798000000001"  # the demo invoices' ordinary receiver


@pytest.fixture(scope="module")
def report() -> MappingReport:
    return read_mapping(SAMPLE)


def test_the_sample_is_clean_and_reads_every_sheet(report: MappingReport) -> None:
    assert report.ok, [str(p) for p in report.problems]
    assert [(s.sheet, s.read, s.usable) for s in report.sheets[1:]] == [
        ("Betalingsplaner", len(PLANS), len(PLANS)),
        ("Modtagere", len(RECEIVERS), len(RECEIVERS)),
        ("Lægeerklæringer", len(CERTIFICATES), len(CERTIFICATES)),
        ("Udlejere", len(LANDLORDS), len(LANDLORDS)),
    ]


def test_the_samples_rent_plan_is_found_for_its_supplier_and_receiver(
    report: MappingReport,
) -> None:
    [rent] = report.plans.lookup("29403473", "5798000012349", date(2026, 10, 1))
    assert (rent.cadence, rent.amount_from, rent.amount_to) == (
        Cadence.MONTH,
        Decimal("9000.00"),
        Decimal("11000.00"),
    )
    assert rent.line_text == "Husleje Kastanjehaven"
    assert report.plans.lookup("10150817", "5798000000032", date(2027, 1, 1)) == []


def test_the_samples_certificate_receivers_and_fees_are_found(report: MappingReport) -> None:
    certificates = report.certificates
    assert certificates.is_certificate_receiver("5798000000018")
    assert not certificates.is_certificate_receiver(DEMO_RECEIVER)
    [fee] = certificates.lookup("LÆ 265", date(2026, 10, 2))
    assert (fee.amount_from, fee.amount_to) == (Decimal("700.00"), Decimal("900.00"))


def test_the_demo_invoices_receiver_has_no_plan(report: MappingReport) -> None:
    assert all(row.receiver_ean != DEMO_RECEIVER for row in report.plans.rows)


def test_the_samples_rent_ean_and_landlords_are_found(report: MappingReport) -> None:
    book = report.book
    assert book.receivers.eans(ReceiverKind.RENT) == frozenset({RENT_RECEIVER})
    assert not book.certificates.is_certificate_receiver(RENT_RECEIVER)
    [fjordbo] = book.landlords.lookup("29403473", date(2026, 12, 1))
    [solgaarden] = book.landlords.lookup("31000017", date(2026, 12, 1))
    assert (fjordbo.psp, fjordbo.allowed_deviation) == ("XG-5387100001-00026", Decimal("10"))
    assert (solgaarden.landlord_name, solgaarden.allowed_deviation) == (
        "Andelsboligforeningen Solgården",
        Decimal("15"),
    )
