"""Writing a mapping workbook from rows, for tests, benchmarks and admins starting a new sheet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from robot.domain.certificates import CertificateRow, ReceiverRow
from robot.domain.landlords import LandlordRow
from robot.domain.plans import PlanRow
from robot.domain.psp import MappingRow
from robot.mapping.columns import (
    CERTIFICATE_SHEET,
    COLUMNS,
    LANDLORD_SHEET,
    PLAN_SHEET,
    RECEIVER_SHEET,
    SHEET_NAME,
    SheetSpec,
)

HEADERS = tuple(column.header for column in COLUMNS)
PLAN_HEADERS = PLAN_SHEET.headers
RECEIVER_HEADERS = RECEIVER_SHEET.headers
CERTIFICATE_HEADERS = CERTIFICATE_SHEET.headers
LANDLORD_HEADERS = LANDLORD_SHEET.headers
Row = Sequence[object]


def write_mapping_workbook(
    path: Path | str,
    rows: Iterable[MappingRow | Row],
    *,
    plans: Iterable[PlanRow | Row] | None = None,
    receivers: Iterable[ReceiverRow | Row] | None = None,
    certificates: Iterable[CertificateRow | Row] | None = None,
    landlords: Iterable[LandlordRow | Row] | None = None,
) -> Path:
    """Sheet ``PSP`` with the contract's header, and each optional sheet that is given; a row
    value fills its sheet's columns, a sequence is written as it is (for deliberate mistakes)."""
    # Not write-only mode: that leaves out the sheet's <dimension>, and without it openpyxl's
    # read-only reader scans the whole sheet once more before reading it (Excel writes it).
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(_psp_cells(row) if isinstance(row, MappingRow) else list(row))
    optional: list[tuple[SheetSpec, Iterable[Any] | None]] = [
        (PLAN_SHEET, plans),
        (RECEIVER_SHEET, receivers),
        (CERTIFICATE_SHEET, certificates),
        (LANDLORD_SHEET, landlords),
    ]
    for spec, given in optional:
        if given is not None:
            extra = workbook.create_sheet(spec.name)
            extra.append(spec.headers)
            for row in given:
                extra.append(_cells(row))
    target = Path(path)
    workbook.save(target)
    return target


def _cells(row: object) -> list[object]:
    if isinstance(row, PlanRow):
        return [
            row.supplier_cvr,
            row.receiver_ean,
            row.amount_from,
            row.amount_to,
            row.cadence.value,
            row.psp,
            row.line_text,
            row.valid_from,
            row.valid_to,
            "",
        ]
    if isinstance(row, ReceiverRow):
        return [row.ean, row.kind.value, ""]
    if isinstance(row, CertificateRow):
        return [
            row.certificate_type,
            row.amount_from,
            row.amount_to,
            row.psp,
            row.valid_from,
            row.valid_to,
            "",
        ]
    if isinstance(row, LandlordRow):
        return [
            row.landlord_cvr,
            row.landlord_name,
            row.psp,
            row.deviation_pct,
            row.valid_from,
            row.valid_to,
            "",
        ]
    assert isinstance(row, Sequence)
    return list(row)


def _psp_cells(row: MappingRow) -> list[object]:
    return [
        row.paragraph,
        row.art,
        row.ownership,
        row.target_group,
        row.psp,
        row.valid_from,
        row.valid_to,
        "",
    ]
