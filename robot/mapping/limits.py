"""How much of a workbook the robot agrees to read: each part's unpacked size and packing ratio,
checked from the zip's directory before anything is unpacked, and the number of shared strings.

A 1.8 KB file may claim gigabytes once unpacked (a zip bomb, or a sheet formatted down to its
last row); reading it would hold the run's lock for minutes. The limits are several times what a
100,000-row mapping workbook needs (its sheet is about 36 MB, its texts 5 MB, packed 8 to 20
times), and each refusal names the limit.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping

from defusedxml import ElementTree

from robot.errors import MappingUnusable

MB = 2**20
MAX_SHEET_BYTES = 100 * MB  # one worksheet's XML, unpacked
MAX_SHARED_STRINGS_BYTES = 32 * MB  # the workbook's texts (xl/sharedStrings.xml)
MAX_PART_BYTES = 16 * MB  # any other part openpyxl reads: styles, the workbook, the theme
MAX_SHARED_STRINGS = 500_000  # openpyxl spends about 20 µs on each
MAX_RATIO = 100  # unpacked / packed; Excel's own parts pack 2 to 20 times
RATIO_FREE_BYTES = MB  # a part this small cannot hurt, however tightly packed
MAX_DATA_ROWS = 200_000  # rows holding data in one sheet
_NOT_READ = ("xl/media/", "xl/embeddings/", "xl/printerSettings/")  # binary, never parsed
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings"
_STRING_ITEM = re.compile(rb"<(?:\w+:)?si[\s>/]")
_ADVICE = (
    "slet ubrugte rækker og kolonner (også tomme rækker med formatering), eller kopiér "
    "rækkerne over i en ny projektmappe"
)


def check_parts(infos: Iterable[zipfile.ZipInfo], *, sheets: Mapping[str, str]) -> None:
    """Refuse a part whose declared size or packing ratio is beyond the limits.

    ``sheets`` maps a worksheet part's path to its sheet's name (empty before the workbook part
    has been read); worksheets get the larger limit.
    """
    for info in infos:
        name = info.filename
        if info.is_dir() or name.startswith(_NOT_READ):
            continue
        what, limit = _kind(name, sheets)
        if info.file_size > limit:
            raise MappingUnusable(
                f"{what} fylder {_size(info.file_size)} udpakket, og robotten læser højst "
                f"{_size(limit)}: {_ADVICE}"
            )
        if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * info.compress_size:
            ratio = info.file_size // max(info.compress_size, 1)
            raise MappingUnusable(
                f"{what} er pakket usædvanligt tæt: {_size(info.compress_size)} i filen bliver "
                f"til {_size(info.file_size)} udpakket ({danish_number(ratio)} gange, og "
                f"robotten godtager højst {MAX_RATIO} gange; Excel pakker sine egne dele 2 til "
                "20 gange). Sådan ser en zip-bombe ud, ikke en projektmappe gemt af Excel: brug "
                "den sidste gode kopi, eller gem projektmappen igen i Excel"
            )


def check_shared_strings(archive: zipfile.ZipFile) -> None:
    """Refuse more shared strings than a mapping workbook could need (openpyxl reads them all
    before the first row)."""
    part = _shared_strings_part(archive)
    if part is None:
        return
    count = len(_STRING_ITEM.findall(archive.read(part)))
    if count > MAX_SHARED_STRINGS:
        raise MappingUnusable(
            f"projektmappens tekster ({part}) er {danish_number(count)} forskellige tekster, og "
            f"robotten læser højst {danish_number(MAX_SHARED_STRINGS)}: {_ADVICE}"
        )


def _shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    """The part openpyxl reads the texts from: the one the content types name."""
    try:
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    except KeyError:
        return None
    for element in types:
        if element.get("ContentType", "").startswith(_SHARED_STRINGS_TYPE):
            part = element.get("PartName", "").lstrip("/")
            return part if part in archive.namelist() else None
    return None


def _kind(name: str, sheets: Mapping[str, str]) -> tuple[str, int]:
    """What the part is, for an admin, and its limit."""
    if name in sheets:
        return f"arket '{sheets[name]}'", MAX_SHEET_BYTES
    if name.casefold().endswith("sharedstrings.xml"):
        return f"projektmappens tekster ({name})", MAX_SHARED_STRINGS_BYTES
    return f"delen {name}", MAX_PART_BYTES


def _size(count: int) -> str:
    """``2.048 MB``, ``640 KB``: in the units an admin sees in a file manager."""
    if count >= MB:
        return f"{danish_number(count // MB)} MB"
    return f"{danish_number(max(count // 1024, 1))} KB"


def danish_number(count: int) -> str:
    """``500.000``: a dot between thousands, as Danish writes it."""
    return f"{count:,}".replace(",", ".")


MAX_CELLS = 5_000_000  # rows x columns of a sheet's used rectangle: about 160 MB as read
# A cell holding something (not an empty <c .../>, which the reader leaves out), with or without
# its reference; and the rows' own numbers.
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>')
_UNNUMBERED_CELL = re.compile(rb'<(?:\w+:)?c(?=[\s>])(?![^>]*?\br=")[^>]*?(?<!/)>')
# The same without a namespace prefix, as Excel writes a sheet: a third faster.
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>')
_PREFIXED = re.compile(rb"<\w+:c[\s>/]")
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')


def check_extent(xml: bytes, *, sheet: str) -> None:
    """Refuse a sheet whose used rectangle (row 1 to its last value, column A to its rightmost)
    holds more cells than the robot reads: the cell reader builds the whole rectangle, so one
    value in XFD1048576 would ask for 17 billion cells and end the process.

    A cell without a reference (``r``; Excel always writes it) follows the one before it, so
    each is counted as reaching one column and one row further: that overstates only such files.
    """
    plain = _PREFIXED.search(xml) is None and xml.count(b"<c ") == xml.count(b'<c r="')
    refs = (_PLAIN_CELL if plain else _CELL).findall(xml)
    width = max((_column_number(c) for c in {column for column, _ in refs}), default=0)
    height = max(map(int, (row for _, row in refs)), default=0)
    unnumbered = 0 if plain and b"<c>" not in xml else len(_UNNUMBERED_CELL.findall(xml))
    if unnumbered:
        rows = max(map(int, _ROW.findall(xml)), default=0)
        width, height = width + unnumbered, max(height, rows + unnumbered)
    if width * height > MAX_CELLS:
        raise MappingUnusable(
            f"arket '{sheet}' går ud til række {danish_number(height)} og kolonne "
            f"{_column_name(width)}: {danish_number(width * height)} celler, og robotten læser "
            f"højst {danish_number(MAX_CELLS)}. Der står noget langt under eller til højre for "
            f"rækkerne: {_ADVICE}"
        )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _column_name(number: int) -> str:
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name or "A"
