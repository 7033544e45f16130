"""The systems a run logs in to follow the workbook's ways to pay: the benefits system only when
the `Modtagere` sheet keeps an EAN for rent, so a workbook from before rent (and a bundle with no
benefits data) needs no benefits login."""

from __future__ import annotations

from robot.domain.systems import System
from robot.domain.ways.table import systems_for
from tests.builders import (
    CERTIFICATE_EAN,
    RENT_EAN,
    make_book,
    make_certificate_row,
    make_plan_row,
    rent_book,
)


def test_a_workbook_without_rent_receivers_needs_only_the_erp_and_the_case_system() -> None:
    book = make_book(
        plans=[make_plan_row()],
        certificates=[make_certificate_row()],
        certificate_eans=[CERTIFICATE_EAN],
    )
    assert systems_for(book) == {System.ERP, System.CASE}


def test_a_rent_receiver_in_the_workbook_adds_the_benefits_system() -> None:
    assert systems_for(rent_book()) == {System.ERP, System.CASE, System.BENEFITS}


def test_a_certificate_receiver_is_not_a_rent_receiver() -> None:
    book = make_book(certificate_eans=[RENT_EAN])
    assert System.BENEFITS not in systems_for(book)
