"""The success-rate workbook's native Excel charts, each chosen by how many points it has: a
line needs two, so one point is a bar."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart._chart import ChartBase
from openpyxl.worksheet.worksheet import Worksheet

from robot.reporting.excel import PERCENT


def _axes(chart: ChartBase, *, y_title: str, share: bool) -> None:
    # openpyxl 3.1 hides both axes unless told otherwise; Excel then shows no labels at all.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.title = y_title
    if share:
        chart.y_axis.number_format = PERCENT
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
    chart.legend.position = "b"
    chart.height, chart.width = 9, 20


def paid_and_manual_bars(
    data: Worksheet, *, header_row: int, rows: int, paid_col: int, title: str
) -> BarChart | None:
    """Invoices paid automatically beside those sent to manual handling, per category (one
    bar pair per way of paying reads well after a single run)."""
    if rows == 0:
        return None
    chart = BarChart()
    chart.type, chart.grouping = "col", "clustered"
    chart.title = title
    last = header_row + rows
    chart.add_data(
        Reference(data, min_col=paid_col, max_col=paid_col + 1, min_row=header_row, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(data, min_col=1, min_row=header_row + 1, max_row=last))
    _axes(chart, y_title="Fakturaer", share=False)
    return chart


def share_chart(
    data: Worksheet,
    *,
    header_row: int,
    rows: int,
    first_col: int,
    last_col: int,
    title: str,
) -> BarChart | LineChart | None:
    """The share paid automatically over the rows: a line from two points, a bar for one."""
    if rows == 0:
        return None
    chart: BarChart | LineChart
    if rows >= 2:
        chart = LineChart()
    else:
        chart = BarChart()
        chart.type = "col"
    chart.title = title
    last = header_row + rows
    chart.add_data(
        Reference(data, min_col=first_col, max_col=last_col, min_row=header_row, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(data, min_col=1, min_row=header_row + 1, max_row=last))
    if isinstance(chart, LineChart):
        for series in chart.series:
            series.marker.symbol = "circle"
            series.smooth = False
    _axes(chart, y_title="Andel betalt automatisk", share=True)
    return chart
