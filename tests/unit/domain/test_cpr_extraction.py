"""CPR extraction from free text: where it is looked for, which shapes count, what is invalid."""

from __future__ import annotations

from datetime import date

import pytest

from robot.domain.cpr_extraction import (
    CprFinding,
    CprProblem,
    CprSource,
    cpr_shapes,
    find_line_cpr,
    mask_cprs,
)
from tests.builders import make_line

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("CPR 010190-1234", ["0101901234"]),
        ("cpr 0101901234", ["0101901234"]),
        ("cpr 010190 1234", ["0101901234"]),
        ("Ophold okt. (010190-1234) 31 dage", ["0101901234"]),
        ("cpr:0101901234.", ["0101901234"]),
        ("010190-1234 og 230485-1118", ["0101901234", "2304851118"]),
        ("010190-1234 / 0101901234", ["0101901234", "0101901234"]),
        ("kontonr 12340101901234", []),  # part of a longer run of digits
        ("010190-12345", []),
        ("010190  1234", []),  # two spaces: not a CPR shape
        ("Faktura 2026-4411, EAN 5798000000001", []),
        ("CPR 01.01.90-1234", ["0101901234"]),  # the date in dots, as people write dates
        ("(01.01.90-1234)", ["0101901234"]),
        ("01.10.26 1040,00 kr.", []),  # a dotted date then an amount: read only with the dash
        ("01.01.901234", []),
        ("1.1.90-1234", []),
        ("12.34.010190-1234", ["0101901234"]),  # a dotted non-date running into a CPR
        ("", []),
    ],
)
def test_cpr_shapes_with_or_without_dash_amid_other_text(text: str, found: list[str]) -> None:
    assert cpr_shapes(text) == found


def find(**line: str) -> CprFinding:
    buyer = line.pop("buyer", "")
    defaults = {"note": "", "item_name": "", "item_description": ""}
    return find_line_cpr(make_line(**(defaults | line)), buyer_reference=buyer, today=TODAY)


@pytest.mark.parametrize(
    ("fields", "source"),
    [
        ({"note": "CPR 010190-1234"}, CprSource.NOTE),
        ({"item_name": "Ophold 0101901234"}, CprSource.ITEM_NAME),
        ({"item_description": "borger 010190 1234"}, CprSource.ITEM_DESCRIPTION),
        ({"buyer": "010190-1234"}, CprSource.BUYER_REFERENCE),
        ({"note": "010190-1234", "buyer": "230485-1118"}, CprSource.NOTE),
    ],
)
def test_cpr_is_looked_for_in_note_item_name_description_then_buyer_reference(
    fields: dict[str, str], source: CprSource
) -> None:
    finding = find(**fields)
    assert finding.cpr == "0101901234"
    assert finding.source is source


def test_same_cpr_twice_on_a_line_is_fine() -> None:
    finding = find(note="CPR 010190-1234", item_description="0101901234")
    assert finding.cpr == "0101901234"


def test_two_different_cprs_on_a_line_is_invalid_cpr() -> None:
    finding = find(note="010190-1234 og 230485-1118")
    assert finding.cpr is None
    assert finding.problem is CprProblem.TWO_DIFFERENT


def test_two_different_cprs_in_different_fields_of_a_line_is_invalid_cpr() -> None:
    finding = find(note="010190-1234", item_description="230485-1118")
    assert finding.problem is CprProblem.TWO_DIFFERENT


def test_cpr_shaped_string_that_is_not_a_date_is_invalid_cpr() -> None:
    finding = find(note="CPR 320190-1234")
    assert finding.problem is CprProblem.NOT_A_DATE
    assert not finding.missing


def test_cpr_born_after_today_is_invalid_cpr() -> None:
    finding = find(note="CPR 011226-4234")
    assert finding.problem is CprProblem.BORN_AFTER_TODAY


def test_line_without_any_cpr_shape_and_no_buyer_reference_is_missing() -> None:
    finding = find(note="Ophold oktober", buyer="HAP-visitation")
    assert finding.missing


def test_buyer_reference_is_not_used_when_the_line_has_a_cpr_shape_even_an_invalid_one() -> None:
    finding = find(note="CPR 320190-1234", buyer="010190-1234")
    assert finding.problem is CprProblem.NOT_A_DATE


def test_finding_repr_never_shows_the_cpr() -> None:
    assert "0101901234" not in repr(find(note="010190-1234"))


def test_mask_cprs_hides_real_cprs_but_keeps_psp_elements_readable() -> None:
    masked = mask_cprs("borger 010190-1234 på XG-5385010001-00007")
    assert masked == "borger XXXXXX-XXXX på XG-5385010001-00007"
    assert mask_cprs("XG-5385010001", all_shapes=True) == "XG-XXXXXX-XXXX"


def test_a_cpr_with_the_date_in_dots_is_read_and_checked_like_any_other() -> None:
    assert find(note="Ophold oktober, CPR 01.01.90-1234").cpr == "0101901234"
    assert find(note="CPR 31.02.90-1234").problem is CprProblem.NOT_A_DATE
    assert find(note="01.01.90-1234 og 230485-1118").problem is CprProblem.TWO_DIFFERENT


@pytest.mark.parametrize(
    "written",
    ["01.01.90-1234", "01.01.90 1234", "01.01.90\u00a01234", "01.01.901234", "010190\u00a01234"],
)
def test_mask_cprs_hides_every_shape_it_reads_and_the_dotted_ones_it_does_not(
    written: str,
) -> None:
    assert mask_cprs(f"borger {written}.") == "borger XXXXXX-XXXX."


def test_mask_cprs_sees_a_cpr_that_a_dotted_non_date_runs_into() -> None:
    assert mask_cprs("12.34.010190-1234") == "12.34.XXXXXX-XXXX"
