"""The PSP lookup: the grant's key among rows valid on the period's first day; exactly one."""

from __future__ import annotations

from datetime import date

import pytest

from robot.domain.psp import MappingKey, MappingTable, normalize_key_part
from tests.builders import make_row

KEY = MappingKey("107", "4.0", "Privat", "Udviklingshæmmede")


@pytest.mark.parametrize(
    ("written", "normal"),
    [("107", "107"), ("§107", "107"), ("§ 107 ", "107"), (" PRIVAT ", "privat"), ("STU", "stu")],
)
def test_keys_compare_without_case_surrounding_space_or_leading_section_sign(
    written: str, normal: str
) -> None:
    assert normalize_key_part(written) == normal


def test_lookup_finds_a_row_written_differently_from_the_grant() -> None:
    row = make_row(paragraph="§107", ownership=" privat ", target_group="UDVIKLINGSHÆMMEDE")
    assert MappingTable([row]).lookup(KEY, date(2026, 10, 1)) == [row]


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "day", "found"),
    [
        (None, None, date(2026, 10, 1), True),  # blank dates are open
        (date(2026, 1, 1), None, date(2026, 1, 1), True),
        (date(2026, 1, 1), None, date(2025, 12, 31), False),
        (date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1), False),
        (date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31), True),
    ],
)
def test_lookup_uses_rows_valid_on_the_day(
    valid_from: date | None, valid_to: date | None, day: date, found: bool
) -> None:
    table = MappingTable([make_row(valid_from=valid_from, valid_to=valid_to)])
    assert bool(table.lookup(KEY, day)) is found


def test_new_year_row_replaces_the_old_one_by_validity() -> None:
    old = make_row(psp="XG-1111111111-00001", valid_to=date(2026, 12, 31), sheet_row=2)
    new = make_row(psp="XG-2222222222-00001", valid_from=date(2027, 1, 1), sheet_row=3)
    table = MappingTable([old, new])
    assert table.lookup(KEY, date(2026, 12, 1)) == [old]
    assert table.lookup(KEY, date(2027, 1, 1)) == [new]


def test_lookup_returns_every_overlapping_row_so_the_caller_sees_ambiguity() -> None:
    table = MappingTable([make_row(sheet_row=2), make_row(psp="XG-2222222222-00001", sheet_row=3)])
    assert len(table.lookup(KEY, date(2026, 10, 1))) == 2


def test_table_remembers_rows_for_a_key_that_could_not_be_used() -> None:
    table = MappingTable(
        [], rejected=[(MappingKey("§107", "4.0", "privat", "Udviklingshæmmede"), 7)]
    )
    assert table.rejected_rows(KEY) == (7,)
    assert table.lookup(KEY, date(2026, 10, 1)) == []
