"""Every PSP element the workbook names, against the ERP's list: unknown is an error, closed a
warning; each names the sheet, the rows and the PSP column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from robot.domain.certificates import CertificateRow, CertificateTable
from robot.domain.landlords import LandlordRow, LandlordTable
from robot.domain.plans import Cadence, PlanRow, PlanTable
from robot.domain.psp import MappingRow, MappingTable
from robot.mapping.problems import MappingReport, Severity, SheetLayout
from robot.mapping.psp_check import psp_element_problems

OPEN, CLOSED, UNKNOWN = "XG-5385010001-00007", "XG-5385010002-00001", "XG-5385010009-00001"
JAN_1 = date(2026, 1, 1)


def psp_row(psp: str, row: int) -> MappingRow:
    return MappingRow(
        paragraph="107",
        art="4.0",
        ownership="Privat",
        target_group=f"Gruppe {row}",
        psp=psp,
        sheet_row=row,
    )


def report() -> MappingReport:
    plan = PlanRow(
        supplier_cvr="29403473",
        receiver_ean="5798000012349",
        amount_from=Decimal("0.00"),
        amount_to=None,
        cadence=Cadence.MONTH,
        psp=CLOSED,
        line_text="Husleje",
        valid_from=JAN_1,
        valid_to=None,
        sheet_row=2,
    )
    fee = CertificateRow(
        certificate_type="LÆ 265",
        amount_from=Decimal("700.00"),
        amount_to=None,
        psp=OPEN,
        valid_from=JAN_1,
        valid_to=None,
        sheet_row=2,
    )
    landlord = LandlordRow(
        landlord_cvr="29403473",
        landlord_name="Fjordbo",
        psp=UNKNOWN,
        deviation_pct=None,
        valid_from=JAN_1,
        valid_to=None,
        sheet_row=3,
    )
    layouts = {
        "PSP": SheetLayout("PSP", {"psp": "E"}),
        "Betalingsplaner": SheetLayout("Betalingsplaner", {"psp": "F"}),
        "Lægeerklæringer": SheetLayout("Lægeerklæringer", {"psp": "D"}),
        "Udlejere": SheetLayout("Udlejere", {"psp": "C"}),
    }
    rows = [psp_row(OPEN, 2), psp_row(CLOSED, 3), psp_row(UNKNOWN, 4), psp_row(CLOSED, 7)]
    return MappingReport(
        MappingTable(rows),
        (),
        4,
        (),
        plans=PlanTable([plan]),
        certificates=CertificateTable([], [fee]),
        landlords=LandlordTable([landlord]),
        layouts=layouts,
    )


ERP = {OPEN: True, CLOSED: False, "XG-5385010009-00002": True}


def test_every_element_open_in_the_erp_is_fine() -> None:
    assert psp_element_problems(report(), {OPEN: True, CLOSED: True, UNKNOWN: True}) == []


def test_unknown_elements_are_errors_and_closed_ones_warnings_each_naming_its_rows() -> None:
    problems = psp_element_problems(report(), ERP)
    assert [(p.sheet, p.row, p.column, p.severity) for p in problems] == [
        ("PSP", 3, "E", Severity.WARNING),
        ("PSP", 4, "E", Severity.ERROR),
        ("Betalingsplaner", 2, "F", Severity.WARNING),
        ("Udlejere", 3, "C", Severity.ERROR),
    ]
    closed, unknown = problems[0], problems[1]
    assert closed.message.startswith(
        f"PSP-elementet {CLOSED} er lukket i ERP'et (rækkerne 3 og 7); ERP'et afviser en "
        "kontering på det"
    )
    assert unknown.message.startswith(f"ERP'et kender ikke PSP-elementet {UNKNOWN} (række 4)")
    assert unknown.message.endswith("(PSP_REJECTED). Kopiér elementet fra ERP'et")


def test_sheets_the_workbook_does_not_have_are_not_checked() -> None:
    only_psp = MappingReport(
        MappingTable([psp_row(UNKNOWN, 2)]),
        (),
        1,
        (),
        layouts={"PSP": SheetLayout("psp ", {"psp": "B"})},
    )
    [problem] = psp_element_problems(only_psp, {})
    assert (problem.sheet, problem.column) == ("psp ", "B")
