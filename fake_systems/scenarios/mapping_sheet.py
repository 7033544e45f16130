"""Writing the PSP mapping workbook (contract section 3) the way an admin's Excel file looks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

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
WIDTHS = (10, 8, 14, 22, 24, 12, 12, 28)


def write_mapping(path: Path, rows: Iterable[MappingRowSpec]) -> Path:
    """One sheet ``PSP`` with the header in row 1 and dates as real dates; a second sheet with
    the admins' own notes, which the robot ignores."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "PSP"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.paragraph,
                row.art,
                row.ownership,
                row.target_group,
                row.psp,
                row.valid_from,
                row.valid_to,
                row.remark,
            ]
        )
    for number in range(2, sheet.max_row + 1):
        for column in ("F", "G"):
            sheet[f"{column}{number}"].number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGH", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("Noter")
    notes.append(["Arket PSP læses af robotten. Se mappings/README.md for vejledning."])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
