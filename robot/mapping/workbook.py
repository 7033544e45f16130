"""Opening the workbook safely: refuse what is not an .xlsx, find the PSP sheet, scan its XML.

openpyxl's read-only mode streams 50,000 rows quickly but knows neither merged cells nor
which cells hold formulas; both are read here from the sheet's XML with a cheap scan.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, range_boundaries

from robot.errors import MappingUnusable

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx or old .xls
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"')
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(slots=True)
class Sheet:
    """The PSP sheet: its rows as values (cached values for formulas), merges and formulas."""

    name: str
    merged: list[tuple[int, int, int, int]]  # (min_col, min_row, max_col, max_row), 1-based
    formula_cells: set[tuple[int, int]]  # (row, column), 1-based
    other_names: list[str] = field(default_factory=list)
    _workbook: Any = None

    def rows(self, *, max_col: int | None = None) -> Iterator[tuple[object, ...]]:
        worksheet = self._workbook[self.name]
        for row in worksheet.iter_rows(values_only=True, max_col=max_col):
            yield tuple(row)

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()


def open_sheet(path: Path, *, wanted: str) -> Sheet:
    """Open the workbook and its sheet named ``wanted`` (case and space ignored)."""
    _refuse_unreadable(path)
    try:
        with zipfile.ZipFile(path) as archive:
            sheet_paths = _sheet_paths(archive)
            name = _choose_sheet(list(sheet_paths), wanted=wanted)
            xml = archive.read(sheet_paths[name])
        workbook = load_workbook(path, read_only=True, data_only=True)
    except MappingUnusable:
        raise
    except Exception as error:  # openpyxl and zipfile raise many kinds for a broken file
        raise MappingUnusable(f"{path.name} is not a readable .xlsx workbook ({error})") from None
    merged = [range_boundaries(ref.decode()) for ref in _MERGE.findall(xml)]
    others = [n for n in sheet_paths if n != name]
    return Sheet(name, merged, _formula_cells(xml), others, workbook)


def _refuse_unreadable(path: Path) -> None:
    if not path.is_file():
        raise MappingUnusable(f"{path} does not exist or is not a file")
    with path.open("rb") as handle:
        start = handle.read(8)
    if start == _OLE_SIGNATURE:
        raise MappingUnusable(
            f"{path.name} is password-protected or an old .xls file; save it as an .xlsx "
            "workbook without a password"
        )
    if not start.startswith(b"PK"):
        raise MappingUnusable(f"{path.name} is not an .xlsx workbook (it is not a zip file)")


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part inside the zip, in workbook order."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels if _local(rel.tag) == "Relationship"
    }
    paths = {}
    for element in book.iter():
        if _local(element.tag) == "sheet":
            target = targets.get(element.get(f"{{{_REL_NS}}}id"), "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            paths[element.get("name", "")] = posixpath.normpath(part)
    return paths


def _choose_sheet(names: list[str], *, wanted: str) -> str:
    if wanted in names:
        return wanted
    close = [n for n in names if n.strip().casefold() == wanted.casefold()]
    if close:
        return close[0]
    shown = ", ".join(f"'{n}'" for n in names) or "none"
    raise MappingUnusable(f"the workbook has no sheet named '{wanted}' (its sheets: {shown})")


def _formula_cells(xml: bytes) -> set[tuple[int, int]]:
    """Cells holding a formula: for each <f>, the cell reference just before it."""
    cells = set()
    for match in _FORMULA.finditer(xml):
        start = xml.rfind(b"<", 0, match.start())
        while start > 0 and not _CELL_REF.match(xml, start):
            start = xml.rfind(b"<", 0, start)
        found = _CELL_REF.match(xml, start) if start >= 0 else None
        if found:
            cells.add((int(found.group(2)), column_index_from_string(found.group(1).decode())))
    return cells


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
