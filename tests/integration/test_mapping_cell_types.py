"""The workbook reader (python-calamine, with the XML scans around it) reads every kind of cell an
admin's workbook holds as the mapping needs it: dates, date-times, whole and decimal numbers,
percentages, text that looks like a number, empty cells, booleans, formulas' stored values,
Excel errors, merged cells, and a sheet whose first cell is not A1."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from robot.mapping.cells import is_blank, read_amount, read_art, read_date, read_text
from robot.mapping.workbook import Sheet, open_workbook
from tests.corpus.raw_xlsx import Formula, write_xlsx

CELLS: list[tuple[str, object, str | None]] = [  # (what, value written, number format)
    ("date", date(2026, 1, 1), "yyyy-mm-dd"),
    ("date, Danish format", date(2026, 12, 31), "[$-406]d. mmmm yyyy;@"),
    ("date-time", datetime(2026, 1, 1, 13, 30), "dd.mm.yyyy hh:mm"),
    ("whole number", 4, None),
    ("whole float", 4.0, None),
    ("decimal", 4.5, None),
    ("EAN as a number", 5798000012349, "0"),
    ("amount", 9000.5, "#,##0.00"),
    ("percentage", 0.1, "0%"),
    ("percentage with a decimal", 0.105, "0.0%"),
    ("text like a number", "4.0", "@"),
    ("text with a leading zero", "0107", "@"),
    ("empty", None, None),
    ("true", True, None),
    ("false", False, None),
    ("time of day", time(13, 30), "hh:mm"),
]


def _openpyxl_book(path: Path, *, epoch: object = None) -> Path:
    book = OpenpyxlWorkbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    assert sheet is not None
    sheet.title = "PSP"
    sheet.append(["what", "value"])
    for what, value, number_format in CELLS:
        sheet.append([what, value])
        if number_format:
            sheet.cell(sheet.max_row, 2).number_format = number_format
    book.save(path)
    return path


def _rows(path: Path, name: str = "PSP") -> list[list[object]]:
    book = open_workbook(path)
    try:
        sheet: Sheet = book.sheet(name, formats=True)
        rows = list(sheet.rows())
        return rows
    finally:
        book.close()


def _values(path: Path) -> dict[str, object]:
    return {str(row[0]): row[1] for row in _rows(path)[1:]}


@pytest.fixture(scope="module")
def values(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return _values(_openpyxl_book(tmp_path_factory.mktemp("types") / "types.xlsx"))


def test_dates_read_as_dates_whatever_their_format(values: dict[str, object]) -> None:
    assert read_date(values["date"]) == date(2026, 1, 1)
    assert read_date(values["date, Danish format"]) == date(2026, 12, 31)


def test_a_date_time_reads_as_its_day(values: dict[str, object]) -> None:
    assert values["date-time"] == datetime(2026, 1, 1, 13, 30)
    assert read_date(values["date-time"]) == date(2026, 1, 1)


def test_a_time_of_day_is_not_taken_for_a_date(values: dict[str, object]) -> None:
    assert values["time of day"] == time(13, 30)
    with pytest.raises(ValueError, match="ikke en dato"):
        read_date(values["time of day"])


def test_whole_numbers_read_as_they_show_and_an_art_keeps_one_decimal(
    values: dict[str, object],
) -> None:
    assert read_text(values["whole number"]) == "4"
    assert read_text(values["whole float"]) == "4"
    assert read_art(values["whole number"]) == "4.0"
    assert read_art(values["whole float"]) == "4.0"
    assert read_art(values["decimal"]) == "4.5"
    assert read_text(values["EAN as a number"]) == "5798000012349"


def test_amounts_keep_their_ore(values: dict[str, object]) -> None:
    assert str(read_amount(values["amount"])) == "9000.50"


def test_text_that_looks_like_a_number_stays_text(values: dict[str, object]) -> None:
    assert values["text like a number"] == "4.0"
    assert values["text with a leading zero"] == "0107"


def test_an_empty_cell_is_blank(values: dict[str, object]) -> None:
    assert is_blank(values["empty"])


def test_booleans_are_booleans_and_never_text(values: dict[str, object]) -> None:
    assert values["true"] is True
    assert values["false"] is False
    with pytest.raises(ValueError, match="indeholder SAND, ikke tekst"):
        read_text(values["true"])


def test_percent_formatted_cells_are_known_as_such(tmp_path: Path) -> None:
    """Excel stores 10 % as 0.1; only the number format says it was typed as a percentage."""
    path = _openpyxl_book(tmp_path / "types.xlsx")
    book = open_workbook(path)
    try:
        sheet = book.sheet("PSP", formats=True)
        rows = {str(row[0]): number for number, row in enumerate(sheet.rows(), start=1)}
        assert sheet.percent_cells == {
            (rows["percentage"], 2),
            (rows["percentage with a decimal"], 2),
        }
    finally:
        book.close()
    assert _values(path)["percentage"] == pytest.approx(0.1)


def test_dates_in_a_workbook_counting_from_1904_are_the_same_days(tmp_path: Path) -> None:
    """Excel for Mac once counted days from 1904; the stored numbers differ by four years."""
    values = _values(_openpyxl_book(tmp_path / "mac.xlsx", epoch=CALENDAR_MAC_1904))
    assert read_date(values["date"]) == date(2026, 1, 1)


def _raw(path: Path, rows: Sequence[Sequence[object]], **options: object) -> list[list[object]]:
    return _rows(write_xlsx(path, rows, **options))  # type: ignore[arg-type]


def test_formulas_read_as_the_values_excel_stored(tmp_path: Path) -> None:
    rows = _raw(
        tmp_path / "f.xlsx",
        [
            ["a", "b", "c", "d"],
            [
                Formula("2+2", 4),
                Formula('"XG-"&"1"', "XG-1"),
                Formula("DATE(2026,1,1)", date(2026, 1, 1)),
                Formula('IF(1,"",1)', ""),
            ],
        ],
    )
    assert rows[1][0] == 4
    assert rows[1][1] == "XG-1"
    assert read_date(rows[1][2]) == date(2026, 1, 1)
    assert is_blank(rows[1][3])


def test_an_excel_error_reads_as_the_error_excel_shows_not_as_blank(tmp_path: Path) -> None:
    """The cell reader alone reads #N/A as an empty cell: an empty Gyldig til would mean no end."""
    rows = _raw(
        tmp_path / "e.xlsx",
        [["a", "b"], ["x", Formula("VLOOKUP(A2,Z:Z,2,0)", "#N/A", error=True)]],
    )
    assert rows[1][1] == "#N/A"
    with pytest.raises(ValueError, match="Excel-fejlen #N/A"):
        read_date(rows[1][1])


def test_merged_cells_keep_their_value_in_the_first_cell_only(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", [["a", "b"], ["x", "y"], [None, "z"]], merges=["A2:A3"])
    book = open_workbook(path)
    try:
        sheet = book.sheet("PSP")
        rows = list(sheet.rows())
        assert sheet.merged == [(1, 2, 1, 3)]
    finally:
        book.close()
    assert rows[1][0] == "x"
    assert is_blank(rows[2][0])


def test_a_sheet_starting_below_and_right_of_a1_keeps_its_row_and_column_numbers(
    tmp_path: Path,
) -> None:
    rows = _raw(tmp_path / "o.xlsx", [[], [], [None, "header"], [None, None, "value"]])
    assert len(rows) == 4
    assert rows[2][1] == "header"
    assert rows[3][2] == "value"
    assert all(is_blank(v) for v in [*rows[0], *rows[1], rows[2][0], rows[3][0]])


def test_a_sheet_without_values_has_no_rows(tmp_path: Path) -> None:
    assert _raw(tmp_path / "blank.xlsx", []) == []
