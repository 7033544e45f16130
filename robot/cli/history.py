"""`robot report` and `robot purge`: the journal's history, read and cleaned."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from robot.cli.settings import settings_from
from robot.exit_codes import ExitCode


def add_parsers(commands: Any) -> None:
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
