"""The `run`, `report` and `purge` commands: parse options into Settings, call the core."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from robot.config import Settings
from robot.run.command import RunOptions, run_command
from robot.run.exit_codes import ExitCode


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def add_run_parser(commands: Any) -> None:
    run = commands.add_parser(
        "run", help="one scheduled run: pay or note every unposted invoice in the ERP inbox"
    )
    run.add_argument(
        "--mapping", type=Path, required=True, metavar="FILE", help="the PSP mapping workbook"
    )
    run.add_argument("--dry-run", action="store_true", help="decide everything, write nothing")
    run.add_argument(
        "--sample-rate",
        type=_decimal,
        help="share sampled for control, 0-1 (default: ROBOT_SAMPLE_RATE or 0.05)",
    )
    run.add_argument(
        "--approval-limit",
        type=_decimal,
        help="largest amount paid, DKK (default: ROBOT_APPROVAL_LIMIT or 100000.00)",
    )
    run.add_argument(
        "--amount-tolerance",
        type=_decimal,
        help="allowed difference, DKK (default: ROBOT_AMOUNT_TOLERANCE or 0.00)",
    )
    run.add_argument(
        "--workers", type=int, help="browser contexts in parallel (default: ROBOT_WORKERS or 2)"
    )
    run.add_argument("--erp-url", help="overrides ROBOT_ERP_URL")
    run.add_argument("--case-url", help="overrides ROBOT_CASE_URL")
    run.add_argument("--today", type=date.fromisoformat, help="run date (YYYY-MM-DD), for tests")
    run.set_defaults(handler=_run)


def add_report_parsers(commands: Any) -> None:
    report = commands.add_parser("report", help="the success-rate workbook over the journal")
    report.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="where to write the workbook (default: success-rate-YYYYMMDD.xlsx in the runs folder)",
    )
    report.set_defaults(handler=_report)
    purge = commands.add_parser("purge", help="delete run folders older than DAYS")
    purge.add_argument(
        "--older-than", type=int, metavar="DAYS", help="default: ROBOT_RETENTION_DAYS or 90"
    )
    purge.set_defaults(handler=_purge)


_OVERRIDES = {
    "sample_rate": "sample_rate",
    "approval_limit": "approval_limit",
    "amount_tolerance": "amount_tolerance",
    "workers": "workers",
    "erp_url": "erp_url",
    "case_url": "case_url",
    "today": "today",
}


def settings_from(args: argparse.Namespace) -> Settings | None:
    overrides = {
        field: getattr(args, arg)
        for arg, field in _OVERRIDES.items()
        if getattr(args, arg, None) is not None
    }
    try:
        return Settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        print(f"robot: bad settings: {problems}", file=sys.stderr)
        return None


def _run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if settings is None:
        return int(ExitCode.USAGE)
    if not args.mapping.exists():
        print(f"robot run: mapping workbook not found: {args.mapping}", file=sys.stderr)
        return int(ExitCode.MAPPING_UNUSABLE)
    return run_command(settings, RunOptions(mapping=args.mapping, dry_run=args.dry_run))


def _report(args: argparse.Namespace) -> int:
    from robot.reporting.command import report_command

    settings = settings_from(args)
    return int(ExitCode.USAGE) if settings is None else report_command(settings, out=args.out)


def _purge(args: argparse.Namespace) -> int:
    from robot.run.purge import purge_command

    settings = settings_from(args)
    if settings is None:
        return int(ExitCode.USAGE)
    return purge_command(settings, older_than=args.older_than)
