"""`robot backtest`: the last months and the 12 before them read from the ERP's screens, each
month replayed from what was posted before it, the figures printed (English) and the workbook
written."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from robot.config import Settings
from robot.domain.mapping_book import MappingBook
from robot.domain.psp import MappingTable
from robot.exit_codes import ExitCode
from robot.learning.backtest import Figures, MonthReplay, backtest, reading_window
from robot.learning.backtest_book import write_backtest_workbook
from robot.learning.command_parts import (
    CommandFailed,
    book_from,
    history_from,
    kroner,
    what_was_read,
)
from robot.reporting.dated_workbooks import BACKTEST, dated_workbook, prepared_out


@dataclass(frozen=True, slots=True)
class BacktestOptions:
    mapping: Path | None = None  # without it no plan pairs or Modtagere EANs are left out
    months: int = 3
    out: Path | None = None


def backtest_command(
    settings: Settings,
    options: BacktestOptions,
    *,
    console: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    console, err = console or sys.stdout, err or sys.stderr
    today = settings.run_date()
    since, until = reading_window(today, options.months)
    try:
        book = (
            book_from(options.mapping, settings)
            if options.mapping is not None
            else MappingBook.of(MappingTable(()))
        )
        history = history_from(settings, since=since, until=until)
    except CommandFailed as failed:
        print(f"robot backtest: {failed.reason}", file=err)
        return int(failed.code)
    months = backtest(
        history.bills,
        today=today,
        months=options.months,
        open_psp=history.open_psp,
        book=book,
        limit=settings.learned_limit,
    )
    path = prepared_out(options.out or dated_workbook(settings.runs_dir, BACKTEST))
    write_backtest_workbook(path, months)
    print(what_was_read(history, since=since, until=until), file=console)
    for line in figures_table(months, limit=settings.learned_limit):
        print(line, file=console)
    if options.mapping is None:
        print(
            "No --mapping given: invoices of payment-plan pairs and Modtagere EANs are counted"
            " too (learned postings never takes them)",
            file=console,
        )
    print(f"Workbook: {path}", file=console)
    return int(ExitCode.COMPLETED)


def _percent(share: Decimal | None) -> str:
    return "-" if share is None else f"{share:.1%}"


def _line(label: str, f: Figures) -> str:
    paid = f"{f.paid} ({kroner(f.paid_amount)})"
    return (
        f"{label:<8} {f.invoices:>8} {_percent(f.share(f.suggested)):>10}"
        f" {_percent(f.share(f.first_right)):>11} {_percent(f.share(f.top_right)):>11}"
        f"  {paid:<24} {f.differs:>7}"
    )


def figures_table(months: Sequence[MonthReplay], *, limit: Decimal) -> list[str]:
    """Per month and in total: invoices, the shares with a suggestion, with the first one right
    and with the right one in the top 3, what learned postings would have paid and how many of
    those differ from people's choice."""
    total = sum((m.figures for m in months), Figures())
    head = (
        f"{'month':<8} {'invoices':>8} {'suggested':>10} {'first right':>11} {'top 3 right':>11}"
        f"  {'learned would pay':<24} {'differs':>7}"
    )
    return [
        "Each month replayed from what was posted in the 12 months before it (invoices with no"
        " CPR, no payment plan and no Modtagere EAN; learned limit"
        f" {kroner(limit)}):",
        head,
        *(_line(f"{m.month:%Y-%m}", m.figures) for m in months),
        _line("total", total),
    ]
