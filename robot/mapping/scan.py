"""Scanning one mapping sheet: its header, its non-blank data rows (within the row limit), the
rows merged cells spoil, and reading each cell with the problem placed where it is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import NoReturn

from openpyxl.utils import get_column_letter

from robot.mapping.cells import CellError, Percent, is_blank
from robot.mapping.columns import (
    ColumnMap,
    SheetSpec,
    SheetUnreadable,
    find_columns,
    is_header_row,
)
from robot.mapping.limits import MAX_DATA_ROWS, danish_number
from robot.mapping.merges import MergedRows
from robot.mapping.problems import Problem, Severity
from robot.mapping.workbook import Sheet

NOT_USED = "rækken bruges ikke"
Reader = Callable[[object], object]


@dataclass(slots=True)
class ScannedSheet:
    """A sheet's columns and its non-blank data rows, each as its used cells in field order."""

    name: str
    spec: SheetSpec
    columns: ColumnMap
    formula_cells: set[tuple[int, int]]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the header's and merged cells'
    read: int = 0  # non-blank data rows
    spoiled: list[int] = field(default_factory=list)  # rows merged cells leave unreadable

    def read_row(
        self, number: int, cells: list[object], readers: dict[str, Reader], *, optional: set[str]
    ) -> tuple[dict[str, object], list[Problem]]:
        """Each cell read by its field's reader; a blank optional cell reads None."""
        read: dict[str, object] = {}
        problems = []
        for name, value in zip(self.spec.used_fields, cells, strict=True):
            try:
                read[name] = self._cell(number, name, value, readers[name], name in optional)
            except CellError as error:
                problems.append(self.problem(number, name, str(error)))
        return read, problems

    def _cell(
        self, number: int, name: str, value: object, reader: Reader, optional: bool
    ) -> object:
        if is_blank(value) and (number, self.columns.index[name] + 1) in self.formula_cells:
            raise CellError(
                "har en formel uden beregnet værdi (filen blev ikke gemt i Excel, efter formlen "
                f"blev skrevet); åbn og gem den i Excel, eller skriv værdien; {NOT_USED}"
            )
        if is_blank(value):
            if optional:
                return None
            raise CellError(f"mangler (cellen er tom); {NOT_USED}")
        try:
            return reader(value)
        except CellError as error:
            raise CellError(with_not_used(str(error))) from None

    def problem(
        self,
        number: int,
        name: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        named: bool = True,
    ) -> Problem:
        """A problem in the field's cell; ``named`` puts the column's name before the message."""
        header = self.spec.column(name).header
        return Problem(
            sheet=self.name,
            row=number,
            column=get_column_letter(self.columns.index[name] + 1),
            header=header,
            message=f"{header} {message}" if named else message,
            severity=severity,
        )


def scan_sheet(sheet: Sheet, spec: SheetSpec) -> ScannedSheet:
    """Header, columns and data rows; MappingUnusable when the header or a column is missing,
    or the sheet holds more rows than a mapping sheet could need."""
    rows = sheet.rows()
    first = list(islice(rows, 1))
    if not first or not is_header_row(first[0], spec):
        _refuse_missing_header(sheet, spec, first)
    columns, header_problems = find_columns(first[0], sheet=sheet.name, spec=spec)
    positions = [columns.index[name] for name in spec.used_fields]
    merges = MergedRows(sheet.merged, used={p + 1 for p in positions})
    scan = ScannedSheet(sheet.name, spec, columns, sheet.formula_cells, problems=header_problems)
    formulas = {row for row, _ in sheet.formula_cells}
    last = 1
    for number, values in enumerate(rows, start=2):
        if not values:  # a row missing from the file: openpyxl fills the gap with ()
            continue
        width = len(values)
        cells = [values[i] if i < width else None for i in positions]
        if sheet.percent_cells:
            _mark_percentages(cells, number, positions, sheet.percent_cells)
        if all(is_blank(v) for v in cells) and not _has_formula(scan, number, formulas, positions):
            continue
        scan.read += 1
        last = number
        if scan.read > MAX_DATA_ROWS:
            raise SheetUnreadable(
                f"arket '{sheet.name}' har flere end {danish_number(MAX_DATA_ROWS)} rækker med "
                "data, og robotten læser højst så mange; slet rækker, der ikke bruges, eller "
                "del arket op"
            )
        if number in merges:
            scan.spoiled.append(number)
            continue
        scan.rows.append((number, cells))
    scan.problems += merges.problems(sheet.name, last_row=last)
    return scan


def _mark_percentages(
    cells: list[object], number: int, positions: list[int], percent: set[tuple[int, int]]
) -> None:
    """A number in a percent-formatted cell as the percentage shown (0.1 -> 10)."""
    for index, position in enumerate(positions):
        value = cells[index]
        if (number, position + 1) in percent and type(value) in (int, float):
            assert isinstance(value, int | float)
            cells[index] = Percent.of_stored(float(value))


def _has_formula(scan: ScannedSheet, number: int, formulas: set[int], positions: list[int]) -> bool:
    if number not in formulas:
        return False
    return any((number, i + 1) in scan.formula_cells for i in positions)


def with_not_used(message: str) -> str:
    """The message, then that the row is not used: after a question as a sentence of its own."""
    if message.endswith("?"):
        return f"{message} {NOT_USED[0].upper()}{NOT_USED[1:]}"
    return f"{message}; {NOT_USED}"


def _refuse_missing_header(
    sheet: Sheet, spec: SheetSpec, first: Sequence[Sequence[object]]
) -> NoReturn:
    """Row 1 is not the header: say where it is, if it is near."""
    later = islice(sheet.rows(), 1, 20)
    for number, values in enumerate(later, start=2):
        if is_header_row(values, spec):
            raise SheetUnreadable(
                f"arket '{sheet.name}' har sine kolonneoverskrifter i række {number}; de skal "
                "stå i række 1 (slet rækkerne over dem)"
            )
    what = "er tomt" if not first else "har ingen kolonneoverskrifter i række 1"
    raise SheetUnreadable(
        f"arket '{sheet.name}' {what}: række 1 skal indeholde {', '.join(spec.headers)}"
    )
