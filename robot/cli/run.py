"""`robot run` (and `robot run-part`, one process of `robot run --processes N`)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, time
from pathlib import Path
from typing import Any

from robot.cli.settings import decimal, settings_from
from robot.exit_codes import ExitCode
from robot.run.command import RunOptions, run_command
from robot.run.processes import run_part, scrub_environment


def add_parsers(commands: Any) -> None:
    run = commands.add_parser(
        "run", help="one scheduled run: pay or note every unposted invoice in the ERP inbox"
    )
    run.add_argument(
        "--mapping", type=Path, required=True, metavar="FILE", help="the mapping workbook"
    )
    run.add_argument("--dry-run", action="store_true", help="decide everything, write nothing")
    run.add_argument(
        "--sample-rate",
        type=decimal,
        help="share sampled for control, 0-1 (default: ROBOT_SAMPLE_RATE or 0.05)",
    )
    run.add_argument(
        "--approval-limit",
        type=decimal,
        help="largest amount paid, DKK (default: ROBOT_APPROVAL_LIMIT or 100000.00)",
    )
    run.add_argument(
        "--amount-tolerance",
        type=decimal,
        help="allowed difference, DKK (default: ROBOT_AMOUNT_TOLERANCE or 0.00)",
    )
    run.add_argument(
        "--learned-postings",
        action="store_true",
        default=None,
        help="pay an invoice without a CPR that no rule pays as people posted its supplier to"
        " its receiver, when that history is of one mind (default: ROBOT_LEARNED_POSTINGS, off)",
    )
    run.add_argument(
        "--learned-limit",
        type=decimal,
        metavar="A",
        help="largest amount a learned posting pays, DKK (default: ROBOT_LEARNED_LIMIT or 5000.00)",
    )
    run.add_argument(
        "--workers", type=int, help="browser contexts in parallel (default: ROBOT_WORKERS or 2)"
    )
    run.add_argument(
        "--processes",
        type=int,
        help="robot processes on this host sharing the journal (default: ROBOT_PROCESSES or 1)",
    )
    run.add_argument(
        "--max-invoices",
        type=int,
        metavar="N",
        help="handle at most N invoices, earliest due first; the rest wait for the next run",
    )
    run.add_argument(
        "--until",
        type=_clock,
        metavar="HH:MM",
        help="take no new invoice after this Danish local time; the rest wait for the next run",
    )
    run.add_argument("--erp-url", help="overrides ROBOT_ERP_URL")
    run.add_argument("--case-url", help="overrides ROBOT_CASE_URL")
    run.add_argument("--benefits-url", help="overrides ROBOT_BENEFITS_URL")
    run.add_argument("--today", type=date.fromisoformat, help="run date (YYYY-MM-DD), for tests")
    run.set_defaults(handler=_run)
    # One process of `robot run --processes N`, started by the run itself; settings on stdin.
    part = commands.add_parser("run-part")
    part.add_argument("--mapping", type=Path, required=True)
    part.add_argument("--run-id", required=True)
    part.add_argument("--run-dir", type=Path, required=True)
    part.add_argument("--part", type=int, required=True)
    part.set_defaults(handler=_run_part)


def _clock(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time of day (HH:MM): {text!r}") from None


def _run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if settings is None:
        return int(ExitCode.USAGE)
    scrub_environment()
    if not args.mapping.exists():
        print(f"robot run: mapping workbook not found: {args.mapping}", file=sys.stderr)
        return int(ExitCode.MAPPING_UNUSABLE)
    return run_command(settings, RunOptions(mapping=args.mapping, dry_run=args.dry_run))


def _run_part(args: argparse.Namespace) -> int:
    return run_part(mapping=args.mapping, run_id=args.run_id, run_dir=args.run_dir, part=args.part)
