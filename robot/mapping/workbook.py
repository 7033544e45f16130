"""Opening the workbook safely: refuse what is not an .xlsx or would cost too much to read, find
the sheets by name, and scan each sheet's XML for merged cells and never-computed formulas.

openpyxl's read-only mode streams 50,000 rows quickly but knows neither merged cells nor
which formulas were never computed; both are read here from the sheet's XML with a cheap scan.
What openpyxl reads at all (every part's size, the shared strings) is bounded first, from the
zip's directory, before a byte is unpacked: zipfile never unpacks more than a part declares.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, range_boundaries

from robot.errors import MappingUnusable
from robot.mapping.limits import check_parts, check_shared_strings

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx or old .xls
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>([^<]*)<)")
_STRING_TYPE = re.compile(rb'\st="str"')
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"')
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKBOOK_PART = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_FIRST_PARTS = frozenset({_WORKBOOK_PART, _WORKBOOK_RELS, "[Content_Types].xml"})
DAMAGED = (
    "filen er beskadiget eller ufuldstændig, måske afbrudt under kopiering; brug den sidste "
    "gode kopi, eller åbn den i Excel og gem den igen"
)


@dataclass(slots=True)
class Sheet:
    """One sheet: its rows as values (cached values for formulas), merges and formulas."""

    name: str
    merged: list[tuple[int, int, int, int]]  # (min_col, min_row, max_col, max_row), 1-based
    formula_cells: set[tuple[int, int]]  # (row, column), 1-based: formulas without a value
    _worksheet: Any = None

    def rows(self) -> Iterator[tuple[object, ...]]:
        """Each row as far as its last cell; a missing row as ()."""
        for row in self._worksheet.iter_rows(values_only=True):
            yield tuple(row)


class Workbook:
    """An open workbook whose parts were checked; sheets are looked up by name."""

    def __init__(self, path: Path, sheet_parts: dict[str, str], book: Any) -> None:
        self._path = path
        self._parts = sheet_parts
        self._book = book

    @property
    def sheet_names(self) -> list[str]:
        return list(self._parts)

    def find(self, wanted: str) -> str | None:
        """The sheet's name as written: exact, else ignoring case and surrounding space."""
        if wanted in self._parts:
            return wanted
        folded = wanted.casefold()
        return next((n for n in self._parts if n.strip().casefold() == folded), None)

    def sheet(self, name: str) -> Sheet:
        """The named sheet (a name from ``find``), its XML scanned for merges and formulas."""
        try:
            with zipfile.ZipFile(self._path) as archive:
                xml = archive.read(self._parts[name])
        except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as error:
            detail = _detail(error)
            raise MappingUnusable(f"arket '{name}' kan ikke læses, {DAMAGED} ({detail})") from None
        merged = [range_boundaries(ref.decode()) for ref in _MERGE.findall(xml)]
        worksheet = self._book[name]
        # The <dimension> a file declares may claim the whole sheet (A1:XFD1048576); openpyxl
        # would then pad every row to 16,384 cells and add rows up to 1,048,576.
        worksheet.reset_dimensions()
        return Sheet(name, merged, _formula_cells(xml), worksheet)

    def close(self) -> None:
        self._book.close()


def open_workbook(path: Path) -> Workbook:
    """Open the workbook after checking every part it holds is of a size worth reading."""
    _refuse_unreadable(path)
    try:
        with zipfile.ZipFile(path) as archive:
            if _WORKBOOK_PART not in archive.namelist():
                raise MappingUnusable(
                    "ikke en .xlsx-projektmappe (en zip-fil uden en projektmappe i, eller en "
                    ".xlsb-projektmappe); gem den som .xlsx-projektmappe"
                )
            infos = archive.infolist()
            check_parts([i for i in infos if i.filename in _FIRST_PARTS], sheets={})
            sheet_parts = _sheet_paths(archive)
            check_parts(infos, sheets={path: name for name, path in sheet_parts.items()})
            check_shared_strings(archive)
        book = load_workbook(path, read_only=True, data_only=True)
    except MappingUnusable:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ParseError) as error:
        raise MappingUnusable(f"{DAMAGED} ({_detail(error)})") from None
    except Exception as error:  # openpyxl and zipfile raise many kinds for a broken file
        raise MappingUnusable(
            f"ikke en .xlsx-projektmappe, der kan læses ({_detail(error)})"
        ) from None
    return Workbook(path, sheet_parts, book)


def _detail(error: BaseException) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__


def _refuse_unreadable(path: Path) -> None:
    if not path.is_file():
        raise MappingUnusable("filen findes ikke, eller den er ikke en fil")
    with path.open("rb") as handle:
        start = handle.read(8)
    if not start:
        raise MappingUnusable("filen er tom (0 byte); brug den sidste gode kopi")
    if start == _OLE_SIGNATURE:
        raise MappingUnusable(
            "filen er beskyttet med adgangskode eller en gammel .xls-fil; gem den som "
            ".xlsx-projektmappe uden adgangskode"
        )
    if not start.startswith(b"PK"):
        raise MappingUnusable("ikke en .xlsx-projektmappe (det er ikke en zip-fil)")


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part inside the zip, in workbook order."""
    book = ElementTree.fromstring(archive.read(_WORKBOOK_PART))
    rels = ElementTree.fromstring(archive.read(_WORKBOOK_RELS))
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


def _formula_cells(xml: bytes) -> set[tuple[int, int]]:
    """Cells holding a formula without a stored value: never computed.

    openpyxl reads both a never-computed formula (no <v>, or openpyxl's own empty <v/>) and
    one whose value is the empty string (=IF(...;"";...): t="str" and an empty <v>) as None;
    only the first is a problem. Each formula is placed in its cell by a binary search over the
    cells' positions, and searched no further than the next cell: a sheet of stray tags costs
    one pass, not one per formula.
    """
    if _FORMULA.search(xml) is None:
        return set()
    starts = array("q", (m.start() for m in _CELL_REF.finditer(xml)))
    cells = set()
    seen: set[int] = set()  # a cell has one formula: stray tags in it cost nothing more
    for match in _FORMULA.finditer(xml):
        index = bisect_right(starts, match.start()) - 1
        if index < 0 or index in seen:
            continue
        seen.add(index)
        start = starts[index]
        limit = starts[index + 1] if index + 1 < len(starts) else len(xml)
        found = _CELL_REF.match(xml, start)
        assert found is not None  # the position came from this pattern
        closing = _CELL_END.search(xml, start, limit)
        cell_end = closing.start() if closing else limit
        if match.start() > cell_end:
            continue  # a formula tag outside any cell
        value = _VALUE.search(xml, match.end(), cell_end)
        tag_end = xml.find(b">", start, limit)
        if value is not None and (value.group(1) or _STRING_TYPE.search(xml, start, tag_end)):
            continue
        cells.add((int(found.group(2)), column_index_from_string(found.group(1).decode())))
    return cells


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
