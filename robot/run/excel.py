"""Excel helpers shared by the run report and the success-rate report: text that cannot run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet


def safe_cell_value(value: Any) -> Any:
    """Texts stay texts: one that looks like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_table(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A header row in bold, then rows; every text cell is stored as text, never as a formula."""
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for row in rows:
        sheet.append([safe_cell_value(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
        for i, value in enumerate(row):
            widths[i] = max(widths[i], min(len(str(value)), 80))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
