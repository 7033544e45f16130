"""Excel helpers shared by the run report and the success-rate workbook: texts that stay texts,
number formats finance reads, tables with a bold header, and pages that print on A4."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# Number formats are stored in Excel's invariant notation; Danish Excel shows `#,##0.00` as
# 105.400,00 and English Excel as 105,400.00.
AMOUNT = "#,##0.00"
COUNT = "#,##0"
PERCENT = "0.0%"
DATE = "dd-mm-yyyy"
MONTH = "yyyy-mm"
DATETIME = "dd-mm-yyyy hh:mm"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
_THIN = Side(style="thin", color="808080")
_LIGHT = Side(style="thin", color="C8C8C8")
_GRID = Border(left=_LIGHT, right=_LIGHT, top=_LIGHT, bottom=_LIGHT)
_HEADER_BORDER = Border(left=_LIGHT, right=_LIGHT, top=_LIGHT, bottom=_THIN)
_TOTALS_BORDER = Border(left=_LIGHT, right=_LIGHT, top=_THIN, bottom=_LIGHT)
_TOP = Alignment(vertical="top")
_WRAP = Alignment(vertical="top", wrap_text=True)
_CENTRE = Alignment(vertical="top", horizontal="center")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: its Danish heading, width in characters, format and wrapping."""

    header: str
    width: float
    number_format: str | None = None
    wrap: bool = False
    centre: bool = False  # short codes, dates and months, away from the amount beside them

    def __post_init__(self) -> None:
        # Wide enough for the header's longest word in bold: a word is never broken.
        longest = max((len(word) for word in self.header.split()), default=0)
        object.__setattr__(self, "width", max(self.width, round(longest * 1.15 + 1.5)))
        if self.number_format in (DATE, MONTH, DATETIME):
            object.__setattr__(self, "centre", True)


def put(cell: Cell, value: Any, *, number_format: str | None = None) -> None:
    """One value into one cell. A text is stored as text, never as a formula: one that starts
    like a formula also gets Excel's quote prefix, so editing the cell keeps it text. The
    control characters a workbook cannot hold are dropped rather than failing the report."""
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(_FORMULA_START):
            cell.quotePrefix = True
        return
    cell.value = value
    if number_format and value is not None and not isinstance(value, bool):
        cell.number_format = number_format


def write_table(
    sheet: Worksheet,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    top: int = 1,
    totals: Sequence[Any] | None = None,
) -> int:
    """A bold header at row `top`, the rows below it, an optional bold totals row; returns the
    number of the last row written."""
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(row=top, column=i)
        put(cell, column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        side = "center" if column.centre else "right" if column.number_format else "left"
        cell.alignment = Alignment(horizontal=side, vertical="bottom", wrap_text=True)
    header_lines = max(wrapped_lines(c.header, c.width) for c in columns)
    if header_lines > 1:
        fit_height(sheet, top, header_lines)
    row_number = top
    styles = _column_styles(sheet, columns)
    for row in rows:
        row_number += 1
        _write_row(sheet, row_number, columns, row, styles)
    if totals is not None:
        row_number += 1
        _write_row(sheet, row_number, columns, totals, styles)
        for i in range(1, len(columns) + 1):
            cell = sheet.cell(row=row_number, column=i)
            cell.font = Font(bold=True)
            cell.border = _TOTALS_BORDER
    return row_number


def _column_styles(sheet: Worksheet, columns: Sequence[Column]) -> list[Any]:
    """Each column's cell style, made once and copied to its cells: styling every cell anew
    costs openpyxl a lookup per attribute (15 s for a report of 5,000 invoices)."""
    styles = []
    for column in columns:
        cell = Cell(sheet)
        cell.alignment = _WRAP if column.wrap else _CENTRE if column.centre else _TOP
        cell.border = _GRID
        if column.number_format:
            cell.number_format = column.number_format
        styles.append(cell._style)
    return styles


def _write_row(
    sheet: Worksheet,
    number: int,
    columns: Sequence[Column],
    row: Sequence[Any],
    styles: Sequence[Any],
) -> None:
    lines = 1
    for i, (column, value, style) in enumerate(zip(columns, row, styles, strict=True), start=1):
        cell = sheet.cell(row=number, column=i)
        cell._style = copy(style)
        put(cell, value)
        if column.wrap and isinstance(value, str):
            lines = max(lines, wrapped_lines(value, column.width))
    if lines > 1:
        fit_height(sheet, number, lines)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column this wide. A column's width counts
    digits; ordinary text fits about a fifth more per line in Calibri (Excel) and a tenth
    more in DejaVu Sans (LibreOffice without Calibri): a tenth is on the safe side of both."""
    chars = max(int(width * 1.1) - 1, 1)
    return sum(len(textwrap.wrap(part, chars)) or 1 for part in text.split("\n"))


def fit_height(sheet: Worksheet, row: int, lines: int) -> None:
    """A row tall enough for its wrapped text: Excel and LibreOffice do not measure the rows
    of a workbook they open, so a row without a height shows one line of each wrapped cell."""
    sheet.row_dimensions[row].height = 15 * min(lines, 27)  # Excel's limit is 409 points


def set_widths(sheet: Worksheet, columns: Sequence[Column]) -> None:
    """Each column as wide as the table needs, or wider if another table on the sheet does."""
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        earlier = sheet.column_dimensions[letter].width if letter in sheet.column_dimensions else 0
        sheet.column_dimensions[letter].width = max(column.width, earlier)


def list_sheet(
    sheet: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, title: str
) -> int:
    """A sheet that is one table: header frozen, filtered and printed on every page."""
    last = write_table(sheet, columns, rows)
    set_widths(sheet, columns)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 2)}"
    printable(sheet, title=title, title_rows="1:1")
    return last


def printable(sheet: Worksheet, *, title: str, title_rows: str | None = None) -> None:
    """A4 landscape, one page wide (as many pages tall as it takes), the header row repeated,
    the title above and the sheet and page number below each page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    if title_rows:
        sheet.print_title_rows = title_rows
    # `&` starts a code in a page header; the title is ours, but is escaped all the same.
    sheet.oddHeader.left.text = title.replace("&", "&&")
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.right.text = "Side &P af &N"


def heading(sheet: Worksheet, row: int, text: str, *, size: int = 12) -> None:
    cell = sheet.cell(row=row, column=1)
    put(cell, text)
    cell.font = Font(bold=True, size=size)


def save_owner_only(book: Workbook, path: Path) -> Path:
    """Saved readable by its owner only (the reports hold personal data): the file is 0600
    before the first byte is written, also when it existed before."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as file:
        book.save(file)
    return path
