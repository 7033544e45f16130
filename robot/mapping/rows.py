"""Reading one data row of the PSP sheet into a MappingRow, or into the problems that stop it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from openpyxl.utils import get_column_letter

from robot.domain.formatting import format_date
from robot.domain.psp import MappingKey, MappingRow
from robot.mapping.cells import CellError, is_blank, read_art, read_date, read_psp, read_text
from robot.mapping.columns import BY_FIELD, ColumnMap
from robot.mapping.problems import Problem

USED_FIELDS = ("paragraph", "art", "ownership", "target_group", "psp", "valid_from", "valid_to")
KEY_FIELDS = USED_FIELDS[:4]
_READERS: dict[str, Callable[[object], object]] = {
    "paragraph": read_text,
    "art": read_art,
    "ownership": read_text,
    "target_group": read_text,
    "psp": read_psp,
    "valid_from": read_date,
    "valid_to": read_date,
}
NOT_USED = "the row is not used"


@dataclass(slots=True)
class RowOutcome:
    """A usable row, or the problems that stop it (with its key when the key was readable)."""

    row: MappingRow | None = None
    key: MappingKey | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RowReader:
    """Reads the data rows of one sheet whose columns are known."""

    sheet: str
    columns: ColumnMap
    formula_cells: set[tuple[int, int]]
    _positions: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        positions = tuple(self.columns.index[name] for name in USED_FIELDS)
        object.__setattr__(self, "_positions", positions)

    def cells(self, values: tuple[object, ...]) -> list[object]:
        """The seven used cells of a row, in USED_FIELDS order (None past the row's end)."""
        width = len(values)
        return [values[i] if i < width else None for i in self._positions]

    def is_blank(self, cells: list[object], number: int) -> bool:
        if not all(is_blank(value) for value in cells):
            return False
        return not any((number, i + 1) in self.formula_cells for i in self._positions)

    def read(self, cells: list[object], number: int) -> RowOutcome:
        outcome = RowOutcome()
        read: dict[str, object] = {}
        for name, index, value in zip(USED_FIELDS, self._positions, cells, strict=True):
            try:
                read[name] = self._cell(name, value, (number, index + 1))
            except CellError as error:
                outcome.problems.append(self._problem(number, name, str(error)))
        if all(name in read for name in KEY_FIELDS):
            outcome.key = MappingKey(*(str(read[name]) for name in KEY_FIELDS))
        if outcome.problems:
            return outcome
        return self._row(read, number, outcome)

    def _row(self, read: dict[str, object], number: int, outcome: RowOutcome) -> RowOutcome:
        start, end = read["valid_from"], read["valid_to"]
        assert start is None or isinstance(start, date)
        assert end is None or isinstance(end, date)
        if start is not None and end is not None and start > end:
            message = (
                f"Gyldig fra {format_date(start)} is after Gyldig til {format_date(end)}: the "
                f"dates run backwards; {NOT_USED}"
            )
            outcome.problems.append(self._problem(number, "valid_to", message, named=False))
            return outcome
        outcome.row = MappingRow(
            paragraph=str(read["paragraph"]),
            art=str(read["art"]),
            ownership=str(read["ownership"]),
            target_group=str(read["target_group"]),
            psp=str(read["psp"]),
            valid_from=start,
            valid_to=end,
            sheet_row=number,
        )
        return outcome

    def _cell(self, name: str, value: object, cell: tuple[int, int]) -> object:
        if value is None and cell in self.formula_cells:
            raise CellError(
                "has a formula without a computed value (the file was not saved by Excel "
                f"after the formula was written); open and save it in Excel, or type the value; "
                f"{NOT_USED}"
            )
        if is_blank(value):
            if name in ("valid_from", "valid_to"):
                return None
            raise CellError(f"is blank; {NOT_USED}")
        try:
            return _READERS[name](value)
        except CellError as error:
            raise CellError(f"{error}; {NOT_USED}") from None

    def _problem(self, number: int, name: str, message: str, *, named: bool = True) -> Problem:
        header = BY_FIELD[name].header
        return Problem(
            sheet=self.sheet,
            row=number,
            column=get_column_letter(self.columns.index[name] + 1),
            header=header,
            message=f"{header} {message}" if named else message,
        )
