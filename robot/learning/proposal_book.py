"""The workbook `robot suggest-plans` writes: `Forslag`, one proposed row per supplier and
receiver with exactly the `Betalingsplaner` columns (contract section 8), so an admin copies a
row as it is, then the evidence; and `Ikke foreslået`, every other pair with its reason."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from robot.domain.formatting import format_date
from robot.learning.proposals import LeftOut, Proposal, Review
from robot.learning.reasons import Reason
from robot.mapping.columns import PLAN_SHEET
from robot.reporting.excel import AMOUNT, COUNT, DATE, PERCENT, Column, list_sheet, save_owner_only

SHEET = "Forslag"
LEFT_OUT_SHEET = "Ikke foreslået"
_WIDTHS = {  # the Betalingsplaner columns, by contract name
    "Leverandør-CVR": (11, None),
    "Modtager-EAN": (15, None),
    "Beløb fra": (12, AMOUNT),
    "Beløb til": (12, AMOUNT),
    "Kadence": (9, None),
    "PSP-element": (21, None),
    "Linjetekst": (34, None),
    "Gyldig fra": (11, DATE),
    "Gyldig til": (11, DATE),
    "Bemærkning": (20, None),
}
PLAN_COLUMNS = tuple(
    Column(header, _WIDTHS[header][0], _WIDTHS[header][1]) for header in PLAN_SHEET.headers
)
EVIDENCE_COLUMNS = (
    Column("Antal", 7, COUNT),
    Column("Første", 11, DATE),
    Column("Seneste", 11, DATE),
    Column("Beløb min", 12, AMOUNT),
    Column("Beløb median", 12, AMOUNT),
    Column("Beløb maks", 12, AMOUNT),
    Column("Andel på PSP-elementet", 11, PERCENT),
    Column("Manglende perioder", 10, COUNT),
)
LEFT_OUT_COLUMNS = (
    Column("Leverandør-CVR", 11),
    Column("Leverandør", 30, wrap=True),
    Column("Modtager-EAN", 15),
    Column("Fakturaer", 9, COUNT),
    Column("Grund", 24, wrap=True),
    Column("Forklaring", 60, wrap=True),
)


def proposal_row(p: Proposal) -> list[object]:
    """The row as the `Betalingsplaner` sheet takes it (CVR and EAN as text, dates as dates),
    then the evidence."""
    e = p.evidence
    plan: list[object] = [
        p.supplier_cvr,
        p.receiver_ean,
        p.amount_from,
        p.amount_to,
        p.cadence.value,
        p.psp,
        p.line_text,
        p.valid_from,
        None,
        p.remark,
    ]
    evidence = [e.count, e.first, e.last, e.lowest, e.median, e.highest, e.share, e.missing]
    return [*plan, *evidence]


def _left_out_row(item: LeftOut) -> list[object]:
    return [
        item.supplier_cvr,
        item.supplier_name,
        item.receiver_ean,
        item.invoices,
        item.reason.danish,
        item.detail,
    ]


def write_proposal_workbook(
    path: Path, review: Review, *, today: date, since: date, until: date
) -> Path:
    """Saved owner-only; proposals in CVR and EAN order, the pairs left out by reason."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    span = f"{format_date(since)}–{format_date(until)}"
    list_sheet(
        sheet,
        (*PLAN_COLUMNS, *EVIDENCE_COLUMNS),
        [proposal_row(p) for p in review.proposals],
        title=f"Forslag til betalingsplaner {format_date(today)} (bogført {span})",
    )
    order = {reason: n for n, reason in enumerate(Reason)}
    ordered: Sequence[LeftOut] = sorted(
        review.left_out, key=lambda i: (order[i.reason], i.supplier_cvr, i.receiver_ean)
    )
    list_sheet(
        book.create_sheet(LEFT_OUT_SHEET),
        LEFT_OUT_COLUMNS,
        [_left_out_row(item) for item in ordered],
        title=f"Leverandører og modtagere, der ikke foreslås {format_date(today)}",
    )
    return save_owner_only(book, path)
