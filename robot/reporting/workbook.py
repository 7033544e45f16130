"""The success-rate workbook: rates per run and month as native Excel charts, and where to work."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from robot.reporting.figures import Figures, Tally
from robot.run.excel import write_table

GOAL = 0.5  # the process owners' goal: over half of the bills paid automatically


def _tally_sheet(sheet: Worksheet, first: str, tallies: list[Tally]) -> None:
    write_table(
        sheet,
        [
            first,
            "Invoices",
            "Paid automatically",
            "Manual",
            "Left after faults",
            "Share paid",
            "Goal",
        ],
        [
            (
                t.label,
                t.invoices,
                t.counts["paid"],
                t.counts["manual"],
                t.counts["failed"],
                round(t.paid_share, 4),
                GOAL,
            )
            for t in tallies
        ],
    )
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "0%"


def _share_chart(sheet: Worksheet, title: str, rows: int) -> None:
    if rows == 0:
        return
    chart = LineChart()
    chart.title = title
    chart.y_axis.title = "Share paid automatically"
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    data = Reference(sheet, min_col=6, max_col=7, min_row=1, max_row=rows + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows + 1))
    chart.height, chart.width = 9, 22
    sheet.add_chart(chart, "I2")


def _codes_sheet(sheet: Worksheet, figures: Figures) -> None:
    codes = sorted({c for counter in figures.codes_by_month.values() for c in counter})
    write_table(
        sheet,
        ["Month", *codes],
        [
            (month, *(counter[c] for c in codes))
            for month, counter in figures.codes_by_month.items()
        ],
    )
    if not codes or not figures.codes_by_month:
        return
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = "Why invoices went to manual handling, per month"
    months = len(figures.codes_by_month)
    chart.add_data(
        Reference(sheet, min_col=2, max_col=len(codes) + 1, min_row=1, max_row=months + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=months + 1))
    chart.height, chart.width = 10, 24
    sheet.add_chart(chart, f"A{months + 4}")


def write_success_workbook(path: Path, figures: Figures) -> Path:
    book = Workbook()
    runs = book.active
    assert runs is not None
    runs.title = "Per run"
    _tally_sheet(runs, "Run", figures.runs)
    _share_chart(runs, "Share paid automatically per run", len(figures.runs))
    months = book.create_sheet("Per month")
    _tally_sheet(months, "Month", figures.months)
    _share_chart(months, "Share paid automatically per month", len(figures.months))
    _codes_sheet(book.create_sheet("Codes over time"), figures)
    total = sum(n for _, n in figures.top_codes) or 1
    write_table(
        book.create_sheet("Top reasons"),
        ["Code", "Invoices", "Share of manual"],
        [(code, n, round(n / total, 4)) for code, n in figures.top_codes],
    )
    write_table(
        book.create_sheet("Suppliers"),
        ["Supplier CVR", "Invoices to manual handling", "Most common code"],
        figures.top_suppliers,
    )
    write_table(
        book.create_sheet("Repeated faults"),
        ["ERP id", "Invoice", "Runs with a system fault", "Last error"],
        figures.repeated_faults,
    )
    book.save(path)
    path.chmod(0o600)
    return path
