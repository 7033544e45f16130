"""`robot suggest-plans` and `robot backtest`: learning from what people posted in the ERP."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from robot.cli.settings import decimal, settings_from
from robot.exit_codes import ExitCode
from robot.run.processes import scrub_environment

MOST_MONTHS = 120


def _months(text: str) -> int:
    try:
        months = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of months: {text!r}") from None
    if not 1 <= months <= MOST_MONTHS:
        raise argparse.ArgumentTypeError(f"months must be 1 to {MOST_MONTHS}, not {months}")
    return months


def _common(parser: argparse.ArgumentParser, *, months: int, what: str) -> None:
    parser.add_argument(
        "--months", type=_months, default=months, metavar="N", help=f"{what} (default {months})"
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="where to write the workbook (default: a file in the runs folder, ROBOT_RUNS_DIR,"
        " deleted by robot purge with the run folders)",
    )
    parser.add_argument("--erp-url", help="overrides ROBOT_ERP_URL")
    parser.add_argument("--today", type=date.fromisoformat, help="run date (YYYY-MM-DD), for tests")


def add_parsers(commands: Any) -> None:
    suggest = commands.add_parser(
        "suggest-plans",
        help="propose payment plans (Betalingsplaner rows) from the invoices posted in the ERP",
    )
    suggest.add_argument(
        "--mapping",
        type=Path,
        required=True,
        metavar="FILE",
        help="the mapping workbook: pairs its Betalingsplaner rows cover and its Modtagere EANs"
        " are left out",
    )
    _common(suggest, months=12, what="months of posted invoices to read before the run date")
    suggest.set_defaults(handler=_suggest)
    backtest = commands.add_parser(
        "backtest",
        help="replay the last months: what posting suggestions and learned postings would"
        " have done",
    )
    backtest.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="the mapping workbook: invoices its plan rows or Modtagere EANs take are left out"
        " (recommended; without it they are counted)",
    )
    backtest.add_argument(
        "--learned-limit",
        type=decimal,
        metavar="A",
        help="largest amount a learned posting pays, DKK (default: ROBOT_LEARNED_LIMIT or 5000.00)",
    )
    _common(backtest, months=3, what="whole months before the run date's month to replay")
    backtest.set_defaults(handler=_backtest)


def _missing(mapping: Path | None, command: str) -> bool:
    if mapping is not None and not mapping.exists():
        print(f"robot {command}: mapping workbook not found: {mapping}", file=sys.stderr)
        return True
    return False


def _suggest(args: argparse.Namespace) -> int:
    from robot.learning.suggest_command import SuggestOptions, suggest_plans_command

    settings = settings_from(args)
    if settings is None:
        return int(ExitCode.USAGE)
    scrub_environment()
    if _missing(args.mapping, "suggest-plans"):
        return int(ExitCode.MAPPING_UNUSABLE)
    options = SuggestOptions(mapping=args.mapping, months=args.months, out=args.out)
    return suggest_plans_command(settings, options)


def _backtest(args: argparse.Namespace) -> int:
    from robot.learning.backtest_command import BacktestOptions, backtest_command

    settings = settings_from(args)
    if settings is None:
        return int(ExitCode.USAGE)
    scrub_environment()
    if _missing(args.mapping, "backtest"):
        return int(ExitCode.MAPPING_UNUSABLE)
    options = BacktestOptions(mapping=args.mapping, months=args.months, out=args.out)
    return backtest_command(settings, options)
