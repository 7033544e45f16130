"""Writing the mapping workbook (contract sections 3, 8, 10 and 11) the way an admin's Excel file
looks: the `PSP` sheet, and the optional `Betalingsplaner`, `Modtagere`, `Lægeerklæringer` and
`Udlejere`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from fake_systems.scenarios.catalogue import MappingRowSpec

HEADERS = (
    "Paragraf",
    "Art",
    "Ejerforhold",
    "Målgruppe",
    "PSP-element",
    "Gyldig fra",
    "Gyldig til",
    "Bemærkning",
)
PLAN_HEADERS = (
    "Leverandør-CVR",
    "Modtager-EAN",
    "Beløb fra",
    "Beløb til",
    "Kadence",
    "PSP-element",
    "Linjetekst",
    "Gyldig fra",
    "Gyldig til",
    "Bemærkning",
)
RECEIVER_HEADERS = ("EAN", "Slags", "Bemærkning")
CERTIFICATE_HEADERS = (
    "Erklæringstype",
    "Beløb fra",
    "Beløb til",
    "PSP-element",
    "Gyldig fra",
    "Gyldig til",
    "Bemærkning",
)
LANDLORD_HEADERS = (
    "Udlejer-CVR",
    "Udlejer",
    "PSP-element",
    "Afvigelse %",
    "Gyldig fra",
    "Gyldig til",
    "Bemærkning",
)
WIDTHS = {
    "Målgruppe": 22,
    "PSP-element": 24,
    "Bemærkning": 28,
    "Linjetekst": 28,
    "Leverandør-CVR": 16,
    "Modtager-EAN": 16,
    "EAN": 16,
    "Slags": 16,
    "Erklæringstype": 16,
    "Udlejer-CVR": 14,
    "Udlejer": 34,
}
Cell = str | Decimal | date | None


@dataclass(frozen=True)
class Sheet:
    """A sheet after `PSP`: its name, header row and data rows (CVR and EAN as text)."""

    name: str
    headers: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]


def write_mapping(
    path: Path, rows: Iterable[MappingRowSpec], *, sheets: Sequence[Sheet] = ()
) -> Path:
    """The sheet ``PSP`` with the header in row 1 and dates as real dates, then ``sheets``,
    then a sheet with the admins' own notes, which the robot ignores."""
    workbook = Workbook(write_only=True)
    psp_rows = [
        [r.paragraph, r.art, r.ownership, r.target_group, r.psp, r.valid_from, r.valid_to, r.remark]
        for r in rows
    ]
    for sheet in (Sheet("PSP", HEADERS, psp_rows), *sheets):
        _write_sheet(workbook.create_sheet(sheet.name), sheet)
    notes = workbook.create_sheet("Noter")
    notes.append(["Arkene læses af robotten. Se mappings/README.md for vejledning."])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _write_sheet(target: WriteOnlyWorksheet, sheet: Sheet) -> None:
    target.freeze_panes = "A2"
    for number, header in enumerate(sheet.headers, start=1):
        target.column_dimensions[get_column_letter(number)].width = WIDTHS.get(header, 12)
    target.append([_bold(target, header) for header in sheet.headers])
    formats = [_format(header) for header in sheet.headers]
    for row in sheet.rows:
        target.append([_cell(target, value, fmt) for value, fmt in zip(row, formats, strict=True)])


def _bold(target: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(target, value=text)
    cell.font = Font(bold=True)
    return cell


def _format(header: str) -> str | None:
    if header.startswith("Gyldig"):
        return "yyyy-mm-dd"
    if header.startswith("Beløb"):
        return "#,##0.00"
    if header.endswith(("CVR", "EAN")):
        return "@"  # text: the numbers keep their digits as typed
    return None


def _cell(target: WriteOnlyWorksheet, value: Cell, fmt: str | None) -> Cell | WriteOnlyCell:
    if fmt is None or value is None:
        return value
    cell = WriteOnlyCell(target, value=value)
    cell.number_format = fmt
    return cell
