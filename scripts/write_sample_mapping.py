"""Writes mappings/psp_mapping.xlsx, the sample workbook that covers the demo data.

The PSP rows, the certificate receivers and fees come from the same fixed chart the bundle
generator uses (fake_systems/scenarios/catalogue.py); a test checks the committed workbook
still matches it. The ``Betalingsplaner`` rows, the rent receiver and the ``Udlejere`` rows are
the examples of mappings/README.md. Run it again after changing either:
`.venv/bin/python scripts/write_sample_mapping.py`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from fake_systems.scenarios.catalogue import (
    CERTIFICATE_RECEIVERS,
    CERTIFICATE_TYPES,
    mapping_rows,
)
from fake_systems.scenarios.mapping_sheet import write_mapping
from robot.mapping.columns import (
    CERTIFICATE_SHEET,
    LANDLORD_SHEET,
    PLAN_SHEET,
    RECEIVER_SHEET,
    SheetSpec,
)

SAMPLE = Path(__file__).resolve().parents[1] / "mappings" / "psp_mapping.xlsx"
SAMPLE_YEAR = 2026
JAN_1 = date(SAMPLE_YEAR, 1, 1)
# The demo invoices' ordinary receiver is 5798000000001: none of these EANs may be it.
PLANS: list[list[object]] = [
    [
        "29403473", "5798000012349", Decimal("9000.00"), Decimal("11000.00"), "måned",
        "XG-5386100001-00026", "Husleje Kastanjehaven", JAN_1, None, "lejekontrakt 2024",
    ],
    [
        "25313763", "5798000012349", None, Decimal("25000.00"), "kvartal",
        "XG-5386200001-00026", "Rengøring Kastanjehaven", JAN_1, None, "",
    ],
    [
        "10150817", "5798000000032", Decimal("4000.00"), Decimal("6000.00"), "år",
        "XG-5386600001-00026", "Abonnement fagsystem", JAN_1, date(2026, 12, 31), "opsagt",
    ],
]  # fmt: skip
RENT_RECEIVER = "5798000000049"  # the jobcentre's EAN for rent invoices (husleje)
RECEIVERS: list[list[object]] = [
    *(list[object]([ean, "lægeerklæring", remark]) for ean, remark in CERTIFICATE_RECEIVERS),
    [RENT_RECEIVER, "husleje", "Jobcentret: husleje for borgere på ydelse"],
]
# Approved landlords (Udlejere): blank Afvigelse % allows 10 %; the second allows 15 %.
LANDLORDS: list[list[object]] = [
    [
        "29403473", "Boligselskabet Fjordbo", "XG-5387100001-00026", None, JAN_1, None,
        "rammeaftale 2026",
    ],
    [
        "31000017", "Andelsboligforeningen Solgården", "XG-5387100002-00026", 15, JAN_1, None,
        "varme afregnes kvartalsvis",
    ],
]  # fmt: skip
CERTIFICATES: list[list[object]] = [
    [kind.name, kind.fee_from, kind.fee_to, kind.psp(SAMPLE_YEAR), JAN_1, None, ""]
    for kind in CERTIFICATE_TYPES
]
WIDTH = {
    "Linjetekst": 26,
    "Bemærkning": 28,
    "Modtager-EAN": 16,
    "EAN": 16,
    "PSP-element": 22,
    "Udlejer": 32,
}


def add_sheet(path: Path, spec: SheetSpec, rows: list[list[object]]) -> None:
    """The sheet after the PSP sheet (before the admins' ``Noter``), as an admin would keep it."""
    book = load_workbook(path)
    sheet = book.create_sheet(spec.name, index=len(book.sheetnames) - 1)
    sheet.append(list(spec.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for number, header in enumerate(spec.headers, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = WIDTH.get(header, 14)
        for cell in sheet[letter][1:]:
            if header.startswith("Gyldig"):
                cell.number_format = "yyyy-mm-dd"
            elif header.startswith("Beløb"):
                cell.number_format = "#,##0.00"
            elif header == "Afvigelse %":
                cell.number_format = "General"  # 15 is 15 %; blank is 10 %
            else:
                cell.number_format = "@"  # text: CVR and EAN keep their digits as typed
    sheet.freeze_panes = "A2"
    book.save(path)


if __name__ == "__main__":
    write_mapping(SAMPLE, mapping_rows(SAMPLE_YEAR))
    add_sheet(SAMPLE, PLAN_SHEET, PLANS)
    add_sheet(SAMPLE, RECEIVER_SHEET, RECEIVERS)
    add_sheet(SAMPLE, CERTIFICATE_SHEET, CERTIFICATES)
    add_sheet(SAMPLE, LANDLORD_SHEET, LANDLORDS)
    print(f"wrote {SAMPLE}")
