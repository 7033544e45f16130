"""A problem found in the mapping workbook, placed by sheet, row and column for an admin."""

from __future__ import annotations

from dataclasses import dataclass

from robot.domain.psp import MappingTable


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One thing an admin should fix; the message says what happens meanwhile."""

    message: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel shows it
    column: str | None = None  # the column letter, e.g. "E"
    header: str | None = None  # the column's name, e.g. "PSP-element"

    @property
    def location(self) -> str:
        """``sheet 'PSP', row 5, column E (PSP-element)``, as much as is known."""
        parts = []
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            named = f" ({self.header})" if self.header else ""
            parts.append(f"column {self.column}{named}")
        return ", ".join(parts) or "workbook"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True, slots=True)
class MappingReport:
    """The usable table and every problem found; rows with problems are left out of the table
    (except overlapping rows, which are kept so an invoice that needs them is ambiguous)."""

    table: MappingTable
    problems: tuple[Problem, ...]
    rows_read: int  # non-blank data rows below the header
    skipped_rows: tuple[int, ...]  # sheet rows left out of the table

    @property
    def ok(self) -> bool:
        return not self.problems
