"""Reading cells: numbers typed where text was meant, art numbers, PSP elements and dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from robot.mapping.cells import CellError, read_art, read_date, read_psp, read_text


@pytest.mark.parametrize(
    ("value", "text"),
    [("Privat", "Privat"), ("  Privat ", "Privat"), (107, "107"), (107.0, "107"), (4.5, "4.5")],
)
def test_text_cell_reads_a_number_as_it_shows(value: object, text: str) -> None:
    assert read_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (4, "4.0"),
        (4.0, "4.0"),
        (4.5, "4.5"),
        (10, "10.0"),
        (4.25, "4.25"),
        ("4.0", "4.0"),
        ("4", "4"),
    ],
)
def test_art_typed_as_a_number_keeps_one_decimal(value: object, text: str) -> None:
    assert read_art(value) == text


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (True, "holds TRUE"),
        (datetime(2026, 10, 4), "holds a date (04.10.2026)"),
        ("#REF!", "Excel error #REF!"),
    ],
)
def test_text_cell_refuses_booleans_dates_and_excel_errors(value: object, said: str) -> None:
    with pytest.raises(CellError, match=said.replace("(", r"\(").replace(")", r"\)")):
        read_text(value)


def test_psp_cell_must_look_like_a_psp_element() -> None:
    assert read_psp(" XG-5385010001-00007 ") == "XG-5385010001-00007"
    with pytest.raises(CellError, match="does not look like a PSP element"):
        read_psp("5385010001")


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (None, None),
        ("", None),
        (datetime(2026, 1, 1, 0, 0), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2026, 1, 1)),
        ("2026-01-01", date(2026, 1, 1)),
        ("01.01.2026", date(2026, 1, 1)),
        ("31-12-2026", date(2026, 12, 31)),
    ],
)
def test_date_cell_reads_dates_and_dates_typed_as_text(value: object, day: date | None) -> None:
    assert read_date(value) == day


@pytest.mark.parametrize(
    ("value", "said"),
    [("31.02.2026", "is not a date"), ("næste år", "is not a date"), (46023, "the number 46023")],
)
def test_date_cell_refuses_what_is_not_a_date(value: object, said: str) -> None:
    with pytest.raises(CellError, match=said):
        read_date(value)
