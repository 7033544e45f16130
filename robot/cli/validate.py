"""`robot validate-mapping`: every problem of the workbook with sheet, row and column, in the
admins' language; and, where the case system can be reached, the PSP keys no grant uses."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from pathlib import Path
from typing import Any

from robot.cli.settings import settings_from
from robot.config import Settings
from robot.domain.psp import MappingKey
from robot.errors import MappingUnusable, RobotError
from robot.exit_codes import ExitCode
from robot.mapping import parse_paragraphs
from robot.mapping.problems import MappingReport
from robot.mapping.reader import read_mapping
from robot.mapping.validator import render_report, unused_key_warnings


def add_parser(commands: Any) -> None:
    validate = commands.add_parser(
        "validate-mapping", help="check the mapping workbook and list every problem"
    )
    validate.add_argument("file", type=Path, help="the mapping workbook (.xlsx)")
    validate.add_argument(
        "--paragraphs",
        dest="mapping_paragraphs",
        metavar="LIST",
        help="paragraphs paid besides 103, 104, 107, 108 and STU, e.g. 85,97 "
        "(default: ROBOT_MAPPING_PARAGRAPHS)",
    )
    validate.add_argument(
        "--no-case-system",
        action="store_true",
        help="do not check the keys against the grants in the case system",
    )
    validate.set_defaults(handler=_validate_mapping)


def _validate_mapping(args: argparse.Namespace) -> int:
    """Exit 0 without errors (warnings allowed), 1 with any error, 5 when the workbook cannot be
    used at all."""
    settings = settings_from(args)
    if settings is None:
        return int(ExitCode.USAGE)
    try:
        report = read_mapping(args.file, paragraphs=parse_paragraphs(settings.mapping_paragraphs))
    except MappingUnusable as error:
        print(f"robot validate-mapping: {error}", file=sys.stderr)
        return int(ExitCode.MAPPING_UNUSABLE)
    if not args.no_case_system and settings.case_password.get_secret_value():
        report = _with_keys_in_use(report, settings)
    for line in render_report(report, name=str(args.file)):
        print(line)
    return int(ExitCode.PROBLEMS_FOUND if report.errors else ExitCode.COMPLETED)


def _with_keys_in_use(report: MappingReport, settings: Settings) -> MappingReport:
    """The report with a warning per PSP key no grant uses; unchanged (with a line saying so)
    when the case system cannot be asked."""
    try:
        keys = asyncio.run(asyncio.wait_for(_keys(settings), timeout=90))
    except (RobotError, TimeoutError) as error:
        detail = " ".join(str(error).split())[:200] or "ingen svar"
        print(
            f"Bemærk: sagssystemet kunne ikke spørges ({detail}); det er ikke kontrolleret, "
            "om bevillingerne bruger arkets nøgler.",
            file=sys.stderr,
        )
        return report
    warnings = unused_key_warnings(report, [MappingKey(*key) for key in keys])
    return dataclasses.replace(report, problems=(*report.problems, *warnings))


async def _keys(settings: Settings) -> set[tuple[str, str, str, str]]:
    from robot.case_system.keys import keys_in_use

    return await keys_in_use(settings)
