"""`robot validate-mapping`: every problem of the workbook with sheet, row and column, in the
admins' language; and, where the systems can be reached, the PSP keys no grant in the case
system uses and the PSP elements the ERP does not know or has closed."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, TypeVar

from robot.cli.settings import settings_from
from robot.config import Settings
from robot.domain.psp import MappingKey
from robot.errors import MappingUnusable, RobotError
from robot.exit_codes import ExitCode
from robot.mapping import parse_paragraphs
from robot.mapping.key_check import check_keys
from robot.mapping.problems import MappingReport, Problem
from robot.mapping.psp_check import psp_element_problems
from robot.mapping.reader import read_mapping
from robot.mapping.validator import render_report

T = TypeVar("T")
ASK_TIMEOUT_S = 90


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
    validate.add_argument(
        "--no-erp",
        action="store_true",
        help="do not check the PSP elements against the ERP's list",
    )
    validate.add_argument(
        "--all-warnings",
        action="store_true",
        help="print every key no grant uses, one line each (default: one line for them all)",
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
    if not args.no_erp and settings.erp_password.get_secret_value():
        report = _with_erp_elements(report, settings)
    unused: tuple[Problem, ...] = ()
    if not args.no_case_system and settings.case_password.get_secret_value():
        report, unused = _with_keys_in_use(report, settings)
    lines = render_report(
        report, name=str(args.file), unused=unused, all_warnings=args.all_warnings
    )
    for line in lines:
        print(line)
    return int(ExitCode.PROBLEMS_FOUND if report.errors else ExitCode.COMPLETED)


def _with_erp_elements(report: MappingReport, settings: Settings) -> MappingReport:
    """The report with an error per PSP element the ERP does not know and a warning per closed
    one; unchanged (with a line saying so) when the ERP cannot be asked."""
    elements = _ask(
        _erp_elements(settings), system="ERP'et", unchecked="PSP-elementerne findes og er åbne"
    )
    if elements is None:
        return report
    problems = psp_element_problems(report, elements)
    return dataclasses.replace(report, problems=(*report.problems, *problems))


def _with_keys_in_use(
    report: MappingReport, settings: Settings
) -> tuple[MappingReport, tuple[Problem, ...]]:
    """The report with a warning per key written almost as a grant's (naming it), and the
    warnings for keys no grant uses, printed apart; unchanged when the case system cannot be
    asked."""
    keys = _ask(
        _keys(settings), system="sagssystemet", unchecked="bevillingerne bruger arkets nøgler"
    )
    if keys is None:
        return report, ()
    check = check_keys(report, [MappingKey(*key) for key in keys])
    return dataclasses.replace(
        report, problems=(*report.problems, *check.near_misses)
    ), check.unused


def _ask(question: Awaitable[T], *, system: str, unchecked: str) -> T | None:
    """The system's answer, or None after a line on stderr saying what was not checked."""
    try:
        return asyncio.run(_within(question))
    except (RobotError, TimeoutError) as error:
        detail = " ".join(str(error).split())[:200] or "ingen svar"
        print(
            f"Bemærk: {system} kunne ikke spørges ({detail}); det er ikke kontrolleret, om "
            f"{unchecked}.",
            file=sys.stderr,
        )
        return None


async def _within(question: Awaitable[T]) -> T:
    return await asyncio.wait_for(question, timeout=ASK_TIMEOUT_S)


async def _keys(settings: Settings) -> set[tuple[str, str, str, str]]:
    from robot.case_system.keys import keys_in_use

    return await keys_in_use(settings)


async def _erp_elements(settings: Settings) -> dict[str, bool]:
    from robot.erp.psp_list import psp_elements

    return await psp_elements(settings)
