"""The success-rate workbook finance follows up with: Danish sheets per run, billed month, way
of paying, code and supplier, the invoices failing again and again, and native charts."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart._chart import ChartBase
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from robot.reporting.charts import paid_and_manual_bars, share_chart
from robot.reporting.due import SHEET as DUE_SHEET
from robot.reporting.due import Waiting, write_due_sheet
from robot.reporting.excel import (
    COUNT,
    DATETIME,
    MONTH,
    PERCENT,
    Column,
    heading,
    list_sheet,
    printable,
    put,
    save_owner_only,
    set_widths,
    write_table,
)
from robot.reporting.figures import Figures
from robot.reporting.labels import code_meaning, outcome_label, route_label

GOAL = 0.5  # the process owners' goal: over half of the bills paid automatically
TITLE = "Robottens succesrate"
Spec = Sequence[tuple[Column, str]]

_COUNTS: Spec = (
    (Column("Fakturaer", 11, COUNT), "invoices"),
    (Column("Betalt automatisk", 11, COUNT), "paid"),
    (Column("Manuel behandling", 11, COUNT), "manual"),
    (Column("Bogført, betaling registreres af en person", 14, COUNT), "needs_person"),
    (Column("Efterladt efter systemfejl", 11, COUNT), "failed"),
    (Column("Andel betalt automatisk", 11, PERCENT), "share"),
)
_RUNS: Spec = (
    (Column("Kørsel", 24), "run_id"),
    (Column("Startet", 16, DATETIME), "started"),
    (Column("Kørselsmåned", 11, MONTH), "run_month"),
    *_COUNTS,
    (Column("Sendt tilbage", 10, COUNT), "came_back"),
)
_MONTHS: Spec = (
    (Column("Faktureret måned", 11, MONTH), "billed_month"),
    (Column("Kørselsmåned", 11, MONTH), "run_month"),
    *_COUNTS,
)
_ROUTES: Spec = ((Column("Betalingsmåde", 18), "route"), *_COUNTS)
_SUPPLIERS: Spec = (
    (Column("CVR", 10), "supplier_cvr"),
    (Column("Leverandør", 30, wrap=True), "supplier_name"),
    *_COUNTS,
    (Column("Hyppigste kode", 26), "top_code"),
)
_FAULTS: Spec = (
    (Column("ERP-id", 12), "erp_id"),
    (Column("Faktura", 22, wrap=True), "invoice_key"),
    (Column("Leverandør", 26, wrap=True), "supplier_name"),
    (Column("Kørsler med systemfejl", 11, COUNT), "runs"),
    (Column("Første", 16, DATETIME), "first"),
    (Column("Seneste", 16, DATETIME), "last"),
    (Column("Seneste fejl", 50, wrap=True), "last_error"),
    (Column("Afgjort siden", 22, wrap=True), "settled"),
)


def write_success_workbook(
    path: Path, figures: Figures, *, waiting: Sequence[Waiting] = ()
) -> Path:
    """Write the workbook (readable by its owner only) and return its path; `waiting`: what
    is in manual handling now, by due date."""
    book = Workbook()
    overview = book.active
    assert overview is not None
    overview.title = "Oversigt"
    runs = book.create_sheet("Pr. kørsel")
    _list(runs, _RUNS, figures.runs)
    if chart := share_chart(
        runs,
        header_row=1,
        rows=len(figures.runs),
        first_col=9,
        last_col=9,
        title="Andel betalt automatisk pr. kørsel",
    ):
        runs.add_chart(chart, "A" + str(len(figures.runs) + 4))
    _list(book.create_sheet("Pr. måned"), _MONTHS, figures.months)
    routes = book.create_sheet("Pr. betalingsmåde")
    over_time = _routes_sheet(routes, figures)
    _codes_sheet(book.create_sheet("Pr. kode"), figures)
    _codes_by_month_sheet(book.create_sheet("Koder pr. måned"), figures.codes_by_month)
    _list(book.create_sheet("Pr. leverandør"), _SUPPLIERS, figures.suppliers)
    faults = figures.repeated_faults
    faults = faults.assign(settled=faults.settled.map(lambda o: outcome_label(o) if o else ""))
    _list(book.create_sheet("Gentagne fejl"), _FAULTS, faults)
    if waiting:
        write_due_sheet(book.create_sheet(DUE_SHEET), waiting, title=TITLE)
    _overview(overview, figures, _overview_chart(routes, figures, over_time))
    return save_owner_only(book, path)


def _overview(sheet: Worksheet, figures: Figures, chart: ChartBase | None) -> None:
    facts = figures.facts
    heading(sheet, 1, TITLE, size=14)
    rows: list[tuple[str, Any, str | None]] = [
        ("Kørsler i opgørelsen", facts.real_runs, COUNT),
        ("Prøvekørsler (ikke med)", facts.dry_runs, COUNT),
        ("Første kørsel", facts.first_run, DATETIME),
        ("Seneste kørsel", facts.last_run, DATETIME),
        ("Fakturaer (hver tælles én gang)", facts.invoices, COUNT),
        ("Betalt automatisk", facts.paid, COUNT),
        ("Andel betalt automatisk", facts.share, PERCENT),
        ("Mål for andel betalt automatisk", GOAL, PERCENT),
        ("Sendt tilbage til robotten", facts.came_back, COUNT),
        ("Heraf betalt af robotten bagefter", facts.came_back_paid, COUNT),
        ("Huslejetræk registreret og betalt", facts.deductions, COUNT),
    ]
    for offset, (label, value, number_format) in enumerate(rows, start=3):
        put(sheet.cell(row=offset, column=1), label)
        sheet.cell(row=offset, column=1).font = Font(bold=True)
        put(sheet.cell(row=offset, column=2), value, number_format=number_format)
    note = sheet.cell(row=len(rows) + 4, column=1)
    put(
        note,
        "Hver faktura tælles én gang, efter robottens første afgørelse (betalt, manuel behandling "
        "eller bogført med betalingen til en person). En faktura, som en person har sendt "
        "tilbage, tæller derfor som manuel, også når robotten betalte den bagefter. Arket "
        "Pr. kørsel tæller alt, hver kørsel gjorde. Prøvekørsler er ikke med.",
    )
    note.alignment = Alignment(wrap_text=True, vertical="top")
    note.font = Font(italic=True)
    sheet.merge_cells(start_row=note.row, start_column=1, end_row=note.row + 3, end_column=2)
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 20
    if chart is not None:
        sheet.add_chart(chart, "D3")
    printable(sheet, title=TITLE)


def _overview_chart(routes: Worksheet, figures: Figures, over_time: int) -> ChartBase | None:
    """The share over billed months once the runs span two months or more; before that
    (after one run, say) paid and manual side by side per way of paying."""
    months = len(figures.route_months)
    if months >= 2 and figures.runs.run_month.nunique() >= 2:
        return share_chart(
            routes,
            header_row=over_time,
            rows=months,
            first_col=2,
            last_col=len(figures.route_months.columns),
            title="Andel betalt automatisk pr. faktureret måned",
        )
    return paid_and_manual_bars(
        routes,
        header_row=1,
        rows=len(figures.routes),
        paid_col=3,
        title="Betalt automatisk og manuel behandling pr. betalingsmåde",
    )


def _routes_sheet(sheet: Worksheet, figures: Figures) -> int:
    """The counts per way of paying, and below them the share per billed month (whose header
    row is returned, for the chart)."""
    routes = figures.routes.assign(route=figures.routes.route.map(route_label))
    last = _list(sheet, _ROUTES, routes)
    top = last + 3
    heading(sheet, top - 1, "Andel betalt automatisk pr. faktureret måned")
    frame = figures.route_months
    shares = [c for c in frame.columns if c != "billed_month"]
    spec: list[tuple[Column, str]] = [(Column("Faktureret måned", 18, MONTH), "billed_month")]
    spec += [(Column("I alt" if c == "all" else route_label(c), 11, PERCENT), c) for c in shares]
    write_table(sheet, [c for c, _ in spec], _records(frame, spec), top=top)
    set_widths(sheet, [c for c, _ in spec])
    return top


def _codes_sheet(sheet: Worksheet, figures: Figures) -> None:
    frame = figures.codes.assign(meaning=figures.codes.code.map(code_meaning))
    routes = [c for c in frame.columns if c not in ("code", "invoices", "share", "meaning")]
    spec: list[tuple[Column, str]] = [
        (Column("Kode", 26), "code"),
        (Column("Betydning", 44, wrap=True), "meaning"),
        (Column("Fakturaer", 11, COUNT), "invoices"),
        (Column("Andel af manuelle", 11, PERCENT), "share"),
    ]
    spec += [(Column(route_label(r), 13, COUNT), r) for r in routes]
    _list(sheet, spec, frame)


def _codes_by_month_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    spec: list[tuple[Column, str]] = [(Column("Faktureret måned", 11, MONTH), "billed_month")]
    spec += [(Column(str(c), 14, COUNT), str(c)) for c in frame.columns if c != "billed_month"]
    _list(sheet, spec, frame)


def _list(sheet: Worksheet, spec: Spec, frame: pd.DataFrame) -> int:
    return list_sheet(sheet, [c for c, _ in spec], _records(frame, spec), title=TITLE)


def _records(frame: pd.DataFrame, spec: Spec) -> Iterator[list[Any]]:
    for record in frame.to_dict("records"):
        yield [_value(record.get(key), column) for column, key in spec]


def _value(value: Any, column: Column) -> Any:
    """A plain Python value for a cell: months as dates, blanks for missing numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if column.number_format == MONTH:
        return date(int(value[:4]), int(value[5:7]), 1) if value else None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value
