"""A problem found in the mapping workbook, placed by sheet, row and column for an admin, and the
report of reading the whole workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from robot.domain.certificates import CertificateTable
from robot.domain.landlords import LandlordTable
from robot.domain.mapping_book import MappingBook
from robot.domain.plans import PlanTable
from robot.domain.psp import MappingTable


class Severity(StrEnum):
    """An error leaves a row (or a sheet) out, or means the workbook is wrong; a warning is
    reported and the row is used."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def danish(self) -> str:
        return "Fejl" if self is Severity.ERROR else "Advarsel"


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One thing an admin should fix or check; the message says what happens meanwhile."""

    message: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel shows it
    column: str | None = None  # the column letter, e.g. "E"
    header: str | None = None  # the column's name, e.g. "PSP-element"
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        """``ark 'PSP', række 5, kolonne E (PSP-element)``, as much as is known."""
        parts = []
        if self.sheet is not None:
            parts.append(f"ark '{self.sheet}'")
        if self.row is not None:
            parts.append(f"række {self.row}")
        if self.column is not None:
            named = f" ({self.header})" if self.header else ""
            parts.append(f"kolonne {self.column}{named}")
        return ", ".join(parts) or "projektmappen"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.severity.danish} i {self.location}: {self.message}"


@dataclass(frozen=True, slots=True)
class SheetCount:
    """How many data rows of one sheet were read, and how many can be used."""

    sheet: str
    read: int
    usable: int
    not_used: int


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """Where one mapping sheet's columns are: its name as written, and each field's letter."""

    sheet: str
    letters: dict[str, str]  # field -> column letter, e.g. "psp" -> "E"


@dataclass(frozen=True, slots=True)
class MappingReport:
    """The usable tables and every problem found; rows with errors are left out of the tables
    (except overlapping rows, which are kept so an invoice that needs them is ambiguous)."""

    table: MappingTable
    problems: tuple[Problem, ...]
    rows_read: int  # non-blank data rows below the PSP sheet's header
    skipped_rows: tuple[int, ...]  # PSP sheet rows left out of the table
    plans: PlanTable = field(default_factory=PlanTable.empty)
    certificates: CertificateTable = field(default_factory=CertificateTable.empty)
    landlords: LandlordTable = field(default_factory=LandlordTable.empty)
    sheets: tuple[SheetCount, ...] = ()  # every mapping sheet read, PSP first
    layouts: dict[str, SheetLayout] = field(default_factory=dict)  # by the sheet's contract name

    @property
    def ok(self) -> bool:
        """No problems at all, not even a warning."""
        return not self.problems

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def book(self) -> MappingBook:
        return MappingBook(self.table, self.plans, self.certificates, self.landlords)
