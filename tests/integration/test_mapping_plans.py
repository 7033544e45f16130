"""The optional ``Betalingsplaner`` sheet read into payment plans: each problem placed by sheet,
row and column in Danish; rows with errors left out, overlapping rows reported and kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from robot.domain.plans import Cadence
from robot.mapping import Severity, read_mapping
from robot.mapping.builder import PLAN_HEADERS, write_mapping_workbook
from robot.mapping.problems import MappingReport, Problem
from robot.mapping.validator import render_report

PSP_ROW: list[object] = [
    "107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010001-00007", date(2026, 1, 1)
]  # fmt: skip
CVR, EAN = "29403473", "5798000012349"
PLAN: list[object] = [
    CVR, EAN, "9000,00", "11000,00", "måned", "XG-5385010001-00099", "Husleje Kastanjehaven",
    date(2026, 1, 1), None, "",
]  # fmt: skip
SHEET = "Betalingsplaner"


def plans(tmp_path: Path, rows: Sequence[Sequence[object]]) -> MappingReport:
    path = write_mapping_workbook(tmp_path / "psp_mapping.xlsx", [PSP_ROW], plans=rows)
    return read_mapping(path)


def plan(**changes: object) -> list[object]:
    columns = ("cvr", "ean", "low", "high", "cadence", "psp", "text", "start", "end", "remark")
    row = dict(zip(columns, PLAN, strict=True)) | changes
    return list(row.values())


def placed(report: MappingReport) -> list[tuple[str | None, int | None, str | None]]:
    return [(p.sheet, p.row, p.column) for p in report.problems]


def test_a_good_plan_row_is_read_with_cvr_ean_amounts_and_cadence(tmp_path: Path) -> None:
    report = plans(tmp_path, [PLAN])
    assert report.ok
    [row] = report.plans.lookup(CVR, EAN, date(2026, 10, 1))
    assert (row.amount_from, row.amount_to) == (Decimal("9000.00"), Decimal("11000.00"))
    assert (row.cadence, row.psp, row.line_text) == (
        Cadence.MONTH,
        "XG-5385010001-00099",
        "Husleje Kastanjehaven",
    )
    assert row.sheet_row == 2
    assert report.book.plans is report.plans


def test_a_workbook_without_the_sheet_has_no_plans_and_reads_as_before(tmp_path: Path) -> None:
    report = read_mapping(write_mapping_workbook(tmp_path / "m.xlsx", [PSP_ROW]))
    assert report.ok
    assert len(report.plans) == 0
    assert [s.sheet for s in report.sheets] == ["PSP"]
    assert render_report(report, name="m.xlsx") == [
        "m.xlsx: ingen problemer; PSP: 1 række læst, 1 kan bruges."
    ]


@pytest.mark.parametrize(
    ("low", "high", "read_low", "read_high"),
    [
        ("9.000,00", "11.000,00", "9000.00", "11000.00"),
        ("9000.00", "11000.5", "9000.00", "11000.50"),
        (9000, 11000.25, "9000.00", "11000.25"),
        ("kr. 9.000", "11.000 kr.", "9000.00", "11000.00"),
        (None, None, "0.00", None),
        ("", 500, "0.00", "500.00"),
    ],
)
def test_amounts_are_read_as_numbers_or_danish_or_point_decimal_text(
    tmp_path: Path, low: object, high: object, read_low: str, read_high: str | None
) -> None:
    report = plans(tmp_path, [plan(low=low, high=high)])
    assert report.ok, [str(p) for p in report.problems]
    [row] = report.plans.rows
    assert row.amount_from == Decimal(read_low)
    assert row.amount_to == (Decimal(read_high) if read_high else None)


@pytest.mark.parametrize(
    ("changes", "column", "said"),
    [
        ({"cvr": "29403474"}, "A", "'29403474' er ikke et gyldigt CVR-nummer (kontrollen med"),
        ({"cvr": "2940347"}, "A", "'2940347' er ikke et CVR-nummer (8 cifre"),
        ({"ean": "5798000012345"}, "B", "er ikke et gyldigt EAN-nummer (kontrolcifferet passer"),
        ({"ean": "579800001234"}, "B", "'579800001234' er ikke et EAN-nummer (13 cifre)"),
        ({"low": "ni tusind"}, "C", "'ni tusind' er ikke et beløb; skriv det som 9000,00"),
        ({"high": "-5,00"}, "D", "er negativt (-5,00); skriv beløbet uden minus"),
        ({"high": 11000.123}, "D", "har flere end to decimaler"),
        ({"cadence": "månedlig"}, "E", "'månedlig' er ikke en kadence (måned, kvartal, halvår"),
        ({"psp": "XG 1"}, "F", "'XG 1' ligner ikke et PSP-element"),
        ({"text": ""}, "G", "Linjetekst mangler (cellen er tom)"),
        ({"start": "1. januar"}, "H", "'1. januar' er ikke en dato"),
        ({"end": date(2025, 12, 31)}, "I", "datoerne går baglæns"),
        ({"low": "12000", "high": "11000"}, "D", "Beløb fra 12.000,00 kr. er større end Beløb til"),
    ],
)
def test_a_bad_plan_row_is_an_error_placed_in_danish_and_not_used(
    tmp_path: Path, changes: dict[str, object], column: str, said: str
) -> None:
    other = plan(ean="5790000000005")
    report = plans(tmp_path, [other, plan(**changes)])
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column) == (SHEET, 3, column)
    assert problem.severity is Severity.ERROR
    assert said in problem.message
    assert problem.message.endswith("ikke")
    assert len(report.plans) == 1


def test_a_near_miss_cadence_suggests_the_word(tmp_path: Path) -> None:
    [problem] = plans(tmp_path, [plan(cadence="kvartalsvis")]).problems
    assert problem.message.endswith("mente du 'kvartal'? Rækken bruges ikke")


@pytest.mark.parametrize(("written", "read"), [("MÅNED", "måned"), (" Kvartal ", "kvartal")])
def test_cadence_words_compare_without_case(tmp_path: Path, written: str, read: str) -> None:
    report = plans(tmp_path, [plan(cadence=written)])
    assert report.ok
    assert report.plans.rows[0].cadence.value == read


def test_cvr_with_dk_prefix_and_ean_typed_as_a_number_are_read(tmp_path: Path) -> None:
    report = plans(tmp_path, [plan(cvr="DK29403473", ean=5798000012349)])
    assert report.ok
    assert report.plans.rows[0].supplier_cvr == CVR
    assert report.plans.rows[0].receiver_ean == EAN


def test_a_bad_row_with_a_readable_supplier_and_receiver_is_remembered(tmp_path: Path) -> None:
    report = plans(tmp_path, [plan(psp="nope")])
    assert report.plans.rejected_rows(CVR, EAN) == (2,)


def test_a_long_line_text_is_a_warning_that_it_will_be_cut_and_the_row_is_used(
    tmp_path: Path,
) -> None:
    text = "Husleje Kastanjehaven, afdeling Nord"
    report = plans(tmp_path, [plan(text=text), plan(ean="5790000000005", text="x" * 28)])
    [problem] = report.problems
    assert (problem.row, problem.column, problem.severity) == (2, "G", Severity.WARNING)
    assert problem.message.startswith(f"Linjetekst har {len(text)} tegn.")
    assert "hold Linjetekst på højst 28 tegn" in problem.message
    assert len(report.plans) == 2


def test_overlapping_rows_for_one_supplier_and_receiver_are_an_error_naming_both(
    tmp_path: Path,
) -> None:
    second = plan(start=date(2026, 6, 1), psp="XG-5385010001-00100", cvr="DK29403473")
    report = plans(tmp_path, [PLAN, plan(ean="5790000000005"), second])
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column) == (SHEET, 4, "H")
    assert problem.message.startswith(
        f"rækkerne 2 og 4 gælder begge for leverandør {CVR} og modtager {EAN} fra 01.06.2026 "
        "uden slutdato"
    )
    assert "(AMBIGUOUS_PLAN)" in problem.message
    assert len(report.plans.lookup(CVR, EAN, date(2026, 10, 1))) == 2


def test_rows_that_follow_each_other_do_not_overlap(tmp_path: Path) -> None:
    first = plan(end=date(2026, 12, 31))
    report = plans(tmp_path, [first, plan(start=date(2027, 1, 1))])
    assert report.ok


def test_the_summary_counts_the_plan_sheet_too(tmp_path: Path) -> None:
    report = plans(tmp_path, [PLAN, plan(ean="1")])
    assert render_report(report, name="m.xlsx")[-1] == (
        "m.xlsx: 1 fejl; PSP: 1 række læst, 1 kan bruges; Betalingsplaner: 2 rækker læst, "
        "1 kan bruges, 1 bruges ikke."
    )


def test_a_plan_sheet_without_its_header_is_an_error_and_gives_no_plans(tmp_path: Path) -> None:
    path = write_mapping_workbook(tmp_path / "m.xlsx", [PSP_ROW])
    book = load_workbook(path)
    sheet = book.create_sheet(SHEET)
    for row in (["Betalingsplaner 2026"], PLAN_HEADERS, PLAN):
        sheet.append(list(row))
    book.save(path)
    report = read_mapping(path)
    assert len(report.table) == 1
    assert len(report.plans) == 0
    [problem] = report.problems
    assert problem == Problem(
        sheet=SHEET,
        message=(
            "arket 'Betalingsplaner' har sine kolonneoverskrifter i række 2; de skal stå i "
            "række 1 (slet rækkerne over dem); arket bruges ikke, før det er rettet"
        ),
    )
