"""The mapping workbook read from real .xlsx files: usable rows, every problem placed, refusals."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from robot.domain.psp import MappingKey
from robot.errors import MappingUnusable
from robot.mapping import read_mapping
from robot.mapping.builder import HEADERS, write_mapping_workbook
from robot.mapping.problems import MappingReport, Severity

PSP = "XG-5385010001-00007"
GOOD = ["107", "4.0", "Privat", "Udviklingshæmmede", PSP, date(2026, 1, 1), None, ""]
KEY = MappingKey("107", "4.0", "Privat", "Udviklingshæmmede")


def workbook(
    tmp_path: Path,
    rows: Sequence[Sequence[object]],
    *,
    header: Sequence[object] = HEADERS,
    title: str = "PSP",
    merge: str | None = None,
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    book.create_sheet("Noter").append(["admins' own sheet", "ignored"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    path = tmp_path / "psp_mapping.xlsx"
    book.save(path)
    return path


def problems_at(report: MappingReport) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in report.problems]


def test_good_workbook_has_no_problems_and_every_row_is_usable(tmp_path: Path) -> None:
    later = [*GOOD[:4], "XG-5385010001-00008", date(2027, 1, 1), None, "ny kontoplan"]
    first = [*GOOD[:6], date(2026, 12, 31), ""]
    report = read_mapping(workbook(tmp_path, [first, later]))
    assert report.ok
    assert len(report.table) == 2
    assert report.table.lookup(KEY, date(2026, 10, 1))[0].psp == PSP
    assert report.table.lookup(KEY, date(2027, 1, 1))[0].sheet_row == 3


def test_numbers_typed_where_text_was_meant_read_correctly(tmp_path: Path) -> None:
    rows = [[107, 4.0, "Privat", "A", PSP, None, None], [108, 4, "Privat", "B", PSP, None, None]]
    report = read_mapping(workbook(tmp_path, rows))
    assert report.ok
    [first, second] = sorted(report.table.rows, key=lambda r: r.sheet_row)
    assert (first.paragraph, first.art) == ("107", "4.0")
    assert (second.paragraph, second.art) == ("108", "4.0")


def test_keys_written_with_section_sign_case_and_space_match_the_grant(tmp_path: Path) -> None:
    row = ["§ 107", " 4.0 ", "PRIVAT", "udviklingshæmmede ", PSP, None, None]
    report = read_mapping(workbook(tmp_path, [row]))
    assert report.table.lookup(KEY, date(2026, 10, 1))


@pytest.mark.parametrize(
    ("row", "column", "said"),
    [
        (["107", "4.0", "", "Udviklingshæmmede", PSP], "C", "Ejerforhold mangler (cellen er tom)"),
        (["107", "4.0", "Privat", "Udviklingshæmmede", "XG 12"], "E", "ligner ikke et PSP"),
        ([*GOOD[:5], "1. januar"], "F", "'1. januar' er ikke en dato"),
        ([*GOOD[:5], 46023], "F", "indeholder tallet 46023"),
        ([*GOOD[:5], date(2026, 2, 1), date(2026, 1, 31)], "G", "datoerne går baglæns"),
        (
            ["107", datetime(2026, 10, 4), "Privat", "Udviklingshæmmede", PSP],
            "B",
            "indeholder en dato",
        ),
        (["107", "4.0", "Privat", "#N/A", PSP], "D", "Excel-fejlen #N/A"),
    ],
)
def test_bad_row_is_reported_with_sheet_row_and_column_and_the_rest_is_used(
    tmp_path: Path, row: list[object], column: str, said: str
) -> None:
    other = ["108", "4.0", "Privat", "Sindslidende", "XG-5385010002-00001", None, None]
    report = read_mapping(workbook(tmp_path, [other, row]))
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column) == ("PSP", 3, column)
    assert said in problem.message
    assert problem.message.endswith("rækken bruges ikke")
    assert problem.severity is Severity.ERROR
    assert len(report.table) == 1
    assert report.skipped_rows == (3,)


def test_bad_row_with_a_readable_key_is_remembered_for_the_invoice_note(tmp_path: Path) -> None:
    report = read_mapping(workbook(tmp_path, [[*GOOD[:4], "XG 12"]]))
    assert report.table.rejected_rows(KEY) == (2,)


def test_every_problem_of_a_row_is_reported(tmp_path: Path) -> None:
    report = read_mapping(workbook(tmp_path, [["", "", "Privat", "A", "nope", "x"]]))
    assert [p.column for p in report.problems] == ["A", "B", "E", "F"]


def test_two_rows_for_one_key_with_overlapping_validity_are_reported_and_kept(
    tmp_path: Path,
) -> None:
    second = [*GOOD[:4], "XG-5385010001-00009", date(2026, 6, 1), None]
    report = read_mapping(workbook(tmp_path, [GOOD, second]))
    [problem] = report.problems
    assert (problem.row, problem.column) == (3, "F")
    assert "rækkerne 2 og 3 har samme nøgle" in problem.message
    assert "AMBIGUOUS_PSP_MAPPING" in problem.message
    assert len(report.table.lookup(KEY, date(2026, 10, 1))) == 2


def test_rows_for_one_key_that_follow_each_other_do_not_overlap(tmp_path: Path) -> None:
    first = [*GOOD[:6], date(2026, 12, 31)]
    second = [*GOOD[:5], date(2027, 1, 1), None]
    assert read_mapping(workbook(tmp_path, [first, second])).ok


def test_merged_cells_are_reported_and_the_rows_they_spoil_are_not_used(tmp_path: Path) -> None:
    rows = [GOOD, [*GOOD[:4], None, *GOOD[5:]], [*GOOD[:3], "Andre", None, *GOOD[5:]]]
    report = read_mapping(workbook(tmp_path, rows, merge="E2:E4"))
    [problem] = report.problems
    assert (problem.row, problem.column) == (2, "E")
    assert "cellerne E2:E4 er flettet" in problem.message
    assert "rækkerne 3–4" in problem.message
    assert report.skipped_rows == (3, 4)
    assert len(report.table) == 1


def test_formula_without_a_computed_value_is_reported(tmp_path: Path) -> None:
    report = read_mapping(workbook(tmp_path, [[*GOOD[:4], '="XG-"&"5385010001-00007"']]))
    [problem] = report.problems
    assert (problem.row, problem.column) == (2, "E")
    assert "formel uden beregnet værdi" in problem.message


def test_formula_with_a_computed_value_is_read_as_its_value(tmp_path: Path) -> None:
    path = workbook(tmp_path, [[*GOOD[:4], '="XG-"&"5385010001-00007"']])
    _store_cached_value(path, cell="E2", value=PSP)
    report = read_mapping(path)
    assert report.ok
    assert report.table.rows[0].psp == PSP


def test_blank_rows_are_skipped_silently(tmp_path: Path) -> None:
    report = read_mapping(
        workbook(tmp_path, [GOOD, [None] * 8, ["", " ", None, None, None, None, None, "note"]])
    )
    assert report.ok
    assert report.rows_read == 1


def test_sheet_named_psp_in_other_case_is_used_and_reported(tmp_path: Path) -> None:
    report = read_mapping(workbook(tmp_path, [GOOD], title="psp "))
    assert len(report.table) == 1
    assert "arket skal hedde 'PSP'" in report.problems[0].message
    assert report.problems[0].severity is Severity.WARNING


def test_renamed_column_is_used_and_reported(tmp_path: Path) -> None:
    header = [h if h != "PSP-element" else "PSP element" for h in HEADERS]
    report = read_mapping(workbook(tmp_path, [GOOD], header=header))
    assert len(report.table) == 1
    assert [(p.row, p.column) for p in report.problems] == [(1, "E")]


def no_psp_sheet(tmp_path: Path) -> Path:
    return workbook(tmp_path, [GOOD], title="Mapping")


def empty_sheet(tmp_path: Path) -> Path:
    return workbook(tmp_path, [], header=[])


def header_in_row_3(tmp_path: Path) -> Path:
    return workbook(tmp_path, [[], HEADERS, GOOD], header=["PSP-mapping 2026"])


def columns_missing(tmp_path: Path) -> Path:
    return workbook(tmp_path, [GOOD], header=HEADERS[:4])


@pytest.mark.parametrize(
    ("build", "said"),
    [
        (no_psp_sheet, "intet ark ved navn 'PSP' (dens ark: 'Mapping', 'Noter')"),
        (empty_sheet, "arket 'PSP' er tomt"),
        (header_in_row_3, "har sine kolonneoverskrifter i række 3; de skal stå i række 1"),
        (columns_missing, "ingen kolonne 'PSP-element', 'Gyldig fra', 'Gyldig til' i række 1"),
    ],
)
def test_workbook_without_psp_sheet_header_or_column_is_refused(
    tmp_path: Path, build: Callable[[Path], Path], said: str
) -> None:
    with pytest.raises(MappingUnusable, match=re.escape(said)):
        read_mapping(build(tmp_path))


# Damaged, encrypted and other unreadable files: tests/integration/test_mapping_bad_inputs.py


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MappingUnusable, match="filen findes ikke"):
        read_mapping(tmp_path / "nowhere.xlsx")


def test_builder_writes_a_workbook_the_reader_accepts(tmp_path: Path) -> None:
    report = read_mapping(write_mapping_workbook(tmp_path / "m.xlsx", [GOOD[:7]]))
    assert report.ok
    assert len(report.table) == 1


def _store_cached_value(path: Path, *, cell: str, value: str) -> None:
    """Give a formula cell the value Excel would have stored when saving."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start)
    formula = xml[start:end]
    formula = formula.replace("<v />", "").replace("<v/>", "")  # openpyxl's empty value
    cached = formula.replace("<c ", '<c t="str" ', 1).replace("</f>", f"</f><v>{value}</v>")
    parts[sheet] = (xml[:start] + cached + xml[end:]).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
