"""Rent for benefit recipients in the mapping workbook: ``husleje`` receivers in ``Modtagere``, and
the ``Udlejere`` sheet read into approved landlords (CVR, PSP element, Afvigelse % however typed,
dates, overlapping rows), every problem placed in Danish."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from robot.domain.certificates import ReceiverKind
from robot.mapping import Severity, read_mapping
from robot.mapping.builder import write_mapping_workbook
from robot.mapping.problems import MappingReport, SheetCount

PSP_ROW: list[object] = [
    "107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010001-00007", date(2026, 1, 1)
]  # fmt: skip
RENT_EAN = "5798000000025"
CERTIFICATE_EAN = "5798000000018"
CVR = "29403473"
JAN_1, JUL_1 = date(2026, 1, 1), date(2026, 7, 1)
LANDLORD: list[object] = [
    CVR, "Boligselskabet Fjordbo", "XG-5387100001-00026", None, JAN_1, None, "aftale 2026"
]  # fmt: skip


def read(
    tmp_path: Path,
    *,
    receivers: Sequence[Sequence[object]] | None = None,
    landlords: Sequence[Sequence[object]] | None = None,
) -> MappingReport:
    path = write_mapping_workbook(
        tmp_path / "psp_mapping.xlsx", [PSP_ROW], receivers=receivers, landlords=landlords
    )
    return read_mapping(path)


def landlord(**changes: object) -> list[object]:
    columns = ("cvr", "name", "psp", "share", "start", "end", "remark")
    return list((dict(zip(columns, LANDLORD, strict=True)) | changes).values())


def test_a_rent_ean_is_read_as_a_husleje_receiver(tmp_path: Path) -> None:
    report = read(tmp_path, receivers=[[RENT_EAN, "husleje", "Jobcentret: husleje"]])
    assert report.ok
    assert report.book.receivers.kind_of(RENT_EAN) is ReceiverKind.RENT
    assert report.book.receivers.eans(ReceiverKind.RENT) == frozenset({RENT_EAN})
    assert not report.certificates.is_certificate_receiver(RENT_EAN)


def test_a_kind_near_husleje_is_an_error_that_suggests_it(tmp_path: Path) -> None:
    report = read(tmp_path, receivers=[[RENT_EAN, "Huslejer", ""]])
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column) == ("Modtagere", 2, "B")
    assert "mente du 'husleje'?" in problem.message
    assert report.book.receivers.kind_of(RENT_EAN) is None


def test_an_ean_listed_with_two_kinds_is_an_error_and_neither_row_is_used(tmp_path: Path) -> None:
    rows = [[RENT_EAN, "husleje", ""], [CERTIFICATE_EAN, "lægeerklæring", ""]]
    report = read(tmp_path, receivers=[*rows, [RENT_EAN, "lægeerklæring", ""]])
    [problem] = report.problems
    assert (problem.row, problem.column, problem.severity) == (4, "A", Severity.ERROR)
    assert problem.message == (
        f"EAN {RENT_EAN} står også i række 2 som 'husleje', her som 'lægeerklæring'; en EAN kan "
        "kun modtage én slags fakturaer, så ingen af rækkerne bruges. Slet den forkerte række"
    )
    assert report.book.receivers.kind_of(RENT_EAN) is None
    assert report.book.receivers.kind_of(CERTIFICATE_EAN) is ReceiverKind.CERTIFICATE
    assert report.sheets[1].not_used == 2


def test_landlords_are_read_and_found_by_cvr_and_month(tmp_path: Path) -> None:
    rows = [landlord(end=date(2026, 6, 30)), landlord(psp="XG-5387100001-00027", start=JUL_1)]
    report = read(tmp_path, landlords=rows)
    assert report.ok, [str(p) for p in report.problems]
    [old] = report.book.landlords.lookup(f"DK{CVR}", date(2026, 3, 1))
    [new] = report.book.landlords.lookup(CVR, date(2026, 10, 1))
    assert (old.psp, old.landlord_name, old.sheet_row) == (
        "XG-5387100001-00026",
        "Boligselskabet Fjordbo",
        2,
    )
    assert (new.psp, new.allowed_deviation) == ("XG-5387100001-00027", Decimal("10"))
    assert report.sheets[-1] == SheetCount("Udlejere", read=2, usable=2, not_used=0)


@pytest.mark.parametrize(
    ("typed", "share"),
    [
        (10, Decimal("10")),
        (12.5, Decimal("12.5")),
        ("10", Decimal("10")),
        ("10,5", Decimal("10.5")),
        ("10.5", Decimal("10.5")),
        ("10 %", Decimal("10")),
        ("7,5%", Decimal("7.5")),
        ("15 pct.", Decimal("15")),
        (0, Decimal("0")),
        ("100", Decimal("100")),
    ],
)
def test_afvigelse_is_read_as_a_percentage_however_an_admin_types_it(
    tmp_path: Path, typed: object, share: Decimal
) -> None:
    report = read(tmp_path, landlords=[landlord(share=typed)])
    assert report.ok, [str(p) for p in report.problems]
    [row] = report.landlords.rows_for(CVR)
    assert row.deviation_pct == share
    assert row.allowed_deviation == share


@pytest.mark.parametrize(("stored", "share"), [(0.1, Decimal("10")), (0.125, Decimal("12.5"))])
def test_a_percent_formatted_cell_reads_as_the_percentage_it_shows(
    tmp_path: Path, stored: float, share: Decimal
) -> None:
    """Excel stores 10 % as 0.1 in a cell formatted as a percentage."""
    path = write_mapping_workbook(
        tmp_path / "psp_mapping.xlsx", [PSP_ROW], landlords=[landlord(share=stored)]
    )
    book = load_workbook(path)
    book["Udlejere"]["D2"].number_format = "0%"
    book.save(path)
    report = read_mapping(path)
    assert report.ok, [str(p) for p in report.problems]
    assert report.landlords.rows_for(CVR)[0].deviation_pct == share


def test_a_share_below_one_typed_as_a_plain_number_is_a_warning_naming_the_percentage_meant(
    tmp_path: Path,
) -> None:
    report = read(tmp_path, landlords=[landlord(share=0.1)])
    [problem] = report.problems
    assert (problem.row, problem.column, problem.severity) == (2, "D", Severity.WARNING)
    assert problem.message == (
        "Afvigelse % er 0,1, og det læses som 0,1 %: huslejen må næsten ikke ændre sig. Mente du "
        "10 %? Skriv 10 (eller 10 %)"
    )
    assert report.landlords.rows_for(CVR)[0].deviation_pct == Decimal("0.1")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (150, "Afvigelse % er 150 %, men skal være mellem 0 og 100"),
        ("-5", "Afvigelse % er -5 %, men skal være mellem 0 og 100"),
        ("ti procent", "Afvigelse % 'ti procent' er ikke en procentsats; skriv fx 10, 10,5"),
        (True, "Afvigelse % indeholder SAND, ikke en procentsats"),
    ],
)
def test_an_afvigelse_that_is_no_percentage_from_0_to_100_is_an_error(
    tmp_path: Path, typed: object, said: str
) -> None:
    report = read(tmp_path, landlords=[landlord(share=typed)])
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column) == ("Udlejere", 2, "D")
    assert problem.message.startswith(said)
    assert problem.message.endswith("rækken bruges ikke")
    assert len(report.landlords) == 0
    assert report.landlords.rejected_rows(CVR) == (2,)


def test_a_cvr_failing_its_check_is_an_error_and_the_row_is_left_out(tmp_path: Path) -> None:
    report = read(tmp_path, landlords=[landlord(cvr="29403474"), landlord(start=JUL_1)])
    [problem] = report.problems
    assert (problem.row, problem.column) == (2, "A")
    assert "'29403474' er ikke et gyldigt CVR-nummer (kontrollen med modulus 11" in problem.message
    assert [row.sheet_row for row in report.landlords.rows_for(CVR)] == [3]


def test_a_lower_case_psp_element_is_an_error_naming_the_element_meant(tmp_path: Path) -> None:
    report = read(tmp_path, landlords=[landlord(psp="xg-5387100001-00026")])
    [problem] = report.problems
    assert (problem.row, problem.column) == (2, "C")
    assert problem.message.endswith("mente du 'XG-5387100001-00026'? Rækken bruges ikke")


def test_a_missing_landlord_name_or_psp_element_is_an_error(tmp_path: Path) -> None:
    report = read(tmp_path, landlords=[landlord(name=None, psp=" ")])
    assert [(p.column, p.message) for p in report.problems] == [
        ("B", "Udlejer mangler (cellen er tom); rækken bruges ikke"),
        ("C", "PSP-element mangler (cellen er tom); rækken bruges ikke"),
    ]


def test_dates_running_backwards_are_an_error(tmp_path: Path) -> None:
    report = read(tmp_path, landlords=[landlord(start=JUL_1, end=JAN_1)])
    [problem] = report.problems
    assert (problem.column, problem.severity) == ("F", Severity.ERROR)
    assert "datoerne går baglæns" in problem.message


def test_overlapping_rows_for_one_landlord_are_an_error_and_both_are_kept(tmp_path: Path) -> None:
    rows = [landlord(), landlord(cvr=f"DK {CVR}", psp="XG-5387100001-00027", start=JUL_1)]
    report = read(tmp_path, landlords=rows)
    [problem] = report.problems
    assert (problem.row, problem.column, problem.severity) == (3, "E", Severity.ERROR)
    assert problem.message.startswith(
        f"rækkerne 2 og 3 gælder begge for udlejer {CVR} fra 01.07.2026 uden slutdato; robotten "
        "kan ikke vælge mellem dem"
    )
    assert len(report.landlords.lookup(CVR, date(2026, 10, 1))) == 2


def test_a_workbook_without_udlejere_has_no_landlords(tmp_path: Path) -> None:
    report = read(tmp_path)
    assert report.ok
    assert len(report.book.landlords) == 0


def test_a_sheet_named_almost_udlejere_is_not_read_and_the_admin_is_asked(tmp_path: Path) -> None:
    path = write_mapping_workbook(tmp_path / "psp_mapping.xlsx", [PSP_ROW])
    book = load_workbook(path)
    book.create_sheet("Udlejer").append(["Udlejer-CVR", "Udlejer", "PSP-element"])
    book.save(path)
    [problem] = read_mapping(path).problems
    assert problem.sheet == "Udlejer"
    assert "mente du 'Udlejere'?" in problem.message
