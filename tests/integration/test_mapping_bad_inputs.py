"""Bad mapping workbooks: each loads with the right problems and usable rows, or is refused with
the file's name and a reason an admin understands (MappingUnusable), never a traceback.

Most are built with openpyxl; what openpyxl cannot write (formulas with the value Excel stored,
shared strings, 100,000 rows quickly) with tests/corpus/raw_xlsx.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from robot.cli import main
from robot.domain.psp import MappingKey, MappingRow
from robot.errors import MappingUnusable
from robot.mapping import MappingReport, limits, read_mapping
from robot.mapping.builder import HEADERS, write_mapping_workbook
from tests.corpus.raw_xlsx import Formula, write_xlsx

PSP = "XG-5385010001-00007"
JAN_1 = date(2026, 1, 1)
KEY = ("107", "4.0", "Privat", "Udviklingshæmmede")
GOOD: list[object] = [*KEY, PSP, JAN_1, None, ""]
OTHER_KEY = ("108", "4.0", "Kommunal", "Sindslidende")
OTHER: list[object] = [*OTHER_KEY, "XG-5385010002-00001", JAN_1, None, ""]
NAME = "psp_mapping.xlsx"


def build(
    tmp_path: Path,
    rows: Sequence[Sequence[object]],
    *,
    header: Sequence[object] = HEADERS,
    titles: Sequence[str] = ("PSP",),
    merges: Sequence[str] = (),
) -> Path:
    """An openpyxl workbook: the data on the first sheet, the other titles as empty sheets."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = titles[0]
    for title in titles[1:]:
        book.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    path = tmp_path / NAME
    book.save(path)
    return path


def _row(**changes: object) -> MappingRow:
    fields: dict[str, object] = dict(
        zip(("paragraph", "art", "ownership", "target_group"), KEY, strict=True)
    )
    fields |= {"psp": PSP, "valid_from": JAN_1, "valid_to": None, "sheet_row": 2} | changes
    return MappingRow(**fields)  # type: ignore[arg-type]


def placed(report: MappingReport) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in report.problems]


def usable(report: MappingReport) -> list[int]:
    return sorted(row.sheet_row for row in report.table.rows)


# --- loads, with the right problems and the right usable rows -------------------------------


def test_shuffled_headers_with_admin_columns_between_are_read_by_name(tmp_path: Path) -> None:
    header = [
        "Gyldig til",
        "PSP-element",
        "Intern note",
        "Målgruppe",
        "Paragraf",
        "Gyldig fra",
        "Ejerforhold",
        "Art",
        "Bemærkning",
    ]
    row = [date(2026, 12, 31), PSP, "spørg Hanne", "Udviklingshæmmede", "107", JAN_1, "Privat"]
    report = read_mapping(build(tmp_path, [[*row, "4.0", "kontoplan 2026"]], header=header))
    assert report.ok
    assert report.table.rows == (_row(valid_to=date(2026, 12, 31)),)


def test_renamed_headers_are_read_and_each_is_reported_in_row_1(tmp_path: Path) -> None:
    header = ["§", "Artskonto", "Ejerform", "Malgruppe", "PSP element", "Fra", "Til", "Note"]
    report = read_mapping(build(tmp_path, [GOOD, OTHER], header=header))
    assert placed(report) == [(1, column) for column in "ABCDEFGH"]
    assert "overskriften er 'Fra', men skal være 'Gyldig fra'" in report.problems[5].message
    assert usable(report) == [2, 3]
    assert report.table.lookup(KEY, JAN_1)[0].psp == PSP


def test_a_second_column_for_one_field_is_reported_and_the_first_is_read(tmp_path: Path) -> None:
    header = [*HEADERS[:5], "PSP-element", *HEADERS[5:]]
    row = [*KEY, PSP, "XG-5385010001-00107", JAN_1, None, ""]
    report = read_mapping(build(tmp_path, [row], header=header))
    [problem] = report.problems
    assert (problem.row, problem.column) == (1, "F")
    assert "kolonne E ('PSP-element') læses, og denne springes over" in problem.message
    assert report.table.rows[0].psp == PSP


@pytest.mark.parametrize("blank", ["", "   ", "\t", "\u00a0", "\u200b", " \u200b\n"], ids=repr)
def test_blank_or_whitespace_only_key_is_reported_and_its_row_not_used(
    tmp_path: Path, blank: str
) -> None:
    report = read_mapping(
        build(tmp_path, [GOOD, [blank, *GOOD[1:]], [*OTHER[:3], blank, *OTHER[4:]]])
    )
    assert placed(report) == [(3, "A"), (4, "D")]
    assert report.problems[0].message == "Paragraf mangler (cellen er tom); rækken bruges ikke"
    assert usable(report) == [2]
    assert report.skipped_rows == (3, 4)


