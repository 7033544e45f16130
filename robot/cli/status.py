"""`robot status`: what the robot is doing and what needs a person (contract section 13)."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import Any

from robot.cli.settings import settings_from
from robot.exit_codes import ExitCode
from robot.status.durations import BadDuration, parse_duration


def add_parser(commands: Any) -> None:
    status = commands.add_parser(
        "status",
        help="the run going on, the last run and what needs a person, from the journal",
        description="Exit 0: all is well; 1: something needs a person, or the last run is older"
        " than --expect-every; 4: the journal cannot be read.",
    )
    status.add_argument("--json", action="store_true", help="print JSON instead of text")
    status.add_argument(
        "--expect-every",
        type=_duration,
        metavar="DURATION",
        help="exit 1 when the last finished run is older than this (e.g. 90s, 45m, 26h, 2d)",
    )
    status.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="also write a Danish status page there (self-contained, refreshes itself)",
    )
    status.set_defaults(handler=_status)


def _duration(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except BadDuration as bad:
        raise argparse.ArgumentTypeError(str(bad)) from None


def _status(args: argparse.Namespace) -> int:
    from robot.status.command import status_command

    settings = settings_from(args)
    if settings is None:
        return int(ExitCode.USAGE)
    return status_command(
        settings, as_json=args.json, expect_every=args.expect_every, html=args.html
    )
