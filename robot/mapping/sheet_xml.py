"""What a sheet's XML says that the cell reader does not: merged ranges, formulas never
computed, Excel error values (read as empty cells), and the cells of chosen styles. Each is one
cheap scan of the sheet's bytes."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right

from openpyxl.utils.cell import column_index_from_string, range_boundaries

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>([^<]*)<)")
_STRING_TYPE = re.compile(rb'\st="str"')
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"')
_ERROR_TYPE = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="e"')
Cell = tuple[int, int]  # (row, column), 1-based


def merged_ranges(xml: bytes) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range, 1-based."""
    return [range_boundaries(ref.decode()) for ref in _MERGE.findall(xml)]


def error_cells(xml: bytes) -> dict[Cell, str]:
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


def styled_cells(xml: bytes, styles: frozenset[int]) -> set[Cell]:
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


def formula_cells(xml: bytes) -> set[Cell]:
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
