"""Opening the workbook safely: refuse what is not an .xlsx or would cost too much to read, find
the sheets by name, and scan each sheet's XML for what the cell reader does not say.

The cells are read by calamine (python-calamine, in Rust: a 50,000-row sheet in under half a
second, where openpyxl took four). It reads a whole sheet at once into a rectangle from its first
to its last cell, and says nothing of merged cells, never-computed formulas, error values (it
reads ``#N/A`` as an empty cell) or number formats; those are read here from the sheet's XML with
cheap scans. What calamine reads at all is bounded first, from the zip's directory, before a byte
is unpacked (every part's size, the shared strings), and each sheet's rectangle before calamine
builds it (limits.check_extent): a 3 KB file with one value in cell XFD1048576 would otherwise
ask for 500 GB and end the process.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from python_calamine import CalamineWorkbook, PasswordError, XmlError, ZipError

from robot.errors import MappingUnusable
from robot.mapping.limits import check_extent, check_parts, check_shared_strings
from robot.mapping.styles import percent_styles

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx or old .xls
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>([^<]*)<)")
_STRING_TYPE = re.compile(rb'\st="str"')
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"')
_ERROR_TYPE = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="e"')
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKBOOK_PART = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_FIRST_PARTS = frozenset({_WORKBOOK_PART, _WORKBOOK_RELS, "[Content_Types].xml"})
DAMAGED = (
    "filen er beskadiget eller ufuldstændig, måske afbrudt under kopiering; brug den sidste "
    "gode kopi, eller åbn den i Excel og gem den igen"
)
_PROTECTED = (
    "filen er beskyttet med adgangskode eller en gammel .xls-fil; gem den som .xlsx-projektmappe "
    "uden adgangskode"
)
Cell = tuple[int, int]  # (row, column), 1-based


@dataclass(slots=True)
class Sheet:
    """One sheet: its rows as values (cached values for formulas, blank as ""), its merged
    ranges, and the cells the XML says more about than the values do."""

    name: str
    merged: list[tuple[int, int, int, int]]  # (min_col, min_row, max_col, max_row), 1-based
    formula_cells: set[Cell]  # formulas without a value
    errors: dict[Cell, str] = field(default_factory=dict)  # cells showing #N/A, #REF! ...
    percent_cells: set[Cell] = field(default_factory=set)  # numbers formatted as 10 %
    _range: Any = None

    def rows(self) -> Iterator[list[object]]:
        """Each row from row 1, as wide as the sheet's used rectangle (blank cells ""); an
        error value as the text Excel shows (``#N/A``)."""
        start = self._range.start if self._range is not None else None
        if start is None:  # no cell holds a value
            return
        pad = [""] * start[1]
        errors: dict[int, dict[int, str]] = {}
        for (row, column), text in self.errors.items():
            errors.setdefault(row, {})[column] = text
        for number, values in enumerate(_guarded(self.name, self._range.iter_rows), start=1):
            row = pad + values if pad else values
            for column, text in errors.get(number, {}).items():
                if column <= len(row):
                    row[column - 1] = text
            yield row


class Workbook:
    """An open workbook whose parts were checked; sheets are looked up by name."""

    def __init__(
        self, path: Path, sheet_parts: dict[str, str], book: Any, percent: frozenset[int]
    ) -> None:
        self._path = path
        self._parts = sheet_parts
        self._book = book
        self._percent = percent

    @property
    def sheet_names(self) -> list[str]:
        return list(self._parts)

    def find(self, wanted: str) -> str | None:
        """The sheet's name as written: exact, else ignoring case and surrounding space."""
        if wanted in self._parts:
            return wanted
        folded = wanted.casefold()
        return next((n for n in self._parts if n.strip().casefold() == folded), None)

    def sheet(self, name: str, *, formats: bool = False) -> Sheet:
        """The named sheet (a name from ``find``), its XML scanned and its size checked before
        calamine reads it; ``formats``: find its percent-formatted cells too."""
        try:
            with zipfile.ZipFile(self._path) as archive:
                xml = archive.read(self._parts[name])
        except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as error:
            detail = _detail(error)
            raise MappingUnusable(f"arket '{name}' kan ikke læses, {DAMAGED} ({detail})") from None
        check_extent(xml, sheet=name)
        merged = [range_boundaries(ref.decode()) for ref in _MERGE.findall(xml)]
        cells = _guarded(name, lambda: self._book.get_sheet_by_name(name))
        return Sheet(
            name,
            merged,
            _formula_cells(xml),
            errors=_error_cells(xml),
            percent_cells=_styled_cells(xml, self._percent) if formats else set(),
            _range=cells,
        )

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
            percent = percent_styles(archive)
        book = _guarded("", lambda: CalamineWorkbook.from_path(str(path)))
    except MappingUnusable:
        raise
    except PasswordError:
        raise MappingUnusable(_PROTECTED) from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        KeyError,
        ParseError,
        XmlError,
        ZipError,
    ) as error:
        raise MappingUnusable(f"{DAMAGED} ({_detail(error)})") from None
    except Exception as error:  # zipfile and calamine raise many kinds for a broken file
        raise MappingUnusable(
            f"ikke en .xlsx-projektmappe, der kan læses ({_detail(error)})"
        ) from None
    return Workbook(path, sheet_parts, book, percent)


