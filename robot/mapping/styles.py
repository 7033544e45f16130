"""Which of a workbook's cell styles show a number as a percentage: Excel stores 10 % as 0.1,
and only the cell's number format says the admin typed 10 %."""

from __future__ import annotations

import re
import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree

_STYLES_PART = "xl/styles.xml"
_BUILT_IN_PERCENT = frozenset({9, 10})  # 0% and 0.00%
_QUOTED = re.compile(r'"[^"]*"|\\.')  # literal text in a format: "%" shown, not a percentage


def percent_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The indexes (a cell's ``s``) of the cell formats whose number format is a percentage;
    none when the workbook has no styles part or an unreadable one (calamine says so later)."""
    try:
        root = ElementTree.fromstring(archive.read(_STYLES_PART))
    except (KeyError, ParseError):
        return frozenset()
    percent_formats = set(_BUILT_IN_PERCENT)
    for element in root.iter():
        if _local(element.tag) == "numFmt" and _is_percent(element.get("formatCode", "")):
            percent_formats.add(int(element.get("numFmtId", "-1")))
    cell_formats = next((e for e in root if _local(e.tag) == "cellXfs"), None)
    if cell_formats is None:
        return frozenset()
    return frozenset(
        index
        for index, xf in enumerate(x for x in cell_formats if _local(x.tag) == "xf")
        if int(xf.get("numFmtId", "0")) in percent_formats
    )


def _is_percent(code: str) -> bool:
    return "%" in _QUOTED.sub("", code)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
