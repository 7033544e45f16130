"""A minimal .xlsx written as raw XML the way Excel writes it: shared strings, date cells,
formulas with their cached values, merged cells. Fast enough for 100,000 rows, and able to
hold what openpyxl's writer cannot (a formula's value as Excel computed and stored it).

Also the bad-workbook corpus's attacks, built by code and small on disk: a merged range over
the whole sheet, a <dimension> claiming the whole sheet, and parts that unpack to gigabytes
(``write_bomb``).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_EPOCH = datetime(1899, 12, 30)
_DATE_STYLE = ' s="1"'  # cellXfs[1]: number format 14, a short date


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell; ``cached`` is what Excel stored when saving (None: never computed)."""

    expression: str
    cached: str | int | float | date | None = None
    error: bool = False  # the cached value is an Excel error such as #N/A


def write_xlsx(
    path: Path,
    rows: Iterable[Sequence[object]],
    *,
    sheet: str = "PSP",
    merges: Sequence[str] = (),
    other_sheets: Sequence[str] = (),
    dimension: str | None = None,
) -> Path:
    """One data sheet named ``sheet`` (first), then empty sheets named ``other_sheets``;
    ``dimension`` is the sheet's declared size (``A1:XFD1048576``), absent when None."""
    strings: dict[str, int] = {}
    sheet_xml = _sheet(rows, strings, merges, dimension)
    names = [sheet, *other_sheets]
    parts = {
        "[Content_Types].xml": _content_types(len(names)),
        "_rels/.rels": _rels([("officeDocument", "xl/workbook.xml")], _PKG_REL),
        "xl/workbook.xml": _workbook(names),
        "xl/_rels/workbook.xml.rels": _rels(
            [("styles", "styles.xml"), ("sharedStrings", "sharedStrings.xml")]
            + [("worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(names) + 1)],
            _PKG_REL,
            first_id=len(names) + 1,
        ),
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": _shared_strings(strings),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    for n in range(2, len(names) + 1):
        parts[f"xl/worksheets/sheet{n}.xml"] = _sheet([], {}, ())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def _sheet(
    rows: Iterable[Sequence[object]],
    strings: dict[str, int],
    merges: Sequence[str],
    dimension: str | None = None,
) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">']
    if dimension is not None:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    letters = [get_column_letter(i) for i in range(1, 65)]
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            _cell(f"{letters[i]}{number}", value, strings) for i, value in enumerate(row)
        )
        out.append(f'<row r="{number}">{cells}</row>')
    out.append("</sheetData>")
    if merges:
        refs = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
        out.append(f'<mergeCells count="{len(merges)}">{refs}</mergeCells>')
    out.append("</worksheet>")
    return "".join(out)


def write_bomb(path: Path, source: Path, *, part: str, unpacked: int) -> Path:
    """The workbook at ``source`` with ``part`` padded by XML comments to ``unpacked`` bytes,
    packed about 1,000 times: a 2 GB part takes 2 MB on disk and a second to build.

    The padding is one 1 MB comment packed once after a full flush (which makes the packed
    block the same every time) and repeated; the zip entry is written stored and then marked
    deflated with the real sizes and CRC, as a zip bomb is.
    """
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    text = parts[part]
    cut = text.rindex(b"</")  # the padding goes before the root's closing tag
    head, tail = text[:cut], text[cut:]
    filler = b"<!--" + b"x" * (2**20 - 7) + b"-->"
    count = max(0, -(-(unpacked - len(text)) // len(filler)))  # rounded up
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_head = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(filler) + packer.flush(zlib.Z_FULL_FLUSH)
    assert packer.compress(filler) + packer.flush(zlib.Z_FULL_FLUSH) == block
    packed = packed_head + block * count + packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + count * len(filler) + len(tail)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name == part:
                archive.writestr(zipfile.ZipInfo(name), packed, zipfile.ZIP_STORED)
            else:
                archive.writestr(name, data)
    _mark_deflated(path, part, crc=crc, size=size)
    return path


def _mark_deflated(path: Path, part: str, *, crc: int, size: int) -> None:
    """Rewrite the stored entry's local and central headers: deflated, with the real CRC and
    unpacked size (the packed size is what was stored)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(part).header_offset
    _patch(data, local + 8, crc=crc, size=size)
    end = data.rindex(b"PK\x05\x06")
    entries, _, central = struct.unpack_from("<HII", data, end + 10)
    for _ in range(entries):
        lengths = struct.unpack_from("<HHH", data, central + 28)
        if data[central + 46 : central + 46 + lengths[0]] == part.encode():
            _patch(data, central + 10, crc=crc, size=size)
        central += 46 + sum(lengths)
    path.write_bytes(bytes(data))


def _patch(data: bytearray, method_at: int, *, crc: int, size: int) -> None:
    """Method, then (past time and date) CRC, (past the packed size) unpacked size: the same
    layout in a local and a central header."""
    struct.pack_into("<H", data, method_at, zipfile.ZIP_DEFLATED)
    struct.pack_into("<I", data, method_at + 6, crc)
    struct.pack_into("<I", data, method_at + 14, size)


def _cell(ref: str, value: object, strings: dict[str, int]) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        return _formula(ref, value)
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}"{_DATE_STYLE}><v>{_serial(value)}</v></c>'
    index = strings.setdefault(str(value), len(strings))
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def _formula(ref: str, formula: Formula) -> str:
    cached, expression = formula.cached, f"<f>{escape(formula.expression)}</f>"
    if cached is None:
        return f'<c r="{ref}">{expression}</c>'
    if formula.error:
        return f'<c r="{ref}" t="e">{expression}<v>{escape(str(cached))}</v></c>'
    if isinstance(cached, str):
        return f'<c r="{ref}" t="str">{expression}<v>{escape(cached)}</v></c>'
    if isinstance(cached, date):
        return f'<c r="{ref}"{_DATE_STYLE}>{expression}<v>{_serial(cached)}</v></c>'
    return f'<c r="{ref}">{expression}<v>{cached!r}</v></c>'


def _serial(day: date) -> str:
    moment = day if isinstance(day, datetime) else datetime(day.year, day.month, day.day)
    days = (moment - _EPOCH).total_seconds() / 86400
    return str(int(days)) if days.is_integer() else repr(days)


def _shared_strings(strings: dict[str, int]) -> str:
    items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{_MAIN}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )


def _workbook(names: Sequence[str]) -> str:
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" '
        f'xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>'
    )


def _rels(targets: Sequence[tuple[str, str]], namespace: str, *, first_id: int = 1) -> str:
    """Relationships; worksheets get rId1…rIdN (as the workbook names them), others after."""
    items = []
    sheet_id, other_id = 1, first_id
    for kind, target in targets:
        if kind == "worksheet":
            rid, sheet_id = sheet_id, sheet_id + 1
        else:
            rid, other_id = other_id, other_id + 1
        kind_uri = f"{_REL}/{kind}"
        items.append(f'<Relationship Id="rId{rid}" Type="{kind_uri}" Target="{target}"/>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{namespace}">{"".join(items)}</Relationships>'
    )


def _content_types(sheets: int) -> str:
    overrides = [
        ("/xl/workbook.xml", f"{_CT}.sheet.main+xml"),
        ("/xl/styles.xml", f"{_CT}.styles+xml"),
        ("/xl/sharedStrings.xml", f"{_CT}.sharedStrings+xml"),
        *((f"/xl/worksheets/sheet{n}.xml", f"{_CT}.worksheet+xml") for n in range(1, sheets + 1)),
    ]
    items = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>'
    )


_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
