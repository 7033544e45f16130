"""Checks across rows (overlapping validity, merged cells) and the report an admin reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.utils import get_column_letter

from robot.domain.formatting import format_date
from robot.domain.psp import MappingRow, MappingTable
from robot.mapping.columns import ColumnMap
from robot.mapping.problems import MappingReport, Problem
from robot.mapping.rows import USED_FIELDS

_OPEN_START, _OPEN_END = date.min, date.max


def overlap_problems(table: MappingTable, *, sheet: str, columns: ColumnMap) -> list[Problem]:
    """Two rows for one key valid on a common day: an invoice for it would be ambiguous."""
    problems = []
    column = get_column_letter(columns.index["valid_from"] + 1)
    for rows in table.groups():
        if len(rows) < 2:
            continue
        group = sorted(rows, key=lambda r: (r.valid_from or _OPEN_START, r.sheet_row))
        latest = group[0]  # the row reaching furthest so far
        for row in group[1:]:
            if (row.valid_from or _OPEN_START) <= (latest.valid_to or _OPEN_END):
                problems.append(
                    Problem(
                        sheet=sheet,
                        row=row.sheet_row,
                        column=column,
                        header="Gyldig fra",
                        message=_overlap_message(latest, row),
                    )
                )
            if (row.valid_to or _OPEN_END) > (latest.valid_to or _OPEN_END):
                latest = row
    return sorted(problems, key=lambda p: p.row or 0)


def _overlap_message(first: MappingRow, second: MappingRow) -> str:
    start = max(first.valid_from or _OPEN_START, second.valid_from or _OPEN_START)
    end = min(first.valid_to or _OPEN_END, second.valid_to or _OPEN_END)
    shown_start = "the start" if start == _OPEN_START else format_date(start)
    shown_end = "no end" if end == _OPEN_END else format_date(end)
    key = " / ".join(second.key)
    return (
        f"rows {first.sheet_row} and {second.sheet_row} have the same key ({key}) and are both "
        f"valid from {shown_start} to {shown_end}; invoices for that key and time go to manual "
        "handling (AMBIGUOUS_PSP_MAPPING). Change Gyldig fra/Gyldig til so only one row is "
        "valid on each day."
    )


def merged_cells(
    merged: Sequence[tuple[int, int, int, int]], *, sheet: str, columns: ColumnMap
) -> tuple[list[Problem], set[int]]:
    """One problem per merged range touching the mapping columns, and the rows it spoils."""
    used = {columns.index[name] + 1 for name in USED_FIELDS}
    problems, spoiled = [], set()
    for min_col, min_row, max_col, max_row in merged:
        if not any(min_col <= col <= max_col for col in used):
            continue
        rows = {
            row
            for row in range(max(min_row, 2), max_row + 1)
            for col in range(min_col, max_col + 1)
            if col in used and (row, col) != (min_row, min_col)
        }
        spoiled |= rows
        ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
        shown = f"row {min(rows)}" if len(rows) == 1 else f"rows {min(rows)}–{max(rows)}"
        problems.append(
            Problem(
                sheet=sheet,
                row=min_row,
                column=get_column_letter(min_col),
                message=(
                    f"cells {ref} are merged; a merged cell holds a value only in its first "
                    f"cell, so {shown if rows else 'no row'} cannot be read and "
                    f"{'is' if len(rows) == 1 else 'are'} not used. Unmerge the cells and "
                    "fill in every row."
                ),
            )
        )
    return problems, spoiled


def render_report(report: MappingReport, *, name: str) -> list[str]:
    """The lines ``robot validate-mapping`` prints: each problem, then a summary."""
    lines = [str(problem) for problem in report.problems]
    usable = len(report.table)
    summary = (
        f"{name}: {len(report.problems)} problem(s); {report.rows_read} mapping row(s) read, "
        f"{usable} usable, {len(report.skipped_rows)} not used."
    )
    if report.ok:
        summary = f"{name}: no problems; {usable} mapping row(s) usable."
    return [*lines, summary]
