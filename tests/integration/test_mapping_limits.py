"""Workbooks that would cost minutes or gigabytes to read are refused, or read, at once: merged
ranges and a declared size over the whole sheet, parts that unpack to gigabytes, too many texts
or rows. Each refusal names the limit. (The time each takes: tests/benchmarks/bench_mapping.py.)
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from robot.errors import MappingUnusable
from robot.mapping import limits, merges, read_mapping, scan
from robot.mapping.builder import HEADERS
from robot.mapping.limits import check_parts, check_shared_strings
from robot.mapping.problems import Severity
from robot.mapping.workbook import open_workbook
from tests.corpus.raw_xlsx import write_bomb, write_xlsx

NAME = "psp_mapping.xlsx"
JAN_1 = date(2026, 1, 1)
ROWS: list[Sequence[object]] = [
    HEADERS,
    ["107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010001-00007", JAN_1],
    ["108", "4.0", "Privat", "Sindslidende", "XG-5385010002-00001", JAN_1],
    ["STU", "5.0", "Privat", "Unge", "XG-5385010003-00001", JAN_1],
]
GB = 2**30


def _refusal(path: Path) -> str:
    with pytest.raises(MappingUnusable) as refused:
        read_mapping(path)
    return str(refused.value)


def _bomb(folder: Path, part: str, unpacked: int) -> Path:
    source = write_xlsx(folder / "source.xlsx", ROWS)
    return write_bomb(folder / f"bomb-{unpacked}.xlsx", source, part=part, unpacked=unpacked)


def test_a_merged_range_over_the_whole_sheet_spoils_only_the_rows_holding_data(
    tmp_path: Path,
) -> None:
    """The issue's 1.8 KB workbook: A2:XFD1048576 merged took minutes per range."""
    path = write_xlsx(tmp_path / NAME, ROWS, merges=["A2:XFD1048576"])
    assert path.stat().st_size < 4096
    report = read_mapping(path)
    [problem] = report.problems
    assert (problem.row, problem.column, problem.severity) == (2, "A", Severity.ERROR)
    assert "cellerne A2:XFD1048576 er flettet" in problem.message
    assert "derfor kan rækkerne 2–4 ikke læses" in problem.message
    assert report.skipped_rows == (2, 3, 4)
    assert len(report.table) == 0


def test_a_merged_range_below_the_data_is_only_a_warning(tmp_path: Path) -> None:
    report = read_mapping(write_xlsx(tmp_path / NAME, ROWS, merges=["E10:E1048576"]))
    [problem] = report.problems
    assert problem.severity is Severity.WARNING
    assert "rammer ingen række med data" in problem.message
    assert len(report.table) == 3


def test_thousands_of_merged_ranges_are_reported_in_a_few_lines(tmp_path: Path) -> None:
    ranges = [f"A{n}:B{n}" for n in range(2, 5002)]
    report = read_mapping(write_xlsx(tmp_path / NAME, ROWS, merges=ranges))
    assert len(report.problems) == merges.MAX_MERGE_PROBLEMS + 1
    assert "og 4.950 flettede områder mere" in report.problems[-1].message


def test_a_dimension_claiming_the_whole_sheet_does_not_pad_the_rows(tmp_path: Path) -> None:
    """A reader trusting it would pad every row to 16,384 cells, for 8 of data."""
    path = write_xlsx(tmp_path / NAME, ROWS, dimension="A1:XFD1048576")
    book = open_workbook(path)
    try:
        widths = {len(row) for row in book.sheet("PSP").rows()}
    finally:
        book.close()
    assert widths == {8}  # as wide as the cells holding values
    report = read_mapping(path)
    assert report.ok
    assert report.rows_read == 3


def test_200000_stray_formula_tags_are_scanned_once_not_once_each(tmp_path: Path) -> None:
    """The scan for never-computed formulas walked back from each <f> to its cell: a sheet
    of stray tags (here in a comment, which Excel and openpyxl ignore) took quadratic time."""
    path = write_xlsx(tmp_path / NAME, ROWS)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    stray = b"<!--" + b"<f/>" * 200_000 + b"-->"
    parts[sheet] = parts[sheet].replace(b"</sheetData>", b"</sheetData>" + stray)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    report = read_mapping(path)
    assert report.ok  # tags outside every cell are no cell's formula
    assert len(report.table) == 3


