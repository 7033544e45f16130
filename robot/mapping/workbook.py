"""Opening the workbook safely: refuse what is not an .xlsx, find the PSP sheet, scan its XML.

openpyxl's read-only mode streams 50,000 rows quickly but knows neither merged cells nor
which formulas were never computed; both are read here from the sheet's XML with a cheap scan.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, range_boundaries

from robot.errors import MappingUnusable

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx or old .xls
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>([^<]*)<)")
_STRING_TYPE = re.compile(rb'\st="str"')
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"')
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKBOOK_PART = "xl/workbook.xml"
MAX_SHEET_BYTES = 512 * 2**20  # the sheet's XML unpacked; 100,000 rows take about 36 MB
DAMAGED = (
    "the file is damaged or incomplete, perhaps cut short while copying; use the last good "
    "copy, or open it in Excel and save it again"
)


@dataclass(slots=True)
class Sheet:
    """The PSP sheet: its rows as values (cached values for formulas), merges and formulas."""

    name: str
    merged: list[tuple[int, int, int, int]]  # (min_col, min_row, max_col, max_row), 1-based
    formula_cells: set[tuple[int, int]]  # (row, column), 1-based: formulas without a value
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
            if _WORKBOOK_PART not in archive.namelist():
                raise MappingUnusable(
                    "not an .xlsx workbook (a zip file without a workbook in it, or an .xlsb "
                    "binary workbook); save it as an .xlsx workbook"
                )
            sheet_paths = _sheet_paths(archive)
            name = _choose_sheet(list(sheet_paths), wanted=wanted)
            xml = _read_part(archive, sheet_paths[name], sheet=name)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except MappingUnusable:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ParseError) as error:
        raise MappingUnusable(f"{DAMAGED} ({_detail(error)})") from None
    except Exception as error:  # openpyxl and zipfile raise many kinds for a broken file
        raise MappingUnusable(f"not a readable .xlsx workbook ({_detail(error)})") from None
    merged = [range_boundaries(ref.decode()) for ref in _MERGE.findall(xml)]
    others = [n for n in sheet_paths if n != name]
    return Sheet(name, merged, _formula_cells(xml), others, workbook)


def _read_part(archive: zipfile.ZipFile, part: str, *, sheet: str) -> bytes:
    """The sheet's XML, refusing one so large it would exhaust memory (a zip bomb, or a sheet
    formatted down to its last row)."""
    size = archive.getinfo(part).file_size
    if size > MAX_SHEET_BYTES:
        raise MappingUnusable(
            f"sheet '{sheet}' is too large ({size // 2**20} MB unpacked; at most "
            f"{MAX_SHEET_BYTES // 2**20} MB): delete unused rows and columns, or copy the "
            "mapping rows to a new workbook"
        )
    return archive.read(part)


def _detail(error: BaseException) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__


def _refuse_unreadable(path: Path) -> None:
    if not path.is_file():
        raise MappingUnusable("the file does not exist or is not a file")
    with path.open("rb") as handle:
        start = handle.read(8)
    if not start:
        raise MappingUnusable("the file is empty (0 bytes); use the last good copy")
    if start == _OLE_SIGNATURE:
        raise MappingUnusable(
            "password-protected or an old .xls file; save it as an .xlsx workbook without a "
            "password"
        )
    if not start.startswith(b"PK"):
        raise MappingUnusable("not an .xlsx workbook (it is not a zip file)")


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part inside the zip, in workbook order."""
    book = ElementTree.fromstring(archive.read(_WORKBOOK_PART))
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
    """Cells holding a formula without a stored value: never computed.

    openpyxl reads both a never-computed formula (no <v>, or openpyxl's own empty <v/>) and
    one whose value is the empty string (=IF(...;"";...): t="str" and an empty <v>) as None;
    only the first is a problem.
    """
    cells = set()
    for match in _FORMULA.finditer(xml):
        start = xml.rfind(b"<", 0, match.start())
        while start > 0 and not _CELL_REF.match(xml, start):
            start = xml.rfind(b"<", 0, start)
        found = _CELL_REF.match(xml, start) if start >= 0 else None
        if found is None:
            continue
        cell_end = _CELL_END.search(xml, match.end())
        value = _VALUE.search(xml, match.end(), cell_end.start() if cell_end else len(xml))
        tag = xml[start : xml.find(b">", start)]
        if value is not None and (value.group(1) or _STRING_TYPE.search(tag)):
            continue
        cells.add((int(found.group(2)), column_index_from_string(found.group(1).decode())))
    return cells


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
