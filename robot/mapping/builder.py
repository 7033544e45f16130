"""Writing a mapping workbook from rows, for tests, benchmarks and admins starting a new sheet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

from robot.domain.psp import MappingRow
from robot.mapping.columns import COLUMNS, SHEET_NAME

HEADERS = tuple(column.header for column in COLUMNS)


def write_mapping_workbook(path: Path | str, rows: Iterable[MappingRow | Sequence[object]]) -> Path:
    """One sheet ``PSP`` with the contract's header; a MappingRow fills the eight columns,
    a sequence is written as it is (for workbooks with deliberate mistakes)."""
    # Not write-only mode: that leaves out the sheet's <dimension>, and without it openpyxl's
    # read-only reader scans the whole sheet once more before reading it (Excel writes it).
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(_cells(row) if isinstance(row, MappingRow) else list(row))
    target = Path(path)
    workbook.save(target)
    return target


def _cells(row: MappingRow) -> list[object]:
    return [
        row.paragraph,
        row.art,
        row.ownership,
        row.target_group,
        row.psp,
        row.valid_from,
        row.valid_to,
        "",
    ]
