"""Reading cells: numbers typed where text was meant, art numbers, PSP elements and dates."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest

from robot.mapping.cells import (
    CellError,
    read_amount,
    read_art,
    read_cvr,
    read_date,
    read_ean,
    read_psp,
    read_text,
)


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
        (True, "indeholder SAND"),
        (datetime(2026, 10, 4), "indeholder en dato (04.10.2026)"),
        ("#REF!", "Excel-fejlen #REF!"),
    ],
)
def test_text_cell_refuses_booleans_dates_and_excel_errors(value: object, said: str) -> None:
    with pytest.raises(CellError, match=said.replace("(", r"\(").replace(")", r"\)")):
        read_text(value)


def test_psp_cell_must_look_like_a_psp_element() -> None:
    assert read_psp(" XG-5385010001-00007 ") == "XG-5385010001-00007"
    with pytest.raises(CellError, match="ligner ikke et PSP-element"):
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
    [("31.02.2026", "er ikke en dato"), ("næste år", "er ikke en dato"), (46023, "tallet 46023")],
)
def test_date_cell_refuses_what_is_not_a_date(value: object, said: str) -> None:
    with pytest.raises(CellError, match=said):
        read_date(value)


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("9000,00", "9000.00"),
        ("9.000,00", "9000.00"),
        ("9000.00", "9000.00"),
        ("9.000", "9000.00"),  # a dot before three digits separates thousands, as in Danish
        ("9.5", "9.50"),
        ("1.234.567,8", "1234567.80"),
        (" kr. 9 000,00 ", "9000.00"),
        ("11.000 kr.", "11000.00"),
        (9000, "9000.00"),
        (9000.5, "9000.50"),
        (0.1 + 0.2, "0.30"),  # a float's tail from a formula
    ],
)
def test_amount_cell_reads_numbers_and_danish_or_point_decimal_text(
    value: object, amount: str
) -> None:
    assert read_amount(value) == Decimal(amount)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("-5", "er negativt (-5)"),
        ("\u22129.000,00", "er negativt (-9000,00)"),
        ("1,234.56", "'1,234.56' er ikke et beløb"),
        ("ni tusind", "'ni tusind' er ikke et beløb"),
        (9000.125, "har flere end to decimaler (9000,125)"),
        (True, "indeholder SAND, ikke et beløb"),
        (date(2026, 1, 1), "indeholder en dato (01.01.2026), ikke et beløb"),
    ],
)
def test_amount_cell_refuses_what_is_not_an_amount_in_kroner_and_ore(
    value: object, said: str
) -> None:
    with pytest.raises(CellError, match=re.escape(said)):
        read_amount(value)


@pytest.mark.parametrize("value", ["29403473", "DK29403473", "dk 29 40 34 73", 29403473])
def test_cvr_cell_reads_eight_digits_with_or_without_dk(value: object) -> None:
    assert read_cvr(value) == "29403473"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("29403474", "kontrollen med modulus 11 passer ikke"),
        ("02940347", "er ikke et CVR-nummer (8 cifre, det første ikke 0)"),
        ("2940347", "er ikke et CVR-nummer"),
        ("２９４０３４７３", "er ikke et CVR-nummer"),  # fullwidth digits
    ],
)
def test_cvr_cell_refuses_a_number_failing_its_checks(value: object, said: str) -> None:
    with pytest.raises(CellError, match=re.escape(said)):
        read_cvr(value)


@pytest.mark.parametrize("value", ["5798000012349", "579 8000 01234 9", 5798000012349.0])
def test_ean_cell_reads_thirteen_digits(value: object) -> None:
    assert read_ean(value) == "5798000012349"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("5798000012345", "kontrolcifferet passer ikke"),
        ("579800001234", "er ikke et EAN-nummer (13 cifre)"),
        ("57980000123490", "er ikke et EAN-nummer (13 cifre)"),
    ],
)
def test_ean_cell_refuses_a_number_failing_its_checks(value: object, said: str) -> None:
    with pytest.raises(CellError, match=re.escape(said)):
        read_ean(value)
