"""The success-rate workbook (Danish, real percentages, a chart that suits the number of points,
printable) and `robot report` over a real journal file."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart, LineChart
from openpyxl.workbook.workbook import Workbook

from robot.config import Settings
from robot.domain.codes import Code
from robot.journal.model import Outcome, OutcomeKind, Route, RunRecord
from robot.journal.sqlite import SqliteJournal
from robot.reporting.command import report_command
from robot.reporting.figures import compute
from robot.reporting.labels import CODES, OUTCOMES, ROUTES
from robot.reporting.workbook import write_success_workbook
from tests.unit.reporting.test_success_rate import History, make_run

SHEETS = [
    "Oversigt",
    "Pr. kørsel",
    "Pr. måned",
    "Pr. betalingsmåde",
    "Pr. kode",
    "Koder pr. måned",
    "Pr. leverandør",
    "Gentagne fejl",
]


def one_run() -> History:
    history = History()
    history.add("r1", "E1", "paid")
    history.add("r1", "E2", "manual", code="AMOUNT_MISMATCH")
    history.add("r1", "E3", "paid", route="plan")
    history.add("r1", "E4", "manual", route="certificate", code="NO_ORDER")
    return history


def workbook(tmp_path: Path, runs: list[RunRecord], history: History) -> Workbook:
    path = write_success_workbook(tmp_path / "rate.xlsx", compute(runs, history.rows))
    return load_workbook(path)


def test_sheets_and_headings_are_danish(tmp_path: Path) -> None:
    book = workbook(tmp_path, [make_run("r1")], one_run())
    assert book.sheetnames == SHEETS
    assert [c.value for c in book["Pr. måned"][1]] == [
        "Faktureret måned",
        "Kørselsmåned",
        "Fakturaer",
        "Betalt automatisk",
        "Manuel behandling",
        "Bogført, betaling registreres af en person",
        "Efterladt efter systemfejl",
        "Andel betalt automatisk",
    ]
    routes = [row[0].value for row in book["Pr. betalingsmåde"].iter_rows(min_row=2, max_row=4)]
    assert routes == ["Bevilling", "Betalingsplan", "Lægeerklæring"]


def test_shares_are_real_percentages(tmp_path: Path) -> None:
    book = workbook(tmp_path, [make_run("r1")], one_run())
    share = book["Pr. kørsel"]["I2"]
    assert book["Pr. kørsel"]["I1"].value == "Andel betalt automatisk"
    assert (share.value, share.number_format) == (0.5, "0.0%")
    code_share = book["Pr. kode"]["D2"]
    assert (code_share.value, code_share.number_format) == (0.5, "0.0%")


def test_months_are_dates_shown_as_year_and_month(tmp_path: Path) -> None:
    cell = workbook(tmp_path, [make_run("r1")], one_run())["Pr. måned"]["A2"]
    assert cell.value.date() == date(2026, 10, 1)
    assert cell.number_format == "yyyy-mm"


def test_after_one_run_the_overview_chart_is_paid_and_manual_bars_per_way_of_paying(
    tmp_path: Path,
) -> None:
    book = workbook(tmp_path, [make_run("r1")], one_run())
    (chart,) = book["Oversigt"]._charts
    assert isinstance(chart, BarChart)
    assert len(chart.series) == 2  # paid automatically, manual handling


def test_runs_over_two_months_get_a_line_of_the_share_per_billed_month(tmp_path: Path) -> None:
    history = one_run()
    history.add("r2", "E5", "paid", period_start="2026-11-01")
    runs = [make_run("r1"), make_run("r2", "2026-12-23T02:00:00Z")]
    book = workbook(tmp_path, runs, history)
    (chart,) = book["Oversigt"]._charts
    assert isinstance(chart, LineChart)
    assert isinstance(book["Pr. kørsel"]._charts[0], LineChart)


def test_a_single_run_is_a_bar_not_a_line_of_one_point(tmp_path: Path) -> None:
    book = workbook(tmp_path, [make_run("r1")], one_run())
    assert isinstance(book["Pr. kørsel"]._charts[0], BarChart)


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_repeated(
    tmp_path: Path,
) -> None:
    book = workbook(tmp_path, [make_run("r1")], one_run())
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert int(sheet.page_setup.fitToWidth) == 1, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, sheet.title
        if sheet.title != "Oversigt":
            assert sheet.print_title_rows == "$1:$1", sheet.title
            assert sheet.freeze_panes == "A2", sheet.title


def test_a_supplier_name_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    history = History()
    history.add("r1", "E1", "manual", code="NO_GRANT", supplier_name='=HYPERLINK("x","y")')
    book = workbook(tmp_path, [make_run("r1")], history)
    cell = book["Pr. leverandør"]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x","y")', "s")


def test_an_empty_history_still_makes_a_workbook(tmp_path: Path) -> None:
    book = workbook(tmp_path, [], History())
    assert book.sheetnames == SHEETS
    assert book["Oversigt"]._charts == []


def test_workbook_is_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = write_success_workbook(tmp_path / "rate.xlsx", compute([], []))
    assert path.stat().st_mode & 0o777 == 0o600


def test_every_code_outcome_and_way_of_paying_has_danish_words() -> None:
    assert set(CODES) == {code.value for code in Code}
    assert set(OUTCOMES) == set(OutcomeKind)
    assert set(ROUTES) == set(Route)


# robot report over a journal file ------------------------------------------------------------


def _journal(folder: Path) -> None:
    journal = SqliteJournal(folder)
    october: dict[str, Any] = {"period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31)}
    plan: list[tuple[str, bool, list[Outcome]]] = [
        (
            "r1",
            False,
            [
                Outcome(erp_id="E1", outcome=OutcomeKind.PAID, route=Route.GRANT, **october),
                Outcome(erp_id="E2", outcome=OutcomeKind.MANUAL, route=Route.GRANT,
                        code=Code.MISSING_CPR, supplier_cvr="12345674",
                        supplier_name="Bostedet Lindely ApS", **october),
                Outcome(erp_id="E3", outcome=OutcomeKind.FAILED, error="503"),
                Outcome(erp_id="E4", outcome=OutcomeKind.PAID, route=Route.PLAN,
                        amount=Decimal("10250.00")),
            ],
        ),
        ("r2", False, [Outcome(erp_id="E3", outcome=OutcomeKind.FAILED, error="503")]),
        ("dry", True, [Outcome(erp_id="E9", outcome=OutcomeKind.WOULD_PAY)]),
    ]  # fmt: skip
    for run_id, dry, outcomes in plan:
        journal.start_run(run_id=run_id, host="h", dry_run=dry, mapping_file="m.xlsx", sha256="x")
        for outcome in outcomes:
            journal.record_outcome(run_id, outcome)
    journal.close()


def test_report_command_writes_the_workbook_and_an_english_summary_in_percent(
    tmp_path: Path,
) -> None:
    _journal(tmp_path / "journal")
    out = io.StringIO()
    settings = Settings(journal_dir=tmp_path / "journal", runs_dir=tmp_path / "runs")
    assert report_command(settings, out=tmp_path / "rate.xlsx", console=out) == 0
    text = out.getvalue()
    assert "2 run(s) (1 dry run(s) left out), 4 invoices: 50.0% paid automatically" in text
    assert "way of paying grant: 50.0% paid automatically (1 of 2)" in text
    assert "way of paying payment plan: 100.0% paid automatically (1 of 1)" in text
    assert "top reasons for manual handling: MISSING_CPR 1 (100.0%)" in text
    assert "invoices failing for system faults in several runs: 1" in text
    assert "0.5" not in text.replace("50.0%", "")
    book = load_workbook(tmp_path / "rate.xlsx")
    assert book["Pr. leverandør"]["B2"].value == "Bostedet Lindely ApS"


def test_report_without_a_journal_says_so(tmp_path: Path) -> None:
    settings = Settings(journal_dir=tmp_path / "none", runs_dir=tmp_path / "runs")
    assert report_command(settings, out=None) == 2


@pytest.mark.parametrize("name", ["Pr. kode", "Pr. leverandør", "Gentagne fejl"])
def test_list_sheets_have_an_autofilter(tmp_path: Path, name: str) -> None:
    book = workbook(tmp_path, [make_run("r1")], one_run())
    assert book[name].auto_filter.ref.startswith("A1:")