def test_a_row_of_only_whitespace_is_skipped_silently(tmp_path: Path) -> None:
    report = read_mapping(build(tmp_path, [GOOD, [" ", "\t", "\u00a0", "", "  ", " ", " ", ""]]))
    assert report.ok
    assert report.rows_read == 1


def test_invisible_characters_pasted_around_a_key_do_not_stop_the_match(tmp_path: Path) -> None:
    """A zero-width space or soft hyphen shows as nothing in Excel, so it must not count."""
    row = ["\u200b107\u00a0", " 4.0\ufeff", "Privat\u200d", "Udviklings\u00adhæmmede", *GOOD[4:]]
    report = read_mapping(build(tmp_path, [row]))
    assert report.ok
    assert report.table.lookup(KEY, JAN_1)


def test_whitespace_in_a_date_cell_means_open(tmp_path: Path) -> None:
    report = read_mapping(build(tmp_path, [[*GOOD[:5], "  ", " "]]))
    assert report.ok
    assert (report.table.rows[0].valid_from, report.table.rows[0].valid_to) == (None, None)


def test_formulas_with_the_values_excel_stored_are_read_as_those_values(tmp_path: Path) -> None:
    row = [
        Formula('"10"&"7"', "107"),
        Formula("2+2", 4),
        "Privat",
        Formula("TRIM(Z2)", "Udviklingshæmmede"),
        Formula('"XG-"&"5385010001-00007"', PSP),
        Formula("DATE(2026,1,1)", JAN_1),
        Formula('IF(Z2="","",Z2)', ""),  # an empty result: an open end, not a missing value
    ]
    report = read_mapping(write_xlsx(tmp_path / NAME, [HEADERS, row]))
    assert report.ok
    assert report.table.rows == (_row(),)


def test_formulas_never_computed_are_reported_per_cell_and_their_row_not_used(
    tmp_path: Path,
) -> None:
    """openpyxl writes formulas without values, as a script or a converter would."""
    rows = [GOOD, ['="10"&"7"', *GOOD[1:4], '="XG-"&"1"', "=DATE(2026,1,1)"]]
    report = read_mapping(build(tmp_path, rows))
    assert placed(report) == [(3, "A"), (3, "E"), (3, "F")]
    assert all("formel uden beregnet værdi" in p.message for p in report.problems)
    assert usable(report) == [2]


def test_formula_whose_stored_value_is_an_excel_error_is_reported(tmp_path: Path) -> None:
    lookup = Formula("VLOOKUP(A3,Ark2!A:B,2,0)", "#N/A", error=True)
    rows = [HEADERS, GOOD, [*OTHER[:3], lookup, *OTHER[4:]]]
    report = read_mapping(write_xlsx(tmp_path / NAME, rows))
    assert placed(report) == [(3, "D")]
    assert "viser Excel-fejlen #N/A" in report.problems[0].message


def test_merged_key_cells_are_reported_and_the_rows_they_cover_not_used(tmp_path: Path) -> None:
    rows = [GOOD, [None, *GOOD[1:3], "Sindslidende", *GOOD[4:]], [None, *OTHER[1:]]]
    report = read_mapping(build(tmp_path, rows, merges=["A2:A4"]))
    assert placed(report) == [(2, "A")]
    assert "cellerne A2:A4 er flettet" in report.problems[0].message
    assert "derfor kan rækkerne 3–4 ikke læses og bruges ikke" in report.problems[0].message
    assert usable(report) == [2]


def test_cells_merged_across_a_row_spoil_that_row(tmp_path: Path) -> None:
    report = read_mapping(build(tmp_path, [GOOD, OTHER], merges=["C3:D3"]))
    assert placed(report) == [(3, "C")]
    assert "derfor kan række 3 ikke læses og bruges ikke" in report.problems[0].message
    assert usable(report) == [2]


def test_merged_remark_cells_are_the_admins_own_and_harmless(tmp_path: Path) -> None:
    rows = [GOOD, OTHER, ["STU", "5.0", "Privat", "Unge", "XG-5385010003-00001", JAN_1]]
    report = read_mapping(build(tmp_path, rows, merges=["H2:H4"]))
    assert report.ok
    assert usable(report) == [2, 3, 4]


