"""The PSP sheet's keys against the grants' keys: near misses name the key meant, keys no grant
uses are listed apart, and the report prints many of them as one line."""

from __future__ import annotations

from datetime import date

from robot.domain.psp import MappingKey, MappingRow, MappingTable
from robot.mapping.key_check import check_keys
from robot.mapping.problems import MappingReport, Problem, Severity, SheetLayout
from robot.mapping.validator import render_report

JAN_1 = date(2026, 1, 1)
LETTERS = {"paragraph": "A", "art": "B", "ownership": "C", "target_group": "D", "psp": "E"}
GRANT_KEYS = [
    MappingKey("107", "4.0", "Privat", "Udviklingshæmmede"),
    MappingKey("108", "4.0", "Kommunal", "Sindslidende"),
    MappingKey("STU", "5.0", "Privat", "Unge med særlige behov"),
]


def report_of(*keys: tuple[str, str, str, str]) -> MappingReport:
    rows = [
        MappingRow(
            paragraph=k[0],
            art=k[1],
            ownership=k[2],
            target_group=k[3],
            psp=f"XG-538501000{n}-00001",
            valid_from=JAN_1,
            sheet_row=n + 2,
        )
        for n, k in enumerate(keys)
    ]
    layouts = {"PSP": SheetLayout("PSP", LETTERS)}
    return MappingReport(MappingTable(rows), (), len(rows), (), layouts=layouts)


def test_a_key_in_use_gets_no_warning() -> None:
    check = check_keys(report_of(("§ 107", "4.0", "PRIVAT", "udviklingshæmmede")), GRANT_KEYS)
    assert check.near_misses == ()
    assert check.unused == ()


def test_danish_letters_spelt_out_are_a_near_miss_naming_the_value_meant_in_its_column() -> None:
    check = check_keys(report_of(("107", "4.0", "Privat", "Udviklingshaemmede")), GRANT_KEYS)
    [near] = check.near_misses
    assert (near.row, near.column, near.header, near.severity) == (
        2,
        "D",
        "Målgruppe",
        Severity.WARNING,
    )
    assert near.message == (
        "Ingen bevilling i sagssystemet bruger nøglen 107 / 4.0 / Privat / Udviklingshaemmede "
        "(række 2); mente du Målgruppe 'Udviklingshæmmede'? Sagssystemets bevillinger skriver "
        "nøglen 107 / 4.0 / Privat / Udviklingshæmmede. Rækken bruges, men den passer ikke til "
        "nogen bevilling"
    )
    assert check.unused == ()


def test_oe_for_oe_slash_and_aa_for_a_ring_are_near_misses_too() -> None:
    keys = [*GRANT_KEYS, MappingKey("104", "4.0", "Selvejende", "Døgnophold på år")]
    check = check_keys(report_of(("104", "4.0", "Selvejende", "Doegnophold paa aar")), keys)
    [near] = check.near_misses
    assert "mente du Målgruppe 'Døgnophold på år'?" in near.message


def test_a_letter_missing_in_one_part_is_a_near_miss() -> None:
    check = check_keys(report_of(("108", "4.0", "Kommunal", "Sindslidene")), GRANT_KEYS)
    [near] = check.near_misses
    assert "mente du Målgruppe 'Sindslidende'?" in near.message


def test_a_key_unlike_every_grant_key_is_merely_unused() -> None:
    check = check_keys(report_of(("103", "2.0", "Regional", "Hjerneskade")), GRANT_KEYS)
    assert check.near_misses == ()
    [unused] = check.unused
    assert unused.message == (
        "Ingen bevilling i sagssystemet bruger nøglen 103 / 2.0 / Regional / Hjerneskade "
        "(række 2); tjek, at Paragraf, Art, Ejerforhold og Målgruppe er skrevet som i "
        "sagssystemet"
    )
    assert unused.column is None


def unused_keys(count: int) -> list[tuple[str, str, str, str]]:
    return [("103", "2.0", "Regional", f"Gruppe {n}") for n in range(count)]


def printed(count: int, *, all_warnings: bool = False) -> list[str]:
    report = report_of(("107", "4.0", "Privat", "Udviklingshaemmede"), *unused_keys(count))
    check = check_keys(report, GRANT_KEYS)
    report = MappingReport(
        report.table, check.near_misses, report.rows_read, (), layouts=report.layouts
    )
    return render_report(report, name="m.xlsx", unused=check.unused, all_warnings=all_warnings)


def test_many_unused_keys_are_one_line_after_the_near_misses_saying_how_to_see_them() -> None:
    lines = printed(33)
    assert len(lines) == 3
    assert lines[0].startswith("Advarsel i ark 'PSP', række 2, kolonne D (Målgruppe): ")
    assert lines[1] == (
        "Advarsel i ark 'PSP': 33 nøgler bruges ikke af nogen bevilling i sagssystemet (fra "
        "rækkerne 3, 4, 5, 6, 7 og 28 flere); som regel er det nøgler til bevillinger, der ikke "
        "findes endnu. Se dem alle med: robot validate-mapping m.xlsx --all-warnings"
    )
    assert lines[2] == "m.xlsx: 34 advarsler; PSP: 34 rækker læst, 34 kan bruges."


def test_all_warnings_prints_every_unused_key() -> None:
    lines = printed(33, all_warnings=True)
    assert len(lines) == 1 + 33 + 1
    assert all(line.startswith("Advarsel i ark 'PSP', række ") for line in lines[:-1])


def test_a_few_unused_keys_are_printed_one_by_one() -> None:
    lines = printed(3)
    assert len(lines) == 1 + 3 + 1
    assert "nøgler bruges ikke af nogen bevilling" not in "\n".join(lines)


def test_errors_are_printed_before_the_unused_keys() -> None:
    error = Problem(sheet="PSP", row=9, message="noget er galt")
    report = report_of(*unused_keys(5))
    check = check_keys(report, GRANT_KEYS)
    with_error = MappingReport(report.table, (error,), 5, (), layouts=report.layouts)
    lines = render_report(with_error, name="m.xlsx", unused=check.unused)
    assert lines[0] == "Fejl i ark 'PSP', række 9: noget er galt"
    assert "5 nøgler bruges ikke" in lines[1]
