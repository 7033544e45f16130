"""Reading the mapping workbook into a MappingTable with every problem, or refusing it."""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import NoReturn

from robot.domain.psp import MappingKey, MappingRow, MappingTable
from robot.errors import MappingUnusable
from robot.mapping.columns import SHEET_NAME, find_columns, is_header_row
from robot.mapping.problems import MappingReport, Problem
from robot.mapping.rows import RowReader
from robot.mapping.validator import merged_cells, overlap_problems
from robot.mapping.workbook import DAMAGED, Sheet, open_sheet


def read_mapping(path: Path | str) -> MappingReport:
    """The usable rows and all problems; MappingUnusable when the workbook cannot be used at all
    (missing or unreadable file, password, no PSP sheet, no header, a missing column). Its
    message starts with the file's name: ``psp_mapping.xlsx: <reason for an admin>``."""
    path = Path(path)
    try:
        sheet = open_sheet(path, wanted=SHEET_NAME)
    except MappingUnusable as error:
        raise MappingUnusable(f"{path.name}: {error}") from None
    try:
        return _read_sheet(sheet)
    except MappingUnusable as error:
        raise MappingUnusable(f"{path.name}: {error}") from None
    except Exception as error:  # a broken sheet part shows up only while streaming it
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        raise MappingUnusable(
            f"{path.name}: sheet '{sheet.name}' cannot be read, {DAMAGED} ({detail})"
        ) from None
    finally:
        sheet.close()


def _read_sheet(sheet: Sheet) -> MappingReport:
    problems: list[Problem] = []
    if sheet.name != SHEET_NAME:
        problems.append(
            Problem(sheet=sheet.name, message=f"the sheet should be named '{SHEET_NAME}'")
        )
    rows = sheet.rows()
    first = list(islice(rows, 1))
    if not first or not is_header_row(first[0]):
        _refuse_missing_header(sheet, first)
    columns, header_problems = find_columns(first[0], sheet=sheet.name)
    problems += header_problems
    merge_problems, spoiled = merged_cells(sheet.merged, sheet=sheet.name, columns=columns)
    problems += merge_problems
    reader = RowReader(sheet.name, columns, sheet.formula_cells)
    good: list[MappingRow] = []
    rejected: list[tuple[MappingKey, int]] = []
    skipped: list[int] = []
    read = 0
    for number, values in enumerate(rows, start=2):
        cells = reader.cells(values)
        if reader.is_blank(cells, number):
            continue
        read += 1
        if number in spoiled:
            skipped.append(number)
            continue
        outcome = reader.read(cells, number)
        if outcome.row is not None:
            good.append(outcome.row)
            continue
        skipped.append(number)
        problems += outcome.problems
        if outcome.key is not None:
            rejected.append((outcome.key, number))
    table = MappingTable(good, rejected=rejected)
    problems += overlap_problems(table, sheet=sheet.name, columns=columns)
    problems.sort(key=lambda p: p.row or 0)
    return MappingReport(table, tuple(problems), read, tuple(skipped))


def _refuse_missing_header(sheet: Sheet, first: list[tuple[object, ...]]) -> NoReturn:
    """Row 1 is not the header: say where it is, if it is near."""
    later = islice(sheet.rows(), 1, 20)
    for number, values in enumerate(later, start=2):
        if is_header_row(values):
            raise MappingUnusable(
                f"sheet '{sheet.name}' has its column headers in row {number}; they must be in "
                "row 1 (delete the rows above them)"
            )
    what = "is empty" if not first else "has no column headers in row 1"
    raise MappingUnusable(
        f"sheet '{sheet.name}' {what}: row 1 must hold Paragraf, Art, Ejerforhold, Målgruppe, "
        "PSP-element, Gyldig fra, Gyldig til, Bemærkning"
    )
