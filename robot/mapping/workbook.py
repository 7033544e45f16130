"""Opening the workbook safely: refuse what is not an .xlsx or would cost too much to read, find
the sheets by name, and scan each sheet's XML for what the cell reader does not say.

The cells are read by calamine (python-calamine, in Rust: a 50,000-row sheet in under half a
second, where openpyxl took four). It reads a whole sheet at once into a rectangle from its first
to its last cell, and says nothing of merged cells, never-computed formulas, error values (it
reads ``#N/A`` as an empty cell) or number formats; those are read from the sheet's XML with
cheap scans (sheet_xml). What calamine reads at all is bounded first, from the zip's directory,
before a byte is unpacked (every part's size, the shared strings), and each sheet's rectangle
before calamine builds it (limits.check_extent): a 3 KB file with one value in cell XFD1048576
would otherwise ask for 500 GB and end the process.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook, PasswordError, XmlError, ZipError

from robot.errors import MappingUnusable
from robot.mapping.limits import check_extent, check_parts, check_shared_strings
from robot.mapping.sheet_xml import Cell, error_cells, formula_cells, merged_ranges, styled_cells
from robot.mapping.styles import percent_styles

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx or old .xls
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
        merged = merged_ranges(xml)
        cells = _guarded(name, lambda: self._book.get_sheet_by_name(name))
        return Sheet(
            name,
            merged,
            formula_cells(xml),
            errors=error_cells(xml),
            percent_cells=styled_cells(xml, self._percent) if formats else set(),
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


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
