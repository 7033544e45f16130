"""The PSP sheet's key values checked against what the case system writes: paragraphs in scope
(and the municipality's own), art as 4.0, the ownership words; did-you-mean for near misses;
errors leave the row out, warnings keep it. And keys no grant uses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from robot.domain.psp import MappingKey
from robot.mapping import Severity, read_mapping, unused_key_warnings
from robot.mapping.builder import write_mapping_workbook
from robot.mapping.validator import render_report

PSP = "XG-5385010001-00007"
JAN_1 = date(2026, 1, 1)
KEY = ("107", "4.0", "Privat", "Udviklingshæmmede")
GOOD: list[object] = [*KEY, PSP, JAN_1]


def workbook(tmp_path: Path, rows: Sequence[Sequence[object]]) -> Path:
    return write_mapping_workbook(tmp_path / "psp_mapping.xlsx", rows)


def with_value(column: int, value: object) -> list[object]:
    row = list(GOOD)
    row[column] = value
    return row


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("1O7", "107"), ("l07", "107"), ("170", "107"), ("SUT", "STU")],
)
def test_a_near_miss_paragraph_is_an_error_that_suggests_the_one_meant(
    tmp_path: Path, typed: str, meant: str
) -> None:
    report = read_mapping(workbook(tmp_path, [GOOD, with_value(0, typed)]))
    [problem] = report.problems
    assert (problem.row, problem.column, problem.severity) == (3, "A", Severity.ERROR)
    assert problem.message == (
        f"Paragraf '{typed}' er ikke en af de paragraffer, robotten betaler efter (103, 104, "
        f"107, 108 og STU); mente du '{meant}'? Rækken bruges ikke"
    )
    assert report.skipped_rows == (3,)


@pytest.mark.parametrize("written", ["§ 107", "§107", " 107 ", 107, "stu", "STU"])
def test_paragraphs_in_scope_are_fine_however_written(tmp_path: Path, written: object) -> None:
    assert read_mapping(workbook(tmp_path, [with_value(0, written)])).ok


def test_a_paragraph_out_of_scope_is_an_error_unless_the_municipality_lists_it(
    tmp_path: Path,
) -> None:
    path = workbook(tmp_path, [GOOD, with_value(0, "97"), with_value(0, "§ 85")])
    report = read_mapping(path)
    assert [(p.row, p.column) for p in report.problems] == [(3, "A"), (4, "A")]
    assert "ROBOT_MAPPING_PARAGRAPHS" in report.problems[0].message
    assert len(report.table) == 1
    listed = read_mapping(path, paragraphs=["85", "97"])
    assert listed.ok
    assert len(listed.table) == 3


@pytest.mark.parametrize(
    ("typed", "meant"), [("4,0", "4.0"), ("4", "4.0"), ("4.O", "4.0"), ("4,5", "4.5")]
)
def test_an_art_not_written_as_the_case_system_writes_it_is_an_error_with_a_suggestion(
    tmp_path: Path, typed: str, meant: str
) -> None:
    report = read_mapping(workbook(tmp_path, [with_value(1, typed)]))
    [problem] = report.problems
    assert (problem.column, problem.severity) == ("B", Severity.ERROR)
    assert f"Art '{typed}' er ikke skrevet, som sagssystemet skriver en art" in problem.message
    assert problem.message.endswith(f"mente du '{meant}'? Rækken bruges ikke")
    assert len(report.table) == 0


@pytest.mark.parametrize("written", ["4.0", 4, 4.0, "4.5", "10.25"])
def test_an_art_as_digits_a_dot_and_digits_or_as_a_number_is_fine(
    tmp_path: Path, written: object
) -> None:
    assert read_mapping(workbook(tmp_path, [with_value(1, written)])).ok


def test_a_near_miss_ownership_is_a_warning_that_suggests_the_word_and_the_row_is_used(
    tmp_path: Path,
) -> None:
    report = read_mapping(workbook(tmp_path, [with_value(2, "Komunal")]))
    [problem] = report.problems
    assert (problem.column, problem.severity) == ("C", Severity.WARNING)
    assert "Ejerforhold 'Komunal' er ikke et af sagssystemets ord" in problem.message
    assert "mente du 'Kommunal'?" in problem.message
    assert len(report.table) == 1
    assert report.errors == ()


def test_an_unknown_ownership_word_is_a_warning_and_the_row_is_used(tmp_path: Path) -> None:
    report = read_mapping(workbook(tmp_path, [with_value(2, "Udliciteret")]))
    [problem] = report.problems
    assert problem.severity is Severity.WARNING
    assert "er det skrevet som i sagssystemet?" in problem.message
    assert report.table.lookup(("107", "4.0", "Udliciteret", KEY[3]), JAN_1)


@pytest.mark.parametrize("written", ["Privat", "PRIVAT", "selvejende", "Kommunal", "Regional"])
def test_the_case_systems_ownership_words_are_fine_in_any_case(
    tmp_path: Path, written: str
) -> None:
    assert read_mapping(workbook(tmp_path, [with_value(2, written)])).ok


def test_every_problem_line_starts_with_its_severity_and_place_in_danish(tmp_path: Path) -> None:
    rows = [GOOD, with_value(2, "Komunal"), with_value(4, "XG 1")]
    lines = render_report(read_mapping(workbook(tmp_path, rows)), name="psp_mapping.xlsx")
    assert lines[0].startswith("Advarsel i ark 'PSP', række 3, kolonne C (Ejerforhold): ")
    assert lines[1].startswith("Fejl i ark 'PSP', række 4, kolonne E (PSP-element): ")
    assert lines[2] == (
        "psp_mapping.xlsx: 1 fejl og 1 advarsel; PSP: 3 rækker læst, 2 kan bruges, 1 bruges ikke."
    )


def test_the_summary_of_a_clean_workbook_says_no_problems(tmp_path: Path) -> None:
    lines = render_report(read_mapping(workbook(tmp_path, [GOOD])), name="m.xlsx")
    assert lines == ["m.xlsx: ingen problemer; PSP: 1 række læst, 1 kan bruges."]


def test_unused_keys_get_a_warning_each_naming_their_rows(tmp_path: Path) -> None:
    misspelt = [*KEY[:3], "Udviklingshaemmede", "XG-5385010001-00008"]
    rows = [
        GOOD,
        with_value(3, "Sindslidende"),
        [*misspelt, JAN_1, date(2026, 12, 31)],
        [*misspelt, date(2027, 1, 1)],
    ]
    report = read_mapping(workbook(tmp_path, rows))
    in_use = [MappingKey("§107", "4.0", "PRIVAT", "udviklingshæmmede"), MappingKey(*"ABCD")]
    warnings = unused_key_warnings(report, in_use)
    assert [(w.sheet, w.row, w.severity) for w in warnings] == [
        ("PSP", 3, Severity.WARNING),
        ("PSP", 4, Severity.WARNING),
    ]
    assert warnings[0].message.startswith(
        "Ingen bevilling i sagssystemet bruger nøglen 107 / 4.0 / Privat / Sindslidende (række 3)"
    )
    assert "Udviklingshaemmede (rækkerne 4 og 5)" in warnings[1].message


def test_no_unused_key_warnings_when_every_key_is_in_use(tmp_path: Path) -> None:
    report = read_mapping(workbook(tmp_path, [GOOD]))
    assert unused_key_warnings(report, [MappingKey(*KEY)]) == []


def test_a_cpr_number_typed_into_the_workbook_is_masked_in_every_message(tmp_path: Path) -> None:
    """Messages quote cells; a CPR number typed in one must not reach a log or a report."""
    report = read_mapping(workbook(tmp_path, [GOOD, with_value(0, "010190-1234")]))
    [problem] = report.problems
    assert "010190-1234" not in str(problem)
    assert "Paragraf 'cpr#" in problem.message
