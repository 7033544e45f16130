"""Finding the PSP sheet's columns by their names in row 1."""

from __future__ import annotations

import pytest

from robot.errors import MappingUnusable
from robot.mapping.columns import find_columns, is_header_row
from robot.mapping.problems import Severity

HEADER = (
    "Paragraf",
    "Art",
    "Ejerforhold",
    "Målgruppe",
    "PSP-element",
    "Gyldig fra",
    "Gyldig til",
    "Bemærkning",
)


def test_columns_are_found_by_name_in_any_order() -> None:
    columns, problems = find_columns(tuple(reversed(HEADER)), sheet="PSP")
    assert columns.index["paragraph"] == 7
    assert columns.index["psp"] == 3
    assert problems == []


def test_header_names_compare_without_case_or_surrounding_space() -> None:
    _, problems = find_columns(tuple(f"  {h.upper()} " for h in HEADER), sheet="PSP")
    assert problems == []


def test_renamed_column_is_used_and_reported() -> None:
    renamed = (
        "Paragraf",
        "Art",
        "Ejerforhold",
        "Malgruppe",
        "PSP element",
        "Gyldig fra",
        "Gyldig til",
    )
    columns, problems = find_columns(renamed, sheet="PSP")
    assert columns.index["target_group"] == 3
    assert [(p.row, p.column) for p in problems] == [(1, "D"), (1, "E")]
    assert "men skal være 'PSP-element'" in problems[1].message
    assert all(p.severity is Severity.WARNING for p in problems)


def test_missing_required_column_makes_the_workbook_unusable() -> None:
    with pytest.raises(MappingUnusable, match="ingen kolonne 'PSP-element'"):
        find_columns(tuple(h for h in HEADER if h != "PSP-element"), sheet="PSP")


def test_missing_remark_column_is_fine() -> None:
    columns, problems = find_columns(HEADER[:-1], sheet="PSP")
    assert "remark" not in columns.index
    assert problems == []


def test_columns_after_bemaerkning_are_the_admins_own_and_ignored() -> None:
    columns, problems = find_columns((*HEADER, "Fra", "Min note"), sheet="PSP")
    assert columns.index["valid_from"] == 5
    assert problems == []


def test_header_row_needs_most_of_the_column_names() -> None:
    assert is_header_row(HEADER)
    assert not is_header_row(("PSP-mapping 2026", None, None))
