"""The run report finance opens in Excel: an overview, a row per invoice, the invoices that came
back, those a person must act on, and the mapping workbook's problems; all in Danish."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from robot.domain.ways.table import way_of
from robot.journal.model import Outcome, OutcomeKind, Route
from robot.privacy import mask_cpr
from robot.reporting.due import SHEET as DUE_SHEET
from robot.reporting.due import in_manual_by_due_date, write_due_sheet
from robot.reporting.excel import AMOUNT, DATE, MONTH, Column, list_sheet, save_owner_only
from robot.reporting.labels import outcome_label, route_label
from robot.reporting.run_overview import write_overview

_INVOICE_COLUMNS = (
    Column("ERP-id", 11),
    Column("Faktura", 20),
    Column("Leverandør", 22, wrap=True),
    Column("CVR", 9),
    Column("Betalingsmåde", 13),
    Column("Udfald", 18, wrap=True),
    Column("Kode", 20, wrap=True),
    Column("Bevilling / plan / bestilling", 13, wrap=True),
    Column("PSP-element", 20, wrap=True),
    Column("Beløb", 12, AMOUNT),
    Column("Valuta", 6, centre=True),
    Column("Periode fra", 10.5, DATE, centre=True),
    Column("Periode til", 10.5, DATE, centre=True),
    Column("Faktureret måned", 9, MONTH, centre=True),
    Column("Bilag", 9),
    Column("Sendt tilbage", 7, centre=True),
    Column("Note / bemærkning", 45, wrap=True),
    Column("Fejl", 22, wrap=True),
)
_CAME_BACK_COLUMNS = (
    Column("ERP-id", 12),
    Column("Faktura", 20, wrap=True),
    Column("Leverandør", 24, wrap=True),
    Column("Betalingsmåde", 14),
    Column("Det blev til", 22, wrap=True),
    Column("Kode", 22, wrap=True),
    Column("Beløb", 13, AMOUNT),
    Column("Valuta", 6, centre=True),
    Column("Bilag", 11),
    Column("Note / bemærkning", 70, wrap=True),
)
_ACTION_COLUMNS = (
    Column("ERP-id", 12),
    Column("Faktura", 20, wrap=True),
    Column("Leverandør", 24, wrap=True),
    Column("Udfald", 22, wrap=True),
    Column("Hvad skal gøres", 50, wrap=True),
    Column("Bevilling / plan / bestilling", 14, wrap=True),
    Column("Beløb", 13, AMOUNT),
    Column("Valuta", 6, centre=True),
    Column("Bilag", 11),
    Column("Fejl", 45, wrap=True),
)
NEEDS_ACTION = (OutcomeKind.NEEDS_PERSON, OutcomeKind.FAILED)


def write_run_report(
    path: Path,
    *,
    outcomes: Sequence[Outcome],
    run_info: Sequence[tuple[str, str]],
    mapping_problems: Sequence[str] = (),
    today: date | None = None,
) -> Path:
    """Write the report workbook (readable by its owner only) and return its path."""
    outcomes = [_masked(o) for o in outcomes]
    run_info = [(label, mask_cpr(value)) for label, value in run_info]
    title = _title(run_info)
    book = Workbook()
    overview = book.active
    assert overview is not None
    overview.title = "Oversigt"
    write_overview(overview, outcomes=outcomes, run_info=run_info, title=title)
    ordered = sorted(outcomes, key=lambda o: o.erp_id)
    list_sheet(
        book.create_sheet("Fakturaer"), _INVOICE_COLUMNS, map(_invoice_row, ordered), title=title
    )
    if came_back := [o for o in ordered if o.came_back]:
        list_sheet(
            book.create_sheet("Sendt tilbage"),
            _CAME_BACK_COLUMNS,
            map(_came_back_row, came_back),
            title=title,
        )
    if needs := [o for o in ordered if o.outcome in NEEDS_ACTION]:
        list_sheet(
            book.create_sheet("Kræver handling"),
            _ACTION_COLUMNS,
            map(_action_row, needs),
            title=title,
        )
    if today is not None and (waiting := in_manual_by_due_date(ordered, today=today)):
        write_due_sheet(book.create_sheet(DUE_SHEET), waiting, title=title)
    if mapping_problems:
        list_sheet(
            book.create_sheet("Mappingproblemer"),
            (Column("Problem i mappingarket", 120, wrap=True),),
            ((p,) for p in mapping_problems),
            title=title,
        )
    return save_owner_only(book, path)


def _masked(o: Outcome) -> Outcome:
    """The texts masked as the journal keeps them: a CPR-shaped number in an invoice's own
    texts (its number, the supplier's name, an error quoting it) becomes its tag."""
    return replace(
        o,
        invoice_key=mask_cpr(o.invoice_key),
        supplier_name=mask_cpr(o.supplier_name),
        references=mask_cpr(o.references),
        note=mask_cpr(o.note),
        error=mask_cpr(o.error),
    )


def _title(run_info: Sequence[tuple[str, str]]) -> str:
    facts = dict(run_info)
    dry = " (prøvekørsel)" if facts.get("Prøvekørsel") == "ja" else ""
    run = facts.get("Kørsel", "")
    return f"Kørselsrapport {run}{dry}".strip()


def billed_month(o: Outcome) -> date | None:
    return o.period_start.replace(day=1) if o.period_start else None


def _invoice_row(o: Outcome) -> tuple[object, ...]:
    return (
        o.erp_id,
        o.invoice_key,
        o.supplier_name,
        o.supplier_cvr,
        route_label(o.route),
        outcome_label(o.outcome),
        o.code or "",
        o.references,
        o.psp,
        o.amount,
        o.currency if o.amount is not None else "",
        o.period_start,
        o.period_end,
        billed_month(o),
        o.voucher,
        "ja" if o.came_back else "",
        o.note,
        o.error,
    )


def _came_back_row(o: Outcome) -> tuple[object, ...]:
    return (
        o.erp_id,
        o.invoice_key,
        o.supplier_name,
        route_label(o.route),
        outcome_label(o.outcome),
        o.code or "",
        o.amount,
        o.currency,
        o.voucher,
        o.note or o.error,
    )


def _action_row(o: Outcome) -> tuple[object, ...]:
    return (
        o.erp_id,
        o.invoice_key,
        o.supplier_name,
        outcome_label(o.outcome),
        what_to_do(o),
        o.references,
        o.amount,
        o.currency,
        o.voucher,
        o.error,
    )


def what_to_do(o: Outcome) -> str:
    """The person's task, in plain Danish: what the way to pay leaves for a person to do."""
    if o.outcome is OutcomeKind.NEEDS_PERSON:
        posted = (
            f"Fakturaen er bogført (bilag {o.voucher})"
            if o.voucher
            else "Fakturaen er ikke bogført"
        )
        task = way_of(o.route or Route.GRANT).register_by_hand or "gør betalingen færdig{refs}"
        refs = f" {o.references}" if o.references else ""
        text = task.format(refs=refs)
        return f"{posted}. {text[:1].upper()}{text[1:]}."
    return (
        "Intet lige nu: fakturaen er urørt og tages med i næste kørsel. Efterlades den igen, "
        "så se skærmbillederne i kørselsmappen og giv besked til systemets ejer."
    )