def test_shared_strings_as_excel_writes_them_are_read(tmp_path: Path) -> None:
    report = read_mapping(write_xlsx(tmp_path / NAME, [HEADERS, GOOD, OTHER]))
    assert report.ok
    assert usable(report) == [2, 3]


_LARGE: dict[int, MappingReport] = {}


PARAGRAPHS = ("103", "104", "107", "108", "STU")


def _large_report(tmp_path_factory: pytest.TempPathFactory, size: int) -> MappingReport:
    """Built and read once per session: ``size`` rows, the last one with a bad PSP element."""
    if size not in _LARGE:
        rows: list[Sequence[object]] = [HEADERS]
        for i in range(size - 1):
            psp = f"XG-{5385010000 + i % 500}-00001"  # many keys share a PSP element
            rows.append([PARAGRAPHS[i % 5], "4.0", "Privat", f"Gruppe {i:06d}", psp, JAN_1])
        rows.append(["107", "4.0", "Privat", "Sidste", "XG 1", JAN_1])
        path = write_xlsx(tmp_path_factory.mktemp("large") / f"psp_{size}.xlsx", rows)
        _LARGE[size] = read_mapping(path)
    return _LARGE[size]


@pytest.mark.parametrize("size", [10_000, pytest.param(100_000, marks=pytest.mark.soak)])
def test_a_large_workbook_is_read_whole_with_rows_numbered_to_the_end(
    tmp_path_factory: pytest.TempPathFactory, size: int
) -> None:
    """100,000 rows take a few seconds, so that size runs with ``make soak``; 10,000 rows prove
    the same in the default suite. Its speed is measured by
    ``tests/benchmarks/bench_mapping.py``, not asserted here."""
    report = _large_report(tmp_path_factory, size)
    assert report.rows_read == size
    assert len(report.table) == size - 1
    assert placed(report) == [(size + 1, "E")]
    last_good = (PARAGRAPHS[(size - 2) % 5], "4.0", "Privat", f"Gruppe {size - 2:06d}")
    assert report.table.lookup(last_good, JAN_1)[0].sheet_row == size


# --- refused: the file's name and a reason an admin understands -----------------------------


def _good_bytes(tmp_path: Path) -> bytes:
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    return write_xlsx(scratch / "good.xlsx", [HEADERS, GOOD, OTHER]).read_bytes()


