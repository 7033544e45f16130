"""The ``robot`` command: parse arguments, call the core, turn the result into an exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import structlog

from robot.commands import add_report_parsers, add_run_parser
from robot.errors import MappingUnusable
from robot.mapping.reader import read_mapping
from robot.mapping.validator import render_report

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


EXIT_INTERNAL = 70  # the robot itself failed (a bug): never mistaken for a completed run


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("robot: interrupted; the next run finishes what this one started", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: one line for the scheduler, the details in the log
        from robot.privacy import mask_cpr

        if structlog.is_configured():  # a run's log masks CPR numbers; the default would not
            structlog.get_logger("robot").exception("internal_error")
        first = str(error).splitlines()[0] if str(error) else ""
        print(
            f"robot: internal error ({type(error).__name__}: {mask_cpr(first)[:200]});"
            " nothing half-done is lost: the next run finishes what this one started",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="robot", description="The bill-paying robot.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate-mapping", help="check the PSP mapping workbook and list every problem"
    )
    validate.add_argument("file", type=Path, help="the mapping workbook (.xlsx)")
    validate.set_defaults(handler=_validate_mapping)
    add_run_parser(commands)
    add_report_parsers(commands)
    return parser


def _validate_mapping(args: argparse.Namespace) -> int:
    """Exit 0 without problems, 1 with any, 2 when the workbook cannot be used at all."""
    try:
        report = read_mapping(args.file)
    except MappingUnusable as error:
        print(f"robot validate-mapping: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    for line in render_report(report, name=str(args.file)):
        print(line)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