def _guarded(sheet: str, call: Any) -> Any:
    """calamine's answer; a panic in it (a BaseException, which no ``except Exception`` sees)
    becomes the damaged-file refusal."""
    try:
        return call()
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except Exception:
        raise
    except BaseException as panic:  # pyo3's PanicException
        where = f"arket '{sheet}' kan ikke læses, " if sheet else ""
        raise MappingUnusable(f"{where}{DAMAGED} ({_detail(panic)})") from None


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
        raise MappingUnusable(_PROTECTED)
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


def _error_cells(xml: bytes) -> dict[Cell, str]:
    """Cells whose value is an Excel error (``t="e"``): calamine reads them as empty, and an
    empty ``Gyldig til`` would mean "no end"."""
    if b't="e"' not in xml:
        return {}
    cells = {}
    for match in _ERROR_TYPE.finditer(xml):
        tag_end = xml.find(b">", match.end())
        found = _CELL_REF.match(xml, match.start(), tag_end + 1)
        if found is None or xml[tag_end - 1 : tag_end] == b"/":
            continue
        closing = _CELL_END.search(xml, tag_end)
        value = _VALUE.search(xml, tag_end, closing.start() if closing else len(xml))
        if value is not None and value.group(1):
            cell = (int(found.group(2)), column_index_from_string(found.group(1).decode()))
            cells[cell] = value.group(1).decode().strip()
    return cells


def _styled_cells(xml: bytes, styles: frozenset[int]) -> set[Cell]:
    """Cells formatted with one of the styles (the percent formats): a rare few, found with one
    search for exactly those styles."""
    if not styles:
        return set()
    wanted = b"|".join(str(s).encode() for s in sorted(styles))
    pattern = re.compile(
        rb'<(?:\w+:)?c\b(?=[^>]*?\bs="(?:' + wanted + rb')")[^>]*?\br="([A-Z]+)(\d+)"'
    )
    return {
        (int(row), column_index_from_string(letters.decode()))
        for letters, row in pattern.findall(xml)
    }


def _formula_cells(xml: bytes) -> set[Cell]:
    """Cells holding a formula without a stored value: never computed.

    A never-computed formula (no <v>, or openpyxl's own empty <v/>) and one whose value is the
    empty string (=IF(...;"";...): t="str" and an empty <v>) both read as blank; only the first
    is a problem. Each formula is placed in its cell by a binary search over the cells'
    positions, and searched no further than the next cell: a sheet of stray tags costs one pass,
    not one per formula.
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
