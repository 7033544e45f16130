"""The optional ``Modtagere`` and ``Lægeerklæringer`` sheets read into certificate receivers and
fee rows: EAN check digits, known kinds, fee intervals, overlapping rows per type."""

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
from robot.mapping.problems import MappingReport
from robot.mapping.validator import render_report

PSP_ROW: list[object] = [
    "107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010001-00007", date(2026, 1, 1)
]  # fmt: skip
EAN = "5798000000001"
RECEIVER: list[object] = [EAN, "lægeerklæring", "Jobcentret, lægeerklæringer"]
FEE: list[object] = [
    "LÆ 265", "700,00", "900,00", "XG-5385020001-00001", date(2026, 1, 1), None, ""
]  # fmt: skip


def read(
    tmp_path: Path,
    *,
    receivers: Sequence[Sequence[object]] | None = None,
    fees: Sequence[Sequence[object]] | None = None,
) -> MappingReport:
    path = write_mapping_workbook(
        tmp_path / "psp_mapping.xlsx", [PSP_ROW], receivers=receivers, certificates=fees
    )
    return read_mapping(path)


def fee(**changes: object) -> list[object]:
    columns = ("type", "low", "high", "psp", "start", "end", "remark")
    return list((dict(zip(columns, FEE, strict=True)) | changes).values())


def test_receivers_and_fees_are_read_into_the_certificate_table(tmp_path: Path) -> None:
    report = read(tmp_path, receivers=[RECEIVER], fees=[FEE])
    assert report.ok
    certificates = report.certificates
    assert certificates.is_certificate_receiver(EAN)
    assert certificates.receivers[0].kind is ReceiverKind.CERTIFICATE
    [row] = certificates.lookup("læ265", date(2026, 10, 2))
    assert (row.amount_from, row.amount_to, row.psp) == (
        Decimal("700.00"),
        Decimal("900.00"),
        "XG-5385020001-00001",
    )
    assert report.book.certificates is certificates
    assert render_report(report, name="m.xlsx") == [
        "m.xlsx: ingen problemer; PSP: 1 række læst, 1 kan bruges; Modtagere: 1 række læst, "
        "1 kan bruges; Lægeerklæringer: 1 række læst, 1 kan bruges."
    ]


def test_a_workbook_without_the_sheets_has_no_certificates(tmp_path: Path) -> None:
    report = read(tmp_path)
    assert len(report.certificates) == 0
    assert report.certificates.receivers == ()


@pytest.mark.parametrize("kind", ["Lægeerklæring", " LÆGEERKLÆRING "])
def test_the_kind_compares_without_case(tmp_path: Path, kind: str) -> None:
    assert read(tmp_path, receivers=[[EAN, kind]]).certificates.is_certificate_receiver(EAN)


def test_a_near_miss_of_the_kind_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    report = read(tmp_path, receivers=[[EAN, "lægeerklæringer"]])
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column) == ("Modtagere", 2, "B")
    assert problem.severity is Severity.ERROR
    assert problem.message == (
        "Slags 'lægeerklæringer' er ikke en slags, robotten kender; mente du 'lægeerklæring'? "
        "Rækken bruges ikke"
    )
    assert not report.certificates.is_certificate_receiver(EAN)


def test_an_unknown_kind_is_a_warning_and_the_receiver_is_not_a_certificate_receiver(
    tmp_path: Path,
) -> None:
    report = read(tmp_path, receivers=[[EAN, "tandlægeregning"], ["5790000000005", "x"]])
    assert [(p.row, p.severity) for p in report.problems] == [
        (2, Severity.WARNING),
        (3, Severity.WARNING),
    ]
    assert "ikke en slags, robotten kender (lægeerklæring og husleje)" in report.problems[0].message
    assert report.errors == ()
    assert not report.certificates.is_certificate_receiver(EAN)


def test_a_receiver_ean_with_a_wrong_check_digit_is_an_error(tmp_path: Path) -> None:
    report = read(tmp_path, receivers=[["5798000000002", "lægeerklæring"]])
    [problem] = report.problems
    assert (problem.column, problem.severity) == ("A", Severity.ERROR)
    assert "kontrolcifferet passer ikke" in problem.message


def test_a_receiver_listed_twice_is_a_warning(tmp_path: Path) -> None:
    report = read(tmp_path, receivers=[RECEIVER, [EAN, "lægeerklæring"]])
    [problem] = report.problems
    assert (problem.row, problem.severity) == (3, Severity.WARNING)
    assert problem.message == f"EAN {EAN} står også i række 2; den ene række er nok"


@pytest.mark.parametrize(
    ("changes", "column", "said"),
    [
        ({"type": ""}, "A", "Erklæringstype mangler (cellen er tom)"),
        ({"low": "syv hundrede"}, "B", "er ikke et beløb"),
        ({"low": "1000", "high": "900"}, "C", "intet honorar passer"),
        ({"psp": "XG5385"}, "D", "ligner ikke et PSP-element"),
        ({"end": date(2025, 1, 1)}, "F", "datoerne går baglæns"),
    ],
)
def test_a_bad_fee_row_is_an_error_and_not_used(
    tmp_path: Path, changes: dict[str, object], column: str, said: str
) -> None:
    report = read(tmp_path, fees=[fee(**changes)])
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column) == ("Lægeerklæringer", 2, column)
    assert said in problem.message
    assert len(report.certificates) == 0


def test_a_bad_fee_row_with_a_readable_type_is_remembered(tmp_path: Path) -> None:
    report = read(tmp_path, fees=[fee(psp="nej")])
    assert report.certificates.rejected_rows("LÆ 265") == (2,)


def test_rows_for_one_type_written_differently_that_overlap_are_an_error_naming_both(
    tmp_path: Path,
) -> None:
    later = fee(type="læ265", start=date(2026, 7, 1), psp="XG-5385020001-00002")
    report = read(tmp_path, fees=[FEE, fee(type="LÆ 125"), later])
    [problem] = report.problems
    assert (problem.row, problem.column, problem.severity) == (4, "E", Severity.ERROR)
    assert problem.message.startswith(
        "rækkerne 2 og 4 gælder begge for erklæringstype læ265 fra 01.07.2026 uden slutdato"
    )
    assert len(report.certificates.lookup("LÆ 265", date(2026, 10, 1))) == 2


def test_a_sheet_named_almost_like_an_optional_sheet_is_a_warning(tmp_path: Path) -> None:
    path = write_mapping_workbook(tmp_path / "m.xlsx", [PSP_ROW])
    book = load_workbook(path)
    book.create_sheet("Lægeerklæring")
    book.create_sheet("Noter")
    book.save(path)
    [problem] = read_mapping(path).problems
    assert (problem.sheet, problem.severity) == ("Lægeerklæring", Severity.WARNING)
    assert problem.message.startswith("arket læses ikke: mente du 'Lægeerklæringer'?")


def test_a_sheet_named_with_danish_letters_spelt_out_is_read_and_reported(tmp_path: Path) -> None:
    path = write_mapping_workbook(tmp_path / "m.xlsx", [PSP_ROW], certificates=[FEE])
    book = load_workbook(path)
    book["Lægeerklæringer"].title = "Laegeerklaeringer"
    book.save(path)
    report = read_mapping(path)
    [problem] = report.problems
    assert (problem.sheet, problem.severity) == ("Laegeerklaeringer", Severity.WARNING)
    assert "arket skal hedde 'Lægeerklæringer'" in problem.message
    assert len(report.certificates) == 1