def test_shared_strings_unpacking_to_2_gb_are_refused_naming_the_limit(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The issue's 4.4 MB workbook whose texts unpack to 2 GB: read for 65 s with 2.4 GB."""
    path = _bomb(tmp_path_factory.mktemp("bomb"), "xl/sharedStrings.xml", 2 * GB)
    assert path.stat().st_size < 4 * 2**20
    message = _refusal(path)
    assert message.startswith(f"{path.name}: projektmappens tekster (xl/sharedStrings.xml) ")
    assert "fylder 2.048 MB udpakket, og robotten læser højst 32 MB" in message
    assert "slet ubrugte rækker og kolonner" in message


def test_a_sheet_beyond_its_limit_is_refused_naming_the_sheet_and_the_limit(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    path = _bomb(tmp_path_factory.mktemp("bomb"), "xl/worksheets/sheet1.xml", 200 * 2**20)
    message = _refusal(path)
    assert "arket 'PSP' fylder 200 MB udpakket, og robotten læser højst 100 MB" in message


def test_a_part_packed_a_thousand_times_is_refused_as_a_zip_bomb(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Within the size limit, but 50 KB on disk for 50 MB: no Excel file packs like that."""
    path = _bomb(tmp_path_factory.mktemp("bomb"), "xl/worksheets/sheet1.xml", 50 * 2**20)
    message = _refusal(path)
    assert "arket 'PSP' er pakket usædvanligt tæt" in message
    assert "robotten godtager højst 100 gange" in message


def test_styles_beyond_their_limit_are_refused(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = _bomb(tmp_path_factory.mktemp("bomb"), "xl/styles.xml", 20 * 2**20)
    assert "delen xl/styles.xml fylder 20 MB udpakket, og robotten læser højst 16 MB" in (
        _refusal(path)
    )


def test_more_shared_strings_than_the_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS", 10)
    message = _refusal(write_xlsx(tmp_path / NAME, ROWS))
    assert "er 20 forskellige tekster, og robotten læser højst 10" in message


def test_more_data_rows_than_the_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan, "MAX_DATA_ROWS", 2)
    message = _refusal(write_xlsx(tmp_path / NAME, ROWS))
    assert "arket 'PSP' har flere end 2 rækker med data" in message


def test_images_are_not_held_to_the_limits_as_they_are_never_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / NAME, ROWS)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/image1.png", b"\0" * (20 * 2**20))
    assert read_mapping(path).ok


def test_a_100000_row_workbook_is_well_within_every_limit(tmp_path: Path) -> None:
    """The limits are several times what a real 100,000-row mapping workbook needs."""
    rows: list[Sequence[object]] = [HEADERS]
    for i in range(100_000):
        group = f"Målgruppe {i:06d}"
        rows.append(["107", "4.0", "Privat", group, f"XG-{5385010000 + i}-00001", JAN_1, None, i])
    path = write_xlsx(tmp_path / NAME, rows)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        check_parts(infos, sheets={"xl/worksheets/sheet1.xml": "PSP"})
        check_shared_strings(archive)
    sheet = next(i for i in infos if i.filename == "xl/worksheets/sheet1.xml")
    strings = next(i for i in infos if i.filename == "xl/sharedStrings.xml")
    assert sheet.file_size * 2 < limits.MAX_SHEET_BYTES
    assert strings.file_size * 3 < limits.MAX_SHARED_STRINGS_BYTES


def _with_cells(path: Path, cells: bytes) -> Path:
    """The workbook with ``cells`` (raw XML rows) added after its rows."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"</sheetData>", cells + b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "far",
    [
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        b'<row r="1048576"><c s="0" r="XFD1048576" t="n"><v>1</v></c></row>',
    ],
    ids=["as Excel writes it", "reference after another attribute"],
)
def test_one_value_in_the_last_cell_of_the_sheet_is_refused_before_it_is_read(
    tmp_path: Path, far: bytes
) -> None:
    """The cell reader builds the rectangle from A1 to the last value: 17 billion cells here,
    which would end the process. 3 KB on disk."""
    path = _with_cells(write_xlsx(tmp_path / NAME, ROWS), far)
    assert path.stat().st_size < 4096
    message = _refusal(path)
    assert "arket 'PSP' går ud til række 1.048.576 og kolonne XFD" in message
    assert "robotten læser højst 5.000.000" in message


def test_cells_without_a_reference_are_counted_where_the_reader_would_put_them(
    tmp_path: Path,
) -> None:
    """A row and cells without ``r`` follow the ones before: the rectangle still reaches far."""
    wide = b"<row>" + b"<c><v>1</v></c>" * 5000 + b"</row>"
    deep = b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    path = _with_cells(write_xlsx(tmp_path / NAME, ROWS), wide + deep)
    assert "arket 'PSP' går ud til række" in _refusal(path)


def test_empty_formatted_cells_far_out_do_not_count(tmp_path: Path) -> None:
    """A cell with only a format holds no value: the reader leaves it out, and so does the
    check."""
    styled = b'<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    report = read_mapping(_with_cells(write_xlsx(tmp_path / NAME, ROWS), styled))
    assert report.ok