def _rezip(tmp_path: Path, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The good workbook with each part passed through ``change`` (None drops the part)."""
    source = zipfile.ZipFile(io.BytesIO(_good_bytes(tmp_path)))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                archive.writestr(name, data)
    return target.getvalue()


def _half_of(part: str) -> Callable[[str, bytes], bytes | None]:
    return lambda name, data: data[: len(data) // 2] if name == part else data


def _ole_container() -> bytes:
    """The start of an OLE2 compound document, the container of an encrypted .xlsx (and of an
    old .xls): signature, minor/major version, byte order, sector sizes. No tool here writes a
    real encrypted workbook; the robot refuses on the signature alone, before reading further."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:34] = b"\x3e\x00\x03\x00\xfe\xff\x09\x00\x06\x00"
    return bytes(header) + b"\xff" * 1024


def _shared_string_out_of_range(name: str, data: bytes) -> bytes:
    """Cell C2 points past the end of the shared strings table."""
    if name != "xl/worksheets/sheet1.xml":
        return data
    return re.sub(rb'(<c r="C2" t="s"><v>)\d+', rb"\g<1>999", data)


CORRUPT: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "empty": (lambda _: b"", "filen er tom (0 byte)"),
    "csv text": (
        lambda _: b"Paragraf;Art\n107;4.0\n",
        "ikke en .xlsx-projektmappe (det er ikke en zip-fil)",
    ),
    "html page": (
        lambda _: b"<html><body>Din session er udl\xc3\xb8bet</body></html>",
        "ikke en .xlsx-projektmappe (det er ikke en zip-fil)",
    ),
    "password-protected": (
        lambda _: _ole_container(),
        "filen er beskyttet med adgangskode eller en gammel .xls-fil; gem den som "
        ".xlsx-projektmappe uden adgangskode",
    ),
    "truncated to half": (
        lambda p: _good_bytes(p)[: len(_good_bytes(p)) // 2],
        "filen er beskadiget eller ufuldstændig, måske afbrudt under kopiering",
    ),
    "last bytes cut off": (
        lambda p: _good_bytes(p)[:-40],
        "filen er beskadiget eller ufuldstændig, måske afbrudt under kopiering",
    ),
    "a bit flipped inside": (
        lambda p: _flip_byte_in_sheet(_good_bytes(p)),
        "filen er beskadiget eller ufuldstændig",
    ),
    "zip without a workbook": (
        lambda p: _rezip(p, lambda n, d: None if n.startswith("xl/") else d),
        "ikke en .xlsx-projektmappe (en zip-fil uden en projektmappe i",
    ),
    "sheet part missing": (
        lambda p: _rezip(p, lambda n, d: None if n == "xl/worksheets/sheet1.xml" else d),
        "filen er beskadiget eller ufuldstændig",
    ),
    "sheet part cut short": (
        lambda p: _rezip(p, _half_of("xl/worksheets/sheet1.xml")),
        "filen er beskadiget eller ufuldstændig",
    ),
    "shared strings cut short": (
        lambda p: _rezip(p, _half_of("xl/sharedStrings.xml")),
        "filen er beskadiget eller ufuldstændig",
    ),
    "shared string index out of range": (
        lambda p: _rezip(p, _shared_string_out_of_range),
        "arket 'PSP' kan ikke læses, filen er beskadiget eller ufuldstændig",
    ),
}


def _flip_byte_in_sheet(data: bytes) -> bytes:
    """Corrupt the compressed sheet data, as a bad disk or transfer would."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    offset = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    corrupted = bytearray(data)
    corrupted[offset] ^= 0xFF
    return bytes(corrupted)


def _refusal(path: Path) -> str:
    with pytest.raises(MappingUnusable) as refused:
        read_mapping(path)
    return str(refused.value)


@pytest.mark.parametrize("case", list(CORRUPT))
def test_damaged_or_foreign_file_is_refused_with_its_name_and_a_reason(
    tmp_path: Path, case: str
) -> None:
    content, reason = CORRUPT[case]
    path = tmp_path / "mapping 2027.xlsx"
    path.write_bytes(content(tmp_path))
    message = _refusal(path)
    assert message.startswith("mapping 2027.xlsx: ")
    assert reason in message
    assert "\n" not in message


@pytest.mark.parametrize("case", ["empty", "password-protected", "sheet part cut short"])
def test_validate_mapping_refuses_a_damaged_file_in_one_line_without_a_traceback(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / NAME
    path.write_bytes(CORRUPT[case][0](tmp_path))
    assert main(["validate-mapping", str(path)]) == 5
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1
    assert "Traceback" not in captured.err
    assert CORRUPT[case][1] in captured.err


def test_workbook_without_a_psp_sheet_is_refused_naming_the_sheets_it_has(
    tmp_path: Path,
) -> None:
    path = build(tmp_path, [GOOD], titles=("Ark1", "Noter"))
    assert _refusal(path) == (
        f"{NAME}: projektmappen har intet ark ved navn 'PSP' (dens ark: 'Ark1', 'Noter')"
    )


def test_header_renamed_beyond_recognition_is_refused_saying_what_row_1_holds(
    tmp_path: Path,
) -> None:
    header = [h if h != "PSP-element" else "PSP-nummer" for h in HEADERS]
    message = _refusal(build(tmp_path, [GOOD], header=header))
    assert message.startswith(f"{NAME}: arket 'PSP' har ingen kolonne 'PSP-element' i række 1")
    assert "'PSP-nummer'" in message


def test_a_folder_named_like_the_workbook_is_refused(tmp_path: Path) -> None:
    (tmp_path / NAME).mkdir()
    assert _refusal(tmp_path / NAME) == f"{NAME}: filen findes ikke, eller den er ikke en fil"


def test_a_sheet_too_large_to_read_is_refused_before_it_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip bomb, or a sheet formatted down to row 1,048,576, would exhaust memory."""
    path = write_mapping_workbook(tmp_path / NAME, [GOOD])
    monkeypatch.setattr(limits, "MAX_SHEET_BYTES", 1000)
    message = _refusal(path)
    assert "arket 'PSP' fylder" in message
    assert "og robotten læser højst 1 KB" in message
    assert "slet ubrugte rækker og kolonner" in message


def test_good_key_is_found_after_all_this(tmp_path: Path) -> None:
    """The corpus's good row, for contrast: the key the tests above look up does match."""
    report = read_mapping(build(tmp_path, [GOOD]))
    assert report.table.lookup(MappingKey(*KEY), JAN_1)[0].psp == PSP
